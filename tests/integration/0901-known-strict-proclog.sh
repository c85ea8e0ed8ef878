#!/bin/bash
# 0901-known-strict-proclog: KNOWN ENGINE GAP (exec/op_source.c, exec/proclog.c),
# registered with should_fail until it is fixed; then drop should_fail.
#
# With fail.on.deserialization.error=true a query stops at the first record it
# cannot read, as it should (0140 checks that) -- but the processing log entry
# for that record is written into the worker's transaction, which the failure
# aborts, so the processing log stays empty and says nothing about why the
# query stopped. ksqlDB logs the record to the processing log before it fails
# the query. This script expects one processing log entry naming the record.
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
