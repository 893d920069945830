#!/usr/bin/env bash
# CPU per request of one driver row, by thread group: what each kind of thread (HTTP request threads, the audit
# writer, the JIT compilers, GC, ...) spent during the row and the work it left (the audit writer's backlog). Steadier
# than a row's throughput on a shared 2-core machine, and it shows where a change's saving went (run 31).
#   bash bench/thread-cpu.sh <jar> <row> [driver options, e.g. --patients=300 --seconds=30 --warmup=10]
# Starts the jar on a fresh folder, ingests the cohort, runs the row once to warm up and once measured; prints the
# measured RESULT line and CPU seconds per thread group (threads named alike, numbers dropped) per request.
source "$(dirname "$0")/common.sh"
server_jar=$1 row=$2
shift 2
driver=bench/driver/target/bench-driver.jar
[ -f "$driver" ] || mvn -q -B -ntp -f bench/driver/pom.xml package -DskipTests
port=${PORT:-18192}
rows=read,nhs,gp,gp-writing,careplan,orpha,everything,content,summary,passport
others=$(echo ",$rows," | sed "s/,$row,/,/; s/^,//; s/,$//")

data=$(mktemp -d)
launch_jar "$server_jar" "$port" "$data/data"
pid=$!
await_launched "$port" "$pid" "$data/data.log"
run() { java -jar "$driver" --root="http://localhost:$port" --auth=concord --clients=4 "$@" | grep '^RESULT'; }
run --seconds=5 --warmup=1 --skip="$rows" "$@" > /dev/null
await_idle "$pid" > /dev/null

# CPU ticks per thread group: thread names without their numbers (http-nio-18192-exec-7 -> http-nio-18192-exec-)
threads() {
  for task in /proc/"$pid"/task/*; do
    { read -r name < "$task/comm" && awk '{ sub(/.*\) /, ""); print $12 + $13 }' "$task/stat" | sed "s|^|${name// /_} |"; } 2>/dev/null
  done | awk '{ sub(/[0-9]+$/, "", $1); ticks[$1] += $2 } END { for (t in ticks) print t, ticks[t] }' | sort
}
# the row once to warm up (the JIT compiles its code), then measured with no warm-up of its own, so that the CPU
# counted is that of the requests counted
run --skip="ingest,$others" "$@" > /dev/null
await_idle "$pid" > /dev/null
threads > "$data/before"
result=$(run --skip="ingest,$others" "$@" --warmup=0)
echo "$result"
await_idle "$pid" > /dev/null
threads > "$data/after"
count=$(echo "$result" | cut -d'|' -f6)
join -a2 -e0 -o 0,1.2,2.2 "$data/before" "$data/after" \
  | awk -v hz="$(getconf CLK_TCK)" -v n="$count" '{ s = ($3 - $2) / hz; if (s >= 0.5) printf "%-40s %8.1f CPU s %8.2f ms per request\n", $1, s, 1000 * s / n }' \
  | sort -k2 -n -r
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$data"
