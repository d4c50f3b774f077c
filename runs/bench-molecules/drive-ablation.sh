#!/bin/bash
# The ablation at 1,000 calls on two MPO tasks x 5 seeds, after process A of drive.sh is done.
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1
while pgrep -f "json runs/bench-molecules/a.jsonl" > /dev/null; do sleep 20; done
.venv/bin/vae-opt bench molecules --budget 1000 --seed 0 1 2 3 4 --task osimertinib_mpo perindopril_mpo \
  --method bo_no_warm_start bo_prior_shell bo_no_region bo_no_dedupe bo_weighted_retraining \
  --json runs/bench-molecules/c.jsonl --out runs/bench-molecules/c
