#!/bin/bash
# 0120-restart: what survives a stop, and what a broken command log does.
#   1. streams, a table, three persistent queries (one terminated), data;
#   2. SIGTERM; records appended to the source while sluiced is down;
#   3. restart on the same data dir: the same catalog (SHOW STREAMS / TABLES /
#      QUERIES, same query ids, the terminated one still gone), and the query
#      resumes where it stopped: the records written while it was down are
#      processed, once; so are records inserted after the restart; a graceful
#      stop commits what was processed (nothing is processed twice even with
#      commits an hour apart);
#   4. a garbled record appended to the command topic: the server still
#      starts, read-only; /info and /healthcheck say DEGRADED and why; reads
#      work, DDL, INSERT and TERMINATE are refused with a clear error; the
#      queries replayed before the bad record keep running.
source "$(dirname "$0")/lib.sh"

data=$sl_tmp/data
cmd_topic=_confluent-ksql-default__command_topic

# catalog: the names, query ids and states the SHOW statements list, as one line
catalog() {
    ksql_ok "SHOW STREAMS; SHOW TABLES; SHOW QUERIES;"
    jget '[sorted(s["name"] for s in d[0]["streams"]), sorted(t["name"] for t in d[1]["tables"]),
           sorted([q["id"], q["state"], q["sinks"]] for q in d[2]["queries"])]'
}

# output_ns TOPIC: the N values of TOPIC's records (sluiced stopped), one per line, sorted
output_ns() {
    "$SL_LOG_TOOL" -d "$data/state" consume "$1" all |
        python3 -c 'import json, sys
for line in sys.stdin: print(json.loads(line.split("\t")[4])["N10"] // 10)' | sort -n
}

# --- 1. statements and data --------------------------------------------------------------
start_sluiced "$data"
ksql_ok "CREATE STREAM src (id VARCHAR KEY, n INT)
           WITH (kafka_topic='src', partitions=2, value_format='JSON');
         CREATE TABLE users (id VARCHAR PRIMARY KEY, name VARCHAR)
           WITH (kafka_topic='users', partitions=1, value_format='JSON');
         CREATE STREAM tens AS SELECT id, n * 10 AS n10 FROM src;
         CREATE TABLE names AS SELECT id, UCASE(name) AS name FROM users;
         CREATE STREAM odd AS SELECT id, n FROM src WHERE n % 2 = 1;"
q_tens=$(jget 'd[2]["commandStatus"]["queryId"]')
q_odd=$(jget 'd[4]["commandStatus"]["queryId"]')
ksql_ok "TERMINATE $q_odd;"
inserts=
for i in $(seq 1 20); do inserts+="INSERT INTO src (id, n) VALUES ('k$i', $i);"; done
ksql_ok "$inserts INSERT INTO users (id, name) VALUES ('u1', 'ada');"
wait_caught_up SRC
before=$(catalog)
expect_contains "$before" "[\"$q_tens\", \"RUNNING\", [\"TENS\"]]" "the catalog before the stop"
case $before in *"$q_odd"*) fail "the terminated query is listed: $before" ;; esac
stop_sluiced

# --- 2. input while sluiced is down -----------------------------------------------------------
for i in $(seq 21 50); do printf -- '-\tk%d\t%d\t{"N":%d}\n' "$i" "$((1700000000000 + i))" "$i"; done |
    "$SL_LOG_TOOL" -d "$data/state" produce src >/dev/null

# --- 3. restart ------------------------------------------------------------------------------
start_sluiced "$data"
expect_eq "$(catalog)" "$before" "the catalog after the restart"
http GET /info
expect_eq "$(jget 'd["KsqlServerInfo"]["serverStatus"]')" RUNNING "serverStatus after restart"
wait_caught_up SRC
ksql_ok "DESCRIBE tens EXTENDED;"
expect_eq "$(jget 'd[0]["sourceDescription"]["statistics"]')" "messages-written: 30" \
    "records processed since the restart (the 30 written while down)"
