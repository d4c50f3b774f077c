#!/bin/bash
# Tripp et al.'s protocol (suite molecules-tripp) in one one-thread process.
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1
.venv/bin/vae-opt bench molecules-tripp --task penalized_logp --out docs/molecules/benchmark-tripp \
  && .venv/bin/vae-opt bench molecules-tripp --out docs/molecules/benchmark-tripp
