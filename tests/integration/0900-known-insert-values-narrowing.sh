#!/bin/bash
# 0900-known-insert-values-narrowing: KNOWN ENGINE BUG (planner/values.c),
# registered with should_fail until it is fixed; then drop should_fail.
#
# INSERT VALUES narrows a value that does not fit its column instead of
# refusing it, so wrong data is written without a word:
#   INT column <- 99999999999  writes 1215752191
#   INT column <- 2147483648   writes -2147483648
#   INT column <- 1.1          writes 1
# ksqlDB refuses each ("Expected type INTEGER for field N but got ..."): a
# value is only widened (INT -> BIGINT), never narrowed. This script expects
# ksqlDB's behaviour: a 400 statement_error for each, and nothing written.
source "$(dirname "$0")/lib.sh"

data=$sl_tmp/data
start_sluiced "$data"
ksql_ok "CREATE STREAM s (id VARCHAR KEY, n INT)
           WITH (kafka_topic='s', partitions=1, value_format='JSON');"
for v in 99999999999 2147483648 1.1; do
    ksql "INSERT INTO s (id, n) VALUES ('k', $v);"
    expect_status 400 "INSERT of $v into an INT column"
    expect_contains "$(jget 'd["message"]')" "INTEGER" "INSERT of $v: message"
done
stop_sluiced
expect_eq "$("$SL_LOG_TOOL" -d "$data/state" ends s | cut -f3)" 0 "records written"
echo "ok: 0900 INSERT VALUES refuses values that do not fit"
