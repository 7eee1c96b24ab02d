"""Execute a CPython's own ``Lib/site.py`` against a world, in a sandbox (tests only).

The oracle for the site stage on every platform: the *real* ``site.py`` source of a local
interpreter (read at test time, never copied into the repository) is compiled and run in
a fresh namespace whose ``__import__`` hands it fakes of what it imports, so it computes
``sys.path`` for an imagined macOS, Windows or Linux machine held in a
:class:`pywhence.disk.fs.MemoryFS`.  Nothing reads the host's disk, environment or ``sys``.

What is real and what is faked:

* ``site.py`` itself, and the path modules it uses -- the target's own ``ntpath.py`` or
  ``posixpath.py``, ``genericpath.py`` and ``stat.py``, also read from the local
  interpreter's ``Lib/`` -- run unchanged.  Their optional C accelerators (``nt._path_*``,
  ``posix._path_normpath``, ``_winapi``, ``_stat``) are absent, so their pure-Python
  fallbacks run, as they do on any platform without them.
* ``os`` is a fake over the world: ``os.stat``/``lstat``/``listdir`` ask the MemoryFS
  (relative paths against the world's working directory: lexically on Windows, as
  ``GetFullPathNameW`` does, component by component on POSIX, as the kernel does);
  ``os.environ`` is the world's environment as it stands when site runs (see
  :func:`site_environ`), case-insensitive on Windows; ``getuid``/``geteuid``/
  ``getgid``/``getegid`` exist on POSIX only, as on the real platforms.  A path that the
  filesystem encoding cannot encode makes ``os.stat`` raise ``UnicodeEncodeError``, as
  ``PyUnicode_FSConverter`` does.
* ``nt._getfullpathname`` (Windows) stands in for ``GetFullPathNameW``: a root-relative
  path (``\\x``) takes the working directory's drive, a drive-relative one (``C:x``) the
  working directory when on its drive, else that drive's root; ``.``/``..`` collapse
  lexically.  Not emulated: Win32's trimming of trailing dots and spaces.
* ``sys`` is a fake module holding what path configuration left (taken from pywhence's
  own path-configuration stage, so this isolates site.py): the prefixes, executables,
  ``sys.path``, ``platlibdir``, ``winver``, ``_framework``, ``abiflags`` (absent on
  Windows), ``_stdlib_dir`` and ``sys.flags``.
* ``io.open_code`` reads the world's bytes; ``io.TextIOWrapper`` and ``open`` decode them
  with the host's ``io.TextIOWrapper`` (the same C code in every version) using the
  encoding the *target* would pick (:class:`LocaleFacts`): ``encoding=None`` (3.8/3.9) and
  ``"locale"`` (3.10) honour UTF-8 mode, ``"locale"`` from 3.11 does not (bpo-47000).
  ``locale.getencoding()`` (3.13) is the locale encoding.
* ``.pth`` ``import`` lines are executed by site.py's own ``exec(line)``; the sandbox's
  ``exec`` records the line, compiles it with the host's compiler and runs it in a fresh
  namespace.  Their imports (and site's ``import sitecustomize``/``usercustomize``) are
  resolved by a small re-implementation of ``importlib``'s ``PathFinder`` +
  ``FileFinder`` over the world (exact-case directory listings, packages before modules
  of a directory, namespace portions only when no regular module is found, the
  platform's suffixes).  A module found is *recorded, never executed*: the import returns
  an empty module.  Zip archives on ``sys.path`` are not searched.
* ``builtins``, ``_sitebuiltins``, ``pwd``, ``locale`` are small stubs; ``traceback`` is
  the host's (it only formats the host exceptions raised here).

Anything site.py imports that is not provided raises :class:`SandboxError`, so a new
dependency of a future site.py shows up as a test error, never as a silent fallback.

Not expressible in a world, hence not exercised: ``chflags``' ``UF_HIDDEN`` and Windows'
``FILE_ATTRIBUTE_HIDDEN`` (3.13 skips such ``.pth`` files; ``st_flags`` and
``st_file_attributes`` are 0 here), a case-insensitive macOS volume (a POSIX MemoryFS is
case-sensitive), Windows code pages other than cp1252.  ``test_site_oracle.py``'s
calibration test runs this sandbox against the real interpreters on a real Linux layout.
"""

from __future__ import annotations

import builtins as _host_builtins
import errno
import io as _host_io
import ntpath as _host_ntpath
import os as _host_os
import re
import stat as _st
import sys as _host_sys
import traceback as _host_traceback
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Callable

from pywhence.disk.fs import FileSystem

__all__ = [
    "LocaleFacts",
    "SandboxError",
    "SiteInputs",
    "SiteOutcome",
    "SiteSource",
    "available_sources",
    "compiled",
    "get_full_path_name",
    "locale_facts",
    "pth_errors",
    "run_site_py",
    "site_environ",
]


class SandboxError(Exception):
    """The sandbox itself is incomplete (site.py asked for something not provided)."""


