"""Execute a CPython's own ``importlib._bootstrap`` and ``_bootstrap_external`` against a
world, in a sandbox (tests only).

The oracle for the import stage on Windows and macOS: the *real*
``Lib/importlib/_bootstrap.py`` and ``Lib/importlib/_bootstrap_external.py`` of a local
interpreter (read at test time, never copied into the repository) are compiled and run
as ``_frozen_importlib`` and ``_frozen_importlib_external`` in fresh module namespaces
whose ``__import__`` hands them fakes, so their ``PathFinder`` and ``FileFinder`` search
an imagined Windows or macOS machine held in a :class:`pywhence.disk.fs.MemoryFS`.
Nothing reads the host's disk, environment or ``sys``, and nothing of the host is
mutated.

What is real and what is faked:

* The two bootstrap modules run unchanged, set up the way ``Python/pylifecycle.c`` sets
  them up: ``_bootstrap._setup(sys, _imp)`` (which records the built-in stand-ins below),
  then ``_bootstrap._install_external_importers()`` (which imports
  ``_frozen_importlib_external`` and calls its ``_install``: 3.8/3.9's ``_setup`` picks
  ``posix`` or ``nt`` from ``sys.modules``, and ``sys.path_hooks`` gets the FileFinder
  hook).  ``BuiltinImporter`` and ``FrozenImporter`` are *not* put on ``sys.meta_path``
  (``_bootstrap._install`` would): the names asked are neither, so ``sys.meta_path`` is
  ``[PathFinder]``, exactly what the real interpreter's PathFinder sees.
* ``importlib.util.find_spec`` is the version's own function: its ``def`` is taken out of
  the target's ``Lib/importlib/util.py`` with :mod:`ast` and compiled in a namespace whose
  ``_find_spec`` is the bootstrap's and whose ``__import__`` is ``_bootstrap.__import__``
  (what ``builtins.__import__`` runs for a module not yet imported).  A dotted name thus
  imports its parents through the real ``_find_and_load`` and ``_load_unlocked``: a
  source parent is read (``_io.open_code``), compiled and executed -- worlds keep every
  source empty, and a non-empty one is a :class:`SandboxError` -- and a sourceless one
  goes through the real ``_classify_pyc`` (an empty ``.pyc`` raises its "bad magic
  number" ImportError, as it would on the machine).  An extension parent is *taken to
  load*: ``_imp.create_dynamic`` gives an empty module and its init function is not run
  (no ``__path__``).  Each name is answered as the program's first statement: the
  parents a lookup imported are dropped before the next name.
* ``sys`` is a fake module (a ``types.ModuleType``, as ``_setup`` requires) holding
  ``platform`` (``win32``/``darwin``), ``sys.path`` (given: pywhence's own startup
  result, so this isolates the import stage, as the site sandbox isolates site),
  ``sys.flags`` (``ignore_environment`` from ``-E``/``-I``; ``optimize``),
  ``sys.implementation.cache_tag`` (``cpython-3XY``), ``pycache_prefix``,
  ``dont_write_bytecode`` (True), empty ``meta_path``/``path_hooks``/
  ``path_importer_cache``, ``builtin_module_names``, and ``audit`` (a no-op: 3.15's
  ``_find_and_load`` raises an ``import`` audit event).
* ``_imp`` is a fake: ``extension_suffixes()`` gives the build's list (see
  :func:`extension_suffixes`); ``is_builtin`` is true only for the stand-ins below, and
  ``create_builtin`` hands them out (3.8's ``_setup`` loads ``_thread``, ``_weakref``
  and ``winreg`` through ``_builtin_from_name`` even when ``sys.modules`` has them);
  nothing is frozen; the import lock is a no-op; ``check_hash_based_pycs`` is
  ``'default'``; ``pyc_magic_number_token`` (3.14+) is the host's magic (only
  ``MAGIC_NUMBER`` is computed from it; find_spec never reads a ``.pyc``);
  ``_set_lazy_attributes`` (3.15, PEP 810, called for every module imported) is a
  no-op, as no ``lazy import`` ever ran here.
* ``_os`` (``nt`` on Windows, ``posix`` on macOS; the other one is absent from
  ``sys.modules`` and not built in) answers ``stat``/``listdir`` from the MemoryFS
  (relative paths against the world's working directory: on Windows as
  ``GetFullPathNameW`` resolves them, lexically), ``getcwd`` (the world's), ``fspath``,
  and ``environ``: on Windows a plain dict of ``str`` keys spelt as in the environment
  block (``convertenviron()`` in ``Modules/posixmodule.c`` builds it with
  ``PyUnicode_FromWideChar``; it is ``os.environ``, not ``nt.environ``, that
  upper-cases keys), on macOS ``bytes`` keys and values (``PyBytes_FromStringAndSize``),
  which is why ``_make_relax_case`` looks up ``b'PYTHONCASEOK'`` there.  Anything that
  would write (``mkdir``, ``open``, ``replace``, ``unlink``) or that the sandbox does not
  provide raises :class:`SandboxError`.
* ``nt._path_splitroot`` (a C function, used by Windows' ``_path_join`` and
  ``_path_isabs``) is *modelled*: ``(drive + root, rest)`` from ``ntpath.splitroot`` --
  the target's own ``Lib/ntpath.py`` when it has one (3.12+), else the first local 3.12+
  ``ntpath.py`` (the host may be older) -- which splits as the C function does
  (``PathCchSkipRoot`` once ``/`` is read as ``\\``, the root keeping the path's own
  separators) for the drive-absolute, drive-relative, root-relative and UNC paths a
  world can hold.  Not modelled: ``\\\\?\\`` and ``\\\\.\\`` device paths.
* ``_thread``, ``_weakref``, ``marshal`` are copies (``SimpleNamespace``) of the host's
  (the locks of the module-lock machinery; ``marshal`` is never called); ``_warnings.warn``
  records the warning; ``_io.open_code`` and ``_io.FileIO`` (read-only) read the world's
  bytes; ``_io``, ``winreg`` and ``builtins`` are otherwise stand-ins whose use (other
  than the module attributes ``_init_module_attrs`` sets) raises :class:`SandboxError`.
  Of the builtins, ``open`` is refused and ``compile`` is the host's (3.15's ``module=``
  keyword dropped: it only names the module warnings are attributed to).
  None of them is a ``types.ModuleType``, so ``_setup`` gives none of them a spec.

``linux`` is accepted too, for one purpose: ``test_import_oracle.py``'s calibration runs
this sandbox over the real disk (:class:`pywhence.disk.fs.LocalFS`) beside the real
interpreters, whose answers it must reproduce.

Not expressible in a world, hence not exercised: a case-insensitive macOS volume (the
default APFS; a POSIX MemoryFS is case-sensitive, like a case-sensitive APFS volume, so
with PYTHONCASEOK the directory listing matches but ``stat`` of the asked spelling does
not), Windows' 8.3 short names and trailing dots/spaces, zip archives on ``sys.path``
(zipimporter is not on ``sys.path_hooks`` here: the worlds' ``pythonXY.zip`` entries do
not exist, and FileFinder's hook refuses them as zipimporter's would).
"""

