"""The import commands against asking the target itself, measured side by side.

Every row is a whole process, timed from spawn to exit, in interleaved rounds of one run
(the machine is noisy: only ratios measured side by side mean anything); medians and
their ratios are printed:

* ``which``: ``pywhence which NAME --python T -- -c pass`` against
  ``T -c "import importlib.util; importlib.util.find_spec('NAME')"`` (goal: at most 1.0x),
  as a tool asking again gets it (the answer kept by the previous run, every input of it
  checked again) and as the model's own run (``PYWHENCE_NO_CACHE=1``);
* ``modules``: ``pywhence modules --json`` for a venv of about 50 real distributions
  against that venv's interpreter running find_spec for the same top-level names, and
  for every module of those distributions (a submodule's find_spec imports its parent:
  what a tool that asks the interpreter pays), kept and uncached; goal: at most 5%.

The venv is made once in pywhence's cache directory (the distributions come from the
package index; without it the ``modules`` rows are skipped).

    python benchmarks/bench_imports.py [--rounds N] [--python T] [--name NAME] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from _processes import default_target, interleaved, pywhence_command

DISTRIBUTIONS = [
    "six", "attrs", "packaging", "idna", "certifi", "charset-normalizer", "urllib3",
    "requests", "click", "itsdangerous", "jinja2", "markupsafe", "werkzeug", "flask", "pyyaml",
    "toml", "tomli", "pluggy", "iniconfig", "pytest", "colorama", "tqdm", "python-dateutil",
    "pytz", "tzdata", "wheel", "docutils", "pygments", "rich", "markdown-it-py", "mdurl",
    "typing-extensions", "decorator", "wrapt", "more-itertools", "zipp", "importlib-metadata",
    "filelock", "platformdirs", "distlib", "sniffio", "anyio", "h11", "protobuf",
    "zope.interface", "simplejson", "cachetools", "pyparsing", "tabulate", "soupsieve",
]


def _venv(target: str) -> str | None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    venv = os.path.join(base, "pywhence", "bench-venv-" + os.path.basename(target))
    python = os.path.join(venv, "bin", "python")
    if os.path.exists(os.path.join(venv, ".complete")):
        return python
    env = {"PATH": "/usr/bin:/bin", "HOME": os.path.expanduser("~"),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    try:
        subprocess.run([target, "-m", "venv", "--without-pip", venv], check=True,
                       capture_output=True, env=env)
        for dist in DISTRIBUTIONS:  # one by one: a missing one is left out
            subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "-q",
                            "--only-binary", ":all:", dist], capture_output=True, env=env,
                           check=False)
    except (OSError, subprocess.CalledProcessError):
        return None
    with open(os.path.join(venv, ".complete"), "w") as f:
        f.write("")
    return python


#: The model's own run, no answer kept from an earlier one (cli/answercache.py).
NO_CACHE = {**os.environ, "PYWHENCE_NO_CACHE": "1"}


def _time(rows: dict[str, list[str]], rounds: int,
          envs: dict[str, dict[str, str]] | None = None) -> dict[str, float]:
    """Medians (ms) of each row's whole process, interleaved; *envs* gives a row its
    environment (the others inherit this one's)."""
    envs = envs or {}
    return interleaved({k: (cmd, envs.get(k)) for k, cmd in rows.items()}, rounds,
                       check=False, quiet_stderr=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--python", default=None)
    ap.add_argument("--name", default="json")
    ap.add_argument("--json", action="store_true")
    ns = ap.parse_args()
    target = default_target(ns.python)
    pywhence = pywhence_command()
    out: dict[str, object] = {"target": target, "rounds": ns.rounds}
    which_cmd = [pywhence, "which", ns.name, "--python", target, "--", "-c", "pass"]
    which = _time({
        "target find_spec": [target, "-c",
                             f"import importlib.util; importlib.util.find_spec({ns.name!r})"],
        "pywhence which (kept answer re-checked)": which_cmd,
        "pywhence which, PYWHENCE_NO_CACHE=1": which_cmd,
    }, ns.rounds, {"pywhence which, PYWHENCE_NO_CACHE=1": NO_CACHE})
    out["which_ms"] = which
    out["which_ratio"] = which["pywhence which (kept answer re-checked)"] / which["target find_spec"]
    out["which_ratio_no_cache"] = which["pywhence which, PYWHENCE_NO_CACHE=1"] / which[
        "target find_spec"]
    python = _venv(target)
    if python is not None:
        listing = json.loads(subprocess.run(
            [pywhence, "modules", "--json", "--python", python, "--", "-c", "pass"],
            capture_output=True, text=True, check=True).stdout)
        top = [m["name"] for m in listing["modules"]]
        every = subprocess.run(
            [python, "-c", ("import pkgutil, sys; print('\\n'.join(m.name for m in "
             "pkgutil.walk_packages(onerror=lambda n: None) if 'site-packages' in "
             "getattr(m.module_finder, 'path', '')))")],
            capture_output=True, text=True, check=False).stdout.split()
        ask = ("import importlib.util, sys\nfor n in sys.argv[1:]:\n    try:\n"
               "        importlib.util.find_spec(n)\n    except Exception:\n        pass\n")
        modules_cmd = [pywhence, "modules", "--json", "--python", python, "--", "-c", "pass"]
        mods = _time({
            "target find_spec, top-level names": [python, "-c", ask, *top],
            "target find_spec, every module": [python, "-c", ask, *top, *every],
            "pywhence modules --json": modules_cmd,
            "pywhence modules --json, PYWHENCE_NO_CACHE=1": modules_cmd,
        }, max(3, ns.rounds // 4), {"pywhence modules --json, PYWHENCE_NO_CACHE=1": NO_CACHE})
        out["modules_ms"] = mods
        out["distributions"] = len([m for m in listing["modules"] if m.get("distribution")])
        out["names"] = {"top": len(top), "every": len(top) + len(every)}
        out["modules_ratio_top"] = mods["pywhence modules --json"] / mods[
            "target find_spec, top-level names"]
        out["modules_ratio_every"] = mods["pywhence modules --json"] / mods[
            "target find_spec, every module"]
        out["modules_ratio_every_no_cache"] = mods[
            "pywhence modules --json, PYWHENCE_NO_CACHE=1"] / mods["target find_spec, every module"]
    if ns.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"target {target}, medians of whole processes:")
    for k, v in which.items():
        print(f"  {k:38s} {v:7.1f} ms")
    print(f"  which / find_spec: {out['which_ratio']:.2f}x, the model's own run "
          f"{out['which_ratio_no_cache']:.2f}x (goal <= 1.0x)")
    if "modules_ms" in out:
        print(f"venv with {out['distributions']} distributions' names, {out['names']}:")
        for k, v in out["modules_ms"].items():  # type: ignore[attr-defined]
            print(f"  {k:38s} {v:7.1f} ms")
        print(f"  modules / find_spec of the top-level names: {out['modules_ratio_top']:.1%}"
              f"; of every module: {out['modules_ratio_every']:.1%}, the model's own run "
              f"{out['modules_ratio_every_no_cache']:.1%} (goal <= 5%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
