"""The site stage against the real Lib/site.py of each local CPython, on macOS, Windows
and Linux worlds.

For every (interpreter, world): pywhence computes the startup (``compute_startup``); its
path-configuration result is handed to the interpreter's own ``site.py``, executed in
the sandbox of ``site_sandbox.py`` while pretending to be ``sys.platform`` darwin, win32
or linux; then everything site.py decides is compared with pywhence's site stage:
``sys.path`` (without ``sys.path[0]``), ``sys.prefix``/``exec_prefix``,
``sys._base_executable``, ``sys._home``, ``ENABLE_USER_SITE``, ``USER_BASE``,
``USER_SITE``, ``PREFIXES``, the ``.pth`` lines site.py executes, the ``.pth`` errors it
reports, where ``sitecustomize``/``usercustomize`` are found, and whether importing site
dies.  An interpreter that is not installed is skipped; none at all is a failure.

Run: ``python -m pytest tests/oracle/test_site_oracle.py -q``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Callable

import pytest

from pywhence.disk.world import World, world_from_dict
from pywhence.startup.getopt import parse_command_line
from pywhence.startup.pylifecycle import compute_startup
from pywhence.startup.result import Origin, Startup
from pywhence.target.behaviour import behaviour_for

from .site_sandbox import (
    SiteInputs,
    SiteOutcome,
    SiteSource,
    all_sources,
    available_sources,
    locale_facts,
    pth_errors,
    run_site_py,
    run_site_py_in,
    site_environ,
)
from .site_worlds import GENERATORS, debian_site_worlds

View = dict[str, Any]

# ---------------------------------------------------------------------------------------
# The two sides
# ---------------------------------------------------------------------------------------


def _framework_name(world: World) -> str:
    """``sys._framework`` (PYTHONFRAMEWORK): the framework directory the dylib is in."""
    lib = world.invocation.library or world.interpreter.executable or ""
    m = re.search(r"/([^/]+)\.framework/", lib)
    return m.group(1) if m else "Python"


def sandbox_inputs(src: SiteSource, world: World, startup: Startup) -> SiteInputs:
    """What the C startup hands site.py, from the world and pywhence's path configuration."""
    pc = startup.path_config
    inv = world.invocation
    target = world.interpreter
    flags = startup.flags
    cl = parse_command_line(inv.argv, safe_path_option=behaviour_for(target.version).safe_path)
    pre_env = not (cl.isolated or cl.ignore_environment)  # PyPreConfig, before any ._pth
    loc = locale_facts(inv.env, platform=target.platform, use_environment=pre_env,
                       x_utf8=cl.xoption("utf8"))
    default_id = 501 if target.platform == "darwin" else 1000
    uid = inv.uid if inv.uid is not None else default_id
    gid = inv.gid if inv.gid is not None else default_id
    framework = ""
    if target.platform == "darwin" and target.build.framework:
        framework = _framework_name(world)
    return SiteInputs(
        platform=target.platform,
        fs=world.fs,
        cwd=inv.cwd,
        environ=site_environ(inv.env, platform=target.platform, version=src.version,
                             framework=target.build.framework,
                             use_environment=bool(flags["use_environment"])),
        sys_path=[e.path for e in pc.module_search_paths],
        prefix=pc.prefix,
        exec_prefix=pc.exec_prefix,
        base_prefix=pc.base_prefix,
        base_exec_prefix=pc.base_exec_prefix,
        executable=pc.executable,
        base_executable=pc.base_executable,
        platlibdir=pc.platlibdir,
        stdlib_dir=pc.stdlib_dir,
        winver=target.build.pywinver or f"{target.version.major}.{target.version.minor}",
        framework=framework,
        abiflags=target.build.abi_thread if src.version >= (3, 13, 0) else "",
        flags={
            "no_site": int(not flags["site_import"]),
            "no_user_site": int(not flags["user_site_directory"]),
            "isolated": int(bool(flags["isolated"])),
            "ignore_environment": int(not flags["use_environment"]),
            "safe_path": bool(flags["safe_path"]),
            "utf8_mode": int(loc.utf8_mode),
        },
        locale=loc,
        uid=uid,
        euid=inv.euid if inv.euid is not None else uid,
        gid=gid,
        egid=inv.egid if inv.egid is not None else gid,
        passwd_home=inv.passwd_home,
    )


