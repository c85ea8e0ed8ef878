#!/bin/bash
# 0130-crash: exactly once through kill -9 on the embedded log.
#
# 100,000 input records reach a CSAS (filter + projection, 4 partitions) in
# 20 chunks of 5,000, each appended with sl_log_tool while sluiced is down
# (its RocksDB is locked while it runs). After each chunk sluiced starts and
# is killed with SIGKILL at a random moment: on odd rounds anywhere in its
# first 300 ms (opening, replaying, starting the query, processing), on even
# rounds 0-60 ms after it is ready (mid-processing). Between rounds the
# output is counted, so the test reports how many kills interrupted work.
# At the end sluiced runs until the query has caught up and stops: the
# output must hold every input record exactly once (count and ids), with the
# projected values.
source "$(dirname "$0")/lib.sh"

data=$sl_tmp/data
rounds=20
chunk=5000
total=$((rounds * chunk))

# output_count: records in DST now (sluiced stopped)
output_count() {
    "$SL_LOG_TOOL" -d "$data/state" ends DST | awk -F'\t' '{ n += $3 - $2 } END { print n + 0 }'
}

start_sluiced "$data"
ksql_ok "CREATE STREAM src (id VARCHAR KEY, seq BIGINT, pad VARCHAR)
           WITH (kafka_topic='crash_in', partitions=4, value_format='JSON');
         CREATE STREAM dst AS SELECT id, seq, UCASE(pad) AS pad FROM src WHERE seq >= 0;"
stop_sluiced

t0=$(date +%s%N)
interrupted=0
for round in $(seq 1 "$rounds"); do
    python3 -c '
import sys
first = int(sys.argv[1]) * int(sys.argv[2])
for i in range(first, first + int(sys.argv[2])):
    sys.stdout.write("-\tk%d\t%d\t{\"SEQ\":%d,\"PAD\":\"p%d-xxxxxxxxxxxxxxxxxxxxxxxx\"}\n"
                     % (i, 1700000000000 + i, i, i))
' "$((round - 1))" "$chunk" | "$SL_LOG_TOOL" -d "$data/state" produce crash_in >/dev/null
    if [ $((round % 2)) -eq 1 ]; then
        SL_LOG=$sl_tmp/crash.$round.log
        SLUICE_DATA_DIR=$data SLUICE_LISTENERS=http://127.0.0.1:0 "$SLUICED" 2>"$SL_LOG" &
        SL_PID=$!
        sl_pids+=("$SL_PID")
        sleep "0.$(printf '%03d' $((RANDOM % 300)))"
    else
        start_sluiced "$data"
        sleep "0.$(printf '%03d' $((RANDOM % 60)))"
    fi
    kill9_sluiced
    out=$(output_count)
    [ "$out" -le $((round * chunk)) ] || fail "round $round: $out outputs for $((round * chunk)) inputs"
    [ "$out" -lt $((round * chunk)) ] && interrupted=$((interrupted + 1))
done
t1=$(date +%s%N)
[ "$interrupted" -gt 0 ] || fail "no kill interrupted the query: the test proved nothing"

start_sluiced "$data"
wait_caught_up SRC 120
stop_sluiced
t2=$(date +%s%N)

"$SL_LOG_TOOL" -d "$data/state" consume DST all >"$sl_tmp/out.tsv"
python3 - "$sl_tmp/out.tsv" "$total" <<'EOF' || fail "the output is not every input exactly once"
import json, sys
total = int(sys.argv[2])
seen = bytearray(total)
n = 0
for line in open(sys.argv[1]):
    part, off, key, ts, val = line.rstrip("\n").split("\t")[:5]
    v = json.loads(val)
    seq = v["SEQ"]
    assert key == "k%d" % seq, "key %s holds seq %d" % (key, seq)
    assert v["PAD"] == "P%d-XXXXXXXXXXXXXXXXXXXXXXXX" % seq, "bad PAD for %d" % seq
    assert not seen[seq], "seq %d twice" % seq
    seen[seq] = 1
    n += 1
assert n == total, "%d records, want %d" % (n, total)
EOF
echo "ok: 0130 $total records exactly once through $rounds kill -9s" \
    "($interrupted interrupted work; kill rounds $(((t1 - t0) / 1000000)) ms," \
    "catch-up and stop $(((t2 - t1) / 1000000)) ms)"
