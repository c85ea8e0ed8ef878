#!/bin/bash
# lib.sh - what the numbered integration scripts share: a scratch dir, starting
# and stopping real sluiced processes, talking to them over HTTP with curl,
# reading JSON answers (python3), and failing with the server's log.
#
# The scripts get the binaries from the environment (meson sets them):
#   SLUICED, SL_LOG_TOOL, SL_MOCK_KAFKA, SL_SOURCE_ROOT
# A server listens on 127.0.0.1 port 0 (a free port, so tests run side by
# side); its "sluiced ready" log line tells the port. Every process a script
# starts is stopped by its pid when the script exits, however it exits.
set -euo pipefail

sl_tmp=$(mktemp -d /tmp/sl_it_XXXXXX)
sl_pids=()     # every process started here, stopped on exit
SL_PID=        # the current sluiced
SL_URL=        # its base URL
SL_LOG=        # its log (stderr)
sl_starts=0

sl_cleanup() {
    local pid
    for pid in "${sl_pids[@]}"; do
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ -n "${SL_KEEP_TMP:-}" ]; then echo "kept $sl_tmp" >&2; else rm -rf "$sl_tmp"; fi
}
trap sl_cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    if [ -n "$SL_LOG" ] && [ -f "$SL_LOG" ]; then
        echo "--- last lines of $SL_LOG" >&2
        tail -n 30 "$SL_LOG" >&2
    fi
    exit 1
}

# start_sluiced DATADIR [VAR=value...]: starts sluiced on DATADIR with extra
# SLUICE_* settings and waits until it is ready; sets SL_PID, SL_URL, SL_LOG.
start_sluiced() {
    local dir=$1
    shift
    sl_starts=$((sl_starts + 1))
    SL_LOG=$sl_tmp/sluiced.$sl_starts.log
    : >"$SL_LOG"
    env SLUICE_DATA_DIR="$dir" SLUICE_LISTENERS=http://127.0.0.1:0 "$@" "$SLUICED" 2>"$SL_LOG" &
    SL_PID=$!
    sl_pids+=("$SL_PID")
    local i port=
    for i in $(seq 600); do
        port=$(sed -n 's/.*msg="sluiced ready".* port=\([0-9]*\).*/\1/p' "$SL_LOG")
        [ -n "$port" ] && break
        kill -0 "$SL_PID" 2>/dev/null || fail "sluiced exited before it was ready"
        sleep 0.05
    done
    [ -n "$port" ] || fail "sluiced was not ready within 30 s"
    SL_URL=http://127.0.0.1:$port
}

# stop_sluiced: SIGTERM, then the process must exit 0 having logged "stopped".
stop_sluiced() {
    kill -TERM "$SL_PID"
    local rc=0
    wait "$SL_PID" || rc=$?
    [ "$rc" -eq 0 ] || fail "sluiced exited $rc after SIGTERM"
    grep -q 'msg="stopped"' "$SL_LOG" || fail "sluiced did not log its stop"
}

# kill9_sluiced: a crash.
kill9_sluiced() {
    kill -9 "$SL_PID"
    wait "$SL_PID" 2>/dev/null || true
}

# http METHOD PATH [BODY] [curl options...]: sets $status; the body is in $sl_tmp/body.
http() {
    local method=$1 path=$2 data=${3-}
    shift 3 2>/dev/null || shift $#
    local args=(-s -o "$sl_tmp/body" -w '%{http_code}' -X "$method" "$@")
    if [ -n "$data" ]; then args+=(--data-binary "$data"); fi
    local rc=0
    status=$(curl "${args[@]}" -H 'Content-Type: application/vnd.ksql.v1+json' "$SL_URL$path") ||
        rc=$?
    [ "$rc" -eq 0 ] || fail "$method $path: no answer from sluiced (curl exit $rc)"
}

# ksql SQL [PROPERTIES_JSON]: POST /ksql; sets $status, body in $sl_tmp/body.
ksql() {
    local body
    body=$(python3 -c 'import json,sys; print(json.dumps({"ksql": sys.argv[1],
        "streamsProperties": json.loads(sys.argv[2])}))' "$1" "${2:-{\}}")
    http POST /ksql "$body"
}

# ksql_ok SQL: as ksql, and the answer must be 200.
ksql_ok() {
    ksql "$@"
    [ "$status" = 200 ] || fail "'$1' answered $status: $(cat "$sl_tmp/body")"
}

# jget EXPR: evaluates the Python expression EXPR over the last body, bound to d.
jget() {
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=eval(sys.argv[2]);
print(json.dumps(r) if isinstance(r, (dict, list)) else r)' "$sl_tmp/body" "$1"
}

# expect_status CODE WHAT: the last answer's status must be CODE.
expect_status() {
    [ "$status" = "$1" ] || fail "$2: status $status, not $1: $(cat "$sl_tmp/body")"
}

# expect_eq GOT WANT WHAT
expect_eq() {
    [ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
}

# expect_contains TEXT PART WHAT
expect_contains() {
    case $1 in *"$2"*) ;; *) fail "$3: '$1' does not contain '$2'" ;; esac
}

# wait_caught_up SOURCE [SECONDS]: waits until every query reading SOURCE has
# committed up to the end of its topic (DESCRIBE EXTENDED's queryOffsetSummaries).
wait_caught_up() {
    local src=$1 secs=${2:-60} i lag=
    for i in $(seq $((secs * 10))); do
        ksql_ok "DESCRIBE $src EXTENDED;"
        lag=$(jget 'sum(o["logEndOffset"] - o["consumerOffset"]
            for q in d[0]["sourceDescription"]["queryOffsetSummaries"]
            for t in q["topicSummaries"] for o in t["offsets"])')
        [ "$lag" = 0 ] && return 0
        sleep 0.1
    done
    fail "the queries reading $src are $lag records behind after $secs s"
}

# start_mock_kafka [sl_mock_kafka options...]: a mock Kafka cluster in its own
# process, its control socket at $sl_tmp/mock.ctl; sets SL_BOOTSTRAP and
# SL_MOCK_CTL. It lives while fd 9 (its stdin) is open, and is killed on exit.
start_mock_kafka() {
    mkfifo "$sl_tmp/mock.stdin"
    SL_MOCK_CTL=$sl_tmp/mock.ctl
    "$SL_MOCK_KAFKA" --control "$SL_MOCK_CTL" "$@" <"$sl_tmp/mock.stdin" >"$sl_tmp/mock.out" &
    sl_pids+=($!)
    exec 9>"$sl_tmp/mock.stdin"
    local i
    for i in $(seq 100); do
        [ -s "$sl_tmp/mock.out" ] && break
        sleep 0.1
    done
    SL_BOOTSTRAP=$(head -n 1 "$sl_tmp/mock.out")
    [ -n "$SL_BOOTSTRAP" ] || fail "the mock Kafka cluster did not start"
}
