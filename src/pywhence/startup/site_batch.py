"""``Lib/site.py`` 3.15+ (PEP 829): ``StartupState``, the batch of ``.pth`` and ``.start`` files.

From 3.15 ``site.main()`` reads every site directory of the startup -- the venv's, the
user site, the system ones -- into one ``StartupState`` before anything runs, then
``process()``\\ es it in three phases:

1. ``_extend_syspath()``: each site directory, then the paths its ``.pth`` files name,
   in reading order; a path already in ``sys.path`` (the same string) is skipped, a
   ``.pth`` path that does not exist is reported on stderr;
2. ``_exec_imports()``: the ``.pth`` ``import`` lines, file by file -- except those of
   ``name.pth`` when ``name.start`` of the same directory was read (even an empty one);
   an import line that raises is reported and the next one still runs;
3. ``_execute_start_entrypoints()``: the ``.start`` files' ``pkg.mod:callable`` entry
   points, resolved with ``pkgutil.resolve_name(strict=True)`` and called.

A site directory's ``.pth`` files are read first (sorted), then its ``.start`` files
(sorted); names starting with ``.`` are skipped.  ``.start`` files are UTF-8 (BOM
allowed) with no locale fallback: one that cannot be read or decoded is ignored, so it
suppresses nothing.  Nothing is run here: phases 2 and 3 are reported in
:attr:`~pywhence.startup.site.SiteResult.dynamic`, in the order 3.15 runs them, with the
errors the import system would raise for want of a module.

:class:`_BatchSiteDirs` sits between :class:`~pywhence.startup.site_pth._SiteDirs`
(``addsitedir()``/``addpackage()`` of 3.8-3.14, used while the ``site_startup_batch``
switch is off) and :class:`~pywhence.startup.site._Site`.
"""

from __future__ import annotations

