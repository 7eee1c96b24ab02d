"""Closed standard streams (issue 12, case 9): a closed stdout is exit status 1 with no
message, a usage error stays 2 whatever happened to stderr."""

from __future__ import annotations

import os
import subprocess
import sys

from .helpers import SRC, TIMEOUT


def _run(args: list[str], close: int) -> subprocess.CompletedProcess[bytes]:
    """``python -m pywhence ARGS`` with file descriptor *close* closed (``>&-``)."""

    def closing() -> None:
        os.close(close)

    return subprocess.run([sys.executable, "-m", "pywhence", *args], capture_output=True,
                          stdin=subprocess.DEVNULL, preexec_fn=closing, timeout=TIMEOUT,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, check=False)


def test_closed_stdout_exits_1_quietly() -> None:
    proc = _run(["path", "--python", sys.executable], close=1)
    assert proc.returncode == 1
    assert proc.stderr == b""


def test_closed_stdout_json() -> None:
    proc = _run(["path", "--python", sys.executable, "--json"], close=1)
    assert proc.returncode == 1 and proc.stderr == b""


def test_closed_stderr_keeps_the_usage_status() -> None:
    proc = _run(["path", "--bogus"], close=2)
    assert proc.returncode == 2


def test_closed_stderr_keeps_the_error_status() -> None:
    proc = _run(["path", "--python", "/no/such/python"], close=2)
    assert proc.returncode == 1


def test_closed_stderr_with_a_fatal_answer(tmp_path: object) -> None:
    proc = _run(["path", "--python", sys.executable, "--json", "--clear-env",
                 "--env", "PYTHONHASHSEED=banana"], close=2)
    assert proc.returncode == 3 and b'"fatal": "Fatal Python error: config_init_hash_seed' in proc.stdout


def test_closed_stdout_snapshot_to_a_file_still_works(tmp_path: object) -> None:
    out = os.path.join(str(tmp_path), "w.json")
    proc = _run(["snapshot", "--python", sys.executable, "--clear-env", "-o", out], close=1)
    assert proc.returncode == 0, proc.stderr
    assert os.path.getsize(out) > 0
