"""Scenario builders: each one lays out a real tree for one interpreter and returns a Case.

A builder receives a :class:`~harness.Workspace` (its own empty folder, the interpreter,
the shared per-interpreter layouts) and returns the :class:`~harness.Case` to run.  It may
call ``pytest.skip`` when the scenario makes no sense for that interpreter (said why).
Builders are registered in :data:`SCENARIOS`, in the order the suite runs them.

Names are the test ids: ``pytest tests/differential -k 'venv-symlinks[3.12.1]'``.
"""

from __future__ import annotations

import functools
import os
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from .harness import PROBE, Case, Interp, Workspace

__all__ = ["APPLIES", "SCENARIOS", "Builder"]

Builder = Callable[[Workspace], Case]
SCENARIOS: dict[str, Builder] = {}
#: Scenarios that apply only to some interpreters (others do not even list them).
APPLIES: dict[str, Callable[[Interp], bool]] = {}

C = ("-c", PROBE)


def scenario(name: str, applies: Callable[[Interp], bool] | None = None) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        assert name not in SCENARIOS, name
        SCENARIOS[name] = fn
        if applies is not None:
            APPLIES[name] = applies
        return fn

    return register


def _case(ws: Workspace, argv0: str | Path, args: tuple[str, ...] = C, *, cwd: str | Path | None = None,
          env: dict[str, str] | None = None, **kw: object) -> Case:
    return Case(
        argv0=str(argv0),
        args=tuple(args),
        env=env if env is not None else ws.env(),
        cwd=str(cwd if cwd is not None else ws.root),
        **kw,  # type: ignore[arg-type]
    )


def _site_packages(ws: Workspace, base: Path) -> Path:
    """``<base>/lib/pythonX.Y/site-packages`` (created): a venv's or a user base's."""
    sp = base / "lib" / f"python{ws.interp.xy}" / "site-packages"
    sp.mkdir(parents=True, exist_ok=True)
    return sp


def _user_site(ws: Workspace) -> Path:
    """The user site of ``HOME=<case>/home`` (created, so site.py adds it)."""
    return _site_packages(ws, ws.root / "home" / ".local")


def _handmade_venv(ws: Workspace, cfg: str | bytes, *, copy: bool = True, name: str = "v") -> Path:
    """A venv made by hand: bin/python (a copy, or a symlink to the binary), a pyvenv.cfg
    with exactly the given text, and lib/pythonX.Y/site-packages.

    A *copy* makes the pyvenv.cfg ``home`` key decisive: when it is not understood, the
    prefix search from the copy's own directory fails, whereas a symlink would still lead
    to the real prefix.
    """
    root = ws.mkdir(name)
    (root / "bin").mkdir()
    exe = root / "bin" / "python"
    if copy:
        ws.copy_binary(f"{name}/bin/python")
    else:
        os.symlink(ws.interp.binary, exe)
    if isinstance(cfg, bytes):
        (root / "pyvenv.cfg").write_bytes(cfg)
    else:
        (root / "pyvenv.cfg").write_text(cfg)
    _site_packages(ws, root)
    return exe


# =======================================================================================
# How the interpreter is named: argv[0] by absolute path, bare name, relative, symlinks
# =======================================================================================


@scenario("abs-path")
def abs_path(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, note="python by absolute path, -c")


@scenario("abs-path-python3-link")
def abs_path_python3(ws: Workspace) -> Case:
    link = os.path.join(ws.interp.bindir, "python3")
    if not os.path.islink(link) and not os.path.isfile(link):
        pytest.skip(f"{link} does not exist")
    return _case(ws, link, note="bin/python3, the installed symlink next to pythonX.Y")


@scenario("bare-name")
def bare_name(ws: Workspace) -> Case:
    env = ws.env(PATH=f"{ws.interp.bindir}:/usr/bin:/bin")
    return _case(ws, ws.interp.exe_name, env=env, note="pythonX.Y found on PATH")


@scenario("bare-name-skip-nonexec")
def bare_name_skip(ws: Workspace) -> Case:
    # The first PATH entry has a non-executable file of that name: the shell (execvp)
    # and getpath's PATH search must both pass over it.
    ws.write(f"decoy/{ws.interp.exe_name}", "not a program\n")
    ws.mkdir("empty")
    env = ws.env(PATH=f"{ws.root}/empty:{ws.root}/decoy:{ws.interp.bindir}:/usr/bin:/bin")
    return _case(ws, ws.interp.exe_name, env=env,
                 note="bare name; an earlier PATH dir holds a non-executable namesake")


@scenario("bare-name-empty-path-entry")
def bare_name_empty_entry(ws: Workspace) -> Case:
    env = ws.env(PATH=":/usr/bin:/bin")
    return _case(ws, ws.interp.exe_name, env=env, cwd=ws.interp.bindir,
                 note="PATH=':/usr/bin:/bin' (an empty entry is the cwd), cwd = bin dir")


@scenario("bare-name-PATH-dot")
def bare_name_path_dot(ws: Workspace) -> Case:
    env = ws.env(PATH=".:/usr/bin:/bin")
    return _case(ws, ws.interp.exe_name, env=env, cwd=ws.interp.bindir, expect=None,
                 note="PATH='.:...' with cwd = bin dir (getpath's join of '.' and a name)")


@scenario("bare-name-PATH-dot-slash")
def bare_name_path_dot_slash(ws: Workspace) -> Case:
    env = ws.env(PATH="./:/usr/bin:/bin")
    return _case(ws, ws.interp.exe_name, env=env, cwd=ws.interp.bindir, expect=None,
                 note="PATH='./:...' with cwd = bin dir")


@scenario("bare-name-relative-path-entry")
def bare_name_relative_entry(ws: Workspace) -> Case:
    env = ws.env(PATH="bin:/usr/bin:/bin")
    return _case(ws, ws.interp.exe_name, env=env, cwd=os.path.dirname(ws.interp.bindir),
                 note="PATH='bin:...' (a relative entry), cwd = prefix")


@scenario("abs-path-unnormalized")
def abs_unnormalized(ws: Workspace) -> Case:
    argv0 = f"{ws.interp.bindir}//./../bin/{ws.interp.exe_name}"
    return _case(ws, argv0, note="argv0 with '//', '.' and '..' in it")


@scenario("bare-name-via-symlinked-path-dir")
def bare_name_symlinked_dir(ws: Workspace) -> Case:
    ws.symlink("binlink", ws.interp.bindir)
    env = ws.env(PATH=f"{ws.root}/binlink:/usr/bin:/bin")
    return _case(ws, ws.interp.exe_name, env=env,
                 note="bare name found through a PATH entry that is a symlinked directory")


@scenario("bare-name-no-PATH", lambda i: i.bindir in ("/bin", "/usr/bin"))
def bare_name_no_path(ws: Workspace) -> Case:
    # Only for an interpreter in execvp's default path (/bin:/usr/bin).
    env = ws.env()
    del env["PATH"]
    return _case(ws, ws.interp.exe_name, env=env,
                 note="PATH unset: execvp uses its default path; CPython has no PATH to search")


@scenario("relative-argv0-symlinked-cwd")
def relative_symlinked_cwd(ws: Workspace) -> Case:
    cwd = ws.symlink("binlink", ws.interp.bindir)
    return _case(ws, f"./{ws.interp.exe_name}", cwd=cwd,
                 note="./pythonX.Y where the cwd is a symlink (getcwd() is the physical path)")


@scenario("bare-name-dangling-decoy")
def bare_name_dangling(ws: Workspace) -> Case:
    ws.symlink(f"decoy/{ws.interp.exe_name}", ws.root / "nowhere" / "python")
    env = ws.env(PATH=f"{ws.root}/decoy:{ws.interp.bindir}:/usr/bin:/bin")
    return _case(ws, ws.interp.exe_name, env=env,
                 note="bare name; an earlier PATH dir holds a dangling symlink of that name")


@scenario("bare-name-directory-decoy")
def bare_name_dir_decoy(ws: Workspace) -> Case:
    ws.mkdir(f"decoy/{ws.interp.exe_name}")
    env = ws.env(PATH=f"{ws.root}/decoy:{ws.interp.bindir}:/usr/bin:/bin")
    return _case(ws, ws.interp.exe_name, env=env,
                 note="bare name; an earlier PATH dir holds a directory of that name")


@scenario("relative-dot")
def relative_dot(ws: Workspace) -> Case:
    return _case(ws, f"./{ws.interp.exe_name}", cwd=ws.interp.bindir,
                 note="./pythonX.Y with cwd = its bin dir")


@scenario("relative-no-dot")
def relative_no_dot(ws: Workspace) -> Case:
    prefix = os.path.dirname(ws.interp.bindir)
    return _case(ws, f"bin/{ws.interp.exe_name}", cwd=prefix,
                 note="bin/pythonX.Y with cwd = prefix (a slash, so no PATH search)")


