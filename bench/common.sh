# Shared by the benchmarks: run from the repository root, with the packaged server jar in $jar (built if missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[1]}")/.."
jar=$(ls target/concord-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ]; then
  mvn -q -B -ntp package -DskipTests
  jar=$(ls target/concord-*.jar | grep -v original | head -n 1)
fi

# An access token from the server's development authorization server: token <root-url> [client, default ehr-system]
token() {
  local client=${2:-ehr-system}
  curl -sf -u "$client:$client-secret" -d grant_type=client_credentials "$1/oauth2/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# Waits until the server at <root-url> answers, then prints a token for [client]
await_server() {
  until curl -sf -o /dev/null "$1/fhir/metadata"; do sleep 0.5; done
  token "$1" "${2:-}"
}
