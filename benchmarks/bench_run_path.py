"""Per-call cost of pywhence.run.run_path against runpy.run_path.

Run by hand: ``python benchmarks/bench_run_path.py [--rounds N]``.

Two comparisons, each measured side by side in one process: the two
contenders are interleaved over many rounds (alternating which goes first),
each round times a batch of calls to each, and the medians of the per-call
times are reported with their ratio.

* default mode on an empty script: pywhence / runpy, goal <= 1.05;
* ``cache=True`` on a generated 5,000-line script: runpy / pywhence,
  goal >= 5 (times faster).
"""

from __future__ import annotations

import argparse
import gc
import os
import runpy
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

try:
    from pywhence.run import clear_cache, run_path
except ImportError:  # running from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from pywhence.run import clear_cache, run_path


def big_script(lines: int) -> str:
    """Plausible module-level code: functions, classes, constants, calls."""
    out = ['"""A generated script."""', "import math", ""]
    i = 0
    while len(out) < lines - 6:
        kind = i % 4
        if kind == 0:
            out += [
                f"def func_{i}(x, y={i}):",
                f"    total = x * {i} + y",
                "    return math.sqrt(abs(total)) if total else 0.0",
                "",
            ]
        elif kind == 1:
            out += [
                f"class Thing{i}:",
                f"    size = {i}",
                "    def grow(self, by=1):",
                "        return self.size + by",
                "",
            ]
        elif kind == 2:
            out += [f"TABLE_{i} = {{'name': 'item{i}', 'values': [{i}, {i + 1}, {i + 2}]}}", ""]
        else:
            out += [f"RESULT_{i} = [n * {i} for n in range(3) if n % 2 == 0]", ""]
        i += 1
    out += ["", "if __name__ == '__main__':", "    pass"]
    while len(out) < lines:
        out.append("")
    return "\n".join(out[:lines]) + "\n"


def per_call_ns(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter_ns()
    for _ in range(calls):
        fn()
    return (time.perf_counter_ns() - start) / calls


def compare(
    name_a: str,
    a: Callable[[], object],
    name_b: str,
    b: Callable[[], object],
    rounds: int,
    calls: int,
) -> tuple[float, float]:
    """Median per-call ns of a and b, interleaved round by round."""
    for fn in (a, b):  # warm up: imports, caches, branch predictors
        per_call_ns(fn, max(1, calls // 4))
    times_a: list[float] = []
    times_b: list[float] = []
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for r in range(rounds):
            order = [(a, times_a), (b, times_b)]
            if r % 2:
                order.reverse()
            for fn, sink in order:
                sink.append(per_call_ns(fn, calls))
            gc.collect()
    finally:
        if gc_was_enabled:
            gc.enable()
    med_a, med_b = statistics.median(times_a), statistics.median(times_b)
    print(f"  {name_a:<32} median {med_a / 1000:9.1f} us/call")
    print(f"  {name_b:<32} median {med_b / 1000:9.1f} us/call")
    return med_a, med_b


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=41)
    parser.add_argument("--calls", type=int, default=200, help="calls per round, empty script")
    parser.add_argument("--big-calls", type=int, default=3, help="calls per round, big script")
    parser.add_argument("--lines", type=int, default=5000)
    ns = parser.parse_args()

    print(f"Python {sys.version.split()[0]} on {sys.platform}; {ns.rounds} interleaved rounds")
    print(
        f"sys.dont_write_bytecode={sys.dont_write_bytecode} "
        f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}"
    )
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-run-path-") as tmp:
        empty = os.path.join(tmp, "empty.py")
        Path(empty).write_text("", encoding="utf-8")
        big = os.path.join(tmp, "big.py")
        source = big_script(ns.lines)
        Path(big).write_text(source, encoding="utf-8")
        assert source.count("\n") == ns.lines

        print(f"\n1. default mode, empty script ({ns.calls} calls per round)")
        ours, theirs = compare(
            "pywhence.run.run_path",
            lambda: run_path(empty),
            "runpy.run_path",
            lambda: runpy.run_path(empty),
            ns.rounds,
            ns.calls,
        )
        ratio = ours / theirs
        verdict = "ok" if ratio <= 1.05 else "MISSED"
        ok &= ratio <= 1.05
        print(f"  ratio pywhence/runpy = {ratio:.3f}  (goal <= 1.05: {verdict})")

        print(f"\n2. cache=True, {ns.lines}-line script ({ns.big_calls} calls per round)")
        clear_cache()
        ours, theirs = compare(
            "pywhence.run.run_path(cache=True)",
            lambda: run_path(big, cache=True),
            "runpy.run_path",
            lambda: runpy.run_path(big),
            ns.rounds,
            ns.big_calls,
        )
        speedup = theirs / ours
        verdict = "ok" if speedup >= 5 else "MISSED"
        ok &= speedup >= 5
        print(f"  speed-up runpy/pywhence = {speedup:.1f}x  (goal >= 5x: {verdict})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