def _last_line(text: str) -> str:
    return text.rstrip("\n").rsplit("\n", 1)[-1]


def sandbox_view(out: SiteOutcome) -> View:
    return {
        "fatal": out.fatal,
        "sys.path": out.sys_path,
        "sys.prefix": out.prefix,
        "sys.exec_prefix": out.exec_prefix,
        "sys._base_executable": out.base_executable,
        "sys._home": out.home,
        "ENABLE_USER_SITE": out.enable_user_site,
        "USER_BASE": out.user_base,
        "USER_SITE": out.user_site,
        "PREFIXES": out.prefixes,
        ".pth import lines": out.pth_imports,
        ".start entry points": out.entry_points,
        ".pth errors": list(pth_errors(out.stderr)),
        "sitecustomize": out.customize.get("sitecustomize"),
        "usercustomize": out.customize.get("usercustomize"),
    }


_DETAIL = re.compile(r" line \d+: (?P<code>.*) \(executed by site", re.DOTALL)
_ENTRY = re.compile(r" line \d+: (?P<point>.*) \(called by site", re.DOTALL)


def model_view(startup: Startup) -> View:
    entries = list(startup.entries)
    if entries and entries[0].origin == Origin.PATH0:
        entries = entries[1:]
    imports = []
    for e in startup.dynamic:
        if e.origin != Origin.PTH_IMPORT:
            continue
        m = _DETAIL.search(e.detail[len(e.path):]) if e.detail.startswith(e.path) else None
        assert m is not None, f"unexpected detail of a .pth import entry: {e.detail!r}"
        imports.append((e.path, m.group("code")))
    points = []
    for e in startup.dynamic:
        if e.origin == Origin.START_ENTRY_POINT:
            m = _ENTRY.search(e.detail[len(e.path):])
            assert m is not None, f"unexpected detail of a .start entry: {e.detail!r}"
            points.append((e.path, m.group("point")))
    found = {e.origin: e.path for e in startup.dynamic
             if e.origin in (Origin.SITECUSTOMIZE, Origin.USERCUSTOMIZE)}
    fl = startup.flags
    fatal = None
    if startup.fatal and not startup.path_config.fatal:
        fatal = _last_line(startup.fatal)
    return {
        "fatal": fatal,
        "sys.path": [e.path for e in entries],
        "sys.prefix": startup.prefix,
        "sys.exec_prefix": startup.exec_prefix,
        "sys._base_executable": startup.base_executable,
        "sys._home": fl.get("sys._home"),
        "ENABLE_USER_SITE": fl.get("ENABLE_USER_SITE"),
        "USER_BASE": fl.get("USER_BASE"),
        "USER_SITE": fl.get("USER_SITE"),
        "PREFIXES": fl.get("PREFIXES"),
        ".pth import lines": imports,
        ".start entry points": points,
        ".pth errors": list(pth_errors("\n".join(startup.warnings))),
        "sitecustomize": found.get(Origin.SITECUSTOMIZE),
        "usercustomize": found.get(Origin.USERCUSTOMIZE),
    }


def compare(real: View, model: View) -> list[str]:
    """The fields where the model differs from site.py (a fatal start compares alone)."""
    if real["fatal"] or model["fatal"]:
        keys = ["fatal"]
    else:
        keys = list(real)
    diffs = []
    for k in keys:
        if real[k] != model[k]:
            diffs.append(f"{k}:\n      site.py:  {real[k]!r}\n      pywhence: {model[k]!r}")
    return diffs


