"""parse_command_line against the real interpreters: sys.argv and sys.flags are the oracle.

Each command line is run by a real CPython (3.10 and the newest local one), which prints
its sys.argv and the flags we model; the parser must predict them.  A command line CPython
refuses must be refused too, with exit status 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from pywhence.startup.getopt import CommandLineError, parse_command_line

PYENV = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"


def _interpreters() -> list[tuple[str, Path]]:
    found = []
    for name in ("3.10.13", "3.13.0"):
        exe = PYENV / name / "bin" / "python3"
        if exe.exists():
            found.append((name, exe))
    return found


INTERPRETERS = _interpreters()

PRINT_STATE = (
    "import sys, json; f = sys.flags; "
    "print(json.dumps({'argv': sys.argv, 'isolated': f.isolated, 'E': f.ignore_environment, "
    "'s': f.no_user_site, 'S': f.no_site, 'B': f.dont_write_bytecode, 'v': f.verbose, "
    "'O': f.optimize, 'b': f.bytes_warning, 'i': f.inspect, 'q': f.quiet, "
    "'P': getattr(f, 'safe_path', False), 'X': sorted(k for k in sys._xoptions if k == 'dev')}))"
)

# {S} is replaced with a script file that prints the state, {C} with the state code.
CASES = [
    ["-c", "{C}"],
    ["-c", "{C}", "a", "-b", "--", "c"],
    ["-IsSc", "{C}"],
    ["-E", "-s", "-c", "{C}"],
    ["-B", "-vv", "-OO", "-bb", "-c", "{C}"],
    ["-X", "dev", "-W", "ignore", "-c", "{C}"],
    ["-Xdev", "-Wignore", "-c{C}"],
    ["-i", "-q", "-c", "{C}"],
    ["{S}", "one", "-c", "two"],
    ["-s", "--", "{S}", "-I"],
    ["-S", "{S}"],
    ["-", "x", "y"],
    ["-P", "-c", "{C}"],
    ["-Z", "-c", "{C}"],
    ["-c"],
    ["--check-hash-based-pycs", "always", "-c", "{C}"],
]


@pytest.mark.skipif(not INTERPRETERS, reason="no local CPython 3.10 or 3.13")
@pytest.mark.parametrize("case", CASES, ids=[" ".join(c) for c in CASES])
@pytest.mark.parametrize("name,exe", INTERPRETERS, ids=[n for n, _ in INTERPRETERS])
def test_parse_matches_cpython(name: str, exe: Path, case: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "state.py"
        script.write_text(PRINT_STATE + "\n")
        args = [a.replace("{S}", str(script)).replace("{C}", PRINT_STATE) for a in case]
        proc = subprocess.run(
            [str(exe), *args], input=PRINT_STATE, capture_output=True, text=True, check=False,
            env={"PATH": os.environ.get("PATH", "")}, timeout=60,
        )
    safe_path_option = tuple(int(x) for x in name.split(".")[:2]) >= (3, 11)
    argv = [str(exe), *args]
    if proc.returncode == 2 and not proc.stdout:
        with pytest.raises(CommandLineError):
            parse_command_line(argv, safe_path_option=safe_path_option)
        return
    assert proc.returncode == 0, proc.stderr
    real = json.loads(proc.stdout.splitlines()[-1])
    cl = parse_command_line(argv, safe_path_option=safe_path_option)
    got = {
        "argv": cl.sys_argv,
        "isolated": int(cl.isolated),
        "E": int(cl.ignore_environment or cl.isolated),
        "s": int(cl.no_user_site or cl.isolated),
        "S": int(cl.no_site),
        "B": int(cl.dont_write_bytecode),
        "v": cl.verbose,
        "O": cl.optimize,
        "b": cl.bytes_warning,
        "i": int(cl.inspect),
        "q": int(cl.quiet),
        "P": bool(cl.safe_path or (cl.isolated and safe_path_option)),
        "X": ["dev"] if cl.xoption("dev") else [],
    }
    real["P"] = bool(real["P"])
    if cl.run_mode == "script":
        # CPython (3.9+) shows the script as given in argv[0]
        assert real["argv"][0] in (cl.sys_argv[0], os.path.abspath(cl.sys_argv[0]))
        real["argv"][0] = cl.sys_argv[0]
    assert got == real


def test_modes_and_targets() -> None:
    cl = parse_command_line(["python", "-m", "http.server", "8000"])
    assert (cl.run_mode, cl.run_target, cl.args) == ("module", "http.server", ("8000",))
    cl = parse_command_line(["python", "-Im", "pkg.mod"])
    assert (cl.run_mode, cl.run_target, cl.isolated) == ("module", "pkg.mod", True)
    assert parse_command_line(["python"]).run_mode == "interactive"
    assert parse_command_line(["python", "-V"]).run_mode == "version"
    assert parse_command_line(["python", "app.py"]).run_target == "app.py"
    with pytest.raises(CommandLineError, match="-P"):
        parse_command_line(["python", "-P", "x.py"], safe_path_option=False)
    with pytest.raises(CommandLineError, match="Argument expected for the -m option"):
        parse_command_line(["python", "-m"])