from .._record import replace
from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .initconfig import Config
from .result import Entry, Origin
from .site_pth import (
    STAGE,
    _iter_splitlines,
    _shown,
    _SiteDirs,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

#: pkgutil.resolve_name(strict=True)'s pattern (Lib/pkgutil.py, 3.15): only
#: ``pkg.mod:obj.attr`` is accepted.
_DOTTED_WORDS = r"(?!\d)(\w+)(\.(?!\d)(\w+))*"
_STRICT: list[re.Pattern[str]] = []


def _strict_pattern() -> re.Pattern[str]:
    if not _STRICT:
        import re

        _STRICT.append(re.compile(f"^(?P<pkg>{_DOTTED_WORDS})(?P<cln>:(?P<obj>{_DOTTED_WORDS}))$",
                                  re.UNICODE))
    return _STRICT[0]


class _BatchSiteDirs(_SiteDirs):
    """``addsitedir()`` over one ``StartupState`` when ``site_startup_batch`` holds."""

    def __init__(
        self,
        target: Interpreter,
        config: Config,
        fs: FileSystem,
        sw: Behaviour,
        trace: Trace,
    ) -> None:
        super().__init__(target, config, fs, sw, trace)
        self.batch = sw.site_startup_batch
        #: Site directories read in this batch (case-normalised).
        self._processed: set[str] = set()
        #: What phase 1 appends: (.pth file or None for a site directory, path,
        #: the .pth line number or the site directory's (origin, detail)).
        self._ledger: list[tuple[str | None, str, int | tuple[str, str]]] = []
        #: .pth file -> its import lines (line number, stripped line).
        self._imports: dict[str, list[tuple[int, str]]] = {}
        #: .start file -> its entry points (line number, entry point), in reading order.
        self._entrypoints: dict[str, list[tuple[int, str]]] = {}
        # gh-149819: main()'s batch starts with no known paths (removeduppaths() keeps
        # its own set); before, site shared that set.
        self._batch_known: set[str] = set() if sw.site_known_paths_start_empty else self.known
        self._stderr_encoding = self._stderr_codec()

    def _stderr_codec(self) -> str:
        """``sys.stderr``'s encoding: PYTHONIOENCODING's, else UTF-8 in UTF-8 mode (and on
        Windows consoles), else the locale's (the filesystem encoding's rule on Linux)."""
        io = self.config.env.get("PYTHONIOENCODING") if self.config.use_environment else None
        name = (io or "").partition(":")[0]
        if name:
            import codecs

            try:
                return codecs.lookup(name).name
            except LookupError:
                pass  # CPython dies before site runs; not this stage's concern
        return "utf-8" if self.nt else self.fs_encoding

    def say(self, message: str) -> None:
        """A line site prints on stderr, as it reaches the terminal: stderr writes what
        its encoding cannot hold (and undecodable bytes of file names) as backslash escapes
        (``caf\\xe9`` in the C locale)."""
        enc = self._stderr_encoding
        if not message.isascii():
            message = message.encode(enc, "backslashreplace").decode(enc)
        self.warnings.append(message)

    # -- reading --------------------------------------------------------------------------
    def addsitedir(self, sitedir: str, origin: str, detail: str) -> None:
        if not self.batch:
            super().addsitedir(sitedir, origin, detail)
            return
        sitedir, case = self.makepath(sitedir)
        if case in self._processed:
            self.trace.add(STAGE, "addsitedir", f"{sitedir} already read in this batch", detail)
            return
        self._processed.add(case)
        if case not in self._batch_known:
            self._batch_known.add(case)
            self._ledger.append((None, sitedir, (origin, detail)))
        try:
            names = self.fs.list_dir(sitedir)
        except OSError:
            return
        pth: list[str] = []
        start: list[str] = []
        for name in names:
            if name.endswith(".pth"):
                kind = pth
            elif self.sw.site_start_files and name.endswith(".start"):
                kind = start
            else:
                continue
            if name.startswith("."):
                self.trace.add(STAGE, "hidden file", f"skipped {name}", self.p.join(sitedir, name))
                continue
            kind.append(name)
        for name in sorted(pth):
            self.read_pth(sitedir, name)
        for name in sorted(start):
            self.read_start(sitedir, name)

    def read_pth(self, sitedir: str, name: str) -> None:
        """``StartupState._read_pth_file()``: paths into the ledger, import lines aside."""
        fullname = self.p.join(sitedir, name)
        try:
            data = self.fs.read_bytes(fullname)
        except OSError as exc:
            self.trace.add(STAGE, ".pth file", f"cannot be read ({exc.strerror}): ignored", fullname)
            return
        if self.sw.pth_locale_fallback:
            lines = self._pth_lines(fullname, data)  # UTF-8, then the locale encoding
        else:
            try:
                lines = enumerate(_iter_splitlines(data.decode("utf-8-sig")), 1)
            except UnicodeDecodeError:
                self.trace.add(STAGE, ".pth encoding", "not UTF-8: ignored", fullname)
                return
        added = known = imports = 0
        strip = self.sw.pth_lines_stripped
        for n, raw in lines:
            line = raw.strip() if strip else raw
            if not line or line.startswith("#") or (not strip and not line.strip()):
                continue
            if line.startswith(("import ", "import\t")):
                imports += 1
                if self.sw.pth_import_lines_ignored:
                    where = f"{fullname} line {n}"
                    self.trace.add(STAGE, ".pth import line", f"ignored (PEP 829): {_shown(line)}", where)
                    if self.sw.pth_import_lines_warned:
                        self.say(f"{where}: import lines in .pth files are ignored "
                                             f"(PEP 829): {_shown(line)}")
                    continue
                self._imports.setdefault(fullname, []).append((n, line))
                continue
            path, case = self.pth_makepath(sitedir, line if strip else line.rstrip())
            if case in self._batch_known:
                known += 1
                continue
            self._ledger.append((fullname, path, n))
            self._batch_known.add(case)
            added += 1
        self.trace.add(STAGE, ".pth file", f"{added} paths to add, {known} repeated or known, "
                       f"{imports} import lines", fullname)

    def read_start(self, sitedir: str, name: str) -> None:
        """``StartupState._read_start_file()``: the file is registered (so it suppresses
        ``name.pth``'s import lines) once read, whatever it holds."""
        fullname = self.p.join(sitedir, name)
        try:
            data = self.fs.read_bytes(fullname)
        except OSError as exc:
            self.trace.add(STAGE, ".start file", f"cannot be read ({exc.strerror}): ignored", fullname)
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # PEP 829: no locale fallback for .start files; not registered either
            self.trace.add(STAGE, ".start file", "not UTF-8: ignored", fullname)
            return
        points = self._entrypoints.setdefault(fullname, [])
        for n, raw in enumerate(_iter_splitlines(text), 1):
            line = raw.strip()
            if line and not line.startswith("#"):
                points.append((n, line))
        self.trace.add(STAGE, ".start file", f"{len(points)} entry points", fullname)

    # -- processing -----------------------------------------------------------------------
    def process(self) -> None:
        """``StartupState.process()``: paths first, then import lines, then entry points."""
        self._extend_syspath()
        self._exec_imports()
        self._execute_start_entrypoints()

    def _extend_syspath(self) -> None:
        on_path = {e.path for e in self.path}
        for source, path, where in self._ledger:
            if path in on_path:
                self.trace.add(STAGE, "extend sys.path", f"{path} already in sys.path", source or path)
                continue
            on_path.add(path)
            if isinstance(where, tuple):  # a site directory: appended unconditionally
                origin, detail = where
                d = self.trace.add(STAGE, "addsitedir", f"added {path}", detail)
                self.path.append(Entry(path, origin, detail, exists=True, decision=d))
            elif source is not None and self.encodable(path) and self.fs.exists(path):
                detail = f"{source} line {where}"
                d = self.trace.add(STAGE, ".pth line", f"added {path}", detail)
                self.path.append(Entry(path, Origin.PTH_LINE, detail, exists=True, decision=d))
            else:
                self.trace.add(STAGE, ".pth line", f"{path} does not exist", f"{source} line {where}")
                if self.sw.pth_missing_dir_reported:
                    self.say(f"In {source}: {path} does not exist; skipping sys.path append")

    def _exec_imports(self) -> None:
        for fullname, lines in self._imports.items():
            stem = fullname.rpartition(".")[0]
            if self.sw.start_file_suppresses_pth_imports and f"{stem}.start" in self._entrypoints:
                self.trace.add(STAGE, ".pth import lines",
                               f"not run: {stem}.start was read in the same batch (PEP 829)",
                               fullname)
                continue
            for n, line in lines:
                self._import_line(fullname, n, line)

    def _import_line(self, fullname: str, n: int, line: str) -> None:
        where = f"{fullname} line {n}"
        shown = _shown(line)
        d = self.trace.add(STAGE, ".pth import line", f"not executed: {shown}", where)
        self.dynamic.append(Entry(
            fullname, Origin.PTH_IMPORT,
            f"{where}: {line} (executed by site once every path of the batch is on sys.path; "
            "can change sys.path at run time)",
            exists=True, decision=d,
        ))
        error = self.import_line_error(line)
        if error is not None:
            self.trace.add(STAGE, ".pth import line", f"raises {error}; the next line still runs", where)
            last = self.dynamic[-1]
            self.dynamic[-1] = replace(last, detail=f"{last.detail} [raises {error}]")
            if self.sw.pth_errors_do_not_stop_file:
                self.say(f"Error in import line from {fullname}: {line}\n  {error}")

    def _execute_start_entrypoints(self) -> None:
        for fullname, points in self._entrypoints.items():
            for n, point in points:
                self._entry_point(fullname, n, point)

    def _entry_point(self, fullname: str, n: int, point: str) -> None:
        where = f"{fullname} line {n}"
        m = _strict_pattern().match(point)
        if m is None:
            self.trace.add(STAGE, ".start entry point", f"invalid syntax, never run: {point!r}", where)
            self.say(f"Invalid entry point syntax in {fullname}: {point!r}\n"
                                 f"  ValueError: invalid format: {point!r}")
            return
        error = None if self.hooks_possible else self.import_error(m.group("pkg"))
        if error is not None:
            # pkgutil.resolve_name() fails: nothing is called
            self.trace.add(STAGE, ".start entry point", f"cannot be resolved, never called: "
                           f"{error}", where)
            self.say(f"Error resolving entry point {point} from {fullname}\n  {error}")
            return
        d = self.trace.add(STAGE, ".start entry point", f"not called: {point}", where)
        self.dynamic.append(Entry(
            fullname, Origin.START_ENTRY_POINT,
            f"{where}: {point} (called by site after every .pth import line; can change "
            "sys.path at run time)",
            exists=True, decision=d,
        ))
        # the callable runs arbitrary code (it may install an import hook, as editable
        # installs do): from here on, import failures are not predicted
        self.hooks_possible = True
