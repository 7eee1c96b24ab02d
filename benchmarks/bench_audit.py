"""How much does ``pywhence audit`` / ``scan`` cost next to starting the interpreter?

Run by hand (``make bench`` or ``python benchmarks/bench_audit.py [--rounds N]``).  Every
comparison is measured side by side in this one run, in interleaved rounds, and summarised
by medians.

(a) Per interpreter (this machine's pyenv 3.12.1 and 3.11.7, Debian's python3.11, sid's
    3.14 from tools/sid_oracle.py when present), for ``python -I -c pass``: a spawn of the
    interpreter, then an in-process ``pywhence.audit`` after ``pywhence.clear_caches()``
    (*fresh*: nothing remembered -- the first audit of a new process, less its imports),
    and a *repeat* of the same audit (the remembered report, every disk answer and owner
    checked again).  Goal: an audit costs at most 10% of one spawn.
(b) An image made of sid's Debian packages (python3.14, python3.15, python3.15d) with two
    pyenv installs hard-linked into ``/root/.pyenv/versions`` -- 5 interpreters -- and 5
    venvs: ``pywhence.scan`` (caches cleared first) against spawning each of the 5
    interpreters once (``-c pass``).  Goal: the scan takes under 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import pywhence

REPO = Path(__file__).resolve().parent.parent
SID = REPO / ".oracles" / "sid"
PYENV = Path("/root/.pyenv/versions")
SANDBOX_HEADER = b"# Written by sandboxing"


def _ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


def _targets() -> list[str]:
    out = [str(PYENV / v / "bin" / f"python{v.rpartition('.')[0]}")
           for v in ("3.12.1", "3.11.7")]
    out.append("/usr/bin/python3.11")
    out.append(str(SID / "usr" / "bin" / "python3.14"))
    return [t for t in out if os.access(t, os.X_OK)]


def bench_audit(rounds: int) -> None:
    print("(a) one audit against one spawn, python -I -c pass")
    print(f"    {'interpreter':<52} {'spawn':>8} {'fresh':>8} {'ratio':>7} {'repeat':>8} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as cwd:
        for exe in _targets():
            spawn: list[float] = []
            fresh: list[float] = []
            repeat: list[float] = []
            for _ in range(rounds):
                t0 = time.perf_counter()
                subprocess.run([exe, "-I", "-c", "pass"], env={}, cwd=cwd, check=False,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                spawn.append(time.perf_counter() - t0)
                pywhence.clear_caches()
                t0 = time.perf_counter()
                pywhence.audit(exe, ["-I", "-c", "pass"], env={}, cwd=cwd)
                fresh.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                pywhence.audit(exe, ["-I", "-c", "pass"], env={}, cwd=cwd)
                repeat.append(time.perf_counter() - t0)
            s, f, r = _ms(spawn), _ms(fresh), _ms(repeat)
            print(f"    {exe:<52} {s:7.1f}ms {f:7.2f}ms {f / s:6.1%} {r:7.2f}ms {r / s:6.1%}")


def _image(root: Path) -> list[str]:
    """The image of (b); returns the host paths of its 5 interpreters."""
    subprocess.run(["cp", "-al", str(SID), str(root)], check=True)
    interpreters = [str(root / "usr/bin" / n) for n in ("python3.14", "python3.15", "python3.15d")]
    versions = root / "root/.pyenv/versions"
    versions.mkdir(parents=True)
    for v in ("3.12.1", "3.13.0"):
        if (PYENV / v).exists():
            subprocess.run(["cp", "-al", str(PYENV / v), str(versions / v)], check=True)
            for pth in (versions / v).rglob("*.pth"):
                if pth.read_bytes().startswith(SANDBOX_HEADER):
                    pth.unlink()  # this machine's sandbox injects it; no install has it
            interpreters.append(str(versions / v / "bin" / f"python{v.rpartition('.')[0]}"))
    bases = ["/usr/bin/python3.14", "/usr/bin/python3.15", "/root/.pyenv/versions/3.12.1/bin/python3.12",
             "/root/.pyenv/versions/3.13.0/bin/python3.13", "/usr/bin/python3.14"]
    for n, base in enumerate(bases):
        home = root / f"srv/app{n}/.venv"
        xy = base.rpartition("python")[2]
        (home / "bin").mkdir(parents=True)
        (home / "lib" / f"python{xy}" / "site-packages").mkdir(parents=True)
        (home / "pyvenv.cfg").write_text(f"home = {os.path.dirname(base)}\n"
                                         "include-system-site-packages = false\n"
                                         f"version = {xy}\n")
        os.symlink(base, home / "bin" / "python")
    return [i for i in interpreters if os.access(i, os.X_OK)]


def bench_scan(rounds: int) -> None:
    print("(b) scan of an image: 5 interpreters and 5 venvs, against spawning each interpreter once")
    if not (SID / "usr/bin/python3.14").exists():
        print("    skipped: no .oracles/sid tree (python tools/sid_oracle.py)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "image"
        interpreters = _image(root)
        scans: list[float] = []
        spawns: list[float] = []
        found = 0
        for _ in range(rounds):
            t0 = time.perf_counter()
            for exe in interpreters:
                subprocess.run([exe, "-c", "pass"], env={}, cwd=tmp, check=False,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            spawns.append(time.perf_counter() - t0)
            pywhence.clear_caches()
            t0 = time.perf_counter()
            report = pywhence.scan(root)
            scans.append(time.perf_counter() - t0)
            found = len(report.interpreters)
        s, c = _ms(spawns), _ms(scans)
        print(f"    {found} audited ({len(interpreters)} interpreters spawnable)")
        print(f"    spawn each interpreter once: {s:8.1f} ms")
        print(f"    scan (caches cleared):       {c:8.1f} ms   {c / s:5.2f} x the spawns"
              f"   goal < 1000 ms: {'met' if c < 1000 else 'NOT met'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=7)
    ns = ap.parse_args()
    bench_audit(ns.rounds)
    bench_scan(max(3, ns.rounds // 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
