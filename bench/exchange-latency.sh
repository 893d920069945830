#!/usr/bin/env bash
# Latency of the jobs users hire Concord for, on the guide's example records (demo data, embedded default): the GP
# lookup (care teams and coordinator by NHS Number, one request), Patient/$summary (the passport), the printable
# passport page, $everything and Patient/$match. Starts the packaged server on an empty folder; prints a table.
#   bash bench/exchange-latency.sh [N]          (default N=100 requests per row; builds the jar if missing)
source "$(dirname "$0")/common.sh"
n=${1:-100}
warmup=10
port=${PORT:-18082}
root="http://localhost:$port"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

launch "$port" "$work/data"
TOKEN=$(await_server "$root")
until curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$root/fhir/Patient/dmd-child"; do sleep 0.5; done # demo loaded

match='{"resourceType":"Parameters","parameter":[{"name":"resource","resource":{"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}]}}]}'
echo "$match" > "$work/match.json"

echo "| request                                               |  mean ms |   p95 ms |    n |"
echo "|-------------------------------------------------------|---------:|---------:|-----:|"
row() { printf '| %-53s | %s |\n' "$1" "$(measure "$root" "$TOKEN" "$2" "${3:-}" | awk '{printf "%8s | %8s | %4s", $1, $2, $3}')"; }
row "GP lookup: CareTeam by NHS Number + _include" \
  "/fhir/CareTeam?subject:Patient.identifier=https://fhir.nhs.uk/Id/nhs-number%7C9434765919&status=active&_include=CareTeam:participant&_include=CareTeam:subject"
row "Patient/dmd-child/\$summary (passport, IPS)" "/fhir/Patient/dmd-child/\$summary"
row "Patient/\$summary?identifier=NHS Number" "/fhir/Patient/\$summary?identifier=https://fhir.nhs.uk/Id/nhs-number%7C9434765919"
row "/passport/Patient/dmd-child (HTML page)" "/passport/Patient/dmd-child"
row "Patient/dmd-child/\$everything" "/fhir/Patient/dmd-child/\$everything"
row "Patient/\$match on NHS Number (POST)" "/fhir/Patient/\$match" "$work/match.json"
echo "$(nproc) cores; $jar; demo data only"