def _startup(src: SiteSource, world_data: dict[str, Any]) -> tuple[Startup, SiteInputs]:
    world = world_from_dict(world_data)
    startup = compute_startup(world.interpreter, world.invocation, world.fs)
    assert startup.path_config.fatal is None, (
        f"world generator: path configuration fails ({startup.path_config.fatal}); "
        "site.py would never run")
    return startup, sandbox_inputs(src, world, startup)


_REMOTE: dict[str, dict[str, SiteOutcome]] = {}


def _remote_outcome(src: SiteSource, name: str) -> SiteOutcome:
    """A site.py the host cannot compile runs in its own interpreter, every world of
    that interpreter in one batch (on the first case that needs it)."""
    assert src.python is not None
    if src.label not in _REMOTE:
        jobs = [(w, _startup(src, w)[1]) for s, _, n, w in (c.values for c in CASES)
                if s.label == src.label]
        names = [n for s, _, n, _ in (c.values for c in CASES) if s.label == src.label]
        _REMOTE[src.label] = dict(zip(names, run_site_py_in(src.python, src, jobs)))
    return _REMOTE[src.label][name]


def run_case(src: SiteSource, world_data: dict[str, Any], name: str | None = None
             ) -> tuple[View, View, Startup]:
    startup, inputs = _startup(src, world_data)
    if src.python is not None:
        outcome = (_remote_outcome(src, name) if name is not None
                   else run_site_py_in(src.python, src, [(world_data, inputs)])[0])
    else:
        outcome = run_site_py(src, inputs)
    return sandbox_view(outcome), model_view(startup), startup


# ---------------------------------------------------------------------------------------
# Known model defects (each one a genuine disagreement with site.py; see the reasons)
# ---------------------------------------------------------------------------------------

Matcher = Callable[[SiteSource, str, str], bool]


#: Windows 3.8-3.10 worlds that pin the lib/Lib defect exactly; every other 3.8-3.10
#: Windows world compares with that one spelling difference tolerated on both sides
#: (:func:`tolerate_lib_spelling`), so its other checks stay strict meanwhile.
LIB_SPELLING_WITNESSES = frozenset({"win-plain", "win-usersite", "win-venv-true", "win-customize",
                                    "win-embeddable-import-site"})

