"""The 3.15 site stage (PEP 829): .start files, the batch order, the 3.15 .pth line rules.

The layout of ``pep829_user_site`` is the one measured with Debian sid's 3.15.2 and
3.14.10 (both run for real on it, /tmp/research/task2-pep829-run.txt of issue 13): the
expectations below are what those runs printed and left in ``sys.path``.  The
differential suite (tests/differential, ``start-*`` scenarios) checks the same against
the real 3.15 on every run.
"""

from __future__ import annotations

from pywhence.disk.fs import MemoryFS
from pywhence.invocation import Invocation
from pywhence.startup.getopt import parse_command_line
from pywhence.startup.initconfig import make_config
from pywhence.startup.result import Entry, Origin, PathConfig
from pywhence.startup.site import SiteResult, run_site
from pywhence.target.behaviour import behaviour_for
from pywhence.target.interpreter import Build, Interpreter, Version
from pywhence.trace import Trace

PREFIX = "/usr"
HOME = "/home/u"


def _site(version: str, files: dict[str, str | bytes], dirs: tuple[str, ...] = (),
          env: dict[str, str] | None = None, argv: tuple[str, ...] = ("python3", "-c", "pass"),
          msp_extra: tuple[str, ...] = ()) -> SiteResult:
    v = Version.parse(version)
    xy = f"{v.major}.{v.minor}"
    sw = behaviour_for(v)
    target = Interpreter(version=v, build=Build(prefix=PREFIX), site_flavour="debian")
    inv = Invocation(argv=argv, env={"HOME": HOME, **(env or {})}, cwd=HOME, uid=1000,
                     euid=1000, gid=1000, egid=1000)
    config = make_config(inv, parse_command_line(argv, safe_path_option=sw.safe_path), sw)
    msp = (*msp_extra, f"{PREFIX}/lib/python{xy.replace('.', '')}.zip", f"{PREFIX}/lib/python{xy}",
           f"{PREFIX}/lib/python{xy}/lib-dynload")
    pc = PathConfig(
        executable=f"{PREFIX}/bin/python{xy}", base_executable=f"{PREFIX}/bin/python{xy}",
        prefix=PREFIX, exec_prefix=PREFIX, base_prefix=PREFIX, base_exec_prefix=PREFIX,
        stdlib_dir=f"{PREFIX}/lib/python{xy}",
        module_search_paths=tuple(Entry(p, Origin.STDLIB, "test") for p in msp),
        isolated=config.isolated, use_environment=config.use_environment,
        site_import=config.site_import, safe_path=config.safe_path,
    )
    fs = MemoryFS(files=files, dirs=(HOME, f"{PREFIX}/lib/python{xy}/lib-dynload", *dirs))
    return run_site(target, config, pc, fs, sw, Trace())


def _usite(xy: str) -> str:
    return f"{HOME}/.local/lib/python{xy}/site-packages"


def pep829_user_site(xy: str) -> tuple[dict[str, str | bytes], tuple[str, ...]]:
    s = _usite(xy)
    files: dict[str, str | bytes] = {
        f"{PREFIX}/lib/python{xy}/os.py": "",
        f"{s}/mods/ep.py": "def hello(): pass\ndef boom(): raise RuntimeError\n",
        f"{s}/a.pth": ("mods\nextra_a\nimport sys; print('IMPORTLINE a.pth')\n"
                       "  import sys; print('INDENTED IMPORTLINE a.pth')\nmissing_dir\n"
                       "  extra_b  \n   # indented comment\n"),
        f"{s}/b.pth": "import sys; print('IMPORTLINE b.pth (has b.start)')\n",
        f"{s}/b.start": "# comment\nep:hello\nep\nep:boom\nnosuchmod:fn\n  ep:hello  \n",
        f"{s}/c.start": "",
        f"{s}/c.pth": "import sys; print('IMPORTLINE c.pth (empty c.start)')\n",
        f"{s}/.hidden.start": "ep:hello\n",
        f"{s}/z.pth": "import sys; print('IMPORTLINE z.pth')\n",
    }
    return files, (f"{s}/extra_a", f"{s}/extra_b")


