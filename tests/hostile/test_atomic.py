"""Atomic writes (issue 12, case 3): a failed ``snapshot -o`` or probe-cache write never
leaves a fragment where a good file was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pywhence.disk.fileio import write_atomic

from .helpers import SRC, TIMEOUT
from .helpers import pywhence as run


def _file_size_limited(limit: int) -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_failed_snapshot_leaves_the_old_file_whole(tmp_path: Path) -> None:
    out = tmp_path / "snap.json"
    good = run("snapshot", "--python", sys.executable, "--clear-env", "-o", str(out))
    assert good.code == 0, good.err
    before = out.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "pywhence", "snapshot", "--python", sys.executable,
         "--clear-env", "-o", str(out)],
        capture_output=True, timeout=TIMEOUT, preexec_fn=lambda: _file_size_limited(1000),
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, check=False, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert err.count("\n") == 1 and err.startswith(f"pywhence: error: cannot write snapshot to {out}")
    assert out.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["snap.json"]  # no temporary file left


def test_snapshot_keeps_the_mode_and_writes_through_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    r = run("snapshot", "--python", sys.executable, "--clear-env", "-o", str(link))
    assert r.code == 0, r.err
    assert link.is_symlink() and real.read_text().startswith("{")
    assert real.stat().st_mode & 0o777 == 0o640


def test_snapshot_to_a_stream(tmp_path: Path) -> None:
    # /dev/null cannot be replaced: it is written in place, as any program would
    r = run("snapshot", "--python", sys.executable, "--clear-env", "-o", "/dev/null")
    assert r.code == 0, r.err
    assert Path("/dev/null").is_char_device()


def test_write_atomic_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "probe-x.json"
    target.write_text('{"good": 1}')

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(str(target), b'{"new": 2}')
    assert target.read_text() == '{"good": 1}'
    assert os.listdir(tmp_path) == ["probe-x.json"]


def test_probe_cache_is_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pywhence.target import probe

    seen: list[str] = []
    real = probe.write_atomic

    def spy(path: str, data: bytes) -> None:
        seen.append(path)
        real(path, data)

    monkeypatch.setattr(probe, "write_atomic", spy)
    data = probe.run_probe(sys.executable, {"PATH": "/usr/bin"}, cache=str(tmp_path))
    assert data["_cache"] is None and len(seen) == 1 and seen[0].startswith(str(tmp_path))
    again = probe.run_probe(sys.executable, {"PATH": "/usr/bin"}, cache=str(tmp_path))
    assert again["_cache"] == seen[0]
    assert [n for n in os.listdir(tmp_path) if n.endswith(".tmp")] == []