KNOWN: list[tuple[Matcher, str]] = [
    (lambda src, pl, name: name.startswith("darwin-fw-renamed-"),
     ("macOS framework named DebugPython: site.py's _getuserbase() gives ~/Library/<sys._framework>/X.Y "
     "(sys._framework = PYTHONFRAMEWORK = 'DebugPython'); pywhence hard-codes ~/Library/Python/X.Y, "
     "although the world's library path (DebugPython.framework/.../DebugPython) names the framework")),
    (lambda src, pl, name: pl == "darwin" and src.version >= (3, 11, 0) and (
        name.startswith(("darwin-fw-venv-", "darwin-usr-local-launcher-"))
        or name in ("darwin-fw-renamed-venv-true", "darwin-brew-framework")),
     ("macOS 3.11+: Modules/getpath.c reads __PYVENV_LAUNCHER__ with env_to_dict(..., and_clear=1), "
     "which unsets it before site runs, so site.venv()'s darwin branch (executable = "
     "sys._base_executable = os.environ['__PYVENV_LAUNCHER__']) never fires and sys._base_executable "
     "stays getpath's; pywhence's venv() still reads config.env and overwrites base_executable with "
     "the launcher path")),
    (lambda src, pl, name: pl == "win32" and (
        name == "win-pth-invalid-utf8"
        or (name == "win-pth-utf8-nonascii" and src.version < (3, 13, 0))
        or (name == "win-pth-utf8-mode" and (3, 11, 0) <= src.version < (3, 13, 0))),
     ("Windows reads .pth files in the ANSI code page (locale encoding = GetACP(), cp1252 assumed; "
     "encoding='locale' ignores UTF-8 mode from 3.11, bpo-47000): for every file before 3.13, as the "
     "fallback after UTF-8 from 3.13; pywhence derives the .pth encoding from LANG/LC_* (UTF-8 on a "
     "Windows world), so a UTF-8 'caf\u00e9' line is 'caf\u00c3\u00a9' to site.py before 3.13, "
     "and bytes that are not UTF-8 make pywhence's startup fatal while site.py decodes them")),
    (lambda src, pl, name: name == "win-win32-build-usersite" and src.version < (3, 10, 0),
     ("win32 3.8/3.9: site.py's _get_path() names the user site Python{major}{minor} from "
     "sys.version_info; sys.winver (with its '-32' suffix) is used only from 3.10 (bpo-41627); "
     "pywhence uses pywinver for every version")),
    (lambda src, pl, name: name == "win-appdata-key-case",
     ("Windows environment variable names are case-insensitive (os.environ upper-cases its keys): "
     "'AppData' is APPDATA to site.py's _getuserbase(); pywhence looks APPDATA (and USERPROFILE) up "
     "case-sensitively and falls back to '~\\Python'")),
    (lambda src, pl, name: name == "win-userbase-root-relative",
     ("Windows PYTHONUSERBASE='\\pyuser' (root-relative): site.py's os.path.isdir() and makepath() "
     "resolve it on the working directory's drive (GetFullPathNameW: C:\\pyuser\\Python3X\\"
     "site-packages), so the user site is added; pywhence's abspath() keeps it drive-less (host "
     "ntpath.isabs says absolute before 3.13) and the MemoryFS finds no such directory")),
    (lambda src, pl, name: name == "win-appdata-unset-homedrive-with-sep",
     ("Windows, APPDATA and USERPROFILE unset: ntpath.expanduser() builds the home with "
     "ntpath.join(HOMEDRIVE, HOMEPATH) (HOMEDRIVE='C:\\', HOMEPATH='\\Users\\u' -> 'C:\\Users\\u'); "
     "pywhence's _expanduser() concatenates them ('C:\\\\Users\\u'), so USER_BASE and "
     "USER_SITE differ")),
    (lambda src, pl, name: name == "debian-start-after-call" and src.version >= (3, 15, 0),
     ("3.15 .start entry points: once an entry point has been called (arbitrary code: it may "
      "install an import hook, as editable installs do), pywhence no longer predicts that a later "
      "one cannot be resolved; it lists 'nosuchmod_after:fn' as startup code where site.py reports "
      "'Error resolving entry point' and calls nothing")),
    (lambda src, pl, name: name == "darwin-fw-pth-utf8-c-locale" and src.version >= (3, 13, 0),
     ("macOS always uses UTF-8 for file names (_Py_FORCE_UTF8_FS_ENCODING): under LC_ALL=C "
     "PYTHONUTF8=0, 3.13's site.py decodes the .pth as UTF-8 and os.path.exists('.../caf\u00e9') "
     "is True; pywhence's filesystem_encoding() applies the Linux rule (ASCII) and drops the line "
     "as unencodable")),
]


def tolerate_lib_spelling(view: View, prefixes: list[str]) -> View:
    """*view* with ``PREFIX\\lib\\...`` spelt ``PREFIX\\Lib\\...`` for each site prefix
    (applied to both sides: the comparison passes before and after the fix)."""

    def fix(value: Any) -> Any:
        if isinstance(value, str):
            for prefix in prefixes:
                if value.startswith(prefix + "\\lib\\"):
                    return prefix + "\\Lib\\" + value[len(prefix) + 5:]
            return value
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, tuple):
            return tuple(fix(v) for v in value)
        return value

    return {k: fix(v) for k, v in view.items()}


