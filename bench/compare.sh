#!/usr/bin/env bash
# Concord beside stock HAPI FHIR 8.8.0, in one run on this machine, as ratios (issue 12 section 1).
#   bash bench/compare.sh [--patients 300] [--clients 4] [--seconds 30] [--warmup 10] [--restart] [--only concord|stock]
#                          [--plain-jar]
# Starts stock HAPI (the public JPA starter's ROOT.war, H2 file + Lucene full text; build it as bench/README.md says,
# or point STOCK_WAR at it) and then Concord (the packaged jar, embedded default, every safeguard on) in turn, each on
# a fresh data folder; loads the same deterministic cohort into each as transactions (bench/driver) and runs the same
# workload with the same concurrent clients; prints the table: ops/s of each, Concord/stock, p50/p99 ms, the 1-minute
# load average at the end of each row (the machine is shared), start-up to the first 200 on /fhir/metadata, RSS after
# the run and the server's CPU seconds during ingest and workload. --restart also times a restart on the loaded folder.
# Concord starts as the Docker image starts it, from the layout tools/class-data-archive.sh makes of the jar (made
# first, ~2 minutes a jar); --plain-jar starts the jar itself (java -jar, as before run 48). Stock HAPI runs as its war.
# CONCORD_JVM_EXTRA adds JVM options to Concord only (e.g. a JFR recording: see RESULTS.md). BEFORE_JAR=<jar> also
# runs that Concord jar (e.g. main's, before a change) in the same run, between stock and this tree's jar, and adds
# its columns (also with --only concord); CONCORD_JAR=<jar> runs that jar instead of this tree's. STOCK_ARGS adds options to stock HAPI only (e.g.
# --hapi.fhir.reuse_cached_search_results_millis=0: no reuse of cached searches, as Concord). Raw lines go to
# bench/out/ (not committed).
source "$(dirname "$0")/common.sh"
patients=300 clients=4 seconds=30 warmup=10 restart=false only="" plain_jar=false
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --restart) restart=true; shift ;;
    --only) only=$2; shift 2 ;;
    --plain-jar) plain_jar=true; shift ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
stock_war=${STOCK_WAR:-/work/stock-hapi/starter/target/ROOT.war}
jar=${CONCORD_JAR:-$jar}
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
  local data=$1 extra=()
  [ -n "${STOCK_ARGS:-}" ] && read -r -a extra <<< "$STOCK_ARGS"
  java -jar "$stock_war" --server.port="$port" --server.address=127.0.0.1 "${extra[@]}" \
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

# where tools/class-data-archive.sh lays out a jar for this run
layout_of() { echo "$work/layout-$(echo "$1" | md5sum | cut -c1-12)"; }
if [ "$plain_jar" = false ] && [ "$only" != stock ]; then
  for laid_out in "$jar" ${BEFORE_JAR:+"$BEFORE_JAR"}; do
    echo "laying out $laid_out with a class data sharing archive" >&2
    bash tools/class-data-archive.sh "$laid_out" "$(layout_of "$laid_out")" > /dev/null
  done
fi

start_concord() {
  local data=$1 extra=() which_jar=${2:-$jar} launch layout
  [ -n "${CONCORD_JVM_EXTRA:-}" ] && read -r -a extra <<< "${CONCORD_JVM_EXTRA//\{which\}/$(basename "$data")}"
  if [ "$plain_jar" = true ]; then
    launch=(-jar "$which_jar")
  else
    layout=$(layout_of "$which_jar")
    launch=(-XX:SharedArchiveFile="$layout/concord.jsa" -jar "$layout/$(basename "$which_jar")")
  fi
  java "${jvm_flags[@]}" "${extra[@]}" "${launch[@]}" --server.port="$port" --concord.server.data-dir="$data" \
    > "$data.log" 2>&1 &
  server_pid=$!
}

start_before() { start_concord "$1" "$BEFORE_JAR"; }

# started <data>: waits for the first 200 on /fhir/metadata; prints the ms since the process started
started() {
  local t0=$2
  await_launched "$port" "$server_pid" "$1.log"
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

# one <stock|concord>: start, load, run, measure; writes $out/<which>.txt
one() {
  local which=$1 data=$work/$1 t0 ms ticks0 auth=none skip="summary,passport" root
  root=$([ "$which" != stock ] && echo "http://localhost:$port" || echo "http://127.0.0.1:$port")
  [ "$which" != stock ] && auth=concord && skip=""
  t0=$(date +%s%N); "start_$which" "$data"; ms=$(started "$data" "$t0")
  echo "STARTUP|$ms|$(cut -d' ' -f1 /proc/loadavg)" > "$out/$which.txt"
  echo "$which: up in $ms ms (load $(cut -d' ' -f1 /proc/loadavg)); loading $patients patients with $clients clients" >&2
  ticks0=$(cpu_ticks)
  java -jar "$driver" --root="$root" --auth="$auth" --patients="$patients" --clients="$clients" \
    --seconds="$seconds" --warmup="$warmup" --skip="$skip" | tee -a "$out/$which.txt" >&2
  echo "CPU|$(( ($(cpu_ticks) - ticks0) / hz ))" >> "$out/$which.txt"
  echo "RSS|$(( $(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status") / 1024 ))" >> "$out/$which.txt"
  [ "$which" != stock ] && echo "H2|$(h2_file_mb "$data")" >> "$out/$which.txt"
  stop
  # before a restart, whose log would take its place
  cp "$data.log" "$out/$which.log"
  if [ "$restart" = true ]; then
    t0=$(date +%s%N); "start_$which" "$data"; ms=$(started "$data" "$t0")
    echo "RESTART|$ms|$(cut -d' ' -f1 /proc/loadavg)" >> "$out/$which.txt"
    stop
    cp "$data.log" "$out/$which-restart.log"
  fi
}

