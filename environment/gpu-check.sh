#!/usr/bin/env bash
# Checks histo4j on this machine's GPU(s) and prints one table: what ran, images/s, the ratio to PyTorch on the same
# GPU (when a CUDA PyTorch is installed), the GPU memory peak, and the share of time the loader kept the GPU waiting.
# Exits non-zero when anything failed. On a machine without an NVIDIA GPU the GPU rows are reported as skipped and
# two tiny CPU rows exercise the same commands (pre-training with the double-buffered feed, fp16 extraction), so CI
# runs this script and it cannot rot.
#
#   environment/gpu-check.sh            # after environment/setup.sh; about 6 minutes on one GPU and 16 cores
#
# Rows on a GPU machine: env; bench train|infer of ResNet-18 and ResNet-50 at 224 px (beside PyTorch's
# environment/bench_pytorch.py --device cuda:0 when the interpreter of the CUDA PyTorch setup found, or
# HISTO4J_TORCH_PYTHON, imports torch with CUDA); 300 steps of ResNet-18 pre-training on the synthetic pool at
# 224 px; feature extraction in fp32 and fp16 (bf16 awaits a DJL with bfloat16); the same pre-training and
# extraction on all GPUs when there are several.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
H="$ROOT/histo4j"
OUT="${HISTO4J_GPU_CHECK_OUT:-$ROOT/lib/target/gpu-check}"
rm -rf "$OUT" && mkdir -p "$OUT"
TABLE="$OUT/table.tsv"
printf 'check\tresult\timages/s\tvs PyTorch\tGPU peak MB\tloader wait\n' >"$TABLE"
FAILED=0

row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$TABLE"; }

# Peak GPU memory (MB, summed over GPUs) while a command runs, sampled by nvidia-smi every 200 ms.
mem_start() {
  [ "$GPUS" -gt 0 ] || return 0
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 >"$OUT/mem.log" 2>/dev/null &
  MEM_PID=$!
}
mem_peak() {
  [ "$GPUS" -gt 0 ] || { echo "-"; return 0; }
  kill "$MEM_PID" 2>/dev/null; wait "$MEM_PID" 2>/dev/null
  awk -v n="$GPUS" '{ s += $1; if (NR % n == 0) { if (s > m) m = s; s = 0 } } END { print m + 0 }' "$OUT/mem.log"
}

# run NAME LOG COMMAND...: runs the command with its output in LOG; on failure marks the check failed.
run() {
  local name="$1" log="$2"
  shift 2
  if "$@" >"$log" 2>&1; then return 0; fi
  echo "gpu-check: $name failed; see $log" >&2
  tail -5 "$log" >&2
  FAILED=1
  return 1
}

json_field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

GPUS=0
if command -v nvidia-smi >/dev/null 2>&1; then GPUS=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU ' || true); fi

if run env "$OUT/env.log" "$H" env; then row "env" ok - - - -; else row "env" FAILED - - - -; fi

# pretrain NAME DEVICE ARCH SIZE STEPS BATCH: a pre-training run on the synthetic pool; images/s from summary.json.
pretrain() {
  local name="$1" device="$2" arch="$3" size="$4" steps="$5" batch="$6" dir="$OUT/run-$1"
  mem_start
  if run "$name" "$OUT/$name.log" "$H" pretrain --device "$device" --arch "$arch" --size "$size" --steps "$steps" \
      --batch "$batch" --images-per-class 20 --validation-images 20 --eval-every "$steps" --workers "$WORKERS" \
      --out "$dir"; then
    local seconds wait
    seconds=$(json_field "$dir/summary.json" seconds)
    wait=$(json_field "$dir/summary.json" loaderWaitShare)
    row "$name" ok "$(python3 -c "print(f'{$steps * $batch / $seconds:.1f}')")" - "$(mem_peak)" \
      "$(python3 -c "print(f'{100 * $wait:.0f}%')")"
  else
    mem_peak >/dev/null
    row "$name" FAILED - - - -
  fi
}

