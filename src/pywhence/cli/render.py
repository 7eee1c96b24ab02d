"""Text renderings of a :class:`~pywhence.result.Startup`: the table, ``--explain``, JSON.

Rendering is a pure function of the result and a :class:`Style` (width, colour, whether
the output can carry ``✓``/``✗``, whether it is a terminal); the CLI builds the style
from its output stream.  Nothing is ever cut off: a path longer than the terminal pushes
its origin to the next line rather than being truncated, because a truncated path is a
wrong answer, and a run-time change of ``sys.path`` (a ``.pth`` import line) is printed
whole -- wrapped on a terminal, on one line into a pipe or a file, where a reader or
``grep`` wants the line as it is.
"""

from __future__ import annotations

import os
import sys

from .._record import record
from ..startup.result import Entry, Startup
from ..trace import Decision

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import IO

__all__ = ["Style", "one_line", "render_explain", "render_human", "render_json"]

_MIN_WIDTH = 40


@record
class Style:
    """How to draw: terminal width, ANSI colour, and Unicode marks."""

    width: int = 100
    color: bool = False
    unicode: bool = True
    #: The output is a terminal: long lines of text are wrapped to *width*.  Into a pipe
    #: or a file nothing is wrapped (the table still lays its columns out to *width*).
    terminal: bool = False

    @classmethod
    def for_stream(cls, stream: IO[str], env: dict[str, str] | None = None) -> Style:
        """The style for *stream*: colour only on a terminal with ``NO_COLOR`` unset
        (https://no-color.org) and ``TERM`` not ``dumb``; Unicode marks only when the
        stream's encoding can encode them."""
        environ = os.environ if env is None else env
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        color = tty and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "✓✗→←…".encode(encoding)
            uni = True
        except (UnicodeEncodeError, LookupError):
            uni = False
        width = _terminal_columns(environ)
        return cls(width=max(width, _MIN_WIDTH), color=color, unicode=uni, terminal=tty)

    # -- small helpers ----------------------------------------------------------------
    def _sgr(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color and text else text

    def bold(self, text: str) -> str:
        return self._sgr(text, "1")

    def dim(self, text: str) -> str:
        return self._sgr(text, "2")

    def red(self, text: str) -> str:
        return self._sgr(text, "31")

    def yellow(self, text: str) -> str:
        return self._sgr(text, "33")

    def green(self, text: str) -> str:
        return self._sgr(text, "32")

    def exists_mark(self, exists: bool | None) -> str:
        if exists is None:
            return "?"
        if self.unicode:
            return "✓" if exists else "✗"
        return "yes" if exists else "no"

    @property
    def arrow(self) -> str:
        return "←" if self.unicode else "<-"


def _terminal_columns(environ: Mapping[str, str]) -> int:
    """The width ``shutil.get_terminal_size((100, 24))`` gives, without importing shutil:
    ``COLUMNS`` when it is a positive number, else the terminal of ``sys.__stdout__``,
    else 100."""
    try:
        columns = int(environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns if columns > 0 else 100


def _origin_text(entry: Entry) -> str:
    return f"{entry.origin} ({entry.detail})" if entry.detail else entry.origin


def _dynamic_text(entry: Entry) -> str:
    """A run-time change of sys.path: where it is (file and line), then what it is.

    The detail names the place first (``/x/foo.pth line 3: import ...``), then the code
    site would run, whole: it is the one thing a reader needs to judge the line.
    """
    text = entry.detail or entry.path
    if entry.path and entry.path not in text:
        text = f"{entry.path}: {text}"
    return text


def _wrapped(text: str, st: Style, indent: str = "  ", more: str = "      ") -> list[str]:
    """*text* as lines: on a terminal wrapped to ``st.width`` at spaces (continuation
    lines indented by *more*; a word longer than a line, such as a path, is never
    broken), elsewhere one line, exactly as it is."""
    if not st.terminal:
        return [indent + text]
    return wrap_words(text, st.width, indent=indent, more=more) or [indent]


def wrap_words(text: str, width: int, *, indent: str = "", more: str = "",
               break_long: bool = False) -> list[str]:
    """*text*'s words, greedily filled into lines of at most *width* characters (the
    first line prefixed by *indent*, the others by *more*), broken at whitespace only.
    A word longer than a whole line stays whole, or with *break_long* fills the rest of
    the line it reaches and goes on in line-long pieces -- textwrap's rules for these
    plain cases (``break_on_hyphens=False``), without importing it and the ``re`` it
    needs."""
    lines: list[str] = []
    prefix, line = indent, ""
    for word in text.split():
        while True:
            avail = width - len(prefix)
            if len(line) + (1 if line else 0) + len(word) <= avail:
                line = f"{line} {word}" if line else word
                break
            if break_long and len(word) > avail:
                if not line:
                    cut = max(avail, 1)
                    line, word = word[:cut], word[cut:]
                elif len(line) + 1 <= avail:
                    cut = avail - len(line) - 1
                    line, word = f"{line} {word[:cut]}", word[cut:]
                lines.append((prefix + line).rstrip(" "))
                prefix, line = more, ""
                if not word:
                    break
                continue
            if not line:  # longer than a whole line, and kept whole
                line = word
                break
            lines.append(prefix + line)
            prefix, line = more, ""
    if line:
        lines.append(prefix + line)
    return lines


def _repeat_note(s: Startup, path: str) -> str:
    """Why site runs the code of one ``.pth`` file more than once.

    Every venv of 3.8 to 3.14 has its site-packages processed twice by ``Lib/site.py``
    (checked against the real interpreters: a ``.pth`` import line in a venv's
    site-packages runs twice, with and without the system site-packages):
    ``venv()`` calls ``addsitepackages(known_paths, [sys.prefix])`` so the venv comes
    before the user site, and ``main()`` then calls ``addsitepackages()`` over
    ``PREFIXES``, which name the venv's prefix again.  ``known_paths`` keeps the
    directory from being added twice, but ``addsitedir()`` reads the directory's
    ``.pth`` files on each call, and runs their import lines.  3.15's batch (PEP 829)
    reads each directory once.  Any other repeat is a directory site reached again by
    another route.
    """
    sep = "\\" if s.platform == "win32" else "/"
    prefix = s.prefix.rstrip(sep) + sep
    if s.flags.get("in_venv") and path.startswith(prefix):
        return ("site processes a venv's site-packages twice (3.8 to 3.14; 3.15 reads each "
                "site directory once): venv() adds it ahead of the user site, then "
                "addsitepackages() walks PREFIXES, which name the venv again. sys.path gets "
                "the directory once, but the import lines of its .pth files run both times.")
    return ("site processes the directory of this .pth file more than once (it is named "
            "again by another source of site directories): sys.path gets the directory "
            "once, but the file's import lines run each time.")


# ---------------------------------------------------------------------------------------
# Header and footer
# ---------------------------------------------------------------------------------------


def _header(s: Startup, st: Style) -> list[str]:
    title = f"Python {s.version or '?'} ({s.platform})"
    run_mode = s.flags.get("run_mode")
    if run_mode:
        title += f", run mode: {run_mode}"
    rows: list[tuple[str, str]] = [("executable", s.executable)]
    if s.base_executable and s.base_executable != s.executable:
        rows.append(("base_executable", s.base_executable))
    rows.append(("prefix", s.prefix))
    rows.append(("exec_prefix", s.exec_prefix))
    if s.base_prefix != s.prefix:
        rows.append(("base_prefix", s.base_prefix))
    if s.base_exec_prefix != s.exec_prefix:
        rows.append(("base_exec_prefix", s.base_exec_prefix))
    if s.probe is not None:
        rows.append(("probe", str(s.probe.get("detail", ""))))
    key_w = max(len(k) for k, _ in rows) + 1
    lines = [st.bold(title)]
    lines += [f"  {(k + ':').ljust(key_w)} {v}" for k, v in rows]
    return lines


def _footer(s: Startup, st: Style) -> list[str]:
    lines: list[str] = []
    if s.warnings:
        lines.append("")
        lines.append(st.yellow("warnings:"))
        lines += [f"  - {w}" for w in s.warnings]
    if s.dynamic:
        lines.append("")
        lines.append(st.yellow("may change sys.path at run time (never executed by pywhence):"))
        # site can run the same .pth file more than once (a venv's site-packages is
        # processed twice): each line is listed once, with how often it runs and why.
        counts: dict[tuple[str, str], int] = {}
        for e in s.dynamic:
            counts[(e.path, e.detail)] = counts.get((e.path, e.detail), 0) + 1
        notes: list[str] = []
        for (path, detail), n in counts.items():
            text = _dynamic_text(Entry(path, "", detail))
            if n > 1:
                note = _repeat_note(s, path)
                if note not in notes:
                    notes.append(note)
                mark = "*" * (notes.index(note) + 1)
                text += f" (runs {'twice' if n == 2 else f'{n} times'} {mark})"
            lines += _wrapped(text, st)
        for i, note in enumerate(notes, 1):
            lines += _wrapped(f"{'*' * i} {note}", st, more="    ")
    if s.fatal:
        lines.append("")
        first, *rest = s.fatal.splitlines() or [""]
        lines.append(st.red(f"fatal: the interpreter would fail to start: {first}"))
        lines += [st.red(f"       {more}") for more in rest]
    return lines


# ---------------------------------------------------------------------------------------
# The sys.path table
# ---------------------------------------------------------------------------------------


def _shown_path(path: str) -> str:
    """The empty entry (``-c``, ``-m``, the REPL: the current directory) is shown as ''."""
    return path if path else "''"


def _table(entries: tuple[Entry, ...], st: Style, extra: list[str] | None = None) -> list[str]:
    """``#  exists  path  origin`` rows sized to ``st.width``.

    When a row does not fit, the origin goes to a continuation line (wrapped there if
    it must), and *extra* (the ``--explain`` pointer to a decision) to a line of its
    own rather than being split; paths are never shortened.
    """
    if not entries:
        return [st.dim("  (sys.path is empty)")]
    marks = [st.exists_mark(e.exists) for e in entries]
    paths = [_shown_path(e.path) for e in entries]
    origins = [_origin_text(e) for e in entries]
    extras = extra if extra is not None else [""] * len(entries)
    full = [f"{o}  {x}" if x else o for o, x in zip(origins, extras)]
    idx_w = max(1, len(str(len(entries) - 1)))
    mark_w = max(len("exists"), *(len(m) for m in marks))
    lead = 2 + idx_w + 2 + mark_w + 2
    longest_path = max(len("path"), *(len(p) for p in paths))
    longest_origin = max(len("origin"), *(len(o) for o in full))
    # The path column takes what the origins leave, but never less than 24 columns;
    # a row that does not fit puts its origin on a continuation line instead.
    path_w = min(longest_path, max(st.width - lead - 2 - longest_origin, 24))
    origin_col = lead + path_w + 2
    head = f"  {'#'.rjust(idx_w)}  {'exists'.ljust(mark_w)}  {'path'.ljust(path_w)}  origin"
    lines = [st.bold(head)]
    indent = " " * (lead + 2)
    wrap_w = max(st.width - len(indent), 20)
    for i, (e, mark, path, origin, more, both) in enumerate(
        zip(entries, marks, paths, origins, extras, full)
    ):
        shown_mark = mark.ljust(mark_w)
        if e.exists is True:
            shown_mark = st.green(shown_mark)
        elif e.exists is False:
            shown_mark = st.red(shown_mark)
        prefix = f"  {str(i).rjust(idx_w)}  {shown_mark}  "
        shown_path = path if e.exists is not False else st.dim(path)
        if len(path) <= path_w and origin_col + len(both) <= st.width:
            lines.append(f"{prefix}{shown_path}{' ' * (path_w - len(path))}  {both}")
            continue
        lines.append(f"{prefix}{shown_path}")
        if len(indent) + len(both) <= st.width:
            lines.append(indent + both)
            continue
        lines += [indent + part for part in wrap_words(origin, wrap_w, break_long=True)]
        if more:
            lines.append(indent + more)
    if any(e.exists is None for e in entries):
        lines.append(st.dim(f"  {st.exists_mark(None)} = not checked: pywhence did not look "
                            "whether this entry exists"))
    return lines


def render_human(s: Startup, style: Style | None = None) -> str:
    """The default output: header, the sys.path table, then warnings, dynamic entries
    and the fatal line."""
    st = style or Style()
    lines = _header(s, st)
    lines.append("")
    lines.append(st.bold("sys.path:"))
    lines += _table(s.entries, st)
    lines += _footer(s, st)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# --explain
# ---------------------------------------------------------------------------------------


def _decision_lines(number: int, d: Decision, num_w: int, st: Style, adds: list[int]) -> list[str]:
    head = f"  {('#' + str(number)).rjust(num_w + 1)}  {st.bold(d.rule)}: {d.outcome}"
    if adds:
        head += f"  {st.green('→' if st.unicode else '->')} sys.path[{', '.join(map(str, adds))}]"
    lines = [head]
    indent = " " * (num_w + 5)
    for inp in d.inputs:
        lines.append(f"{indent}{st.dim('from:')} {inp}")
    return lines


def render_explain(s: Startup, style: Style | None = None) -> str:
    """``--explain``: the header, every decision numbered and grouped by stage (each
    marked with the sys.path entries it added), then the table where every entry names
    the decision and rule behind it."""
    st = style or Style()
    lines = _header(s, st)
    lines.append("")
    added: dict[int, list[int]] = {}
    for i, e in enumerate(s.entries):
        if e.decision is not None:
            added.setdefault(e.decision, []).append(i)
    lines.append(st.bold(f"decisions ({len(s.trace)}):"))
    if not s.trace:
        lines.append(st.dim("  (no decisions recorded)"))
    num_w = len(str(max(len(s.trace) - 1, 0)))
    stage: str | None = None
    for n, d in enumerate(s.trace):
        if d.stage != stage:
            stage = d.stage
            lines.append(f"  [{stage}]")
        lines += _decision_lines(n, d, num_w, st, added.get(n, []))
    lines.append("")
    lines.append(st.bold("sys.path, with the decision behind each entry:"))
    extra: list[str] = []
    for e in s.entries:
        if e.decision is not None and 0 <= e.decision < len(s.trace):
            d = s.trace[e.decision]
            extra.append(f"{st.arrow} #{e.decision} {d.stage}: {d.rule}")
        else:
            extra.append(f"{st.arrow} (no recorded decision)")
    lines += _table(s.entries, st, extra)
    lines += _footer(s, st)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# --json
# ---------------------------------------------------------------------------------------


def one_line(text: str) -> str:
    """A multi-line message (CPython's fatal errors are several lines) as one line."""
    return "; ".join(part.strip() for part in text.splitlines() if part.strip())


def render_json(s: Startup) -> str:
    """The public ``--json`` document: :meth:`Startup.to_dict`, indented."""
    from .jsonout import dumps

    return dumps(s.to_dict())
