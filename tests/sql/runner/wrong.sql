--@test: a wrong expected value fails
CREATE STREAM s (k STRING KEY, v INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);
CREATE STREAM t AS SELECT k, v * 2 AS v FROM s;
INSERT INTO s (ROWTIME, k, v) VALUES (1, 'a', 1);
ASSERT VALUES t (ROWTIME, k, v) VALUES (1, 'a', 3);

--@test: a missing record fails
CREATE STREAM s (k STRING KEY, v INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);
CREATE STREAM t AS SELECT k, v FROM s WHERE v > 10;
INSERT INTO s (ROWTIME, k, v) VALUES (1, 'a', 1);
ASSERT VALUES t (ROWTIME, k, v) VALUES (1, 'a', 1);

--@test: an expected error that does not happen fails
--@expected.error: io.confluent.ksql.util.KsqlStatementException
--@expected.message: does not exist
CREATE STREAM s (k STRING KEY, v INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);