# ---------------------------------------------------------------------------------------
# The site.py sources: the local interpreters' own Lib/
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteSource:
    """One local interpreter's ``Lib/`` directory, whose site.py is the oracle."""

    label: str  # test id: "3.12.1", "debian-3.11.2"
    version: tuple[int, int, int]
    lib: str
    debian: bool = False
    #: The interpreter that must run the sandbox, when the host's compiler cannot read
    #: this site.py (3.14's ``except A, B:``, 3.15's ``lazy import``): see run_site_py_in.
    python: str | None = None

    @property
    def version_text(self) -> str:
        return ".".join(map(str, self.version))

    @property
    def site_py(self) -> str:
        return _host_os.path.join(self.lib, "site.py")


_PYENV = "/root/.pyenv/versions"
_PYENV_VERSIONS = ("3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0")
_DEBIAN_LIB = "/usr/lib/python3.11"
_DEBIAN_PATCHLEVEL = "/usr/include/python3.11/patchlevel.h"


def _debian_version() -> tuple[int, int, int]:
    """Debian's micro release from its patchlevel.h (3.11.2 on bookworm), read, not run."""
    try:
        with open(_DEBIAN_PATCHLEVEL, encoding="utf-8") as f:
            m = re.search(r'#define\s+PY_VERSION\s+"3\.11\.(\d+)', f.read())
    except OSError:
        m = None
    return (3, 11, int(m.group(1)) if m else 2)


#: Debian sid's interpreters tools/sid_oracle.py unpacks (a relocated /usr), by series.
_SID_TREE = _host_os.path.join(_host_os.path.dirname(_host_os.path.abspath(__file__)), "..", "..",
                               ".oracles", "sid", "usr")
_SID_SERIES = {"3.14": (3, 14, 10), "3.15": (3, 15, 2)}


def _sid_sources() -> list[SiteSource]:
    """sid's 3.14 and 3.15 (Debian's site.py), run by their own interpreters: the host
    cannot compile their site.py.  Their micro release is read from patchlevel.h when
    the tree is there, else the one the suite was written against."""
    out = []
    for xy, default in _SID_SERIES.items():
        lib = _host_os.path.normpath(_host_os.path.join(_SID_TREE, "lib", f"python{xy}"))
        version = default
        try:
            with open(_host_os.path.join(lib, "..", "..", "include", f"python{xy}", "patchlevel.h"),
                      encoding="utf-8") as f:
                m = re.search(r'#define\s+PY_VERSION\s+"(\d+)\.(\d+)\.(\d+)"', f.read())
            if m:
                version = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except OSError:
            pass
        python = _host_os.path.normpath(_host_os.path.join(_SID_TREE, "bin", f"python{xy}"))
        out.append(SiteSource(f"debian-{'.'.join(map(str, version))}", version, lib, debian=True,
                              python=python))
    return out


def all_sources() -> list[SiteSource]:
    """Every interpreter the oracle knows about, installed or not."""
    out = []
    for v in _PYENV_VERSIONS:
        major, minor, micro = (int(x) for x in v.split("."))
        out.append(SiteSource(v, (major, minor, micro), f"{_PYENV}/{v}/lib/python{major}.{minor}"))
    dv = _debian_version()
    out.append(SiteSource(f"debian-{'.'.join(map(str, dv))}", dv, _DEBIAN_LIB, debian=True))
    return out + _sid_sources()


def available_sources() -> list[SiteSource]:
    """The interpreters whose site.py (and path modules) can be read here (and, for one
    with its own runner, whose interpreter starts)."""
    return [s for s in all_sources()
            if all(_host_os.path.isfile(_host_os.path.join(s.lib, f"{m}.py"))
                   for m in ("site", "ntpath", "posixpath", "genericpath", "stat"))
            and (s.python is None or _host_os.access(s.python, _host_os.X_OK))]


_CODE_CACHE: dict[str, types.CodeType] = {}


def compiled(path: str) -> types.CodeType:
    """The module code of the source file *path* (a local interpreter's), compiled once."""
    code = _CODE_CACHE.get(path)
    if code is None:
        with open(path, "rb") as f:
            source = f.read()
        code = compile(source, path, "exec", dont_inherit=True)
        _CODE_CACHE[path] = code
    return code


# ---------------------------------------------------------------------------------------
# What the C startup leaves for site.py: environment, encodings
# ---------------------------------------------------------------------------------------


def site_environ(env: Mapping[str, str], *, platform: str, version: tuple[int, int, int],
                 framework: bool, use_environment: bool) -> dict[str, str]:
    """``os.environ`` as site.py sees it: the process environment once the C startup has
    consumed ``__PYVENV_LAUNCHER__``.

    * 3.11+: ``Modules/getpath.c`` reads it with ``env_to_dict(dict,
      "ENV___PYVENV_LAUNCHER__", 1)``, whose ``and_clear`` removes it from the
      environment (``unsetenv``; ``_wputenv_s(key, "")`` on Windows), on every platform.
    * 3.8-3.10, macOS framework builds: ``config_init_program_name()``
      (``Python/initconfig.c``, bpo-22490) takes a non-empty ``__PYVENV_LAUNCHER__`` as
      the program name and unsets it -- unless ``PYTHONEXECUTABLE`` (read only when the
      environment is honoured) took precedence.  Other builds leave it in place, and
      site.py's ``venv()`` reads it on macOS.
    """
    out = dict(env)
    key = "__PYVENV_LAUNCHER__"
    if key not in out:
        return out
    consumed_by_getpath = version >= (3, 11, 0)
    consumed_by_initconfig = (platform == "darwin" and framework and bool(out[key])
                              and not (use_environment and out.get("PYTHONEXECUTABLE")))
    if consumed_by_getpath or consumed_by_initconfig:
        del out[key]
    return out


