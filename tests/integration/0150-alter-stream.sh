#!/bin/bash
# 0150-alter-stream: ALTER STREAM|TABLE ... ADD COLUMN over REST. It used to
# read the replaced source after freeing it (ASan: heap-use-after-free in
# sl_stmt_alter) and leaked the new source's first arena; its format
# properties pointed into the freed source. Checked here end to end: the
# answer, the new column in DESCRIBE and in a query's output, the refusals,
# and the same catalog after a restart (the ALTER replays from the command
# log); under the ASan build a clean exit also means nothing leaked.
source "$(dirname "$0")/lib.sh"

data=$sl_tmp/data
start_sluiced "$data"
ksql_ok "CREATE STREAM s (id VARCHAR KEY, a INT) WITH (kafka_topic='s', partitions=1, value_format='JSON');
         CREATE TABLE t (id VARCHAR PRIMARY KEY, a INT) WITH (kafka_topic='t', partitions=1, value_format='JSON');
         ALTER STREAM s ADD COLUMN b VARCHAR, ADD COLUMN c DOUBLE;
         ALTER TABLE t ADD COLUMN b VARCHAR;"
expect_eq "$(jget 'd[2]["commandStatus"]["message"], d[3]["commandStatus"]["message"]')" \
    "('Stream altered', 'Table altered')" "ALTER's answers"
ksql_ok "DESCRIBE s;"
expect_eq "$(jget '[f["name"] for f in d[0]["sourceDescription"]["fields"]]')" \
    '["ID", "A", "B", "C"]' "columns after ALTER"
ksql "ALTER STREAM s ADD COLUMN a INT;"
expect_status 400 "adding a column that exists"
expect_contains "$(jget 'd["message"]')" "A column with the same name already exists" \
    "adding a column that exists: message"
ksql_ok "CREATE STREAM s2 AS SELECT id, b, c FROM s;"
ksql "ALTER STREAM s2 ADD COLUMN z INT;"
expect_status 400 "ALTER of a CSAS sink"
ksql "ALTER STREAM nowhere ADD COLUMN z INT;"
expect_status 400 "ALTER of an unknown source"
ksql_ok "INSERT INTO s (id, a, b, c) VALUES ('k1', 1, 'bee', 2.5);"
wait_caught_up S
stop_sluiced
"$SL_LOG_TOOL" -d "$data/state" consume S2 all | cut -f3,5 >"$sl_tmp/out"
expect_eq "$(cat "$sl_tmp/out")" "k1	{\"B\":\"bee\",\"C\":2.5}" "the new columns in the output"

start_sluiced "$data"
ksql_ok "DESCRIBE s; DESCRIBE t;"
expect_eq "$(jget '[[f["name"] for f in e["sourceDescription"]["fields"]] for e in d]')" \
    '[["ID", "A", "B", "C"], ["ID", "A", "B"]]' "columns after the restart"
stop_sluiced
echo "ok: 0150 ALTER adds columns, refuses what it must, and replays"
