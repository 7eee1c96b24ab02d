"""Values that stop CPython at startup (issue 12, case 7), against the real interpreters.

Each case is an environment and ``-X`` options (and a flag or two) given to the real
interpreter as ``python ... -c pass`` and to :func:`pywhence.compute`; the prediction
must match what the interpreter did: no fatal error when it exits 0, CPython's own
``Fatal Python error: ...`` / ``Python runtime state: ...`` lines (and the exception
line, for tracemalloc) when it exits 1, a refused command line when it exits 2.  The
cases are the measured matrix of /tmp/research/task3-fatal-matrix.txt plus the edges
of C's number parsing and the order of the checks (pairs).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import pywhence

from .harness import Interp, discover_interpreters

INTERPRETERS = discover_interpreters()

Env = dict[str, str]

#: (environment, arguments before ``-c pass``)
CASES: list[tuple[Env, list[str]]] = [
    *[({"PYTHONUTF8": v}, []) for v in ("bogus", "2", "", " 1", "1")],
    ({"PYTHONUTF8": "bogus"}, ["-E"]),
    ({"PYTHONUTF8": "bogus"}, ["-X", "utf8=1"]),
    *[({"PYTHONHASHSEED": v}, []) for v in ("bogus", "4294967296", "-1", "random", "", "-0",
                                            " +5", "5 ", "99999999999999999999999", "0x5",
                                            "4294967295", "-18446744069414584321", " ")],
    ({"PYTHONHASHSEED": "bogus"}, ["-I"]),
    *[({"PYTHONINTMAXSTRDIGITS": v}, []) for v in ("bogus", "100", "-1", "", "640", "639", "0",
                                                   "+700")],
    *[({"PYTHON_GIL": v}, []) for v in ("bogus", "0", "1", " 1")],
    *[({"PYTHON_FROZEN_MODULES": v}, []) for v in ("bogus", "off", "ON", "")],
    *[({"PYTHONMALLOC": v}, []) for v in ("bogus", "", "malloc_debug", "mimalloc", "Debug",
                                          "pymalloc")],
    ({"PYTHONMALLOC": "bogus"}, ["-I"]),
    *[({"PYTHONTRACEMALLOC": v}, []) for v in ("bogus", "-1", "0", " 3", "70000", "2147483648")],
    *[({"PYTHON_CPU_COUNT": v}, []) for v in ("bogus", "0", "default", " 2")],
    *[({var: v}, []) for var in ("PYTHON_CONTEXT_AWARE_WARNINGS", "PYTHON_THREAD_INHERIT_CONTEXT",
                                 "PYTHON_PATHCONFIG_WARNINGS") for v in ("bogus", "2", "1")],
    *[({"PYTHONPROFILEIMPORTTIME": v}, []) for v in ("bogus", "3", "-1", "0")],
    *[({"PYTHON_LAZY_IMPORTS": v}, []) for v in ("bogus", "none", "all")],
    *[({}, ["-X", x]) for x in (
        "utf8=bogus", "utf8=", "utf8", "utf8=0", "frozen_modules=bogus", "frozen_modules",
        "frozen_modules=", "frozen_modules=ON", "int_max_str_digits=bogus", "int_max_str_digits",
        "int_max_str_digits=", "int_max_str_digits= 700", "gil=bogus", "gil=0", "gil",
        "tracemalloc=bogus", "tracemalloc=", "tracemalloc=-1", "tracemalloc", "tracemalloc=70000",
        "cpu_count=bogus", "cpu_count", "cpu_count=default", "cpu_count=", "importtime=3",
        "importtime=bogus", "importtime=", "context_aware_warnings", "context_aware_warnings=",
        "thread_inherit_context=bogus", "lazy_imports=bogus", "lazy_imports", "pathconfig_warnings",
        "pathconfig_warnings=bogus", "presite=bogus", "bogus_option")],
    ({}, ["-X", "utf8=x", "-X", "utf8=1"]),
    ({}, ["-X", "utf8=1", "-X", "utf8=x"]),
    ({}, ["-X", "gil=0", "-X", "gil=x"]),
    # the order of the checks
    ({"PYTHONUTF8": "x", "PYTHONMALLOC": "x"}, []),
    ({"PYTHONMALLOC": "x", "PYTHONHASHSEED": "x"}, []),
    ({"PYTHONHASHSEED": "x", "PYTHONTRACEMALLOC": "x"}, []),
    ({"PYTHONHASHSEED": "x"}, ["-X", "utf8=x"]),
    ({"PYTHON_GIL": "x", "PYTHONTRACEMALLOC": "x"}, []),
    ({"PYTHON_GIL": "0"}, ["-X", "gil=x"]),
    ({"PYTHONTRACEMALLOC": "x", "PYTHONINTMAXSTRDIGITS": "x"}, []),
    ({"PYTHONINTMAXSTRDIGITS": "x"}, ["-X", "tracemalloc=x"]),
    ({"PYTHON_CPU_COUNT": "x", "PYTHONINTMAXSTRDIGITS": "x"}, []),
    ({"PYTHON_CPU_COUNT": "x", "PYTHON_FROZEN_MODULES": "x"}, []),
    ({"PYTHON_FROZEN_MODULES": "x"}, ["-X", "frozen_modules=x"]),
    ({"PYTHONPROFILEIMPORTTIME": "3", "PYTHONTRACEMALLOC": "x"}, []),
    ({"PYTHON_CONTEXT_AWARE_WARNINGS": "x", "PYTHON_THREAD_INHERIT_CONTEXT": "x"}, []),
    ({"PYTHONTRACEMALLOC": "70000"}, ["-X", "tracemalloc=5"]),
    ({"PYTHONTRACEMALLOC": "5"}, ["-X", "tracemalloc=70000"]),
    ({"PYTHONHOME": "/bogus"}, ["-X", "frozen_modules=x"]),
    ({"PYTHONHOME": "/bogus", "PYTHONTRACEMALLOC": "70000"}, []),
    # the command line: preconfiguration comes first, the rest after it
    ({"PYTHONUTF8": "x"}, ["-Z"]),
    ({"PYTHONHASHSEED": "x"}, ["-Z"]),
    ({"PYTHONUTF8": "x"}, ["-V"]),
    ({"PYTHONHASHSEED": "x"}, ["-V"]),
    ({}, ["-Z", "-X", "utf8=x"]),
]


def _case_id(env: Env, args: list[str]) -> str:
    return " ".join([*(f"{k}={v!r}" for k, v in env.items()), *args]) or "plain"


def _real(interp: Interp, env: Env, args: list[str], cwd: Path) -> tuple[int, str]:
    proc = subprocess.run([interp.binary, *args, *([] if "-V" in args else ["-c", "pass"])],
                          env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=20, check=False)
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("interp", INTERPRETERS, ids=lambda i: i.id)
def test_fatal_values_are_predicted(interp: Interp, tmp_path: Path) -> None:
    """Every case on one interpreter; a failure lists every case that differs."""
    wrong = []
    for extra, args in CASES:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **extra}
        code, err = _real(interp, env, args, tmp_path)
        run_args = [*args, *([] if "-V" in args else ["-c", "pass"])]
        fatal = pywhence.compute(interp.binary, run_args, env=env, cwd=str(tmp_path)).fatal
        what = _case_id(extra, args)
        if code == 0:
            if fatal is not None:
                wrong.append(f"{what}: python starts, pywhence says {fatal.splitlines()[0]!r}")
        elif code == 2:
            if fatal is None or not fatal.endswith("(python exits with status 2)"):
                wrong.append(f"{what}: python exits 2 ({err.splitlines()[0]!r}), pywhence says {fatal!r}")
        elif fatal is None:
            wrong.append(f"{what}: python exits {code} ({err.splitlines()[0]!r}), pywhence says it starts")
        elif err.startswith("Fatal Python error") and fatal.startswith("Fatal Python error"):
            # the two lines of Py_FatalError exactly; an exception line after them may
            # come later (a debug build first reports its traceback machinery failing)
            want = fatal.splitlines()
            got = err.splitlines()
            if got[:2] != want[:2] or any(line not in got for line in want[2:]):
                wrong.append(f"{what}: python says {got[:3]}, pywhence {want}")
    assert not wrong, f"{len(wrong)} of {len(CASES)} cases differ on {interp.id}:\n" + "\n".join(wrong)


def test_the_matrix_is_large() -> None:
    assert len(CASES) >= 120
