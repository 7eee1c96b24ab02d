"""What executes before the program, in CPython's order: the ``.pth`` import lines and
``.start`` entry points site runs, sitecustomize and usercustomize, and the
``PYTHONSTARTUP`` file of the interactive prompt.

The list and its order are the startup model's (``Startup.dynamic``, from the site
stage, and :func:`pywhence.startup.pymain.python_startup`); this module only describes
each item: its text (the line as the ``.pth`` file holds it), the distribution whose
RECORD lists the file, whether it is a recognised idiom (:mod:`.idioms`), the module
files it loads (found with the import resolver), the hooks it installs -- and the
findings of rules PW101-PW105, PW110 and PW111.
"""

from __future__ import annotations

from ..imports.startup_facts import DEBIAN_SITECUSTOMIZE
from .distributions import file_sha256
from .idioms import recognise, signature_ok, suspicion
from .result import StartupCode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..startup.result import Entry
    from .context import Context

__all__ = ["startup_code"]

#: Startup.dynamic origins -> the ``kind`` of the --json contract.
_KINDS = {
    ".pth import line": "pth-import",
    ".start entry point": "start-entrypoint",
    "sitecustomize": "sitecustomize",
    "usercustomize": "usercustomize",
    "site module": "site",
}
#: Where the site stage's detail text ends and its explanation begins.
_EXPLANATIONS = (" (executed by site", " (called by site")



def _parse_detail(entry: Entry) -> tuple[int | None, str, str | None]:
    """(line number, the text as the site stage shows it, the error it predicts) of a
    ``.pth`` import line or ``.start`` entry point (``FILE line N: TEXT (executed...)``)."""
    detail = entry.detail
    head = f"{entry.path} line "
    if not detail.startswith(head):
        return None, detail, None
    number, _, rest = detail[len(head):].partition(": ")
    if not number.isdigit():
        return None, detail, None
    shown, tail = rest, ""
    for marker in _EXPLANATIONS:
        i = rest.rfind(marker)
        if i >= 0:
            shown, tail = rest[:i], rest[i:]
            break
    raises = None
    j = tail.rfind(" [raises ")
    if j >= 0 and tail.endswith("]"):
        raises = tail[j + len(" [raises "):-1]
    return int(number), shown, raises


def _full_line(ctx: Context, path: str, number: int, shown: str, cache: dict[str, str]) -> str:
    """The whole line when the site stage shortened it (``...``): the line *number* of
    the file, under either line splitting, that starts with what was shown."""
    if not shown.endswith("..."):
        return shown
    text = cache.get(path)
    if text is None:
        try:
            data = ctx.fs.read_bytes(path)
        except OSError:
            data = b""
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        cache[path] = text
    start = shown[:-3].strip()
    universal = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for lines in (text.splitlines(), universal):
        if 0 < number <= len(lines) and lines[number - 1].strip().startswith(start):
            return lines[number - 1].rstrip("\r\n")
    return shown


def startup_code(ctx: Context) -> list[StartupCode]:
    """Every piece of startup code, in the order it runs, with its findings recorded."""
    out: list[StartupCode] = []
    texts: dict[str, str] = {}
    unrecognised_files: dict[str, None] = {}
    for entry in ctx.startup.dynamic:
        kind = _KINDS.get(entry.origin)
        if kind is None:
            continue
        if kind in ("pth-import", "start-entrypoint"):
            number, shown, raises = _parse_detail(entry)
            text = shown if number is None else _full_line(ctx, entry.path, number, shown, texts)
            item = _pth_item(ctx, kind, entry.path, number, text, raises)
            if item.recognised is None:
                unrecognised_files.setdefault(entry.path, None)
        elif kind == "site":
            ctx.add("PW106", f"{entry.path} runs as the site module at every start, "
                             "instead of the standard library's site", path=entry.path)
            item = StartupCode(kind, entry.path, None, None, _check_record(ctx, entry.path),
                               None, owner=ctx.fs.owner(entry.path))
        else:
            item = _customize_item(ctx, kind, entry.path)
        out.append(item)
    for path in unrecognised_files:
        if _distribution(ctx, path) is None:
            ctx.add("PW105", f"{path} runs code at startup and no installed distribution's "
                             "RECORD lists it", path=path)
    if not ctx.image:
        extra = _pythonstartup_item(ctx)
        if extra is not None:
            out.append(extra)
    return out


