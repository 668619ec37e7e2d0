# Shared by ./histo4j and environment/*.sh: finds the JDK (>= 25) and the optional native pieces.
# Sourced, not run. Defines: histo4j_find_java, HISTO4J_TCMALLOC, HISTO4J_DJL_CACHE.

HISTO4J_MIN_JAVA=25

# Prints the feature version of a java binary (25 for "25.0.1"), or nothing.
histo4j_java_version() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

# Sets HISTO4J_JAVA to a java >= 25: $JAVA_HOME first, then the JDKs under $HISTO4J_JVM_DIR (default
# /usr/lib/jvm). Returns 1 if none.
histo4j_find_java() {
  local candidate version
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "${HISTO4J_JVM_DIR:-/usr/lib/jvm}"/*/bin/java; do
    [ -x "$candidate" ] || continue
    version=$(histo4j_java_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge "$HISTO4J_MIN_JAVA" ]; then
      HISTO4J_JAVA="$candidate"
      HISTO4J_JAVA_HOME="$(dirname "$(dirname "$candidate")")"
      return 0
    fi
  done
  return 1
}

HISTO4J_TCMALLOC=""
for lib in /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4 \
           /usr/lib64/libtcmalloc_minimal.so.4; do
  if [ -f "$lib" ]; then HISTO4J_TCMALLOC="$lib"; break; fi
done

# One place for libtorch's extracted natives, shared by the launcher, the kernel and the tests.
HISTO4J_DJL_CACHE="${DJL_CACHE_DIR:-$HOME/.djl.ai}"

# Which libtorch DJL loads (CPU natives, or a CUDA libtorch chosen by setup when a GPU is present).
HISTO4J_HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=libtorch.sh
. "$HISTO4J_HOME_DIR/environment/libtorch.sh"

# Sets HISTO4J_JVM_OPTS, the options every histo4j JVM runs with, after reading the libtorch decision.
# --sun-misc-unsafe-memory-access=allow: a library (classgraph, through Tablesaw) still uses sun.misc.Unsafe,
# which JDK 25 warns about on every start. DJL runs offline unless setup chose its download of a CUDA libtorch.
histo4j_jvm_opts() {
  histo4j_load_libtorch
  HISTO4J_JVM_OPTS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
  [ "$HISTO4J_DJL_ONLINE" = 1 ] || HISTO4J_JVM_OPTS+=(-Dai.djl.offline=true)
}
histo4j_jvm_opts

# The shared real-file fixtures (slides, the NIC encoder's Keras weights): $HISTO4J_FIXTURES if set, else
# shared/fixtures beside the repository or one of its parents, else this machine kind's /work/shared/fixtures.
histo4j_find_fixtures() {
  local dir="$1"
  if [ -n "${HISTO4J_FIXTURES:-}" ]; then return 0; fi
  while [ -n "$dir" ] && [ "$dir" != "/" ]; do
    if [ -d "$dir/shared/fixtures/slides" ]; then HISTO4J_FIXTURES="$dir/shared/fixtures"; return 0; fi
    dir="$(dirname "$dir")"
  done
  if [ -d /work/shared/fixtures/slides ]; then HISTO4J_FIXTURES=/work/shared/fixtures; fi
}
