#!/bin/bash
# 0115-kafka-changelog-restore: on Kafka, a server that lost its data dir
# rebuilds its tables' state from their changelog topics.
#   1. sluiced on the mock cluster; a table of counts per user (aggregated where
#      the key already is) and a windowed count per page (re-keyed through a
#      repartition topic, so its watermark crosses Kafka too);
#   2. kcat writes 100 clicks; the queries catch up; each store has its
#      compacted changelog topic;
#   3. the server stops and its data dir is deleted; a new one starts on an
#      empty data dir: the command topic gives it the same queries, the
#      changelogs their state, the commit markers their source offsets;
#   4. kcat writes 50 more clicks: the latest counts are the totals over all
#      150 (state that restarted from nothing would count only the last 50,
#      offsets that restarted from the beginning would count 250).
source "$(dirname "$0")/lib.sh"

start_mock_kafka
kafka=(SLUICE_BOOTSTRAP_SERVERS="$SL_BOOTSTRAP" SLUICE_KAFKA_MOCK_CONTROL="$SL_MOCK_CTL"
       SLUICE_KAFKA_PRODUCER_LINGER_MS=1 SLUICE_KAFKA_CONSUMER_SESSION_TIMEOUT_MS=6000
       SLUICE_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS=500)
start_sluiced "$sl_tmp/data1" "${kafka[@]}"

ksql_ok "CREATE STREAM clicks (user VARCHAR KEY, page VARCHAR)
           WITH (kafka_topic='clicks', partitions=2, value_format='JSON');
         CREATE TABLE per_user AS SELECT user, COUNT(*) AS n FROM clicks GROUP BY user;
         CREATE TABLE per_page AS SELECT page, AS_VALUE(page) AS k, COUNT(*) AS n FROM clicks
           WINDOW TUMBLING (SIZE 1 HOUR) GROUP BY page;"

# produce N clicks starting at click I: users u0..u4, pages p0..p2, all in one hour
produce() {
    local i
    for i in $(seq "$1" "$2"); do
        printf 'u%d|{"PAGE":"p%d"}\n' $((i % 5)) $((i % 3))
    done | kcat -P -b "$SL_BOOTSTRAP" -t clicks -K'|' -X partitioner=murmur2_random
}

# latest_counts TOPIC: "key=count ..." of the newest record per key: the value's K
# (the windowed key has binary bytes), else the record key
latest_counts() {
    kcat -C -b "$SL_BOOTSTRAP" -t "$1" -o beginning -e -q -f '%k\t%s\n' 2>/dev/null |
        python3 -c '
import json, sys
last = {}
for line in sys.stdin.buffer:
    val = json.loads(line[line.rindex(b"\t{") + 1:])
    key = val.get("K") or line[:line.index(b"\t")].decode()
    last[key] = val["N"]
print(" ".join("%s=%d" % kv for kv in sorted(last.items())))'
}

# wait_counts TOPIC WANT: until the latest counts are WANT (60 s)
wait_counts() {
    local got= i
    for i in $(seq 600); do
        got=$(latest_counts "$1")
        [ "$got" = "$2" ] && return 0
        sleep 0.1
    done
    fail "$1: latest counts '$got', want '$2'"
}

produce 0 99
wait_counts PER_USER "u0=20 u1=20 u2=20 u3=20 u4=20"
wait_counts PER_PAGE "p0=34 p1=33 p2=33"
topics=$(kcat -L -b "$SL_BOOTSTRAP" | grep -o '"[^"]*-changelog"' | sort | tr '\n' ' ')
expect_contains "$topics" "Aggregate-Aggregate-Materialize-changelog" "changelog topics"
sleep 0.3 # a commit interval: the last commit's markers are out
stop_sluiced

rm -rf "$sl_tmp/data1"
start_sluiced "$sl_tmp/data2" "${kafka[@]}"
produce 100 149
wait_counts PER_USER "u0=30 u1=30 u2=30 u3=30 u4=30"
wait_counts PER_PAGE "p0=50 p1=50 p2=50"
grep -q 'store restored from its changelog' "$SL_LOG" || fail "no restore in the server log"
stop_sluiced
echo "ok: 0115 a lost data dir is rebuilt from the changelogs"
