#!/usr/bin/env bash
# Concord beside stock HAPI FHIR 8.8.0, in one run on this machine, as ratios (issue 12 section 1).
#   bash bench/compare.sh [--patients 300] [--clients 4] [--seconds 30] [--warmup 10] [--restart] [--only concord|stock]
# Starts stock HAPI (the public JPA starter's ROOT.war, H2 file + Lucene full text; build it as bench/README.md says,
# or point STOCK_WAR at it) and then Concord (the packaged jar, embedded default, every safeguard on) in turn, each on
# a fresh data folder; loads the same deterministic cohort into each as transactions (bench/driver) and runs the same
# workload with the same concurrent clients; prints the table: ops/s of each, Concord/stock, p50/p99 ms, the 1-minute
# load average at the end of each row (the machine is shared), start-up to the first 200 on /fhir/metadata, RSS after
# the run and the server's CPU seconds during ingest and workload. --restart also times a restart on the loaded folder.
# CONCORD_JVM_EXTRA adds JVM options to Concord only (e.g. a JFR recording: see RESULTS.md). Raw lines go to
# bench/out/ (not committed).
source "$(dirname "$0")/common.sh"
patients=300 clients=4 seconds=30 warmup=10 restart=false only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --restart) restart=true; shift ;;
    --only) only=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
stock_war=${STOCK_WAR:-/work/stock-hapi/starter/target/ROOT.war}
port=${PORT:-18790}
driver=bench/driver/target/bench-driver.jar
[ -f "$driver" ] || mvn -q -B -ntp -f bench/driver/pom.xml package -DskipTests
if [ "$only" != concord ] && [ ! -f "$stock_war" ]; then
  echo "no stock HAPI at $stock_war: build it as bench/README.md says, or set STOCK_WAR"; exit 2
fi
work=$(mktemp -d)
out=bench/out/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
hz=$(getconf CLK_TCK)

start_stock() {
  local data=$1
  java -jar "$stock_war" --server.port="$port" --server.address=127.0.0.1 \
    --spring.datasource.url="jdbc:h2:file:$data/h2/hapi" \
    --spring.jpa.properties.hibernate.search.enabled=true \
    --spring.jpa.properties.hibernate.search.backend.type=lucene \
    '--spring.jpa.properties.hibernate.search.backend.analysis.configurer=ca.uhn.fhir.jpa.search.HapiHSearchAnalysisConfigurers$HapiLuceneAnalysisConfigurer' \
    --spring.jpa.properties.hibernate.search.backend.directory.type=local-filesystem \
    --spring.jpa.properties.hibernate.search.backend.directory.root="$data/lucenefiles" \
    --spring.jpa.properties.hibernate.search.backend.lucene_version=lucene_current \
    --hapi.fhir.advanced_lucene_indexing=true --hapi.fhir.search_index_full_text_enabled=true \
    > "$data.log" 2>&1 &
  server_pid=$!
}

start_concord() {
  local data=$1 extra=()
  [ -n "${CONCORD_JVM_EXTRA:-}" ] && read -r -a extra <<< "$CONCORD_JVM_EXTRA"
  java "${jvm_flags[@]}" "${extra[@]}" -jar "$jar" --server.port="$port" --concord.server.data-dir="$data" \
    > "$data.log" 2>&1 &
  server_pid=$!
}

# started <data>: waits for the first 200 on /fhir/metadata; prints the ms since the process started
started() {
  local t0=$2
  until curl -sf -o /dev/null "http://127.0.0.1:$port/fhir/metadata"; do
    kill -0 "$server_pid" 2>/dev/null || { echo "server died; see $1.log:" >&2; tail -n 40 "$1.log" >&2; exit 1; }
    sleep 0.2
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

# one <stock|concord>: start, load, run, measure; writes $out/<which>.txt
one() {
  local which=$1 data=$work/$1 t0 ms ticks0 auth=none skip="summary,passport" root
  root=$([ "$which" = concord ] && echo "http://localhost:$port" || echo "http://127.0.0.1:$port")
  [ "$which" = concord ] && auth=concord && skip=""
  t0=$(date +%s%N); "start_$which" "$data"; ms=$(started "$data" "$t0")
  echo "STARTUP|$ms|$(cut -d' ' -f1 /proc/loadavg)" > "$out/$which.txt"
  echo "$which: up in $ms ms (load $(cut -d' ' -f1 /proc/loadavg)); loading $patients patients with $clients clients" >&2
  ticks0=$(cpu_ticks)
  java -jar "$driver" --root="$root" --auth="$auth" --patients="$patients" --clients="$clients" \
    --seconds="$seconds" --warmup="$warmup" --skip="$skip" | tee -a "$out/$which.txt" >&2
  echo "CPU|$(( ($(cpu_ticks) - ticks0) / hz ))" >> "$out/$which.txt"
  echo "RSS|$(( $(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status") / 1024 ))" >> "$out/$which.txt"
  stop
  if [ "$restart" = true ]; then
    t0=$(date +%s%N); "start_$which" "$data"; ms=$(started "$data" "$t0")
    echo "RESTART|$ms|$(cut -d' ' -f1 /proc/loadavg)" >> "$out/$which.txt"
    stop
  fi
  cp "$data.log" "$out/$which.log"
}

