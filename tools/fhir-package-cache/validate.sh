#!/usr/bin/env bash
# Validates the guide's examples and counter-examples offline. A thin wrapper around the Maven tests that do it
# (they run in `mvn verify` too; the Java lives once, under src/test/java):
#   Hl7ValidationEngineTest  the HL7 validation engine (org.hl7.fhir.validation 6.7.9, no terminology server) against
#                            the built package target/classes/fhir-package/concord.fhir.r4.tgz and an R4 core package
#                            built from the classpath (BuildR4CorePackage)
#   FhirPackageTest          the built package is a standard FHIR NPM package with every profile (with snapshot),
#                            code system, value set, search parameter and valid example, and no counter-example
#   ProfileEnforcementIT     the server's own HAPI validator: examples accepted, counter-examples refused with 422
#                            and their expected message (starts the embedded server)
# Rules: every *.json under ig/examples (including bundles/) has no error; every file in ig/counter-examples has an
# error containing its text in ig/counter-examples/expected-errors.json. Per-file results are in
# target/surefire-reports/. Extra arguments go to Maven, e.g. -Dtest=Hl7ValidationEngineTest to run one class.
#
#   tools/fhir-package-cache/validate.sh [maven args...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mvn -B -ntp -q test -Dtest='Hl7ValidationEngineTest,FhirPackageTest,ProfileEnforcementIT' \
  -Dsurefire.failIfNoSpecifiedTests=false "$@"
echo "validate.sh: passed (reports in target/surefire-reports)"
