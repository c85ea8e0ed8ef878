#!/bin/bash
# 0180-insert-values-narrowing: INSERT VALUES refuses a value that does not fit
# its column instead of narrowing it into wrong data:
#   INT column <- 99999999999, 2147483648 (BIGINT literals), 1.1 (a DECIMAL)
# ksqlDB refuses each ("Expected type INTEGER for field N but got ..."): a
# value is only widened (INT -> BIGINT), never narrowed. Expected: a 400
# statement_error for each, and nothing written.
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
