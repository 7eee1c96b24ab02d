"""The site stage: what ``import site`` does to ``sys.path`` and the prefixes.

This follows ``site.main()`` of CPython 3.8-3.15 (and Debian's patched ``site.py`` when
``target.site_flavour == "debian"``), step by step, without running anything:

1. ``removeduppaths()`` -- every entry of ``module_search_paths`` is made absolute against
   the working directory and normalised, and later duplicates are dropped;
2. ``venv()`` -- a ``pyvenv.cfg`` next to ``sys.executable`` or one directory up (site
   looks in the executable's directory *first*; getpath looks one level up first) makes
   ``sys.prefix``/``sys.exec_prefix`` the venv (3.14: getpath already did, site only
   checks, gh-126793) and adds the venv's site-packages;
3. the user site (``~/.local/lib/pythonX.Y/site-packages``), when enabled and a directory;
4. the site-packages of every prefix in ``site.PREFIXES``;
5. every ``*.pth`` file of each directory added in 3-4 (and 2), in sorted name order
   (3.15, PEP 829: then its ``*.start`` files; all paths of 2-4 are added before any
   ``.pth`` import line or ``.start`` entry point runs, :mod:`~pywhence.startup.site_batch`);
6. ``sitecustomize`` / ``usercustomize``: found on the resulting path, reported, never run.

What can change ``sys.path`` only at run time -- a ``.pth`` ``import`` line, a ``.start``
entry point, sitecustomize, usercustomize -- is reported in :attr:`SiteResult.dynamic`,
in the order CPython runs it, and never executed.

All input comes from the target facts, the config, the path configuration and the
filesystem; the locale encoding site uses for ``.pth`` files is derived from the
invocation's environment (see :func:`~pywhence.startup.site_pth.locale_encoding`).

This module holds ``main()``, ``venv()``, the user site and ``getsitepackages()``
(Debian's flavour included); step 5, ``addsitedir()``/``addpackage()`` and the ``.pth``
files, is :mod:`~pywhence.startup.site_pth`; what an import would find (step 6, and
``.pth`` import lines) is :mod:`~pywhence.startup.site_finder`.
"""

from __future__ import annotations

from .._record import field, record, replace
from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .initconfig import Config
from .result import Entry, Origin, PathConfig
from .site_batch import _BatchSiteDirs
from .site_finder import zip_names
from .site_pth import (
    STAGE,
    _exception_line,
    _iter_text_lines,
    _SiteFailed,
    filesystem_encoding,
    locale_encoding,
    utf8_mode,
)
from .special_files import read_lines_prefix

# The encodings (site_pth.py) and zip_names (site_finder.py, used by path0.py) keep the
# names this module always offered.
__all__ = ["SiteResult", "filesystem_encoding", "locale_encoding", "run_site", "site_fatal",
           "utf8_mode", "zip_names"]


@record
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


def site_fatal(sw: Behaviour, exception_line: str) -> str:
    """The fatal error CPython prints when ``import site`` raises (traceback omitted).

    3.8 names the C function by hand, misspelt ``init_import_size``; from 3.9 on
    Py_FatalError() adds the real name (bpo-39882).  3.15 reports the runtime as only
    core initialized at that point.
    """
    func = "init_import_site" if sw.fatal_error_names_function else "init_import_size"
    state = "core initialized" if sw.site_fails_at_core_initialized else "initialized"
    return (
        f"Fatal Python error: {func}: Failed to import the site module\n"
        f"Python runtime state: {state}\n"
        f"{exception_line}"
    )


# ---------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------


