#!/bin/bash
# 0350-rqtt-runner: `sluice test` on an RQTT file of its own: a case that passes, one
# whose expected rows differ (reported as failing, with EXPECTED and ACTUAL), one whose
# expected error matches, one skipped (a Schema Registry format); the summary line and
# the exit status; --record and --expect; the same file against a running server
# (--server).
. "$(dirname "$0")/lib.sh"

cat >"$sl_tmp/cases.json" <<'JSON'
{"tests": [
  {"name": "pull by key",
   "statements": ["CREATE STREAM S (ID INT KEY, V STRING) WITH (kafka_topic='t', value_format='JSON');",
                  "CREATE TABLE T AS SELECT ID, LATEST_BY_OFFSET(V) AS V FROM S GROUP BY ID;",
                  "SELECT * FROM T WHERE ID = 2;"],
   "inputs": [{"topic": "t", "key": 1, "value": {"V": "a"}}, {"topic": "t", "key": 2, "value": {"V": "b"}}],
   "responses": [{"admin": {"@type": "currentStatus"}}, {"admin": {"@type": "currentStatus"}},
                 {"query": [{"header": {"schema": "`ID` INTEGER KEY, `V` STRING"}},
                            {"row": {"columns": [2, "b"]}}]}]},
  {"name": "wrong rows",
   "statements": ["CREATE STREAM S (ID INT KEY, V STRING) WITH (kafka_topic='t', value_format='JSON');",
                  "SELECT V FROM S EMIT CHANGES LIMIT 1;"],
   "inputs": [{"topic": "t", "key": 1, "value": {"V": "a"}}],
   "responses": [{"admin": {"@type": "currentStatus"}},
                 {"query": [{"header": {"schema": "`V` STRING"}}, {"row": {"columns": ["zzz"]}},
                            {"finalMessage": "Limit Reached"}]}]},
  {"name": "expected error",
   "statements": ["CREATE TABLE P (K INT PRIMARY KEY, V INT) WITH (kafka_topic='p', value_format='JSON', partitions=1);",
                  "SELECT * FROM P;"],
   "expectedError": {"type": "io.confluent.ksql.rest.entity.KsqlStatementErrorMessage",
                     "message": "isn't queryable", "status": 400},
   "responses": []},
  {"name": "schema registry",
   "statements": ["CREATE STREAM A (ID INT KEY, V INT) WITH (kafka_topic='a', format='AVRO');"],
   "responses": [{"admin": {"@type": "currentStatus"}}]}
]}
JSON
rc=0
"$SLUICE" test --sluiced "$SLUICED" --record "$sl_tmp/passing" "$sl_tmp/cases.json" >"$sl_tmp/out" 2>&1 || rc=$?
expect_eq "$rc" 1 "exit status with a failing case"
expect_eq "$(tail -n 1 "$sl_tmp/out")" "2 passed, 1 failed, 1 skipped" "summary line"
grep -q '^FAIL cases.json: wrong rows' "$sl_tmp/out" || fail "the failing case is not named: $(cat "$sl_tmp/out")"
grep -q 'zzz' "$sl_tmp/out" || fail "no EXPECTED rows for the failing case"
expect_eq "$(sort "$sl_tmp/passing" | tr '\n' '|')" "cases.json/expected error|cases.json/pull by key|" "recorded"
# the gate: listed cases pass, so the run passes
rc=0
"$SLUICE" test --sluiced "$SLUICED" --expect "$sl_tmp/passing" "$sl_tmp/cases.json" >"$sl_tmp/out" 2>&1 || rc=$?
expect_eq "$rc" 0 "--expect with the passing cases"
# against a running server, one case at a time
start_sluiced "$sl_tmp/data" SLUICE_COMMIT_INTERVAL_MS=20
rc=0
"$SLUICE" test --server "$SL_URL" "$sl_tmp/cases.json" >"$sl_tmp/out" 2>&1 || rc=$?
expect_eq "$(tail -n 1 "$sl_tmp/out")" "2 passed, 1 failed, 1 skipped" "summary against --server"
echo "ok"
