#!/usr/bin/env bash
# What the audit trail costs a request. Two servers run side by side on fresh demo data, one with the audit trail on
# and one with it off, and answer the same requests: a read and a search as the EHR system, the GP lookup as the GP
# practice (whose access is worked out from care teams and consent), and a create. Both are warmed up first, so the
# table shows running servers rather than ones still compiling their code. Each row then runs ROUNDS rounds, taking
# turns which server goes first; after the audited server's turn the script waits until it is idle (its audit
# writer has stored the round's records), so one round's records are never written during the other server's turn.
# The table gives the median over rounds of each round's mean and p95 (ms), the ratio of the mean medians, and how
# long each server stayed busy after its round (ms; for the audited one, the writer's backlog).
#   bash bench/audit-overhead.sh [N] [ROUNDS] [WARMUP] [SERVER_WARMUP]
#   (defaults: N=200 requests per round, ROUNDS=5, WARMUP=300 per row, SERVER_WARMUP=15000 reads, about a minute,
#   after which the JIT compiler has little left to do; builds the jar if missing; DB=postgres runs both servers on
#   the local PostgreSQL, databases concord_bench_on and concord_bench_off, dropped and created afresh; RATE=20/s
#   paces the measured requests, as a client that pauses between them, instead of sending them back to back)
source "$(dirname "$0")/common.sh"
n=${1:-200}
rounds=${2:-5}
warmup=${3:-300}
server_warmup=${4:-15000}
port=${PORT:-18083}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat > "$work/condition.json" <<'JSON'
{"resourceType":"Condition","subject":{"reference":"Patient/dmd-child"},
 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
 "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},
 "code":{"coding":[{"system":"https://www.orpha.net","code":"98896"}]}}
JSON

declare -A root pid ehr gp
for audit in true false; do
  p=$port
  [ "$audit" = false ] && p=$((port + 1))
  root[$audit]="http://localhost:$p"
  db=()
  if [ "${DB:-h2}" = postgres ]; then
    name=concord_bench_$([ "$audit" = true ] && echo on || echo off)
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
    db=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$name" --spring.datasource.username=postgres
      --spring.datasource.password= --spring.datasource.driver-class-name=org.postgresql.Driver
      --spring.jpa.properties.hibernate.dialect=ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect)
  fi
  launch "$p" "$work/data-$audit" --concord.audit.enabled="$audit" "${db[@]}"
  pid[$audit]=$!
done
for audit in true false; do
  ehr[$audit]=$(await_server "${root[$audit]}" ehr-system)
  gp[$audit]=$(token "${root[$audit]}" gp-riverside)
  until curl -sf -o /dev/null -H "Authorization: Bearer ${ehr[$audit]}" "${root[$audit]}/fhir/Patient/dmd-child"; do
    sleep 0.5
  done
done
for audit in true false; do
  n=$server_warmup warmup=0 measure "${root[$audit]}" "${ehr[$audit]}" "/fhir/Patient/dmd-child" > /dev/null
  await_idle "${pid[$audit]}" > /dev/null
done

# one_row <label> <client: ehr|gp> <path> [POST body]: prints the row's table line
one_row() {
  local label=$1 client=$2 path=$3 body=${4:-} audit r
  local -a on_mean on_p95 off_mean off_p95 drain_on drain_off
  local -n tokens=$client # the ehr or gp array: that client's token on each server
  for audit in true false; do
    n=$warmup warmup=0 measure "${root[$audit]}" "${tokens[$audit]}" "$path" "$body" > /dev/null
    await_idle "${pid[$audit]}" > /dev/null
  done
  for r in $(seq 1 "$rounds"); do
    local order=(true false)
    [ $((r % 2)) -eq 0 ] && order=(false true)
    for audit in "${order[@]}"; do
      read -r mean p95 _ <<< "$(rate=${RATE:-} warmup=0 measure "${root[$audit]}" "${tokens[$audit]}" "$path" "$body")"
      if [ "$audit" = true ]; then
        on_mean+=("$mean"); on_p95+=("$p95"); drain_on+=("$(await_idle "${pid[true]}")")
      else
        off_mean+=("$mean"); off_p95+=("$p95"); drain_off+=("$(await_idle "${pid[false]}")")
      fi
    done
  done
  local m_on m_off
  m_on=$(median "${on_mean[@]}")
  m_off=$(median "${off_mean[@]}")
  printf '| %-38s | %9s / %-8s | %10s / %-8s | %6s | %7s / %-6s |\n' "$label" "$m_on" "$(median "${on_p95[@]}")" \
    "$m_off" "$(median "${off_p95[@]}")" "$(awk -v a="$m_on" -v b="$m_off" 'BEGIN {printf "%.2f", a / b}')" \
    "$(median "${drain_on[@]}")" "$(median "${drain_off[@]}")"
}

echo "| request                                | audit on: mean / p95 | audit off: mean / p95 | on/off | busy after: on / off |"
echo "|----------------------------------------|---------------------:|----------------------:|-------:|---------------------:|"
one_row "read Patient/dmd-child (EHR)" ehr "/fhir/Patient/dmd-child"
one_row "search Condition?subject (EHR)" ehr "/fhir/Condition?subject=Patient/dmd-child"
one_row "GP lookup by NHS Number (GP practice)" gp \
  "/fhir/CareTeam?subject:Patient.identifier=https://fhir.nhs.uk/Id/nhs-number%7C9434765919&status=active&_include=CareTeam:participant"
one_row "create Condition (EHR)" ehr "/fhir/Condition" "$work/condition.json"
echo "ms; medians over $rounds rounds of N=$n requests from one client, ${RATE:-back to back}; $(nproc) cores; ${DB:-h2}; $jar with ${jvm_flags[*]}"
