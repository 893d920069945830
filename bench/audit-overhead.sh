#!/usr/bin/env bash
# What the audit trail costs a request: starts the packaged server twice on fresh demo data, audit on and off, and
# times the same requests (a read and a search as the EHR system, the GP lookup as the GP practice, whose access is
# worked out from care teams and consent, and a create). The server is warmed up first (reads, then each row's own
# requests), so the table shows a running server rather than one still compiling its code. Prints a table.
#   bash bench/audit-overhead.sh [N] [WARMUP] [SERVER_WARMUP]
#   (defaults: N=200 and WARMUP=300 requests per row, SERVER_WARMUP=5000 reads; builds the jar if missing)
source "$(dirname "$0")/common.sh"
n=${1:-200}
warmup=${2:-300}
server_warmup=${3:-5000}
port=${PORT:-18083}
root="http://localhost:$port"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat > "$work/condition.json" <<'JSON'
{"resourceType":"Condition","subject":{"reference":"Patient/dmd-child"},
 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
 "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},
 "code":{"coding":[{"system":"https://www.orpha.net","code":"98896"}]}}
JSON

rows=("read Patient/dmd-child (EHR)" "search Condition?subject (EHR)" "GP lookup by NHS Number (GP practice)" "create Condition (EHR)")
declare -A result
for audit in true false; do
  rm -rf "$work/data"
  launch "$port" "$work/data" --concord.audit.enabled="$audit"
  EHR=$(await_server "$root" ehr-system)
  GP=$(token "$root" gp-riverside)
  until curl -sf -o /dev/null -H "Authorization: Bearer $EHR" "$root/fhir/Patient/dmd-child"; do sleep 0.5; done
  n=$server_warmup warmup=0 measure "$root" "$EHR" "/fhir/Patient/dmd-child" > /dev/null
  result[0,$audit]=$(measure "$root" "$EHR" "/fhir/Patient/dmd-child")
  result[1,$audit]=$(measure "$root" "$EHR" "/fhir/Condition?subject=Patient/dmd-child")
  result[2,$audit]=$(measure "$root" "$GP" "/fhir/CareTeam?subject:Patient.identifier=https://fhir.nhs.uk/Id/nhs-number%7C9434765919&status=active&_include=CareTeam:participant")
  result[3,$audit]=$(measure "$root" "$EHR" "/fhir/Condition" "$work/condition.json")
  kill %1; wait %1 2>/dev/null || true
done

echo "| request                                  | audit on: mean / p95 ms | audit off: mean / p95 ms | mean on/off |"
echo "|------------------------------------------|------------------------:|-------------------------:|------------:|"
for i in "${!rows[@]}"; do
  read -r on_mean on_p95 _ <<< "${result[$i,true]}"
  read -r off_mean off_p95 _ <<< "${result[$i,false]}"
  printf '| %-40s | %10s / %-10s | %11s / %-10s | %11s |\n' "${rows[$i]}" "$on_mean" "$on_p95" "$off_mean" "$off_p95" \
    "$(awk -v a="$on_mean" -v b="$off_mean" 'BEGIN {printf "%.2f", a / b}')"
done
echo "$(nproc) cores; $jar with ${jvm_flags[*]}; demo data; N=$n per row after $warmup warm-up, $server_warmup reads before the first row"
