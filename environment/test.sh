#!/usr/bin/env bash
# The one test command: set-up (idempotent), then every unit test, then every notebook headless, then the
# main job on the synthetic default. Fails on the first failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/environment/setup.sh"
. "$ROOT/environment/lib.sh"
histo4j_find_java
export JAVA_HOME="$HISTO4J_JAVA_HOME"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
export DJL_CACHE_DIR="$HISTO4J_DJL_CACHE"
[ -n "$HISTO4J_TCMALLOC" ] && export LD_PRELOAD="$HISTO4J_TCMALLOC"

echo "test: unit tests (mvn test)"
(cd "$ROOT" && mvn -B -q test) || { echo "test: unit tests failed" >&2; exit 1; }
unset LD_PRELOAD

OUT="$ROOT/lib/target/ci"
rm -rf "$OUT"
mkdir -p "$OUT"
echo "test: notebooks headless"
# 00-welcome already ran inside the unit tests (WelcomeNotebookTest)
mapfile -t rest < <(cd "$ROOT/notebooks" && ls [0-9][0-9]-*.ipynb | grep -v '^00-')
if [ ${#rest[@]} -gt 0 ]; then
  "$ROOT/histo4j" notebooks run "${rest[@]}" --out "$OUT/notebooks"
fi
echo "test: main job (quickstart)"
"$ROOT/histo4j" quickstart --out "$OUT/quickstart"
echo "test: all passed"
