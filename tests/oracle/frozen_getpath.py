"""Run CPython's own frozen getpath over world files (tests only; run BY the target).

Usage: ``python3.X frozen_getpath.py SRC_DIR < worlds.json > results.json``.

The interpreter running this script executes its own ``Modules/getpath.py`` code object
(``_testinternalcapi.get_getpath_codeobject()``), as ``Lib/test/test_getpath.py`` does,
with the namespace ``Modules/getpath.c`` builds on Linux: the build constants, the
``ENV_*`` values (``getenv``, empty meaning unset), ``config`` as PyConfig stands before
path configuration, and the C helpers -- re-implemented here over the world's
:class:`pywhence.disk.fs.MemoryFS` with the semantics of the C code (``_Py_normpath``,
``_Py_abspath``, ``getpath_readlines``...), independently of ``pywhence.startup.getpath``.
"""

from __future__ import annotations

import errno
import json
import os
import posixpath
import sys
from typing import Any


def _namespace(world: Any, cfg: Any) -> dict[str, Any]:
    fs = world.fs
    inv = world.invocation
    cwd = inv.cwd
    b = world.interpreter.build
    env = inv.env
    warnings: list[str] = []

    def at(path: str) -> str | None:
        if not path:
            return None
        return path if fs.path.isabs(path) else fs.path.join(cwd, path)

    try:  # the C _Py_normpath itself (3.12+): the oracle runs inside the target
        from _testinternalcapi import normalize_path as c_normpath
    except ImportError:
        c_normpath = None

    def normpath(path: str) -> str:
        if c_normpath is not None:
            return str(c_normpath(path))
        # C _Py_normpath: a relative path that cancels out entirely becomes '' (only '.'
        # itself stays '.'; measured with posix._path_normpath of 3.11/3.12)
        n = posixpath.normpath(path) if path else ""
        return "" if n == "." and path != "." else n

    def abspath(path: str) -> str:
        n = normpath(path)
        if n in ("", "."):
            return cwd
        if n.startswith("/"):
            return n
        return cwd + "/" + n

    def basename(path: str) -> str:
        return path.rpartition("/")[2]

    def dirname(path: str) -> str:
        return path.rpartition("/")[0] if "/" in path else ""

    def hassuffix(path: str, suffix: str) -> bool:
        return path.endswith(suffix)

    def isabs(path: str) -> bool:
        return path.startswith("/")

    def isdir(path: str) -> bool:
        p = at(path)
        return bool(p) and fs.kind(p) == "dir"

    def isfile(path: str) -> bool:
        p = at(path)
        return bool(p) and fs.kind(p) == "file"

    def isxfile(path: str) -> bool:
        p = at(path)
        return bool(p) and fs.is_xfile(p)

    def joinpath(*parts: str | None) -> str:
        items = [p for p in parts if p is not None]
        first = 0
        for i, p in enumerate(items):
            if p.startswith("/"):
                first = i
        out = ""
        for p in items[first:]:
            out = p if not out else join_relfile(out, p)
        return normpath(out)

    def join_relfile(directory: str, relfile: str) -> str:
        # Python/fileutils.c join_relfile: a separator only after a directory of 2+ chars
        if len(directory) > 1 and not directory.endswith("/"):
            return directory + "/" + relfile
        return directory + relfile

    def readlines(path: str) -> list[str]:
        p = at(path)
        if p is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        try:
            data = fs.read_bytes(p, 32 * 1024)
        except IsADirectoryError:
            data = b""
        if len(data) >= 32 * 1024:
            raise MemoryError("cannot read file larger than 32KB during initialization")
        text = data.decode("utf-8", "surrogateescape").split("\0", 1)[0]
        lines = []
        while "\n" in text:
            line, text = text.split("\n", 1)
            lines.append(line.rstrip("\r\n"))
        if text:
            lines.append(text)
        return lines

    def realpath(path: str) -> str:
        n = 0
        while True:
            try:
                target = fs.readlink(at(path) or "")
            except OSError:
                return path
            if target.startswith("/"):
                path = target
            else:
                base = path.rpartition("/")[0] if "/" in path else path
                path = normpath(join_relfile(base, target))
            n += 1
            if n >= 40:
                raise OSError("maximum number of symbolic links reached")

    def warn(message: str) -> None:
        # getpath.c hands the script a warn() that prints nothing when
        # PyConfig.pathconfig_warnings is 0 (3.15: -X pathconfig_warnings=0)
        if getattr(cfg, "pathconfig_warnings", True):
            warnings.append(message)

    def getenv(name: str) -> str | None:
        return env.get(name) or None

    v = world.interpreter.version
    darwin = world.interpreter.platform == "darwin"
    embed = inv.embed
    config = {
        "home": embed.home if embed else None,
        "platlibdir": cfg.platlibdir,
        "pythonpath": None,
        "program_name": cfg.program_name if embed and embed.program_name else None,
        "prefix": None, "exec_prefix": None, "base_prefix": None, "base_exec_prefix": None,
        "executable": None, "base_executable": None,
        "stdlib_dir": None, "platstdlib_dir": None,
        "module_search_paths": list(cfg.module_search_paths) if cfg.module_search_paths is not None else None,
        "module_search_paths_set": 1 if cfg.module_search_paths is not None else 0,
        "pythonpath_env": cfg.pythonpath_env,
        "argv": list(inv.argv), "orig_argv": list(inv.argv),
        "isolated": int(cfg.isolated), "use_environment": int(cfg.use_environment),
        "site_import": int(cfg.site_import), "safe_path": int(cfg.safe_path),
        "_is_python_build": 0,
    }
    ns: dict[str, Any] = {
        "PREFIX": b.prefix, "EXEC_PREFIX": b.effective_exec_prefix, "PYTHONPATH": b.pythonpath,
        "VPATH": b.vpath, "PLATLIBDIR": b.platlibdir, "PYDEBUGEXT": None, "VERSION_MAJOR": v.major,
        "VERSION_MINOR": v.minor, "PYWINVER": None, "EXE_SUFFIX": None, "ABI_THREAD": b.abi_thread,
        "WITH_NEXT_FRAMEWORK": int(b.framework),
        "os_name": "darwin" if world.interpreter.platform == "darwin" else "posix",
        "ENV_PATH": getenv("PATH"), "ENV_PYTHONHOME": getenv("PYTHONHOME"),
        "ENV_PYTHONEXECUTABLE": getenv("PYTHONEXECUTABLE"),
        "ENV___PYVENV_LAUNCHER__": getenv("__PYVENV_LAUNCHER__"),
        # _NSGetExecutablePath() on macOS (absolute only); nothing on Linux
        "real_executable": inv.real_executable if darwin and (inv.real_executable or "").startswith("/") else None,
        "executable_dir": None, "py_setpath": None,
        # the framework dylib (dladdr) on macOS framework builds only
        "library": inv.library if darwin and b.framework else None,
        "winreg": None,
        "config": config,
        "abspath": abspath, "basename": basename, "dirname": dirname, "hassuffix": hassuffix, "isabs": isabs,
        "isdir": isdir, "isfile": isfile, "isxfile": isxfile, "joinpath": joinpath, "readlines": readlines,
        "realpath": realpath, "warn": warn, "_warnings": warnings,
    }
    return ns