def lib_spelling_tolerated(src: SiteSource, platform: str, name: str) -> bool:
    return platform == "win32" and src.version < (3, 11, 0) and name not in LIB_SPELLING_WITNESSES


def _marks(src: SiteSource, platform: str, name: str) -> list[Any]:
    reasons = [reason for match, reason in KNOWN if match(src, platform, name)]
    if not reasons:
        return []
    return [pytest.mark.xfail(strict=True, reason=" | ".join(reasons))]


# ---------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------


def _cases() -> Iterator[Any]:
    for src in all_sources():
        gens: list[tuple[str, Callable[[str], list[tuple[str, dict[str, Any]]]]]]
        gens = [("linux", debian_site_worlds)] if src.debian else list(GENERATORS.items())
        for platform, gen in gens:
            for name, world in gen(src.version_text):
                yield pytest.param(src, platform, name, world, id=f"{src.label}-{name}",
                                   marks=_marks(src, platform, name))


CASES = list(_cases())
AVAILABLE = {s.label for s in available_sources()}


def test_some_site_py_is_installed() -> None:
    """No local interpreter at all means no oracle: a failure, never a skip."""
    assert AVAILABLE, "no local CPython site.py found: " + ", ".join(s.lib for s in all_sources())


@pytest.mark.parametrize("src,platform,name,world", CASES)
def test_site_stage_agrees_with_site_py(src: SiteSource, platform: str, name: str,
                                        world: dict[str, Any]) -> None:
    if src.label not in AVAILABLE:
        pytest.skip(f"{src.site_py} is not installed")
    assert world["platform"] == platform
    real, model, _ = run_case(src, world, name)
    if lib_spelling_tolerated(src, platform, name):
        prefixes = [real["sys.prefix"], *(real["PREFIXES"] or [])]
        real, model = tolerate_lib_spelling(real, prefixes), tolerate_lib_spelling(model, prefixes)
    diffs = compare(real, model)
    assert not diffs, f"{src.label} {name}: pywhence disagrees with site.py\n  " + "\n  ".join(diffs)


# ---------------------------------------------------------------------------------------
# The oracle itself can fail
# ---------------------------------------------------------------------------------------


def _first_available() -> SiteSource:
    srcs = available_sources()
    if not srcs:
        pytest.fail("no local CPython site.py found")
    return next((s for s in srcs if not s.debian), srcs[0])


def test_compare_reports_each_field_that_differs() -> None:
    src = _first_available()
    world = dict(GENERATORS["linux"](src.version_text))["linux-customize"]
    real, model, _ = run_case(src, world)
    assert compare(real, model) == []
    for key, value in [("sys.path", real["sys.path"][:-1]), ("USER_SITE", "/elsewhere"),
                       ("ENABLE_USER_SITE", None), ("sitecustomize", "/x.py"),
                       ("usercustomize", None), (".pth import lines", []), ("sys.prefix", "/"),
                       (".pth errors", [(1, "/x.pth", "ImportError")])]:
        changed = {**model, key: value}
        diffs = compare(real, changed)
        assert len(diffs) == 1 and diffs[0].startswith(f"{key}:"), diffs


@pytest.mark.parametrize("platform,name,expected_tail", [
    ("win32", "win-usersite", "\\Python\\Python{nodot}\\site-packages"),
    ("darwin", "darwin-fw-usersite", "/Library/Python/{xy}/lib/python/site-packages"),
    ("linux", "linux-usersite", "/.local/lib/python{xy}/site-packages"),
])
def test_site_py_really_runs_per_platform(platform: str, name: str, expected_tail: str) -> None:
    """The sandbox's answer comes from site.py's own platform branches: the user site
    differs per platform and is added to sys.path (not computed by this test file)."""
    src = _first_available()
    world = dict(GENERATORS[platform](src.version_text))[name]
    real, _, _ = run_case(src, world)
    xy = ".".join(map(str, src.version[:2]))
    tail = expected_tail.format(xy=xy, nodot=xy.replace(".", ""))
    assert real["USER_SITE"].endswith(tail)
    assert real["ENABLE_USER_SITE"] is True
    assert real["USER_SITE"] in real["sys.path"]
    assert real[".pth import lines"], "user.pth's import line was executed by site.py"


