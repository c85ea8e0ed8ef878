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
ASSERT VALUES late (ROWTIME, reason, record_time, sensor) VALUES (2000, 'window closed: its end + grace is not after stream time', 2000, 's1');

--@test: a WATERMARK delay is the grace of windows that name none
CREATE STREAM temps (sensor STRING KEY, temp INT, ts BIGINT, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH (kafka_topic='temps', value_format='JSON', partitions=1);
CREATE TABLE per_10s AS SELECT sensor, COUNT(*) AS n FROM temps WINDOW TUMBLING (SIZE 10 SECONDS)
  GROUP BY sensor EMIT FINAL;
INSERT INTO temps (sensor, temp, ts) VALUES ('s1', 20, 1000);
INSERT INTO temps (sensor, temp, ts) VALUES ('s1', 21, 12000);
INSERT INTO temps (sensor, temp, ts) VALUES ('s1', 22, 3000);
INSERT INTO temps (sensor, temp, ts) VALUES ('s1', 23, 16000);
INSERT INTO temps (sensor, temp, ts) VALUES ('s1', 24, 2000);
INSERT INTO temps (sensor, temp, ts) VALUES ('s1', 25, 26000);
ASSERT VALUES per_10s (sensor, n, WINDOWSTART, WINDOWEND) VALUES ('s1', 2, 0, 10000);
ASSERT VALUES per_10s (sensor, n, WINDOWSTART, WINDOWEND) VALUES ('s1', 2, 10000, 20000);

--@test: an EMIT FINAL window that time jumps past is reported, not lost silently
CREATE STREAM ev (k STRING KEY, v INT) WITH (kafka_topic='ev', value_format='JSON', partitions=1);
CREATE TABLE fin WITH (LATE_DATA_TOPIC='ev_late') AS SELECT k, COUNT(*) AS n FROM ev
  WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY k EMIT FINAL;
CREATE STREAM ev_late (reason STRING, window_start BIGINT, window_end BIGINT, records BIGINT, k STRING)
  WITH (kafka_topic='ev_late', value_format='JSON');
INSERT INTO ev (ROWTIME, k, v) VALUES (1000, 'a', 1);
INSERT INTO ev (ROWTIME, k, v) VALUES (2000, 'a', 2);
INSERT INTO ev (ROWTIME, k, v) VALUES (10000, 'b', 3);
INSERT INTO ev (ROWTIME, k, v) VALUES (35000, 'b', 4);
ASSERT VALUES fin (k, n, WINDOWSTART, WINDOWEND) VALUES ('a', 2, 0, 10000);
ASSERT VALUES ev_late (reason, window_start, window_end, records, k) VALUES ('window expired before it closed: time jumped past its end + retention', 10000, 20000, 1, 'b');