# extract NAME DEVICE PRECISION ARCH SIZE: features of a synthetic target (random weights); images/s timed here.
extract() {
  local name="$1" device="$2" precision="$3" arch="$4" size="$5" began seconds n
  mem_start
  began=$(date +%s.%N)
  if run "$name" "$OUT/$name.log" "$H" features extract --device "$device" --precision "$precision" \
      --encoder "random:$arch" --input-size "$size" --data "synthetic:syn-target-gland-grade:$PER_CLASS" \
      --out "$OUT/$name.h5"; then
    seconds=$(python3 -c "print($(date +%s.%N) - $began)")
    n=$(grep -o '^[0-9]* images' "$OUT/$name.log" | grep -o '^[0-9]*')
    row "$name" ok "$(python3 -c "print(f'{$n / $seconds:.1f} (incl. start-up)')")" - "$(mem_peak)" -
  else
    mem_peak >/dev/null
    row "$name" FAILED - - - -
  fi
}

if [ "$GPUS" -eq 0 ]; then
  for skipped in "bench train/infer resnet18, resnet50 @224" "pretrain resnet18 300 steps @224" \
      "features fp32/fp16 @224" "data-parallel"; do
    row "$skipped (gpu)" "skipped: no NVIDIA GPU" - - - -
  done
  WORKERS=2 PER_CLASS=4
  pretrain "cpu smoke: pretrain nic 3 steps @64" cpu nic 64 3 8
  extract "cpu smoke: features fp16 nic @64" cpu fp16 nic 64
else
  WORKERS=$(( $(nproc) > 4 ? $(nproc) - 2 : 2 )) PER_CLASS=500
  TORCH_PY=""
  for py in ${HISTO4J_TORCH_PYTHON:-} "$(command -v python3 2>/dev/null)"; do
    if [ -n "$py" ] && "$py" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
      TORCH_PY="$py"; break
    fi
  done
  for arch in resnet18 resnet50; do
    for mode in train infer; do
      name="bench $mode $arch @224"
      mem_start
      if run "$name" "$OUT/bench-$mode-$arch.log" "$H" bench "$mode" --device gpu:0 --arch "$arch" --size 224 \
          --batch 64 --warmup 5 --iterations 30 --no-pytorch; then
        ours=$(awk -F'|' '$2 ~ /^ *224 *$/ { gsub(/ /, "", $3); print $3; exit }' "$OUT/bench-$mode-$arch.log")
        peak=$(mem_peak)
        ratio="no CUDA PyTorch"
        if [ -n "$TORCH_PY" ] && theirs=$("$TORCH_PY" "$ROOT/environment/bench_pytorch.py" --device cuda:0 \
            --arch "$arch" --mode "$mode" --sizes 224 --batch 64 --warmup 5 --iterations 30 2>>"$OUT/pytorch.log" \
            | python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['images_per_s'])"); then
          ratio=$(python3 -c "print(f'{$ours / $theirs:.2f} ({$theirs:.0f} img/s)')")
        fi
        row "$name" ok "$ours" "$ratio" "$peak" "n/a (in-memory input)"
      else
        mem_peak >/dev/null
        row "$name" FAILED - - - -
      fi
    done
  done
  pretrain "pretrain resnet18 300 steps @224" gpu:0 resnet18 224 300 64
  extract "features fp32 @224" gpu:0 fp32 resnet18 224
  extract "features fp16 @224" gpu:0 fp16 resnet18 224
  if [ "$GPUS" -gt 1 ]; then
    pretrain "data-parallel pretrain on $GPUS GPUs" gpu resnet18 224 300 $((64 * GPUS))
    extract "data-parallel features on $GPUS GPUs" gpu fp32 resnet18 224
  else
    row "data-parallel" "skipped: one GPU" - - - -
  fi
fi

column -t -s $'\t' "$TABLE"
if [ "$FAILED" -ne 0 ]; then
  echo "gpu-check: FAILED (logs in $OUT)" >&2
  exit 1
fi
echo "gpu-check: passed (logs in $OUT)"
