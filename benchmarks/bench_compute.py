"""How fast is ``pywhence.compute()`` next to actually starting the interpreter?

Run by hand (``make bench`` or ``python benchmarks/bench_compute.py [--rounds N]``).
Every comparison is measured side by side in this one run, in interleaved rounds
(compute, spawn, compute, spawn, ...) so that machine noise hits both sides alike, and
summarised by medians.

(a) For this machine's interpreter and each pyenv interpreter found: the median time of
    an in-process ``pywhence.compute(python, ["-c", "pass"], env={})`` against spawning
    that interpreter with ``-c "import sys, json; print(json.dumps([sys.path, sys.prefix]))"``
    (the cheapest way to *ask* it).  Goal: compute <= 1% of spawn.
(b) 1,000 venvs: 1,000 tiny venv folders in a temporary directory (``pyvenv.cfg`` and a
    ``bin/python`` symlink to one real base interpreter) computed one after another, and
    the same 1,000 venvs as in-memory worlds.  Goals: total < 1 s, peak traced memory
    (tracemalloc) < 100 MB.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import pywhence

SPAWN_CODE = "import sys, json; print(json.dumps([sys.path, sys.prefix]))"
N_VENVS = 1000


def _interpreters() -> list[str]:
    """This interpreter, each pyenv CPython 3.8+ (oldest first), and Debian's, if present."""
    found = [sys.executable]
    pyenv: list[tuple[int, str]] = []
    for exe in glob.glob("/root/.pyenv/versions/3.*/bin/python3.[0-9]*"):
        minor = os.path.basename(exe)[len("python3."):]
        if minor.isdigit() and int(minor) >= 8 and os.access(exe, os.X_OK):
            pyenv.append((int(minor), exe))
    found += [exe for _, exe in sorted(pyenv)]
    if os.access("/usr/bin/python3", os.X_OK):
        found.append("/usr/bin/python3")
    return found


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


def _disk_questions(exe: str, cwd: str) -> Callable[[], None]:
    """A function that asks the disk, and does nothing else, every question one fresh
    compute of *exe* asks: the static-discovery checks and each question the model put
    to the disk (pywhence.disk.fs.MemoFS remembers them), through the same thin LocalFS
    calls.  Its time is a floor under any exact model that reads the disk from Python."""
    from pywhence.disk import fs
    from pywhence.startup import pylifecycle as startup
    from pywhence.target import discovery, filecache

    startup._REMEMBERED.clear()
    discovery._FACTS_CACHE.clear()
    pywhence.compute(exe, ["-c", SPAWN_CODE], env={}, cwd=cwd)
    questions = [k for (_, memo, _) in startup._REMEMBERED.values() for k in memo._memo]
    signed = [path for _, sigs in discovery._FACTS_CACHE.values() for path, _ in sigs]
    local = fs.LocalFS()
    ask = fs._ASK

    def replay() -> None:
        for path in signed:
            filecache.signature(path)
        for what, path, limit in questions:
            try:
                ask[what](local, path, limit)
            except OSError:
                pass

    return replay


