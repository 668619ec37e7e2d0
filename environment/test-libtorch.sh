#!/usr/bin/env bash
# Tests environment/libtorch.sh's routes on any machine, with a fake nvidia-smi and fake Python interpreters:
# no GPU -> CPU natives and no decision file; a GPU and PyTorch 2.7.1+cu128 -> route (a) pointing DJL at its
# torch/lib; a GPU and only a CPU PyTorch, offline -> one line naming what was found, CPU natives kept.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/nogpu" "$work/torch/lib"
printf '#!/bin/sh\nexit 0\n' >"$work/nogpu/nvidia-smi"  # lists no GPU, even on a machine that has one
chmod +x "$work/nogpu/nvidia-smi"
printf '#!/bin/sh\ncat >/dev/null; echo "2.7.1 12.8 %s/torch/lib"\n' "$work" >"$work/bin/python-cu128"
printf '#!/bin/sh\ncat >/dev/null; echo "2.7.1 none %s/torch/lib"\n' "$work" >"$work/bin/python-cpu"
printf '#!/bin/sh\necho "GPU 0: NVIDIA Fake 80GB (UUID: GPU-0)"\n' >"$work/bin/nvidia-smi"
chmod +x "$work/bin/"*
fail() { echo "test-libtorch: $*" >&2; exit 1; }
route() {  # route GPU(yes|no) PYTHON: prints the decision line, leaves the file at $work/env
  local path="$work/nogpu:$PATH"
  [ "$1" = yes ] && path="$work/bin:$PATH"
  # curl is hidden in the GPU cases so that route (b) cannot be taken: the test stays offline
  env PATH="$path" HISTO4J_LIBTORCH_ENV_FILE="$work/env" HISTO4J_TORCH_PYTHON="$2" \
    bash -c ". '$ROOT/environment/lib.sh'; curl() { return 7; }; histo4j_arrange_libtorch"
}
line=$(route no "$work/bin/python-cu128")
[[ "$line" == *"CPU natives"*"no NVIDIA GPU"* ]] && [ ! -f "$work/env" ] || fail "no GPU: got '$line'"
line=$(route yes "$work/bin/python-cu128")
[[ "$line" == *"route a"* ]] || fail "GPU + PyTorch cu128: got '$line'"
grep -q "PYTORCH_LIBRARY_PATH=\"$work/torch/lib\"" "$work/env" && grep -q 'PYTORCH_FLAVOR="cu128"' "$work/env" \
  || fail "route (a) wrote: $(cat "$work/env")"
opts=$(HISTO4J_LIBTORCH_ENV_FILE="$work/env" bash -c ". '$ROOT/environment/lib.sh'; echo \"\$PYTORCH_LIBRARY_PATH \${HISTO4J_JVM_OPTS[*]}\"")
[[ "$opts" == "$work/torch/lib "*"-Dai.djl.offline=true"* ]] || fail "the launcher does not apply route (a): '$opts'"
line=$(route yes "$work/bin/python-cpu")
[ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] && [[ "$line" == *"no CUDA libtorch"*"PyTorch 2.7.1 (CUDA none)"* ]] \
  && [ ! -f "$work/env" ] || fail "GPU without CUDA PyTorch: got '$line'"
echo "test-libtorch: no GPU, route (a), and the refusal line all behave"
