#!/bin/bash
# 0300-query-api: push and pull queries over /query, /query-stream and /close-query
# against a real sluiced:
#   1. a CTAS table: pull by key, IN, range, scan with a value predicate, LIMIT; EXPLAIN
#      names the access path; a plain CREATE TABLE is not queryable
#   2. a pull query on a stream is a bounded scan ending "Query Completed"
#   3. push queries: LIMIT ends with "Limit Reached"; rows inserted after the query
#      started arrive; /close-query ends the answer; a table's delete is a tombstone row
#   4. /query-stream: delimited and application/json
#   5. a windowed table: WINDOWSTART bounds; PRINT shows the topic's records
#   6. the pull store survives a restart (it is committed state)
. "$(dirname "$0")/lib.sh"

start_sluiced "$sl_tmp/data" SLUICE_COMMIT_INTERVAL_MS=20

ksql_ok "CREATE STREAM orders (id INT KEY, item STRING, qty INT)
           WITH (kafka_topic='orders', value_format='JSON', partitions=2);"
ksql_ok "CREATE TABLE stock AS SELECT id, LATEST_BY_OFFSET(item) AS item, SUM(qty) AS qty
           FROM orders GROUP BY id;"
ins=""
for i in $(seq 1 20); do ins+="INSERT INTO orders (id, item, qty) VALUES ($i, 'item$i', $i);"; done
ksql_ok "$ins"
wait_caught_up ORDERS

# query SQL [PROPS_JSON]: POST /query; the elements of the answer, one JSON per line, in
# $sl_tmp/elems (keep-alive newlines dropped); sets $status.
query() {
    local body
    body=$(python3 -c 'import json,sys; print(json.dumps({"ksql": sys.argv[1],
        "streamsProperties": json.loads(sys.argv[2])}))' "$1" "${2:-{\}}")
    http POST /query "$body" --max-time 20
    python3 - "$sl_tmp/body" >"$sl_tmp/elems" <<'PY' || fail "answer is not a JSON array: $(head -c 300 "$sl_tmp/body")"
import json, sys
d = json.load(open(sys.argv[1]))
for e in (d if isinstance(d, list) else [d]):
    print(json.dumps(e, sort_keys=True))
PY
}
rows() { grep -c '"row"' "$sl_tmp/elems" || true; }

# --- 1. pull queries on a CTAS table
query "SELECT * FROM stock WHERE id = 7;"
expect_status 200 "pull by key"
expect_eq "$(rows)" 1 "rows of a key lookup"
expect_contains "$(cat "$sl_tmp/elems")" '"schema": "`ID` INTEGER KEY, `ITEM` STRING, `QTY` INTEGER"' "pull header"
expect_contains "$(cat "$sl_tmp/elems")" '[7, "item7", 7]' "pull row"
query "SELECT id, qty FROM stock WHERE id IN (1, 2, 99);"
expect_eq "$(rows)" 2 "rows of IN (1, 2, 99)"
query "SELECT id FROM stock WHERE id >= 5 AND id < 9;"
expect_eq "$(rows)" 4 "rows of a key range"
query "SELECT id FROM stock WHERE qty > 15;"
expect_eq "$(rows)" 5 "rows of a scan with a value predicate"
query "SELECT id FROM stock LIMIT 3;"
expect_eq "$(rows)" 3 "rows with LIMIT 3"
for w in "id = 3:KEY LOOKUP" "id > 3:RANGE SCAN" "qty > 3:TABLE SCAN"; do
    ksql_ok "EXPLAIN SELECT * FROM stock WHERE ${w%%:*};"
    expect_contains "$(jget 'd[0]["queryDescription"]["executionPlan"]')" "${w#*:}" "EXPLAIN ${w%%:*}"
done
ksql_ok "CREATE TABLE plain (k INT PRIMARY KEY, v STRING) WITH (kafka_topic='plain', value_format='JSON', partitions=1);"
query "SELECT * FROM plain;"
expect_status 400 "pull on a plain table"
expect_contains "$(jget 'd["message"]')" "isn't queryable" "plain table refusal"

# --- 2. a bounded scan of a stream
query "SELECT item FROM orders WHERE qty <= 3;"
expect_eq "$(rows)" 3 "stream pull rows"
expect_contains "$(tail -n 1 "$sl_tmp/elems")" '"finalMessage": "Query Completed"' "stream pull end"

