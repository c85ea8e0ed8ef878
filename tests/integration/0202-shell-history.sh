#!/bin/sh
# 0202-shell-history: statements typed in one session come back (Up arrow,
# `history`) after the shell restarts; ~/.sluice_history is private (0600)
# and never holds a password.
. "$(dirname "$0")/shell_lib.sh"

start_server
start_shell

type_line "SHOW STREAMS;"
wait_prompt
type_line "SHOW"
type_line "  TABLES;"
wait_for '^ Table Name'
wait_prompt
type_line "SET 'ssl.keystore.password'='hunter2';"
wait_for "^Successfully changed local property 'ssl\.keystore\.password'"
type_line "exit"
wait_for '^SHELL-EXITED=0'

hist="$WORK/home/.sluice_history"
[ -f "$hist" ] || fail "no history file"
[ "$(stat -c %a "$hist")" = 600 ] || fail "history file mode is $(stat -c %a "$hist")"
grep -qx 'SHOW STREAMS;' "$hist" || fail "SHOW STREAMS; not in the history file"
grep -qx 'SHOW TABLES;' "$hist" || fail "the two-line statement is not one history line"
! grep -q 'hunter2' "$hist" || fail "a password reached the history file"

# a new shell: Up recalls the previous session's statements
start_shell
key Up
sleep 0.3
[ "$(last_line)" = "sluice> exit" ] || fail "Up gave '$(last_line)'"
key Up
sleep 0.3
[ "$(last_line)" = "sluice> SHOW TABLES;" ] || fail "Up Up gave '$(last_line)'"
key Enter
wait_for '^ Table Name'
wait_prompt
type_line "history"
wait_for '^ +1  SHOW STREAMS;$'
wait_for '^ +2  SHOW TABLES;$'
! screen | grep -q hunter2 || fail "history shows the password"
# leave cleanly (under ASan this also checks for leaks)
type_line "exit"
wait_for '^SHELL-EXITED=0'
echo "ok"
