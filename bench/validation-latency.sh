#!/usr/bin/env bash
# Write latency with profile enforcement on and off: starts the packaged server twice on empty data folders, creates
# N conforming Patients and N Conditions one after another over one keep-alive connection, prints a table.
#   bash bench/validation-latency.sh [N]        (default N=300; builds the jar first if it is missing)
source "$(dirname "$0")/common.sh"
n=${1:-300}
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
  java -jar "$jar" --server.port="$port" --concord.server.data-dir="$work/data" --concord.demo.load=false \
    --concord.profiles.enforce="$1" > "$work/server.log" 2>&1 &
  TOKEN=$(await_server "http://localhost:$port")
}

# One curl process, N sequential requests on a reused connection: prints each request's total time in seconds.
timed_posts() { # $1 = type, $2 = body file
  local cfg="$work/curl.cfg"; : > "$cfg"
  for _ in $(seq 1 "$n"); do
    printf 'url = "%s/%s"\nrequest = POST\nheader = "Content-Type: application/fhir+json"\nheader = "Authorization: Bearer %s"\ndata = "@%s"\noutput = /dev/null\nwrite-out = "%%{http_code} %%{time_total}\\n"\nnext\n' \
      "$base" "$1" "$TOKEN" "$2" >> "$cfg"
  done
  sed -i '$ d' "$cfg" # no "next" after the last request
  curl -s -K "$cfg"
}

summarise() { # reads "status seconds" lines; prints "mean_ms p95_ms" for the 201s after a warm-up of 50
  awk '$1 == 201 {print $2 * 1000}' | tail -n +51 | sort -n | awk '{v[NR]=$1; s+=$1} END {printf "%.1f %.1f", s/NR, v[int(NR*0.95)]}'
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
  result[Patient,$enforce]=$(timed_posts Patient "$work/patient.json" | summarise)
  result[Condition,$enforce]=$(timed_posts Condition "$work/condition.json" | summarise)
  kill %1; wait %1 2>/dev/null || true
done

echo "| create    | enforce on: mean / p95 ms | enforce off: mean / p95 ms | mean ratio on/off |"
echo "|-----------|--------------------------:|---------------------------:|------------------:|"
for type in Patient Condition; do
  read -r on_mean on_p95 <<< "${result[$type,true]}"
  read -r off_mean off_p95 <<< "${result[$type,false]}"
  printf '| %-9s | %12s / %-10s | %13s / %-10s | %17s |\n' "$type" "$on_mean" "$on_p95" "$off_mean" "$off_p95" \
    "$(awk -v a="$on_mean" -v b="$off_mean" 'BEGIN {printf "%.2f", a / b}')"
done
echo "N=$n sequential creates per cell after 50 warm-up; $(nproc) cores; $jar"
