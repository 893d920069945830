#!/usr/bin/env bash
# Compiles fhir-profiles/ (FHIR Shorthand) with the pinned SUSHI, offline, then copies the example instances into
# ig/examples and ig/counter-examples (publish-examples.mjs). One command regenerates all committed JSON:
#
#   tools/fhir-package-cache/sushi.sh
#
# Needs: Node >= 18 (npm ci installs fsh-sushi from package-lock.json on first use: the only network access),
# Java 17 and Maven with ~/.m2 filled by the server build (to build the package cache once).
# SUSHI reads packages from $HOME/.fhir/packages, so it runs with HOME=<repo>/target/fhir-home whose
# .fhir/packages links to the cache built by build-cache.sh (FHIR_PACKAGE_CACHE overrides its location).
# Fails on any SUSHI error, and on any warning other than the three expected ones (SUSHI's automatic
# dependencies hl7.fhir.uv.tools.r4, hl7.terminology.r4 and hl7.fhir.uv.extensions.r4 cannot be fetched offline
# and are not needed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${FHIR_PACKAGE_CACHE:-$root/target/fhir-package-cache}"
"$here/build-cache.sh" "$cache" >/dev/null
cache="$(cd "$cache" && pwd)"
if [[ ! -x "$here/node_modules/.bin/sushi" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
home="$root/target/fhir-home"
mkdir -p "$home/.fhir"
ln -sfn "$cache" "$home/.fhir/packages"
log="$root/target/sushi.log"
set +e
HOME="$home" "$here/node_modules/.bin/sushi" build "$root/fhir-profiles" --snapshot "$@" >"$log" 2>&1
status=$?
set -e
grep -E '^(warn|error)|Errors|File:|Line:' "$log" || true
if [[ $status -ne 0 ]]; then
  echo "sushi.sh: SUSHI reported errors (full log: $log)" >&2
  exit 1
fi
unexpected="$(grep -E '^warn' "$log" | grep -v 'Failed to load automatically-provided' || true)"
if [[ -n "$unexpected" ]]; then
  echo "sushi.sh: unexpected SUSHI warnings (full log: $log)" >&2
  exit 1
fi
node "$here/publish-examples.mjs" "$root"