from __future__ import annotations

import ast
import builtins as _host_builtins
import errno
import io as _host_io
import marshal as _host_marshal
import os as _host_os
import stat as _st
import subprocess
import types
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Callable

from pywhence.disk.fs import FileSystem

from .site_sandbox import all_sources as _site_sources
from .site_sandbox import compiled, get_full_path_name

__all__ = [
    "BootstrapSource",
    "Found",
    "ImportInputs",
    "SandboxError",
    "all_sources",
    "available_sources",
    "extension_suffixes",
    "local_extension_suffixes",
    "run_find_spec",
]


class SandboxError(Exception):
    """The sandbox itself is incomplete (the bootstrap asked for something not provided)."""


# ---------------------------------------------------------------------------------------
# The importlib sources: the local interpreters' own Lib/importlib/
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BootstrapSource:
    """One local interpreter's ``Lib/``, whose importlib is the oracle."""

    label: str
    version: tuple[int, int, int]
    lib: str
    #: The interpreter itself (to calibrate the extension suffixes against its build).
    python: str

    @property
    def version_text(self) -> str:
        return ".".join(map(str, self.version))

    def path(self, *parts: str) -> str:
        return _host_os.path.join(self.lib, *parts)


def all_sources() -> list[BootstrapSource]:
    """pyenv's 3.8-3.13 and sid's 3.14/3.15 (the site oracle's interpreters, without
    Debian's 3.11, whose importlib is the upstream one of a release already here)."""
    out = []
    for s in _site_sources():
        if s.debian and s.python is None:
            continue
        major, minor, _ = s.version
        python = s.python or f"/root/.pyenv/versions/{s.label}/bin/python{major}.{minor}"
        out.append(BootstrapSource(s.label, s.version, s.lib, python))
    return out


