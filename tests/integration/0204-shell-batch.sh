#!/bin/sh
# 0204-shell-batch: non-interactive runs (--execute, --file, piped input) print
# results and exit non-zero on the first error; --output json, --define,
# --config-file, credentials, and a dead server.
. "$(dirname "$0")/shell_lib.sh"

start_server --user alice --password s3cret
[ "$FAKE" = 1 ] || { echo "skip: needs the fake server's credentials"; exit 77; }
S="$SLUICE_SHELL"
AUTH="-u alice -p s3cret"

# --execute
out=$("$S" "$URL" $AUTH -e "SHOW STREAMS;") || fail "--execute failed"
echo "$out" | grep -q '^ PAGEVIEWS ' || fail "--execute output: $out"
out=$("$S" "$URL" $AUTH --output json -e "SHOW STREAMS") || fail "--output json failed"
echo "$out" | grep -q '"@type": "streams"' || fail "--output json output: $out"

# the first error ends the run, with status 1
if "$S" "$URL" $AUTH -e "SHOW STREAMS FORM x; LIST TOPICS;" >"$WORK/out" 2>"$WORK/err"; then
    fail "an error exited 0"
fi
grep -q "^ERROR: line 1:14: Syntax Error" "$WORK/err" || fail "stderr: $(cat "$WORK/err")"
! recorded '^ksql LIST TOPICS;' || fail "ran on after the error"

# --file, --define, --config-file
cat >"$WORK/script.sql" <<'SQL'
-- describe what --define names
DESCRIBE ${src};
SHOW TABLES;
SQL
printf '# session properties\nauto.offset.reset=earliest\n' >"$WORK/session.properties"
out=$("$S" "$URL" $AUTH --file "$WORK/script.sql" --define src=PAGEVIEWS \
    --config-file "$WORK/session.properties") || fail "--file failed"
echo "$out" | grep -q '^Name  *: PAGEVIEWS' || fail "--define not substituted: $out"
echo "$out" | grep -q '^ USERS ' || fail "second statement of --file not run: $out"
recorded '^props \{"auto\.offset\.reset":"earliest"\}' || fail "--config-file properties not sent"

# RUN SCRIPT runs a file's statements inside the session (variables included)
out=$("$S" "$URL" $AUTH -d src=USERS -e "RUN SCRIPT '$WORK/script.sql';") || fail "RUN SCRIPT failed"
echo "$out" | grep -q '^Name  *: USERS' || fail "RUN SCRIPT output: $out"

# piped input
out=$(printf 'SHOW STREAMS;\nexit\n' | "$S" "$URL" $AUTH) || fail "piped input failed"
echo "$out" | grep -q '^ PAGEVIEWS ' || fail "piped output: $out"

# wrong or missing credentials
if "$S" "$URL" -u alice -p wrong -e "SHOW STREAMS;" 2>"$WORK/err"; then fail "bad password exited 0"; fi
grep -q '^ERROR: Unauthorized' "$WORK/err" || fail "401 stderr: $(cat "$WORK/err")"
grep -q 'sluice -u USER -p PASSWORD' "$WORK/err" || fail "no hint for 401"

# nobody listening
if "$S" http://127.0.0.1:1 -e "SHOW STREAMS;" 2>"$WORK/err"; then fail "dead server exited 0"; fi
grep -q '^ERROR: cannot connect to the server at http://127.0.0.1:1' "$WORK/err" ||
    fail "dead server stderr: $(cat "$WORK/err")"

# bad usage
set +e
"$S" --no-such-flag >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad flag did not exit 2"
set -e
echo "ok"
