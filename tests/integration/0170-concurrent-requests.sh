#!/bin/bash
# 0170-concurrent-requests: many clients at once. Eight curl processes send
# 50 requests each, side by side: INSERT VALUES, SHOW QUERIES, DESCRIBE
# EXTENDED, /healthcheck, /info and a bad body, so statements, reads and the
# HTTP layer's own answers interleave on the server's connection threads.
# Every answer must be the right one, and the output must hold each of the
# 160 inserted records exactly once.
source "$(dirname "$0")/lib.sh"

data=$sl_tmp/data
start_sluiced "$data"
ksql_ok "CREATE STREAM s (id VARCHAR KEY, n INT) WITH (kafka_topic='s', partitions=3, value_format='JSON');
         CREATE STREAM copy AS SELECT id, n FROM s;"

# client C: 50 requests; prints one "what status" line per request
client() {
    local c=$1 i url=$SL_URL h='Content-Type: application/vnd.ksql.v1+json'
    for i in $(seq 0 49); do
        case $((i % 10)) in
        0 | 2 | 4 | 6) curl -s -o /dev/null -w "insert %{http_code}\n" -H "$h" "$url/ksql" \
            -d "{\"ksql\":\"INSERT INTO s (id, n) VALUES ('c$c-$i', $i);\"}" ;;
        1) curl -s -o /dev/null -w "show %{http_code}\n" -H "$h" "$url/ksql" -d '{"ksql":"SHOW QUERIES;"}' ;;
        3) curl -s -o /dev/null -w "describe %{http_code}\n" -H "$h" "$url/ksql" \
            -d '{"ksql":"DESCRIBE s EXTENDED; DESCRIBE copy EXTENDED;"}' ;;
        5) curl -s -o /dev/null -w "health %{http_code}\n" "$url/healthcheck" ;;
        7) curl -s -o /dev/null -w "info %{http_code}\n" "$url/info" ;;
        8) curl -s -o /dev/null -w "bad %{http_code}\n" -H "$h" "$url/ksql" -d '{"ksql":' ;;
        9) curl -s -o /dev/null -w "syntax %{http_code}\n" -H "$h" "$url/ksql" -d '{"ksql":"SELEC 1;"}' ;;
        esac
    done
}
pids=()
for c in $(seq 1 8); do
    client "$c" >"$sl_tmp/client.$c" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a client failed"; done
cat "$sl_tmp"/client.* | sort | uniq -c | awk '{ print $2, $3, $1 }' >"$sl_tmp/answers"
expect_eq "$(cat "$sl_tmp/answers")" "bad 400 40
describe 200 40
health 200 40
info 200 40
insert 200 160
show 200 40
syntax 400 40" "answers to 400 concurrent requests"
wait_caught_up S
stop_sluiced
"$SL_LOG_TOOL" -d "$data/state" consume COPY all | cut -f3 | sort >"$sl_tmp/keys"
expect_eq "$(wc -l <"$sl_tmp/keys")" 160 "records in the output"
expect_eq "$(uniq "$sl_tmp/keys" | wc -l)" 160 "distinct records in the output"
echo "ok: 0170 400 concurrent requests, each answered right; 160 inserts, each once"
