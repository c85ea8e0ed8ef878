#!/bin/bash
# 0310-limits: the REST API's limits against a real sluiced:
#   1. a body over request.max.bytes: 413; statement.max.bytes and request.max.statements
#      on /query too
#   2. push.max.queries: the next push query is 429 until one ends
#   3. a denied property override (request.denied.properties): 400
#   4. a client that stops reading loses its push query (push.buffer.max.bytes), alone:
#      another client's push query goes on; the stalled connection is closed
#      (http.idle.timeout.ms) and the query count drops
#   5. push.idle.timeout.ms ends a quiet push query with an error element
. "$(dirname "$0")/lib.sh"

start_sluiced "$sl_tmp/data" SLUICE_REQUEST_MAX_BYTES=1m SLUICE_PUSH_MAX_QUERIES=2 \
    SLUICE_PUSH_BUFFER_MAX_BYTES=64k SLUICE_HTTP_IDLE_TIMEOUT_MS=3s SLUICE_STATEMENT_MAX_BYTES=2k \
    SLUICE_COMMIT_INTERVAL_MS=20

# --- 1. sizes
python3 -c 'print("{\"ksql\": \"" + "x" * 2000000 + "\"}")' >"$sl_tmp/big"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @"$sl_tmp/big" "$SL_URL/ksql")
expect_status 413 "a 2 MB body"
long=$(python3 -c 'print("SELECT * FROM t WHERE " + " OR ".join("a = 1" for _ in range(500)) + ";")')
http POST /query "$(python3 -c 'import json,sys; print(json.dumps({"ksql": sys.argv[1]}))' "$long")"
expect_status 400 "a statement over statement.max.bytes on /query"
expect_contains "$(cat "$sl_tmp/body")" "statement.max.bytes" "statement length message"

# --- 2. push.max.queries
ksql_ok "CREATE STREAM s (id INT KEY, v STRING) WITH (kafka_topic='s', value_format='JSON', partitions=1);"
push_pids=()
for i in 1 2; do
    curl -sN -X POST "$SL_URL/query" -d '{"ksql": "SELECT * FROM s EMIT CHANGES;"}' >"$sl_tmp/p$i" &
    push_pids+=($!)
    sl_pids+=($!)
done
for i in $(seq 50); do
    [ "$(cat "$sl_tmp/p1" "$sl_tmp/p2" | grep -c transient_)" = 2 ] && break
    sleep 0.1
done
http POST /query '{"ksql": "SELECT * FROM s EMIT CHANGES;"}'
expect_status 429 "a third push query"
expect_contains "$(cat "$sl_tmp/body")" "push.max.queries" "429 message"
http POST /query '{"ksql": "SELECT * FROM s;"}'
expect_status 200 "a pull query is not a push query"
kill "${push_pids[@]}"
for i in $(seq 50); do
    curl -s "$SL_URL/metrics" | grep -q '^sluice_push_queries_open 0' && break
    sleep 0.1
done
curl -s "$SL_URL/metrics" | grep -q '^sluice_push_queries_open 0' || fail "push queries not closed"

# --- 3. denied overrides
http POST /query '{"ksql": "SELECT * FROM s;", "streamsProperties": {"data.dir": "/tmp"}}'
expect_status 400 "a denied override"
http POST /ksql '{"ksql": "SHOW STREAMS;", "streamsProperties": {"num.stream.threads": 8}}'
expect_status 400 "a denied override on /ksql"

# --- 4. a slow client: a socket that sends its query and never reads
python3 - "$SL_URL" >"$sl_tmp/slow.out" 2>&1 <<'PY' &
import socket, sys, time, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
s = socket.create_connection((u.hostname, u.port))
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
body = b'{"ksql": "SELECT * FROM s EMIT CHANGES;"}'
s.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: %d\r\n\r\n" % len(body) + body)
time.sleep(30)
PY
slow_pid=$!
sl_pids+=("$slow_pid")
curl -sN -X POST "$SL_URL/query" -d '{"ksql": "SELECT id FROM s EMIT CHANGES;"}' >"$sl_tmp/fast" &
fast_pid=$!
sl_pids+=("$fast_pid")
for i in $(seq 50); do
    curl -s "$SL_URL/metrics" | grep -q '^sluice_push_queries_open 2' && break
    sleep 0.1
done
# 80 inserts of 50 rows of 2 kB: 8 MB, more than socket buffers hold for a reader that stalls
python3 - "$sl_tmp/rows" <<'PY'
import sys
for batch in range(1, 81):
    with open("%s.%d" % (sys.argv[1], batch), "w") as f:
        f.write('{"target": "S"}\n')
        for i in range(1, 51):
            f.write('{"ID": %d, "V": "%s"}\n' % (batch * 1000 + i, "p" * 2000))
PY
for batch in $(seq 1 80); do
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @"$sl_tmp/rows.$batch" \
        "$SL_URL/inserts-stream")
    expect_status 200 "inserts batch $batch"
done
for i in $(seq 100); do
    grep -q '\[80050\]' "$sl_tmp/fast" && break
    sleep 0.1
done
grep -q '\[80050\]' "$sl_tmp/fast" || fail "the fast client did not get every row"
expect_eq "$(grep -c '"row"' "$sl_tmp/fast")" 4000 "rows the fast client got"
for i in $(seq 100); do
    curl -s "$SL_URL/metrics" | grep -q '^sluice_push_queries_open 1' && break
    sleep 0.1
done
curl -s "$SL_URL/metrics" | grep -q '^sluice_push_queries_open 1' ||
    fail "the slow client's query was not closed: $(curl -s "$SL_URL/metrics" | grep push_queries)"
kill "$fast_pid" "$slow_pid" 2>/dev/null || true

# --- 5. push.idle.timeout.ms
stop_sluiced
start_sluiced "$sl_tmp/data" SLUICE_PUSH_IDLE_TIMEOUT_MS=1500
http POST /query '{"ksql": "SELECT * FROM s EMIT CHANGES;"}' --max-time 10
expect_status 200 "an idle push query"
expect_contains "$(cat "$sl_tmp/body")" "push.idle.timeout.ms" "idle push query end"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$sl_tmp/body" ||
    fail "the idle push answer is not a complete JSON array"
echo "ok"