@scenario("relative-dotdot")
def relative_dotdot(ws: Workspace) -> Case:
    cwd = ws.mkdir("sub/dir")
    return _case(ws, os.path.relpath(ws.interp.binary, cwd), cwd=cwd,
                 note="../../.../bin/pythonX.Y from a temp dir")


@scenario("symlink-abs")
def symlink_abs(ws: Workspace) -> Case:
    link = ws.symlink("links/python", ws.interp.binary)
    return _case(ws, link, note="absolute symlink in another dir")


@scenario("symlink-rel")
def symlink_rel(ws: Workspace) -> Case:
    links = ws.mkdir("links")
    link = ws.symlink("links/python", os.path.relpath(ws.interp.binary, links))
    return _case(ws, link, note="relative symlink (../../...) in another dir")


@scenario("symlink-chain")
def symlink_chain(ws: Workspace) -> Case:
    ws.symlink("b/python3", ws.interp.binary)
    link = ws.symlink("a/python", "../b/python3")
    return _case(ws, link, note="a/python -> ../b/python3 -> binary (relative then absolute)")


@scenario("symlink-chain-rel-cwd")
def symlink_chain_rel_cwd(ws: Workspace) -> Case:
    ws.symlink("b/c/python3", ws.interp.binary)
    ws.symlink("a/python", "../b/c/python3")
    return _case(ws, "a/python", note="relative argv0 'a/python' through a chain of links")


@scenario("symlink-dir")
def symlink_dir(ws: Workspace) -> Case:
    pfx = ws.symlink("pfx", os.path.dirname(ws.interp.bindir))
    return _case(ws, pfx / "bin" / ws.interp.exe_name,
                 note="the prefix reached through a symlinked directory")


@scenario("symlink-dotdot-in-symlinked-dir")
def symlink_dotdot_dir(ws: Workspace) -> Case:
    """links/a -> deep/x/y, and deep/x/y/python -> ../python2 -> the binary.

    The kernel resolves '..' after the directory link (deep/x/python2); joining the
    link's directory lexically gives links/python2, which does not exist.
    """
    ws.mkdir("deep/x/y")
    ws.symlink("deep/x/python2", ws.interp.binary)
    ws.symlink("deep/x/y/python", "../python2")
    ws.symlink("links/a", ws.root / "deep" / "x" / "y")
    return _case(ws, ws.root / "links" / "a" / "python", expect=None,
                 note="argv0 a relative '../' link inside a symlinked directory")


@scenario("symlink-bare-name")
def symlink_bare_name(ws: Workspace) -> Case:
    ws.symlink("links/python", ws.interp.binary)
    env = ws.env(PATH=f"{ws.root}/links:/usr/bin:/bin")
    return _case(ws, "python", env=env, note="bare 'python' on PATH, a symlink to the binary")


# =======================================================================================
# Virtual environments
# =======================================================================================