@dataclass(frozen=True)
class LocaleFacts:
    """The encodings the target process would use (not site.py's business, its input)."""

    #: ``locale.getencoding()``: the LC_CTYPE codeset, or the ANSI code page on Windows.
    locale_encoding: str
    #: PEP 540 UTF-8 mode.
    utf8_mode: bool
    #: ``sys.getfilesystemencoding()``.
    fs_encoding: str

    @property
    def preferred(self) -> str:
        """``locale.getpreferredencoding(False)`` before 3.11: UTF-8 in UTF-8 mode."""
        return "utf-8" if self.utf8_mode else self.locale_encoding


#: The ANSI code page assumed for Windows targets (GetACP() of an en-US / Western
#: European Windows).  A world cannot say otherwise; cp65001 systems would read as UTF-8.
WINDOWS_ANSI_CODE_PAGE = "cp1252"


def locale_facts(env: Mapping[str, str], *, platform: str, use_environment: bool,
                 x_utf8: str | bool | None) -> LocaleFacts:
    """The target's encodings for an environment and ``-X utf8`` value.

    Windows: the locale encoding is the ANSI code page whatever ``LANG`` says
    (``config_get_locale_encoding``: ``GetACP()``); UTF-8 mode only when asked for
    (``-X utf8``, ``PYTHONUTF8=1``); filesystem encoding UTF-8 (PEP 529).
    POSIX: LC_CTYPE comes from ``LC_ALL``, ``LC_CTYPE``, ``LANG`` (first non-empty); the
    C/POSIX locale is coerced to UTF-8 (PEP 538) unless ``LC_ALL`` is set or
    ``PYTHONCOERCECLOCALE=0``, and turns UTF-8 mode on by default (PEP 540, measured with
    the local 3.8-3.13 under ``LC_ALL=C``); a locale naming a charset is assumed installed.
    macOS always uses UTF-8 for file names (``_Py_FORCE_UTF8_FS_ENCODING``).
    """

    def py_env(name: str) -> str | None:
        value = env.get(name) if use_environment else None
        return value or None

    if x_utf8 is not None:
        forced: bool | None = x_utf8 is True or x_utf8 != "0"
    else:
        value = py_env("PYTHONUTF8")
        forced = None if value is None else value != "0"
    if platform == "win32":
        utf8 = bool(forced)
        return LocaleFacts(WINDOWS_ANSI_CODE_PAGE, utf8, "utf-8")
    lc_all = env.get("LC_ALL") or ""
    name = lc_all or env.get("LC_CTYPE") or env.get("LANG") or "C"
    legacy = name in ("C", "POSIX")
    if legacy:
        coerced = not lc_all and py_env("PYTHONCOERCECLOCALE") != "0"
        encoding = "utf-8" if coerced else "ascii"
    else:
        charset = name.partition(".")[2].partition("@")[0]
        encoding = _codec_name(charset) if charset else "utf-8"
    utf8 = legacy if forced is None else forced
    fs_encoding = "utf-8" if (platform == "darwin" or utf8) else encoding
    return LocaleFacts(encoding, utf8, fs_encoding)


def _codec_name(charset: str) -> str:
    import codecs

    try:
        return codecs.lookup(charset).name
    except LookupError:
        return "utf-8"


# ---------------------------------------------------------------------------------------
# Inputs and outcome
# ---------------------------------------------------------------------------------------


@dataclass
class SiteInputs:
    """Everything the sandbox gives site.py: one world after path configuration."""

    platform: str  # "linux" | "darwin" | "win32"
    fs: FileSystem
    cwd: str
    environ: dict[str, str]
    sys_path: list[str]
    prefix: str
    exec_prefix: str
    base_prefix: str
    base_exec_prefix: str
    executable: str
    base_executable: str
    platlibdir: str
    stdlib_dir: str
    winver: str
    framework: str  # sys._framework on macOS ('' for a non-framework build)
    abiflags: str
    flags: dict[str, int]
    locale: LocaleFacts
    uid: int = 1000
    euid: int = 1000
    gid: int = 1000
    egid: int = 1000
    passwd_home: str | None = None