class _Site(_BatchSiteDirs):
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
        super().__init__(target, config, fs, sw, trace)
        self.pc = pc
        self.prefix = pc.prefix
        self.exec_prefix = pc.exec_prefix
        self.base_executable = pc.base_executable
        self.flags: dict[str, object] = {}
        v = target.version
        self.xy = f"{v.major}.{v.minor}"
        self.abi_thread = target.build.abi_thread if sw.abi_thread else ""
        self.platlibdir = (pc.platlibdir or "lib") if sw.platlibdir else "lib"
        self.venv_prefix: str | None = None

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
                # the exists column speaks of the path shown: '' became the cwd
                entry = replace(entry, path=path, decision=d, exists=self._exists(path))
            self.path.append(entry)

    def _exists(self, path: str) -> bool:
        try:
            return self.fs.exists(path)
        except OSError:
            return False

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
            data = read_lines_prefix(self.fs, conf)  # a huge file: its first lines
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
                    # Debian's patch: only this last, deprecated entry carries the 't'
                    rels.extend(f"{libdir}/{pyxy}/dist-packages" for libdir in libdirs)
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

    # -- step 6 ---------------------------------------------------------------------------
    def find_customize(self, module: str, origin: str) -> None:
        for entry in self.path:
            found = self.finder.find_module(self.abspath(entry.path), module)
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
        if self.batch:
            # PEP 829: the batch is processed once, every path before any code runs
            self.process()
        self.find_customize("sitecustomize", Origin.SITECUSTOMIZE)
        if enable:
            self.find_customize("usercustomize", Origin.USERCUSTOMIZE)


def run_site(
    target: Interpreter,
    config: Config,
    pc: PathConfig,
    fs: FileSystem,
    sw: Behaviour,
    trace: Trace,
) -> SiteResult:
    """``sys.path`` and the prefixes after ``import site`` (or without it, under -S)."""
    # Without site (-S), or with another module run as site, sys.path stays as getpath
    # left it, and so do the prefixes.
    unchanged = SiteResult(prefix=pc.prefix, exec_prefix=pc.exec_prefix,
                           base_executable=pc.base_executable, entries=pc.module_search_paths)
    if not config.site_import:
        trace.add(STAGE, "import site", "site is not imported (-S or a ._pth file): "
                  "sys.path is the module search path, unchanged")
        return unchanged
    lookalike = _lookalike_site(target, config, pc, fs, sw)
    if lookalike is not None:
        d = trace.add(STAGE, "import site", f"{lookalike} is imported as site, instead of "
                      "the standard library's: it runs, and site-packages are not added",
                      "PYTHONPATH")
        return replace(unchanged, dynamic=(Entry(
            lookalike, Origin.SITE_MODULE, f"{lookalike} runs as the site module at "
            "startup and can change sys.path at run time", exists=True, decision=d),))
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


def _lookalike_site(target: Interpreter, config: Config, pc: PathConfig, fs: FileSystem,
                    sw: Behaviour) -> str | None:
    """The ``site`` module that ``import site`` at startup finds on PYTHONPATH, before
    the standard library's own, or None.

    ``init_import_site`` imports site through the import system with ``sys.path`` as
    getpath left it: the frozen site answers first where the build freezes it (3.11+,
    frozen modules on: not a debug build's default, not with ``-X frozen_modules=off``);
    otherwise the first entry that has a ``site`` module gives it, and a PYTHONPATH entry
    comes before the standard library.
    """
    from ..target.dynload import is_debug_build
    from ..target.frozentab import frozen_modules_setting
    from .getopt import first_xoption
    from .initconfig import env_value
    from .site_finder import _ImportFinder

    if not any(e.origin == Origin.PYTHONPATH for e in pc.module_search_paths):
        return None
    if sw.frozen_stdlib:
        env = env_value(config.env, "PYTHON_FROZEN_MODULES") if config.use_environment else None
        frozen, _why, _fatal = frozen_modules_setting(
            sw, first_xoption(config.cmdline, "frozen_modules"), env, is_debug_build(target))
        if frozen:
            return None
    finder = _ImportFinder(target, fs, sw)
    p = fs.path
    for entry in pc.module_search_paths:
        where = entry.path if p.isabs(entry.path) else p.join(config.cwd, entry.path)
        found = finder.find_module(where, "site")
        if found is not None:
            return found if entry.origin == Origin.PYTHONPATH else None
    return None
