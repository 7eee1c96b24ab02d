"""Which standard-library modules ``import pywhence`` and one ``pywhence path`` run may
import: the budget of a lean start (issue: the command must cost less than spawning the
interpreter it describes).  It checks the set of modules, never a time.

Each run is a fresh interpreter with -I -S (so that site's own imports do not mask
ours); the modules present before pywhence is imported are subtracted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

#: What `import pywhence` may bring: the future statement is a real import, and os is
#: what site has always imported before any program runs (-S leaves it to us).
IMPORT_BUDGET = {"__future__", "os", "os.path", "posixpath", "genericpath", "stat", "_stat"}

#: What computing and printing one startup may bring on top: `struct` and `mmap` read
#: the binary; `errno` names failures.
PATH_BUDGET = {
    "errno", "mmap", "struct", "_struct",
}
#: The table wraps an origin too long for its column by hand (cli/render.wrap_words).
TABLE_BUDGET = PATH_BUDGET
#: --json is written by cli/jsonout.py: not even the json module.
JSON_BUDGET = PATH_BUDGET

#: Never on the hot path, whatever the budget above grows to.
HEAVY = {"argparse", "ast", "textwrap", "dataclasses", "inspect", "typing", "zipfile", "pathlib",
         "shutil", "base64", "json", "re", "enum", "functools", "collections", "subprocess", "importlib.util", "locale", "gettext"}

DRIVER = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
before = set(sys.modules)
import pywhence
after_import = set(sys.modules)
from pywhence.cli import main
import io
out, sys.stdout = sys.stdout, io.StringIO()
try:
    code = main(sys.argv[2:])
finally:
    sys.stdout = out
after = set(sys.modules)
std = lambda names: sorted(n for n in names if n.split(".")[0] != "pywhence")
print(json.dumps({"code": code, "import": std(after_import - before), "path": std(after - after_import)}))
"""


def _run(*args: str) -> dict[str, object]:
    # The driver's own json import happens after the measurement; -I -S keep site out.
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", DRIVER, str(SRC), *args],
        capture_output=True, text=True, timeout=60, check=False,
        # the model's own run: no answer kept from an earlier one (cli/answercache.py)
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYWHENCE_NO_CACHE": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_import_pywhence_is_lean() -> None:
    got = set(_run("path", "--world", str(SRC.parent / "tests/worlds/linux-pyenv-3.12.json"))["import"])  # type: ignore[arg-type]
    assert got <= IMPORT_BUDGET, f"import pywhence also imports {sorted(got - IMPORT_BUDGET)}"


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_path_run_is_lean(fmt: str) -> None:
    args = ["path", "--python", sys.executable] + (["--json"] if fmt == "json" else [])
    report = _run(*args)
    assert report["code"] == 0
    got = set(report["path"])  # type: ignore[arg-type]
    budget = JSON_BUDGET if fmt == "json" else TABLE_BUDGET
    assert not got & HEAVY, f"heavy modules on the hot path: {sorted(got & HEAVY)}"
    assert got <= budget, f"pywhence path {fmt} also imports {sorted(got - budget)}"


def test_which_of_stdlib_names_is_lean(tmp_path: Path) -> None:
    """``which`` runs the import system on top of the startup: for standard-library
    names in a bare venv it needs nothing more than ``path``.  (A third-party package's
    ``__init__``, setuptools' ``_distutils_hack`` among them, is read with ``ast`` for
    its ``__path__`` idioms.)"""
    import venv

    venv.EnvBuilder(symlinks=True, with_pip=False).create(tmp_path / "v")
    target = str(tmp_path / "v" / "bin" / "python")
    report = _run("which", "json", "os", "email.mime", "--python", target, "--json")
    assert report["code"] == 0
    got = set(report["path"])  # type: ignore[arg-type]
    assert not got & HEAVY, f"heavy modules on the which path: {sorted(got & HEAVY)}"
    assert got <= JSON_BUDGET, f"pywhence which also imports {sorted(got - JSON_BUDGET)}"
