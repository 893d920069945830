#!/usr/bin/env bash
# Builds an offline FHIR package cache folder holding hl7.fhir.r4.core#4.0.1 (one JSON file per resource,
# package.json, .index.json), converted from the XML/JSON bundles inside hapi-fhir-validation-resources-r4 8.8.0,
# plus an empty hl7.fhir.xver-extensions#0.1.0 stub (the HL7 validation engine always loads it; SUSHI never does).
# No network: the jars come from ~/.m2 (see classpath.sh). The conversion is the test-support class
# src/test/java/uk/concord/testing/BuildR4CorePackage.java, run here with the single-file source launcher; the tests
# (FhirPackageCache) call the same class to build the same folder once per JVM, so `mvn test` needs no script.
#
#   tools/fhir-package-cache/build-cache.sh [CACHE_DIR]      default: <repo>/target/fhir-package-cache
#
# CACHE_DIR is a FHIR package cache, i.e. what SUSHI and the HL7 tools read as ~/.fhir/packages:
#   CACHE_DIR/hl7.fhir.r4.core#4.0.1/package/{package.json,StructureDefinition-Patient.json,...}
# An existing complete cache is kept; FORCE=1 rebuilds it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="${1:-$root/target/fhir-package-cache}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
pkgdir="$dest/hl7.fhir.r4.core#4.0.1"
if [[ -f "$pkgdir/package/package.json" && -f "$dest/hl7.fhir.xver-extensions#0.1.0/package/package.json" && "${FORCE:-0}" != 1 ]]; then
  echo "build-cache.sh: $pkgdir already present (FORCE=1 to rebuild)"
  exit 0
fi
cp="$("$here/classpath.sh")"
tmp="$(mktemp -d "$dest/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
java -cp "$cp" "$root/src/test/java/uk/concord/testing/BuildR4CorePackage.java" "$tmp"
for pkg in "hl7.fhir.r4.core#4.0.1" "hl7.fhir.xver-extensions#0.1.0"; do
  rm -rf "${dest:?}/$pkg"
  mv "$tmp/$pkg" "$dest/$pkg"
done
echo "build-cache.sh: FHIR package cache ready in $dest"
