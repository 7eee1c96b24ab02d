"""Worlds for the importlib oracle: what ``FileFinder`` and ``PathFinder`` vary on, on
Windows and macOS.

:func:`import_worlds` takes an interpreter version (``"3.12.1"``) and a platform
(``win32``/``darwin``) and returns ``(variant, world, names)`` triples in the world-file
format (docs/worlds.md): one layout per platform, run as a script (so its directory is
``sys.path[0]``) with ``PYTHONPATH`` entries spelt in several ways (another case than the
disk's on Windows, forward slashes, a relative entry), in variants of PYTHONCASEOK:

* ``plain``: not set;
* ``caseok``: ``PYTHONCASEOK=1``;
* ``caseok-E``: ``PYTHONCASEOK=1`` under ``-E`` (3.9+ ignore it then; PYTHONPATH goes too);
* ``caseok-empty``: set to the empty string (importlib tests presence, not the value);
* ``caseok-lower-key``: ``pythoncaseok=1`` (``nt.environ`` keeps the environment
  block's spelling, so importlib's ``'PYTHONCASEOK' in _os.environ`` is False);
* ``caseok-c``: ``PYTHONCASEOK=1``, run as ``-c pass`` from the script's directory, so
  ``sys.path[0]`` is ``''`` (PathFinder takes ``os.getcwd()`` for it).

The layout holds modules and packages whose names differ only in case, extension
modules of this version's tag, another version's or platform's tag, untagged, stable-ABI
ones, ``.pyw`` sources, sourceless ``.pyc`` files (beside nothing, and one in
``__pycache__`` that is never found), a namespace package split across two entries with
namespace and regular children, a module beside a namespace directory of its name, a
package and a module of one name in one directory (and of names differing in case), a
non-ASCII name, packages whose ``__init__`` is
bytecode or an extension, and names that are no module (a directory named ``x.py``, a
file without suffix).  The names asked are every spelling of those, their children, and
names that must not be found (with missing or non-package parents).  Every
``__init__`` is empty.  Expectations are never written here: the oracle is the
interpreter's own importlib.
"""

from __future__ import annotations

from typing import Any

World = dict[str, Any]

__all__ = ["VARIANTS", "import_worlds"]

VARIANTS = ("plain", "caseok", "caseok-E", "caseok-empty", "caseok-lower-key", "caseok-c")


