"""The site stage: what ``import site`` does to ``sys.path`` and the prefixes.

This follows ``site.main()`` of CPython 3.8-3.14 (and Debian's patched ``site.py`` when
``target.site_flavour == "debian"``), step by step, without running anything:

1. ``removeduppaths()`` -- every entry of ``module_search_paths`` is made absolute against
   the working directory and normalised, and later duplicates are dropped;
2. ``venv()`` -- a ``pyvenv.cfg`` next to ``sys.executable`` or one directory up (site
   looks in the executable's directory *first*; getpath looks one level up first) makes
   ``sys.prefix``/``sys.exec_prefix`` the venv (3.14: getpath already did, site only
   checks, gh-126793) and adds the venv's site-packages;
3. the user site (``~/.local/lib/pythonX.Y/site-packages``), when enabled and a directory;
4. the site-packages of every prefix in ``site.PREFIXES``;
5. every ``*.pth`` file of each directory added in 3-4 (and 2), in sorted name order;
6. ``sitecustomize`` / ``usercustomize``: found on the resulting path, reported, never run.

What can change ``sys.path`` only at run time -- a ``.pth`` ``import`` line, sitecustomize,
usercustomize -- is reported in :attr:`SiteResult.dynamic` and never executed.

All input comes from the target facts, the config, the path configuration and the
filesystem; the locale encoding site uses for ``.pth`` files is derived from the
invocation's environment (see :func:`locale_encoding`).
"""

from __future__ import annotations

import ast
import codecs
import functools
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .initconfig import Config, env_value
from .result import Entry, Origin, PathConfig

__all__ = ["SiteResult", "filesystem_encoding", "locale_encoding", "run_site", "site_fatal",
           "utf8_mode"]

STAGE = "site"


@dataclass(frozen=True)
class SiteResult:
    """``sys.path`` and the prefixes once ``site`` has run (before ``sys.path[0]``)."""

    prefix: str
    exec_prefix: str
    base_executable: str
    #: The full ``sys.path`` after site (without ``sys.path[0]``, added later).
    entries: tuple[Entry, ...]
    #: What can still change ``sys.path`` at run time, not executed: ``.pth`` import
    #: lines, sitecustomize, usercustomize.
    dynamic: tuple[Entry, ...] = ()
    #: What site would print on stderr.
    warnings: tuple[str, ...] = ()
    #: Importing site failed: startup dies with this message (exit status 1).
    fatal: str | None = None
    #: ``site.ENABLE_USER_SITE``, ``USER_BASE``, ``USER_SITE``, ``sys._home``, ``in_venv``...
    flags: dict[str, object] = field(default_factory=dict)


