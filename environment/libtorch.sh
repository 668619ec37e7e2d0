# Which libtorch DJL loads: the CPU natives from Maven Central (the offline default), or a CUDA libtorch when an
# NVIDIA GPU is present. Sourced by environment/setup.sh (histo4j_arrange_libtorch, which decides once and writes
# the decision) and by environment/lib.sh (histo4j_load_libtorch, which every histo4j JVM start reads).
#
# DJL 0.35.1's JNI (ai.djl.pytorch:pytorch-jni:2.7.1-0.35.1) carries libdjl_torch.so for the flavours "cpu" and
# "cu128" only, so a GPU needs libtorch 2.7.x built for CUDA 12.8. The routes, first that works wins:
#   (a) a PyTorch 2.7.x+cu128 already installed on the machine: DJL loads its torch/lib through
#       PYTORCH_LIBRARY_PATH, PYTORCH_VERSION and PYTORCH_FLAVOR;
#   (b) DJL's own download of the cu128 flavour, when the machine reaches publish.djl.ai (then histo4j runs DJL
#       online: ai.djl.offline is not set).
# Without a GPU nothing changes and no file is written.

HISTO4J_LIBTORCH_ENV_FILE="${HISTO4J_LIBTORCH_ENV_FILE:-$HISTO4J_HOME_DIR/environment/.cache/libtorch.env}"
HISTO4J_DJL_JNI_FLAVOUR=cu128
HISTO4J_DJL_LIBTORCH_VERSION=2.7.1

# Prints "VERSION CUDA TORCH_LIB_DIR" of the PyTorch that python interpreter $1 imports, or nothing.
histo4j_torch_of() {
  "$1" - 2>/dev/null <<'PY'
import os, torch
print(torch.__version__.split("+")[0], torch.version.cuda or "none", os.path.join(os.path.dirname(torch.__file__), "lib"))
PY
}

# The GPUs nvidia-smi lists, one per line ("GPU 0: NVIDIA H100 ..."), or nothing.
histo4j_nvidia_gpus() {
  command -v nvidia-smi >/dev/null 2>&1 || return 0
  nvidia-smi -L 2>/dev/null | grep '^GPU ' || true
}

# Route (a): sets HISTO4J_TORCH_LIB and HISTO4J_TORCH_DESC for the first interpreter whose PyTorch is 2.7.x with
# CUDA 12.8; records in HISTO4J_TORCH_SEEN what else was found, for the one-line explanation.
histo4j_find_cuda_torch() {
  local python found version cuda lib
  HISTO4J_TORCH_SEEN=""
  for python in ${HISTO4J_TORCH_PYTHON:-} "$(command -v python3 2>/dev/null)" /usr/bin/python3; do
    [ -n "$python" ] && [ -x "$python" ] || continue
    found=$(histo4j_torch_of "$python") || continue
    [ -n "$found" ] || continue
    read -r version cuda lib <<<"$found"
    if [[ "$version" == 2.7.* ]] && [ "cu${cuda//./}" = "$HISTO4J_DJL_JNI_FLAVOUR" ] && [ -d "$lib" ]; then
      HISTO4J_TORCH_LIB="$lib"
      HISTO4J_TORCH_DESC="PyTorch $version+cu${cuda//./} of $python"
      return 0
    fi
    HISTO4J_TORCH_SEEN="${HISTO4J_TORCH_SEEN:+$HISTO4J_TORCH_SEEN; }$python has PyTorch $version (CUDA $cuda)"
  done
  return 1
}

# Decides the libtorch once (setup). Prints one line saying which route was taken, and why.
histo4j_arrange_libtorch() {
  local gpus
  gpus=$(histo4j_nvidia_gpus)
  if [ -z "$gpus" ]; then
    rm -f "$HISTO4J_LIBTORCH_ENV_FILE"
    echo "libtorch: CPU natives from Maven Central (no NVIDIA GPU: nvidia-smi lists none)"
    return 0
  fi
  mkdir -p "$(dirname "$HISTO4J_LIBTORCH_ENV_FILE")"
  local count
  count=$(printf '%s\n' "$gpus" | wc -l)
  if histo4j_find_cuda_torch; then
    cat >"$HISTO4J_LIBTORCH_ENV_FILE" <<EOF
# Written by environment/setup.sh: $count NVIDIA GPU(s); route (a), an installed PyTorch with CUDA.
export PYTORCH_LIBRARY_PATH="$HISTO4J_TORCH_LIB"
export PYTORCH_VERSION="$HISTO4J_DJL_LIBTORCH_VERSION"
export PYTORCH_FLAVOR="$HISTO4J_DJL_JNI_FLAVOUR"
export HISTO4J_LIBTORCH_ROUTE="CUDA libtorch of the installed $HISTO4J_TORCH_DESC ($HISTO4J_TORCH_LIB), route (a)"
EOF
    echo "libtorch: $count GPU(s); using the installed $HISTO4J_TORCH_DESC (route a)"
    return 0
  fi
  if command -v curl >/dev/null 2>&1 && curl -fsS -m 8 -o /dev/null "https://publish.djl.ai/pytorch/$HISTO4J_DJL_LIBTORCH_VERSION/files.txt" 2>/dev/null; then
    cat >"$HISTO4J_LIBTORCH_ENV_FILE" <<EOF
# Written by environment/setup.sh: $count NVIDIA GPU(s); route (b), DJL downloads the CUDA flavour itself.
export PYTORCH_VERSION="$HISTO4J_DJL_LIBTORCH_VERSION"
export PYTORCH_FLAVOR="$HISTO4J_DJL_JNI_FLAVOUR"
HISTO4J_DJL_ONLINE=1
export HISTO4J_LIBTORCH_ROUTE="CUDA libtorch $HISTO4J_DJL_LIBTORCH_VERSION-$HISTO4J_DJL_JNI_FLAVOUR downloaded by DJL into the DJL cache, route (b)"
EOF
    echo "libtorch: $count GPU(s); DJL downloads libtorch $HISTO4J_DJL_LIBTORCH_VERSION-$HISTO4J_DJL_JNI_FLAVOUR (route b)"
    return 0
  fi
  rm -f "$HISTO4J_LIBTORCH_ENV_FILE"
  echo "libtorch: $count GPU(s) but no CUDA libtorch: no PyTorch 2.7.x+$HISTO4J_DJL_JNI_FLAVOUR installed${HISTO4J_TORCH_SEEN:+ ($HISTO4J_TORCH_SEEN)} and publish.djl.ai is unreachable; staying on the CPU natives (install PyTorch 2.7.1 for CUDA 12.8, or set HISTO4J_TORCH_PYTHON to its python, then rerun setup)"
}

# Applies the decision (every JVM start): exports DJL's variables and HISTO4J_LIBTORCH_ROUTE, and tells the caller
# through HISTO4J_DJL_ONLINE whether DJL may download.
histo4j_load_libtorch() {
  HISTO4J_DJL_ONLINE=0
  export HISTO4J_LIBTORCH_ROUTE="CPU natives from Maven Central (the offline default)"
  if [ -f "$HISTO4J_LIBTORCH_ENV_FILE" ]; then
    # shellcheck disable=SC1090
    . "$HISTO4J_LIBTORCH_ENV_FILE"
  fi
}
