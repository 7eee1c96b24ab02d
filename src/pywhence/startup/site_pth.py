"""``Lib/site.py`` (3.8-3.14): ``addsitedir()`` and ``addpackage()``, the ``.pth`` files.

How a site directory joins ``sys.path`` and how each of its ``.pth`` files is read:
the encoding (the locale's, UTF-8 first from 3.13, gh-77102), the line splitting
(``str.splitlines`` from 3.13), and each line's kind -- a comment or blank line
(skipped), an ``import`` line (reported, never run; judged for the error it would
raise), or a path (added when it exists).  :class:`_SiteDirs` also keeps site's
``sys.path`` bookkeeping (``makepath()``, the known paths); it is the base of
:class:`~pywhence.startup.site._Site`, which adds ``main()``, ``venv()``, the user site
and ``getsitepackages()``.  The ``.pth`` concern is separate from site.py's prefixes
and venvs only to keep each module small.
"""

from __future__ import annotations

import codecs
import io

from .._memo import memoize
from .._record import replace
from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .initconfig import Config, env_value
from .result import Entry, Origin
from .site_finder import _ImportFinder
from .special_files import pth_outcome

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

STAGE = "site"


class _SiteFailed(Exception):
    """site's import raised: the exception's final traceback line."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


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

def _shown(text: str) -> str:
    """A ``.pth`` line as a trace decision shows it: at most 160 characters (the entry
    carries the whole line; the trace is a log of decisions)."""
    return text if len(text) <= 160 else text[:157] + "..."


#: Above this size a .pth file is split lazily, so that a 100 MB file with millions of
#: lines never becomes one list; below it str.splitlines() is faster and needs no regex.
_LAZY_SPLIT_ABOVE = 1 << 20


def _iter_splitlines(text: str) -> Iterator[str]:
    """The lines of *text* as ``str.splitlines()`` gives them (3.13+ .pth files)."""
    if len(text) <= _LAZY_SPLIT_ABOVE:
        yield from text.splitlines()
        return
    import re

    boundaries = re.compile(
        "([^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*)"
        "(\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]|\\Z)"
    )
    for m in boundaries.finditer(text):
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
# site directories and .pth files
# ---------------------------------------------------------------------------------------


class _SiteDirs:
    """site.py's ``sys.path`` bookkeeping, ``makepath()``, ``addsitedir()`` and
    ``addpackage()``: the module globals they share."""

    def __init__(
        self,
        target: Interpreter,
        config: Config,
        fs: FileSystem,
        sw: Behaviour,
        trace: Trace,
    ) -> None:
        self.target = target
        self.config = config
        self.fs = fs
        self.sw = sw
        self.trace = trace
        self.p = fs.path
        self.nt = fs.flavour == "nt"
        self.path: list[Entry] = []
        self.known: set[str] = set()
        self.dynamic: list[Entry] = []
        self.warnings: list[str] = []
        self.pth_encoding = locale_encoding(config, sw)
        self.fs_encoding = filesystem_encoding(config)
        #: Whether code other than plain imports ran from a .pth line (it may have
        #: installed an import hook: import failures can no longer be predicted).
        self.hooks_possible = False
        self.finder = _ImportFinder(target, fs, sw)

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
            # a FIFO hangs, /dev/zero kills site, a socket is ignored (special_files)
            outcome = pth_outcome(fullname, exc, self.sw.pth_utf8_sig_first)
            if outcome is not None and outcome[0] == "raises":
                self.trace.add(STAGE, ".pth file", f"{exc.strerror}: import site fails", fullname)
                raise _SiteFailed(outcome[1]) from None
            if outcome is not None:
                self.warnings.append(outcome[1])
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
                d = self.trace.add(STAGE, ".pth import line", f"not executed: {_shown(code)}", where)
                # the entry carries the whole line (the renderers never cut it); the
                # trace, a log of decisions, keeps it short
                self.dynamic.append(Entry(
                    fullname, Origin.PTH_IMPORT,
                    f"{where}: {code} (executed by site; can change sys.path at run time; "
                    "if it raises, the rest of the file is ignored)",
                    exists=True, decision=d,
                ))
                error = self.import_line_error(line)
                if error is not None:
                    last = self.dynamic[-1]
                    self.dynamic[-1] = replace(last, detail=f"{last.detail} [raises {error}]")
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

    def import_line_error(self, line: str) -> str | None:
        """The exception an import line raises when site executes it, as far as it can
        be told without running it: a syntax error, or a module nothing provides (until
        code that may install an import hook has run: a line that is more than plain
        imports makes every later prediction impossible)."""
        error = _syntax_error(line, self.sw.nul_in_source_is_syntax_error)
        if error is None and not self.hooks_possible:
            error = next((e for e in map(self.import_error, _imported_names(line)) if e), None)
        if error is None and not _plain_import(line):
            self.hooks_possible = True
        return error

    def import_error(self, dotted: str) -> str | None:
        """The error ``import dotted`` raises for want of a module on ``sys.path`` as it
        is now, or None (see :meth:`~pywhence.startup.site_finder._ImportFinder.import_error`)."""
        return self.finder.import_error(dotted, [self.abspath(e.path) for e in self.path])


#: ``ast.PyCF_ONLY_AST``: compile() returns the tree (of ``_ast`` node types) without the
#: ``ast`` module being imported.
_ONLY_AST = 0x400


@memoize(1024)
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


@memoize(1024)
def _imported_names(line: str) -> list[str]:
    """Modules an ``import`` line imports, in order: ``exec`` runs every statement of
    the line, so ``import os; import nosuch`` fails on its second one.  Only the
    leading run of plain ``import`` statements is judged (code after anything else
    could have changed the import system)."""
    try:
        tree = compile(line, "<string>", "exec", _ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return []
    names: list[str] = []
    for stmt in tree.body:
        if type(stmt).__name__ != "Import":
            break
        names.extend(alias.name for alias in stmt.names)
    return names


@memoize(1024)
def _plain_import(line: str) -> bool:
    """Whether the line holds nothing but import statements (runs no other code that
    could install an import hook)."""
    try:
        tree = compile(line, "<string>", "exec", _ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return all(type(stmt).__name__ in ("Import", "ImportFrom") for stmt in tree.body)


#: How many distinct .pth lines of one file are remembered (bounded memory).
_PTH_MEMO = 1 << 17