@scenario("venv-symlinks")
def venv_symlinks(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    return _case(ws, venv / "bin" / "python", note="python -m venv (symlinks)")


@scenario("venv-copies")
def venv_copies(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv", "--copies")
    return _case(ws, venv / "bin" / "python", note="python -m venv --copies")


@scenario("venv-system-site")
def venv_system_site(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv", "--system-site-packages")
    return _case(ws, venv / "bin" / "python", note="python -m venv --system-site-packages")


@scenario("venv-system-site-user-site")
def venv_system_site_user(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv", "--system-site-packages")
    _user_site(ws)
    return _case(ws, venv / "bin" / "python",
                 note="venv with system site packages keeps the user site (which exists)")


@scenario("venv-user-site-hidden")
def venv_user_site(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    _user_site(ws)
    return _case(ws, venv / "bin" / "python", note="an isolated venv drops an existing user site")


@scenario("venv-bare-name")
def venv_bare_name(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    env = ws.env(PATH=f"{venv}/bin:/usr/bin:/bin")
    return _case(ws, "python", env=env, note="an 'activated' venv: bare python on PATH")


@scenario("venv-link-to-venv-python")
def venv_link(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    link = ws.symlink("links/py", venv / "bin" / "python")
    return _case(ws, link, note="a symlink elsewhere to the venv's bin/python")


@scenario("venv-script")
def venv_script(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    script = ws.probe_script("s/probe.py")
    return _case(ws, venv / "bin" / "python", (str(script),), kind="script",
                 note="a venv running a script")


@scenario("venv-flag-S")
def venv_S(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    return _case(ws, venv / "bin" / "python", ("-S", *C),
                 note="venv with -S: site does not run, so no venv prefix (before 3.14)")


@scenario("venv-flag-I")
def venv_I(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    return _case(ws, venv / "bin" / "python", ("-I", *C), note="venv with -I")


@scenario("venv-of-venv")
def venv_of_venv(ws: Workspace) -> Case:
    v1 = ws.venv(ws.root / "venv1")
    subprocess.run([str(v1 / "bin" / "python"), "-m", "venv", "--without-pip", str(ws.root / "venv2")],
                   check=True, capture_output=True, env=ws.env(), timeout=120)
    return _case(ws, ws.root / "venv2" / "bin" / "python",
                 note="a venv made by a venv's python (home = the first venv's bin)")


@scenario("venv-via-symlinked-dir")
def venv_symlinked_dir(ws: Workspace) -> Case:
    ws.venv(ws.root / "venv")
    link = ws.symlink("vlink", "venv")
    return _case(ws, link / "bin" / "python", note="the venv reached through a symlinked directory")


@scenario("venv-with-PYTHONHOME")
def venv_pythonhome(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    env = ws.env(PYTHONHOME=os.path.dirname(ws.interp.bindir))
    return _case(ws, venv / "bin" / "python", env=env, expect=None,
                 note="a venv's python with PYTHONHOME set to the base prefix")


@scenario("venv-from-symlinked-prefix")
def venv_from_symlinked_prefix(ws: Workspace) -> Case:
    pfx = ws.symlink("pfx", os.path.dirname(ws.interp.bindir))
    subprocess.run([str(pfx / "bin" / ws.interp.exe_name), "-m", "venv", "--without-pip",
                    str(ws.root / "venv")], check=True, capture_output=True, env=ws.env(), timeout=120)
    return _case(ws, ws.root / "venv" / "bin" / "python",
                 note="a venv made through a symlinked prefix dir (home = <link>/bin)")


@scenario("venv-python3-link")
def venv_python3(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    return _case(ws, venv / "bin" / "python3", note="the venv's bin/python3 (a link to python)")


@scenario("venv-relative-argv0")
def venv_relative(ws: Workspace) -> Case:
    ws.venv(ws.root / "venv")
    return _case(ws, "venv/bin/python", note="venv/bin/python typed relative to the cwd")


@scenario("venv-unicode-dir")
def venv_unicode(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "sp\u00e4 ce" / "venv")
    return _case(ws, venv / "bin" / "python", note="a venv under a folder named 'sp\u00e4 ce'")


@scenario("venv-isolated-module")
def venv_isolated_module(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    (_site_packages(ws, venv) / "probe_mod.py").write_text(PROBE)
    return _case(ws, venv / "bin" / "python", ("-I", "-m", "probe_mod"), kind="module",
                 note="-I -m with the module in the venv's site-packages: no sys.path[0]")


@scenario("venv-bare-name-symlink")
def venv_bare_symlink(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    ws.symlink("links/vpy", venv / "bin" / "python")
    env = ws.env(PATH=f"{ws.root}/links:/usr/bin:/bin")
    return _case(ws, "vpy", env=env, note="bare 'vpy' on PATH, a symlink to a venv's python")


@scenario("venv-pth")
def venv_pth(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv")
    sp = _site_packages(ws, venv)
    ws.mkdir("extra1")
    (sp / "mylib.pth").write_text(f"{ws.root}/extra1\n../../../../extra2\n")
    ws.mkdir("extra2")
    return _case(ws, venv / "bin" / "python", note="a .pth in a venv's site-packages")


# =======================================================================================
# pyvenv.cfg as people really write it (hand-made venvs with a copied binary)
# =======================================================================================


def _cfg_standard(i: Interp) -> str:
    return f"home = {i.bindir}\n"


def _cfg_extra_keys(i: Interp) -> str:
    return (f"include-system-site-packages = false\nversion = {'.'.join(map(str, i.version))}\n"
            f"executable = {i.binary}\ncommand = made by hand\nprompt = 'x = y'\n"
            f"home = {i.bindir}\n")


#: name -> (pyvenv.cfg text for an interpreter, what it tests).  Each is run twice:
#: ``cfg-NAME`` with bin/python a copy of the binary (``home`` decides everything) and
#: ``cfg-NAME-symlink`` with bin/python a symlink to it (the link can rescue a bad home).
_CFG: dict[str, tuple[Callable[[Interp], str | bytes], str]] = {
    "standard": (_cfg_standard, "home = <bindir> (the canonical form)"),
    "no-trailing-newline": (lambda i: f"home = {i.bindir}", "pyvenv.cfg without a final newline"),
    "no-spaces": (lambda i: f"home={i.bindir}\n", "home=<bindir> without spaces"),
    "uppercase-key": (lambda i: f"HOME = {i.bindir}\n", "HOME = <bindir> (key in capitals)"),
    "comments": (lambda i: f"# made by hand\n; another comment\n\nhome = {i.bindir}\n# home = /nowhere\n",
                 "comments and blank lines around home"),
    "extra-keys": (_cfg_extra_keys, "the keys venv writes, home last"),
    "bom": (lambda i: f"\ufeffhome = {i.bindir}\n".encode(), "UTF-8 BOM before home"),
    "home-nowhere": (lambda i: "home = /nonexistent/bin\n", "home points to a directory that does not exist"),
    "home-trailing-slash": (lambda i: f"home = {i.bindir}/\n", "home with a trailing slash"),
    "tabs": (lambda i: f"home\t=\t{i.bindir}\n", "home<TAB>=<TAB><bindir>"),
    "system-site-True": (lambda i: f"home = {i.bindir}\ninclude-system-site-packages = True\n",
                         "include-system-site-packages = True (capital T)"),
    "duplicate-home": (lambda i: f"home = /nonexistent/bin\nhome = {i.bindir}\n",
                       "two home lines (first nowhere, second right)"),
    "crlf": (lambda i: f"home = {i.bindir}\r\n", "home line ending in CRLF"),
    "home-relative": (lambda i: "home = .\n", "home = . (relative)"),
    "home-empty": (lambda i: "home =\n", "home = (empty value)"),
    "home-trailing-spaces": (lambda i: f"home = {i.bindir}   \n", "home with trailing spaces"),
    "system-site-yes": (lambda i: f"home = {i.bindir}\ninclude-system-site-packages = yes\n",
                        "include-system-site-packages = yes (only 'true' counts)"),
    "no-home": (lambda i: f"version = {i.xy}\ninclude-system-site-packages = false\n",
                "a pyvenv.cfg without a home key"),
}


def _register_cfg(name: str, text: Callable[[Interp], str | bytes], note: str, copy: bool) -> None:
    def build(ws: Workspace) -> Case:
        exe = _handmade_venv(ws, text(ws.interp), copy=copy)
        how = "bin/python is a copy" if copy else "bin/python is a symlink to the binary"
        return _case(ws, exe, note=f"hand-made venv, {note}; {how}",
                     expect="ok" if name == "standard" else None)

    scenario(f"cfg-{name}" + ("" if copy else "-symlink"))(build)


for _name, (_text, _note) in _CFG.items():
    _register_cfg(_name, _text, _note, copy=True)
    _register_cfg(_name, _text, _note, copy=False)


@scenario("cfg-in-bin-dir")
def cfg_in_bin(ws: Workspace) -> Case:
    exe = _handmade_venv(ws, "", copy=True)
    (ws.root / "v" / "pyvenv.cfg").unlink()
    ws.write("v/bin/pyvenv.cfg", f"home = {ws.interp.bindir}\n")
    return _case(ws, exe, expect=None, note="pyvenv.cfg beside the executable, not one level up")


@scenario("cfg-in-bin-dir-symlink")
def cfg_in_bin_link(ws: Workspace) -> Case:
    exe = _handmade_venv(ws, "", copy=False)
    (ws.root / "v" / "pyvenv.cfg").unlink()
    ws.write("v/bin/pyvenv.cfg", f"home = {ws.interp.bindir}\n")
    return _case(ws, exe, expect=None,
                 note="pyvenv.cfg beside a symlinked executable, not one level up")


@scenario("cfg-is-directory")
def cfg_is_dir(ws: Workspace) -> Case:
    exe = _handmade_venv(ws, "", copy=False)
    (ws.root / "v" / "pyvenv.cfg").unlink()
    ws.mkdir("v/pyvenv.cfg")
    return _case(ws, exe, expect=None, note="pyvenv.cfg is a directory")


@scenario("cfg-relative-symlink")
def cfg_relative_symlink(ws: Workspace) -> Case:
    exe = _handmade_venv(ws, f"home = {ws.interp.bindir}\n", copy=False)
    exe.unlink()
    os.symlink(os.path.relpath(ws.interp.binary, exe.parent), exe)
    return _case(ws, exe, note="hand-made venv whose bin/python is a relative symlink to the base")


@scenario("cfg-home-without-python")
def cfg_home_without_python(ws: Workspace) -> Case:
    base = ws.mkdir("base/bin")
    os.symlink(ws.interp.binary, base / ws.interp.exe_name)
    exe = _handmade_venv(ws, f"home = {base}\n", copy=True)
    return _case(ws, exe, expect=None,
                 note="home = a dir holding only pythonX.Y (no 'python'), venv's bin/python a copy")


@scenario("cfg-home-via-symlinked-prefix")
def cfg_home_symlinked_prefix(ws: Workspace) -> Case:
    pfx = ws.symlink("pfx", os.path.dirname(ws.interp.bindir))
    exe = _handmade_venv(ws, f"home = {pfx}/bin\n", copy=True)
    return _case(ws, exe, note="home = <symlink to the prefix>/bin, bin/python a copy")


# =======================================================================================
# Relocated installs, missing stdlib, PYTHONHOME, PYTHONPLATLIBDIR
# =======================================================================================


@scenario("relocated")
def relocated(ws: Workspace) -> Case:
    r = ws.relocated()
    return _case(ws, r / "bin" / ws.interp.exe_name, note="the prefix tree copied elsewhere", expect="ok")


@scenario("relocated-python3-link")
def relocated_link(ws: Workspace) -> Case:
    r = ws.relocated()
    return _case(ws, r / "bin" / "python3", note="relocated copy through its bin/python3 link", expect="ok")


@scenario("relocated-script")
def relocated_script(ws: Workspace) -> Case:
    r = ws.relocated()
    script = ws.probe_script("s/probe.py")
    return _case(ws, r / "bin" / ws.interp.exe_name, (str(script),), kind="script",
                 note="relocated copy running a script", expect="ok")


@scenario("relocated-with-zip")
def relocated_zip(ws: Workspace) -> Case:
    interp = ws.interp
    exe = ws.copy_binary(f"z/bin/{interp.exe_name}")
    ws.symlink(f"z/lib/python{interp.xy}", interp.stdlib)
    zipname = f"python{interp.version[0]}{interp.version[1]}.zip"
    with zipfile.ZipFile(ws.root / "z" / "lib" / zipname, "w") as z:
        z.writestr("zipped_marker.py", "")
    return _case(ws, exe, expect="ok",
                 note="a copied tree with lib/pythonXY.zip (getpath's first landmark from 3.11)")


@scenario("relocated-no-lib-dynload")
def relocated_no_dynload(ws: Workspace) -> Case:
    interp = ws.interp
    exe = ws.copy_binary(f"nd/bin/{interp.exe_name}")
    stdlib = ws.mkdir(f"nd/lib/python{interp.xy}")
    for name in os.listdir(interp.stdlib):
        if name not in ("lib-dynload", "site-packages"):
            os.symlink(os.path.join(interp.stdlib, name), stdlib / name)
    return _case(ws, exe, expect=None,
                 note="a copied tree with the stdlib but no lib-dynload: exec_prefix elsewhere")


@scenario("relocated-pyc-landmark")
def relocated_pyc(ws: Workspace) -> Case:
    """The stdlib landmark may be os.pyc (a sourceless stdlib): getpath accepts either."""
    interp = ws.interp
    tag = f"cpython-{interp.version[0]}{interp.version[1]}"
    pyc = os.path.join(interp.stdlib, "__pycache__", f"os.{tag}.pyc")
    if not os.path.isfile(pyc):
        pytest.skip(f"no {pyc}")
    exe = ws.copy_binary(f"pyc/bin/{interp.exe_name}")
    stdlib = ws.mkdir(f"pyc/lib/python{interp.xy}")
    for name in os.listdir(interp.stdlib):
        if name not in ("os.py", "site-packages", "__pycache__"):
            os.symlink(os.path.join(interp.stdlib, name), stdlib / name)
    (stdlib / "site-packages").mkdir()
    (stdlib / "os.pyc").write_bytes(Path(pyc).read_bytes())
    return _case(ws, exe, expect=None, note="a copied tree whose landmark is lib/pythonX.Y/os.pyc")


@scenario("copied-alone")
def copied_alone(ws: Workspace) -> Case:
    exe = ws.copy_binary(f"solo/bin/{ws.interp.exe_name}")
    return _case(ws, exe, note="binary copied alone: the search fails, the build's PREFIX is used",
                 expect=None)


@scenario("broken-stdlib")
def broken_stdlib(ws: Workspace) -> Case:
    exe = ws.copy_binary(f"broken/bin/{ws.interp.exe_name}")
    ws.write(f"broken/lib/python{ws.interp.xy}/os.py", "")
    return _case(ws, exe, note="the os.py landmark alone (no encodings): fatal", expect="fatal",
                 twin=False)


@scenario("pythonhome")
def pythonhome(ws: Workspace) -> Case:
    exe = ws.copy_binary(f"solo/bin/{ws.interp.exe_name}")
    env = ws.env(PYTHONHOME=os.path.dirname(ws.interp.bindir))
    return _case(ws, exe, env=env, note="PYTHONHOME=<prefix> for a lone copy of the binary", expect="ok")


@scenario("pythonhome-split")
def pythonhome_split(ws: Workspace) -> Case:
    r = ws.relocated()
    env = ws.env(PYTHONHOME=f"{r}:{os.path.dirname(ws.interp.bindir)}")
    return _case(ws, ws.interp.binary, env=env, note="PYTHONHOME=<relocated>:<prefix>", expect="ok")


@scenario("pythonhome-relative")
def pythonhome_relative(ws: Workspace) -> Case:
    ws.symlink("pfx", os.path.dirname(ws.interp.bindir))
    env = ws.env(PYTHONHOME="pfx")
    return _case(ws, ws.interp.binary, env=env, expect=None,
                 note="PYTHONHOME=pfx, relative to the cwd (a symlink to the prefix)")


@scenario("pythonhome-trailing-slash")
def pythonhome_slash(ws: Workspace) -> Case:
    env = ws.env(PYTHONHOME=os.path.dirname(ws.interp.bindir) + "/")
    return _case(ws, ws.interp.binary, env=env, expect="ok", note="PYTHONHOME=<prefix>/")


@scenario("pythonhome-empty")
def pythonhome_empty(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONHOME=""), expect="ok",
                 note="PYTHONHOME='' counts as unset")


@scenario("pythonhome-empty-exec-prefix")
def pythonhome_empty_exec(ws: Workspace) -> Case:
    env = ws.env(PYTHONHOME=os.path.dirname(ws.interp.bindir) + ":")
    return _case(ws, ws.interp.binary, env=env, expect=None, note="PYTHONHOME='<prefix>:' (empty exec_prefix)")


@scenario("pythonhome-colon-only")
def pythonhome_colon(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONHOME=":"), expect=None, twin=False,
                 note="PYTHONHOME=':'")


@scenario("pythonhome-nowhere")
def pythonhome_nowhere(ws: Workspace) -> Case:
    env = ws.env(PYTHONHOME=str(ws.root / "nowhere"))
    return _case(ws, ws.interp.binary, env=env, note="PYTHONHOME to a missing dir: fatal",
                 expect="fatal", twin=False)


@scenario("pythonhome-ignored-by-E")
def pythonhome_E(ws: Workspace) -> Case:
    env = ws.env(PYTHONHOME=str(ws.root / "nowhere"))
    return _case(ws, ws.interp.binary, ("-E", *C), env=env, note="-E ignores a bad PYTHONHOME",
                 expect="ok")


@scenario("platlibdir-env")
def platlibdir_env(ws: Workspace) -> Case:
    env = ws.env(PYTHONPLATLIBDIR="lib64")
    return _case(ws, ws.interp.binary, env=env, expect=None,
                 note="PYTHONPLATLIBDIR=lib64 where no lib64 exists (3.9+)")


@scenario("platlibdir-lib64-tree")
def platlibdir_tree(ws: Workspace) -> Case:
    exe = ws.copy_binary(f"r64/bin/{ws.interp.exe_name}")
    ws.symlink(f"r64/lib64/python{ws.interp.xy}", ws.interp.stdlib)
    ws.symlink(f"r64/lib/python{ws.interp.xy}", ws.interp.stdlib)
    env = ws.env(PYTHONPLATLIBDIR="lib64")
    return _case(ws, exe, env=env, expect=None,
                 note="PYTHONPLATLIBDIR=lib64 with both lib/ and lib64/ in a copied tree")


# =======================================================================================
# PYTHONPATH
# =======================================================================================


@scenario("platlibdir-user-site")
def platlibdir_user_site(ws: Workspace) -> Case:
    exe = ws.copy_binary(f"r64/bin/{ws.interp.exe_name}")
    ws.symlink(f"r64/lib64/python{ws.interp.xy}", ws.interp.stdlib)
    ws.symlink(f"r64/lib/python{ws.interp.xy}", ws.interp.stdlib)
    _site_packages(ws, ws.root / "home" / ".local")
    ws.mkdir(f"home/.local/lib64/python{ws.interp.xy}/site-packages")
    env = ws.env(PYTHONPLATLIBDIR="lib64")
    return _case(ws, exe, env=env, expect=None,
                 note="PYTHONPLATLIBDIR=lib64 and user sites under both ~/.local/lib and lib64")


@scenario("pythonpath-mixed")
def pythonpath_mixed(ws: Workspace) -> Case:
    for d in ("pp1", "rel1", "rel2", "pp2"):
        ws.mkdir(d)
    value = f"{ws.root}/pp1::rel1:{ws.root}/missing:{ws.root}/pp1:./rel2/:{ws.root}/pp1/../pp2:"
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONPATH=value),
                 note="absolute, empty, relative, nonexistent, duplicate, '..', trailing ':'")


@scenario("pythonpath-relative-script")
def pythonpath_rel_script(ws: Workspace) -> Case:
    ws.mkdir("lib1")
    script = ws.probe_script("s/probe.py")
    return _case(ws, ws.interp.binary, (str(script),), env=ws.env(PYTHONPATH="lib1:."),
                 kind="script", note="relative PYTHONPATH items with a script elsewhere")


@scenario("pythonpath-only-colon")
def pythonpath_colon(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONPATH=":"), note="PYTHONPATH=':'")


@scenario("pythonpath-pth-not-processed")
def pythonpath_pth(ws: Workspace) -> Case:
    pp = ws.mkdir("pp")
    ws.mkdir("fromdir")
    (pp / "x.pth").write_text(f"{ws.root}/fromdir\n")
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONPATH=str(pp)),
                 note="a .pth in a PYTHONPATH dir is not processed")


@scenario("pythonpath-tilde")
def pythonpath_tilde(ws: Workspace) -> Case:
    ws.mkdir("home/pp")
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONPATH="~/pp"),
                 note="PYTHONPATH=~/pp: no tilde expansion")


@scenario("platlibdir-ignored-by-E")
def platlibdir_E(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, ("-E", *C), env=ws.env(PYTHONPLATLIBDIR="lib64"),
                 expect="ok", note="-E ignores PYTHONPLATLIBDIR")


@scenario("pythonpath-equals-script-dir")
def pythonpath_script_dir(ws: Workspace) -> Case:
    script = ws.probe_script("s/probe.py")
    return _case(ws, ws.interp.binary, (str(script),), env=ws.env(PYTHONPATH=str(ws.root / "s")),
                 kind="script", note="PYTHONPATH is the script's dir: it appears twice")


@scenario("pythonpath-ignored-by-E")
def pythonpath_E(ws: Workspace) -> Case:
    ws.mkdir("pp")
    return _case(ws, ws.interp.binary, ("-E", *C), env=ws.env(PYTHONPATH=str(ws.root / "pp")),
                 note="-E ignores PYTHONPATH")


# =======================================================================================
# ._pth next to the executable (3.11+ on POSIX; ignored by 3.8-3.10)
# =======================================================================================


def _pth_layout(ws: Workspace, extra_lines: str = "", name: str | None = None) -> Path:
    exe = ws.copy_binary(f"pth/bin/{ws.interp.exe_name}")
    ws.mkdir("pth/extra")
    # On POSIX getpath reads executable + '._pth' ('python3.12._pth'); only Windows strips
    # the '.exe' suffix first.
    ws.write(
        f"pth/bin/{name or ws.interp.exe_name + '._pth'}",
        f"# a ._pth file\n{ws.interp.stdlib}\n{ws.interp.stdlib}/lib-dynload\n../extra\n"
        f"{ws.root}/nowhere\n\n{extra_lines}",
    )
    ws.mkdir("pp")
    return exe


@scenario("pth-file")
def pth_file(ws: Workspace) -> Case:
    exe = _pth_layout(ws)
    _user_site(ws)
    return _case(ws, exe, env=ws.env(PYTHONPATH=str(ws.root / "pp")),
                 note="._pth next to a copied binary (plus PYTHONPATH and a user site)")


@scenario("pth-file-import-site")
def pth_file_site(ws: Workspace) -> Case:
    exe = _pth_layout(ws, "import site\n")
    _user_site(ws)
    return _case(ws, exe, env=ws.env(PYTHONPATH=str(ws.root / "pp")),
                 note="._pth with 'import site' (site runs, still isolated)")


@scenario("pth-file-symlinked-exe")
def pth_file_symlink(ws: Workspace) -> Case:
    exe = ws.symlink(f"pthl/bin/{ws.interp.exe_name}", ws.interp.binary)
    ws.mkdir("pthl/extra")
    ws.write(f"pthl/bin/{ws.interp.exe_name}._pth",
             f"{ws.interp.stdlib}\n{ws.interp.stdlib}/lib-dynload\n../extra\n")
    return _case(ws, exe, note="._pth beside a symlink to the binary (getpath reads executable + '._pth')")


@scenario("pth-file-with-PYTHONHOME")
def pth_file_home(ws: Workspace) -> Case:
    exe = _pth_layout(ws)
    env = ws.env(PYTHONHOME=os.path.dirname(ws.interp.bindir))
    return _case(ws, exe, env=env, expect=None, note="._pth file and PYTHONHOME together")


@scenario("pth-file-dotted-dir")
def pth_file_dotted(ws: Workspace) -> Case:
    exe = ws.copy_binary("my.dir/bin/python")
    ws.write("my.dir/bin/python._pth", f"{ws.interp.stdlib}\n{ws.interp.stdlib}/lib-dynload\n")
    ws.write("my._pth", f"{ws.root}/wrong\n")  # what splitting the path at its last dot would read
    return _case(ws, exe, note="bin/python (no dot) under 'my.dir' with python._pth beside it")


@scenario("pth-file-wrong-name")
def pth_file_wrong_name(ws: Workspace) -> Case:
    exe = _pth_layout(ws, name="python3._pth")
    return _case(ws, exe, note="'python3._pth' beside python3.12: not the name getpath reads")


@scenario("pth-file-script")
def pth_file_script(ws: Workspace) -> Case:
    exe = _pth_layout(ws)
    script = ws.probe_script("s/probe.py")
    return _case(ws, exe, (str(script),), kind="script", note="._pth and a script: sys.path[0]?")


# =======================================================================================
# Build tree (pybuilddir.txt)
# =======================================================================================


@scenario("build-tree")
def build_tree(ws: Workspace) -> Case:
    interp = ws.interp
    exe = ws.copy_binary("build/python")
    ws.write("build/Modules/Setup.local", "")
    platdir = f"build/lib.linux-x86_64-{interp.xy}"
    ws.write("build/pybuilddir.txt", platdir)
    ws.mkdir(f"build/{platdir}")
    dynload = os.path.join(interp.stdlib, "lib-dynload")
    for ext in os.listdir(dynload):
        ws.symlink(f"build/{platdir}/{ext}", os.path.join(dynload, ext))
    ws.symlink("build/Lib", interp.stdlib)
    return _case(ws, exe, expect=None,
                 note="a build tree: Modules/Setup.local, pybuilddir.txt, Lib/ beside ./python")


@scenario("build-tree-lib-above")
def build_tree_lib_above(ws: Workspace) -> Case:
    interp = ws.interp
    exe = ws.copy_binary("build/python")
    ws.write("build/Modules/Setup.local", "")
    ws.write("build/pybuilddir.txt", "")  # empty: the platstdlib is the build dir itself
    ws.symlink("Lib", interp.stdlib)  # beside build/, where VPATH='..' would look
    return _case(ws, exe, expect=None,
                 note="a build tree with an empty pybuilddir.txt and Lib/ one level up")


# =======================================================================================
# Flags and their environment twins (a script run, PYTHONPATH and a user site present)
# =======================================================================================


def _flag_case(ws: Workspace, flags: tuple[str, ...], note: str, expect: str | None = "ok",
               **env: str) -> Case:
    ws.mkdir("pp")
    _user_site(ws)
    script = ws.probe_script("s/probe.py")
    e = ws.env(PYTHONPATH=str(ws.root / "pp"), **env)
    return _case(ws, ws.interp.binary, (*flags, str(script)), env=e, kind="script", note=note,
                 expect=expect, twin=expect == "ok")


@scenario("script-baseline")
def flag_none(ws: Workspace) -> Case:
    return _flag_case(ws, (), "script, PYTHONPATH and user site, no flag")


@scenario("flag-I")
def flag_I(ws: Workspace) -> Case:
    return _flag_case(ws, ("-I",), "-I")


@scenario("flag-E")
def flag_E(ws: Workspace) -> Case:
    return _flag_case(ws, ("-E",), "-E")


@scenario("flag-s")
def flag_s(ws: Workspace) -> Case:
    return _flag_case(ws, ("-s",), "-s")


@scenario("flag-S")
def flag_S(ws: Workspace) -> Case:
    return _flag_case(ws, ("-S",), "-S")


@scenario("flag-P")
def flag_P(ws: Workspace) -> Case:
    ok = ws.interp.at_least(3, 11)
    return _flag_case(ws, ("-P",), "-P (3.11+; an unknown option before: exit 2)",
                      expect="ok" if ok else "fatal")


@scenario("flag-IsS-cluster")
def flag_cluster(ws: Workspace) -> Case:
    return _flag_case(ws, ("-sSE",), "-sSE as one cluster")


@scenario("env-PYTHONEXECUTABLE")
def env_pythonexecutable(ws: Workspace) -> Case:
    return _flag_case(ws, (), "PYTHONEXECUTABLE=/x/fake/python (sys.executable on POSIX from 3.11)",
                      expect=None, PYTHONEXECUTABLE=str(ws.root / "fake" / "python"))


@scenario("sitecustomize-harmless")
def sitecustomize(ws: Workspace) -> Case:
    ws.write("pp/sitecustomize.py", "import os\n")
    ws.write("pp/usercustomize.py", "import os\n")
    return _flag_case(ws, (), "sitecustomize and usercustomize on PYTHONPATH (they change nothing)")


@scenario("env-PYTHONNOUSERSITE")
def env_nousersite(ws: Workspace) -> Case:
    return _flag_case(ws, (), "PYTHONNOUSERSITE=1", PYTHONNOUSERSITE="1")


@scenario("env-PYTHONSAFEPATH")
def env_safepath(ws: Workspace) -> Case:
    return _flag_case(ws, (), "PYTHONSAFEPATH=1 (3.11+)", PYTHONSAFEPATH="1")


@scenario("env-PYTHONNOUSERSITE-0")
def env_nousersite0(ws: Workspace) -> Case:
    return _flag_case(ws, (), "PYTHONNOUSERSITE=0 (read as an integer flag, _Py_get_env_flag: "
                      "0 leaves the user site on)", PYTHONNOUSERSITE="0")


@scenario("env-PYTHONNOUSERSITE-text")
def env_nousersite_text(ws: Workspace) -> Case:
    return _flag_case(ws, (), "PYTHONNOUSERSITE=yes (not an integer: counts as 1)",
                      PYTHONNOUSERSITE="yes")


@scenario("env-PYTHONSAFEPATH-0")
def env_safepath0(ws: Workspace) -> Case:
    return _flag_case(ws, (), "PYTHONSAFEPATH=0 (any non-empty value sets it, 3.11+)", PYTHONSAFEPATH="0")


@scenario("env-PYTHONSAFEPATH-empty")
def env_safepath_empty(ws: Workspace) -> Case:
    return _flag_case(ws, (), "PYTHONSAFEPATH='' counts as unset", PYTHONSAFEPATH="")


@scenario("env-twins-ignored-by-E")
def env_twins_E(ws: Workspace) -> Case:
    return _flag_case(ws, ("-E",), "-E ignores PYTHONSAFEPATH and PYTHONNOUSERSITE",
                      PYTHONSAFEPATH="1", PYTHONNOUSERSITE="1")


# =======================================================================================
# User site
# =======================================================================================


@scenario("venv-system-site-nousersite")
def venv_system_site_nousersite(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv", "--system-site-packages")
    _user_site(ws)
    return _case(ws, venv / "bin" / "python", env=ws.env(PYTHONNOUSERSITE="1"),
                 note="venv with system site, user site exists, PYTHONNOUSERSITE=1")


@scenario("user-site-home")
def user_site_home(ws: Workspace) -> Case:
    us = _user_site(ws)
    ws.mkdir("fromuser")
    (us / "u.pth").write_text(f"{ws.root}/fromuser\n")
    return _case(ws, ws.interp.binary, note="HOME's ~/.local/lib/pythonX.Y/site-packages (+ a .pth)")


@scenario("user-site-missing")
def user_site_missing(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, note="HOME set, no user site dir: nothing added")


@scenario("user-site-userbase")
def user_site_userbase(ws: Workspace) -> Case:
    _site_packages(ws, ws.root / "ub")
    _user_site(ws)  # exists too, but PYTHONUSERBASE wins
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONUSERBASE=str(ws.root / "ub")),
                 note="PYTHONUSERBASE=<dir> with its site-packages")


@scenario("user-site-userbase-relative")
def user_site_userbase_rel(ws: Workspace) -> Case:
    _site_packages(ws, ws.root / "ub")
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONUSERBASE="ub"),
                 note="PYTHONUSERBASE relative to the working directory")


@scenario("user-site-HOME-relative")
def user_site_home_rel(ws: Workspace) -> Case:
    _site_packages(ws, ws.root / "h" / ".local")
    return _case(ws, ws.interp.binary, env=ws.env(HOME="h"),
                 note="HOME=h (relative): the user site is made absolute by site.py")


@scenario("user-site-userbase-empty")
def user_site_userbase_empty(ws: Workspace) -> Case:
    _user_site(ws)
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONUSERBASE=""),
                 note="PYTHONUSERBASE='' counts as unset: ~/.local")


@scenario("user-site-no-HOME")
def user_site_no_home(ws: Workspace) -> Case:
    env = ws.env()
    del env["HOME"]
    return _case(ws, ws.interp.binary, env=env,
                 note="HOME unset: the user base comes from the password database")


# =======================================================================================
# .pth files (in the user site: processed exactly like site-packages)
# =======================================================================================


@scenario("pth-lines")
def pth_lines(ws: Workspace) -> Case:
    us = _user_site(ws)
    for d in ("d1", "d2", "d3", "us_rel"):
        ws.mkdir(d)
    (us / "us_rel").mkdir()
    (us / "b.pth").write_text(
        f"# comment\n\n{ws.root}/d2\n{ws.root}/nonexistent\nus_rel\n{ws.root}/d1\n"
        f"import os\n{ws.root}/d1/\n   \n{ws.root}/d3/../d3\n"
    )
    (us / "a.pth").write_text(f"{ws.root}/d1\n")
    (us / "c.pth").write_bytes(f"{ws.root}/d3\r\n{ws.root}/d2\r\n".encode())
    (us / "notapth.txt").write_text(f"{ws.root}/nonexistent\n")
    return _case(ws, ws.interp.binary,
                 note="order by name, comments, blanks, missing dirs, duplicates, import, CRLF")


@scenario("pth-entries-files-and-spaces")
def pth_entries_files(ws: Workspace) -> Case:
    us = _user_site(ws)
    ws.write("afile.txt", "")
    ws.mkdir("with space")
    ws.mkdir("d1")
    (us / "a.pth").write_text(
        f"{ws.root}/afile.txt\n{ws.root}/with space\n  {ws.root}/d1\n{ws.root}/d1   \n"
        f" # not a comment\nimport\tos\n"
    )
    return _case(ws, ws.interp.binary,
                 note="a .pth naming a file, a dir with a space, leading/trailing blanks, import<TAB>")


@scenario("pth-name-order")
def pth_name_order(ws: Workspace) -> Case:
    us = _user_site(ws)
    for name in ("B", "a", "_x", "10", "9", "upper"):
        ws.mkdir(f"from_{name}")
    for name in ("B", "a", "_x", "10", "9"):
        (us / f"{name}.pth").write_text(f"{ws.root}/from_{name}\n")
    (us / "upper.PTH").write_text(f"{ws.root}/from_upper\n")
    return _case(ws, ws.interp.binary, note=".pth files in sorted() order; 'upper.PTH' is not one")


@scenario("pth-duplicates-pythonpath")
def pth_dup_pythonpath(ws: Workspace) -> Case:
    us = _user_site(ws)
    ws.mkdir("shared")
    ws.mkdir("inner")
    (us / "a.pth").write_text(f"{ws.root}/shared\n{ws.root}/inner\n")
    (ws.root / "inner" / "nested.pth").write_text(f"{ws.root}/shared_never\n")
    ws.mkdir("shared_never")
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONPATH=str(ws.root / "shared")),
                 note="a .pth line already on PYTHONPATH; a .pth inside a .pth-added dir is not read")


