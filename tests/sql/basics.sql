--@test: filter and project a stream
CREATE STREAM pageviews (user_id STRING KEY, page STRING, secs INT)
  WITH (kafka_topic='pageviews', value_format='JSON', partitions=1);
CREATE STREAM long_views AS SELECT user_id, UCASE(page) AS page, secs FROM pageviews WHERE secs >= 10;
INSERT INTO pageviews (ROWTIME, user_id, page, secs) VALUES (1000, 'u1', 'home', 12);
INSERT INTO pageviews (ROWTIME, user_id, page, secs) VALUES (2000, 'u2', 'cart', 3);
INSERT INTO pageviews (ROWTIME, user_id, page, secs) VALUES (3000, 'u1', 'pay', 30);
ASSERT VALUES long_views (ROWTIME, user_id, page, secs) VALUES (1000, 'u1', 'HOME', 12);
ASSERT VALUES long_views (ROWTIME, user_id, page, secs) VALUES (3000, 'u1', 'PAY', 30);
ASSERT STREAM long_views (user_id STRING KEY, page STRING, secs INT) WITH (kafka_topic='LONG_VIEWS', value_format='JSON');

--@test: tumbling count per key
CREATE STREAM clicks (user_id STRING KEY, url STRING) WITH (kafka_topic='clicks', value_format='JSON', partitions=1);
CREATE TABLE per_user AS SELECT user_id, COUNT(*) AS n FROM clicks GROUP BY user_id;
INSERT INTO clicks (ROWTIME, user_id, url) VALUES (10, 'a', 'x');
INSERT INTO clicks (ROWTIME, user_id, url) VALUES (20, 'b', 'y');
INSERT INTO clicks (ROWTIME, user_id, url) VALUES (30, 'a', 'z');
ASSERT VALUES per_user (user_id, n) VALUES ('a', 1);
ASSERT VALUES per_user (user_id, n) VALUES ('b', 1);
ASSERT VALUES per_user (user_id, n) VALUES ('a', 2);

--@test: table deletes reach a derived table
CREATE TABLE users (id INT PRIMARY KEY, name STRING) WITH (kafka_topic='users', value_format='JSON', partitions=1);
CREATE TABLE named AS SELECT id, name FROM users WHERE name IS NOT NULL;
INSERT INTO users (id, name) VALUES (1, 'ann');
INSERT INTO users (id, name) VALUES (1, NULL);
ASSERT VALUES named (id, name) VALUES (1, 'ann');
ASSERT NULL VALUES named (id) KEY (1);

--@test: unknown source is an error
--@expected.error: io.confluent.ksql.util.KsqlStatementException
--@expected.message: NOPE does not exist
CREATE STREAM out AS SELECT * FROM nope;

--@test: late records go to the late data topic with the reason
CREATE STREAM readings (sensor STRING KEY, temp INT) WITH (kafka_topic='readings', value_format='JSON', partitions=1);
CREATE TABLE per_minute WITH (LATE_DATA_TOPIC='late_readings') AS
  SELECT sensor, COUNT(*) AS n FROM readings WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS)
  GROUP BY sensor EMIT CHANGES;
CREATE STREAM late (reason STRING, record_time BIGINT, sensor STRING, temp INT) WITH (kafka_topic='late_readings', value_format='JSON');
INSERT INTO readings (ROWTIME, sensor, temp) VALUES (1000, 's1', 20);
INSERT INTO readings (ROWTIME, sensor, temp) VALUES (75000, 's1', 21);
INSERT INTO readings (ROWTIME, sensor, temp) VALUES (65000, 's1', 22);
INSERT INTO readings (ROWTIME, sensor, temp) VALUES (2000, 's1', 23);
ASSERT VALUES per_minute (sensor, n, WINDOWSTART, WINDOWEND) VALUES ('s1', 1, 0, 60000);
ASSERT VALUES per_minute (sensor, n, WINDOWSTART, WINDOWEND) VALUES ('s1', 1, 60000, 120000);
ASSERT VALUES per_minute (sensor, n, WINDOWSTART, WINDOWEND) VALUES ('s1', 2, 60000, 120000);
ASSERT VALUES late (ROWTIME, reason, record_time, sensor) VALUES (2000, 'window closed: record time + grace is before stream time', 2000, 's1');
