#!/bin/bash
# The molecule benchmark in two processes of one thread each (2 cores): A runs BO on four MPO
# tasks, B the peers on every task, then BO on the rest. Each writes its own results file;
# docs/molecules/benchmark/results.jsonl is their concatenation.
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1
B=".venv/bin/vae-opt bench molecules --budget 1000 --seed 0 1 2 3 4"
O=runs/bench-molecules
( $B --method bo --task osimertinib_mpo fexofenadine_mpo ranolazine_mpo perindopril_mpo --json $O/a.jsonl --out $O/a \
  && $B --method bo --task celecoxib_rediscovery --json $O/a.jsonl --out $O/a ) > $O/a.log 2>&1 &
( $B --method graph_ga screening prior --task osimertinib_mpo fexofenadine_mpo ranolazine_mpo perindopril_mpo amlodipine_mpo sitagliptin_mpo zaleplon_mpo celecoxib_rediscovery albuterol_similarity penalized_logp_guarded --json $O/b.jsonl --out $O/b \
  && $B --method bo --task amlodipine_mpo sitagliptin_mpo zaleplon_mpo albuterol_similarity penalized_logp_guarded --json $O/b.jsonl --out $O/b ) > $O/b.log 2>&1 &
wait