class _SiteFailed(Exception):
    """site's import raised: the exception's final traceback line."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


def site_fatal(sw: Behaviour, exception_line: str) -> str:
    """The fatal error CPython prints when ``import site`` raises (traceback omitted).

    3.8 names the C function by hand, misspelt ``init_import_size``; from 3.9 on
    Py_FatalError() adds the real name (bpo-39882).
    """
    func = "init_import_site" if sw.fatal_error_names_function else "init_import_size"
    return (
        f"Fatal Python error: {func}: Failed to import the site module\n"
        "Python runtime state: initialized\n"
        f"{exception_line}"
    )


# ---------------------------------------------------------------------------------------
# The locale encoding site uses for .pth files
# ---------------------------------------------------------------------------------------


def _normalise_codec(charset: str) -> str:
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return "utf-8"
    return "ascii" if name in ("ascii", "646", "us-ascii") else name


def _lc_ctype_encoding(config: Config) -> tuple[str, bool]:
    """(the LC_CTYPE encoding after C-locale coercion, whether the locale is C/POSIX)."""
    env = config.env
    lc_all = env.get("LC_ALL") or ""
    name = lc_all or env.get("LC_CTYPE") or env.get("LANG") or "C"
    legacy = name in ("C", "POSIX")
    coerce_env = env_value(env, "PYTHONCOERCECLOCALE") if config.use_environment else None
    if legacy:
        coerced = not lc_all and coerce_env != "0"
        return ("utf-8" if coerced else "ascii"), True
    charset = name.partition(".")[2].partition("@")[0]
    return (_normalise_codec(charset) if charset else "utf-8"), False


def utf8_mode(config: Config) -> bool:
    """PEP 540 UTF-8 mode: ``-X utf8[=0|1]``, else ``PYTHONUTF8``, else on in C/POSIX."""
    if config.cmdline is not None:
        x = config.cmdline.xoption("utf8")
        if x is not None:
            return x is True or x != "0"
    if config.use_environment:
        value = env_value(config.env, "PYTHONUTF8")
        if value is not None:
            return value != "0"
    return _lc_ctype_encoding(config)[1]


def locale_encoding(config: Config, sw: Behaviour) -> str:
    """The codec ``encoding="locale"`` gives site when it reads a ``.pth`` file (Linux).

    The LC_CTYPE locale is the first non-empty of ``LC_ALL``, ``LC_CTYPE``, ``LANG``
    (``C`` when none is set).  A ``C``/``POSIX`` locale is coerced to ``C.UTF-8``
    (PEP 538) unless ``LC_ALL`` is set or ``PYTHONCOERCECLOCALE=0``; otherwise it stays
    ASCII.  A locale naming a charset (``xx_YY.ISO-8859-1``) is assumed to be installed
    and gives that charset; a locale naming none is taken as UTF-8 (the common case on
    current distributions).  Before 3.11 UTF-8 mode (PEP 540: ``-X utf8``, ``PYTHONUTF8``,
    or on by default in the C/POSIX locale) made the answer UTF-8; from 3.11 the locale
    encoding ignores UTF-8 mode (bpo-47000).
    """
    encoding, _ = _lc_ctype_encoding(config)
    if not sw.pth_locale_ignores_utf8_mode and utf8_mode(config):
        return "utf-8"
    return encoding


def filesystem_encoding(config: Config) -> str:
    """``sys.getfilesystemencoding()`` on Linux: UTF-8 in UTF-8 mode, else the locale's.

    A path that cannot be encoded with it (surrogateescape) makes ``os.path.exists``
    return False: a UTF-8 ``.pth`` line naming ``café`` is never added under
    ``LC_ALL=C PYTHONUTF8=0``.
    """
    return "utf-8" if utf8_mode(config) else _lc_ctype_encoding(config)[0]


# ---------------------------------------------------------------------------------------
# Reading text as site does
# ---------------------------------------------------------------------------------------

# str.splitlines() boundaries (3.13+ .pth files), matched lazily so a 100 MB file with
# millions of lines never becomes one list.
_SPLITLINES = re.compile(
    "([^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*)"
    "(\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]|\\Z)"
)


def _iter_splitlines(text: str) -> Iterator[str]:
    for m in _SPLITLINES.finditer(text):
        if not m.group(0):
            return
        yield m.group(1)


def _iter_text_lines(data: bytes, encoding: str) -> Iterator[str]:
    """Lines of a file opened in text mode (universal newlines, ends kept).

    Decoding happens chunk by chunk as in ``io.TextIOWrapper``, so a decoding error
    surfaces (with its chunk-relative position) only when iteration reaches it, exactly
    as in the target; the host's TextIOWrapper is used as a pure decoder over the bytes.
    """
    wrapper = io.TextIOWrapper(io.BytesIO(data), encoding=encoding)
    yield from wrapper


def _exception_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------


class _Site:
    """One run of ``site.main()``: the mutable state site keeps in module globals."""

    def __init__(
        self,
        target: Interpreter,
        config: Config,
        pc: PathConfig,
        fs: FileSystem,
        sw: Behaviour,
        trace: Trace,
    ) -> None:
        self.target = target
        self.config = config
        self.pc = pc
        self.fs = fs
        self.sw = sw
        self.trace = trace
        self.p = fs.path
        self.nt = fs.flavour == "nt"
        self.path: list[Entry] = []
        self.known: set[str] = set()
        self.dynamic: list[Entry] = []
        self.warnings: list[str] = []
        self.prefix = pc.prefix
        self.exec_prefix = pc.exec_prefix
        self.base_executable = pc.base_executable
        self.flags: dict[str, object] = {}
        self.pth_encoding = locale_encoding(config, sw)
        self.fs_encoding = filesystem_encoding(config)
        v = target.version
        self.xy = f"{v.major}.{v.minor}"
        self.abi_thread = target.build.abi_thread if sw.abi_thread else ""
        self.platlibdir = (pc.platlibdir or "lib") if sw.platlibdir else "lib"
        self.venv_prefix: str | None = None
        #: Whether code other than plain imports ran from a .pth line (it may have
        #: installed an import hook: import failures can no longer be predicted).
        self.hooks_possible = False
        self._listing: dict[str, _Listing | None] = {}
        #: importlib's source then bytecode suffixes (Windows also reads .pyw source)
        self.module_suffixes = (".py", ".pyw", ".pyc") if self.nt else _MODULE_SUFFIXES

    # -- path arithmetic, as site's makepath() --------------------------------------------
    def abspath(self, path: str) -> str:
        """``os.path.abspath`` against the invocation's working directory."""
        p = self.p
        if not p.isabs(path):
            path = p.join(self.config.cwd, path)
        return str(p.normpath(path))

    def makepath(self, *parts: str) -> tuple[str, str]:
        path = self.abspath(self.p.join(*parts)) if parts else self.abspath("")
        return path, str(self.p.normcase(path))

    def pth_makepath(self, sitedir: str, line: str) -> tuple[str, str]:
        """makepath(sitedir, line), skipping normpath when it could change nothing.

        A line with no empty, ``.`` or ``..`` component and no trailing separator is
        already normal (sitedir is); millions of .pth lines stay cheap.
        """
        if (not self.nt and sitedir != "/" and "//" not in line and "/." not in line
                and not line.startswith(".") and not line.endswith("/")):
            path = line if line.startswith("/") else f"{sitedir}/{line}"
            return path, path
        return self.makepath(sitedir, line)

    def encodable(self, path: str) -> bool:
        """Whether ``os.fsencode`` accepts *path* (else os.path.exists says False)."""
        if self.fs_encoding == "utf-8" or path.isascii():
            return True
        try:
            path.encode(self.fs_encoding, "surrogateescape")
        except UnicodeEncodeError:
            return False
        return True

    def isdir(self, path: str) -> bool:
        return self.fs.is_dir(self.abspath(path))

    # -- step 1 ---------------------------------------------------------------------------
    def removeduppaths(self) -> None:
        """Make every entry absolute and normalised; keep the first of duplicates."""
        for entry in self.pc.module_search_paths:
            path, case = self.makepath(entry.path)
            if case in self.known:
                self.trace.add(STAGE, "removeduppaths", f"dropped duplicate {entry.path!r}",
                               entry.path)
                continue
            self.known.add(case)
            if path != entry.path:
                d = self.trace.add(STAGE, "removeduppaths",
                                   f"{entry.path!r} made absolute: {path}", entry.path,
                                   self.config.cwd)
                entry = replace(entry, path=path, decision=d)
            self.path.append(entry)

    # -- step 2 ---------------------------------------------------------------------------
    def venv(self) -> tuple[list[str], bool | None]:
        """site.venv(): returns (PREFIXES, ENABLE_USER_SITE preset or None)."""
        p = self.p
        prefixes = [self.pc.prefix, self.pc.exec_prefix]
        self.flags["sys._home"] = None
        self.flags["in_venv"] = False
        executable = self.pc.executable
        launcher = self.config.env.get("__PYVENV_LAUNCHER__")
        if self.target.platform == "darwin" and launcher is not None:
            # macOS: the stub launcher names the venv's python; site also makes it
            # sys._base_executable.
            executable = self.base_executable = launcher
        exe_dir = p.dirname(self.abspath(executable))
        site_prefix = p.dirname(exe_dir)
        conf = None
        for candidate in (p.join(exe_dir, "pyvenv.cfg"), p.join(site_prefix, "pyvenv.cfg")):
            if self.fs.is_file(candidate):
                conf = candidate
                break
        if conf is None:
            self.trace.add(STAGE, "venv", "no pyvenv.cfg next to the executable or one level up",
                           exe_dir, site_prefix)
            return prefixes, None
        self.flags["pyvenv_cfg"] = conf
        system_site = "true"
        home: str | None = None
        # bpo-25185: read as UTF-8 text, line by line; a decoding error kills startup.
        try:
            data = self.fs.read_bytes(conf)
            for line in _iter_text_lines(data, "utf-8"):
                if "=" in line:
                    key, _, value = line.partition("=")
                    key = key.strip().lower()
                    value = value.strip()
                    if key == "include-system-site-packages":
                        system_site = value.lower()
                    elif key == "home":
                        home = value
        except (OSError, UnicodeDecodeError) as exc:
            self.trace.add(STAGE, "venv", f"reading pyvenv.cfg raised {type(exc).__name__}",
                           conf)
            raise _SiteFailed(_exception_line(exc)) from None
        self.flags["sys._home"] = home
        self.flags["in_venv"] = True
        self.flags["include_system_site_packages"] = system_site == "true"
        if self.sw.venv_in_getpath:
            # gh-126793: getpath set the prefixes; site only checks them.
            for name, value in (("sys.prefix", self.pc.prefix),
                                ("sys.exec_prefix", self.pc.exec_prefix)):
                if value != site_prefix:
                    self.warnings.append(
                        f"RuntimeWarning: Unexpected value in {name}, expected {site_prefix}, "
                        f"got {value}"
                    )
        else:
            self.prefix = self.exec_prefix = site_prefix
        self.venv_prefix = self.prefix
        self.trace.add(STAGE, "venv", f"pyvenv.cfg found: sys.prefix = {self.prefix}, "
                       f"include-system-site-packages = {system_site!r}, home = {home!r}", conf)
        self.addsitepackages([self.prefix], Origin.VENV_SITE_PACKAGES)
        if system_site == "true":
            if self.sw.venv_in_getpath:
                prefixes = [*prefixes, self.pc.base_prefix, self.pc.base_exec_prefix]
            else:
                prefixes = [self.prefix, *prefixes]
            return prefixes, None
        if not self.sw.venv_in_getpath:
            prefixes = [self.prefix]
        self.trace.add(STAGE, "venv", "system site-packages and the user site excluded", conf)
        return prefixes, False

    # -- step 3 ---------------------------------------------------------------------------
    def check_enableusersite(self) -> bool | None:
        inv = self.config.invocation
        if not self.config.user_site_directory:
            return False
        if self.nt:
            return True  # site.py compares ids only where os.getuid exists (not Windows)
        if inv.uid is not None and inv.euid is not None and inv.uid != inv.euid:
            return None
        if inv.gid is not None and inv.egid is not None and inv.gid != inv.egid:
            return None
        return True

    def expanduser_home(self) -> str | None:
        """``~`` as posixpath.expanduser sees it: $HOME, else the password database."""
        env = self.config.env
        if "HOME" in env:
            return env["HOME"]
        return self.config.invocation.passwd_home

    def getuserbase(self) -> str:
        # site reads os.environ directly: -E does not hide PYTHONUSERBASE.
        env_base = self.config.env.get("PYTHONUSERBASE")
        if env_base:
            return env_base
        if self.nt:
            base = self.config.env.get("APPDATA") or "~"
            return self._expanduser(self.p.join(base, "Python"))
        if self.target.platform == "darwin" and self.target.build.framework:
            return self._expanduser(f"~/Library/Python/{self.xy}")
        return self._expanduser("~/.local")

    def _expanduser(self, path: str) -> str:
        if not path.startswith("~"):
            return path
        if self.nt:
            env = self.config.env
            home = env.get("USERPROFILE")
            if home is None and "HOMEPATH" in env:
                home = env.get("HOMEDRIVE", "") + env["HOMEPATH"]
            return path if home is None else home + path[1:]
        home = self.expanduser_home()
        if home is None:
            return path
        root = "/"
        return (home.rstrip(root) + path[1:]) or root

    def getusersitepackages(self, userbase: str) -> str:
        if self.nt:
            ver_nodot = (self.target.build.pywinver or self.xy).replace(".", "")
            return f"{userbase}\\Python{ver_nodot}\\site-packages"
        if self.target.platform == "darwin" and self.target.build.framework:
            return f"{userbase}/lib/python/site-packages"
        return f"{userbase}/lib/python{self.xy}{self.abi_thread}/site-packages"

    # -- step 4 ---------------------------------------------------------------------------
    def getsitepackages(self, prefixes: list[str]) -> list[tuple[str, str, str]]:
        """(prefix, relative part, full path) of each candidate, in site's order."""
        out: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        p = self.p
        debian = self.target.site_flavour == "debian"
        # Debian: a venv is told apart by sys.base_prefix != sys.prefix, at call time.
        in_venv = self.pc.base_prefix != self.prefix
        for prefix in prefixes:
            if not prefix or prefix in seen:
                continue
            seen.add(prefix)
            rels: list[str] = []
            if self.nt and self.sw.nt_site_packages_in_capital_lib:
                rels = ["", "Lib\\site-packages"]
            elif self.nt:
                # before 3.11: os.path.join(prefix, libdir, "site-packages") for each libdir
                rels = [""] + [f"{d}\\site-packages" for d in dict.fromkeys([self.platlibdir, "lib"])]
            else:
                libdirs = [self.platlibdir]
                if self.platlibdir != "lib":
                    libdirs.append("lib")
                pyxy = f"python{self.xy}{self.abi_thread}"
                if debian:
                    if in_venv:
                        rels.append(f"lib/python{self.xy}/site-packages")
                    rels.append(f"local/lib/python{self.xy}/dist-packages")
                    rels.append("lib/python3/dist-packages")
                    rels.extend(f"{libdir}/python{self.xy}/dist-packages" for libdir in libdirs)
                else:
                    rels.extend(f"{libdir}/{pyxy}/site-packages" for libdir in libdirs)
            for rel in rels:
                out.append((prefix, rel, p.join(prefix, rel) if rel else prefix))
        return out

    def addsitepackages(self, prefixes: list[str], origin: str) -> None:
        for prefix, rel, sitedir in self.getsitepackages(prefixes):
            if not self.isdir(sitedir):
                self.trace.add(STAGE, "site-packages", f"{sitedir} is not a directory", prefix)
                continue
            o = origin
            if self.venv_prefix is not None and prefix == self.venv_prefix:
                o = Origin.VENV_SITE_PACKAGES
            self.addsitedir(sitedir, o, f"prefix {prefix}: {rel or '.'}")

    # -- step 5 ---------------------------------------------------------------------------
    def addsitedir(self, sitedir: str, origin: str, detail: str) -> None:
        sitedir, case = self.makepath(sitedir)
        if case not in self.known:
            d = self.trace.add(STAGE, "addsitedir", f"added {sitedir}", detail)
            self.path.append(Entry(sitedir, origin, detail, exists=True, decision=d))
            self.known.add(case)
        else:
            self.trace.add(STAGE, "addsitedir", f"{sitedir} already on sys.path", detail)
        try:
            names = self.fs.list_dir(sitedir)
        except OSError:
            return
        pth = []
        for name in names:
            if not name.endswith(".pth"):
                continue
            if self.sw.skip_hidden_pth and name.startswith("."):
                # gh-113659: hidden .pth files are skipped.
                self.trace.add(STAGE, "hidden .pth", f"skipped {name}", self.p.join(sitedir, name))
                continue
            pth.append(name)
        for name in sorted(pth):
            self.addpackage(sitedir, name)

    def _pth_lines(self, fullname: str, data: bytes) -> Iterator[tuple[int, str]]:
        """(line number, line) as site iterates them; raises _SiteFailed on bad bytes."""
        if self.sw.pth_utf8_sig_first:
            # gh-77102: UTF-8 (BOM allowed) first, the locale encoding as a fallback.
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                try:
                    text = data.decode(self.pth_encoding)
                except UnicodeDecodeError as exc:
                    self.trace.add(STAGE, ".pth encoding",
                                   f"neither UTF-8 nor {self.pth_encoding}: import site fails",
                                   fullname)
                    raise _SiteFailed(_exception_line(exc)) from None
                self.trace.add(STAGE, ".pth encoding",
                               f"not UTF-8, decoded as {self.pth_encoding}", fullname)
        else:
            text = ""
        if self.sw.pth_splitlines:
            for n, line in enumerate(_iter_splitlines(text), 1):
                yield n, line
            return
        lines = (text.splitlines(keepends=True) if self.sw.pth_utf8_sig_first
                 else _iter_text_lines(data, self.pth_encoding))
        try:
            for n, line in enumerate(lines, 1):
                yield n, line
        except UnicodeDecodeError as exc:
            self.trace.add(STAGE, ".pth encoding",
                           f"not {self.pth_encoding}: import site fails", fullname)
            raise _SiteFailed(_exception_line(exc)) from None

    def addpackage(self, sitedir: str, name: str) -> None:
        fullname = self.p.join(sitedir, name)
        try:
            data = self.fs.read_bytes(fullname)
        except OSError as exc:
            self.trace.add(STAGE, ".pth file", f"cannot be opened ({exc.strerror}): ignored",
                           fullname)
            return
        added = missing = known = imports = 0
        seen: dict[str, None] = {}
        for n, line in self._pth_lines(fullname, data):
            if line.startswith("#"):
                continue
            # Blank lines: skipped explicitly from 3.10; before, they resolved to the
            # site directory itself, already known -- the same outcome.
            if line.strip() == "":
                continue
            where = f"{fullname} line {n}"
            if line.startswith(("import ", "import\t")):
                imports += 1
                code = line.rstrip("\r\n")
                shown = code if len(code) <= 160 else code[:157] + "..."
                d = self.trace.add(STAGE, ".pth import line", f"not executed: {shown}", where)
                self.dynamic.append(Entry(
                    fullname, Origin.PTH_IMPORT,
                    f"{where}: {shown} (executed by site; can change sys.path at run time; "
                    "if it raises, the rest of the file is ignored)",
                    exists=True, decision=d,
                ))
                error = _syntax_error(line, self.sw.nul_in_source_is_syntax_error)
                if error is None and not self.hooks_possible:
                    error = next(
                        (e for e in map(self.import_error, _imported_names(line)) if e), None)
                if error is None and not _plain_import(line):
                    self.hooks_possible = True
                if error is not None:
                    self.warnings.append(
                        f"Error processing line {n:d} of {fullname}:\n\n  {error}\n\n"
                        "Remainder of file ignored"
                    )
                    self.trace.add(STAGE, ".pth import line",
                                   f"raises {error}: remainder of file ignored", where)
                    break
                continue
            line = line.rstrip()
            if line in seen:
                # The same text again: it resolved to the same path, which is now on
                # sys.path or still missing (nothing runs in between).
                known += 1
                continue
            if len(seen) < _PTH_MEMO:
                seen[line] = None
            path, case = self.pth_makepath(sitedir, line)
            if case in self.known:
                known += 1
                continue
            if not self.encodable(path) or not self.fs.exists(path):
                missing += 1
                continue
            d = self.trace.add(STAGE, ".pth line", f"added {path}", where)
            self.path.append(Entry(path, Origin.PTH_LINE, where, exists=True, decision=d))
            self.known.add(case)
            added += 1
        self.trace.add(STAGE, ".pth file",
                       f"{added} added, {known} repeated or already on sys.path, {missing} missing, "
                       f"{imports} import lines", fullname)

    def import_error(self, dotted: str) -> str | None:
        """The error ``import dotted`` raises for want of a module, or None when it would
        be found (or cannot be judged: a built-in or frozen top-level module).

        Only the import system's search is modelled: a regular package or module in the
        first path entry that has one, else a namespace package over every directory of
        that name; a submodule in its parent package's directories.
        """
        parts = dotted.split(".")
        dirs = [self.abspath(e.path) for e in self.path]
        for i, part in enumerate(parts):
            name = ".".join(parts[: i + 1])
            kind, found = self._find_in(dirs, part)
            if kind is None:
                if i == 0 and part in _BUILTIN_OR_EXTENSION:
                    return None  # possibly built in or frozen: cannot be judged
                return f"ModuleNotFoundError: No module named {name!r}"
            if i + 1 < len(parts) and kind == "module":
                return (f"ModuleNotFoundError: No module named {'.'.join(parts[: i + 2])!r}; "
                        f"{name!r} is not a package")
            dirs = found
        return None

    def _find_in(self, dirs: list[str], part: str) -> tuple[str | None, list[str]]:
        """Search *dirs* for *part*: ("package"|"namespace", its dirs) or ("module", [])."""
        portions: list[str] = []
        p = self.p
        for d in dirs:
            listing = self._names_in(d)
            if listing is None or not listing.names:
                continue
            names = listing.names
            if part in names and self.fs.is_dir(p.join(d, part)):
                sub = p.join(d, part)
                sub_listing = self._names_in(sub)
                if sub_listing is not None and sub_listing.starting_with("__init__."):
                    return "package", [sub]
                portions.append(sub)
                continue
            if any(n.endswith((".py", ".pyc", ".so", ".pyd"))
                   for n in listing.starting_with(part + ".")):
                return "module", []
            if part in names and self.fs.is_file(d):
                return "module", []  # a zip archive's member directory, roughly
        if portions:
            return "namespace", portions
        return None, []

    def _names_in(self, path: str) -> _Listing | None:
        """The names the import system sees in path entry *path*: a directory's
        listing or a zip archive's top-level names (None: neither)."""
        if path in self._listing:
            return self._listing[path]
        listing = None
        kind = self.fs.kind(path)
        if kind == "dir":
            try:
                listing = _dir_listing(tuple(self.fs.list_dir(path)))
            except OSError:
                listing = None
        elif kind == "file":
            members = zip_names(self.fs, path)
            if members is not None:
                listing = _Listing(m.rstrip("/").split("/")[0] for m in members)
        self._listing[path] = listing
        return listing

    def find_module(self, path: str, module: str) -> str | None:
        """Where the path entry *path* would find top-level *module* (a regular module
        or package; namespace portions run no code and are not reported).

        As the import system's FileFinder: the directory's listing decides which names
        exist (a package directory is looked at only when its name is listed), then
        ``__init__`` of a package, then extension modules before source and bytecode.
        """
        fs = self.fs
        kind = fs.kind(path)
        if kind == "dir":
            listing = self._names_in(path)
            if listing is None:
                return None
            p = self.p
            if module in listing.names:
                pkg = p.join(path, module)
                if fs.is_dir(pkg):
                    for suffix in self.module_suffixes:
                        init = p.join(pkg, "__init__" + suffix)
                        if fs.is_file(init):
                            return str(init)
            candidates = listing.starting_with(module + ".")
            if not candidates:
                return None
            ranked = sorted((r, n) for n in candidates
                            if (r := self._extension_rank(n[len(module) + 1:])) is not None)
            for name in [n for _, n in ranked] + [module + s for s in self.module_suffixes]:
                if name in candidates and fs.is_file(p.join(path, name)):
                    return str(p.join(path, name))
            return None
        if kind == "file":
            members = zip_names(fs, path)
            if members is None:
                return None
            for inner in (f"{module}/__init__.pyc", f"{module}/__init__.py", f"{module}.pyc",
                          f"{module}.py"):
                if inner in members:
                    return f"{path}{fs.sep}{inner}"
        return None

    def _extension_rank(self, suffix: str) -> int | None:
        """Where ``name.SUFFIX`` comes in importlib's EXTENSION_SUFFIXES (None: not one).

        The tagged suffix of this version comes first (``cpython-312-x86_64-linux-gnu.so``,
        ``cpython-312d-darwin.so``, ``cp312-win_amd64.pyd``), then ``abi3.so`` (POSIX),
        then the bare ``so`` / ``pyd``; a tag of another version is never imported.
        """
        v = self.target.version
        if self.nt:
            if suffix == "pyd":
                return 2
            return 0 if re.fullmatch(rf"cp{v.major}{v.minor}[td]?(?:_d)?-[\w]+\.pyd", suffix) else None
        if suffix == "so":
            return 2
        if suffix == "abi3.so":
            return 1
        tag = rf"cpython-{v.major}{v.minor}{re.escape(self.abi_thread)}d?(?:-[\w.-]+)?\.so"
        return 0 if re.fullmatch(tag, suffix) else None

    # -- step 6 ---------------------------------------------------------------------------
    def find_customize(self, module: str, origin: str) -> None:
        for entry in self.path:
            found = self.find_module(self.abspath(entry.path), module)
            if found is None:
                continue
            d = self.trace.add(STAGE, module, f"found {found}: imported by site, not executed",
                               entry.path)
            self.dynamic.append(Entry(
                found, origin, f"{module} at {found} can change sys.path at run time",
                exists=True, decision=d,
            ))
            return
        self.trace.add(STAGE, module, f"no {module} module on sys.path")

    # -- main -----------------------------------------------------------------------------
    def main(self) -> None:
        self.removeduppaths()
        prefixes, enable = self.venv()
        if enable is None:
            enable = self.check_enableusersite()
        user_base = self.getuserbase()
        user_site = self.getusersitepackages(user_base)
        self.flags["USER_BASE"] = user_base
        self.flags["USER_SITE"] = user_site
        if enable and self.isdir(user_site):
            self.addsitedir(user_site, Origin.USER_SITE, f"user site of USER_BASE {user_base}")
        else:
            why = ("not a directory" if enable else
                   "disabled" if enable is False else "disabled for security (uid/gid)")
            self.trace.add(STAGE, "user site", f"{user_site} not added: {why}", user_base)
        self.flags["ENABLE_USER_SITE"] = enable
        self.flags["PREFIXES"] = list(prefixes)
        self.addsitepackages(prefixes, Origin.SITE_PACKAGES)
        self.find_customize("sitecustomize", Origin.SITECUSTOMIZE)
        if enable:
            self.find_customize("usercustomize", Origin.USERCUSTOMIZE)