def _vt(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def _variant_env(variant: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """The environment additions and the options before the script (``-c``: instead)."""
    if variant == "plain":
        return {}, ()
    if variant == "caseok":
        return {"PYTHONCASEOK": "1"}, ()
    if variant == "caseok-E":
        return {"PYTHONCASEOK": "1"}, ("-E",)
    if variant == "caseok-empty":
        return {"PYTHONCASEOK": ""}, ()
    if variant == "caseok-lower-key":
        return {"pythoncaseok": "1"}, ()
    if variant == "caseok-c":
        return {"PYTHONCASEOK": "1"}, ("-c", "pass")
    raise ValueError(variant)


def _command(exe: str, opts: tuple[str, ...], script: str, app: str, home: str
             ) -> tuple[list[str], str]:
    """argv and the working directory: the script from the home directory, or ``-c``
    from the script's directory."""
    if opts[:1] == ("-c",):
        return [exe, *opts], app
    return [exe, *opts, script], home


#: Names asked on both platforms.
COMMON_NAMES = (
    # case: a module, a lower-case module, a package (and a lower-case module elsewhere)
    "mod", "Mod", "MOD", "lower", "Lower", "LOWER",
    "casedir", "CaseDir", "CASEDIR", "pkgcase", "Pkgcase", "caf\u00e9", "Caf\u00e9", "CAF\u00c9", "CaseDir.Sub", "CaseDir.sub", "casedir.sub", "CASEDIR.SUB",
    "CaseDir.inner", "CaseDir.inner.leaf", "CaseDir.Inner.Leaf", "shout", "Shout",
    # extension modules
    "ext_tag", "EXT_TAG", "ext_other", "ext_other_plat", "ext_bare", "ext_both", "ext_vs_py",
    # sources, bytecode
    "gui", "dual", "gui2", "lone", "cachedonly",
    # packages, namespaces
    "pkgmod", "nsmod", "ns", "NS", "ns.a", "ns.b", "ns.deep", "ns.deep.leaf", "ns.c", "NS.A",
    "pycpkg", "pycpkg.sub", "extpkg", "extpkg.sub", "somedir", "nosuffix",
    # the other sys.path entries
    "pp1mod", "inpp2", "fwdmod", "fwdpkg", "fwdpkg.child", "relmod",
    # nothing, or a parent that is missing or no package
    "nosuchmod", "nosuchpkg.sub", "Mod.sub", "mod.x.y", "lone.sub", "ext_tag.sub",
    "Mod.x.y", "pkgmod.missing", "pkgmod.missing.deeper",
)

#: Names asked on macOS only.
DARWIN_NAMES = ("twin", "Twin", "TWIN", "ext_abi3", "ext_abi3t", "ext_abi3_plat", "ext_pyd")


def _windows(version: str, variant: str) -> tuple[World, tuple[str, ...]]:
    major, minor = _vt(version)
    nodot = f"{major}{minor}"
    other = f"{major}{minor + 1}"
    root = f"C:\\Python{nodot}"
    exe, dll = f"{root}\\python.exe", f"{root}\\python{nodot}.dll"
    app, pp1, pp2 = "C:\\work\\app", "C:\\work\\pp1", "C:\\work\\pp2"
    fwd, home = "C:\\work\\fwd", "C:\\Users\\u"
    tag = f".cp{nodot}-win_amd64.pyd"
    files = {
        f"{root}\\python.exe": "", f"{root}\\pythonw.exe": "", dll: "", f"{root}\\python3.dll": "",
        f"{root}\\Lib\\os.py": "", f"{root}\\Lib\\encodings\\__init__.py": "",
        f"{root}\\DLLs\\_socket.pyd": "",
        f"{app}\\main.py": "",
        f"{app}\\Mod.py": "", f"{app}\\lower.py": "",
        f"{app}\\CaseDir\\__init__.py": "", f"{app}\\CaseDir\\Sub.py": "",
        f"{app}\\CaseDir\\inner\\leaf.py": "",
        f"{app}\\Pkgcase\\__init__.py": "", f"{app}\\pkgcase.py": "", f"{app}\\Caf\u00e9.py": "",
        f"{app}\\Shout.PY": "",  # Windows lower-cases suffixes in FileFinder's cache
        f"{app}\\ext_tag{tag}": "", f"{app}\\ext_other.cp{other}-win_amd64.pyd": "",
        f"{app}\\ext_other_plat.cp{nodot}-win32.pyd": "", f"{app}\\ext_bare.pyd": "",
        f"{app}\\ext_both{tag}": "", f"{app}\\ext_both.pyd": "",
        f"{app}\\ext_vs_py.pyd": "", f"{app}\\ext_vs_py.py": "",
        f"{app}\\gui.pyw": "", f"{app}\\dual.py": "", f"{app}\\dual.pyw": "",
        f"{app}\\gui2.pyw": "", f"{app}\\gui2.pyc": "", f"{app}\\lone.pyc": "",
        f"{app}\\__pycache__\\cachedonly.cpython-{nodot}.pyc": "",
        f"{app}\\pkgmod\\__init__.py": "", f"{app}\\pkgmod.py": "",
        f"{app}\\nsmod.py": "", f"{app}\\ns\\b.py": "",
        f"{app}\\pycpkg\\__init__.pyc": "", f"{app}\\extpkg\\__init__.pyd": "",
        f"{app}\\nosuffix": "",
        f"{pp1}\\ns\\a.py": "", f"{pp1}\\ns\\deep\\leaf.py": "", f"{pp1}\\casedir.py": "",
        f"{pp1}\\lower.py": "", f"{pp1}\\pp1mod.py": "",
        f"{pp2}\\inpp2.py": "",
        f"{fwd}\\fwdmod.py": "", f"{fwd}\\fwdpkg\\__init__.py": "", f"{fwd}\\fwdpkg\\child.py": "",
        f"{home}\\rel\\relmod.py": "",
    }
    dirs = [f"{root}\\Lib\\site-packages", f"{app}\\nsmod", f"{app}\\somedir.py", home]
    env, opts = _variant_env(variant)
    argv, cwd = _command(exe, opts, f"{app}\\main.py", app, home)
    world: World = {
        "comment": f"importlib oracle, Windows, {variant}",
        "version": version, "platform": "win32",
        "build": {"platlibdir": "lib"} if (major, minor) < (3, 11) else {},
        "argv": argv, "executable": exe, "library": dll, "cwd": cwd,
        "env": {"PATH": f"C:\\Windows\\system32;{root}",
                                # PP2: another case than the disk's; the last entry is pp1 again, spelt
                # otherwise (site's removeduppaths() drops it: ntpath.normcase)
                "PYTHONPATH": f"{pp1};C:\\Work\\PP2;C:/work/fwd;rel;C:\\WORK\\PP1", **env},
        "files": files, "dirs": dirs,
    }
    return world, COMMON_NAMES


def _darwin(version: str, variant: str) -> tuple[World, tuple[str, ...]]:
    major, minor = _vt(version)
    xy, nodot = f"{major}.{minor}", f"{major}{minor}"
    fw = f"/Library/Frameworks/Python.framework/Versions/{xy}"
    app_exe = f"{fw}/Resources/Python.app/Contents/MacOS/Python"
    home = "/Users/u"
    app, pp1, pp2 = f"{home}/app", f"{home}/pp1", f"{home}/pp2"
    tag = f".cpython-{nodot}-darwin.so"
    files = {
        f"{fw}/Python": "", f"{fw}/Resources/Info.plist": "",
        f"{fw}/lib/python{xy}/os.py": "", f"{fw}/lib/python{xy}/encodings/__init__.py": "",
        f"{app}/main.py": "",
        f"{app}/Mod.py": "", f"{app}/lower.py": "",
        f"{app}/CaseDir/__init__.py": "", f"{app}/CaseDir/Sub.py": "",
        f"{app}/CaseDir/inner/leaf.py": "",
        f"{app}/Pkgcase/__init__.py": "", f"{app}/pkgcase.py": "", f"{app}/Caf\u00e9.py": "",
        f"{app}/Shout.PY": "", f"{app}/Twin.py": "", f"{app}/twin.py": "",
        f"{app}/ext_tag{tag}": "", f"{app}/ext_other.cpython-{major}{minor + 1}-darwin.so": "",
        f"{app}/ext_other_plat.cpython-{nodot}-x86_64-linux-gnu.so": "",
        f"{app}/ext_bare.so": "", f"{app}/ext_both{tag}": "", f"{app}/ext_both.so": "",
        f"{app}/ext_vs_py.so": "", f"{app}/ext_vs_py.py": "",
        f"{app}/ext_abi3.abi3.so": "", f"{app}/ext_abi3t.abi3t.so": "",
        f"{app}/ext_abi3_plat.abi3-darwin.so": "", f"{app}/ext_pyd.pyd": "",
        f"{app}/gui.pyw": "", f"{app}/dual.py": "", f"{app}/dual.pyw": "",
        f"{app}/gui2.pyw": "", f"{app}/gui2.pyc": "", f"{app}/lone.pyc": "",
        f"{app}/__pycache__/cachedonly.cpython-{nodot}.pyc": "",
        f"{app}/pkgmod/__init__.py": "", f"{app}/pkgmod.py": "",
        f"{app}/nsmod.py": "", f"{app}/ns/b.py": "",
        f"{app}/pycpkg/__init__.pyc": "", f"{app}/extpkg/__init__.so": "",
        f"{app}/nosuffix": "",
        f"{pp1}/ns/a.py": "", f"{pp1}/ns/deep/leaf.py": "", f"{pp1}/casedir.py": "",
        f"{pp1}/lower.py": "", f"{pp1}/pp1mod.py": "",
        f"{pp2}/inpp2.py": "",
        f"{home}/fwd/fwdmod.py": "", f"{home}/fwd/fwdpkg/__init__.py": "",
        f"{home}/fwd/fwdpkg/child.py": "",
        f"{home}/rel/relmod.py": "",
    }
    dirs = [f"{fw}/lib/python{xy}/site-packages", f"{fw}/lib/python{xy}/lib-dynload",
            f"{app}/nsmod", f"{app}/somedir.py", home]
    env, opts = _variant_env(variant)
    argv, cwd = _command(app_exe, opts, f"{app}/main.py", app, home)
    world: World = {
        "comment": f"importlib oracle, macOS framework build, {variant}",
        "version": version, "platform": "darwin",
        "build": {"prefix": fw, "framework": True},
        "argv": argv, "executable": app_exe, "library": f"{fw}/Python", "cwd": cwd,
        "env": {"HOME": home, "PATH": "/usr/bin:/bin", "__PYVENV_LAUNCHER__": f"{fw}/bin/python{xy}",
                # ./fwd: a dot segment kept in the entry's spelling
                "PYTHONPATH": f"{pp1}:{pp2}:{home}/./fwd:rel", **env},
        "files": files, "dirs": dirs,
        "executables": [f"{fw}/bin/python{xy}", app_exe],
        "symlinks": {f"{fw}/bin/python3": f"python{xy}"},
    }
    return world, COMMON_NAMES + DARWIN_NAMES


def import_worlds(version: str, platform: str) -> list[tuple[str, World, tuple[str, ...]]]:
    """``(variant, world, names)`` for one interpreter version on *platform*."""
    make = {"win32": _windows, "darwin": _darwin}[platform]
    return [(variant, *make(version, variant)) for variant in VARIANTS]