inserts=
for i in $(seq 51 60); do inserts+="INSERT INTO src (id, n) VALUES ('k$i', $i);"; done
ksql_ok "$inserts"
ksql_ok "CREATE STREAM later AS SELECT * FROM src;"
new_qid=$(jget 'd[0]["commandStatus"]["queryId"]')
for q in "$q_tens" "$q_odd"; do
    [ "$new_qid" != "$q" ] || fail "a new query reuses the id $q"
done
wait_caught_up SRC
stop_sluiced

# --- 3b. a graceful stop commits what the queries processed ---------------------------------
# With commits an hour apart, the only commit of these ten records is the one SIGTERM makes:
# after the restart the query must not process them again.
start_sluiced "$data" SLUICE_COMMIT_INTERVAL_MS=1h
inserts=
for i in $(seq 61 70); do inserts+="INSERT INTO src (id, n) VALUES ('k$i', $i);"; done
ksql_ok "$inserts"
for i in $(seq 100); do
    ksql_ok "DESCRIBE tens EXTENDED;"
    [ "$(jget 'd[0]["sourceDescription"]["statistics"]')" = "messages-written: 10" ] && break
    sleep 0.1
done
expect_eq "$(jget 'd[0]["sourceDescription"]["statistics"]')" "messages-written: 10" \
    "records processed before the stop"
stop_sluiced
start_sluiced "$data"
wait_caught_up SRC
ksql_ok "DESCRIBE tens EXTENDED;"
expect_eq "$(jget 'd[0]["sourceDescription"]["statistics"]')" "messages-written: 0" \
    "records processed again after a graceful stop"
stop_sluiced
output_ns TENS >"$sl_tmp/got"
seq 1 70 >"$sl_tmp/want"
cmp -s "$sl_tmp/got" "$sl_tmp/want" ||
    fail "TENS does not hold each of 1..70 once: $(diff "$sl_tmp/want" "$sl_tmp/got" | head -5)"

# --- 4. a garbled command log ---------------------------------------------------------------
printf -- '0\t-\t%d\t{"statement": CREATE STREAM garbled\n' "$(date +%s000)" |
    "$SL_LOG_TOOL" -d "$data/state" produce "$cmd_topic" >/dev/null
start_sluiced "$data"
http GET /info
expect_status 200 "/info when degraded"
expect_eq "$(jget 'd["KsqlServerInfo"]["serverStatus"]')" DEGRADED "serverStatus"
expect_contains "$(jget 'd["KsqlServerInfo"]["serverStatusDetail"]')" \
    "is not a valid command record" "why DEGRADED (/info)"
http GET /healthcheck
expect_status 503 "/healthcheck when degraded"
expect_eq "$(jget 'd["isHealthy"], d["details"]["commandRunner"]["isHealthy"]')" \
    "(False, False)" "health when degraded"
expect_contains "$(jget 'd["details"]["commandRunner"]["error"]')" \
    "is not a valid command record" "why DEGRADED (/healthcheck)"
expect_contains "$(catalog)" "[\"$q_tens\", \"RUNNING\", [\"TENS\"]]" \
    "queries replayed before the bad record"
for stmt in "CREATE STREAM more (id VARCHAR KEY, n INT) WITH (kafka_topic='more', partitions=1, value_format='JSON');" \
    "INSERT INTO src (id, n) VALUES ('k61', 61);" \
    "TERMINATE $q_tens;" \
    "DROP TABLE names;"; do
    ksql "$stmt"
    expect_status 503 "$stmt when degraded"
    expect_eq "$(jget 'd["error_code"]')" 50303 "$stmt when degraded: code"
    expect_contains "$(jget 'd["message"]')" "degraded state (read-only)" "$stmt: message"
    expect_contains "$(jget 'd["message"]')" "is not a valid command record" "$stmt: why"
done
ksql_ok "DESCRIBE src EXTENDED; SHOW TOPICS;"
stop_sluiced
echo "ok: 0120 catalog and progress survive a restart; a bad command log degrades, read-only"