@dataclass
class SiteOutcome:
    """What site.py left behind."""

    sys_path: list[str] = field(default_factory=list)
    prefix: str = ""
    exec_prefix: str = ""
    base_executable: str = ""
    home: str | None = None  # sys._home
    enable_user_site: bool | None = None
    user_base: str | None = None
    user_site: str | None = None
    #: ``site.PREFIXES`` (None: site was not imported).
    prefixes: list[str] | None = None
    #: ``(.pth file, line)`` of every line site.py passed to ``exec``, in order.
    pth_imports: list[tuple[str, str]] = field(default_factory=list)
    #: ``(.start file, entry point)`` of every entry point site.py called (3.15), in order.
    entry_points: list[tuple[str, str]] = field(default_factory=list)
    #: module name -> where the import found code to run (None: no code, or not found).
    customize: dict[str, str | None] = field(default_factory=dict)
    #: The exception that escaped site.py ("Type: message"): startup dies.
    fatal: str | None = None
    stderr: str = ""


# ---------------------------------------------------------------------------------------
# The fakes
# ---------------------------------------------------------------------------------------


class _NtEnviron(dict):  # type: ignore[type-arg]
    """``os.environ`` on Windows: keys are upper-cased, so look-ups ignore case."""

    def __init__(self, env: Mapping[str, str]) -> None:
        super().__init__((k.upper(), v) for k, v in env.items())

    def __getitem__(self, key: object) -> str:
        return dict.__getitem__(self, str(key).upper())  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, str(key).upper())

    def get(self, key: object, default: Any = None) -> Any:
        return dict.get(self, str(key).upper(), default)


class _StatResult:
    """The fields of ``os.stat_result`` site.py and genericpath read."""

    def __init__(self, mode: int, platform: str, size: int = 0) -> None:
        self.st_mode = mode
        self.st_size = size
        self.st_ino = self.st_dev = 0
        self.st_nlink = 1
        self.st_uid = self.st_gid = 0
        self.st_atime = self.st_mtime = self.st_ctime = 0.0
        if platform == "darwin":
            self.st_flags = 0  # no UF_HIDDEN: worlds cannot express chflags(1)
        if platform == "win32":
            directory = _st.S_ISDIR(mode)
            self.st_file_attributes = 0x10 if directory else 0x80  # DIRECTORY / NORMAL
            self.st_reparse_tag = 0


class _Flags:
    """``sys.flags``: the attributes site.py and the path modules read."""

    def __init__(self, values: Mapping[str, int]) -> None:
        defaults: dict[str, object] = {
            "debug": 0, "inspect": 0, "interactive": 0, "optimize": 0, "dont_write_bytecode": 1,
            "no_user_site": 0, "no_site": 0, "ignore_environment": 0, "verbose": 0,
            "bytes_warning": 0, "quiet": 0, "hash_randomization": 1, "isolated": 0,
            "dev_mode": False, "utf8_mode": 0, "safe_path": False, "int_max_str_digits": -1,
            "warn_default_encoding": 0,
        }
        defaults.update(values)
        for k, v in defaults.items():
            setattr(self, k, v)


class _Printer:
    def __init__(self, *args: object, **kwargs: object) -> None:
        self.args = args


