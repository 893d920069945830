#!/usr/bin/env bash
# What $coordination-gaps costs as the population grows. Starts the packaged server on a fresh embedded database
# (profile enforcement and the audit trail off, only to load quickly), loads N synthetic patients with a rare
# condition (each: GP practice, coordinator, patient with a postcode, ORPHA condition, two care teams, a care plan and
# a clinic letter, as one transaction; every fifth patient also has two booked appointments at two hospitals), then
# asks for the whole report ROUNDS times and prints the table: patients, resources, mean and max time (ms).
#   bash bench/coordination-gaps.sh [N...]      (default: 1000; e.g. 1000 10000 loads 1000, measures, loads up to
#                                                10000, measures; CLIENTS=4 parallel loaders, ROUNDS=5)
source "$(dirname "$0")/common.sh"
sizes=("${@:-1000}")
clients=${CLIENTS:-4}
rounds=${ROUNDS:-5}
port=${PORT:-18093}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
root="http://localhost:$port"

launch "$port" "$work/data" --concord.profiles.enforce=false --concord.audit.enabled=false
tok=$(await_server "$root")

# one transaction per patient, from a deterministic generator (valid NHS Numbers, postcodes across regions)
generate() {
  python3 - "$1" "$2" "$work/tx" <<'PY'
import json, os, sys
start, end, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)
areas = ["LS6 9ZZ", "N1 9ZZ", "M1 1AA", "B1 1AA", "EH1 1AA", "CF10 1AA", "BS1 1AA", "NE1 1AA", "NR1 1AA", "BT1 1AA"]
def nhs(i):
    while True:
        base = f"{900000000 + i:09d}"
        total = sum(int(d) * (10 - k) for k, d in enumerate(base))
        check = 11 - total % 11
        if check == 11: check = 0
        if check != 10: return base + str(check)
        i += 7919
for i in range(start, end):
    n, u = nhs(i * 13), lambda k: f"urn:uuid:00000000-0000-4000-8000-{i:08d}{k:04d}"
    ods, hosp = f"B{i % 97:04d}", ["RP4", "RRK", "RR8", "R0A"][i % 4]
    e = lambda k, r, t: {"fullUrl": u(k), "resource": r, "request": {"method": "POST", "url": t}}
    entries = [
      {"fullUrl": u(1), "resource": {"resourceType": "Organization", "identifier": [{"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": ods}], "name": "Practice " + ods},
       "request": {"method": "POST", "url": "Organization", "ifNoneExist": "identifier=https://fhir.nhs.uk/Id/ods-organization-code|" + ods}},
      e(2, {"resourceType": "Practitioner", "name": [{"family": "Coordinator"}]}, "Practitioner"),
      e(3, {"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": n}], "name": [{"family": f"Bench{i}"}],
            "birthDate": f"{2000 + i % 20}-03-04", "address": [{"use": "home", "postalCode": areas[i % len(areas)]}]}, "Patient"),
      e(4, {"resourceType": "Condition", "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
            "code": {"coding": [{"system": "https://www.orpha.net", "code": "616874" if i % 9 == 0 else "98896"}]}, "subject": {"reference": u(3)}}, "Condition"),
      e(5, {"resourceType": "CareTeam", "status": "active", "subject": {"reference": u(3)}, "participant": [
            {"role": [{"coding": [{"system": "https://fhir.concord.org.uk/CodeSystem/care-team-role", "code": "care-coordinator"}]}], "member": {"reference": u(2)},
             "onBehalfOf": {"identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": hosp}}}]}, "CareTeam"),
      e(6, {"resourceType": "CareTeam", "status": "active", "subject": {"reference": u(3)}, "participant": [
            {"role": [{"coding": [{"system": "https://fhir.concord.org.uk/CodeSystem/care-team-role", "code": "general-practitioner"}]}], "member": {"reference": u(2)},
             "onBehalfOf": {"identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": ods}}}]}, "CareTeam"),
      e(7, {"resourceType": "CarePlan", "status": "active", "intent": "plan",
            "extension": [{"url": "https://fhir.concord.org.uk/StructureDefinition/next-review-date", "valueDate": f"2026-{1 + i % 12:02d}-15"}],
            "category": [{"coding": [{"system": "https://fhir.concord.org.uk/CodeSystem/care-plan-type", "code": "coordinated-care-plan"}]}],
            "subject": {"reference": u(3)}, "period": {"start": "2025-01-01"}, "careTeam": [{"reference": u(5)}], "addresses": [{"reference": u(4)}]}, "CarePlan"),
      e(8, {"resourceType": "DocumentReference", "status": "current", "subject": {"reference": u(3)},
            "content": [{"attachment": {"contentType": "text/plain", "data": "Q2xpbmljIGxldHRlcg=="}}]}, "DocumentReference"),
    ]
    if i % 5 == 0:
        for k, (site, day) in enumerate([("RP4", "2027-01-05"), ("RRK", "2027-01-12")]):
            entries.append(e(10 + k, {"resourceType": "Location", "managingOrganization": {"identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": site}}}, "Location"))
            entries.append(e(20 + k, {"resourceType": "Appointment", "status": "booked", "start": day + "T10:00:00Z", "end": day + "T10:30:00Z",
                "participant": [{"actor": {"reference": u(3)}, "status": "accepted"}, {"actor": {"reference": u(10 + k)}, "status": "accepted"}]}, "Appointment"))
    json.dump({"resourceType": "Bundle", "type": "transaction", "entry": entries}, open(f"{out}/{i:06d}.json", "w"))
PY
}

load() {
  rm -rf "$work/tx"; generate "$1" "$2"
  ls "$work/tx"/*.json | xargs -P "$clients" -I{} curl -sf -o /dev/null -H "Authorization: Bearer $tok" \
    -H "Content-Type: application/fhir+json" --data-binary @{} "$root/fhir" || { echo "a load transaction failed"; exit 1; }
}

printf '| patients loaded | resources | first report after loading (ms) | $coordination-gaps mean (ms) | max (ms) | rounds |\n|---|---|---|---|---|---|\n'
loaded=0
for size in "${sizes[@]}"; do
  load "$loaded" "$size"
  loaded=$size
  resources=0
  for type in Patient Condition CareTeam CarePlan DocumentReference Appointment Location Organization Practitioner; do
    count=$(curl -sf -H "Authorization: Bearer $tok" "$root/fhir/$type?_summary=count" | sed -E 's/.*"total":([0-9]+).*/\1/')
    resources=$((resources + count))
  done
  # the first report after loading reads what changed since the last one (all of it, the first time)
  first=$(curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $tok" "$root/fhir/\$coordination-gaps" | awk '{print $1 * 1000}')
  times=$(for r in $(seq 1 "$rounds"); do
    curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $tok" "$root/fhir/\$coordination-gaps"
  done | awk '{print $1 * 1000}')
  echo "$times" | awk -v p="$size" -v r="$resources" -v f="$first" -v n="$rounds" '{s+=$1; if ($1>m) m=$1} END {printf "| %d | %s | %.0f | %.0f | %.0f | %d |\n", p, r, f, s/NR, m, n}'
done
