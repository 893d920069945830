#!/usr/bin/env bash
# What the audit trail costs a request: starts the packaged server twice on fresh demo data, audit on and off, and
# times the same requests (a read and a search as the EHR system, the GP lookup as the GP practice, whose access is
# worked out from care teams and consent, and a create). Prints a table.
#   bash bench/audit-overhead.sh [N]            (default N=200 requests per row; builds the jar if missing)
source "$(dirname "$0")/common.sh"
n=${1:-200}
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

start_server() { # $1 = audit true|false
  rm -rf "$work/data"
  java -jar "$jar" --server.port="$port" --concord.server.data-dir="$work/data" --concord.audit.enabled="$1" \
    > "$work/server.log" 2>&1 &
  EHR=$(await_server "$root" ehr-system)
  GP=$(token "$root" gp-riverside)
  until curl -sf -o /dev/null -H "Authorization: Bearer $EHR" "$root/fhir/Patient/dmd-child"; do sleep 0.5; done
}

# N sequential requests on one keep-alive connection; prints "mean p95" in ms of the 2xx answers after 20 warm-up.
measure() { # $1 = token, $2 = path, [$3 = POST body file]
  local cfg="$work/curl.cfg"; : > "$cfg"
  for i in $(seq 1 $((n + 20))); do
    printf 'url = "%s%s"\noutput = /dev/null\nwrite-out = "%%{http_code} %%{time_total}\\n"\nheader = "Authorization: Bearer %s"\n' \
      "$root" "$2" "$1" >> "$cfg"
    if [ -n "${3:-}" ]; then
      printf 'header = "Content-Type: application/fhir+json"\ndata = "@%s"\n' "$3" >> "$cfg"
    fi
    [ "$i" -lt $((n + 20)) ] && echo next >> "$cfg"
  done
  curl -s -g -K "$cfg" | awk '$1 ~ /^2/ {print $2 * 1000}' | tail -n +21 | sort -n \
    | awk '{v[NR]=$1; s+=$1} END {printf "%.1f %.1f", s/NR, v[int(NR*0.95)]}'
}

rows=("read Patient/dmd-child (EHR)" "search Condition?subject (EHR)" "GP lookup by NHS Number (GP practice)" "create Condition (EHR)")
declare -A result
for audit in true false; do
  start_server "$audit"
  result[0,$audit]=$(measure "$EHR" "/fhir/Patient/dmd-child")
  result[1,$audit]=$(measure "$EHR" "/fhir/Condition?subject=Patient/dmd-child")
  result[2,$audit]=$(measure "$GP" "/fhir/CareTeam?subject:Patient.identifier=https://fhir.nhs.uk/Id/nhs-number%7C9434765919&status=active&_include=CareTeam:participant")
  result[3,$audit]=$(measure "$EHR" "/fhir/Condition" "$work/condition.json")
  kill %1; wait %1 2>/dev/null || true
done

echo "| request                                  | audit on: mean / p95 ms | audit off: mean / p95 ms | mean on/off |"
echo "|------------------------------------------|------------------------:|-------------------------:|------------:|"
for i in "${!rows[@]}"; do
  read -r on_mean on_p95 <<< "${result[$i,true]}"
  read -r off_mean off_p95 <<< "${result[$i,false]}"
  printf '| %-40s | %10s / %-10s | %11s / %-10s | %11s |\n' "${rows[$i]}" "$on_mean" "$on_p95" "$off_mean" "$off_p95" \
    "$(awk -v a="$on_mean" -v b="$off_mean" 'BEGIN {printf "%.2f", a / b}')"
done
echo "$(nproc) cores; $jar; demo data; N=$n per row"