for which in stock concord; do
  [ -z "$only" ] || [ "$only" = "$which" ] && one "$which"
done
touch "$out/stock.txt" "$out/concord.txt"

# The table, from the two files: the row label, then each server's figures and the ratio
awk -F'|' -v patients="$patients" -v clients="$clients" '
  BEGIN {
    split("ingest read nhs gp careplan orpha everything content summary passport", order, " ")
    label["ingest"] = "ingest a 13-resource transaction"; label["read"] = "read Patient by id"
    label["nhs"] = "Patient by NHS Number"; label["gp"] = "GP lookup (CareTeam by NHS Number + _include)"
    label["careplan"] = "CarePlan by patient + _include"; label["orpha"] = "Condition by ORPHAcode, 50 a page"
    label["everything"] = "`$everything`"; label["content"] = "`_content`"; label["summary"] = "`$summary`"
    label["passport"] = "passport page"
  }
  FNR == 1 { who = (FILENAME ~ /stock.txt$/) ? "s" : "c" }
  $1 == "RESULT" { ops[who, $2] = $3; lat[who, $2] = $4 " / " $5; err[who, $2] = $7; load[who, $2] = $8 }
  $1 == "STARTUP" { up[who] = $2; upload[who] = $3 }
  $1 == "RESTART" { re[who] = $2 }
  $1 == "CPU" { cpu[who] = $2 }
  $1 == "RSS" { rss[who] = $2 }
  function fig(w, op) { return ((w, op) in ops) ? ops[w, op] (err[w, op] > 0 ? " (" err[w, op] " errors)" : "") : "—" }
  function ratio(a, b) { return (a != "" && b != "" && b + 0 > 0) ? sprintf("%.2f", a / b) : "—" }
  END {
    printf "| operation | stock ops/s | Concord ops/s | Concord / stock | stock p50 / p99 ms | Concord p50 / p99 ms | load (stock; Concord) |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|\n"
    for (k = 1; k in order; k++) {
      op = order[k]
      printf "| %s | %s | %s | %s | %s | %s | %s; %s |\n", label[op], fig("s", op), fig("c", op),
        ratio(ops["c", op], ops["s", op]), (("s", op) in lat) ? lat["s", op] : "—", (("c", op) in lat) ? lat["c", op] : "—",
        load["s", op], load["c", op]
    }
    printf "| start-up ms (empty%s) | %s | %s | %s | | | %s; %s |\n", ("s" in re || "c" in re) ? "; restart" : "",
      up["s"] ("s" in re ? "; " re["s"] : ""), up["c"] ("c" in re ? "; " re["c"] : ""), ratio(up["c"], up["s"]), upload["s"], upload["c"]
    printf "| RSS MB after the run | %s | %s | %s | | | |\n", rss["s"], rss["c"], ratio(rss["c"], rss["s"])
    printf "| server CPU s (ingest + workload) | %s | %s | %s | | | |\n", cpu["s"], cpu["c"], ratio(cpu["c"], cpu["s"])
    printf "\n%d patients, %d clients; ", patients, clients
  }' "$out/stock.txt" "$out/concord.txt" | tee "$out/table.md"
echo "$seconds s measured per row after $warmup s warm-up; $(nproc) cores; $(java -version 2>&1 | head -n 1); $jar; raw: $out" | tee -a "$out/table.md"
