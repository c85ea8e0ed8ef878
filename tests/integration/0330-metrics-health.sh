#!/bin/bash
# 0330-metrics-health: GET /metrics in Prometheus text format, GET /status, and the
# per-query checks of /healthcheck:
#   1. counters, histograms and lags of a running query; every sample line parses
#   2. records that do not deserialize: errors by type, then an error rate over
#      health.max.error.rate makes /healthcheck 503, naming the query
#   3. a paused query with records waiting is stalled (health.stall.ms)
. "$(dirname "$0")/lib.sh"

start_sluiced "$sl_tmp/data" SLUICE_COMMIT_INTERVAL_MS=20 SLUICE_HEALTH_STALL_MS=1s \
    SLUICE_HEALTH_WINDOW_MS=60s
ksql_ok "CREATE STREAM s (id INT KEY, v INT) WITH (kafka_topic='s', value_format='JSON', partitions=1);"
ksql_ok "CREATE STREAM big AS SELECT id, v FROM s WHERE v > 1;"
ins=""
for i in $(seq 1 200); do ins+="INSERT INTO s (id, v) VALUES ($i, $i);"; done
ksql_ok "$ins"
wait_caught_up S
qid=$(curl -s "$SL_URL/status" | python3 -c 'import json,sys; print(list(json.load(sys.stdin)["commandStatuses"]))')
expect_contains "$qid" 'stream/`BIG`/create' "GET /status"
http GET /status/stream/BIG/create
expect_status 200 "GET /status/stream/BIG/create"
expect_eq "$(jget 'd["status"]')" SUCCESS "command status"

# --- 1. the exposition
curl -s "$SL_URL/metrics" >"$sl_tmp/m"
python3 - "$sl_tmp/m" <<'PY' || fail "the metrics do not parse: $(head -n 40 "$sl_tmp/m")"
import re, sys
sample = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_]+="[^"]*",?)*\})? -?[0-9.e+Inf]+$')
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if line.startswith("# HELP ") or line.startswith("# TYPE "):
        continue
    assert sample.match(line), line
PY
q=$(grep -o 'query="CSAS_BIG_[0-9]*"' "$sl_tmp/m" | head -n 1)
[ -n "$q" ] || fail "no metrics for the query"
grep -q "^sluice_query_records_in_total{$q} 200" "$sl_tmp/m" || fail "records in: $(grep records_in "$sl_tmp/m")"
grep -q "^sluice_query_records_out_total{$q} 199" "$sl_tmp/m" || fail "records out"
grep -q "^sluice_query_processing_seconds_count{$q} [1-9]" "$sl_tmp/m" || fail "processing histogram"
grep -q "^sluice_query_e2e_latency_seconds_bucket{$q,le=\"+Inf\"} [1-9]" "$sl_tmp/m" || fail "e2e histogram"
grep -q "^sluice_query_consumer_lag{$q,topic=\"s\",partition=\"0\"} 0" "$sl_tmp/m" || fail "consumer lag"
grep -q '^sluice_push_queries_open 0' "$sl_tmp/m" || fail "push queries open"
http GET /healthcheck
expect_status 200 "a healthy server"

# --- 2. an error rate over 1%
python3 -c 'import json; print(json.dumps({"records": [{"key": None, "value": "bm90IGpzb24=", "timestamp": 1} for _ in range(150)]}))' >"$sl_tmp/bad"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @"$sl_tmp/bad" "$SL_URL/topics/s/records")
expect_status 200 "bad records written"
wait_caught_up S
grep_m() { curl -s "$SL_URL/metrics" | grep "$1"; }
expect_contains "$(grep_m "errors_total{$q,type=\"deserialization\"}")" " 150" "deserialization errors"
http GET /healthcheck
expect_status 503 "a query failing 150 of 350 records"
expect_contains "$(jget 'd["details"]["queries"]["error"]')" "error rate" "unhealthy reason"

# --- 3. stalled
stop_sluiced
start_sluiced "$sl_tmp/data" SLUICE_COMMIT_INTERVAL_MS=20 SLUICE_HEALTH_STALL_MS=1s
ksql_ok "PAUSE ALL;"
ksql_ok "INSERT INTO s (id, v) VALUES (1000, 5);"
sleep 1.5
http GET /healthcheck
expect_status 503 "a paused query with records waiting"
expect_contains "$(jget 'd["details"]["queries"]["error"]')" "stalled" "stalled reason"
ksql_ok "RESUME ALL;"
wait_caught_up S
http GET /healthcheck
expect_status 200 "healthy again"
echo "ok"