def _dynamic(r: SiteResult) -> list[tuple[str, str]]:
    """(origin, the line or entry point) of each dynamic entry, in order."""
    out = []
    for e in r.dynamic:
        code = e.detail.split(": ", 1)[1]
        out.append((e.origin, code[:code.rindex(" (executed" if " (executed" in code else " (called")]))
    return out


def test_pep829_layout_315() -> None:
    files, dirs = pep829_user_site("3.15")
    r = _site("3.15.2", files, dirs)
    s = _usite("3.15")
    assert [e.path for e in r.entries][3:] == [s, f"{s}/mods", f"{s}/extra_a", f"{s}/extra_b"]
    # import lines of a.pth and z.pth (b.pth and c.pth: suppressed by their .start files),
    # then b.start's entry points with a valid syntax; .hidden.start is not read
    assert _dynamic(r) == [
        (Origin.PTH_IMPORT, "import sys; print('IMPORTLINE a.pth')"),
        (Origin.PTH_IMPORT, "import sys; print('INDENTED IMPORTLINE a.pth')"),
        (Origin.PTH_IMPORT, "import sys; print('IMPORTLINE z.pth')"),
        (Origin.START_ENTRY_POINT, "ep:hello"),
        (Origin.START_ENTRY_POINT, "ep:boom"),
        (Origin.START_ENTRY_POINT, "nosuchmod:fn"),
        (Origin.START_ENTRY_POINT, "ep:hello"),
    ]
    # 3.15 also reports 'Error resolving entry point nosuchmod:fn': the model does not
    # judge imports once an entry point was called (it may have installed an import hook,
    # as editable installs do), and says nothing rather than something possibly wrong
    heads = [w.splitlines()[0] for w in r.warnings]
    assert heads == [
        f"In {s}/a.pth: {s}/missing_dir does not exist; skipping sys.path append",
        f"Invalid entry point syntax in {s}/b.start: 'ep'",
    ]


def test_pep829_layout_314() -> None:
    files, dirs = pep829_user_site("3.14")
    r = _site("3.14.10", files, dirs)
    s = _usite("3.14")
    # '  extra_b  ' is the missing path 'site-packages/  extra_b' before 3.15
    assert [e.path for e in r.entries][3:] == [s, f"{s}/mods", f"{s}/extra_a"]
    assert [d for o, d in _dynamic(r)] == [
        "import sys; print('IMPORTLINE a.pth')", "import sys; print('IMPORTLINE b.pth (has b.start)')",
        "import sys; print('IMPORTLINE c.pth (empty c.start)')", "import sys; print('IMPORTLINE z.pth')",
    ]
    assert r.warnings == ()


def test_all_paths_before_any_code() -> None:
    """The user site's import line runs only after the system site-packages were added,
    so it can import what a later directory provides (3.14: ModuleNotFoundError)."""
    us = _usite("3.15")
    system = "/usr/lib/python3/dist-packages"
    files: dict[str, str | bytes] = {
        f"{us}/a.pth": "import late\n",
        f"{system}/late.py": "",
        f"{system}/b.start": "late:f\n",
    }
    r = _site("3.15.2", files)
    assert [e.path for e in r.entries][-2:] == [us, system]
    assert _dynamic(r) == [(Origin.PTH_IMPORT, "import late"), (Origin.START_ENTRY_POINT, "late:f")]
    assert r.warnings == ()
    r14 = _site("3.14.10", {**{k.replace("3.15", "3.14"): v for k, v in files.items()}})
    assert any("No module named 'late'" in w for w in r14.warnings)


