#!/bin/bash
# 0137-having-restart: HAVING remembers across a restart which groups it let
# through, so a group that stops matching afterwards is still deleted.
#   1. a table of counts per key HAVING COUNT(*) < 3; two records for k1 and one
#      for k2 (both match);
#   2. sluiced restarts (SIGTERM);
#   3. a third record for k1 (count 3: no longer matches): the table must get a
#      tombstone for k1, which it can only know to send if the matching keys
#      survived the restart; k2's third record later does the same.
source "$(dirname "$0")/lib.sh"

data=$sl_tmp/data
start_sluiced "$data"
ksql_ok "CREATE STREAM s (k VARCHAR KEY, v INT) WITH (kafka_topic='s', partitions=2, value_format='JSON');
         CREATE TABLE few AS SELECT k, COUNT(*) AS n FROM s GROUP BY k HAVING COUNT(*) < 3;
         INSERT INTO s (k, v) VALUES ('k1', 1);
         INSERT INTO s (k, v) VALUES ('k1', 2);
         INSERT INTO s (k, v) VALUES ('k2', 1);"
wait_caught_up S 60
stop_sluiced

start_sluiced "$data"
ksql_ok "INSERT INTO s (k, v) VALUES ('k1', 3);
         INSERT INTO s (k, v) VALUES ('k2', 2);
         INSERT INTO s (k, v) VALUES ('k2', 3);"
wait_caught_up S 60
stop_sluiced

"$SL_LOG_TOOL" -d "$data/state" consume FEW all >"$sl_tmp/out.tsv"
python3 - "$sl_tmp/out.tsv" <<'PY' || fail "the table does not end with k1 and k2 deleted"
import sys
last, seen = {}, {}
for line in open(sys.argv[1]):
    part, off, key, ts, val = line.rstrip("\n").split("\t")[:5]
    last[key] = val
    seen.setdefault(key, []).append(val)
assert last == {"k1": "NULL", "k2": "NULL"}, seen
assert seen["k1"][:2] == ['{"N":1}', '{"N":2}'], seen
PY
echo "ok: 0137 HAVING deletes groups that stop matching after a restart"