def test_sandbox_never_falls_back_silently() -> None:
    """A module site.py imports that the sandbox lacks is an error, not an ImportError."""
    from .site_sandbox import SandboxError, _Sandbox

    src = _first_available()
    world_data = dict(GENERATORS["linux"](src.version_text))["linux-plain"]
    world = world_from_dict(world_data)
    startup = compute_startup(world.interpreter, world.invocation, world.fs)
    box = _Sandbox(src, sandbox_inputs(src, world, startup))
    with pytest.raises(SandboxError):
        box.builtin_import("json", {"__name__": "site"})
    with pytest.raises(ModuleNotFoundError):
        box.builtin_import("_winapi", {"__name__": "ntpath"})


# ---------------------------------------------------------------------------------------
# Calibration: the sandbox against the real interpreters, on this (Linux) machine
# ---------------------------------------------------------------------------------------

_PROBE = r"""
import sys, json, site
print(json.dumps({
    "path": sys.path, "prefix": sys.prefix, "exec_prefix": sys.exec_prefix,
    "base_prefix": sys.base_prefix, "base_exec_prefix": sys.base_exec_prefix,
    "executable": sys.executable,
    "base_executable": getattr(sys, "_base_executable", sys.executable),
    "platlibdir": getattr(sys, "platlibdir", "lib"), "stdlib_dir": getattr(sys, "_stdlib_dir", ""),
    "abiflags": sys.abiflags, "home": getattr(sys, "_home", None),
    "enable": site.ENABLE_USER_SITE, "user_base": site.USER_BASE, "user_site": site.USER_SITE,
    "prefixes": site.PREFIXES,
    "sitecustomize": getattr(sys.modules.get("sitecustomize"), "__file__", None),
    "flags": {k: int(getattr(sys.flags, k)) for k in
              ("no_site", "no_user_site", "isolated", "ignore_environment")}}))
"""


def _python_of(src: SiteSource) -> str:
    if src.python is not None:
        return src.python
    if src.debian:
        return "/usr/bin/python3.11"
    major, minor, _ = src.version
    return f"/root/.pyenv/versions/{src.label}/bin/python{major}.{minor}"


def _materialize(root: str, disk: dict[str, Any]) -> None:
    """Write a world's disk (paths already under *root*) to the real filesystem."""
    import base64
    import os

    for d in disk.get("dirs", []):
        os.makedirs(d, exist_ok=True)
    for path, content in disk.get("files", {}).items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = (base64.b64decode(content["base64"]) if isinstance(content, dict)
                else content.encode("utf-8"))
        with open(path, "wb") as f:
            f.write(data)
    for path, target in disk.get("symlinks", {}).items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.symlink(target, path)


def _real_run(python: str, args: list[str], env: dict[str, str], cwd: str) -> tuple[dict[str, Any], str]:
    import json
    import subprocess

    proc = subprocess.run([python, *args, "-c", _PROBE], env=env, cwd=cwd, capture_output=True,
                          text=True, check=False, timeout=60)
    assert proc.returncode == 0, f"{python} failed: {proc.stderr[-2000:]}"
    data: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return data, proc.stderr