@scenario("user-site-on-pythonpath")
def user_site_on_pp(ws: Workspace) -> Case:
    us = _user_site(ws)
    ws.mkdir("via_pth")
    (us / "u.pth").write_text(f"{ws.root}/via_pth\n")
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONPATH=str(us)),
                 note="the user site is already on PYTHONPATH: not added again, its .pth still read")


@scenario("pth-import-fails")
def pth_import_fails(ws: Workspace) -> Case:
    us = _user_site(ws)
    for d in ("before", "after", "other"):
        ws.mkdir(d)
    (us / "a.pth").write_text(f"{ws.root}/before\nimport no_such_module_xyz\n{ws.root}/after\n")
    (us / "b.pth").write_text(f"import os; )\n{ws.root}/after\n")
    (us / "c.pth").write_text(f"{ws.root}/other\n")
    return _case(ws, ws.interp.binary,
                 note="'import' lines that fail (missing module, syntax error): the rest of the file is ignored")


@scenario("pth-hidden")
def pth_hidden(ws: Workspace) -> Case:
    us = _user_site(ws)
    ws.mkdir("hidden")
    ws.mkdir("visible")
    (us / ".hidden.pth").write_text(f"{ws.root}/hidden\n")
    (us / "visible.pth").write_text(f"{ws.root}/visible\n")
    return _case(ws, ws.interp.binary, note="'.hidden.pth' (skipped from gh-113659 releases)")