def available_sources() -> list[BootstrapSource]:
    """The interpreters whose importlib can be read here."""
    need = ("importlib/_bootstrap.py", "importlib/_bootstrap_external.py", "importlib/util.py")
    return [s for s in all_sources() if all(_host_os.path.isfile(s.path(p)) for p in need)]


#: ``path::name`` -> the code object of that one function's ``def``.
_FUNCTION_CODE: dict[str, types.CodeType] = {}


def _function_code(path: str, name: str) -> types.CodeType:
    """A module code object holding only the ``def name`` found (at any depth) in *path*."""
    key = f"{path}::{name}"
    code = _FUNCTION_CODE.get(key)
    if code is None:
        with open(path, "rb") as f:
            tree = ast.parse(f.read(), path)
        defs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name]
        if not defs:
            raise SandboxError(f"{path} has no function {name!r}")
        module = ast.Module(body=[defs[-1]], type_ignores=[])
        code = compile(module, path, "exec", dont_inherit=True)
        _FUNCTION_CODE[key] = code
    return code


# ---------------------------------------------------------------------------------------
# Build facts: the extension suffixes
# ---------------------------------------------------------------------------------------


def extension_suffixes(version: tuple[int, int, int], platform: str) -> list[str]:
    """``_imp.extension_suffixes()`` of a release (GIL, non-debug, 64-bit) build.

    * Windows: ``Python/dynload_win.c`` lists ``PYD_TAGGED_SUFFIX`` then
      ``PYD_UNTAGGED_SUFFIX``, which ``Include/internal/pycore_importdl.h`` spells
      ``"." PYD_SOABI ".pyd"`` (``cp3XY-win_amd64``; a ``t`` after the version only for
      free-threaded 3.13+ builds, ``_d`` before the dot only for debug builds) and
      ``".pyd"``.
    * macOS: ``Python/dynload_shlib.c`` (shared with Linux) lists ``"." SOABI ".so"``
      (``cpython-3XY-darwin``: configure's PLATFORM_TRIPLET is ``darwin``),
      ``".abi3.so"``, ``".so"``.  3.15 adds, before each stable-ABI suffix, the same
      suffix tagged with the platform triplet, and ``.abi3t`` after ``.abi3``
      (gh-122931/gh-152461, merged before 3.15.0rc1, whose review lists
      ``.abi3-darwin.so`` and ``.abi3t-darwin.so`` for macOS; PEP 803): the order sid's
      3.15.2 build reports.  ``test_import_oracle.py`` checks this rule against each
      local (Linux) build's own list (:func:`local_extension_suffixes`).
    """
    major, minor, _ = version
    if platform == "win32":
        return [f".cp{major}{minor}-win_amd64.pyd", ".pyd"]
    if platform != "darwin":
        raise SandboxError(f"no extension suffixes modelled for {platform!r}")
    out = [f".cpython-{major}{minor}-darwin.so"]
    if (major, minor) >= (3, 15):
        out += [".abi3-darwin.so", ".abi3.so", ".abi3t-darwin.so", ".abi3t.so"]
    else:
        out.append(".abi3.so")
    return out + [".so"]


@cache
def local_extension_suffixes(python: str) -> tuple[str, ...]:
    """What the local interpreter's own ``_imp.extension_suffixes()`` says (run once)."""
    proc = subprocess.run([python, "-I", "-S", "-c", "import _imp; print(repr(_imp.extension_suffixes()))"],
                          capture_output=True, text=True, timeout=60, check=False,
                          env={"PATH": "/usr/bin:/bin"})
    if proc.returncode != 0:
        raise SandboxError(f"{python} failed: {proc.stderr[-2000:]}")
    return tuple(ast.literal_eval(proc.stdout.strip()))


@cache
def _splitroot_from(path: str) -> Callable[[str], tuple[str, str, str]]:
    namespace: dict[str, Any] = {"__builtins__": _host_builtins, "os": types.SimpleNamespace(fspath=_host_os.fspath)}
    exec(_function_code(path, "splitroot"), namespace)  # noqa: S102 -- the target's ntpath
    fn: Callable[[str], tuple[str, str, str]] = namespace["splitroot"]
    return fn