def _distribution(ctx: Context, path: str) -> str | None:
    owned = ctx.dists.owner_of(path)
    return None if owned is None else owned[0].label


def _check_record(ctx: Context, path: str) -> str | None:
    """The distribution listing *path*, after checking the file against its hash."""
    owned = ctx.dists.owner_of(path)
    if owned is None:
        return None
    dist, digest = owned
    if digest is not None and digest.startswith("sha256="):
        try:
            data = ctx.fs.read_bytes(path)
        except OSError:
            data = None
        if data is not None and file_sha256(data) != digest:
            ctx.add("PW104", f"{path} is not the file {dist.label} installed: its sha256 "
                             f"differs from the one in {ctx.p.join(dist.meta, 'RECORD')}",
                    path=path)
    return dist.label


def _pth_item(ctx: Context, kind: str, path: str, number: int | None, text: str,
              raises: str | None) -> StartupCode:
    p = ctx.p
    name = p.basename(path)
    distribution = _check_record(ctx, path)
    where = f"{path} line {number}" if number is not None else path
    if kind == "start-entrypoint":
        rec_name = _start_idiom(name, text)
        if rec_name is None:
            ctx.add("PW101", f"{where}: entry point {text} is called at every start "
                             "(not a recognised idiom)", path=path, line=number)
        return StartupCode(kind, path, number, text, distribution, rec_name,
                           owner=ctx.fs.owner(path), raises=raises)
    rec = recognise(name, text)
    hooks = rec.hooks
    recognised = rec.idiom
    if rec.lookalike is not None:
        ctx.add("PW103", f"{where}: {rec.lookalike}: {text}", path=path, line=number)
    if recognised is not None and rec.module is not None:
        origin = ctx.resolver.origin(rec.module)
        source = ctx.resolver.source(rec.module) if origin is not None else None
        if source is not None and not signature_ok(source, rec.signature):
            ctx.add("PW103", f"{where} has the shape of {recognised}, but the module it "
                             f"imports, {origin}, is not {recognised}'s code", path=path,
                    line=number)
            recognised, hooks = None, ()
        elif origin is not None:
            ctx.code_files.append((origin, f"{rec.module}, imported by {where}"))
    if recognised is None and rec.lookalike is None:
        reason, hidden = suspicion(text)
        if reason is not None:
            ctx.add("PW102", f"{where} runs code at every start, and {reason}: "
                             f"{_short(text)}", path=path, line=number)
        else:
            what = "code hidden in a string" if hidden else "code"
            ctx.add("PW101", f"{where} runs {what} at every start that is no recognised "
                             f"idiom: {_short(text)}", path=path, line=number)
    return StartupCode(kind, path, number, text, distribution, recognised, hooks,
                       owner=ctx.fs.owner(path), raises=raises)


def _start_idiom(file_name: str, point: str) -> str | None:
    """scikit-build-core's PEP 829 ``_editable_skbc_NAME.start``: ``..._NAME:entrypoint``."""
    stem = file_name.removesuffix(".start")
    if stem.startswith("_editable_skbc_") and point == f"{stem}:entrypoint":
        return "scikit-build-core"
    return None


def _customize_item(ctx: Context, kind: str, site_path: str) -> StartupCode:
    """sitecustomize / usercustomize: the file the import resolver says site imports."""
    origin = ctx.resolver.origin(kind) or site_path
    recognised = None
    source = ctx.resolver.source(kind)
    if source is not None and source.replace("\r\n", "\n") == DEBIAN_SITECUSTOMIZE:
        recognised = "debian-apport-hook"
    ctx.add("PW110", f"{kind} ({origin}) runs at every start"
            + (" (Debian's apport hook)" if recognised else ""), path=origin)
    return StartupCode(kind, origin, None, None, _check_record(ctx, origin), recognised,
                       owner=ctx.fs.owner(origin))


def _pythonstartup_item(ctx: Context) -> StartupCode | None:
    from ..startup.pymain import python_startup

    found = python_startup(ctx.target, ctx.startup, ctx.inv, ctx.fs)
    if found is None or not found.exists:
        return None
    condition = "when standard input is a terminal" if found.needs_terminal else None
    ctx.add("PW111", f"PYTHONSTARTUP={found.value} ({found.path}) runs before the first "
                     "prompt" + (f", {condition}" if condition else ""), path=found.path)
    return StartupCode("pythonstartup", found.path, None, None, None, None,
                       owner=ctx.fs.owner(found.path), condition=condition)


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 120 else text[:117] + "..."
