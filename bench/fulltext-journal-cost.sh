#!/usr/bin/env bash
# What the full-text journal adds to a write transaction, in H2 and in PostgreSQL: bench/fulltext-journal-cost.sh [N]
# (N transactions per round, default 2000; PostgreSQL at $PG_URL, default the local server's database concord_bench,
# created if missing). Prints a table in ms per transaction.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
pg_url=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/concord_bench}
classpath=$(mktemp)
mvn -q -B -ntp dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath"
psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='${pg_url##*/}'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qc "create database ${pg_url##*/}"
data=$(mktemp -d)
echo "| database | transaction of 8 rows | with 8 journal rows | journal's cost | background delete |"
echo "|---|---|---|---|---|"
java -cp "$(cat "$classpath")" bench/JournalCost.java "jdbc:h2:file:$data/h2" "$n"
java -cp "$(cat "$classpath")" bench/JournalCost.java "$pg_url" "$n" postgres
rm -rf "$data" "$classpath"
