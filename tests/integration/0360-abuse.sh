#!/bin/bash
# 0360-abuse: hostile HTTP traffic (abuse.py: random bytes, truncated requests, huge
# headers, a 100 MiB body, an endless chunked body, slow connections) against a running
# sluiced that also runs a persistent query: /healthcheck keeps answering, memory returns
# to within 64 MiB of the start, no file descriptor leaks, and the server still works.
# SL_ABUSE_SCALE (default 0.3; 1 = the full 10,000 random requests) sizes the run.
. "$(dirname "$0")/lib.sh"

start_sluiced "$sl_tmp/data" SLUICE_HTTP_IDLE_TIMEOUT_MS=3s SLUICE_REQUEST_MAX_BYTES=1m
ksql_ok "CREATE STREAM s (id INT KEY, v INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);"
ksql_ok "CREATE TABLE t AS SELECT id, COUNT(*) AS n FROM s GROUP BY id;"
python3 "$(dirname "$0")/abuse.py" "$SL_URL" "$SL_PID" "${SL_ABUSE_SCALE:-0.3}" ||
    fail "the server did not withstand the abuse"
ksql_ok "INSERT INTO s (id, v) VALUES (1, 1);"
wait_caught_up S
http POST /query '{"ksql": "SELECT * FROM t WHERE id = 1;"}'
expect_contains "$(cat "$sl_tmp/body")" '[1,1]' "a pull query after the abuse"
kill -0 "$SL_PID" || fail "sluiced died"
echo "ok"