servers=(stock)
[ -n "${BEFORE_JAR:-}" ] && servers+=(before)
servers+=(concord)
for which in "${servers[@]}"; do
  # --only concord runs both Concord jars (an A/B without stock)
  if [ -z "$only" ] || [ "$only" = "$which" ] || [ "$only/$which" = concord/before ]; then one "$which"; fi
done
touch "$out/stock.txt" "$out/concord.txt"
[ -n "${BEFORE_JAR:-}" ] && touch "$out/before.txt"

# The table, from the files: the row label, then each server's figures and its ratio to stock
files=("$out/stock.txt")
[ -n "${BEFORE_JAR:-}" ] && files+=("$out/before.txt")
files+=("$out/concord.txt")
awk -F'|' -v patients="$patients" -v clients="$clients" '
  BEGIN {
    split("ingest read nhs gp gp-writing careplan orpha everything content summary passport", order, " ")
    label["ingest"] = "ingest a 13-resource transaction"; label["read"] = "read Patient by id"
    label["nhs"] = "Patient by NHS Number"; label["gp"] = "GP lookup (CareTeam by NHS Number + _include)"
    label["gp-writing"] = "GP lookup while a care team is written every second"
    label["careplan"] = "CarePlan by patient + _include"; label["orpha"] = "Condition by ORPHAcode, 50 a page"
    label["everything"] = "`$everything`"; label["content"] = "`_content`"; label["summary"] = "`$summary`"
    label["passport"] = "passport page"
  }
  FNR == 1 { who = (FILENAME ~ /stock.txt$/) ? "s" : (FILENAME ~ /before.txt$/) ? "b" : "c"; seen[who] = 1 }
  $1 == "RESULT" { ops[who, $2] = $3; lat[who, $2] = $4 " (" $5 ")"; err[who, $2] = $7; load[who, $2] = $8 }
  $1 == "STARTUP" { up[who] = $2; upload[who] = $3 }
  $1 == "RESTART" { re[who] = $2 }
  $1 == "CPU" { cpu[who] = $2 }
  $1 == "RSS" { rss[who] = $2 }
  $1 == "H2" { h2[who] = $2 }
  function fig(w, op) { return ((w, op) in ops) ? ops[w, op] (err[w, op] > 0 ? " (" err[w, op] " errors)" : "") : "—" }
  function ratio(a, b) { return (a != "" && b != "" && b + 0 > 0) ? sprintf("%.2f", a / b) : "—" }
  function p(w, op) { return ((w, op) in lat) ? lat[w, op] : "—" }
  function l(w, op) { return ((w, op) in load) ? load[w, op] : "—" }
  # one row: label, then for stock, [before,] Concord: figure, ratio to stock (not for stock); then p50/p99s; loads
  function row(name, s, b, c, ps, pb, pc, ls, lb, lc) {
    if ("b" in seen) printf "| %s | %s | %s | %s | %s | %s | %s / %s / %s | %s; %s; %s |\n", name, s, b, ratio(b, s), c, ratio(c, s), ps, pb, pc, ls, lb, lc
    else printf "| %s | %s | %s | %s | %s / %s | %s; %s |\n", name, s, c, ratio(c, s), ps, pc, ls, lc
  }
  END {
    if ("b" in seen) {
      printf "| operation | stock | Concord before | before / stock | Concord after | after / stock | p50 (p99) ms: stock / before / after | load (stock; before; after) |\n"
      printf "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    } else {
      printf "| operation | stock | Concord | Concord / stock | p50 (p99) ms: stock / Concord | load (stock; Concord) |\n"
      printf "|---|---:|---:|---:|---:|---:|\n"
    }
    for (k = 1; k in order; k++) {
      op = order[k]
      row(label[op] " (ops/s)", fig("s", op), fig("b", op), fig("c", op), p("s", op), p("b", op), p("c", op), l("s", op), l("b", op), l("c", op))
    }
    row("start-up ms to first 200, empty", up["s"], up["b"], up["c"], "", "", "", upload["s"], upload["b"], upload["c"])
    if (length(re) > 0) row("start-up ms, restart on the loaded folder", re["s"], re["b"], re["c"], "", "", "", "", "", "")
    row("RSS MB after the run", rss["s"], rss["b"], rss["c"], "", "", "", "", "", "")
    if (length(h2) > 0) row("H2 file MB after the run", "", h2["b"], h2["c"], "", "", "", "", "", "")
    row("server CPU s during ingest + workload", cpu["s"], cpu["b"], cpu["c"], "", "", "", "", "", "")
    printf "\n%d patients, %d clients; ", patients, clients
  }' "${files[@]}" | tee "$out/table.md"
echo "$seconds s measured per row after $warmup s warm-up; $(nproc) cores; $(java -version 2>&1 | head -n 1); $jar${BEFORE_JAR:+ (before: $BEFORE_JAR)}; raw: $out" | tee -a "$out/table.md"