@functools.lru_cache(maxsize=1024)
def _syntax_error(line: str, nul_is_syntax_error: bool) -> str | None:
    """The exception ``exec(line)`` raises before running anything, if the line cannot
    compile (as the final traceback line), else None.

    Compiling is not executing; the host's grammar stands in for the target's, which is
    the same for import statements.  A NUL character is judged by the target's rule
    (gh-96670: *nul_is_syntax_error*).
    """
    if "\x00" in line:
        kind = "SyntaxError" if nul_is_syntax_error else "ValueError"
        return f"{kind}: source code string cannot contain null bytes"
    try:
        compile(line, "<string>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return f"{type(exc).__name__}: {exc.msg}"
    return None


@functools.lru_cache(maxsize=1024)
def _imported_names(line: str) -> list[str]:
    """Modules an ``import`` line imports, in order: ``exec`` runs every statement of
    the line, so ``import os; import nosuch`` fails on its second one.  Only the
    leading run of plain ``import`` statements is judged (code after anything else
    could have changed the import system)."""
    try:
        tree = ast.parse(line)
    except (SyntaxError, ValueError):
        return []
    names: list[str] = []
    for stmt in tree.body:
        if not isinstance(stmt, ast.Import):
            break
        names.extend(alias.name for alias in stmt.names)
    return names


@functools.lru_cache(maxsize=1024)
def _plain_import(line: str) -> bool:
    """Whether the line holds nothing but import statements (runs no other code that
    could install an import hook)."""
    try:
        tree = ast.parse(line)
    except (SyntaxError, ValueError):
        return False
    return all(isinstance(stmt, (ast.Import, ast.ImportFrom)) for stmt in tree.body)


#: Modules that can be built into the interpreter or shipped as stdlib extension modules
#: (collected from the builtin_module_names and lib-dynload of CPython 3.8-3.14 builds,
#: Debian's included) and frozen ones: present even when no path entry holds them.
_BUILTIN_OR_EXTENSION_NAMES = """
_abc _ast _asyncio _bisect _blake2 _bz2 _codecs _codecs_cn _codecs_hk _codecs_iso2022
_codecs_jp _codecs_kr _codecs_tw _collections _contextvars _crypt _csv _ctypes _ctypes_test
_curses _curses_panel _datetime _dbm _decimal _elementtree _functools _gdbm _hashlib _heapq
_hmac _imp _interpchannels _interpqueues _interpreters _io _json _locale _lsprof _lzma _md5
_multibytecodec _multiprocessing _opcode _opcode_metadata _operator _peg_parser _pickle
_posixshmem _posixsubprocess _queue _random _remote_debugging _sha1 _sha2 _sha256 _sha3
_sha512 _signal _socket _sqlite3 _sre _ssl _stat _statistics _string _struct _suggestions
_symtable _sysconfig _testbuffer _testcapi _testclinic _testclinic_limited
_testexternalinspection _testimportmultiple _testinternalcapi _testlimitedcapi
_testmultiphase _testsinglephase _thread _tkinter _tokenize _tracemalloc _types _typing
_uuid _warnings _weakref _xxinterpchannels _xxsubinterpreters _xxtestfuzz _zoneinfo _zstd
array atexit audioop binascii builtins cmath errno faulthandler fcntl gc grp itertools
marshal math mmap nis ossaudiodev parser posix pwd pyexpat readline resource select spwd
sys syslog termios time unicodedata xxlimited xxlimited_35 xxsubtype zlib
_collections_abc _frozen_importlib _frozen_importlib_external _sitebuiltins abc codecs
genericpath io ntpath os posixpath runpy site stat zipimport importlib __hello__ __phello__
"""
_BUILTIN_OR_EXTENSION = frozenset(_BUILTIN_OR_EXTENSION_NAMES.split())


_MODULE_SUFFIXES = (".py", ".pyc")
#: How many distinct .pth lines of one file are remembered (bounded memory).
_PTH_MEMO = 1 << 17


class _Listing:
    """The names in one path entry, with a fast search by prefix (directories such as
    the stdlib hold hundreds of names, searched several times per startup)."""

    __slots__ = ("joined", "names")

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        self.joined = "\n" + "\n".join(self.names) + "\n"

    def starting_with(self, prefix: str) -> list[str]:
        """The names that start with *prefix*."""
        joined = self.joined
        needle = "\n" + prefix
        out = []
        i = joined.find(needle)
        while i >= 0:
            end = joined.index("\n", i + 1)
            out.append(joined[i + 1:end])
            i = joined.find(needle, end)
        return out


@functools.lru_cache(maxsize=256)
def _dir_listing(names: tuple[str, ...]) -> _Listing:
    """One :class:`_Listing` per distinct directory content (the stdlib's is built once)."""
    return _Listing(names)


def zip_names(fs: FileSystem, path: str) -> set[str] | None:
    """The member names of zip archive *path* (as zipimport sees it), or None if it is
    not one."""
    try:
        data = fs.read_bytes(path)
    except OSError:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def run_site(
    target: Interpreter,
    config: Config,
    pc: PathConfig,
    fs: FileSystem,
    sw: Behaviour,
    trace: Trace,
) -> SiteResult:
    """``sys.path`` and the prefixes after ``import site`` (or without it, under -S)."""
    if not config.site_import:
        trace.add(STAGE, "import site", "site is not imported (-S or a ._pth file): "
                  "sys.path is the module search path, unchanged")
        return SiteResult(
            prefix=pc.prefix,
            exec_prefix=pc.exec_prefix,
            base_executable=pc.base_executable,
            entries=pc.module_search_paths,
        )
    site = _Site(target, config, pc, fs, sw, trace)
    fatal = None
    try:
        site.main()
    except _SiteFailed as exc:
        fatal = site_fatal(sw, exc.line)
        trace.add(STAGE, "import site", "site raised: startup fails (exit status 1)", exc.line)
    return SiteResult(
        prefix=site.prefix,
        exec_prefix=site.exec_prefix,
        base_executable=site.base_executable,
        entries=tuple(site.path),
        dynamic=tuple(site.dynamic),
        warnings=tuple(site.warnings),
        fatal=fatal,
        flags=site.flags,
    )