def test_failing_import_line_does_not_stop_the_file() -> None:
    us = _usite("3.15")
    files: dict[str, str | bytes] = {f"{us}/a.pth": "import nosuch\nimport os\nafter\n",
                                     f"{us}/after/x.py": ""}
    r = _site("3.15.2", files)
    assert f"{us}/after" in [e.path for e in r.entries]
    assert [d for _, d in _dynamic(r)] == ["import nosuch", "import os"]
    error = (f"Error in import line from {us}/a.pth: import nosuch\n"
             "  ModuleNotFoundError: No module named 'nosuch'")
    assert r.warnings == (error,)


def test_start_file_rules() -> None:
    us = _usite("3.15")
    files: dict[str, str | bytes] = {
        f"{us}/bad.start": b"m:f\n\xe9\n",  # not UTF-8: ignored, so it suppresses nothing
        f"{us}/bad.pth": "import os\n",
        f"{us}/bom.start": b"\xef\xbb\xbfos:getcwd\n",
        f"{us}/other/x.pth": "import sys\n",
        f"{us}/x.start": "",  # another directory's x.pth is not suppressed
        f"{us}/sub.pth": "other\n",
    }
    r = _site("3.15.2", files)
    assert _dynamic(r) == [(Origin.PTH_IMPORT, "import os"), (Origin.START_ENTRY_POINT, "os:getcwd")]


def test_duplicates_and_exact_match() -> None:
    """A path already in sys.path is skipped silently even when missing (the stdlib zip);
    a missing path named twice is reported once."""
    us = _usite("3.15")
    files: dict[str, str | bytes] = {f"{us}/a.pth": "/usr/lib/python315.zip\nnope\nnope\n",
                                     f"{us}/b.pth": "nope\n"}
    r = _site("3.15.2", files)
    assert r.warnings == (f"In {us}/a.pth: {us}/nope does not exist; skipping sys.path append",)


def test_pythonpath_site_dir_still_read() -> None:
    """gh-149819: a site directory already on sys.path (PYTHONPATH) still has its .pth
    files read once; sys.path is as in 3.14."""
    us = _usite("3.15")
    files: dict[str, str | bytes] = {f"{us}/a.pth": "x\n", f"{us}/x/m.py": ""}
    r = _site("3.15.2", files, msp_extra=(us,))
    assert [e.path for e in r.entries] == [us, "/usr/lib/python315.zip", "/usr/lib/python3.15",
                                           "/usr/lib/python3.15/lib-dynload", f"{us}/x"]


def test_site_fatal_runtime_state() -> None:
    us = _usite("3.15")
    r = _site("3.15.2", {f"{us}/a.pth": b"caf\xe9\n"}, env={"LANG": "C.UTF-8"})
    assert r.fatal is not None and "Python runtime state: core initialized" in r.fatal
    r14 = _site("3.14.10", {_usite("3.14") + "/a.pth": b"caf\xe9\n"}, env={"LANG": "C.UTF-8"})
    assert r14.fatal is not None and "Python runtime state: initialized" in r14.fatal


def test_stderr_in_the_c_locale() -> None:
    us = _usite("3.15")
    r = _site("3.15.2", {f"{us}/a.pth": "caf\u00e9\n"}, env={"LC_ALL": "C", "PYTHONUTF8": "0"})
    assert r.warnings == (f"In {us}/a.pth: {us}/caf\\xe9 does not exist; skipping sys.path append",)


def test_deprecation_timeline_switches() -> None:
    """The PEP 829 schedule, as switches no modelled version reaches yet."""
    sw = behaviour_for(Version(3, 15, 2))
    assert sw.pth_locale_fallback and not sw.pth_import_lines_ignored and not sw.pth_import_lines_warned
    from pywhence.target.behaviour import RULES

    assert RULES["pth_import_lines_ignored"].holds((3, 18, 0))
    assert not RULES["pth_import_lines_warned"].holds((3, 19, 9))
    assert RULES["pth_import_lines_warned"].holds((3, 20, 0))
    assert not RULES["pth_locale_fallback"].holds((3, 20, 0))
    assert RULES["pth_locale_fallback"].holds((3, 19, 0))