@pytest.mark.parametrize("src", [s for s in all_sources()], ids=lambda s: s.label)
@pytest.mark.parametrize("layout", ["venv-pth-kit", "venv-userbase"])
def test_sandbox_reproduces_the_real_interpreter(src: SiteSource, layout: str, tmp_path: Any) -> None:
    """The sandbox is faithful: for a real layout (a venv without system site-packages, so
    nothing of the machine's own site-packages is read), the real interpreter's ``-S`` run
    gives the state before site; the sandbox, starting from it on the real disk
    (pywhence's LocalFS), must end exactly where the real interpreter's normal run ends."""
    import os

    from pywhence.disk.fs import LocalFS

    from .site_worlds import customize, pth_kit, second_import_fails

    python = _python_of(src)
    if src.label not in AVAILABLE or not os.path.exists(python):
        pytest.skip(f"{python} is not installed")
    root = str(tmp_path)
    major, minor, _ = src.version
    venv = f"{root}/venv"
    vsite = f"{venv}/lib/python{major}.{minor}/site-packages"
    home = f"{root}/home"
    disk: dict[str, Any] = {
        "dirs": [home, f"{home}/.local/lib/python{major}.{minor}/site-packages"],
        "files": {f"{venv}/pyvenv.cfg": f"home = {os.path.dirname(python)}\n"
                                        "include-system-site-packages = false\n"},
        "symlinks": {f"{venv}/bin/python": python},
    }
    for part in (pth_kit(vsite, False), second_import_fails(vsite, False), customize(vsite, False)):
        for key in ("dirs", "files", "symlinks"):
            if key in part:
                if isinstance(disk.get(key), dict):
                    disk[key].update(part[key])
                else:
                    disk.setdefault(key, []).extend(part[key])
    if src.debian:  # Debian's venv order: lib/python3.X/site-packages, then dist-packages dirs
        disk["dirs"] += [f"{venv}/local/lib/python{major}.{minor}/dist-packages",
                         f"{venv}/lib/python3/dist-packages"]
    _materialize(root, disk)
    env = {"HOME": home, "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    if layout == "venv-userbase":
        env["PYTHONUSERBASE"] = f"{root}/ub"
    exe = f"{venv}/bin/python"
    before, _ = _real_run(exe, ["-S"], env, root)
    after, stderr = _real_run(exe, [], env, root)
    inputs = SiteInputs(
        platform="linux", fs=LocalFS(), cwd=root, environ=dict(env),
        sys_path=before["path"][1:], prefix=before["prefix"], exec_prefix=before["exec_prefix"],
        base_prefix=before["base_prefix"], base_exec_prefix=before["base_exec_prefix"],
        executable=before["executable"], base_executable=before["base_executable"],
        platlibdir=before["platlibdir"], stdlib_dir=before["stdlib_dir"], winver="", framework="",
        abiflags=before["abiflags"], flags={**after["flags"], "utf8_mode": 1},
        locale=locale_facts(env, platform="linux", use_environment=True, x_utf8=None),
        uid=os.getuid(), euid=os.geteuid(), gid=os.getgid(), egid=os.getegid(),
    )
    out = run_site_py_in(src.python, src, [(None, inputs)])[0] if src.python else run_site_py(src, inputs)
    assert out.fatal is None, out.fatal
    assert {
        "sys.path": out.sys_path, "sys.prefix": out.prefix, "sys.exec_prefix": out.exec_prefix,
        "sys._home": out.home, "ENABLE_USER_SITE": out.enable_user_site, "USER_BASE": out.user_base,
        "USER_SITE": out.user_site, "PREFIXES": out.prefixes,
        ".pth errors": list(pth_errors(out.stderr)), "sitecustomize": out.customize.get("sitecustomize"),
    } == {
        "sys.path": after["path"][1:], "sys.prefix": after["prefix"], "sys.exec_prefix": after["exec_prefix"],
        "sys._home": after["home"], "ENABLE_USER_SITE": after["enable"], "USER_BASE": after["user_base"],
        "USER_SITE": after["user_site"], "PREFIXES": after["prefixes"],
        ".pth errors": list(pth_errors(stderr)), "sitecustomize": after["sitecustomize"],
    }
    assert len(out.pth_imports) >= 5, "the .pth import lines ran in the sandbox"
