# shell_lib.sh - sourced by the shell's integration tests (01xx-*.sh).
#
# Gives a test a server (tests/tools/fake_ksqldb, or the real sluiced when
# SLUICE_TEST_SERVER=http://host:port is set) and the shell running in a tmux
# pane of its own (private socket, 160x50) that the test types into and reads.
# Everything started here is stopped on exit, by pid or by the private socket.
#
# Environment (set by meson): SLUICE_SHELL, FAKE_KSQLDB.
#   FAKE=1 when talking to the fake: tests guard assertions on its canned data.

set -eu
: "${SLUICE_SHELL:?SLUICE_SHELL must name the shell binary}"
: "${FAKE_KSQLDB:?FAKE_KSQLDB must name tests/tools/fake_ksqldb}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sluice-itest.XXXXXX")
TMUX_SOCK="sluice-itest-$$"
FAKE_PID=""
SESSION=""
SESSIONS=0
FAKE=0
URL=""
RECORD="$WORK/record"
: >"$RECORD"

cleanup() {
    tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
    if [ -n "$FAKE_PID" ]; then
        kill "$FAKE_PID" 2>/dev/null || true
        wait "$FAKE_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

fail() {
    echo "FAIL: $*" >&2
    if [ -n "$SESSION" ]; then
        echo "--- screen:" >&2
        screen >&2
    fi
    echo "--- record:" >&2
    cat "$RECORD" >&2
    exit 1
}

# start_server [fake options]: a fake server on a free port, or the real one.
start_server() {
    if [ -n "${SLUICE_TEST_SERVER:-}" ]; then
        URL=$SLUICE_TEST_SERVER
        return
    fi
    "$FAKE_KSQLDB" --port-file "$WORK/port" --record "$RECORD" "$@" &
    FAKE_PID=$!
    FAKE=1
    i=0
    while [ ! -s "$WORK/port" ]; do
        i=$((i + 1))
        [ $i -lt 100 ] || fail "fake server did not start"
        sleep 0.05
    done
    URL="http://127.0.0.1:$(cat "$WORK/port")"
}

# start_shell [args]: the shell in a new session (sh1, sh2, ...; earlier ones
# stay, so the tmux server never stops mid-test), HOME=$WORK/home; waits for
# the prompt.
start_shell() {
    mkdir -p "$WORK/home"
    SESSIONS=$((SESSIONS + 1))
    SESSION="sh$SESSIONS"
    tmux -L "$TMUX_SOCK" new-session -d -s "$SESSION" -x 160 -y 50 \
        "env HOME='$WORK/home' TERM=xterm '$SLUICE_SHELL' '$URL' $*; echo SHELL-EXITED=\$?; sleep 600"
    tmux -L "$TMUX_SOCK" set-option -t "$SESSION" history-limit 5000 >/dev/null
    wait_for '^sluice>'
}

# The pane, scrollback included, trailing blanks trimmed by tmux.
screen() {
    tmux -L "$TMUX_SOCK" capture-pane -p -t "$SESSION" -S -5000
}

# The last non-blank line of the pane.
last_line() {
    screen | grep -v '^[[:space:]]*$' | tail -n 1
}

# type_text TEXT: types TEXT literally, no Enter.
type_text() {
    tmux -L "$TMUX_SOCK" send-keys -t "$SESSION" -l "$1"
}

key() {
    tmux -L "$TMUX_SOCK" send-keys -t "$SESSION" "$@"
}

# type_line TEXT: types TEXT literally, then Enter. (tmux reads a trailing ';'
# of an argument as a command separator, hence the escape.)
type_line() {
    case "$1" in
    *\;) tmux -L "$TMUX_SOCK" send-keys -t "$SESSION" -l "${1%;}\\;" ;;
    *) tmux -L "$TMUX_SOCK" send-keys -t "$SESSION" -l "$1" ;;
    esac
    key Enter
}

# wait_for PATTERN [SECONDS]: until the screen has a line matching PATTERN (grep -E).
wait_for() {
    tries=$((${2:-10} * 10))
    while ! screen | grep -Eq -- "$1"; do
        tries=$((tries - 1))
        [ $tries -gt 0 ] || fail "no line matching '$1' on the screen"
        sleep 0.1
    done
}

# count PATTERN: lines of the screen matching PATTERN.
count() {
    screen | grep -Ec -- "$1" || true
}

# wait_prompt: the shell is back at an empty prompt.
wait_prompt() {
    tries=100
    while [ "$(last_line)" != "sluice>" ]; do
        tries=$((tries - 1))
        [ $tries -gt 0 ] || fail "the prompt did not come back"
        sleep 0.1
    done
}

recorded() {
    grep -Eq -- "$1" "$RECORD"
}