class _Sandbox:
    """One execution of site.py: the fake modules and what they record."""

    def __init__(self, source: SiteSource, inp: SiteInputs) -> None:
        self.source = source
        self.inp = inp
        self.nt = inp.platform == "win32"
        self.fs = inp.fs
        self.stderr = _host_io.StringIO()
        self.pth_imports: list[tuple[str, str]] = []
        self.entry_points: list[tuple[str, str]] = []
        self.customize: dict[str, str | None] = {}
        self.current_pth = ""
        self.in_pth_line = False
        self.builtins = self._make_builtins()
        self.modules: dict[str, types.ModuleType] = {}
        self._build_modules()

    # -- paths as the OS resolves them ------------------------------------------------------
    def full(self, path: object) -> str:
        """The absolute path the OS would open for *path* (relative: against the cwd)."""
        if not isinstance(path, str):
            raise TypeError(f"sandbox: expected a str path, got {type(path).__name__}")
        if "\x00" in path:
            raise ValueError("embedded null byte")
        if self.nt:
            return self.getfullpathname(path)
        path.encode(self.inp.locale.fs_encoding, "surrogateescape")  # may raise
        if path.startswith("/"):
            return path
        return self.inp.cwd.rstrip("/") + "/" + path if path else self.inp.cwd

    def getfullpathname(self, path: str) -> str:
        """``GetFullPathNameW`` (see the module docstring for what is emulated)."""
        return get_full_path_name(path, self.inp.cwd)

    def _kind(self, path: object, follow: bool = True) -> str | None:
        full = self.full(path)
        return self.fs.kind(full) if follow else self.fs.lstat(full)

    # -- os ------------------------------------------------------------------------------
    def os_stat(self, path: object, *, follow: bool = True) -> _StatResult:
        kind = self._kind(path, follow)
        if kind is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        mode = {"dir": _st.S_IFDIR | 0o755, "file": _st.S_IFREG | 0o644,
                "link": _st.S_IFLNK | 0o777, "other": _st.S_IFIFO | 0o644}[kind]
        return _StatResult(mode, self.inp.platform)

    def os_listdir(self, path: object = ".") -> list[str]:
        full = self.full(path)
        return list(self.fs.list_dir(full))

    def read_bytes(self, path: object) -> bytes:
        full = self.full(path)
        try:
            return self.fs.read_bytes(full)
        except IsADirectoryError:
            if self.nt:  # CreateFileW on a directory: ERROR_ACCESS_DENIED
                raise PermissionError(errno.EACCES, "Permission denied", path) from None
            raise

    # -- io ------------------------------------------------------------------------------
    def text_encoding(self, encoding: str | None) -> str:
        """The codec ``TextIOWrapper(encoding=...)`` uses in the target version."""
        loc = self.inp.locale
        if encoding is None:
            if self.source.version >= (3, 11, 0):
                # io.text_encoding(None): "utf-8" in UTF-8 mode, else "locale"
                return "utf-8" if loc.utf8_mode else loc.locale_encoding
            return loc.preferred
        if encoding == "locale":
            # 3.10: _Py_GetLocaleEncoding() honours UTF-8 mode; 3.11+: not (bpo-47000)
            return loc.locale_encoding if self.source.version >= (3, 11, 0) else loc.preferred
        return encoding

    def text_io_wrapper(self, buffer: Any, encoding: str | None = None, errors: str | None = None,
                        newline: str | None = None, line_buffering: bool = False,
                        write_through: bool = False) -> _host_io.TextIOWrapper:
        return _host_io.TextIOWrapper(buffer, encoding=self.text_encoding(encoding), errors=errors,
                                      newline=newline, line_buffering=line_buffering,
                                      write_through=write_through)

    def open_code(self, path: object) -> _host_io.BytesIO:
        self.current_pth = str(path)
        return _host_io.BytesIO(self.read_bytes(path))

    def builtin_open(self, file: object, mode: str = "r", buffering: int = -1,
                     encoding: str | None = None, errors: str | None = None,
                     newline: str | None = None, closefd: bool = True,
                     opener: Callable[..., Any] | None = None) -> Any:
        if any(c in mode for c in "wax+"):
            raise SandboxError(f"site.py opened {file!r} for writing ({mode!r})")
        raw = _host_io.BytesIO(self.read_bytes(file))
        if "b" in mode:
            return raw
        return self.text_io_wrapper(raw, encoding=encoding, errors=errors, newline=newline)

    # -- exec of .pth import lines ---------------------------------------------------------
    def builtin_exec(self, source: object, globals: Any = None, locals: Any = None) -> None:
        if globals is not None or locals is not None or not isinstance(source, str):
            raise SandboxError(f"site.py called exec() in an unexpected way: {source!r}")
        # 3.15 runs the import lines after every file was read: the .pth is the caller's
        # ``fullname`` (addpackage's in 3.8-3.14; _exec_imports sets it for them in 3.15)
        caller = _host_sys._getframe(1).f_locals
        pth = caller.get("fullname", self.current_pth)
        self.pth_imports.append((pth if isinstance(pth, str) else self.current_pth,
                                 source.rstrip("\r\n")))
        code = compile(source, "<string>", "exec", dont_inherit=True)
        namespace: dict[str, Any] = {"__builtins__": self.builtins, "__name__": "__pth_line__"}
        self.in_pth_line = True
        try:
            exec(code, namespace)  # noqa: S102 -- the .pth line, with our __import__
        finally:
            self.in_pth_line = False

    # -- pkgutil.resolve_name (3.15 .start entry points) and warnings ------------------------
    def resolve_name(self, name: str, strict: bool = False) -> Callable[[], None]:
        """``pkgutil.resolve_name``: the pattern check and the module import of the real one
        (an imported module is an empty stand-in, so its attributes are not checked); the
        callable it returns records the call."""
        words = r"(?!\d)(\w+)(\.(?!\d)(\w+))*"
        pattern = (f"^(?P<pkg>{words})(?P<cln>:(?P<obj>{words}))$" if strict
                   else f"^(?P<pkg>{words})(?P<cln>:(?P<obj>{words})?)?$")
        m = re.match(pattern, name, re.UNICODE)
        if m is None:
            raise ValueError(f"invalid format: {name!r}")
        if not m.group("cln"):
            raise SandboxError(f"resolve_name({name!r}) without a colon")
        self.builtin_import(m.group("pkg"), {"__name__": "__pth_line__"}, None, ("_",))
        start = _host_sys._getframe(1).f_locals.get("filename")

        def call() -> None:
            self.entry_points.append((str(start), name))

        return call

    def warn(self, message: object, category: Any = None, stacklevel: int = 1, **_: Any) -> None:
        name = getattr(category, "__name__", "UserWarning")
        self.stderr.write(f"{name}: {message}\n")

    # -- the import system -------------------------------------------------------------------
    def builtin_import(self, name: str, globals: Any = None, locals: Any = None,
                       fromlist: Any = (), level: int = 0) -> types.ModuleType:
        if level:
            raise SandboxError(f"relative import of {name!r}")
        top = name.partition(".")[0]
        if name in self.modules:  # "os.path" too, as sys.modules has it
            return self.modules[top]
        if top in self.modules:
            module = self.modules[top]
            if "." in name:
                # a submodule of a provided module: none of them is a package here
                if not hasattr(module, "__path__"):
                    raise ModuleNotFoundError(
                        f"No module named {name!r}; {top!r} is not a package", name=name)
                raise SandboxError(f"submodule import {name!r}")
            return module
        if top in _ABSENT_ON_PURPOSE or (top == "pwd" and self.nt):
            raise ModuleNotFoundError(f"No module named {top!r}", name=top)
        importer = (globals or {}).get("__name__")
        if self.in_pth_line or top in ("sitecustomize", "usercustomize") or importer == "__pth_line__":
            return self.find_and_record(name)
        raise SandboxError(f"{importer or '?'} imported {name!r}, which the sandbox does not provide")

    def find_and_record(self, name: str) -> types.ModuleType:
        parts = name.split(".")
        dirs: list[str] | None = None
        module = None
        for i, part in enumerate(parts):
            dotted = ".".join(parts[: i + 1])
            kind, where, portions = self.find_spec(part, dirs)
            if kind is None:
                raise ModuleNotFoundError(f"No module named {dotted!r}", name=dotted)
            if i == 0 and name in ("sitecustomize", "usercustomize"):
                self.customize[name] = where if kind in ("module", "package") else None
            sub = types.ModuleType(dotted)
            if kind in ("package", "namespace"):
                sub.__path__ = portions
            elif i + 1 < len(parts):
                nxt = ".".join(parts[: i + 2])
                raise ModuleNotFoundError(f"No module named {nxt!r}; {dotted!r} is not a package",
                                          name=nxt)
            if module is None:
                module = sub
            dirs = portions
        assert module is not None
        return module

    def find_spec(self, name: str, search: list[str] | None
                  ) -> tuple[str | None, str | None, list[str]]:
        """``PathFinder.find_spec`` over directories: (kind, file, package dirs)."""
        join = self.modules["os"].path.join
        entries = list(self.modules["sys"].path) if search is None else search
        portions: list[str] = []
        for entry in entries:
            if not isinstance(entry, str):
                continue
            base = entry or self.inp.cwd
            try:
                if self._kind(base) != "dir":
                    continue  # a zip archive or nothing: not searched here
                names = set(self.os_listdir(base))
            except (OSError, ValueError):
                continue
            namespace = None
            if name in names and self._kind(join(base, name)) == "dir":
                pkg = join(base, name)
                for suffix in self.suffixes():
                    init = join(pkg, "__init__" + suffix)
                    if self._kind(init) == "file":
                        return "package", init, [pkg]
                namespace = pkg
            for suffix in self.suffixes():
                if name + suffix in names and self._kind(join(base, name + suffix)) == "file":
                    return "module", join(base, name + suffix), []
            if namespace is not None:
                portions.append(namespace)
        if portions:
            return "namespace", None, portions
        return None, None, []

    def suffixes(self) -> list[str]:
        """``importlib.machinery.all_suffixes()`` order: extensions, source, bytecode."""
        major, minor, _ = self.source.version
        if self.nt:
            return [f".cp{major}{minor}-win_amd64.pyd", ".pyd", ".py", ".pyw", ".pyc"]
        tag = "darwin" if self.inp.platform == "darwin" else "x86_64-linux-gnu"
        return [f".cpython-{major}{minor}-{tag}.so", ".abi3.so", ".so", ".py", ".pyc"]

    # -- assembling the modules --------------------------------------------------------------
    def _make_builtins(self) -> dict[str, Any]:
        b = dict(vars(_host_builtins))
        b.update(__import__=self.builtin_import, open=self.builtin_open, exec=self.builtin_exec)
        return b

    def _module(self, module_name: str, **attrs: Any) -> types.ModuleType:
        m = types.ModuleType(module_name)
        m.__dict__.update(attrs)
        self.modules[module_name] = m
        return m

    def _run_lib_module(self, name: str) -> types.ModuleType:
        """Execute the target's own ``Lib/<name>.py`` as module *name*."""
        path = _host_os.path.join(self.source.lib, f"{name}.py")
        m = types.ModuleType(name)
        m.__file__ = path
        m.__dict__["__builtins__"] = self.builtins
        self.modules[name] = m
        exec(compiled(path), m.__dict__)  # noqa: S102 -- the target's stdlib module
        return m

    def _build_modules(self) -> None:
        inp = self.inp
        v = self.source.version
        sys_attrs: dict[str, Any] = {
            "platform": inp.platform, "prefix": inp.prefix, "exec_prefix": inp.exec_prefix,
            "base_prefix": inp.base_prefix, "base_exec_prefix": inp.base_exec_prefix,
            "executable": inp.executable, "_base_executable": inp.base_executable,
            "path": list(inp.sys_path), "flags": _Flags(inp.flags),
            "version_info": (v[0], v[1], v[2], "final", 0), "hexversion": 0,
            "copyright": "Copyright (c) 2001 Python Software Foundation.",
            "stderr": self.stderr, "stdout": _host_io.StringIO(), "modules": self.modules,
            "exc_info": _host_sys_exc_info, "excepthook": lambda *a: None,
            "getfilesystemencoding": lambda: inp.locale.fs_encoding,
            "getfilesystemencodeerrors": lambda: "surrogatepass" if self.nt else "surrogateescape",
            "builtin_module_names": ("sys", "builtins", "_io", "marshal", "nt" if self.nt else "posix"),
        }
        if v >= (3, 9, 0):
            sys_attrs["platlibdir"] = inp.platlibdir
        if v >= (3, 11, 0):
            sys_attrs["_stdlib_dir"] = inp.stdlib_dir
        if self.nt:
            sys_attrs["winver"] = inp.winver
        else:
            sys_attrs["abiflags"] = inp.abiflags
        if inp.platform == "darwin":
            sys_attrs["_framework"] = inp.framework
        self._module("sys", **sys_attrs)
        self._module("builtins", **self.builtins)
        self._module("_sitebuiltins", Quitter=_Printer, _Printer=_Printer, _Helper=_Printer)
        self._module("errno", **{k: getattr(errno, k) for k in dir(errno) if not k.startswith("__")})
        self._module("traceback", format_exception=_host_traceback.format_exception,
                     print_exc=_host_traceback.print_exc)
        self._module("io", open_code=self.open_code, TextIOWrapper=self.text_io_wrapper,
                     BytesIO=_host_io.BytesIO, StringIO=_host_io.StringIO, open=self.builtin_open)
        self.modules["_io"] = self.modules["io"]  # 3.14+: import _io as io
        self._module("pkgutil", resolve_name=self.resolve_name)
        self._module("warnings", warn=self.warn)
        self._module("locale", getencoding=lambda: inp.locale.locale_encoding,
                     getpreferredencoding=lambda do_setlocale=True: inp.locale.preferred)
        if self.nt:
            self._module("nt", _getfullpathname=self._nt_getfullpathname)
        else:
            self._module("posix")
            self._module("pwd", getpwuid=self._getpwuid)
        environ: dict[str, str] = _NtEnviron(inp.environ) if self.nt else dict(inp.environ)
        os_attrs: dict[str, Any] = {
            "name": "nt" if self.nt else "posix", "sep": "\\" if self.nt else "/",
            "altsep": "/" if self.nt else None, "pathsep": ";" if self.nt else ":", "curdir": ".",
            "pardir": "..", "extsep": ".", "linesep": "\r\n" if self.nt else "\n",
            "defpath": ".;C:\\bin" if self.nt else "/bin:/usr/bin",
            "devnull": "nul" if self.nt else "/dev/null",
            "environ": environ, "getenv": lambda key, default=None: environ.get(key, default),
            "fspath": _host_os.fspath, "getcwd": lambda: inp.cwd,
            "getcwdb": lambda: inp.cwd.encode(inp.locale.fs_encoding, "surrogateescape"),
            "stat": lambda path, *, dir_fd=None, follow_symlinks=True: self.os_stat(
                path, follow=follow_symlinks),
            "lstat": lambda path, *, dir_fd=None: self.os_stat(path, follow=False),
            "listdir": self.os_listdir, "error": OSError, "stat_result": _StatResult,
            "__file__": (_host_ntpath.join(inp.stdlib_dir, "os.py") if self.nt
                      else f"{inp.stdlib_dir}/os.py"),
        }
        if not self.nt:
            os_attrs.update(getuid=lambda: inp.uid, geteuid=lambda: inp.euid,
                            getgid=lambda: inp.gid, getegid=lambda: inp.egid)
        self._module("os", **os_attrs)
        self._run_lib_module("stat")
        self._run_lib_module("genericpath")
        path_module = self._run_lib_module("ntpath" if self.nt else "posixpath")
        self.modules["os"].path = path_module  # type: ignore[attr-defined]
        self.modules["os.path"] = path_module

    def _nt_getfullpathname(self, path: object) -> str:
        if not isinstance(path, str):
            raise TypeError("sandbox: bytes paths are not expected")
        if "\x00" in path:
            raise ValueError("embedded null character in path")
        return self.getfullpathname(path)

    def _getpwuid(self, uid: int) -> Any:
        if self.inp.passwd_home is None:
            raise KeyError(f"getpwuid(): uid not found: {uid}")
        return types.SimpleNamespace(pw_dir=self.inp.passwd_home, pw_name="u", pw_uid=uid)

    # -- running ---------------------------------------------------------------------------
    def run(self) -> SiteOutcome:
        site = types.ModuleType("site")
        site.__file__ = self.source.site_py
        site.__dict__["__builtins__"] = self.builtins
        self.modules["site"] = site
        out = SiteOutcome()
        if self.modules["sys"].flags.no_site:
            # -S (or a ._pth file without "import site"): the C startup never imports site.
            sys_ = self.modules["sys"]
            out.sys_path = list(sys_.path)
            out.prefix, out.exec_prefix = sys_.prefix, sys_.exec_prefix
            out.base_executable = sys_._base_executable
            return out
        try:
            exec(compiled(self.source.site_py), site.__dict__)  # noqa: S102 -- the oracle itself
        except SandboxError:
            raise
        except Exception as exc:  # noqa: BLE001 -- import site failing kills startup
            out.fatal = f"{type(exc).__name__}: {exc}"
        sys_ = self.modules["sys"]
        g = site.__dict__
        out.sys_path = list(sys_.path)
        out.prefix = sys_.prefix
        out.exec_prefix = sys_.exec_prefix
        out.base_executable = sys_._base_executable
        out.home = getattr(sys_, "_home", None)
        out.enable_user_site = g.get("ENABLE_USER_SITE")
        out.user_base = g.get("USER_BASE")
        out.user_site = g.get("USER_SITE")
        out.prefixes = list(g.get("PREFIXES") or [])
        out.pth_imports = list(self.pth_imports)
        out.entry_points = list(self.entry_points)
        out.customize = dict(self.customize)
        out.stderr = self.stderr.getvalue()
        return out


