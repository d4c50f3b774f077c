#!/bin/bash
# Tripp et al.'s protocol (suite molecules-tripp) in one one-thread process: on the size-guarded
# task BO and the peers first, then raw penalized logP (BO, screening, prior; Graph GA grows
# molecules of hundreds of atoms there: best 242.7 in 564 s for one run, seed 0 only), then
# weighted retraining and BO without warm start on the guarded task.
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1
T=".venv/bin/vae-opt bench molecules-tripp --out docs/molecules/benchmark-tripp"
$T --task penalized_logp_guarded --method bo screening prior graph_ga \
  && $T --task penalized_logp --method bo screening prior \
  && $T --task penalized_logp_guarded --method bo_weighted_retraining bo_no_warm_start
