"""The command and the first compute of a new process, against spawning the target.

Every row is a whole process, timed from spawn to exit, measured in interleaved rounds
in one run (the machine is noisy: only ratios measured side by side mean anything), and
reported as the median and its ratio to the first row:

* *spawn probe*: the target itself, ``-c 'import sys,json;print(json.dumps(sys.path))'``
  -- what a tool does today to learn sys.path;
* *pyinfo-style probe*: the target running what mypy's ``pyinfo.py getsearchdirs``
  does (import ``site`` and ``sysconfig``, print the search directories as JSON);
* ``pywhence path --python T --json`` and ``pywhence path --python T`` (the table): as
  a tool calling it again sees it, the answer kept from the previous run and given
  after every input is checked again (cli/answercache.py); and with
  ``PYWHENCE_NO_CACHE=1``, the whole model in a new process;
* ``python -c "import pywhence; pywhence.compute(T)"``: the first compute of a new
  process, imports included.

Both the target and a venv made of it (``--without-pip``, in a temporary directory) are
measured, each in its own interleaved run.  Nothing is cleared between rounds except what a new process clears by itself: the
operating system's file cache stays warm for every row alike.

    python benchmarks/bench_cli.py [--rounds N] [--python T] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

from _processes import default_target, interleaved, pywhence_command

PYINFO = (
    "import json, site, sys, sysconfig\n"
    "paths = sysconfig.get_paths()\n"
    "dirs = [p for p in sys.path if p]\n"
    "print(json.dumps({'sys_path': dirs, 'purelib': paths['purelib'], "
    "'platlib': paths['platlib']}))\n"
)


def _rows(target: str, pywhence: str, host: str) -> dict[str, tuple[list[str], dict[str, str]]]:
    plain = dict(os.environ)
    plain.pop("PYWHENCE_NO_CACHE", None)
    uncached = {**plain, "PYWHENCE_NO_CACHE": "1"}
    return {
        "spawn probe (sys.path as JSON)":
            ([target, "-c", "import sys,json;print(json.dumps(sys.path))"], plain),
        "pyinfo-style probe (site + sysconfig)": ([target, "-c", PYINFO], plain),
        "pywhence path --json (kept answer re-checked)":
            ([pywhence, "path", "--python", target, "--json"], plain),
        "pywhence path (table, kept answer re-checked)": ([pywhence, "path", "--python", target], plain),
        "pywhence path --json, PYWHENCE_NO_CACHE=1":
            ([pywhence, "path", "--python", target, "--json"], uncached),
        "pywhence path (table), PYWHENCE_NO_CACHE=1": ([pywhence, "path", "--python", target], uncached),
        "python -c 'pywhence.compute(T)'":
            ([host, "-c", f"import pywhence; pywhence.compute({target!r})"], plain),
    }


def _measure(target: str, pywhence: str, rounds: int) -> dict[str, float]:
    return interleaved(_rows(target, pywhence, sys.executable), rounds, check=True,
                       quiet_stderr=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--python", default=None, help="the target (default: pyenv 3.12.1, else this one)")
    ap.add_argument("--json", action="store_true")
    ns = ap.parse_args()
    target = default_target(ns.python)
    pywhence = pywhence_command()
    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        # the same interpreter, and a venv of it (the model then reads pyvenv.cfg too)
        subprocess.run([target, "-m", "venv", "--without-pip", f"{tmp}/venv"], check=True)
        for what in (target, f"{tmp}/venv/bin/python"):
            medians = _measure(what, pywhence, ns.rounds)
            report[what] = medians
            if ns.json:
                continue
            base = medians["spawn probe (sys.path as JSON)"]
            print(f"target {what}, {ns.rounds} interleaved rounds, medians of whole processes:")
            for name, ms in medians.items():
                print(f"  {name:46s} {ms:7.1f} ms  {ms / base:5.2f} x spawn probe")
    if ns.json:
        print(json.dumps({"rounds": ns.rounds, "median_ms": report, "ratio_to_spawn": {
            t: {k: v / m["spawn probe (sys.path as JSON)"] for k, v in m.items()}
            for t, m in report.items()}}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
