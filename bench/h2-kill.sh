#!/usr/bin/env bash
# Whether the embedded H2 file keeps every acknowledged commit through kill -9, with or without one of H2's compaction
# operations running while it is written (bench/H2KillCheck.java says how):
#   bash bench/h2-kill.sh [operation none|rewrite|rounds|move|settle] [retention ms, -1 = the database's] [folders] [kills each]
# e.g. `bash bench/h2-kill.sh rewrite 0 3 4` (run 47: 8 of 12 kills lost commits), `bash bench/h2-kill.sh none -1 3 4`.
# Extra H2 settings in H2_SETTINGS, e.g. ";RETENTION_TIME=1000". Prints one line per kill, then a table row.
# Lives longer than H2's 45 s retention time (run 52): LIFE_SECONDS=50-100 WRITE_PAUSE_MS=10 PAYLOAD_MAX=3000.
set -euo pipefail
cd "$(dirname "$0")/.."
classpath=$(mktemp)
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath"
h2=$(tr ':' '\n' < "$classpath" | grep '/h2-[0-9.]*\.jar$')
classes=$(mktemp -d)
javac -d "$classes" -cp "$h2" bench/H2KillCheck.java
java -cp "$classes:$h2" H2KillCheck "${3:-3}" "${4:-4}" "${1:-none}" "${2:--1}" "${H2_SETTINGS:-}"
