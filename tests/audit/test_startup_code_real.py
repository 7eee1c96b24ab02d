"""The startup code the audit lists is exactly what the real interpreter runs, in order.

Every import line (and sitecustomize, usercustomize, a 3.15 ``.start`` entry point, the
PYTHONSTARTUP file) of the layout appends its own id to a marker file when it really
runs; the real interpreter is started, and the ids it wrote are compared with the
audit's startup code, item for item, for every interpreter of the machine.  The layout
has what changes between versions: a line that raises (the rest of its file is skipped
before 3.15, not from 3.15; it is the first code to run, since once code of unknown effect
ran the site stage no longer predicts import failures, and lists what may run), a hidden ``.pth`` file (skipped from 3.13), a tab after
``import``, a line with a leading space (a path before 3.15, code from 3.15), a ``.start`` file that
suppresses its ``.pth`` file's import lines (3.15), the venv's site-packages, the user
site, and the base install's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pywhence
from pywhence.audit.result import Report

from .helpers import Interp, interp_ids, interpreters, make_venv, run_python

WRITE = "import os; open(os.environ['AUDIT_MARK'], 'a').write('{id}\\n')"
_ID = re.compile(r"write\('(\w+)\\n'\)")


def _layout(root: Path, interp: Interp, scenario: str) -> tuple[Path, dict[str, str]]:
    """The python to run and its environment.

    ``venv``: a venv with the marker-writing startup code; ``system-site``: the same venv
    seeing the base install's site-packages and the user site (some versions read the
    venv's site-packages twice, and run its code twice); ``base``: the base interpreter
    with a user site whose first file's import fails before any code ran (no hook can
    exist yet, so the failure is certain), the rest of that file skipped before 3.15 and
    run from 3.15.
    """
    userbase = root / "userbase"
    usersite = userbase / "lib" / f"python{interp.xy}" / "site-packages"
    usersite.mkdir(parents=True, exist_ok=True)
    (usersite / "u_user.pth").write_text(WRITE.format(id="u1") + "\n")
    (usersite / "usercustomize.py").write_text(WRITE.format(id="uc") + "\n")
    mark = root / "mark"
    env = {"PATH": "/usr/bin:/bin", "AUDIT_MARK": str(mark), "PYTHONUSERBASE": str(userbase),
           "HOME": str(root)}
    if scenario == "base":
        (usersite / "+raise.pth").write_text("import audit_no_such_module_zz\n"
                                             + WRITE.format(id="r1") + "\n")
        return Path(interp.binary), env
    options = ["--without-pip"] + (["--system-site-packages"] if scenario == "system-site" else [])
    venv = make_venv(interp.binary, root / "venv", *options)
    site = next(venv.glob("lib/python3*/site-packages"))
    (site / "a_first.pth").write_text("\n".join([
        WRITE.format(id="a1"),
        "# a comment",
        WRITE.format(id="a2"),
        "",
    ]))
    (site / "b_second.pth").write_text("\n".join([
        WRITE.format(id="b1").replace("import os", "import\tos", 1),
        " " + WRITE.format(id="sp"),
        "",
    ]))
    (site / ".hidden.pth").write_text(WRITE.format(id="h1") + "\n")
    (site / "c_start.pth").write_text(WRITE.format(id="c1") + "\n")
    (site / "c_start.start").write_text("audit_entry_zz:main\n")
    (site / "audit_entry_zz.py").write_text(
        "def main():\n" + "    " + WRITE.format(id="e1") + "\n")
    (site / "sitecustomize.py").write_text(WRITE.format(id="sc") + "\n")
    return venv / "bin" / "python", env


def _listed(report: Report, site_files: tuple[str, ...]) -> list[str]:
    ids = []
    for code in report.startup_code:
        if code.kind in ("pth-import", "start-entrypoint"):
            if code.kind == "start-entrypoint":
                ids.append("e1")
                continue
            m = _ID.search(code.text or "")
            if m:
                ids.append(m.group(1))
        elif code.file.startswith(site_files):
            ids.append({"sitecustomize": "sc", "usercustomize": "uc"}[code.kind])
    return ids


@pytest.mark.parametrize("scenario", ["venv", "system-site", "base"])
@pytest.mark.parametrize("ident", interp_ids())
def test_listed_code_is_what_runs(ident: str, scenario: str, audit_root: Path) -> None:
    interp = next(i for i in interpreters() if i.id == ident)
    root = audit_root / f"markers-{ident}-{scenario}"
    root.mkdir(exist_ok=True)
    python, env = _layout(root, interp, scenario)
    mark = Path(env["AUDIT_MARK"])
    for args in (["-c", "pass"], ["-s", "-c", "pass"], ["-I", "-c", "pass"]):
        if mark.exists():
            mark.unlink()
        proc = run_python(python, args, env, root)
        ran = mark.read_text().split() if mark.exists() else []
        report = pywhence.audit(python, args, env=env, cwd=root)
        listed = _listed(report, (str(root),))
        assert listed == ran, (
            f"{ident} {args}: the audit lists {listed}, the interpreter ran {ran}\n"
            f"stderr: {proc.stderr[-2000:]}")
        # a leading space makes a path line before 3.15; 3.15 strips lines (gh-149819)
        if scenario != "base" and args[0] != "-I":
            assert ("sp" in ran) is (interp.version >= (3, 15))


@pytest.mark.parametrize("ident", interp_ids())
def test_pythonstartup_in_interactive_mode(ident: str, audit_root: Path) -> None:
    interp = next(i for i in interpreters() if i.id == ident)
    root = audit_root / f"startup-{ident}"
    root.mkdir(exist_ok=True)
    mark = root / "mark"
    startup = root / "startup.py"
    startup.write_text(WRITE.format(id="ps") + "\n")
    env = {"PATH": "/usr/bin:/bin", "AUDIT_MARK": str(mark), "PYTHONSTARTUP": str(startup)}
    for args, runs in ((["-i"], True), (["-i", "-c", "pass"], False), (["-E", "-i"], False),
                       (["-i", "-"], True), (["-I", "-i"], False)):
        if mark.exists():
            mark.unlink()
        run_python(interp.binary, args, env, root, stdin="")
        ran = mark.exists()
        assert ran is runs, (ident, args)
        report = pywhence.audit(interp.binary, args, env=env, cwd=root)
        kinds = [c.kind for c in report.startup_code if c.kind == "pythonstartup"]
        assert kinds == (["pythonstartup"] if runs else []), (ident, args)
    # without -i, only a terminal makes it run: listed, with the condition
    report = pywhence.audit(interp.binary, [], env=env, cwd=root)
    (item,) = [c for c in report.startup_code if c.kind == "pythonstartup"]
    assert item.file == str(startup) and item.condition == "when standard input is a terminal"
    assert "PW111" in {f.rule for f in report.findings}
