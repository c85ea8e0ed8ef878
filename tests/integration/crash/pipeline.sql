-- The stateful crash test's pipeline (0135-crash-stateful.sh): a tumbling and a session
-- aggregation of events per user, and an enrichment join aggregated per country.
CREATE TABLE users (id VARCHAR PRIMARY KEY, country VARCHAR)
  WITH (kafka_topic='crash_users', partitions=4, value_format='JSON');
CREATE STREAM events (user VARCHAR KEY, amount INT, ts BIGINT)
  WITH (kafka_topic='crash_events', partitions=4, value_format='JSON', timestamp='ts');

CREATE TABLE per_user_minute AS
  SELECT user, COUNT(*) AS n, SUM(amount) AS total FROM events
  WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 30 SECONDS)
  GROUP BY user;

CREATE TABLE sessions AS
  SELECT user, COUNT(*) AS n, SUM(amount) AS total FROM events
  WINDOW SESSION (20 SECONDS, GRACE PERIOD 30 SECONDS)
  GROUP BY user;

CREATE TABLE by_country AS
  SELECT u.country AS country, COUNT(*) AS n, SUM(e.amount) AS total
  FROM events e JOIN users u ON e.user = u.id
  GROUP BY u.country;
