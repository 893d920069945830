#!/usr/bin/env bash
# Two Concord jars alternately on the same rows of the load driver, a fresh data folder each: the A/B of a change too
# small for one compare.sh run to show. Prints each run's RESULT lines (operation, ops/s, p50, p99, count, errors,
# load, p95) and WRITES lines (the gp-writing row's writer), the server CPU seconds spent while the driver ran, how
# long the server then took to go idle (the audit records it still had queued), the CPU seconds including that and
# the size of the H2 file then, labelled A or B.
#   bash bench/ab.sh <jar A> <jar B> <pairs> [driver options, e.g. --patients=60 --skip=nhs,gp,careplan]
# A_JVM and B_JVM add JVM options to A's or B's server (the same jar twice with different options is an A/B too).
source "$(dirname "$0")/common.sh"
jar_a=$1 jar_b=$2 pairs=$3
shift 3
driver=bench/driver/target/bench-driver.jar
[ -f "$driver" ] || mvn -q -B -ntp -f bench/driver/pom.xml package -DskipTests
port=${PORT:-18190}

run_once() {
  local label=$1 server_jar=$2 data pid before
  shift 2
  data=$(mktemp -d)
  launch_jar "$server_jar" "$port" "$data/data"
  pid=$!
  await_launched "$port" "$pid" "$data/data.log"
  before=$(cpu_seconds "$pid")
  java -jar "$driver" --root="http://localhost:$port" --auth=concord --clients=4 --seconds=20 --warmup=5 "$@" \
    | grep -E '^(RESULT|WRITES)' | sed "s/^/$label|/"
  echo "$label|server CPU s during the driver|$(awk -v a="$before" -v b="$(cpu_seconds "$pid")" 'BEGIN { print b - a }')"
  # work the driver left behind (audit records still queued) is part of what its requests cost
  echo "$label|ms until idle after the driver|$(await_idle "$pid")"
  echo "$label|server CPU s, driver and the work it left|$(awk -v a="$before" -v b="$(cpu_seconds "$pid")" 'BEGIN { print b - a }')"
  echo "$label|H2 file MB after the driver|$(h2_file_mb "$data/data")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

for _ in $(seq "$pairs"); do
  SERVER_JVM_OPTS=${A_JVM:-} run_once A "$jar_a" "$@"
  SERVER_JVM_OPTS=${B_JVM:-} run_once B "$jar_b" "$@"
done
echo "A: $jar_a ${A_JVM:-}; B: $jar_b ${B_JVM:-}; $(nproc) cores; $(java -version 2>&1 | head -n 1)"
