#!/bin/bash
# 0110-ksql-kafka: the 0100 pipeline against Kafka: sl_mock_kafka in its own
# process, sluiced with bootstrap.servers and kafka.mock.control, kcat (a
# real Kafka client) producing the input and reading the output.
#   1. kafka.* properties reach librdkafka (a bad one stops sluiced with
#      librdkafka's message); /info reports the Kafka cluster's id;
#      /healthcheck is healthy;
#   2. CREATE STREAM (the topic made through the mock's control socket), a
#      CSAS with a filter and a projection;
#   3. kcat produces keyed JSON records (murmur2, as Java clients place keys),
#      INSERT VALUES adds one more; the query catches up;
#   4. kcat reads the output topic: exactly the filtered, projected rows, each
#      once, on the partition its key hashes to; the counters agree;
#   5. TERMINATE and a graceful stop.
source "$(dirname "$0")/lib.sh"

start_mock_kafka
kafka=(SLUICE_BOOTSTRAP_SERVERS="$SL_BOOTSTRAP" SLUICE_KAFKA_MOCK_CONTROL="$SL_MOCK_CTL")

# kafka.* settings reach librdkafka, which checks them
rc=0
env SLUICE_DATA_DIR="$sl_tmp/bad" "${kafka[@]}" SLUICE_KAFKA_NO_SUCH_PROP=1 "$SLUICED" \
    2>"$sl_tmp/err" || rc=$?
expect_eq "$rc" 1 "exit status with an unknown librdkafka property"
expect_contains "$(cat "$sl_tmp/err")" 'No such configuration property: \"no.such.prop\"' \
    "an unknown librdkafka property"
start_sluiced "$sl_tmp/data" "${kafka[@]}" SLUICE_KAFKA_CLIENT_ID=sluice-0110 \
    SLUICE_KAFKA_PRODUCER_LINGER_MS=1

# --- 1. the server knows its cluster ------------------------------------------------------
http GET /info
expect_status 200 "/info"
cluster=$(jget 'd["KsqlServerInfo"]["kafkaClusterId"]')
[ -n "$cluster" ] || fail "/info has no kafkaClusterId"
http GET /healthcheck
expect_status 200 "/healthcheck"

# --- 2. the pipeline -----------------------------------------------------------------------
ksql_ok "CREATE STREAM orders (id VARCHAR KEY, item VARCHAR, qty INT, price DOUBLE)
           WITH (kafka_topic='orders', partitions=3, value_format='JSON');
         CREATE STREAM big_orders AS
           SELECT id, UCASE(item) AS item, qty * price AS total FROM orders
           WHERE qty >= 10 EMIT CHANGES;"
qid=$(jget 'd[1]["commandStatus"]["queryId"]')
ksql_ok "SHOW TOPICS;"
expect_eq "$(jget 'sorted(t["name"] for t in d[0]["topics"])')" '["BIG_ORDERS", "orders"]' \
    "SHOW TOPICS (Kafka's)"

# --- 3. kcat produces ----------------------------------------------------------------------
for i in $(seq 1 30); do
    printf 'o%d|{"ITEM":"item%d","QTY":%d,"PRICE":2.5}\n' "$i" "$i" "$i"
done | kcat -P -b "$SL_BOOTSTRAP" -t orders -K'|' -X partitioner=murmur2_random
ksql_ok "INSERT INTO orders (id, item, qty, price) VALUES ('o31', 'item31', 31, 2.5);"
wait_caught_up ORDERS 60
ksql_ok "DESCRIBE orders EXTENDED;"
expect_eq "$(jget 'sum(o["logEndOffset"] for o in
    d[0]["sourceDescription"]["queryOffsetSummaries"][0]["topicSummaries"][0]["offsets"])')" 31 \
    "records in orders"

# --- 4. kcat reads -------------------------------------------------------------------------
kcat -C -b "$SL_BOOTSTRAP" -t BIG_ORDERS -o beginning -e -q -f '%p\t%k\t%s\n' >"$sl_tmp/out.tsv"
python3 - "$sl_tmp/out.tsv" "$SL_LOG_TOOL" <<'PY' || fail "kcat does not read the expected rows"
import json, subprocess, sys
got = {}
for line in open(sys.argv[1]):
    part, key, val = line.rstrip("\n").split("\t")
    assert key not in got, "duplicate " + key
    want_part = subprocess.run([sys.argv[2], "partition", key, "3"], capture_output=True,
                               text=True, check=True).stdout.strip()
    assert part == want_part, "%s on partition %s, murmur2 says %s" % (key, part, want_part)
    got[key] = json.loads(val)
want = {"o%d" % i: {"ITEM": "ITEM%d" % i, "TOTAL": i * 2.5} for i in range(10, 32)}
if got != want:
    print("got ", got, "\nwant", want, file=sys.stderr)
    sys.exit(1)
PY
ksql_ok "DESCRIBE big_orders EXTENDED;"
expect_eq "$(jget 'd[0]["sourceDescription"]["statistics"]')" "messages-written: 22" "counters"

# --- 5. the end ----------------------------------------------------------------------------
ksql_ok "TERMINATE $qid;"
ksql_ok "SHOW QUERIES;"
expect_eq "$(jget 'd[0]["queries"]')" "[]" "queries after TERMINATE"
stop_sluiced
echo "ok: 0110 the pipeline on Kafka, fed and read by kcat"
