#!/usr/bin/env bash
# What the audit writer's thread costs per record it stores: a fresh server, the driver's ingest and ORPHAcode rows
# (a page of 50 patients makes 50 records), then until the server is idle; prints the writer thread's CPU seconds and
# milliseconds per record stored. Run it for each jar of an A/B, alternately.
#   bash bench/audit-writer-cost.sh [jar, default this tree's] [label]
# PATIENTS (default 60) and LOAD_SECONDS (default 20) make a larger audit table, where a record's cost can grow.
source "$(dirname "$0")/common.sh"
server_jar=${1:-$jar} label=${2:-writer}
driver=bench/driver/target/bench-driver.jar
[ -f "$driver" ] || mvn -q -B -ntp -f bench/driver/pom.xml package -DskipTests
port=${PORT:-18192}
data=$(mktemp -d)
launch_jar "$server_jar" "$port" "$data/data"
pid=$!
await_launched "$port" "$pid" "$data/data.log"
writer=$(grep -l '^concord-audit-w' /proc/"$pid"/task/*/comm | head -n 1 | xargs dirname)
writer_ticks() { awk '{ print $14 + $15 }' "$writer/stat"; }
auditor=$(token "http://localhost:$port" auditor)
records() {
  curl -sf -H "Authorization: Bearer $auditor" "http://localhost:$port/fhir/AuditEvent?_summary=count" \
    | sed -E 's/.*"total" *: *([0-9]+).*/\1/'
}
ticks_before=$(writer_ticks) records_before=$(records)
java -jar "$driver" --root="http://localhost:$port" --auth=concord --clients=4 --seconds="${LOAD_SECONDS:-20}" --warmup=5 --patients="${PATIENTS:-60}" \
  --skip=read,nhs,gp,gp-writing,careplan,everything,content,summary,passport | grep '^RESULT' | sed "s/^/$label|/"
echo "$label|ms until idle after the driver|$(await_idle "$pid")"
ticks=$(( $(writer_ticks) - ticks_before )) stored=$(( $(records) - records_before ))
awk -v t="$ticks" -v n="$stored" -v hz="$(getconf CLK_TCK)" -v l="$label" \
  'BEGIN { printf "%s|audit writer CPU s|%.1f|records stored|%d|ms per record|%.2f\n", l, t / hz, n, 1000 * t / hz / n }'
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$data"
