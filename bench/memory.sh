#!/usr/bin/env bash
# Memory after a benchmark run, for given JVM options: starts the packaged server on a fresh folder with Native Memory
# Tracking, runs the load driver (ingest and every row), then prints RSS (also 30 s later, idle), throughput per row,
# the JVM's own memory areas and the largest groups of live objects (after a full collection).
#   bash bench/memory.sh [--patients 300] [--seconds 15] [-- <JVM options, e.g. -Xmx768m -XX:+UseSerialGC>]
source "$(dirname "$0")/common.sh"
patients=300 seconds=15 options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --) shift; options=("$@"); break ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
port=${PORT:-18795}
driver=bench/driver/target/bench-driver.jar
[ -f "$driver" ] || mvn -q -B -ntp -f bench/driver/pom.xml package -DskipTests
work=$(mktemp -d)
out=bench/out/memory-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
rss() { echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 )); }

java "${jvm_flags[@]}" -XX:NativeMemoryTracking=summary "${options[@]}" -jar "$jar" --server.port="$port" \
  --concord.server.data-dir="$work/data" > "$out/server.log" 2>&1 &
pid=$!
await_launched "$port" "$pid" "$out/server.log"
started=$(rss)
java -jar "$driver" --root="http://127.0.0.1:$port" --auth=concord --patients="$patients" --clients=4 \
  --seconds="$seconds" --warmup=10 > "$out/driver.txt" 2>&1
after=$(rss)
# what the process keeps once the load has gone: 30 s without requests (the JVM may give heap back when idle)
sleep 30
idle=$(rss)
jcmd "$pid" VM.native_memory summary > "$out/nmt.txt"
jcmd "$pid" GC.class_histogram > "$out/histogram.txt" # a full collection first: the live objects only
collected=$(rss)
kill "$pid"; wait "$pid" 2>/dev/null || true
pid=""

echo "JVM options: ${options[*]:-none beyond the README ones}; $patients patients, 4 clients, $seconds s a row; raw: $out"
echo
echo "| RSS MB | started | after the run | 30 s later, idle | after a full collection |"
echo "|---|---:|---:|---:|---:|"
echo "| | $started | $after | $idle | $collected |"
echo
echo "| row | ops/s | p50 ms | p95 ms |"
echo "|---|---:|---:|---:|"
awk -F'|' '$1 == "RESULT" {printf "| %s | %s | %s | %s |\n", $2, $3, $4, $9}' "$out/driver.txt"
echo
echo "| JVM area (NMT, committed) | MB |"
echo "|---|---:|"
sed -nE 's/^-[[:space:]]+([A-Za-z ]+) \(reserved=[0-9]+KB, committed=([0-9]+)KB\).*/\1|\2/p' "$out/nmt.txt" \
  | awk -F'|' '$2 >= 1024 {printf "| %s | %d |\n", $1, $2 / 1024}'
echo
echo "| live objects, by package (shallow) | MB |"
echo "|---|---:|"
awk 'NR > 3 && $4 != "" {
       name = $4; n = split(name, part, ".")
       group = (n >= 5 && part[1] == "org" && part[2] == "hl7") ? part[1] "." part[2] "." part[3] "." part[4] "." part[5] \
             : (n >= 3) ? part[1] "." part[2] "." part[3] : name
       sum[group] += $3; total += $3
     }
     END { for (g in sum) printf "%s|%.1f\n", g, sum[g] / 1048576; printf "(all)|%.1f\n", total / 1048576 }' \
  "$out/histogram.txt" | sort -t'|' -k2 -rn | head -n 16 | awk -F'|' '{printf "| %s | %s |\n", $1, $2}'
