#!/usr/bin/env bash
# Validates the examples and counter-examples offline, twice:
#  1. HAPI FhirInstanceValidator (HAPI 8.8.0, as the server uses it): ValidateExamples + ConcordConformance
#  2. the HL7 validation engine itself (org.hl7.fhir.validation 6.7.9 ValidationEngine, no terminology server),
#     reading hl7.fhir.r4.core#4.0.1 from the package cache built by build-cache.sh: Hl7ValidatorCheck
# Rules: every *.json under ig/examples (including bundles/) has no error; every file in
# ig/counter-examples/expected-errors.json has an error containing its expected text.
# Each prints "N passed, M failed"; the script fails if either fails. -v prints every message.
#
#   tools/fhir-package-cache/validate.sh [-v]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${FHIR_PACKAGE_CACHE:-$root/target/fhir-package-cache}"
"$here/build-cache.sh" "$cache" >/dev/null
cache="$(cd "$cache" && pwd)"
home="$root/target/fhir-home"
mkdir -p "$home/.fhir"
ln -sfn "$cache" "$home/.fhir/packages"
cp="$("$here/classpath.sh")"
classes="$here/target/classes"
rm -rf "$classes" && mkdir -p "$classes"
javac -nowarn -XDsuppressNotes -d "$classes" -cp "$cp" $(find "$here/src/main/java/uk" -name '*.java')
cd "$root"
args=(fhir-profiles/fsh-generated/resources ig/examples ig/counter-examples "$@")
echo "== HAPI FhirInstanceValidator"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classes:$cp" uk.nhs.concord.tools.fhir.ValidateExamples "${args[@]}"
echo "== HL7 validation engine"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Duser.home="$home" -cp "$classes:$cp" \
  uk.nhs.concord.tools.fhir.Hl7ValidatorCheck "${args[@]}"
