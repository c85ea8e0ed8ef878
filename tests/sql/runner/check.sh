#!/bin/sh
# The test runner reports failing cases as failing: every case in wrong.sql and wrong.json
# is wrong on purpose, so `sluice test` must exit 1 and count them all as failed.
set -u
sluice=$1
dir=$(dirname "$0")
out=$("$sluice" test "$dir/wrong.sql" "$dir/wrong.json" 2>&1)
rc=$?
echo "$out"
[ "$rc" -eq 1 ] || { echo "expected exit status 1, got $rc"; exit 1; }
echo "$out" | grep -q '^0 passed, 5 failed, 0 skipped$' || { echo "expected 5 failures"; exit 1; }
echo "$out" | grep -q 'EXPECTED' || { echo "expected EXPECTED/ACTUAL details"; exit 1; }
