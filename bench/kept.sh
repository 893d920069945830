#!/usr/bin/env bash
# Experiments on a data folder loaded once and kept aside, so that each run at scale does not pay the ingest again
# (20,000 patients take ~17 minutes to load):
#
#   bash bench/kept.sh load <folder> [--patients=20000] [driver options]
#       a fresh server on <folder>, the cohort ingested (no rows), the server stopped; <folder> is then kept as is
#   bash bench/kept.sh rows <jar> <folder> <rows> [driver options]
#       copies <folder> aside, starts <jar> on the copy and runs the driver's rows (comma separated, e.g. gp,gp-writing)
#       with the same --patients; prints the driver's lines, the start-up ms and the server's CPU seconds; deletes the
#       copy. With PROFILE=<out folder>, async-profiler samples the server's CPU meanwhile (as bench/profile.sh) and
#       a thread dump is taken every 5 s into <out folder>/jstack.
#
# SERVER_JVM_OPTS adds JVM options to the server; PORT (18195). Rows are named as in bench/driver's table.
source "$(dirname "$0")/common.sh"
port=${PORT:-18195}
driver=bench/driver/target/bench-driver.jar
[ -f "$driver" ] || mvn -q -B -ntp -f bench/driver/pom.xml package -DskipTests
all_rows=read,nhs,gp,gp-writing,careplan,orpha,everything,content,summary,passport

patients_of() {
  local option
  for option in "$@"; do
    case $option in --patients=*) echo "${option#--patients=}"; return ;; esac
  done
  echo 20000
}

stop_server() {
  kill "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
}

case ${1:-} in
  load)
    folder=$2; shift 2
    [ -e "$folder" ] && { echo "$folder exists; load into a new folder"; exit 2; }
    launch "$port" "$folder"; pid=$!
    trap 'stop_server $pid' EXIT
    await_launched "$port" "$pid" "$folder.log"
    java -jar "$driver" --root="http://localhost:$port" --auth=concord --patients="$(patients_of "$@")" \
      --skip="$all_rows" "$@"
    ;;
  rows)
    server_jar=$2 folder=$3 rows=$4; shift 4
    copy=$(mktemp -d "$(dirname "$folder")/kept-copy.XXXXXX")
    cp -r "$folder/." "$copy/"
    t0=$(date +%s%N)
    launch_jar "$server_jar" "$port" "$copy"; pid=$!
    trap 'stop_server $pid; rm -rf "$copy" "$copy.log" "${ap:-}"' EXIT
    await_launched "$port" "$pid" "$copy.log"
    echo "STARTUP|$(( ($(date +%s%N) - t0) / 1000000 ))"
    cpu0=$(cpu_seconds "$pid")
    if [ -n "${PROFILE:-}" ]; then
      mkdir -p "$PROFILE/jstack"
      ap=$(mktemp -d); unpack_async_profiler "$ap"; asprof=$ap/bin/asprof
      "$asprof" start -e cpu -i 5ms -t "$pid" > /dev/null
      (while kill -0 "$pid" 2>/dev/null; do jstack "$pid" > "$PROFILE/jstack/$(date +%H%M%S).txt" 2>/dev/null; sleep 5; done) &
    fi
    skip=ingest
    for row in ${all_rows//,/ }; do
      [[ ",$rows," == *",$row,"* ]] || skip+=,$row
    done
    java -jar "$driver" --root="http://localhost:$port" --auth=concord --patients="$(patients_of "$@")" --skip="$skip" "$@"
    echo "CPU|$(echo "$(cpu_seconds "$pid") - $cpu0" | bc)"
    [ -n "${PROFILE:-}" ] && "$asprof" stop -o collapsed -f "$PROFILE/cpu.collapsed" "$pid" > /dev/null
    cp "$copy.log" "${PROFILE:-/tmp}/kept-server.log"
    ;;
  *)
    sed -n '2,14p' "$0"; exit 2 ;;
esac
