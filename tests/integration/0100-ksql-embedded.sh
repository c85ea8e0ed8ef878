#!/bin/bash
# 0100-ksql-embedded: a real sluiced on its embedded log, driven over HTTP as a
# user would drive it:
#   1. command-line and configuration errors stop sluiced with a clear message;
#      a second sluiced on a data dir in use is refused;
#   2. /info and /healthcheck;
#   3. CREATE STREAM, a CSAS with a filter and a projection, INSERT VALUES;
#      SHOW STREAMS / QUERIES, DESCRIBE EXTENDED with counters and offsets,
#      EXPLAIN;
#   4. DROP refused while a query reads the source; error entities for bad
#      SQL (syntax error with line:col, unknown source, SELECT on /ksql) and
#      for malformed HTTP requests;
#   5. TERMINATE, then the DROP goes through;
#   6. after a graceful stop, the output topic holds exactly the filtered,
#      projected rows (read with sl_log_tool).
source "$(dirname "$0")/lib.sh"

data=$sl_tmp/data

# --- 1. bad command lines and configurations -------------------------------------------
rc=0
"$SLUICED" --no-such-flag 2>"$sl_tmp/err" || rc=$?
expect_eq "$rc" 2 "exit status of an unknown flag"
rc=0
"$SLUICED" --config "$sl_tmp/missing.properties" 2>"$sl_tmp/err" || rc=$?
expect_eq "$rc" 1 "exit status of a missing config file"
expect_contains "$(cat "$sl_tmp/err")" "cannot open config file" "missing config file"
printf 'data.dir=%s\nnum.stream.threads=many\n' "$data" >"$sl_tmp/bad.properties"
rc=0
"$SLUICED" --config "$sl_tmp/bad.properties" 2>"$sl_tmp/err" || rc=$?
expect_eq "$rc" 1 "exit status of a bad config value"
expect_contains "$(cat "$sl_tmp/err")" "bad.properties:2: invalid value for 'num.stream.threads'" \
    "bad config value"
rc=0
SLUICE_LOG_LEVEL=chatty "$SLUICED" 2>"$sl_tmp/err" || rc=$?
expect_eq "$rc" 1 "exit status of a bad environment override"
expect_contains "$(cat "$sl_tmp/err")" "environment SLUICE_LOG_LEVEL" "bad environment override"

rc=0
SLUICE_DATA_DIR=$data SLUICE_LISTENERS=https://127.0.0.1:0 "$SLUICED" 2>"$sl_tmp/err" || rc=$?
expect_eq "$rc" 1 "exit status of an https listener"
expect_contains "$(cat "$sl_tmp/err")" "an https:// listener needs ssl.certificate.location" \
    "an https listener without a certificate"
[ ! -e "$data" ] || fail "a bad listener is reported only after the data dir was opened"

start_sluiced "$data"
first_log=$SL_LOG
rc=0
SLUICE_DATA_DIR=$data SLUICE_LISTENERS=http://127.0.0.1:0 "$SLUICED" 2>"$sl_tmp/err" || rc=$?
expect_eq "$rc" 1 "exit status of a second sluiced on the same data dir"
expect_contains "$(cat "$sl_tmp/err")" "cannot open the engine" "second sluiced"
rc=0
SLUICE_DATA_DIR=$sl_tmp/other SLUICE_LISTENERS=${SL_URL} "$SLUICED" 2>"$sl_tmp/err" || rc=$?
expect_eq "$rc" 1 "exit status of a second sluiced on the same port"
expect_contains "$(cat "$sl_tmp/err")" "cannot listen on 127.0.0.1:${SL_URL##*:}" "same port"
SL_LOG=$first_log

# --- 2. /info and /healthcheck -----------------------------------------------------------
http GET /info
expect_status 200 "/info"
expect_eq "$(jget 'd["KsqlServerInfo"]["serverStatus"]')" RUNNING "serverStatus"
expect_eq "$(jget 'd["KsqlServerInfo"]["ksqlServiceId"]')" default_ "ksqlServiceId"
expect_eq "$(jget 'len(d["KsqlServerInfo"]["kafkaClusterId"])')" 22 "kafkaClusterId length"
http GET /healthcheck
expect_status 200 "/healthcheck"
expect_eq "$(jget 'd["isHealthy"] and all(c["isHealthy"] for c in d["details"].values())')" \
    True "healthy"