@scenario("pth-non-utf8")
def pth_non_utf8(ws: Workspace) -> Case:
    us = _user_site(ws)
    ws.mkdir("before")
    ws.mkdir("after")
    (us / "a.pth").write_bytes(f"{ws.root}/before\n".encode() + b"/caf\xe9\xff\n"
                               + f"{ws.root}/after\n".encode())
    (us / "b.pth").write_text(f"{ws.root}/before\n")
    return _case(ws, ws.interp.binary, expect=None, note="a .pth with bytes that are not UTF-8")


def _pth_utf8(ws: Workspace) -> None:
    us = _user_site(ws)
    ws.mkdir("caf\u00e9")
    ws.mkdir("after")
    (us / "a.pth").write_bytes(f"{ws.root}/caf\u00e9\n{ws.root}/after\n".encode())


@scenario("pth-utf8-LC_ALL-C")
def pth_utf8_c(ws: Workspace) -> Case:
    _pth_utf8(ws)
    return _case(ws, ws.interp.binary, env=ws.env(LC_ALL="C"), expect=None,
                 note="a UTF-8 .pth under LC_ALL=C (UTF-8 mode turns itself on, PEP 540)")


@scenario("pth-utf8-LC_ALL-C-utf8-off")
def pth_utf8_c_off(ws: Workspace) -> Case:
    _pth_utf8(ws)
    return _case(ws, ws.interp.binary, ("-X", "utf8=0", *C), env=ws.env(LC_ALL="C"), expect=None,
                 note="a UTF-8 .pth under LC_ALL=C with -X utf8=0: ASCII locale before 3.13")


