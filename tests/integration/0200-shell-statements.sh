#!/bin/sh
# 0200-shell-statements: the shell in a terminal - banner, a CREATE typed
# over two lines answered with a message box, tables for SHOW/DESCRIBE, an
# error with its line and a caret, local commands, tab completion.
. "$(dirname "$0")/shell_lib.sh"

start_server
start_shell

wait_for '^CLI v[^ ]+, Server v[^ ]+ located at http://'
wait_for '^Server Status: RUNNING'

# a statement over two lines: continuation prompt, then the result box
type_line "CREATE STREAM riders (id INT, name STRING)"
wait_for '^      > $|^      >$'
type_line "  WITH (kafka_topic='riders', value_format='JSON', partitions=1);"
wait_for '^ Message'
wait_for '^ Stream created'
wait_prompt

type_line "SHOW STREAMS;"
wait_for '^ Stream Name +\| Kafka Topic +\| Key Format +\| Value Format +\| Windowed'
wait_for '^ RIDERS +\| riders'
wait_prompt

if [ "$FAKE" = 1 ]; then
    type_line "DESCRIBE PAGEVIEWS;"
    wait_for '^Name +: PAGEVIEWS'
    wait_for '^ USERID +\| VARCHAR\(STRING\)'
    wait_prompt
fi

# an error: the message, the statement line, a caret under the column
type_line "SHOW STREAMS"
type_line "  FORM somewhere;"
wait_for '^ERROR: line 2:3: '
wait_for '^  FORM somewhere;'
wait_for '^  \^$'
wait_prompt

# local commands need no ';'
type_line "help"
wait_for 'Commands \(one per line'
type_line "output JSON"
wait_for '^Output format set to JSON'
type_line "SHOW STREAMS;"
wait_for '"@type": "streams"'
type_line "output tabular"
wait_for '^Output format set to TABULAR'
type_line "version"
wait_for '^Version: '
type_line "server"
wait_for "^Server: $URL"
wait_prompt

# Tab completes keywords (in the case typed) and names fetched from the server
type_text "desc"
key Tab
type_text "rid"
key Tab
sleep 0.5
[ "$(last_line)" = "sluice> describe riders" ] || fail "completion gave '$(last_line)'"
type_line ";"
wait_for '^Name +: RIDERS'
wait_prompt

# spool copies what is shown
type_line "spool $WORK/spool.txt"
wait_for '^Session will be spooled to '
type_line "SHOW STREAMS;"
wait_for '^ RIDERS'
type_line "spool off"
wait_for '^Spool written to '
grep -q '^ RIDERS' "$WORK/spool.txt" || fail "spool file lacks the SHOW STREAMS output"

type_line "exit"
wait_for '^Exiting sluice\.'
wait_for '^SHELL-EXITED=0'
echo "ok"
