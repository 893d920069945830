#!/usr/bin/env bash
# Experiments on a data folder loaded once and kept aside, so that each run at scale does not pay the ingest again
# (20,000 patients take ~17 minutes to load):
#
#   bash bench/kept.sh load <folder> [--patients=20000] [driver options]
#       a fresh server on <folder>, the cohort ingested (no rows), the server stopped; <folder> is then kept as is
#   bash bench/kept.sh rows <jar> <folder> <rows> [driver options]
#       copies <folder> aside, starts <jar> on the copy and runs the driver's rows (comma separated, e.g. gp,gp-writing)
#       with the same --patients; prints the driver's lines, the start-up ms, the server's CPU seconds and the H2
#       file's size at the end; deletes the copy and keeps the server's log as <folder>-last.log
#   bash bench/kept.sh workout <jar> <folder> [rounds, 5]
#       copies and starts as rows does, then times a full work-out of the GP practice's care relationships (every
#       patient it cares for, every consent): a first GP lookup (cold), then per round the practice's Organization
#       written again (which makes the next lookup work everything out anew) and the next GP lookup timed, warm;
#       then the whole population's $coordination-gaps report twice (its snapshot loaded, then brought up to date)
#   bash bench/kept.sh reviews <jar> <folder> [runs, 3]
#       copies and starts as rows does, with the review reminder job every 10 s, and prints each run's log line (plans
#       due, Tasks made and cancelled, ms) until <runs> have ended: on a folder loaded without review Tasks the first
#       run makes one per due plan, the later ones find them made (the job's steady state)
#   bash bench/kept.sh rebuild <jar> <folder>
#       copies <folder> without its Lucene index (as a restore leaves it), starts <jar> on the copy and prints the
#       start-up catch-up's log lines and the ms from launch to ready (/actuator/health/readiness): the time a restored
#       server takes to index every resource again
#   bash bench/kept.sh restart <jar> <folder> [starts, 3]
#       copies <folder>, then starts and stops <jar> on the copy <starts> times in a row, printing for each the ms from
#       launch to the first 200 and to ready, its schema update and full-text catch-up lines and the server's CPU
#       seconds: start-up at scale
#       (the first start on a freshly loaded folder also compacts its H2 file)
#
# With PROFILE=<out folder>, async-profiler samples the server's CPU from its first 200 on (as bench/profile.sh) into
# <out folder>/cpu.collapsed, a thread dump is taken every 5 s into <out folder>/jstack, and the server log is kept.
# SERVER_JVM_OPTS adds JVM options to the server, SERVER_ARGS its settings (e.g.
# --concord.coordination.review-lead-time=1h: no review Tasks made on the copy, whose first run at 20,000 patients
# makes ~50,000 of them for ~14 minutes beside the rows); PORT (18195). Rows are named as in bench/driver's table.
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

# start_copy <jar> <folder>: the server on a copy of the folder (deleted, with the server stopped, on exit); sets $pid
# and $t0 (the launch, ns). WITHOUT_INDEX=1 leaves the Lucene index out of the copy.
start_copy() {
  copy=$(mktemp -d "$(dirname "$2")/kept-copy.XXXXXX")
  cp -r "$2/." "$copy/"
  [ -n "${WITHOUT_INDEX:-}" ] && rm -rf "$copy/lucene"
  t0=$(date +%s%N)
  read -r -a server_args <<< "${SERVER_ARGS:-}"
  launch_jar "$1" "$port" "$copy" ${server_args[@]+"${server_args[@]}"}; pid=$!
  kept_log=$2-last.log
  trap 'stop_server $pid; cp "$copy.log" "$kept_log"; rm -rf "$copy" "$copy.log" "${ap:-}"' EXIT
  await_launched "$port" "$pid" "$copy.log"
  echo "STARTUP|$(( ($(date +%s%N) - t0) / 1000000 ))"
  if [ -n "${PROFILE:-}" ]; then
    mkdir -p "$PROFILE/jstack"
    ap=$(mktemp -d); unpack_async_profiler "$ap"
    "$ap/bin/asprof" start -e cpu -i 5ms -t "$pid" > /dev/null
    (while kill -0 "$pid" 2>/dev/null; do jstack "$pid" > "$PROFILE/jstack/$(date +%H%M%S).txt" 2>/dev/null; sleep 5; done) &
  fi
}

# profile_end: writes the samples to $PROFILE/cpu.collapsed and the server log beside them, when PROFILE is set
profile_end() {
  [ -z "${PROFILE:-}" ] && return
  "$ap/bin/asprof" stop -o collapsed -f "$PROFILE/cpu.collapsed" "$pid" > /dev/null
  cp "$copy.log" "$PROFILE/server.log"
}

# timed <token> <path>: prints the status and ms of one GET
timed() {
  curl -s -o /dev/null --max-time 900 -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $1" "http://localhost:$port/fhir$2" \
    | awk '{printf "%s %.0f", $1, $2 * 1000}'
}