@scenario("pth-utf8-PYTHONUTF8-0")
def pth_utf8_env_off(ws: Workspace) -> Case:
    _pth_utf8(ws)
    return _case(ws, ws.interp.binary, env=ws.env(LC_ALL="C", PYTHONUTF8="0"), expect=None,
                 note="a UTF-8 .pth under LC_ALL=C with PYTHONUTF8=0")


@scenario("pth-bom")
def pth_bom(ws: Workspace) -> Case:
    us = _user_site(ws)
    ws.mkdir("bom")
    (us / "a.pth").write_bytes(f"\ufeff{ws.root}/bom\n".encode())
    return _case(ws, ws.interp.binary, note="a .pth starting with a UTF-8 BOM")


@scenario("pth-directory")
def pth_directory(ws: Workspace) -> Case:
    us = _user_site(ws)
    (us / "dir.pth").mkdir()
    ws.mkdir("ok")
    (us / "z.pth").write_text(f"{ws.root}/ok\n")
    return _case(ws, ws.interp.binary, note="a directory named dir.pth")


# =======================================================================================
# sys.path[0]: how the program is given
# =======================================================================================


@scenario("command-with-args")
def command_args(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, (*C, "arg1", "-I"), note="-c CODE arg1 -I")


@scenario("command-in-cluster")
def command_cluster(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, ("-Ic", PROBE), note="-Ic CODE (isolated, then the command)")