class _Winreg:
    """winreg over ``Invocation.registry`` (key path -> default value), as on Windows:
    a key exists when it or a key below it is listed; a key without a value reads ''."""

    HKEY_CURRENT_USER = "HKCU"
    HKEY_LOCAL_MACHINE = "HKLM"

    def __init__(self, registry: dict[str, str]) -> None:
        self.values = {k.lower(): v for k, v in registry.items()}

    def OpenKeyEx(self, hive: str, sub: str) -> str:
        key = f"{hive}\\{sub}".lower()
        if key in self.values or any(k.startswith(key + "\\") for k in self.values):
            return key
        raise FileNotFoundError(2, "The system cannot find the file specified")

    def CloseKey(self, key: str) -> None:
        pass

    def EnumKey(self, key: str, i: int) -> str:
        children = sorted({k[len(key) + 1:].split("\\", 1)[0] for k in self.values if k.startswith(key + "\\")})
        if i >= len(children):
            raise OSError(259, "No more data is available")
        return children[i]

    def QueryValue(self, key: str, sub: str | None) -> str:
        path = f"{key}\\{sub.lower()}" if sub else key
        if path not in self.values and os.environ.get("ORACLE_WINREG") == "test_getpath":
            raise OSError()  # Lib/test/test_getpath.py's MockWinreg, not PC/winreg.c
        return self.values.get(path, "")


