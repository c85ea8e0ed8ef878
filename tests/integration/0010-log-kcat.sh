#!/bin/bash
# 0010-log-kcat: sl_log's Kafka backend against a real Kafka client (kcat),
# both ways, on the mock cluster helper:
#   1. kcat produces keyed records (murmur2_random, as Java clients place keys);
#      sl_log reads them all, each on the partition murmur2 gives its key,
#      headers included.
#   2. sl_log creates a topic and produces keyed, null-keyed and explicitly
#      partitioned records with timestamps; kcat reads the same partitions,
#      offsets, keys, values and timestamps.
# Usage: 0010-log-kcat.sh SL_MOCK_KAFKA SL_LOG_TOOL
set -euo pipefail

mock=$1
tool=$2
tmp=$(mktemp -d /tmp/sl_kcat_XXXXXX)
mock_pid=
cleanup() {
    exec 3>&- 2>/dev/null || true # end of the helper's stdin: it exits
    if [ -n "$mock_pid" ]; then
        kill "$mock_pid" 2>/dev/null || true
        wait "$mock_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

mkfifo "$tmp/stdin"
"$mock" --control "$tmp/ctl" --topics kc_in:3 <"$tmp/stdin" >"$tmp/mock.out" &
mock_pid=$!
exec 3>"$tmp/stdin"
for _ in $(seq 100); do
    [ -s "$tmp/mock.out" ] && break
    sleep 0.1
done
bootstrap=$(head -n 1 "$tmp/mock.out")
[ -n "$bootstrap" ] || fail "the mock cluster did not start"
sl=("$tool" -b "$bootstrap" -c "$tmp/ctl")

# --- 1. kcat writes, sl_log reads ---------------------------------------------------------
for i in $(seq 0 29); do echo "user-$((i % 7)):value-$i"; done |
    kcat -P -b "$bootstrap" -t kc_in -K: -X partitioner=murmur2_random -H trace=t1 -H empty=
"${sl[@]}" -d "$tmp/db1" consume kc_in 30 >"$tmp/read.tsv"
[ "$(wc -l <"$tmp/read.tsv")" -eq 30 ] || fail "sl_log read $(wc -l <"$tmp/read.tsv") of 30"
while IFS=$'\t' read -r part off key ts val hdrs; do
    want=$("$tool" partition "$key" 3)
    [ "$part" = "$want" ] || fail "$key is on partition $part, murmur2 says $want"
    [ "$hdrs" = "trace=t1,empty=" ] || fail "headers of $key@$off: '$hdrs'"
    [ "$ts" -gt 1600000000000 ] || fail "timestamp of $key@$off: $ts"
    case $val in value-*) ;; *) fail "value of $key@$off: $val" ;; esac
done <"$tmp/read.tsv"
cut -f5 "$tmp/read.tsv" | sort >"$tmp/got"
for i in $(seq 0 29); do echo "value-$i"; done | sort >"$tmp/want"
cmp -s "$tmp/got" "$tmp/want" || fail "sl_log did not read every value kcat wrote"
# offsets per partition are dense from 0 in the order read
awk -F'\t' '{ if ($2 != n[$1]++) bad = 1 } END { exit bad }' "$tmp/read.tsv" ||
    fail "offsets out of order"

# --- 2. sl_log writes, kcat reads ---------------------------------------------------------
"${sl[@]}" -d "$tmp/db2" create kc_out 4
{
    for i in $(seq 0 19); do printf -- '-\tkey-%d\t%d\tv%d\n' "$((i % 5))" "$((1700000000000 + i))" "$i"; done
    printf -- '2\tpinned\t1700000000100\tto-two\n'
    printf -- '-\t-\t1700000000200\tno-key\n'
} | "${sl[@]}" -d "$tmp/db2" produce kc_out >"$tmp/placed.tsv"
[ "$(wc -l <"$tmp/placed.tsv")" -eq 22 ] || fail "sl_log produced $(wc -l <"$tmp/placed.tsv") of 22"
sed -n 21p "$tmp/placed.tsv" | grep -q "^2"$'\t' || fail "the pinned record is not on partition 2"
kcat -C -b "$bootstrap" -t kc_out -o beginning -e -Z -q -f '%p\t%o\t%k\t%T\t%s\n' >"$tmp/kcat.tsv"
[ "$(wc -l <"$tmp/kcat.tsv")" -eq 22 ] || fail "kcat read $(wc -l <"$tmp/kcat.tsv") of 22"
for i in $(seq 0 19); do
    key="key-$((i % 5))"
    line=$(awk -F'\t' -v v="v$i" '$5 == v' "$tmp/kcat.tsv")
    IFS=$'\t' read -r part off k ts _ <<<"$line"
    [ "$k" = "$key" ] || fail "v$i has key '$k', not $key"
    [ "$ts" = "$((1700000000000 + i))" ] || fail "v$i has timestamp $ts"
    [ "$part" = "$("$tool" partition "$key" 4)" ] || fail "$key is on partition $part"
    [ "$part"$'\t'"$off" = "$(sed -n "$((i + 1))p" "$tmp/placed.tsv")" ] ||
        fail "v$i is at $part/$off in kcat, $(sed -n "$((i + 1))p" "$tmp/placed.tsv") in sl_log"
done
grep -q "^2"$'\t'".*"$'\t'"pinned"$'\t'"1700000000100"$'\t'"to-two$" "$tmp/kcat.tsv" ||
    fail "kcat does not see the pinned record"
grep -q $'\t'"NULL"$'\t'"1700000000200"$'\t'"no-key$" "$tmp/kcat.tsv" ||
    fail "kcat does not see the null-keyed record"
echo "ok: kcat and sl_log agree on 30 + 22 records"
