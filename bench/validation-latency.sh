#!/usr/bin/env bash
# Write latency with profile enforcement on and off: starts the packaged server twice on empty data folders, creates
# 50 (warm-up) + N conforming Patients, as many Conditions and as many Observations (a type with no Concord profile:
# base R4 rules only) one after another over one keep-alive connection, prints a table.
#   bash bench/validation-latency.sh [N]        (default N=300; builds the jar first if it is missing)
source "$(dirname "$0")/common.sh"
n=${1:-300}
warmup=50
port=${PORT:-18081}
base="http://localhost:$port/fhir"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cat > "$work/patient.json" <<'JSON'
{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}],
 "name":[{"family":"Bench","given":["Mark"]}],"gender":"male","birthDate":"2010-01-01"}
JSON

start_server() { # $1 = enforce true|false
  rm -rf "$work/data"
  launch "$port" "$work/data" --concord.demo.load=false --concord.profiles.enforce="$1"
  TOKEN=$(await_server "http://localhost:$port")
}

declare -A result
for enforce in true false; do
  start_server "$enforce"
  pid=$(curl -s -X POST -H 'Content-Type: application/fhir+json' -H "Authorization: Bearer $TOKEN" "$base/Patient" -d @"$work/patient.json" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  sed "s|PATIENT_ID|$pid|" > "$work/condition.json" <<'JSON'
{"resourceType":"Condition","subject":{"reference":"Patient/PATIENT_ID"},
 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
 "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},
 "code":{"coding":[{"system":"https://www.orpha.net","code":"98896"},{"system":"http://snomed.info/sct","code":"76670001"}]}}
JSON
  sed "s|PATIENT_ID|$pid|" > "$work/observation.json" <<'JSON'
{"resourceType":"Observation","status":"final","subject":{"reference":"Patient/PATIENT_ID"},
 "code":{"coding":[{"system":"http://loinc.org","code":"8302-2","display":"Body height"}]},
 "valueQuantity":{"value":142,"unit":"cm","system":"http://unitsofmeasure.org","code":"cm"}}
JSON
  result[Patient,$enforce]=$(measure "http://localhost:$port" "$TOKEN" /fhir/Patient "$work/patient.json")
  result[Condition,$enforce]=$(measure "http://localhost:$port" "$TOKEN" /fhir/Condition "$work/condition.json")
  result[Observation,$enforce]=$(measure "http://localhost:$port" "$TOKEN" /fhir/Observation "$work/observation.json")
  kill %1; wait %1 2>/dev/null || true
done

echo "| create      | enforce on: mean / p95 ms | enforce off: mean / p95 ms | mean ratio on/off |"
echo "|-------------|--------------------------:|---------------------------:|------------------:|"
for type in Patient Condition Observation; do
  read -r on_mean on_p95 _ <<< "${result[$type,true]}"
  read -r off_mean off_p95 _ <<< "${result[$type,false]}"
  printf '| %-11s | %12s / %-10s | %13s / %-10s | %17s |\n' "$type" "$on_mean" "$on_p95" "$off_mean" "$off_p95" \
    "$(awk -v a="$on_mean" -v b="$off_mean" 'BEGIN {printf "%.2f", a / b}')"
done
echo "N=$n sequential creates per cell after 50 warm-up; $(nproc) cores; $jar"
