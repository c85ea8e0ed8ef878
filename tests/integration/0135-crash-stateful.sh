#!/bin/bash
# 0135-crash-stateful: windowed aggregations and an enrichment join through kill -9.
#
# 200 users (a table) and 200,000 events (a stream, event time from a column,
# up to 10 s out of order: inside every grace period) go through the pipeline in
# crash/pipeline.sql: a tumbling count/sum per user and minute, a session
# count/sum per user (20 s gap), and events joined to their user's country,
# counted per country. The users go in first; then the events in 20 chunks of
# 10,000, each appended with sl_log_tool while sluiced is down. After each
# chunk sluiced starts and is killed with SIGKILL at a random moment (odd
# rounds: in its first 400 ms; even rounds: 0-150 ms after it is ready). At the
# end sluiced runs until the queries have caught up and stops. Then `sluice
# verify --data-dir` compares each result table, as the server left it, with
# the same query run by SQLite over the same records: they must be equal, key
# by key and value by value (nothing lost, nothing counted twice).
source "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
data=$sl_tmp/data
rounds=20
chunk=10000
total=$((rounds * chunk))
: "${SLUICE:?SLUICE must name the sluice binary}"

# the inputs: users.jsonl, events.jsonl, and sl_log_tool lines per chunk (events.N.tsv)
python3 - "$sl_tmp" "$rounds" "$chunk" <<'EOF'
import json, random, sys
out, rounds, chunk = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(135)
with open(out + "/users.jsonl", "w") as uj, open(out + "/users.tsv", "w") as ut:
    for u in range(200):
        rec = {"ID": "u%d" % u, "COUNTRY": "c%d" % (u % 10)}
        uj.write(json.dumps(rec) + "\n")
        ut.write("-\tu%d\t1\t%s\n" % (u, json.dumps({"COUNTRY": rec["COUNTRY"]})))
base = 1700000000000
with open(out + "/events.jsonl", "w") as ej:
    for r in range(rounds):
        with open(out + "/events.%d.tsv" % r, "w") as et:
            for i in range(r * chunk, (r + 1) * chunk):
                user = "u%d" % rng.randrange(200)
                ts = base + i * 50 - rng.randrange(10000)  # up to 10 s late
                amount = rng.randrange(1, 100)
                ej.write(json.dumps({"USER": user, "AMOUNT": amount, "TS": ts}) + "\n")
                et.write("-\t%s\t%d\t%s\n" % (user, ts, json.dumps({"AMOUNT": amount, "TS": ts})))
EOF

lag() { # events the queries have not committed past
    local q t n=0
    for q in $queries; do
        t=$("$SL_LOG_TOOL" -d "$data/state" committed "_confluent-ksql-default_query_$q" \
            crash_events | awk -F'\t' '{ c = $2 < 0 ? 0 : $2; n += $3 - c } END { print n + 0 }')
        n=$((n + t))
    done
    echo "$n"
}

start_sluiced "$data"
ksql_ok "$(cat "$here/crash/pipeline.sql")"
queries=$(jget '" ".join(e["commandStatus"]["queryId"] for e in d[2:])')
expect_eq "$(echo "$queries" | wc -w)" 3 "queries of the pipeline ($queries)"
stop_sluiced
"$SL_LOG_TOOL" -d "$data/state" produce crash_users <"$sl_tmp/users.tsv" >/dev/null
start_sluiced "$data"
wait_caught_up USERS 60
stop_sluiced

t0=$(date +%s%N)
interrupted=0
for round in $(seq 0 $((rounds - 1))); do
    "$SL_LOG_TOOL" -d "$data/state" produce crash_events <"$sl_tmp/events.$round.tsv" >/dev/null
    if [ $((round % 2)) -eq 1 ]; then
        SL_LOG=$sl_tmp/crash.$round.log
        SLUICE_DATA_DIR=$data SLUICE_LISTENERS=http://127.0.0.1:0 "$SLUICED" 2>"$SL_LOG" &
        SL_PID=$!
        sl_pids+=("$SL_PID")
        sleep "0.$(printf '%03d' $((RANDOM % 400)))"
    else
        start_sluiced "$data"
        sleep "0.$(printf '%03d' $((RANDOM % 150)))"
    fi
    kill9_sluiced
    [ "$(lag)" -gt 0 ] && interrupted=$((interrupted + 1))
done
t1=$(date +%s%N)
[ "$interrupted" -gt 0 ] || fail "no kill interrupted the queries: the test proved nothing"

start_sluiced "$data"
wait_caught_up EVENTS 180 # re-keyed rows (by country) pass inside the same commit
stop_sluiced
t2=$(date +%s%N)
expect_eq "$(lag)" 0 "records left after the final run"

for result in per_user_minute sessions by_country; do
    "$SLUICE" verify --pipeline "$here/crash/pipeline.sql" --input "users=$sl_tmp/users.jsonl" \
        --input "events=$sl_tmp/events.jsonl" --batch-file "$here/crash/$result.sql" \
        --result "$result" --data-dir "$data" --max-mismatch-rate 0 \
        >"$sl_tmp/verify.$result.txt" 2>&1 ||
        fail "$result differs from SQLite's: $(head -c 3000 "$sl_tmp/verify.$result.txt")"
    grep -E '^ *(rows|keys|matching)' "$sl_tmp/verify.$result.txt" | head -3 | sed "s/^/$result: /"
done
echo "ok: 0135 $total events through $rounds kill -9s ($interrupted interrupted work;" \
    "kill rounds $(((t1 - t0) / 1000000)) ms, catch-up $(((t2 - t1) / 1000000)) ms):" \
    "tumbling, session and join results equal SQLite's"
