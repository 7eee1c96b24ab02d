"""CPython's own runpy.run_path tests, run against pywhence.run.run_path.

For every local interpreter from 3.9 to 3.15 that ships its ``test`` package
(found under ``$PYENV_ROOT/versions``, through ``pyenv prefix``, the running
interpreter, and Debian sid's 3.14 and 3.15 that tools/sid_oracle.py lists in
``.oracles/oracles.txt`` or ``$PYWHENCE_EXTRA_ORACLES``, their test package from
libpython3.X-testsuite), ``test.test_runpy.RunPathTestCase`` runs in a
subprocess of that interpreter with ``runpy.run_path`` and
``test.test_runpy.run_path`` replaced by ``pywhence.run.run_path`` (from
this checkout's ``src``).  Once with bytecode writing disabled and once
with it enabled for the tests' scripts, which exercises more of them.

Every test must pass except ``test_main_recursion_error``: it asserts that
running a zipfile whose ``__main__`` runs an empty directory recurses until
RecursionError, which is the bug pywhence fixes (CPython gh-75221), so it
must fail, and with our MainNotFoundError.  Interpreters that are missing
are skipped, not failed.
"""

from __future__ import annotations

import ast
import functools
import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
VERSIONS = ("3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15")
EXPECTED_FAILURE = "test_main_recursion_error"

DRIVER = r"""
import json, sys, unittest
src, write_bytecode = sys.argv[1], sys.argv[2] == "bytecode"
sys.path.insert(0, src)
sys.dont_write_bytecode = True  # no pyc for pywhence or the stdlib
import runpy
import pywhence.run
from pywhence.run import run_path
import test.test_runpy as test_runpy
sys.dont_write_bytecode = not write_bytecode  # the tests' own scripts only
runpy.run_path = run_path
test_runpy.run_path = run_path
suite = unittest.defaultTestLoader.loadTestsFromTestCase(test_runpy.RunPathTestCase)
result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(suite)
name = lambda case: case.id().rsplit(".", 1)[-1]
print(json.dumps({
    "version": "%d.%d" % sys.version_info[:2],
    "run_path_file": sys.modules[run_path.__module__].__file__,
    "pywhence_modules": sorted(m for m in sys.modules if m.split(".")[0] == "pywhence"),
    "run": result.testsRun,
    "failures": {name(c): tb for c, tb in result.failures},
    "errors": {name(c): tb for c, tb in result.errors},
    "skipped": {name(c): why for c, why in result.skipped},
    "unexpected_successes": [name(c) for c in result.unexpectedSuccesses],
}))
"""