def _host_sys_exc_info() -> Any:
    import sys

    return sys.exc_info()


#: Modules whose absence site.py's dependencies expect and handle (C accelerators).
_ABSENT_ON_PURPOSE = frozenset({"_stat", "_winapi", "_locale", "readline", "rlcompleter"})


def run_site_py(source: SiteSource, inputs: SiteInputs) -> SiteOutcome:
    """Execute *source*'s site.py (import + ``main()`` unless ``sys.flags.no_site``)."""
    return _Sandbox(source, inputs).run()


def pth_errors(stderr: str) -> Iterator[tuple[int, str, str]]:
    """``(line number, .pth file, exception type)`` of each "Error processing line" block
    site.py wrote (the same shape for the model's warnings); for 3.15's messages (PEP
    829), ``(-1, the message's first line, exception type or '')``."""
    pattern = re.compile(r"Error processing line (\d+) of (.*?):\n\n(.*?)\n\nRemainder of file ignored",
                         re.DOTALL)
    for m in pattern.finditer(stderr):
        lines = [ln.strip() for ln in m.group(3).splitlines() if ln.strip()]
        last = lines[-1] if lines else ""
        yield int(m.group(1)), m.group(2), last.partition(":")[0]
    heads = re.compile(r"^(Error in import line from .*|Invalid entry point syntax in .*"
                       r"|Error resolving entry point .*|In .*: .* does not exist; skipping sys\.path append)$")
    lines = stderr.splitlines()
    for i, line in enumerate(lines):
        if heads.match(line):
            block = []
            for more in lines[i + 1:]:
                if not more.startswith("  "):
                    break
                block.append(more.strip())
            last = block[-1] if block else ""
            yield -1, line, last.partition(":")[0] if ":" in last else ""


