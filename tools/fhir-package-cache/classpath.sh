#!/usr/bin/env bash
# Prints the Java classpath (HAPI FHIR 8.8.0 structures, validation, validation-resources-r4 and their
# dependencies, all from ~/.m2) for the helper programs in src/main/java. Cached in target/classpath.txt.
# Resolves offline (mvn -o) when the server build has already filled ~/.m2; otherwise falls back to Maven Central.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/target/classpath.txt"
if [[ ! -s "$out" || "$here/pom.xml" -nt "$out" ]]; then
  mkdir -p "$here/target"
  if ! mvn -o -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$out" >&2; then
    echo "classpath.sh: offline resolution failed; trying Maven Central" >&2
    mvn -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$out" >&2
  fi
fi
cat "$out"