# --- 3. push queries
query "SELECT id, item FROM orders EMIT CHANGES LIMIT 4;" '{"auto.offset.reset": "earliest"}'
expect_eq "$(rows)" 4 "push rows with LIMIT 4"
expect_contains "$(tail -n 1 "$sl_tmp/elems")" '"finalMessage": "Limit Reached"' "push LIMIT end"

# a push query from now on: rows inserted after it started arrive; close-query ends it
curl -sN -X POST "$SL_URL/query" -d '{"ksql": "SELECT id, qty * 10 AS q10 FROM orders EMIT CHANGES;"}' \
    >"$sl_tmp/push" &
curl_pid=$!
sl_pids+=("$curl_pid")
for i in $(seq 50); do grep -q transient_ "$sl_tmp/push" && break; sleep 0.1; done
qid=$(grep -o 'transient_[A-Z_0-9]*' "$sl_tmp/push" | head -n 1)
[ -n "$qid" ] || fail "no push query header: $(cat "$sl_tmp/push")"
ksql_ok "INSERT INTO orders (id, item, qty) VALUES (100, 'new', 5);"
for i in $(seq 50); do grep -q '\[100,50\]' "$sl_tmp/push" && break; sleep 0.1; done
grep -q '\[100,50\]' "$sl_tmp/push" || fail "a row inserted later did not arrive: $(cat "$sl_tmp/push")"
http POST /close-query "{\"queryId\": \"$qid\"}"
expect_status 200 "close-query"
wait "$curl_pid" || fail "the push answer did not end after close-query"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$sl_tmp/push" ||
    fail "the closed push answer is not a complete JSON array: $(cat "$sl_tmp/push")"
http POST /close-query "{\"queryId\": \"$qid\"}"
expect_status 404 "close-query of a closed query"

# a table's delete is a tombstone row
ksql_ok "CREATE TABLE users (id INT PRIMARY KEY, name STRING) WITH (kafka_topic='users', value_format='JSON', partitions=1);"
ksql_ok "INSERT INTO users (id, name) VALUES (1, 'ann');"
http POST /topics/users/records '{"records": [{"key": "AAAAAQ==", "value": null, "timestamp": 5}]}'
expect_status 200 "a tombstone written through the topic API"
query "SELECT * FROM users EMIT CHANGES LIMIT 2;" '{"auto.offset.reset": "earliest"}'
expect_contains "$(cat "$sl_tmp/elems")" '"tombstone": true' "tombstone row"

# --- 4. /query-stream
http POST /query-stream '{"sql": "SELECT id, qty FROM stock WHERE id IN (1, 2);"}'
expect_status 200 "query-stream"
expect_eq "$(head -n 1 "$sl_tmp/body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["columnNames"])')" \
    "['ID', 'QTY']" "delimited metadata"
expect_eq "$(sed -n '2,$p' "$sl_tmp/body" | sort | tr -d '\n')" "[1,1][2,2]" "delimited rows"
http POST /query-stream '{"sql": "SELECT id FROM stock WHERE id = 3;"}' -H 'Accept: application/json'
expect_eq "$(jget 'd[1]')" "[3]" "application/json answer"

# --- 5. windowed table and PRINT
ksql_ok "CREATE TABLE per_sec AS SELECT id, COUNT(*) AS n FROM orders WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY id;"
wait_caught_up ORDERS
query "SELECT id, WINDOWSTART, n FROM per_sec WHERE id = 3 AND WINDOWSTART >= 0;"
expect_eq "$(rows)" 1 "windowed key lookup"
query "SELECT * FROM per_sec WHERE id = 3 AND WINDOWSTART < 0;"
expect_eq "$(rows)" 0 "windowed lookup outside the bounds"
http POST /query '{"ksql": "PRINT orders FROM BEGINNING LIMIT 2;"}'
expect_eq "$(grep -c '^rowtime: ' "$sl_tmp/body")" 2 "PRINT lines"

# --- 6. the pull store is committed state
stop_sluiced
start_sluiced "$sl_tmp/data" SLUICE_COMMIT_INTERVAL_MS=20
query "SELECT * FROM stock WHERE id = 7;"
expect_eq "$(rows)" 1 "pull after a restart"
echo "ok"
