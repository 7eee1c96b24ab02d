"""How the ``expect`` values of the world fixtures were obtained: from REAL interpreters.

Every ``tests/worlds/linux-*.json`` world describes a machine that exists (or is rebuilt
here) on the reference machine: the pyenv installs under ``/root/.pyenv/versions`` and
Debian's ``/usr/bin/python3.11``, plus small layouts this script builds under
``/tmp/pywhence-worlds`` (a venv, a relocated binary with a ``._pth`` file...).  For each
world the script

1. builds the real layout with the world's own paths (:data:`RECIPES`),
2. checks that the world's disk matches it (every file, directory, symlink and
   executable the world lists exists on the real disk, with the same kind and link
   target) -- so the world is a faithful, if partial, picture of the real machine,
3. runs the world's command line (``argv``, ending in ``-c pass``) with the real
   interpreter, in the world's ``cwd`` and with exactly the world's ``env`` (nothing
   inherited), replacing ``pass`` by a probe that prints ``sys.path`` and the prefixes;
   when the interpreter fails to start, the values come from the "Python path
   configuration:" block CPython prints before the fatal error,
4. compares what the real interpreter printed with the world's ``expect`` key.

pywhence itself is never imported: the expectations are CPython's, not ours.

Usage (on the reference machine)::

    python3 tests/worlds/derive_expectations.py            # check every world
    python3 tests/worlds/derive_expectations.py --write    # (re)write the expect keys
    python3 tests/worlds/derive_expectations.py linux-venv-symlink-3.12   # one world
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
SCRATCH = Path("/tmp/pywhence-worlds")
PYENV = Path("/root/.pyenv/versions")

PROBE = (
    "import sys, json; print(json.dumps({'sys_path': sys.path, 'prefix': sys.prefix, "
    "'exec_prefix': sys.exec_prefix, 'base_prefix': sys.base_prefix, "
    "'base_exec_prefix': sys.base_exec_prefix, 'executable': sys.executable, "
    "'base_executable': getattr(sys, '_base_executable', sys.executable)}))"
)

# Keys of the "Python path configuration:" block -> our expect keys.
_FATAL_KEYS = {
    "sys.executable": "executable",
    "sys._base_executable": "base_executable",
    "sys.prefix": "prefix",
    "sys.exec_prefix": "exec_prefix",
    "sys.base_prefix": "base_prefix",
    "sys.base_exec_prefix": "base_exec_prefix",
    "sys.path": "module_search_paths",
}


# ---------------------------------------------------------------------------------------
# Recipes: build the real layout a world describes (idempotent)
# ---------------------------------------------------------------------------------------


def _fresh(path: Path) -> Path:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _nothing() -> None:
    """The world is an existing install of the reference machine."""


def _venv_symlink_312() -> None:
    dest = _fresh(SCRATCH / "venv-symlink-3.12")
    subprocess.run([str(PYENV / "3.12.1/bin/python"), "-m", "venv", "--without-pip", str(dest)],
                   check=True, env={})


def _venv_copies_310() -> None:
    dest = _fresh(SCRATCH / "venv-copies-3.10")
    subprocess.run([str(PYENV / "3.10.13/bin/python"), "-m", "venv", "--copies", "--without-pip",
                    str(dest)], check=True, env={})


def _pythonhome_311() -> None:
    home = _fresh(SCRATCH / "home-3.11")
    (home / "lib").mkdir(parents=True)
    (home / "lib/python3.11").symlink_to(PYENV / "3.11.7/lib/python3.11")


def _pythonpath_relative_39() -> None:
    proj = _fresh(SCRATCH / "proj-3.9")
    (proj / "src").mkdir(parents=True)
    (SCRATCH / "shared").mkdir(exist_ok=True)


def _pth_312() -> None:
    d = _fresh(SCRATCH / "pth-3.12")
    d.mkdir()
    shutil.copy2(PYENV / "3.12.1/bin/python3.12", d / "python3.12")
    (d / "python3.12._pth").write_text(
        "# the stdlib of the install this binary was copied from\n"
        "/root/.pyenv/versions/3.12.1/lib/python3.12\n"
        "/root/.pyenv/versions/3.12.1/lib/python3.12/lib-dynload\n"
        "app\n"
        "../shared\n"
    )
    (d / "app").mkdir()


def _missing_stdlib_312() -> None:
    _fresh(SCRATCH / "missing-stdlib-3.12")  # PYTHONHOME points here: nothing exists


RECIPES: dict[str, Callable[[], None]] = {
    "linux-pyenv-3.12": _nothing,
    "linux-debian-system-3.11": _nothing,
    "linux-venv-symlink-3.12": _venv_symlink_312,
    "linux-venv-copies-3.10": _venv_copies_310,
    "linux-pythonhome-3.11": _pythonhome_311,
    "linux-pythonpath-relative-3.9": _pythonpath_relative_39,
    "linux-pth-3.12": _pth_312,
    "linux-missing-stdlib-3.12": _missing_stdlib_312,
}


# ---------------------------------------------------------------------------------------
# Checks and runs
# ---------------------------------------------------------------------------------------


def check_disk(world: dict[str, Any]) -> list[str]:
    """What the world says about the disk that the real disk contradicts."""
    problems: list[str] = []
    for path, text in world.get("files", {}).items():
        if not os.path.isfile(path):
            problems.append(f"file {path} is not a file on the real disk")
        elif text and Path(path).read_text() != text:
            # an empty text stands for a landmark whose contents do not matter
            problems.append(f"file {path} has other contents on the real disk")
    for path in world.get("dirs", []):
        if not os.path.isdir(path):
            problems.append(f"dir {path} is not a directory on the real disk")
    for path, target in world.get("symlinks", {}).items():
        if not os.path.islink(path) or os.readlink(path) != target:
            problems.append(f"symlink {path} -> {target} differs on the real disk")
    for path in world.get("executables", []):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            problems.append(f"executable {path} is not executable on the real disk")
    return problems


def run_real(world: dict[str, Any]) -> dict[str, Any]:
    """Run the world's command line with the real interpreter; CPython's own answer."""
    argv = list(world["argv"])
    if argv[-2:] != ["-c", "pass"]:
        raise SystemExit(f"world argv must end with '-c pass' (got {argv})")
    argv[-1] = PROBE
    exe = world.get("executable") or argv[0]
    proc = subprocess.run(argv, executable=exe, env=dict(world.get("env", {})),
                          cwd=world.get("cwd", "/"), capture_output=True, text=True,
                          check=False)
    if proc.returncode == 0:
        result: dict[str, Any] = json.loads(proc.stdout)
        result["fatal"] = False
        return result
    return _parse_fatal(proc.stderr)


def _parse_fatal(stderr: str) -> dict[str, Any]:
    """Values from the "Python path configuration:" block CPython prints on a fatal error."""
    result: dict[str, Any] = {"fatal": True}
    lines = stderr.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        key, eq, value = line.partition(" = ")
        if eq and key in _FATAL_KEYS:
            if value == "[":
                items: list[str] = []
                i += 1
                while lines[i].strip() != "]":
                    items.append(ast.literal_eval(lines[i].strip().rstrip(",")))
                    i += 1
                result[_FATAL_KEYS[key]] = items
            else:
                result[_FATAL_KEYS[key]] = ast.literal_eval(value)
        i += 1
    return result


def main(argv: list[str]) -> int:
    write = "--write" in argv
    names = [a for a in argv if not a.startswith("--")] or sorted(RECIPES)
    failed = 0
    for name in names:
        path = HERE / f"{name}.json"
        world = json.loads(path.read_text())
        RECIPES[name]()
        problems = check_disk(world)
        real = run_real(world)
        if write:
            world["expect"] = real
            path.write_text(json.dumps(world, indent=2) + "\n")
        elif world.get("expect") != real:
            problems.append(f"expect differs from the real run:\n  world: {world.get('expect')}\n  real:  {real}")
        status = "ok" if not problems else "MISMATCH"
        print(f"{name}: {status}" + ("".join(f"\n  - {p}" for p in problems)))
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