def _nt_namespace(world: Any, cfg: Any) -> dict[str, Any]:
    """The Windows side: getpath.c's helpers as Windows builds them (PathCch*, Win32 APIs)."""
    import ntpath

    ns = _namespace(world, cfg)
    fs = world.fs
    cwd = world.invocation.cwd
    b = world.interpreter.build
    inv = world.invocation

    def isabs(path: str) -> bool:  # PathCchSkipRoot: a drive root or UNC
        p = path.replace("/", "\\")
        return p.startswith("\\\\") or (len(p) >= 3 and p[1] == ":" and p[2] == "\\")

    def normpath(path: str) -> str:
        return ntpath.normpath(path) if path else ""

    def at(path: str) -> str | None:
        if not path:
            return None
        return path if isabs(path) else ntpath.join(cwd, path)

    def abspath(path: str) -> str:  # GetFullPathNameW(_Py_normpath(path))
        n = normpath(path)
        if n in ("", "."):
            return cwd
        return n if isabs(n) else ntpath.normpath(ntpath.join(cwd, n))

    def joinpath(*parts: str | None) -> str:  # PathCchCombineEx, then _Py_normpath
        items = [p for p in parts if p is not None]
        first = 0
        for i, p in enumerate(items):
            if isabs(p):
                first = i
        out = ""
        for p in items[first:]:
            out = p if not out else ntpath.join(out, p)
        return normpath(out)

    def dirname(path: str) -> str:
        return path.rpartition("\\")[0] if "\\" in path else ""

    def basename(path: str) -> str:
        return path.rpartition("\\")[2]

    def hassuffix(path: str, suffix: str) -> bool:
        return path.lower().endswith(suffix.lower())

    def isdir(path: str) -> bool:
        p = at(path)
        return bool(p) and fs.kind(p) == "dir"

    def isfile(path: str) -> bool:
        p = at(path)
        return bool(p) and fs.kind(p) not in (None, "dir")

    def isxfile(path: str) -> bool:
        return isfile(path) and path.lower().endswith(".exe")

    old_readlines = ns["readlines"]

    def readlines(path: str) -> list[str]:
        if isdir(path):  # _wfopen of a directory: EACCES
            raise PermissionError(13, "Permission denied", path)
        return old_readlines(at(path) or path)

    def realpath(path: str) -> str:  # GetFinalPathNameByHandleW
        resolved = fs.resolve(at(path) or path)
        return path if resolved.lower() == path.lower() else resolved

    ns.update(
        os_name="nt", PYDEBUGEXT=b.debug_ext or None, PYWINVER=b.pywinver, EXE_SUFFIX=b.exe_suffix,
        WITH_NEXT_FRAMEWORK=0, real_executable=inv.real_executable, library=inv.library,
        winreg=_Winreg(dict(inv.registry)) if inv.registry else None,
        abspath=abspath, basename=basename, dirname=dirname, hassuffix=hassuffix, isabs=isabs,
        isdir=isdir, isfile=isfile, isxfile=isxfile, joinpath=joinpath, readlines=readlines,
        realpath=realpath,
    )
    return ns


def main() -> None:
    sys.path.insert(0, sys.argv[1])
    from _testinternalcapi import get_getpath_codeobject

    from pywhence.disk.world import world_from_dict
    from pywhence.startup.getopt import parse_command_line
    from pywhence.startup.initconfig import make_config
    from pywhence.target.behaviour import behaviour_for

    code = get_getpath_codeobject()
    out = []
    for data in json.load(sys.stdin):
        world = world_from_dict(data)
        sw = behaviour_for(world.interpreter.version)
        cl = parse_command_line(world.invocation.argv, safe_path_option=sw.safe_path)
        cfg = make_config(world.invocation, cl, sw)
        ns = _nt_namespace(world, cfg) if world.interpreter.platform == "win32" else _namespace(world, cfg)
        try:
            exec(code, ns)  # noqa: S102 -- running CPython's getpath is the point
            error = None
        except Exception as exc:  # noqa: BLE001 -- any exception: CPython stops
            error = f"{type(exc).__name__}: {exc}"
        c = ns["config"]
        out.append({
            "error": error,
            "warnings": ns["_warnings"],
            **{k: c.get(k) for k in (
                "executable", "base_executable", "prefix", "exec_prefix", "base_prefix",
                "base_exec_prefix", "stdlib_dir", "platstdlib_dir", "module_search_paths",
                "isolated", "use_environment", "site_import", "safe_path", "home",
                "_is_python_build", "user_site_directory")},
        })
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
