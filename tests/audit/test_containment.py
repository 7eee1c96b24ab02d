"""``scan`` and ``audit --root`` look at nothing outside ROOT -- checked with strace, on an
image with absolute symlinks pointing out of it and ``..``-heavy paths (image.py).

The driver first runs the same scan and audit on an identical copy of the image (so that
every module pywhence needs is imported before the measured part), marks the start and
the end of the measured part with a stat of a path that does not exist, and strace
records every system call that takes a file name.  Between the marks, each such path
must lie inside ROOT, or be one of the directories above it (``realpath`` of ROOT
itself, once per audit).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import REPO
from .image import build_image

DRIVER = r"""
import os, sys
sys.path.insert(0, sys.argv[1])
import pywhence
warm, root = sys.argv[2], sys.argv[3]

def work(r):
    report = pywhence.scan(r)
    assert len(report.interpreters) >= 5, report.interpreters  # 3.14, 3.15 (+3.15d), 3 venvs
    for venv in ("/opt/app0/.venv/bin/python", "/opt/app1/.venv/bin/python"):
        pywhence.audit(venv, ["-c", "import json"], env={"PATH": "/usr/bin", "HOME": "/root"},
                       cwd="/opt/traps", root=r)
    pywhence.audit("/usr/bin/python3.14", ["-I", "-c", "pass"], env={}, cwd="/", root=r)

work(warm)
pywhence.clear_caches()
try:
    os.stat("/AUDIT-STRACE-START")
except OSError:
    pass
work(root)
try:
    os.stat("/AUDIT-STRACE-END")
except OSError:
    pass
"""

_PATH = re.compile(r'^\d+\s+\w+\((?:AT_FDCWD, |\d+, )?"((?:[^"\\]|\\.)*)"')


def _strace() -> str:
    found = shutil.which("strace")
    if found is None:
        subprocess.run(["apt-get", "install", "-y", "strace"], capture_output=True,
                       timeout=300, check=False)
        found = shutil.which("strace")
    if found is None:
        pytest.skip("strace is not installed and apt-get could not install it")
    return found


def test_nothing_outside_root_is_opened(audit_root: Path, tmp_path: Path) -> None:
    strace = _strace()
    root = audit_root / "image-contained"
    warm = audit_root / "image-warm"
    build_image(root)
    build_image(warm)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    log = tmp_path / "trace"
    proc = subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=%file", "-o", str(log), sys.executable, "-I",
         str(driver), str(REPO / "src"), str(warm), str(root)],
        capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = log.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if "/AUDIT-STRACE-START" in line)
    end = next(i for i, line in enumerate(lines) if "/AUDIT-STRACE-END" in line)
    measured = lines[start + 1:end]
    paths = [m.group(1) for line in measured if (m := _PATH.match(line))]
    assert len(paths) > 500  # the scan did look at the image
    inside = str(root)
    absolute = [p for p in paths if p.startswith("/")]
    outside = sorted({p for p in absolute if not (p == inside or p.startswith(inside + "/"))
                      and not inside.startswith(p + "/")})
    assert outside == [], f"opened outside ROOT: {outside[:20]}"
    # Relative names: "" is fstat() of an open descriptor (AT_EMPTY_PATH); "<unknown>" and
    # "<string>" are CPython's parser looking for the source line of a SyntaxError raised
    # by ast.parse()/compile() of a string (it fopen()s the pseudo file name; the text
    # would only decorate the exception): a stdlib package of a newer Python the host
    # cannot parse, a .pth line that does not compile.  Nothing else is opened relative.
    assert {p for p in paths if not p.startswith("/")} <= {"", "<string>", "<unknown>"}
