#!/usr/bin/env bash
# Sets up histo4j on a fresh Debian machine, idempotently: system packages, a JDK >= 25, the build
# (lib/target/histo4j.jar, spark/target/histo4j-spark.jar), Spark's class path for --spark and clusters
# (spark/target/spark-home/jars), libtorch's natives, and the "histo4j" Jupyter kernel. A second run only checks.
#   environment/setup.sh            everything
#   environment/setup.sh --no-build skip the Maven build (the kernel still points at lib/target/histo4j.jar)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
. "$ROOT/environment/lib.sh"
BUILD=1
[ "${1:-}" = "--no-build" ] && BUILD=0

say() { echo "setup: $*"; }
fail() { echo "setup: $*" >&2; exit 1; }

# Debian packages: Jupyter (run by /usr/bin/python3), OpenSlide, libvips tools, tcmalloc, Chromium for
# browser tests, and PyTorch for the side-by-side benchmark. Listed in environment/packages.txt.
install_packages() {
  local missing=() pkg
  while read -r pkg; do
    [ -z "$pkg" ] || [ "${pkg#\#}" != "$pkg" ] && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done < "$ROOT/environment/packages.txt"
  if [ ${#missing[@]} -eq 0 ]; then
    say "system packages: all present"
    return
  fi
  say "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq || fail "apt-get update failed: no access to Debian's package servers?"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
}

find_jdk() {
  histo4j_find_java || fail "no JDK $HISTO4J_MIN_JAVA or newer found (looked at \$JAVA_HOME and ${HISTO4J_JVM_DIR:-/usr/lib/jvm}): install one, e.g. Temurin 25"
  export JAVA_HOME="$HISTO4J_JAVA_HOME"
  # Maven's own guava calls sun.misc.Unsafe, which JDK 25 warns about on every build
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  say "JDK: $HISTO4J_JAVA_HOME"
  command -v mvn >/dev/null || fail "Maven (mvn) not found: install the Debian package maven"
}

# Rebuilds the jar only when a source or pom is newer than it.
build() {
  local jar="$ROOT/lib/target/histo4j.jar" spark_jar="$ROOT/spark/target/histo4j-spark.jar"
  if [ -f "$jar" ] && [ -f "$spark_jar" ] && [ -z "$(find "$ROOT/pom.xml" "$ROOT/lib/pom.xml" "$ROOT/lib/src/main" \
      "$ROOT/spark/pom.xml" "$ROOT/spark/src/main" -newer "$jar" -print -quit)" ] \
      && [ -z "$(find "$ROOT/spark/src/main" -newer "$spark_jar" -print -quit)" ]; then
    say "build: $jar is up to date"
    return
  fi
  say "building $jar and $spark_jar (mvn package, tests later)"
  (cd "$ROOT" && mvn -B -q package -DskipTests) || fail "the Maven build failed (see above)"
}

# What --spark and a standalone cluster run on: Spark's class path alone, in a folder shaped like SPARK_HOME
# (a worker launches executors only when $SPARK_HOME/jars holds it). Copied once; redone when the pom changes.
spark_home() {
  local jars="$ROOT/spark/target/spark-home/jars"
  if [ -f "$jars/.complete" ] && [ "$jars/.complete" -nt "$ROOT/spark/home/pom.xml" ] && [ "$jars/.complete" -nt "$ROOT/pom.xml" ]; then
    say "Spark class path: present in $jars"
    return
  fi
  say "copying Spark's class path into $jars"
  rm -rf "$jars"
  (cd "$ROOT" && mvn -B -q -f spark/home/pom.xml dependency:copy-dependencies) \
    || fail "cannot copy Spark's class path (mvn -f spark/home/pom.xml dependency:copy-dependencies)"
  touch "$jars/.complete"
}

# libtorch's natives are copied out of the jar on first use (432 MB); do it now, not inside a notebook.
warm_up_engine() {
  if ls "$HISTO4J_DJL_CACHE"/pytorch/*/libtorch_cpu.so >/dev/null 2>&1; then
    say "libtorch natives: present in $HISTO4J_DJL_CACHE"
    return
  fi
  say "extracting libtorch natives into $HISTO4J_DJL_CACHE"
  "$ROOT/histo4j" env --no-jupyter >/dev/null || fail "the DJL engine does not start: run ./histo4j env --debug"
}

# The Java kernel for Jupyter: rapaio-jupyter-kernel from Maven Central, on JDK 25, with the project jar on
# its class path and tcmalloc preloaded. Its own installer would point at the default java (17 here).
install_kernel() {
  local version=3.0.1
  local home="${XDG_DATA_HOME:-$HOME/.local/share}"
  local kernel_jar="$home/histo4j/rapaio-jupyter-kernel-$version.jar"
  local spec_dir="$home/jupyter/kernels/histo4j"
  if [ ! -f "$kernel_jar" ]; then
    say "fetching io.github.padreati:rapaio-jupyter-kernel:$version from Maven Central"
    (cd "$ROOT" && mvn -B -q dependency:copy -Dartifact="io.github.padreati:rapaio-jupyter-kernel:$version" \
      -DoutputDirectory="$home/histo4j") || fail "cannot fetch the rapaio Jupyter kernel from Maven Central"
  fi
  mkdir -p "$spec_dir"
  cat > "$spec_dir/logging.properties" <<PROPS
handlers=java.util.logging.ConsoleHandler
.level=WARNING
java.util.logging.ConsoleHandler.level=WARNING
PROPS
  local spec
  histo4j_find_fixtures "$ROOT"
  spec=$(/usr/bin/python3 - "$HISTO4J_JAVA" "$kernel_jar" "$ROOT/lib/target/histo4j.jar" "$spec_dir" \
      "$HISTO4J_TCMALLOC" "$HISTO4J_DJL_CACHE" "$ROOT" "${HISTO4J_FIXTURES:-}" "${HISTO4J_JVM_OPTS[@]}" <<'PY'
import json, sys
java, kernel_jar, project_jar, spec_dir, tcmalloc, djl_cache, root, fixtures, *jvm_opts = sys.argv[1:]
env = {"DJL_CACHE_DIR": djl_cache, "RJK_TIMEOUT_MILLIS": "-1"}
if fixtures:
    env["HISTO4J_FIXTURES"] = fixtures
if tcmalloc:
    env["LD_PRELOAD"] = tcmalloc
argv = [java, *jvm_opts, "-Dhisto4j.home=" + root,
        "-Djava.util.logging.config.file=" + spec_dir + "/logging.properties",
        "-cp", kernel_jar + ":" + project_jar, "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"]
print(json.dumps({"argv": argv, "display_name": "Java (histo4j)", "language": "java",
                  "interrupt_mode": "message", "env": env}, indent=1))
PY
)
  if [ -f "$spec_dir/kernel.json" ] && [ "$(cat "$spec_dir/kernel.json")" = "$spec" ]; then
    say "Jupyter kernel 'histo4j': up to date in $spec_dir"
  else
    printf '%s\n' "$spec" > "$spec_dir/kernel.json"
    say "Jupyter kernel 'histo4j' installed in $spec_dir"
  fi
}

install_packages
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import nbclient, nbconvert" 2>/dev/null \
  || fail "Jupyter is not usable: /usr/bin/python3 cannot import nbclient and nbconvert (Debian packages python3-nbclient, jupyter-nbconvert)"
find_jdk
[ "$BUILD" -eq 1 ] && build
[ "$BUILD" -eq 1 ] && spark_home
[ -f "$ROOT/lib/target/histo4j.jar" ] || fail "lib/target/histo4j.jar is missing: run environment/setup.sh without --no-build"
warm_up_engine
install_kernel
say "ready: ./histo4j --help"
