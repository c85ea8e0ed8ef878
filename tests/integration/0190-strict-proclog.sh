#!/bin/bash
# 0190-strict-proclog: with fail.on.deserialization.error=true a query stops at
# the first record it cannot read (0140 checks that), and the processing log
# still gets the entry naming that record: it is committed on its own, not in
# the worker's transaction that the failure aborts (ksqlDB logs the record
# before it fails the query).
source "$(dirname "$0")/lib.sh"

data=$sl_tmp/data
mkdir -p "$data"
"$SL_LOG_TOOL" -d "$data/state" create events 1
printf -- '-\tk1\t1700000000000\t{"V":1}\n-\tk2\t1700000000001\t{"V":\n' |
    "$SL_LOG_TOOL" -d "$data/state" produce events >/dev/null
start_sluiced "$data" SLUICE_FAIL_ON_DESERIALIZATION_ERROR=true
ksql_ok "CREATE STREAM events (id VARCHAR KEY, v INT) WITH (kafka_topic='events', value_format='JSON');
         CREATE STREAM good AS SELECT * FROM events;"
for i in $(seq 100); do
    ksql_ok "SHOW QUERIES;"
    [ "$(jget 'd[0]["queries"][0]["state"]')" = ERROR ] && break
    sleep 0.1
done
expect_eq "$(jget 'd[0]["queries"][0]["state"]')" ERROR "the query's state"
stop_sluiced
"$SL_LOG_TOOL" -d "$data/state" consume default_ksql_processing_log all >"$sl_tmp/plog"
expect_eq "$(wc -l <"$sl_tmp/plog")" 1 "processing log entries"
expect_contains "$(cat "$sl_tmp/plog")" '"offset":1' "the entry names the bad record"
echo "ok: 0901 the record that stopped a strict query is in the processing log"
