# Two entry points for a fresh machine (see README): `make run` and `make test`.
# Both create .venv with a Python >= 3.12 found by scripts/python.sh and install the project.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install
run: $(STAMP)
	$(VENV)/bin/techniekpact ui

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || "$$(scripts/python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@echo 'compiling the model kernels once (numba cache)...'
	$(PY) -c "from abm.model import TechLabourModel; TechLabourModel(scale=2000, seed=1).step()"
	@touch $(STAMP)