expect_eq "$(jget 'sorted(d["details"])')" '["commandRunner", "kafka", "metastore", "queries"]' "checks"

# --- 3. a pipeline -------------------------------------------------------------------------
ksql_ok "CREATE STREAM orders (id VARCHAR KEY, item VARCHAR, qty INT, price DOUBLE)
           WITH (kafka_topic='orders', partitions=2, value_format='JSON');
         CREATE STREAM big_orders AS
           SELECT id, UCASE(item) AS item, qty * price AS total FROM orders
           WHERE qty >= 10 EMIT CHANGES;"
expect_eq "$(jget 'd[0]["commandStatus"]["message"]')" "Stream created" "CREATE STREAM"
qid=$(jget 'd[1]["commandStatus"]["queryId"]')
expect_contains "$qid" CSAS_BIG_ORDERS_ "the CSAS's query id"

inserts=
for i in $(seq 1 10); do
    inserts+="INSERT INTO orders (id, item, qty, price) VALUES ('o$i', 'item$i', $((i * 2)), 1.5);"
done
ksql_ok "$inserts"
expect_eq "$(jget 'd')" "[]" "INSERT VALUES answers no entity"
wait_caught_up ORDERS

ksql_ok "SHOW STREAMS;"
expect_eq "$(jget 'sorted(s["name"] for s in d[0]["streams"])')" '["BIG_ORDERS", "ORDERS"]' \
    "SHOW STREAMS"
ksql_ok "SHOW QUERIES;"
expect_eq "$(jget '[(q["id"], q["state"], q["sinks"]) for q in d[0]["queries"]]')" \
    "[[\"$qid\", \"RUNNING\", [\"BIG_ORDERS\"]]]" "SHOW QUERIES"
ksql_ok "DESCRIBE big_orders EXTENDED;"
expect_eq "$(jget 'd[0]["sourceDescription"]["statistics"]')" "messages-written: 6" \
    "messages written (qty 10..20)"
expect_eq "$(jget 'd[0]["sourceDescription"]["errorStats"]')" "failed-messages: 0" "errors"
expect_eq "$(jget '[(f["name"], f["schema"]["type"]) for f in d[0]["sourceDescription"]["fields"]]')" \
    '[["ID", "STRING"], ["ITEM", "STRING"], ["TOTAL", "DOUBLE"]]' "the sink's columns"
expect_eq "$(jget 'd[0]["sourceDescription"]["writeQueries"][0]["id"]')" "$qid" "writeQueries"
ksql_ok "DESCRIBE orders EXTENDED;"
expect_eq "$(jget '[(o["partition"], o["logEndOffset"] == o["consumerOffset"])
    for o in d[0]["sourceDescription"]["queryOffsetSummaries"][0]["topicSummaries"][0]["offsets"]]')" \
    '[[0, true], [1, true]]' "the query's offsets on ORDERS"
expect_eq "$(jget 'sum(o["logEndOffset"] for o in
    d[0]["sourceDescription"]["queryOffsetSummaries"][0]["topicSummaries"][0]["offsets"])')" 10 \
    "records in ORDERS"
ksql_ok "EXPLAIN $qid;"
expect_eq "$(jget 'd[0]["queryDescription"]["id"]')" "$qid" "EXPLAIN's id"
expect_eq "$(jget 'd[0]["queryDescription"]["sources"]')" '["ORDERS"]' "EXPLAIN's sources"
expect_contains "$(jget 'd[0]["queryDescription"]["executionPlan"]')" BIG_ORDERS "EXPLAIN's plan"

# --- 4. refusals and error entities --------------------------------------------------------
ksql "DROP STREAM orders;"
expect_status 400 "DROP of a source a query reads"
expect_eq "$(jget 'd["@type"]')" statement_error "DROP's error type"
expect_contains "$(jget 'd["message"]')" "The following queries read from this source: [$qid]" \
    "DROP's message"

