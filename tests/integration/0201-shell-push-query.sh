#!/bin/sh
# 0201-shell-push-query: a push query's grid grows as rows arrive; Ctrl-C stops
# it, the prompt comes back (the shell survives) and the server is told with
# POST /close-query; LIMIT ends with "Limit Reached"; a silent push query
# earns the auto.offset.reset hint, unless the session already reads from the
# start; tombstones and mid-stream errors show.
. "$(dirname "$0")/shell_lib.sh"

start_server
[ "$FAKE" = 1 ] || { echo "skip: needs the fake server's PAGEVIEWS stream"; exit 77; }
start_shell

type_line "SELECT * FROM PAGEVIEWS EMIT CHANGES;"
wait_for '^\|VIEWTIME +\|USERID +\|PAGEID +\|$'
wait_for '^\|1700000000001 '
first=$(count '^\|17000000000')
sleep 1
later=$(count '^\|17000000000')
[ "$later" -gt "$first" ] || fail "rows did not keep arriving ($first then $later)"
key C-c
wait_for '^Query terminated'
wait_prompt
recorded '^close-query transient_PAGEVIEWS_[0-9]+$' || fail "no /close-query for the query"
# rows stop after Ctrl-C
stopped=$(count '^\|17000000000')
sleep 1
[ "$(count '^\|17000000000')" -eq "$stopped" ] || fail "rows kept coming after Ctrl-C"

# the shell is still alive and usable
type_line "SELECT * FROM PAGEVIEWS EMIT CHANGES LIMIT 3;"
wait_for '^Limit Reached'
wait_prompt

# nothing for a few seconds: the hint
type_line "SELECT * FROM QUIET EMIT CHANGES;"
wait_for "auto\.offset\.reset'='earliest'" 8
key C-c
wait_prompt
hints=$(count "auto\.offset\.reset'='earliest'")

# ... but not when the session already reads from the start
type_line "SET 'auto.offset.reset'='earliest';"
wait_for "^Successfully changed local property 'auto\.offset\.reset' to 'earliest'"
type_line "SELECT * FROM QUIET EMIT CHANGES;"
sleep 4.5
[ "$(count "auto\.offset\.reset'='earliest'")" -eq "$((hints + 1))" ] || fail "hint shown again"
key C-c
wait_prompt
recorded '^props \{"auto\.offset\.reset":"earliest"\}' || fail "SET property not sent with the query"

# a table's deleted rows, and an error in the middle of a stream
type_line "SELECT * FROM USERS;"
wait_for '^\|u2 +\|<TOMBSTONE> +\|$'
wait_prompt
type_line "SELECT * FROM BROKEN EMIT CHANGES;"
wait_for '^ERROR: fake failure while reading PAGEVIEWS'
wait_prompt

# a refused query: error with caret, no grid
type_line "SELECT * FROM MISSING EMIT CHANGES;"
wait_for '^ERROR: line 1:15: MISSING does not exist\.'
wait_for '^              \^$'
wait_prompt
# leave cleanly (under ASan this also checks for leaks)
type_line "exit"
wait_for '^SHELL-EXITED=0'
echo "ok"