@scenario("script-after-double-dash")
def script_dashdash(ws: Workspace) -> Case:
    script = ws.probe_script("s/probe.py")
    return _case(ws, ws.interp.binary, ("-s", "--", str(script)), kind="script",
                 note="-s -- SCRIPT")


@scenario("script-abs")
def script_abs(ws: Workspace) -> Case:
    script = ws.probe_script("s/probe.py")
    return _case(ws, ws.interp.binary, (str(script),), kind="script", note="script by absolute path")


@scenario("script-relative")
def script_rel(ws: Workspace) -> Case:
    ws.probe_script("s/probe.py")
    return _case(ws, ws.interp.binary, ("s/probe.py",), kind="script", note="script s/probe.py from cwd")


@scenario("script-bare")
def script_bare(ws: Workspace) -> Case:
    ws.probe_script("s/probe.py")
    return _case(ws, ws.interp.binary, ("probe.py",), cwd=ws.root / "s", kind="script",
                 note="script probe.py in the cwd")


@scenario("script-dotdot")
def script_dotdot(ws: Workspace) -> Case:
    ws.probe_script("s/probe.py")
    cwd = ws.mkdir("other")
    return _case(ws, ws.interp.binary, ("../s/probe.py",), cwd=cwd, kind="script",
                 note="script ../s/probe.py")


@scenario("script-symlink")
def script_symlink(ws: Workspace) -> Case:
    script = ws.probe_script("s/probe.py")
    link = ws.symlink("links/run.py", script)
    return _case(ws, ws.interp.binary, (str(link),), kind="script",
                 note="a symlink to the script: sys.path[0] is the real script's dir")


@scenario("script-symlink-chain-rel")
def script_symlink_chain(ws: Workspace) -> Case:
    ws.probe_script("s/probe.py")
    ws.symlink("l2/b.py", "../s/probe.py")
    ws.symlink("l1/a.py", "../l2/b.py")
    return _case(ws, ws.interp.binary, ("l1/a.py",), kind="script",
                 note="relative script path through two relative links")


@scenario("script-symlink-dotdot-in-symlinked-dir")
def script_symlink_dotdot_dir(ws: Workspace) -> Case:
    ws.probe_script("deep/x/probe.py")
    ws.mkdir("deep/x/y")
    ws.symlink("deep/x/y/run.py", "../probe.py")
    ws.symlink("links/a", ws.root / "deep" / "x" / "y")
    return _case(ws, ws.interp.binary, (str(ws.root / "links" / "a" / "run.py"),), kind="script",
                 note="script: a relative '../' link inside a symlinked directory")


@scenario("script-in-symlinked-dir")
def script_symlinked_dir(ws: Workspace) -> Case:
    ws.probe_script("s/probe.py")
    ws.symlink("sd", "s")
    return _case(ws, ws.interp.binary, ("sd/probe.py",), kind="script",
                 note="the script's directory is a symlink")


@scenario("script-symlink-dotdot")
def script_symlink_dotdot(ws: Workspace) -> Case:
    ws.probe_script("a/probe.py")
    ws.mkdir("a/b")
    ws.symlink("sd", "a/b")
    ws.write("probe.py", "raise SystemExit('lexical .. was used')\n")
    return _case(ws, ws.interp.binary, ("sd/../probe.py",), kind="script",
                 note="'sd/../probe.py' with sd -> a/b: the kernel resolves '..' after the link")


@scenario("dir-main")
def dir_main(ws: Workspace) -> Case:
    ws.write("app/__main__.py", PROBE)
    return _case(ws, ws.interp.binary, (str(ws.root / "app"),), kind="dir",
                 note="a directory with __main__.py")


@scenario("dir-main-symlink")
def dir_main_symlink(ws: Workspace) -> Case:
    ws.write("real/app/__main__.py", PROBE)
    link = ws.symlink("links/app", ws.root / "real" / "app")
    return _case(ws, ws.interp.binary, (str(link),), kind="dir",
                 note="a symlink to a directory with __main__.py: sys.path[0] is the link")


@scenario("dir-main-relative")
def dir_main_rel(ws: Workspace) -> Case:
    ws.write("app/__main__.py", PROBE)
    return _case(ws, ws.interp.binary, ("app",), kind="dir",
                 note="a directory with __main__.py, relative (absolute from 3.9, bpo-20443)")


def _zipapp(ws: Workspace, rel: str) -> Path:
    p = ws.root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("__main__.py", PROBE)
    return p


@scenario("zipapp")
def zipapp(ws: Workspace) -> Case:
    p = _zipapp(ws, "app.pyz")
    return _case(ws, ws.interp.binary, (str(p),), kind="zip", note="a zipapp by absolute path")


@scenario("zipapp-isolated")
def zipapp_isolated(ws: Workspace) -> Case:
    p = _zipapp(ws, "app.pyz")
    return _case(ws, ws.interp.binary, ("-I", str(p)), kind="zip",
                 note="-I with a zipapp: the archive is still sys.path[0]")


@scenario("dir-main-safe-path")
def dir_main_safe(ws: Workspace) -> Case:
    ws.write("app/__main__.py", PROBE)
    return _case(ws, ws.interp.binary, ("app",), kind="dir", env=ws.env(PYTHONSAFEPATH="1"),
                 note="PYTHONSAFEPATH=1 with a directory: the directory is still sys.path[0]")


@scenario("zipapp-symlink")
def zipapp_symlink(ws: Workspace) -> Case:
    _zipapp(ws, "real/app.pyz")
    link = ws.symlink("links/app.pyz", ws.root / "real" / "app.pyz")
    return _case(ws, ws.interp.binary, (str(link),), kind="zip",
                 note="a symlink to a zipapp: sys.path[0] is the link, not resolved")


@scenario("dir-main-trailing-slash")
def dir_main_slash(ws: Workspace) -> Case:
    ws.write("app/__main__.py", PROBE)
    return _case(ws, ws.interp.binary, ("app/",), kind="dir", note="'app/' with a trailing slash")


@scenario("zipapp-relative")
def zipapp_rel(ws: Workspace) -> Case:
    _zipapp(ws, "app.pyz")
    return _case(ws, ws.interp.binary, ("./app.pyz",), kind="zip", note="./app.pyz")


@scenario("module-on-pythonpath")
def module_pp(ws: Workspace) -> Case:
    ws.write("mods/probe_mod.py", PROBE)
    cwd = ws.mkdir("work")
    return _case(ws, ws.interp.binary, ("-m", "probe_mod"), cwd=cwd,
                 env=ws.env(PYTHONPATH=str(ws.root / "mods")), kind="module",
                 note="-m with the module on PYTHONPATH: sys.path[0] is the cwd")


@scenario("module-in-cwd")
def module_cwd(ws: Workspace) -> Case:
    ws.write("mods/probe_mod.py", PROBE)
    return _case(ws, ws.interp.binary, ("-m", "probe_mod"), cwd=ws.root / "mods", kind="module",
                 note="-m with the module in the cwd")


@scenario("module-in-symlinked-cwd")
def module_symlinked_cwd(ws: Workspace) -> Case:
    ws.write("mods/probe_mod.py", PROBE)
    cwd = ws.symlink("cwdlink", "mods")
    return _case(ws, ws.interp.binary, ("-m", "probe_mod"), cwd=cwd, kind="module",
                 note="-m in a cwd reached through a symlink: sys.path[0] is getcwd() (physical)")


@scenario("pythonpath-relative-symlinked-cwd")
def pythonpath_rel_symlinked_cwd(ws: Workspace) -> Case:
    ws.mkdir("real/lib1")
    cwd = ws.symlink("cwdlink", "real")
    return _case(ws, ws.interp.binary, env=ws.env(PYTHONPATH="lib1"), cwd=cwd,
                 note="relative PYTHONPATH in a symlinked cwd (3.11+ makes it absolute via getcwd)")


@scenario("module-safe-path")
def module_safe(ws: Workspace) -> Case:
    ws.write("mods/probe_mod.py", PROBE)
    return _case(ws, ws.interp.binary, ("-P", "-m", "probe_mod"), cwd=ws.mkdir("work"),
                 env=ws.env(PYTHONPATH=str(ws.root / "mods")), kind="module",
                 expect="ok" if ws.interp.at_least(3, 11) else "fatal",
                 twin=ws.interp.at_least(3, 11), note="-P -m: no cwd in sys.path (3.11+)")


@scenario("stdin-dash")
def stdin_dash(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, ("-",), stdin=PROBE, kind="stdin",
                 note="'-': the program on stdin")


@scenario("stdin-isolated")
def stdin_isolated(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, ("-I", "-"), stdin=PROBE, kind="stdin", note="-I -")


