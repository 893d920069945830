#!/usr/bin/env bash
# Builds an offline FHIR package cache folder holding hl7.fhir.r4.core#4.0.1 (one JSON file per resource,
# package.json, .index.json), converted from the XML/JSON bundles inside hapi-fhir-validation-resources-r4 8.8.0.
# No network: the jars come from ~/.m2 (see classpath.sh).
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
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" "$here/src/main/java/BuildR4CorePackage.java" "$tmp"
rm -rf "$pkgdir"
mv "$tmp/hl7.fhir.r4.core#4.0.1" "$pkgdir"
# The HL7 validation engine (ValidationEngine, R4 mode) always loads hl7.fhir.xver-extensions#0.1.0, which cannot be
# downloaded here. An empty package lets it start offline; SUSHI never reads it. Nothing else depends on it.
stub="$dest/hl7.fhir.xver-extensions#0.1.0/package"
if [[ ! -f "$stub/package.json" ]]; then
  mkdir -p "$stub"
  cat >"$stub/package.json" <<'JSON'
{"name":"hl7.fhir.xver-extensions","version":"0.1.0","type":"IG","fhirVersions":["4.0.1"],"dependencies":{},"description":"Empty offline stub written by Concord's build-cache.sh so that the HL7 validation engine can start without network"}
JSON
  echo '{"index-version":2,"files":[]}' >"$stub/.index.json"
fi
echo "build-cache.sh: FHIR package cache ready in $dest"
