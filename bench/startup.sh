#!/usr/bin/env bash
# Start-up time (process start to first 200 from /fhir/metadata) and idle memory (RSS) of the packaged server on the
# embedded default, on an empty data folder and again on the same folder. Prints a table.
#   bash bench/startup.sh            (builds the jar first if it is missing)
source "$(dirname "$0")/common.sh"
port=${PORT:-18080}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

run_once() {
  local start_ns pid ms
  start_ns=$(date +%s%N)
  launch "$port" "$data/data"
  pid=$!
  await_launched "$port" "$pid" "$data/data.log"
  ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
  sleep 10 # let start-up work (caches, schedulers) settle before reading idle memory
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '| %-28s | %8d | %8d |\n' "$1" "$ms" "$((rss_kb / 1024))"
}

echo "| start                        | ms to 200 | idle RSS MB |"
echo "|------------------------------|----------:|------------:|"
run_once "first start (empty folder)"
run_once "restart (same folder)"
echo "java: $(java -version 2>&1 | head -n 1); cores: $(nproc); jar: $jar"