ksql "SHOW STREAMS;
CREATE STREAM oops AS
  SELEC * FROM orders;"
expect_status 400 "a syntax error"
expect_eq "$(jget 'd["error_code"]')" 40001 "a syntax error's code"
expect_contains "$(jget 'd["message"]')" "line 3:3: Syntax Error" "a syntax error's position"
expect_eq "$(jget 'd["statementText"]')" "CREATE STREAM oops AS
  SELEC * FROM orders;" "the failing statement"
expect_eq "$(jget '[e["@type"] for e in d["entities"]]')" '["streams"]' \
    "the entities before the error"

ksql "CREATE STREAM copy AS SELECT * FROM nowhere;"
expect_status 400 "an unknown source"
expect_eq "$(jget 'd["message"]')" "NOWHERE does not exist." "an unknown source's message"
ksql "DESCRIBE nowhere;"
expect_status 404 "DESCRIBE of an unknown source"
expect_eq "$(jget 'd["error_code"]')" 40400 "DESCRIBE of an unknown source: code"
ksql "SELECT * FROM orders EMIT CHANGES;"
expect_status 400 "SELECT on /ksql"
expect_eq "$(jget 'd["error_code"]')" 40002 "SELECT on /ksql: code"

http POST /ksql 'SHOW STREAMS;'
expect_status 400 "a body that is not JSON"
expect_eq "$(jget 'd["@type"], d["error_code"]')" "('generic_error', 40000)" "not JSON: entity"
expect_contains "$(jget 'd["message"]')" "the request body is not valid JSON" "not JSON: message"
http POST /ksql '{"sql": "SHOW STREAMS;"}'
expect_status 400 "a body without ksql"
expect_contains "$(jget 'd["message"]')" 'has no "ksql" field' "no ksql: message"
http POST /ksql '{"ksql": ["SHOW STREAMS;"]}'
expect_status 400 "a ksql that is not a string"
expect_eq "$(jget 'd["message"]')" '"ksql" must be a string' "ksql not a string: message"
http POST /ksql '{"ksql": "SHOW STREAMS;", "streamsProperties": "auto.offset.reset=latest"}'
expect_status 400 "streamsProperties not an object"
http POST /ksql ''
expect_status 400 "an empty body"
http GET /ksql
expect_status 405 "GET /ksql"
http GET /info '' -H 'Accept: text/html'
expect_status 406 "Accept: text/html"
http GET /nowhere
expect_status 404 "an unknown path"

# --- 5. TERMINATE, then DROP ---------------------------------------------------------------
ksql_ok "TERMINATE $qid;"
expect_eq "$(jget 'd[0]["commandStatus"]["message"]')" "Query terminated." "TERMINATE"
ksql_ok "SHOW QUERIES;"
expect_eq "$(jget 'd[0]["queries"]')" "[]" "queries after TERMINATE"
ksql "TERMINATE $qid;"
expect_status 400 "TERMINATE of a terminated query"
ksql_ok "DROP STREAM orders;"
ksql_ok "SHOW STREAMS;"
expect_eq "$(jget '[s["name"] for s in d[0]["streams"]]')" '["BIG_ORDERS"]' "streams after DROP"
stop_sluiced

# --- 6. the output topic -------------------------------------------------------------------
"$SL_LOG_TOOL" -d "$data/state" consume BIG_ORDERS all >"$sl_tmp/out.tsv"
python3 - "$sl_tmp/out.tsv" <<'EOF' || fail "the output topic does not hold the expected rows"
import json, sys
got = {}
for line in open(sys.argv[1]):
    part, off, key, ts, val = line.rstrip("\n").split("\t")[:5]
    assert key not in got, "duplicate " + key
    got[key] = json.loads(val)
want = {"o%d" % i: {"ITEM": "ITEM%d" % i, "TOTAL": i * 2 * 1.5} for i in range(5, 11)}
if got != want:
    print("got ", got, "\nwant", want, file=sys.stderr)
    sys.exit(1)
EOF
echo "ok: 0100 statements, entities, errors and output over HTTP"
