"""What the whole-process benchmarks share: the default target, the pywhence command
beside this interpreter, and timing command lines in interleaved rounds."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time

#: The target when none is given: pyenv's 3.12.1 where it is installed.
PYENV_312 = "/root/.pyenv/versions/3.12.1/bin/python3.12"


def default_target(given: str | None) -> str:
    """*given*, else pyenv's 3.12.1, else the interpreter running the benchmark."""
    return given or (PYENV_312 if os.path.exists(PYENV_312) else sys.executable)


def pywhence_command() -> str:
    """The ``pywhence`` console script installed beside this interpreter."""
    return shutil.which("pywhence", path=os.path.dirname(sys.executable)) or "pywhence"


def interleaved(rows: dict[str, tuple[list[str], dict[str, str] | None]], rounds: int, *,
                check: bool, quiet_stderr: bool) -> dict[str, float]:
    """Median milliseconds of each row's whole process (command line, environment: None
    inherits this one's), over *rounds* rounds that run every row in turn.  A first pass
    warms every row: the page cache, the bytecode, and the answers the kept-answer rows
    then give again."""
    stderr = subprocess.DEVNULL if quiet_stderr else None
    for cmd, env in rows.values():
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=stderr, env=env, check=check)
    times: dict[str, list[float]] = {k: [] for k in rows}
    for _ in range(rounds):
        for name, (cmd, env) in rows.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=stderr, env=env, check=check)
            times[name].append(time.perf_counter() - t0)
    return {k: statistics.median(v) * 1000 for k, v in times.items()}
