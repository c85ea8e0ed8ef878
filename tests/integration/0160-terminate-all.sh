#!/bin/bash
# 0160-terminate-all: TERMINATE ALL stops every query and forgets it. It used
# to hand sl_engine_remove_query the id of the query it was removing, free it,
# then look the freed id up in the catalog (ASan: heap-use-after-free); the
# queries stopped running but stayed in the catalog, listed as RUNNING, and
# their sources could not be dropped. Checked before and after a restart
# (TERMINATE ALL replays from the command log).
source "$(dirname "$0")/lib.sh"

data=$sl_tmp/data
start_sluiced "$data"
ksql_ok "CREATE STREAM s (id VARCHAR KEY, n INT) WITH (kafka_topic='s', partitions=1, value_format='JSON');
         CREATE STREAM a AS SELECT * FROM s;
         CREATE STREAM b AS SELECT * FROM s;
         CREATE STREAM c AS SELECT * FROM a;"
ksql_ok "SHOW QUERIES;"
expect_eq "$(jget 'len(d[0]["queries"])')" 3 "queries before TERMINATE ALL"
ksql_ok "TERMINATE ALL;"
expect_eq "$(jget 'd[0]["commandStatus"]["message"]')" "Query terminated." "TERMINATE ALL"
ksql_ok "SHOW QUERIES;"
expect_eq "$(jget 'd[0]["queries"]')" "[]" "queries after TERMINATE ALL"
stop_sluiced

start_sluiced "$data"
ksql_ok "SHOW QUERIES;"
expect_eq "$(jget 'd[0]["queries"]')" "[]" "queries after the restart"
ksql_ok "DROP STREAM c; DROP STREAM b; DROP STREAM a; DROP STREAM s; SHOW STREAMS;"
expect_eq "$(jget 'd[4]["streams"]')" "[]" "streams after the drops"
stop_sluiced
echo "ok: 0160 TERMINATE ALL forgets every query"