def _version_of(python: str) -> str | None:
    """'X.Y' if *python* runs and ships test.test_runpy, else None."""
    try:
        done = subprocess.run(
            [
                python,
                "-I",
                "-c",
                "import sys, test.test_runpy; print('%d.%d' % sys.version_info[:2])",
            ],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def _extra_candidates() -> list[str]:
    """The interpreters named in $PYWHENCE_EXTRA_ORACLES and .oracles/oracles.txt
    (``ID=BINARY`` items, see tests/differential/harness.py)."""
    items = [i for i in os.environ.get("PYWHENCE_EXTRA_ORACLES", "").split(":") if i]
    listed = SRC.parent / ".oracles" / "oracles.txt"
    if listed.is_file():
        items += [line.strip() for line in listed.read_text().splitlines() if line.strip()]
    return [item.partition("=")[2] for item in items if item.partition("=")[2]]


def _pyenv_candidates() -> list[str]:
    roots = [os.environ.get("PYENV_ROOT", ""), os.path.expanduser("~/.pyenv"), "/root/.pyenv"]
    found: list[str] = []
    for root in filter(None, roots):
        found.extend(sorted(glob.glob(os.path.join(root, "versions", "*", "bin", "python3"))))
    pyenv = shutil.which("pyenv") or next(
        (
            p
            for p in (os.path.join(r, "bin", "pyenv") for r in filter(None, roots))
            if os.access(p, os.X_OK)
        ),
        None,
    )
    if pyenv:
        for version in VERSIONS:
            try:
                done = subprocess.run(
                    [pyenv, "prefix", version],
                    check=False,
                    capture_output=True,
                    text=True,
                    timeout=30,
                )
            except (OSError, subprocess.SubprocessError):
                continue
            for prefix in done.stdout.split(os.pathsep) if done.returncode == 0 else []:
                found.append(os.path.join(prefix.strip(), "bin", "python3"))
    return found


@functools.cache
def interpreters() -> dict[str, str]:
    """One interpreter per version in VERSIONS that has the test package."""
    chosen: dict[str, str] = {}
    for python in [*_pyenv_candidates(), sys.executable, *_extra_candidates()]:
        if not os.access(python, os.X_OK):
            continue
        version = _version_of(python)
        if version in VERSIONS and version not in chosen:
            chosen[version] = python
    return chosen


def _params() -> list[object]:
    found = interpreters()
    params: list[object] = []
    for version in VERSIONS:
        for mode in ("nobytecode", "bytecode"):
            marks = (
                ()
                if version in found
                else (pytest.mark.skip(reason=f"no Python {version} with its test package"),)
            )
            params.append(pytest.param(version, mode, id=f"{version}-{mode}", marks=marks))
    return params


@pytest.mark.parametrize(("version", "mode"), _params())
def test_cpython_run_path_tests_pass(version: str, mode: str, tmp_path: Path) -> None:
    python = interpreters()[version]
    # -I: no PYTHON* variables, user site or script directory.  Bytecode
    # goes next to the tests' temporary scripts (CPython's own
    # test_zipfile_compiled assumes __pycache__, not a pycache_prefix).
    command = [python, "-I", "-c", DRIVER, str(SRC), mode]
    done = subprocess.run(
        command, check=False, capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert done.stdout.strip(), f"no report from {python}:\n{done.stderr}"
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["version"] == version
    # The run_path under test is this checkout's, not an installed copy.
    assert SRC / "pywhence" / "run" in Path(report["run_path_file"]).resolve().parents
    assert report["run"] >= 10, report

    broken = {**report["failures"], **report["errors"]}
    unexpected = {k: v for k, v in broken.items() if k != EXPECTED_FAILURE}
    assert not unexpected, "\n\n".join(f"{k}:\n{v}" for k, v in unexpected.items())
    assert report["unexpected_successes"] == []
    # The one that must fail does, because __main__ is looked up only in the
    # (empty) directory: gh-75221.
    assert EXPECTED_FAILURE in broken, "the gh-75221 fix is not in effect"
    assert "MainNotFoundError" in broken[EXPECTED_FAILURE]
    assert "can't find '__main__' module in" in broken[EXPECTED_FAILURE]
    assert EXPECTED_FAILURE not in report["skipped"]
    assert set(report["skipped"]) == set(), report["skipped"]


def test_run_module_imports_only_the_standard_library() -> None:
    """pywhence/run/ must import nothing from the rest of pywhence, so it loads on any
    of 3.9 to 3.15 without the model (pywhence/__init__.py exposes it lazily)."""
    names = getattr(sys, "stdlib_module_names", None)  # 3.10+
    stdlib = set(names) | {"_imp", "__future__"} if names else set()
    files = sorted((SRC / "pywhence" / "run").glob("*.py"))
    assert files
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.name} line {getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.ImportFrom):
                assert node.level <= 1, f"{where}: imports from outside pywhence/run"
                if node.level == 1:
                    continue  # a sibling inside pywhence/run
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top != "pywhence" or name.startswith("pywhence.run"), (
                    f"{where} imports {name}")
                if stdlib and top != "pywhence":
                    assert top in stdlib, f"{where} imports non-stdlib {name}"