def bench_single(rounds: int) -> list[tuple[str, dict[str, float], str]]:
    """(a): per interpreter, medians of four measurements against the spawn.

    Each round, per interpreter: a spawn, then the *floor* (the disk questions of one
    fresh compute, asked with nothing else done: see _disk_questions), another spawn,
    then a *fresh* compute (``pywhence.clear_caches()`` first: nothing remembered at
    all, not the result, not what was read from the binary, not a directory listing --
    the first compute of a new process, less its imports), another spawn, a *model*
    compute (only the remembered results cleared: the binary's facts and the listings
    still known), a *repeat* right after it, and a *burst* of five more repeats (a tool
    asking again and again).  The
    floor and the fresh compute each come right after a spawn, so both start as cold.
    Repeats are answered from the remembered result once every input is checked against
    the environment and the disk (pywhence.startup.pylifecycle.compute_startup_remembered).
    """
    from pywhence.startup import pylifecycle as startup

    targets = _interpreters()
    times: dict[str, dict[str, list[float]]] = {
        t: {"floor": [], "fresh": [], "model": [], "repeat": [], "burst": [], "spawn": []}
        for t in targets
    }
    errors: dict[str, str] = {}

    def timed(exe: str, cwd: str) -> float:
        t0 = time.perf_counter()
        pywhence.compute(exe, ["-c", SPAWN_CODE], env={}, cwd=cwd)
        return time.perf_counter() - t0

    def spawn(exe: str, cwd: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([exe, "-c", SPAWN_CODE], env={}, cwd=cwd, stdout=subprocess.DEVNULL,
                       check=True)
        return time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as cwd:
        floors: dict[str, Callable[[], None]] = {}
        for exe in targets:
            try:
                floors[exe] = _disk_questions(exe, cwd)
            except Exception as exc:  # noqa: BLE001 - report and go on
                errors[exe] = f"{type(exc).__name__}: {exc}"
        for _ in range(rounds):
            for exe in targets:
                if exe in errors:
                    continue
                t = times[exe]
                t["spawn"].append(spawn(exe, cwd))
                t0 = time.perf_counter()
                floors[exe]()
                t["floor"].append(time.perf_counter() - t0)
                t["spawn"].append(spawn(exe, cwd))
                pywhence.clear_caches()
                t["fresh"].append(timed(exe, cwd))
                t["spawn"].append(spawn(exe, cwd))
                startup._REMEMBERED.clear()
                t["model"].append(timed(exe, cwd))
                t["repeat"].append(timed(exe, cwd))
                t["burst"].extend(timed(exe, cwd) for _ in range(5))
    rows: list[tuple[str, dict[str, float], str]] = []
    for exe in targets:
        if exe in errors:
            rows.append((exe, {}, errors[exe]))
        else:
            rows.append((exe, {k: _median_ms(v) for k, v in times[exe].items()}, ""))
    return rows


def _base_interpreter() -> tuple[str, str]:
    """A real base interpreter (not a venv) and its X.Y, for the venvs to point at."""
    base = os.path.realpath(getattr(sys, "_base_executable", sys.executable))
    return base, f"{sys.version_info[0]}.{sys.version_info[1]}"


def _make_venvs(root: Path, base: str, xy: str) -> list[str]:
    pythons = []
    cfg = f"home = {os.path.dirname(base)}\ninclude-system-site-packages = false\nversion = {xy}\n"
    for i in range(N_VENVS):
        v = root / f"venv{i:04d}"
        (v / "bin").mkdir(parents=True)
        (v / "lib" / f"python{xy}" / "site-packages").mkdir(parents=True)
        (v / "pyvenv.cfg").write_text(cfg)
        (v / "bin" / "python").symlink_to(base)
        pythons.append(str(v / "bin" / "python"))
    return pythons


def _venv_worlds(base: str, xy: str) -> list[Any]:
    """The same venvs as in-memory worlds (base facts from this interpreter's layout)."""
    from pywhence.disk.world import world_from_dict

    prefix = sys.base_prefix
    stdlib = f"{prefix}/lib/python{xy}"
    worlds = []
    for i in range(N_VENVS):
        v = f"/venvs/venv{i:04d}"
        worlds.append(world_from_dict({
            "platform": "linux",
            "version": ".".join(map(str, sys.version_info[:3])),
            "build": {"prefix": prefix},
            "argv": [f"{v}/bin/python", "-c", "pass"],
            "executables": [base],
            "symlinks": {f"{v}/bin/python": base},
            "files": {f"{stdlib}/os.py": "", f"{v}/pyvenv.cfg":
                      f"home = {os.path.dirname(base)}\ninclude-system-site-packages = false\n"},
            "dirs": [f"{stdlib}/lib-dynload", f"{stdlib}/site-packages",
                     f"{v}/lib/python{xy}/site-packages"],
        }, source=f"venv world {i}"))
    return worlds


def _timed(fn: Callable[[], None]) -> tuple[float, float]:
    """(seconds without tracing, peak MB with tracemalloc in a second pass)."""
    t0 = time.perf_counter()
    fn()
    seconds = time.perf_counter() - t0
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 1e6


def bench_venvs() -> list[tuple[str, float, float, str]]:
    base, xy = _base_interpreter()
    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        pythons = _make_venvs(Path(tmp), base, xy)

        def disk() -> None:
            for exe in pythons:
                pywhence.compute(exe, ["-c", "pass"], env={}, cwd=tmp)

        try:
            secs, peak = _timed(disk)
            rows.append((f"{N_VENVS} venv folders on disk", secs, peak, ""))
        except Exception as exc:  # noqa: BLE001
            rows.append((f"{N_VENVS} venv folders on disk", float("nan"), float("nan"),
                         f"{type(exc).__name__}: {exc}"))
    try:
        worlds = _venv_worlds(base, xy)

        def memory() -> None:
            for w in worlds:
                pywhence.compute_world(w)

        secs, peak = _timed(memory)
        rows.append((f"{N_VENVS} venv worlds in memory", secs, peak, ""))
    except Exception as exc:  # noqa: BLE001
        rows.append((f"{N_VENVS} venv worlds in memory", float("nan"), float("nan"),
                     f"{type(exc).__name__}: {exc}"))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=15, help="interleaved rounds for (a)")
    ap.add_argument("--json", action="store_true", help="also print the numbers as JSON")
    ns = ap.parse_args()

    print(f"pywhence {pywhence.__version__} on Python {sys.version.split()[0]} "
          f"({sys.executable}); {ns.rounds} interleaved rounds\n")
    single = bench_single(ns.rounds)
    w = max(len(r[0]) for r in single)
    print("(a) compute() in process vs spawning the interpreter (medians, ms; ratio = x/spawn)")
    print("    floor: only the disk questions of one fresh compute, nothing else;")
    print("    fresh: every cache cleared first (pywhence.clear_caches());")
    print("    model: only the remembered results cleared (binary facts, listings known);")
    print("    repeat: asked again (every input re-checked);")
    print("    burst: asked five more times in a row.  Goal: ratio <= 1%")
    print(f"    {'interpreter'.ljust(w)}  {'spawn':>7}  {'floor':>7} {'ratio':>6}  "
          f"{'fresh':>7} {'ratio':>6}  {'model':>7} {'ratio':>6}  {'repeat':>7} {'ratio':>6}  "
          f"{'burst':>7} {'ratio':>6}")
    for exe, m, err in single:
        if err:
            print(f"    {exe.ljust(w)}  error: {err}")
            continue
        s_ms = m["spawn"]
        cells = "  ".join(f"{m[k]:7.3f} {m[k] / s_ms:6.2%}" for k in ("floor", "fresh", "model", "repeat", "burst"))
        print(f"    {exe.ljust(w)}  {s_ms:7.2f}  {cells}")

    venvs = bench_venvs()
    print("\n(b) 1,000 venvs                          goal: total < 1 s, peak < 100 MB")
    print(f"    {'case'.ljust(30)}  {'total s':>8}  {'per venv ms':>11}  {'peak MB':>8}  verdict")
    for name, secs, peak, err in venvs:
        if err:
            print(f"    {name.ljust(30)}  {'-':>8}  {'-':>11}  {'-':>8}  error: {err}")
            continue
        ok = secs < 1.0 and peak < 100.0
        print(f"    {name.ljust(30)}  {secs:8.3f}  {secs / N_VENVS * 1000:11.3f}  {peak:8.1f}  "
              f"{'ok' if ok else 'MISSED'}")
    if ns.json:
        print(json.dumps({"single": single, "venvs": venvs}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
