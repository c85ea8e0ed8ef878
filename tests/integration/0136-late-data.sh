#!/bin/bash
# 0136-late-data: late records are counted exactly and routed, never lost silently.
#
# 1,000 in-order readings (one a second, three sensors) and 37 stragglers
# stamped two minutes behind the stream (beyond the 10 s grace of a 1-minute
# tumbling window) are appended before sluiced starts. The windowed count must
# cover exactly the 1,000; DESCRIBE EXTENDED must say 37 late records were
# dropped; the query's LATE_DATA_TOPIC must hold those 37, each with the
# reason, its record time and its sensor.
source "$(dirname "$0")/lib.sh"

data=$sl_tmp/data
start_sluiced "$data"
ksql_ok "CREATE STREAM readings (sensor VARCHAR KEY, temp INT)
           WITH (kafka_topic='readings', partitions=1, value_format='JSON');
         CREATE TABLE per_minute WITH (LATE_DATA_TOPIC='late_readings') AS
           SELECT sensor, AS_VALUE(sensor) AS s, WINDOWSTART AS ws, COUNT(*) AS n FROM readings
           WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS)
           GROUP BY sensor EMIT CHANGES;"
stop_sluiced

python3 - >"$sl_tmp/in.tsv" <<'EOF'
base = 1700000040000  # a minute boundary
late = 0
for i in range(1000):
    print("-\ts%d\t%d\t{\"TEMP\":%d}" % (i % 3, base + i * 1000, i))
    if i >= 200 and i % 20 == 0 and late < 37:  # 2 minutes behind: past end + grace
        print("-\ts%d\t%d\t{\"TEMP\":-1}" % (i % 3, base + (i - 120) * 1000))
        late += 1
assert late == 37
EOF
"$SL_LOG_TOOL" -d "$data/state" produce readings <"$sl_tmp/in.tsv" >/dev/null

start_sluiced "$data"
wait_caught_up READINGS 60
ksql_ok "DESCRIBE per_minute EXTENDED;"
expect_contains "$(jget 'd[0]["sourceDescription"]["statistics"]')" \
    "late-records-dropped: 37" "the late counter"
stop_sluiced

# the latest count per (sensor, window) sums to the on-time readings (the values, in order,
# repeat the key: the windowed key's bytes are binary and may hold tabs or newlines)
"$SL_LOG_TOOL" -d "$data/state" consume PER_MINUTE all >"$sl_tmp/out.tsv"
python3 - "$sl_tmp/out.tsv" <<'EOF' || fail "the windowed counts do not cover exactly the on-time readings"
import json, re, sys
last = {}
for v in re.findall(rb'\{"S":[^}]*\}', open(sys.argv[1], "rb").read()):
    val = json.loads(v)
    last[(val["S"], val["WS"])] = val["N"]
assert sum(last.values()) == 1000, sum(last.values())
EOF
"$SL_LOG_TOOL" -d "$data/state" consume late_readings all >"$sl_tmp/late.tsv"
python3 - "$sl_tmp/late.tsv" <<'EOF' || fail "the late data topic does not hold the 37 stragglers"
import json, sys
rows = [json.loads(l.rstrip("\n").split("\t")[4]) for l in open(sys.argv[1])]
assert len(rows) == 37, len(rows)
for r in rows:
    assert r["REASON"].startswith("window closed"), r
    assert r["SENSOR"] in ("s0", "s1", "s2"), r
    assert r["STREAM_TIME"] - r["RECORD_TIME"] >= 110000, r
    assert r["GRACE_MS"] == 10000, r
EOF
echo "ok: 0136 37 late records counted and routed, 1000 on time counted"
