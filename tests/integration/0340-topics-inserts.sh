#!/bin/bash
# 0340-topics-inserts: the topic API and POST /inserts-stream:
#   1. create (idempotent), list, write raw records (base64, headers, explicit partition),
#      read them back, delete; bad records and unknown topics are refused cleanly
#   2. /inserts-stream: acks per row, case-insensitive column names, the first bad row
#      ends the answer with an error ack; read-only and unknown targets are refused;
#      the rows reach a push query; application/json answers one array
#   3. rest.topics.enabled=false turns the topic API off
. "$(dirname "$0")/lib.sh"

start_sluiced "$sl_tmp/data" SLUICE_COMMIT_INTERVAL_MS=20

# --- 1. topics
http POST /topics '{"name": "raw", "partitions": 3}'
expect_status 200 "create a topic"
expect_eq "$(jget 'd["created"]')" True "created"
http POST /topics '{"name": "raw", "partitions": 3}'
expect_eq "$(jget 'd["created"]')" False "created again"
http POST /topics '{"name": "", "partitions": 3}'
expect_status 400 "a topic without a name"
http GET /topics
expect_contains "$(jget '[t["name"] for t in d["topics"]]')" '"raw"' "list"
http POST /topics/raw/records '{"records": [{"key": "aw==", "value": "dg==", "timestamp": 7, "partition": 2,
    "headers": [{"key": "h", "value": "eA=="}]}, {"key": null, "value": null, "partition": 1}]}'
expect_status 200 "write records"
expect_eq "$(jget '[(o["partition"], o["offset"]) for o in d["offsets"]]')" "[[2, 0], [1, 0]]" "offsets"
http GET "/topics/raw/records?limit=10"
expect_eq "$(jget '[(r["partition"], r["key"], r["value"]) for r in sorted(d["records"], key=lambda r: -r["partition"])]')" \
    '[[2, "aw==", "dg=="], [1, null, null]]' "records read back"
expect_eq "$(jget '[r["headers"] for r in d["records"] if r["partition"] == 2][0]')" \
    '[{"key": "h", "value": "eA=="}]' "headers read back"
http POST /topics/raw/records '{"records": [{"key": "not base64!"}]}'
expect_status 400 "a key that is not base64"
http POST /topics/raw/records '{"records": [{"value": "dg==", "partition": 9}]}'
[ "$status" != 200 ] || fail "a partition that does not exist was accepted"
http POST /topics/nope/records '{"records": [{"value": "dg=="}]}'
[ "$status" != 200 ] || fail "an unknown topic was accepted"
http DELETE /topics/raw
expect_status 200 "delete a topic"
http GET "/topics/raw/records"
expect_status 404 "records of a deleted topic"

# --- 2. inserts
ksql_ok "CREATE STREAM s (id INT KEY, name STRING, qty DOUBLE) WITH (kafka_topic='s', value_format='JSON', partitions=2);"
curl -sN -X POST "$SL_URL/query" -d '{"ksql": "SELECT id, name FROM s EMIT CHANGES LIMIT 3;"}' >"$sl_tmp/push" &
push_pid=$!
sl_pids+=("$push_pid")
for i in $(seq 50); do grep -q transient_ "$sl_tmp/push" && break; sleep 0.1; done
http POST /inserts-stream $'{"target": "S"}\n{"ID": 1, "NAME": "a", "QTY": 1.5}\n{"id": 2, "name": "b"}\n\n{"ID": 3}\n{"ID": "x"}\n{"ID": 5}'
expect_status 200 "inserts"
expect_eq "$(python3 -c 'import json,sys; print([json.loads(l)["status"] for l in open(sys.argv[1]) if l.strip()])' "$sl_tmp/body")" \
    "['ok', 'ok', 'ok', 'error']" "acks"
wait "$push_pid" || fail "the push query did not end at its LIMIT"
expect_eq "$(grep -c '"row"' "$sl_tmp/push")" 3 "inserted rows in the push query"
http POST /inserts-stream $'{"target": "S"}\n{"ID": 9}' -H 'Accept: application/json'
expect_eq "$(jget 'd')" '[{"status": "ok", "seq": 0}]' "application/json acks"
http POST /inserts-stream $'{"target": "NOPE"}\n{"ID": 9}'
expect_status 404 "an unknown target"
http POST /inserts-stream $'{"nothing": 1}'
expect_status 400 "no target"
ksql_ok "CREATE SOURCE STREAM ro (id INT KEY) WITH (kafka_topic='s', value_format='JSON');"
http POST /inserts-stream $'{"target": "RO"}\n{"ID": 9}'
expect_status 400 "a read-only target"

# --- 3. off
stop_sluiced
start_sluiced "$sl_tmp/data" SLUICE_REST_TOPICS_ENABLED=false
http GET /topics
expect_status 404 "the topic API turned off"
echo "ok"
