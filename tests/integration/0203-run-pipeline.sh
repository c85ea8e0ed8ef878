#!/bin/sh
# 0203-run-pipeline: `sluice run` applies a file statement by statement; run
# again unchanged it changes nothing; a changed definition is reported, not
# applied; errors point at file:line:col; --dry-run applies nothing.
. "$(dirname "$0")/shell_lib.sh"

start_server
S="$SLUICE_SHELL"
cd "$WORK"

cat >pipeline.sql <<'SQL'
-- riders and their rides
DEFINE prefix = 'city';
SET 'auto.offset.reset' = 'earliest';

CREATE STREAM rides (ride_id INT KEY, rider STRING, km DOUBLE)
  WITH (kafka_topic='${prefix}_rides', value_format='JSON', partitions=1);

CREATE TABLE km_by_rider AS
  SELECT rider, SUM(km) AS km FROM rides GROUP BY rider EMIT CHANGES;

create stream long_rides (ride_id int key, rider string, km double)
  with (kafka_topic='long_rides', value_format='JSON', partitions=1);

INSERT INTO long_rides SELECT * FROM rides WHERE km > 10 EMIT CHANGES;
SQL

"$S" run pipeline.sql --server "$URL" >out1 2>err1 || fail "first run failed: $(cat err1)"
grep -q '^pipeline.sql:5: Stream created' out1 || fail "first run: $(cat out1)"
grep -q '^pipeline.sql: 4 applied, 0 unchanged$' out1 || fail "first run: $(cat out1)"

if [ "$FAKE" = 1 ]; then
    creates=$(grep -Ec '^ksql (CREATE|create|INSERT)' "$RECORD")
    [ "$creates" -eq 4 ] || fail "first run sent $creates statements that create"
    recorded "^ksql CREATE STREAM rides .*kafka_topic='city_rides'" || fail "\${prefix} not substituted"
    recorded '^props \{"auto\.offset\.reset":"earliest"\}' || fail "SET not sent with the statements"
fi

# unchanged: nothing is sent that creates anything
"$S" run pipeline.sql --server "$URL" >out2 2>err2 || fail "second run failed: $(cat err2)"
grep -q '^pipeline.sql:5: STREAM RIDES: unchanged, skipped$' out2 || fail "second run: $(cat out2)"
grep -q '^pipeline.sql:8: TABLE KM_BY_RIDER: unchanged, skipped$' out2 || fail "second run: $(cat out2)"
grep -q '^pipeline.sql:14: INSERT INTO LONG_RIDES: unchanged, skipped$' out2 || fail "second run: $(cat out2)"
grep -q '^pipeline.sql: 0 applied, 4 unchanged$' out2 || fail "second run: $(cat out2)"
if [ "$FAKE" = 1 ]; then
    [ "$(grep -Ec '^ksql (CREATE|create|INSERT)' "$RECORD")" -eq 4 ] || fail "second run re-sent a statement"
fi

# a changed definition is an error naming both, and is not applied
sed '6s/partitions=1/partitions=4/' pipeline.sql >changed.sql
if "$S" run changed.sql --server "$URL" >out3 2>err3; then fail "changed definition exited 0"; fi
grep -q '^changed.sql:5:1: STREAM RIDES exists with a different definition$' err3 || fail "changed: $(cat err3)"
grep -q '^  on the server: CREATE STREAM RIDES' err3 || fail "changed: $(cat err3)"
grep -q "^  in the file:   CREATE STREAM RIDES .*PARTITIONS=4" err3 || fail "changed: $(cat err3)"

# ... unless it says OR REPLACE
sed 's/^CREATE STREAM rides/CREATE OR REPLACE STREAM rides/' changed.sql >replace.sql
"$S" run replace.sql --server "$URL" >out4 2>err4 || fail "OR REPLACE failed: $(cat err4)"
grep -q '^replace.sql:5: Stream created' out4 || fail "OR REPLACE: $(cat out4)"

# errors at file:line:col - the statement's place plus the server's line:col in it
printf -- '-- a broken pipeline\n\nSHOW STREAMS;\n   CREATE STREAM broken (id INT)\n     FORM x;\nLIST TOPICS;\n' >bad.sql
if "$S" run bad.sql --server "$URL" >out5 2>err5; then fail "bad.sql exited 0"; fi
grep -q "^bad.sql:5:6: Syntax Error" err5 || fail "bad.sql: $(cat err5)"
! recorded '^ksql LIST TOPICS;' || fail "ran on after the error"
printf 'CREATE STREAM ${name} (id INT) WITH (kafka_topic=\047t\047);\n' >var.sql
if "$S" run var.sql --server "$URL" --define 'name=x; DROP STREAM rides' 2>err6; then fail "injection exited 0"; fi
grep -q "^var.sql:1:15: variable 'name' must hold one identifier or literal" err6 ||
    fail "var.sql: $(cat err6)"
printf 'SHOW STREAMS;\nSHOW TABLES\n' >open.sql
if "$S" run open.sql --server "$URL" >/dev/null 2>err7; then fail "open.sql exited 0"; fi
grep -q "^open.sql:2:1: statement does not end with ';'" err7 || fail "open.sql: $(cat err7)"
printf 'SELECT * FROM rides EMIT CHANGES;\n' >query.sql
if "$S" run query.sql --server "$URL" 2>err8; then fail "query.sql exited 0"; fi
grep -q '^query.sql:1:1: sluice run applies pipelines' err8 || fail "query.sql: $(cat err8)"

# --dry-run: planned by the server, nothing applied
printf 'CREATE STREAM dry (id INT) WITH (kafka_topic=\047dry\047, value_format=\047JSON\047);\n' >dry.sql
"$S" run dry.sql --server "$URL" --dry-run >out9 2>err9 || fail "dry run failed: $(cat err9)"
grep -q '^dry.sql:1: would apply: Stream created' out9 || fail "dry run: $(cat out9)"
grep -q 'dry run: nothing was changed' out9 || fail "dry run: $(cat out9)"
if [ "$FAKE" = 1 ]; then
    recorded '"sluice\.dry\.run":true' || fail "dry run did not ask the server for a dry run"
fi
"$S" "$URL" -e "SHOW STREAMS;" | grep -q '^ DRY ' && fail "dry run created the stream"

# no such file, no server
if "$S" run nope.sql 2>err10; then fail "missing file exited 0"; fi
grep -q '^ERROR: cannot read nope.sql' err10 || fail "missing file: $(cat err10)"
if "$S" run pipeline.sql --server http://127.0.0.1:1 2>err11; then fail "dead server exited 0"; fi
grep -q '^pipeline.sql:5:1: cannot connect to the server' err11 || fail "dead server: $(cat err11)"
echo "ok"