case ${1:-} in
  load)
    folder=$2; shift 2
    [ -e "$folder" ] && { echo "$folder exists; load into a new folder"; exit 2; }
    # the server runs from a copy of the jar: a build meanwhile replaces target's, which broke a load (run 42)
    server_jar=$(mktemp --suffix=.jar); cp "$jar" "$server_jar"
    launch_jar "$server_jar" "$port" "$folder"; pid=$!
    trap 'stop_server $pid; rm -f "$server_jar"' EXIT
    await_launched "$port" "$pid" "$folder.log"
    java -jar "$driver" --root="http://localhost:$port" --auth=concord --patients="$(patients_of "$@")" \
      --skip="$all_rows" "$@"
    ;;
  rows)
    server_jar=$2 folder=$3 rows=$4; shift 4
    start_copy "$server_jar" "$folder"
    cpu0=$(cpu_seconds "$pid")
    skip=ingest
    for row in ${all_rows//,/ }; do
      [[ ",$rows," == *",$row,"* ]] || skip+=,$row
    done
    java -jar "$driver" --root="http://localhost:$port" --auth=concord --patients="$(patients_of "$@")" --skip="$skip" "$@"
    echo "CPU|$(echo "$(cpu_seconds "$pid") - $cpu0" | bc)"
    echo "H2FILE|$(du -m "$copy"/h2/*.mv.db | cut -f1 | paste -sd+ | bc) MB (kept folder: $(du -m "$folder"/h2/*.mv.db | cut -f1 | paste -sd+ | bc) MB)"
    profile_end
    ;;
  workout)
    server_jar=$2 folder=$3 rounds=${4:-5}
    start_copy "$server_jar" "$folder"
    root=http://localhost:$port
    ehr=$(token "$root") gp=$(token "$root" gp-riverside)
    nhs=$(curl -sf -H "Authorization: Bearer $ehr" "$root/fhir/Patient/c0-child" \
      | python3 -c 'import json,sys; print([i["value"] for i in json.load(sys.stdin)["identifier"] if i["system"].endswith("nhs-number")][0])')
    lookup="/CareTeam?subject:Patient.identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C$nhs&status=active&_include=CareTeam:participant"
    echo "WORKOUT|cold|$(timed "$gp" "$lookup")"
    echo "LOOKUP|after|$(timed "$gp" "$lookup")"
    for round in $(seq 1 "$rounds"); do
      curl -sf -H "Authorization: Bearer $ehr" "$root/fhir/Organization/org-gp-riverside" \
        | python3 -c "import json,sys; o=json.load(sys.stdin); o['name']=o['name'].split(' (')[0]+' (round $round)'; print(json.dumps(o))" \
        | curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $ehr" -H 'Content-Type: application/fhir+json' \
          --data-binary @- "$root/fhir/Organization/org-gp-riverside"
      echo "WORKOUT|$round|$(timed "$gp" "$lookup")"
      echo "LOOKUP|after|$(timed "$gp" "$lookup")"
    done
    echo "GAPS|first|$(timed "$ehr" '/$coordination-gaps')"
    echo "GAPS|again|$(timed "$ehr" '/$coordination-gaps')"
    echo "CPU|$(cpu_seconds "$pid")"
    profile_end
    ;;
  reviews)
    server_jar=$2 folder=$3 runs=${4:-3}
    SERVER_ARGS="${SERVER_ARGS:-} --concord.coordination.review-check-interval=10s"
    start_copy "$server_jar" "$folder"
    cpu0=$(cpu_seconds "$pid")
    until [ "$(grep -c 'Care plan review reminders' "$copy.log")" -ge "$runs" ]; do
      kill -0 "$pid" 2>/dev/null || { echo "the server stopped"; exit 1; }
      sleep 2
    done
    grep -o 'Care plan review reminders.*' "$copy.log" | head -n "$runs" | sed 's/^/REVIEWS|/'
    echo "CPU|$(echo "$(cpu_seconds "$pid") - $cpu0" | bc)"
    profile_end
    ;;
  rebuild)
    WITHOUT_INDEX=1 start_copy "$2" "$3"
    until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
      kill -0 "$pid" 2>/dev/null || { echo "the server stopped"; exit 1; }
      sleep 0.2
    done
    echo "READY|$(( ($(date +%s%N) - t0) / 1000000 ))"
    grep -o 'Full-text index .*' "$copy.log" | sed 's/^/FULLTEXT|/'
    echo "CPU|$(cpu_seconds "$pid")"
    profile_end
    ;;
  restart)
    server_jar=$2 folder=$3 starts=${4:-3}
    for start in $(seq 1 "$starts"); do
      if [ "$start" = 1 ]; then
        start_copy "$server_jar" "$folder"
      else
        stop_server "$pid"
        t0=$(date +%s%N)
        launch_jar "$server_jar" "$port" "$copy" ${server_args[@]+"${server_args[@]}"}; pid=$!
        await_launched "$port" "$pid" "$copy.log"
        echo "STARTUP|$(( ($(date +%s%N) - t0) / 1000000 ))"
      fi
      until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
        kill -0 "$pid" 2>/dev/null || { echo "the server stopped"; exit 1; }
        sleep 0.2
      done
      echo "READY|$(( ($(date +%s%N) - t0) / 1000000 ))"
      grep -o "H2 file compacted.*\\|Database schema already.*\\|Hibernate's schema update ran.*\\|Full-text index checked.*" "$copy.log" | sed 's/^/LOG|/' || true
      echo "CPU|$(cpu_seconds "$pid")"
    done
    profile_end
    ;;
  *)
    sed -n '2,33p' "$0"; exit 2 ;;
esac
