#!/bin/bash
# The ablation at 1,000 calls, 5 seeds: perindopril MPO (BO's largest gap to Graph GA) with every
# variant, then osimertinib MPO, after process A of drive.sh is done.
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1
while pgrep -f "json runs/bench-molecules/a.jsonl" > /dev/null; do sleep 20; done
A=".venv/bin/vae-opt bench molecules --budget 1000 --seed 0 1 2 3 4 --json runs/bench-molecules/c.jsonl --out runs/bench-molecules/c"
V="--method bo_no_warm_start bo_weighted_retraining bo_prior_shell bo_no_dedupe bo_no_region"
$A --task perindopril_mpo $V && $A --task osimertinib_mpo $V