def _ntpath_splitroot(source: BootstrapSource) -> Callable[[str], tuple[str, str, str]]:
    """``ntpath.splitroot`` of the target, or of the first local 3.12+ Lib."""
    candidates = [source] + [s for s in all_sources() if s.version >= (3, 12, 0)]
    for s in candidates:
        p = s.path("ntpath.py")
        if s.version >= (3, 12, 0) and _host_os.path.isfile(p):
            return _splitroot_from(p)
    raise SandboxError("no local 3.12+ Lib/ntpath.py to model nt._path_splitroot with")


# ---------------------------------------------------------------------------------------
# Inputs and answers
# ---------------------------------------------------------------------------------------


@dataclass
class ImportInputs:
    """Everything the sandbox gives importlib: one world after startup."""

    platform: str  # "win32" | "darwin" ("linux": calibration only)
    fs: FileSystem
    cwd: str
    environ: dict[str, str]
    sys_path: list[str]
    ignore_environment: bool
    extension_suffixes: list[str]
    optimize: int = 0
    pycache_prefix: str | None = None


@dataclass
class Found:
    """What ``importlib.util.find_spec(name)`` gave, as plain values."""

    name: str
    origin: str | None = None
    loader: str | None = None  # type(spec.loader).__name__; None without a loader
    submodule_search_locations: list[str] | None = None
    cached: str | None = None
    #: ``"ExceptionName: message"`` when find_spec raised.
    error: str | None = None
    found: bool = False
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# The fakes
# ---------------------------------------------------------------------------------------


class _StandIn:
    """A built-in module stand-in: the attributes given; module dunders may be set and
    read (``_init_module_attrs``); any other attribute is a :class:`SandboxError`."""

    def __init__(self, name: str, **attrs: Any) -> None:
        self.__dict__["_standin_name"] = name
        self.__dict__.update(attrs)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        raise SandboxError(f"importlib used {self._standin_name}.{attr}, which the sandbox does not provide")


class _Stat:
    """The fields of ``os.stat_result`` importlib reads."""

    def __init__(self, mode: int) -> None:
        self.st_mode = mode
        self.st_mtime = 0.0
        self.st_mtime_ns = 0
        self.st_size = 0


