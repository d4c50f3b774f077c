#!/bin/bash
# Tripp et al.'s protocol (suite molecules-tripp) in one one-thread process: the size-guarded
# task with every method, then raw penalized logP without Graph GA after seed 0 (on the raw
# task it grows molecules of hundreds of atoms: best 242.7 in 564 s for one run).
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1
T=".venv/bin/vae-opt bench molecules-tripp --out docs/molecules/benchmark-tripp"
$T --task penalized_logp_guarded --method bo screening prior graph_ga bo_weighted_retraining bo_no_warm_start \
  && $T --task penalized_logp --method bo screening prior
