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
histo4j_find_fixtures "$ROOT"
if [ -n "${HISTO4J_FIXTURES:-}" ]; then export HISTO4J_FIXTURES; fi
export DJL_CACHE_DIR="$HISTO4J_DJL_CACHE"
[ -n "$HISTO4J_TCMALLOC" ] && export LD_PRELOAD="$HISTO4J_TCMALLOC"

echo "test: launcher contract (one clear line, exit 1, when JDK 25 or Jupyter is missing)"
expect_one_line() {  # expect_one_line PATTERN COMMAND...: exit 1 and exactly one line on stderr matching PATTERN
  local pattern="$1" err rc=0
  shift
  err=$("$@" 2>&1 >/dev/null) || rc=$?
  if [ "$rc" -ne 1 ] || [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ] || ! printf '%s' "$err" | grep -q "$pattern"; then
    echo "test: expected exit 1 and one line matching '$pattern' from: $* (exit $rc):" >&2
    printf '%s\n' "$err" >&2
    exit 1
  fi
}
expect_one_line "no JDK 25 or newer" env JAVA_HOME= HISTO4J_JVM_DIR=/nonexistent "$ROOT/histo4j" --version
expect_one_line "Jupyter not usable" env HISTO4J_PYTHON=/nonexistent/python3 "$ROOT/histo4j" notebooks run 00 --out "$ROOT/lib/target/none"

echo "test: libtorch routes (CPU natives without a GPU, a CUDA libtorch when one is installed)"
"$ROOT/environment/test-libtorch.sh"

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
echo "test: GPU check (GPU rows skipped without an NVIDIA GPU; a CPU smoke row runs the same commands)"
HISTO4J_GPU_CHECK_OUT="$OUT/gpu-check" "$ROOT/environment/gpu-check.sh"
echo "test: main job (quickstart)"
"$ROOT/histo4j" quickstart --out "$OUT/quickstart"
echo "test: all passed"
