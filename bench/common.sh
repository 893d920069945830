# Shared by the benchmarks: run from the repository root, with the packaged server jar in $jar (built if missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[1]}")/.."
jar=$(ls target/concord-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ]; then
  mvn -q -B -ntp package -DskipTests
  jar=$(ls target/concord-*.jar | grep -v original | head -n 1)
fi
