#!/usr/bin/env bash
# Start-up time (process start to first 200 from /fhir/metadata) and idle memory (RSS) of the packaged server on the
# embedded default, on an empty data folder and again on the same folder. Prints a table.
#   bash bench/startup.sh            (builds the jar first if it is missing)
#   bash bench/startup.sh --cds      also the layout tools/class-data-archive.sh makes (the jar extracted, with a
#                                    class data sharing archive), as the Docker image starts
source "$(dirname "$0")/common.sh"
port=${PORT:-18080}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

# run_once <label> <java options and -jar ...>: one start on $data/data
run_once() {
  local label=$1 start_ns pid ms cpu
  shift
  start_ns=$(date +%s%N)
  java "${jvm_flags[@]}" "$@" --server.port="$port" --concord.server.data-dir="$data/data" > "$data/data.log" 2>&1 &
  pid=$!
  await_launched "$port" "$pid" "$data/data.log"
  ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
  cpu=$(cpu_seconds "$pid")
  sleep 10 # let start-up work (caches, schedulers) settle before reading idle memory
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '| %-44s | %9d | %9s | %11d |\n' "$label" "$ms" "$cpu" "$((rss_kb / 1024))"
}

# both <label> <java options and -jar ...>: an empty folder, then a restart on it
both() {
  local label=$1
  shift
  rm -rf "$data/data"
  run_once "$label, first start (empty folder)" "$@"
  run_once "$label, restart (same folder)" "$@"
}

echo "| start                                        | ms to 200 | CPU s     | idle RSS MB |"
echo "|----------------------------------------------|----------:|----------:|------------:|"
both "jar" -jar "$jar"
if [ "${1:-}" = "--cds" ]; then
  app=$data/app
  bash tools/class-data-archive.sh "$jar" "$app" > /dev/null
  both "class data archive layout" -XX:SharedArchiveFile="$app/concord.jsa" \
    -jar "$app/$(basename "$jar")"
fi
echo "java: $(java -version 2>&1 | head -n 1); cores: $(nproc); jar: $jar"
