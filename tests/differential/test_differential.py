"""Differential tests: pywhence.compute against real interpreters in real layouts.

One test per (scenario, interpreter): the layout is built, the real interpreter is run
once as the scenario says (and once more with -S added, for module_search_paths), the
model is computed for the very same argv[0], arguments, environment and working
directory, and every field is compared in that one test, so a failure lists all that
differs at once.  See docs/testing.md for running one case by hand.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .harness import (
    Interp,
    Workspace,
    compare,
    discover_interpreters,
    format_report,
    run_model,
    run_oracle,
    run_oracles,
)
from .scenarios import APPLIES, SCENARIOS

INTERPRETERS = discover_interpreters()


def _folder_name(scenario: str, interp: Interp) -> str:
    # Plain names: the interpreter id's dots and brackets become '_'.
    return re.sub(r"[^A-Za-z0-9_-]", "_", f"{scenario}-{interp.id}")


def _params() -> list[object]:
    return [
        pytest.param(name, interp, id=f"{name}[{interp.id}]")
        for name in SCENARIOS
        for interp in INTERPRETERS
        if name not in APPLIES or APPLIES[name](interp)
    ]


def test_interpreters_found() -> None:
    """No interpreter means nothing was compared: that is a failure, not a skip."""
    assert INTERPRETERS, "no CPython 3.8+ found (pyenv versions --bare, /usr/bin/python3.11)"


@pytest.mark.parametrize(("scenario", "interp"), _params())
def test_startup(scenario: str, interp: Interp, diff_root: Path) -> None:
    root = diff_root / _folder_name(scenario, interp)
    root.mkdir()
    ws = Workspace(root=root, shared_root=diff_root / "_shared", interp=interp)
    case = SCENARIOS[scenario](ws)

    if case.twin:
        real, twin = run_oracles([case, case.with_S()])
    else:
        real, twin = run_oracle(case), None
    if case.expect == "ok" and real.fatal and not interp.relocated:
        # (a relocated interpreter cannot fall back on its build's PREFIX: the model is
        # still compared, fatal error included)
        pytest.fail(f"harness: the real interpreter was meant to start but did not "
                    f"(exit {real.returncode}):\n{real.stderr}")
    if case.expect == "fatal" and not real.fatal:
        pytest.fail(f"harness: the real interpreter was meant to fail but started:\n{real.stdout}")
    if real.fatal:
        twin = None
    if os.environ.get("PYWHENCE_DIFF_ORACLE_ONLY"):
        pytest.skip("PYWHENCE_DIFF_ORACLE_ONLY: layout and real run checked, model not run")

    startup = run_model(case)
    mismatches = compare(case, real, startup, twin)
    if mismatches:
        pytest.fail(format_report(scenario, interp, case, real, startup, mismatches), pytrace=False)
