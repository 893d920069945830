#!/usr/bin/env bash
# Two Concord jars started alternately: for each, a first start on an empty data folder and a restart on the same
# folder, timed to the first 200 on /fhir/metadata, with the process's CPU seconds by then. The A/B of a start-up
# change: a single start on this 2-core machine varies by several seconds.
#   bash bench/startup-ab.sh <jar A> <jar B> <pairs>
# A_JVM and B_JVM add JVM options to A's or B's server, e.g. each layout's -XX:SharedArchiveFile
# (tools/class-data-archive.sh).
source "$(dirname "$0")/common.sh"
jar_a=$1 jar_b=$2 pairs=$3
port=${PORT:-18180}

start_once() {
  local label=$1 server_jar=$2 data=$3 start_ns pid ms cpu
  start_ns=$(date +%s%N)
  launch_jar "$server_jar" "$port" "$data"
  pid=$!
  await_launched "$port" "$pid" "$data.log"
  ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
  cpu=$(cpu_seconds "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '| %s | %-7s | %9d | %5s |\n' "$label" "$4" "$ms" "$cpu"
}

echo "| jar | start   | ms to 200 | CPU s |"
echo "|-----|---------|----------:|------:|"
for _ in $(seq "$pairs"); do
  for side in A B; do
    if [ "$side" = A ]; then server_jar=$jar_a; export SERVER_JVM_OPTS=${A_JVM:-}
    else server_jar=$jar_b; export SERVER_JVM_OPTS=${B_JVM:-}; fi
    data=$(mktemp -d)
    start_once "$side" "$server_jar" "$data/data" first
    start_once "$side" "$server_jar" "$data/data" restart
    rm -rf "$data"
  done
done
echo "A: $jar_a ${A_JVM:-}; B: $jar_b ${B_JVM:-}; java: $(java -version 2>&1 | head -n 1); cores: $(nproc)"