class _Sandbox:
    def __init__(self, source: BootstrapSource, inp: ImportInputs) -> None:
        if inp.platform not in ("win32", "darwin", "linux"):
            raise SandboxError(f"platform {inp.platform!r} is not modelled")
        self.source = source
        self.inp = inp
        self.nt = inp.platform == "win32"
        self.warnings: list[str] = []
        self.modules: dict[str, Any] = {}
        self.builtins = dict(vars(_host_builtins))
        self.builtins.update(__import__=self.builtin_import, open=self._refuse("open"),
                             compile=self._compile)
        self._splitroot = _ntpath_splitroot(source) if self.nt else None
        self._standins = self._make_standins()
        self.sys = self._make_sys()
        self.imp = self._make_imp()
        self.modules.update(self._standins)
        self.modules["sys"] = self.sys
        self.modules["_imp"] = self.imp
        self.bootstrap = self._exec_module("_frozen_importlib", "_bootstrap.py")
        self.external = self._exec_module("_frozen_importlib_external", "_bootstrap_external.py")
        self.bootstrap._setup(self.sys, self.imp)
        self.bootstrap._install_external_importers()
        if list(self.sys.meta_path) != [self.external.PathFinder]:
            raise SandboxError(f"unexpected sys.meta_path after setup: {self.sys.meta_path!r}")
        util_ns: dict[str, Any] = {
            "__builtins__": {**self.builtins, "__import__": self.bootstrap.__import__},
            "__name__": "importlib.util", "_find_spec": self.bootstrap._find_spec, "sys": self.sys,
            "resolve_name": self._refuse("importlib.util.resolve_name"),
        }
        exec(_function_code(source.path("importlib", "util.py"), "find_spec"), util_ns)  # noqa: S102
        self.util_find_spec: Callable[[str], Any] = util_ns["find_spec"]
        self.base_modules = frozenset(self.modules)

    # -- assembling -------------------------------------------------------------------------
    def _refuse(self, what: str) -> Callable[..., Any]:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise SandboxError(f"importlib called {what}{args!r}: nothing may be read or written")
        return refuse

    def _exec_module(self, name: str, filename: str) -> types.ModuleType:
        path = self.source.path("importlib", filename)
        m = types.ModuleType(name)
        m.__dict__["__builtins__"] = self.builtins
        self.modules[name] = m  # both _setup functions read sys.modules[__name__]
        exec(compiled(path), m.__dict__)  # noqa: S102 -- the oracle itself
        return m

    def _make_standins(self) -> dict[str, Any]:
        import _thread
        import _weakref

        out: dict[str, Any] = {
            "_thread": types.SimpleNamespace(**vars(_thread)),
            "_weakref": types.SimpleNamespace(**vars(_weakref)),
            "marshal": types.SimpleNamespace(**{k: v for k, v in vars(_host_marshal).items()
                                                if not k.startswith("__")}),
            "_warnings": _StandIn("_warnings", warn=self._warn),
            "_io": _StandIn("_io", open_code=self.open_code, FileIO=self.file_io),
            "builtins": _StandIn("builtins"),
        }
        out["nt" if self.nt else "posix"] = self._make_os()
        if self.nt:
            out["winreg"] = _StandIn("winreg")
        return out

    def _make_os(self) -> _StandIn:
        inp = self.inp
        if self.nt:
            environ: dict[Any, Any] = dict(inp.environ)
        else:
            environ = {k.encode("utf-8", "surrogateescape"): v.encode("utf-8", "surrogateescape")
                       for k, v in inp.environ.items()}
        attrs: dict[str, Any] = {
            "stat": self.os_stat, "listdir": self.os_listdir, "getcwd": lambda: inp.cwd,
            "fspath": _host_os.fspath, "environ": environ,
            "mkdir": self._refuse("mkdir"), "open": self._refuse("open"),
            "replace": self._refuse("replace"), "unlink": self._refuse("unlink"),
            "scandir": self._refuse("scandir"),
        }
        if self.nt:
            attrs["_path_splitroot"] = self.nt_path_splitroot
        return _StandIn("nt" if self.nt else "posix", **attrs)

    def _make_sys(self) -> types.ModuleType:
        inp = self.inp
        major, minor, micro = self.source.version
        names = tuple(sorted({"sys", "_imp", *self._standins}))
        s = types.ModuleType("sys")
        s.__dict__.update(
            platform=inp.platform, modules=self.modules, meta_path=[], path_hooks=[],
            path_importer_cache={}, path=list(inp.sys_path), builtin_module_names=names,
            flags=types.SimpleNamespace(ignore_environment=int(inp.ignore_environment),
                                        optimize=inp.optimize, verbose=0,
                                        dont_write_bytecode=1),
            implementation=types.SimpleNamespace(name="cpython", cache_tag=f"cpython-{major}{minor}",
                                                 version=(major, minor, micro, "final", 0)),
            version_info=(major, minor, micro, "final", 0), pycache_prefix=inp.pycache_prefix,
            dont_write_bytecode=True, audit=lambda event, *args: None,
        )
        return s

    def _make_imp(self) -> _StandIn:
        def is_builtin(name: str) -> int:
            return 1 if name in self._standins else 0

        def create_builtin(spec: Any) -> Any:
            if spec.name not in self._standins:
                raise SandboxError(f"create_builtin({spec.name!r})")
            return self._standins[spec.name]

        magic = int.from_bytes(_host_magic(), "little")
        return _StandIn(
            "_imp", extension_suffixes=lambda: list(self.inp.extension_suffixes),
            is_builtin=is_builtin, create_builtin=create_builtin, exec_builtin=lambda m: 0,
            is_frozen=lambda name: False, find_frozen=lambda name, withdata=False: None,
            is_frozen_package=lambda name: False, acquire_lock=lambda: None,
            release_lock=lambda: None, lock_held=lambda: False,
            _fix_co_filename=lambda code, path: None, check_hash_based_pycs="default",
            source_hash=self._refuse("_imp.source_hash"), pyc_magic_number_token=magic,
            create_dynamic=lambda spec, file=None: types.ModuleType(spec.name),
            exec_dynamic=lambda module: 0,
            _set_lazy_attributes=lambda module, name: None,
        )

    # -- the fakes' behaviour -----------------------------------------------------------------
    def _warn(self, message: object, category: Any = None, stacklevel: int = 1, **_: Any) -> None:
        self.warnings.append(f"{getattr(category, '__name__', 'UserWarning')}: {message}")

    def nt_path_splitroot(self, path: object) -> tuple[str, str]:
        if not isinstance(path, str):
            raise SandboxError(f"nt._path_splitroot({path!r})")
        assert self._splitroot is not None
        drive, root, tail = self._splitroot(path)
        return drive + root, tail

    def full(self, path: object) -> str:
        """The absolute path the OS would open for *path*."""
        if isinstance(path, bytes) or not isinstance(path, str):
            raise SandboxError(f"importlib passed a {type(path).__name__} path: {path!r}")
        if "\x00" in path:
            raise ValueError("embedded null character in path")
        cwd = self.inp.cwd
        if not self.nt:
            return path if path.startswith("/") else (cwd.rstrip("/") + "/" + path if path else cwd)
        return get_full_path_name(path, cwd)  # GetFullPathNameW, lexically

    def os_stat(self, path: object, *, dir_fd: object = None, follow_symlinks: bool = True) -> _Stat:
        full = self.full(path)
        kind = self.inp.fs.kind(full) if follow_symlinks else self.inp.fs.lstat(full)
        if kind is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        mode = {"dir": _st.S_IFDIR | 0o755, "file": _st.S_IFREG | 0o644,
                "link": _st.S_IFLNK | 0o777, "other": _st.S_IFIFO | 0o644}[kind]
        return _Stat(mode)

    def os_listdir(self, path: object = ".") -> list[str]:
        return list(self.inp.fs.list_dir(self.full(path)))

    # -- the import statement inside the bootstrap ---------------------------------------------
    def builtin_import(self, name: str, globals: Any = None, locals: Any = None,
                       fromlist: Any = (), level: int = 0) -> Any:
        if level == 0 and name in self.modules:
            return self.modules[name]
        importer = (globals or {}).get("__name__", "?")
        raise SandboxError(f"{importer} imported {name!r}, which the sandbox does not provide")

    @staticmethod
    def _compile(source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False,
                 optimize: int = -1, **more: Any) -> Any:
        """The host's ``compile`` (the sources are empty); 3.15's ``module=`` keyword, the
        name its warnings are attributed to, is dropped (the host's compile lacks it)."""
        more.pop("module", None)
        if more:
            raise SandboxError(f"compile() called with {sorted(more)}")
        return compile(source, filename, mode, flags, dont_inherit, optimize)

    # -- reading the world (parents are really imported) -----------------------------------
    def read(self, path: object) -> _host_io.BytesIO:
        full = self.full(path)
        try:
            data = self.inp.fs.read_bytes(full)
        except IsADirectoryError:
            if self.nt:  # CreateFileW on a directory: ERROR_ACCESS_DENIED
                raise PermissionError(errno.EACCES, "Permission denied", path) from None
            raise
        if full.endswith((".py", ".pyw")) and data.strip():
            raise SandboxError(f"{full} is not empty: executing world sources is not modelled")
        return _host_io.BytesIO(data)

    def open_code(self, path: object) -> _host_io.BytesIO:
        return self.read(path)

    def file_io(self, path: object, mode: str = "r", closefd: bool = True, opener: Any = None
                ) -> _host_io.BytesIO:
        if mode not in ("r", "rb"):
            raise SandboxError(f"importlib opened {path!r} with mode {mode!r}: nothing may be written")
        return self.read(path)

    # -- answering ---------------------------------------------------------------------------
    def find_spec(self, name: str) -> Found:
        self.warnings.clear()
        out = Found(name)
        try:
            spec = self.util_find_spec(name)
            if spec is not None:
                # read while the parents are imported (a _NamespacePath asks its parent)
                out.found = True
                out.origin = spec.origin
                out.loader = None if spec.loader is None else type(spec.loader).__name__
                locations = spec.submodule_search_locations
                out.submodule_search_locations = None if locations is None else list(locations)
                out.cached = spec.cached
        except SandboxError:
            raise
        except (ImportError, ValueError) as exc:
            out.error = f"{type(exc).__name__}: {exc}"
        finally:
            for added in set(self.modules) - self.base_modules:
                del self.modules[added]
        out.warnings = list(self.warnings)
        return out


def _host_magic() -> bytes:
    import importlib.util

    return importlib.util.MAGIC_NUMBER


def run_find_spec(source: BootstrapSource, inputs: ImportInputs, names: list[str]) -> dict[str, Found]:
    """``importlib.util.find_spec(name)`` for each name, by *source*'s own importlib."""
    box = _Sandbox(source, inputs)
    return {name: box.find_spec(name) for name in names}
