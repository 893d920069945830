#!/usr/bin/env bash
# The packaged server laid out to start about a third faster: the jar extracted (its libraries as plain jars beside
# it, which the JVM reads more cheaply than jars nested in a jar) and a class data sharing archive of the classes a
# start loads, already parsed and verified (bench/RESULTS.md run 48). The archive belongs to the JVM that made it:
# make it with the java that will run the server (the Docker image does so in its last stage).
#   bash tools/class-data-archive.sh <concord jar> <destination folder>
# then start the server with the command it prints. A JVM that cannot use the archive (another Java build) says so
# and starts without it.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 <concord jar> <destination folder>" >&2; exit 2; }
jar=$1 destination=$2
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# replaced only when it is an earlier layout: never delete a folder this script did not make
if [ -e "$destination" ] && [ -n "$(ls -A "$destination")" ]; then
  [ -f "$destination/concord.jsa" ] || { echo "$destination is not empty and not a layout this script made" >&2; exit 2; }
  rm -rf "$destination"
fi
"$java" -Djarmode=tools -jar "$jar" extract --destination "$destination" > /dev/null
app=$destination/$(basename "$jar")
archive=$destination/concord.jsa

# A training start on an empty data folder of its own, up to its first answer on /fhir/metadata (asked through bash's
# /dev/tcp: an image need not have curl), then stopped; it lists the classes it loaded.
training=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill -9 "$server" 2>/dev/null; rm -rf "$training"' EXIT
port=${TRAINING_PORT:-$((20000 + RANDOM % 20000))}
"$java" -XX:DumpLoadedClassList="$training/classes" -jar "$app" --server.port="$port" --server.address=127.0.0.1 \
  --concord.server.data-dir="$training/data" > "$training/start.log" 2>&1 &
server=$!
metadata() {
  { exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /fhir/metadata HTTP/1.0\r\n\r\n' >&3 && head -n 1 <&3; } 2>/dev/null
}
until metadata | grep -q ' 200 '; do
  if ! kill -0 "$server" 2>/dev/null || [ "$SECONDS" -gt 900 ]; then
    tail -n 40 "$training/start.log" >&2
    echo "the training start did not answer on port $port (log above)" >&2
    exit 1
  fi
  sleep 1
done
kill "$server"
wait "$server" 2>/dev/null || true
server=""
# JDK 17 cannot archive the classes made for lambdas at run time (it crashes writing them): they are left out.
grep -v '^@lambda-proxy' "$training/classes" > "$training/classes.lst"
if ! "$java" -Xshare:dump -XX:SharedClassListFile="$training/classes.lst" -XX:SharedArchiveFile="$archive" \
    -jar "$app" > "$training/dump.log" 2>&1; then
  tail -n 40 "$training/dump.log" >&2
  echo "writing the archive failed (above)" >&2
  exit 1
fi
echo "java -XX:SharedArchiveFile=$archive -jar $app"
