#!/usr/bin/env bash
# Prints the Java classpath of the server's test scope (HAPI FHIR 8.8.0 structures, validation-resources-r4 and the
# rest, all from ~/.m2), for build-cache.sh, which runs src/test/java/uk/concord/testing/BuildR4CorePackage.java with
# the single-file source launcher. Resolved from the project's pom.xml and cached in <repo>/target/fhir-tools-classpath.txt.
# Offline (mvn -o) when the server build has already filled ~/.m2; otherwise falls back to Maven Central.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/target/fhir-tools-classpath.txt"
if [[ ! -s "$out" || "$root/pom.xml" -nt "$out" ]]; then
  mkdir -p "$root/target"
  args=(-q -B -f "$root/pom.xml" dependency:build-classpath -Dmdep.outputFile="$out" -Dmdep.includeScope=test)
  if ! mvn -o "${args[@]}" >&2; then
    echo "classpath.sh: offline resolution failed; trying Maven Central" >&2
    mvn "${args[@]}" >&2
  fi
fi
cat "$out"
