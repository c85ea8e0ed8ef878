#!/bin/bash
# 0140-processing-log: records a query cannot read.
#   1. 1,000 records, every tenth malformed (alternately not JSON, and JSON
#      with a string where the column is an INT), pre-loaded with sl_log_tool
#      into a topic of 2 partitions; then a stream over it and a CSAS;
#   2. the query keeps running: the output holds exactly the 900 valid
#      records (and one inserted afterwards), the processing log topic
#      (default_ksql_processing_log) exactly one entry per bad record, naming
#      its query, topic, partition and offset; DESCRIBE EXTENDED counts 901
#      written and 100 failed;
#   3. with fail.on.deserialization.error=true the same query stops at the
#      first bad record: SHOW QUERIES says ERROR, EXPLAIN says why, and
#      /healthcheck reports the failed query (503, naming it).
source "$(dirname "$0")/lib.sh"

# preload DATADIR PARTITIONS: creates topic events and writes the records;
# $sl_tmp/bad.tsv gets "partition<TAB>offset" of each bad record.
preload() {
    "$SL_LOG_TOOL" -d "$1/state" create events "$2"
    python3 -c '
import sys
for i in range(1000):
    if i % 10 != 9:
        val = "{\"V\":%d,\"NAME\":\"n%d\"}" % (i, i)
    elif i % 20 == 9:
        val = "{\"V\":%d,\"NAME\":" % i  # not JSON: cut short
    else:
        val = "{\"V\":\"v%d\",\"NAME\":\"n%d\"}" % (i, i)  # V is an INT column
    sys.stdout.write("-\tk%d\t%d\t%s\n" % (i, 1700000000000 + i, val))
' >"$sl_tmp/in.tsv"
    "$SL_LOG_TOOL" -d "$1/state" produce events <"$sl_tmp/in.tsv" >"$sl_tmp/placed.tsv"
    awk 'NR % 10 == 0' "$sl_tmp/placed.tsv" | sort >"$sl_tmp/bad.tsv"
}

create_query() {
    ksql_ok "CREATE STREAM events (id VARCHAR KEY, v INT, name VARCHAR)
               WITH (kafka_topic='events', value_format='JSON');
             CREATE STREAM good AS SELECT id, v, name FROM events;"
    qid=$(jget 'd[1]["commandStatus"]["queryId"]')
}

# --- 1, 2. log and go on -------------------------------------------------------------------
data=$sl_tmp/data
mkdir -p "$data"
preload "$data" 2
start_sluiced "$data"
create_query
wait_caught_up EVENTS
ksql_ok "INSERT INTO events (id, v, name) VALUES ('k1000', 1000, 'n1000');"
wait_caught_up EVENTS
ksql_ok "SHOW QUERIES;"
expect_eq "$(jget 'd[0]["queries"][0]["state"]')" RUNNING "the query's state"
ksql_ok "DESCRIBE good EXTENDED;"
expect_eq "$(jget 'd[0]["sourceDescription"]["statistics"]')" "messages-written: 901" \
    "messages written"
expect_eq "$(jget 'd[0]["sourceDescription"]["errorStats"]')" "failed-messages: 100" \
    "failed messages"
stop_sluiced

"$SL_LOG_TOOL" -d "$data/state" consume GOOD all >"$sl_tmp/out.tsv"
python3 - "$sl_tmp/out.tsv" <<'EOF' || fail "the output is not exactly the valid records"
import json, sys
got = {}
for line in open(sys.argv[1]):
    key, val = line.split("\t")[2], line.split("\t")[4]
    assert key not in got, "duplicate " + key
    got[key] = json.loads(val)
want = {"k%d" % i: {"V": i, "NAME": "n%d" % i} for i in list(range(1000)) + [1000] if i % 10 != 9}
assert got == want, "got %d records, want %d; differ at %s" % (
    len(got), len(want), sorted(set(got) ^ set(want))[:5])
EOF
"$SL_LOG_TOOL" -d "$data/state" consume default_ksql_processing_log all >"$sl_tmp/plog.tsv"
python3 - "$sl_tmp/plog.tsv" "$qid" >"$sl_tmp/plog_at.tsv" <<'EOF' ||
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line.split("\t")[4])
    assert e["LOGGER"] == "processing." + sys.argv[2], e["LOGGER"]
    assert e["LEVEL"] == "ERROR" and e["MESSAGE"]["TYPE"] == 0, e
    d = e["MESSAGE"]["DESERIALIZATIONERROR"]
    assert d["topic"] == "events" and d["ERRORMESSAGE"], d
    print("%d\t%d" % (d["partition"], d["offset"]))
EOF
    fail "processing log entries are not ksqlDB's deserialization errors"
sort "$sl_tmp/plog_at.tsv" >"$sl_tmp/plog_sorted.tsv"
cmp -s "$sl_tmp/plog_sorted.tsv" "$sl_tmp/bad.tsv" ||
    fail "the processing log does not hold exactly one entry per bad record:
$(diff "$sl_tmp/bad.tsv" "$sl_tmp/plog_sorted.tsv" | head -5)"

# --- 3. fail.on.deserialization.error ------------------------------------------------------
data=$sl_tmp/data_strict
mkdir -p "$data"
preload "$data" 1
start_sluiced "$data" SLUICE_FAIL_ON_DESERIALIZATION_ERROR=true
create_query
for i in $(seq 300); do
    ksql_ok "SHOW QUERIES;"
    [ "$(jget 'd[0]["queries"][0]["state"]')" = ERROR ] && break
    sleep 0.1
done
expect_eq "$(jget 'd[0]["queries"][0]["state"]')" ERROR "the strict query's state"
ksql_ok "EXPLAIN $qid;"
expect_eq "$(jget 'd[0]["queryDescription"]["state"]')" ERROR "EXPLAIN's state"
expect_contains "$(jget 'd[0]["queryDescription"]["queryErrors"][0]["errorMessage"]')" \
    "query stopped on a record it cannot deserialize" "why the query stopped"
http GET /healthcheck
expect_status 503 "/healthcheck with a failed query"
expect_contains "$(jget 'd["details"]["queries"]["error"]')" "$qid failed" "the failed query in /healthcheck"
stop_sluiced
out=$("$SL_LOG_TOOL" -d "$data/state" ends GOOD | awk -F'\t' '{ n += $3 } END { print n + 0 }')
[ "$out" -le 9 ] || fail "the strict query wrote $out records; the first bad one is the 10th"
echo "ok: 0140 bad records go to the processing log, once each; strict mode stops the query"