# ---------------------------------------------------------------------------------------
# Running the sandbox in another interpreter (a site.py the host cannot compile)
# ---------------------------------------------------------------------------------------


def inputs_to_json(inp: SiteInputs) -> dict[str, Any]:
    """*inp* without its filesystem (the runner rebuilds it from the world)."""
    out = {k: getattr(inp, k) for k in SiteInputs.__dataclass_fields__ if k != "fs"}
    out["locale"] = {k: getattr(inp.locale, k) for k in LocaleFacts.__dataclass_fields__}
    return out


def run_site_py_in(python: str, source: SiteSource,
                   jobs: list[tuple[dict[str, Any] | None, SiteInputs]]) -> list[SiteOutcome]:
    """:func:`run_site_py` for each (world, inputs), executed by *python* itself (one
    process for the batch: ``site_remote.py``); the world's disk is rebuilt there."""
    import json
    import subprocess

    here = _host_os.path.dirname(_host_os.path.abspath(__file__))
    src = _host_os.path.normpath(_host_os.path.join(here, "..", "..", "src"))
    payload = {"source": {k: getattr(source, k) for k in SiteSource.__dataclass_fields__},
               "jobs": [{"world": w, "inputs": inputs_to_json(i)} for w, i in jobs]}
    proc = subprocess.run([python, "-I", "-S", _host_os.path.join(here, "site_remote.py"), src, here],
                          input=json.dumps(payload), capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
                          timeout=600, check=False)
    if proc.returncode != 0:
        raise SandboxError(f"{python} site_remote.py failed: {proc.stderr[-3000:]}")
    outs = []
    for item in json.loads(proc.stdout):
        if "sandbox_error" in item:
            raise SandboxError(item["sandbox_error"])
        item["pth_imports"] = [tuple(x) for x in item["pth_imports"]]
        item["entry_points"] = [tuple(x) for x in item["entry_points"]]
        outs.append(SiteOutcome(**item))
    return outs


def get_full_path_name(path: str, cwd: str) -> str:
    """``GetFullPathNameW`` of *path* with the working directory *cwd*, lexically (see the
    module docstring for what is emulated); the importlib sandbox uses it too."""
    p = path.replace("/", "\\")
    if p.startswith("\\\\"):
        full = p
    elif len(p) >= 2 and p[1] == ":":
        drive, rest = p[:2], p[2:]
        if rest.startswith("\\"):
            full = p
        elif drive.upper() == cwd[:2].upper():
            full = cwd.rstrip("\\") + "\\" + rest
        else:
            full = drive + "\\" + rest
    elif p.startswith("\\"):
        full = cwd[:2] + p
    else:
        full = cwd.rstrip("\\") + "\\" + p
    normal: str = _host_ntpath.normpath(full)
    return normal