@scenario("interactive-no-args")
def interactive(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, (), stdin=PROBE, kind="interactive",
                 note="no arguments, stdin not a tty: the program is read from stdin")


@scenario("script-relative-symlinked-cwd")
def script_rel_symlinked_cwd(ws: Workspace) -> Case:
    ws.probe_script("real/s/probe.py")
    cwd = ws.symlink("cwdlink", "real")
    return _case(ws, ws.interp.binary, ("s/probe.py",), cwd=cwd, kind="script",
                 note="relative script path in a symlinked cwd")


@scenario("dir-without-main")
def dir_without_main(ws: Workspace) -> Case:
    ws.mkdir("app")
    return _case(ws, ws.interp.binary, (str(ws.root / "app"),), kind="dir", expect="fatal",
                 twin=False, note="a directory without __main__.py: exit 1 after startup")


@scenario("missing-script")
def missing_script(ws: Workspace) -> Case:
    return _case(ws, ws.interp.binary, (str(ws.root / "nope.py"),), kind="script", expect="fatal",
                 twin=False, note="a script that does not exist: exit 2")


# =======================================================================================
# The startup code that runs (PEP 829 .start files in 3.15), marker by marker
# =======================================================================================


def _marker(ws: Workspace, ident: str) -> str:
    """One Python statement appending *ident* to the case's ran.txt (see Case.ran)."""
    return f"open({str(ws.root / 'ran.txt')!r}, 'a').write({ident + chr(10)!r})"


def _marker_module(ws: Workspace, path: Path, functions: dict[str, str]) -> None:
    """A module whose functions (name -> marker) each write their marker when called."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"def {name}():\n    {_marker(ws, ident)}\n"
                            for name, ident in functions.items()))


@scenario("start-files")
def start_files(ws: Workspace) -> Case:
    us = _user_site(ws)
    eps = ws.mkdir("eps")
    ws.mkdir("spaced")
    m = functools.partial(_marker, ws)
    (us / "a.pth").write_text(
        f"{eps}\n"
        f"import sys; {m('pth:a.pth:2')}\n"
        f"  import sys; {m('pth:a.pth:3')}\n"  # 3.15: an import line; before, a path
        f"{ws.root}/missing_dir\n"
        f"  {ws.root}/spaced  \n"  # 3.15: stripped, so added
        "   # an indented comment\n")
    (us / "b.pth").write_text(f"import sys; {m('pth:b.pth:1')}\n")  # b.start: not run (3.15)
    (us / "b.start").write_text("# entry points\nepmod\n  epmod:b3  \nepmod:b4\n")
    (us / "c.pth").write_text(f"import sys; {m('pth:c.pth:1')}\n")
    (us / "c.start").write_text("")  # even an empty one turns c.pth's import lines off
    (us / ".hidden.start").write_text("epmod:hidden\n")
    (us / "z.pth").write_text(f"import sys; {m('pth:z.pth:1')}\n")
    _marker_module(ws, eps / "epmod.py", {"b3": "start:b.start:3", "b4": "start:b.start:4",
                                          "hidden": "start:.hidden.start:1"})
    (eps / "sitecustomize.py").write_text(m("sitecustomize") + "\n")
    (eps / "usercustomize.py").write_text(m("usercustomize") + "\n")
    return _case(ws, ws.interp.binary, ran=str(ws.root / "ran.txt"),
                 note=".pth import lines, .start entry points (3.15, PEP 829), customize modules: "
                      "what runs, in order")


@scenario("start-files-batch")
def start_files_batch(ws: Workspace) -> Case:
    """The venv's code needs a module only a later site directory's .pth makes importable:
    from 3.15 every path of the batch is added before any of it runs."""
    exe = _handmade_venv(ws, f"home = {ws.interp.bindir}\ninclude-system-site-packages = true\n",
                         copy=False)
    vs = _site_packages(ws, exe.parent.parent)
    us = _user_site(ws)
    m = functools.partial(_marker, ws)
    (vs / "v.pth").write_text(f"import late_mod_xyz; {m('pth:v.pth:1')}\n"  # 3.14: fails, rest ignored
                              f"import sys; {m('pth:v.pth:2')}\n")
    (vs / "v.start").write_text("late_mod_xyz:f\n")
    (us / "u.pth").write_text(f"{ws.root}/late\nimport sys; {m('pth:u.pth:2')}\n")
    _marker_module(ws, ws.root / "late" / "late_mod_xyz.py", {"f": "start:v.start:1"})
    return _case(ws, exe, ran=str(ws.root / "ran.txt"),
                 note="venv + user site + system site in one batch: paths first, then code (3.15)")


@scenario("start-files-unresolvable")
def start_files_unresolvable(ws: Workspace) -> Case:
    us = _user_site(ws)
    (us / "a.start").write_text("no_such_ep_module_xyz:fn\nmods.epmod:f\n")
    (us / "a.pth").write_text(f"{ws.root}\n")
    _marker_module(ws, ws.root / "mods" / "epmod.py", {"f": "start:a.start:2"})
    return _case(ws, ws.interp.binary, ran=str(ws.root / "ran.txt"),
                 note="an entry point whose module does not exist (reported, not called), then one "
                      "in a namespace package")


@scenario("start-files-undecodable")
def start_files_undecodable(ws: Workspace) -> Case:
    us = _user_site(ws)
    m = functools.partial(_marker, ws)
    (us / "bad.start").write_bytes(b"os:getcwd\n\xe9\n")  # not UTF-8: ignored, suppresses nothing
    (us / "bad.pth").write_text(f"import sys; {m('pth:bad.pth:1')}\n")
    (us / "bom.start").write_bytes(b"\xef\xbb\xbf" + b"bommod:f\n")
    (us / "bom.pth").write_text(f"{ws.root}/mods\n")
    _marker_module(ws, ws.root / "mods" / "bommod.py", {"f": "start:bom.start:1"})
    return _case(ws, ws.interp.binary, ran=str(ws.root / "ran.txt"),
                 note="an undecodable .start is ignored (its .pth still runs); a BOM is allowed")


# -- 3.15: -X pathconfig_warnings / PYTHON_PATHCONFIG_WARNINGS (gh-145275) ---------------


def _lone_copy(ws: Workspace) -> Path:
    return ws.copy_binary(f"solo/bin/{ws.interp.exe_name}")


@scenario("pathconfig-warnings-X0")
def pathconfig_warnings_x0(ws: Workspace) -> Case:
    return _case(ws, _lone_copy(ws), ("-X", "pathconfig_warnings=0", *C), expect=None,
                 note="a lone copy (getpath warns) with -X pathconfig_warnings=0 (3.15: silent)")


@scenario("pathconfig-warnings-X-empty")
def pathconfig_warnings_x_empty(ws: Workspace) -> Case:
    return _case(ws, _lone_copy(ws), ("-X", "pathconfig_warnings=", *C), expect=None,
                 note="-X pathconfig_warnings= (an empty value reads as 0)")


@scenario("pathconfig-warnings-env0")
def pathconfig_warnings_env0(ws: Workspace) -> Case:
    return _case(ws, _lone_copy(ws), env=ws.env(PYTHON_PATHCONFIG_WARNINGS="0"), expect=None,
                 note="PYTHON_PATHCONFIG_WARNINGS=0 (3.15: silent)")


@scenario("pathconfig-warnings-env0-I")
def pathconfig_warnings_env0_isolated(ws: Workspace) -> Case:
    return _case(ws, _lone_copy(ws), ("-I", *C), env=ws.env(PYTHON_PATHCONFIG_WARNINGS="0"),
                 expect=None, note="PYTHON_PATHCONFIG_WARNINGS=0 is ignored under -I")


@scenario("pathconfig-warnings-env1-X0")
def pathconfig_warnings_env1_x0(ws: Workspace) -> Case:
    return _case(ws, _lone_copy(ws), ("-X", "pathconfig_warnings=0", *C),
                 env=ws.env(PYTHON_PATHCONFIG_WARNINGS="1"), expect=None,
                 note="-X pathconfig_warnings=0 wins over PYTHON_PATHCONFIG_WARNINGS=1")


# =======================================================================================
# Debian's python3.11 (dist-packages); the generic scenarios above run on it too
# =======================================================================================


def _debian(interp: Interp) -> bool:
    return interp.debian


@scenario("debian-python3-bare", _debian)
def debian_python3(ws: Workspace) -> Case:
    return _case(ws, "python3", note="bare python3 from /usr/bin (Debian, dist-packages)")


@scenario("debian-venv-system-site", _debian)
def debian_venv(ws: Workspace) -> Case:
    venv = ws.venv(ws.root / "venv", "--system-site-packages")
    return _case(ws, venv / "bin" / "python3",
                 note="Debian venv with system site: dist-packages after the venv's site-packages")
