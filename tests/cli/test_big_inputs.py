"""A 100 MB .pth file: a faithful answer, not a traceback or a hang."""

from __future__ import annotations

import glob
import json
import subprocess
from pathlib import Path

import pytest

from pywhence.cli import main

BASES = sorted(glob.glob("/root/.pyenv/versions/3.1[23].*/bin/python3.1[23]"))


@pytest.mark.parametrize("base", BASES or [None], ids=lambda b: Path(b).name if b else "none")
def test_a_100_mb_pth_file(base: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if base is None:
        pytest.skip("no CPython 3.12/3.13 here")
    venv = tmp_path / "v"
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3.*/site-packages"))
    real = tmp_path / "real"
    real.mkdir()
    size = 0
    # a thousand lines naming directories that do not exist, over and over (site checks
    # each line; a hundred million distinct ones would take CPython itself minutes)
    chunk = b"".join(b"/nowhere/%d\n" % j for j in range(1_000)) * 10
    with open(site / "big.pth", "wb") as f:
        i = 0
        while size < 100 * 1024 * 1024:
            f.write(chunk)
            size += len(chunk)
            i += 1
        f.write(f"# the end\n{real}\n".encode())
    assert main(["path", "--python", str(venv / "bin" / "python"), "--clear-env",
                 "--json", "--", "-c", "pass"]) == 0
    out = json.loads(capsys.readouterr().out)
    # site appends an existing directory named by a .pth line after everything else
    assert out["sys_path"][-1] == str(real)
    assert out["entries"][-1]["detail"].endswith(f"big.pth line {i * 10_000 + 2}")
