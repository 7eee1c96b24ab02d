"""What an import finds instead of what was meant: a standard-library name taken by a
place that is not the standard library (PW400), and one module installed by two
distributions (PW401).

The answer to "which file does ``import json`` load" is the import resolver's
(:mod:`pywhence.imports`, through :class:`~.resolver.Resolver`), with what it shadows.
To keep an audit cheap the resolver is asked only about candidates: the names that an
entry *before* the standard library (the script directory or working directory,
``PYTHONPATH``) lists and the standard library lists too -- later entries cannot come
first for a path-based import.  Two distributions are in conflict when the records of
both list the same top-level module file (:mod:`.distributions`); namespace packages,
which only share a directory, are not.
"""

from __future__ import annotations

from ..startup.result import Origin

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .context import Context

__all__ = ["import_findings"]

_STDLIB = (Origin.STDLIB, Origin.STDLIB_ZIP, Origin.PLATSTDLIB)
_SITE = (Origin.SITE_PACKAGES, Origin.VENV_SITE_PACKAGES, Origin.USER_SITE, Origin.PTH_LINE)
_MODULE_SUFFIXES = (".py", ".pyc", ".so", ".pyd", ".pyw")


def _names(ctx: Context, directory: str) -> set[str]:
    """The top-level module and package names a directory's listing offers."""
    try:
        listing = ctx.fs.list_dir(directory)
    except OSError:
        return set()
    out: set[str] = set()
    for name in listing:
        if name.isidentifier():
            if name != "__pycache__":
                out.add(name)
        elif name.endswith(_MODULE_SUFFIXES):
            stem = name.partition(".")[0]
            if stem.isidentifier():
                out.add(stem)
    return out


def import_findings(ctx: Context) -> None:
    """Record PW400 and PW401."""
    _stdlib_shadows(ctx)
    _conflicts(ctx)


def _stdlib_shadows(ctx: Context) -> None:
    entries = ctx.startup.entries
    stdlib = [i for i, e in enumerate(entries) if e.origin in _STDLIB]
    if not stdlib:
        return
    before = [(i, _names(ctx, ctx.absolute(e.path))) for i, e in enumerate(entries[:min(stdlib)])
              if e.origin not in _STDLIB]
    if not any(names for _, names in before):
        return
    stdlib_names: set[str] = set()
    for i in stdlib:
        stdlib_names |= _names(ctx, ctx.absolute(entries[i].path))
    candidates: dict[str, int] = {}
    for i, names in before:
        for name in sorted(names & stdlib_names):
            candidates.setdefault(name, i)
    if not candidates:
        return
    resolver = ctx.resolver
    for name in sorted(candidates):
        r = resolver.resolve(name)
        if r is None:
            continue
        spec = r.spec
        if spec is None or r.sys_path_index is None:
            continue
        origin = spec.origin if spec.has_location else None
        if origin is None and spec.submodule_search_locations:
            origin = spec.submodule_search_locations[0]
        if origin is None or resolver.in_stdlib(origin):
            continue
        lost = next((s for s in r.shadows if s.kind in ("builtin", "frozen")
                     or s.origin is not None and resolver.in_stdlib(s.origin)), None)
        if lost is None:
            continue
        index = r.sys_path_index
        entry = entries[index]
        cwd = entry.path == "" or (entry.origin == Origin.PATH0 and ctx.absolute(entry.path)
                                   == ctx.absolute(ctx.inv.cwd))
        writable = _writable_by_others(ctx, ctx.absolute(entry.path))
        level = "error" if cwd or writable else "warning"
        place = ("the working directory" if cwd else
                 "the script's directory" if entry.origin == Origin.PATH0 else entry.origin)
        ctx.add("PW400", f"import {name} loads {origin} from sys.path[{index}] ({place}), "
                         f"not the standard library's {lost.origin or name}", path=origin,
                index=index, level=level,
                fix=f"rename or remove {origin}" + ("; run with -P/-I" if cwd else ""))


def _writable_by_others(ctx: Context, path: str) -> bool:
    owner = ctx.fs.owner(path)
    return owner is not None and bool(owner[0] & 0o022)


def _conflicts(ctx: Context) -> None:
    entries = ctx.startup.entries
    across: dict[str, list[tuple[Any, int]]] = {}
    for i, e in enumerate(entries):
        if e.origin not in _SITE:
            continue
        site = ctx.absolute(e.path)
        if not ctx.fs.is_dir(site):
            continue
        for top, dists in ctx.dists.conflicts(site).items():
            labels = sorted({d.label for d in dists})
            path = ctx.p.join(site, top)
            ctx.add("PW401", f"{path} is installed by {' and '.join(labels)}: they overwrite "
                             "each other", path=path, index=i)
        for top, metas in ctx.dists.site(site).claims.items():
            module = top.split(ctx.fs.sep)[0].partition(".")[0]
            for m in metas:
                across.setdefault(module, []).append((m, i))
    for module, claims in sorted(across.items()):
        indexes = {i for _, i in claims}
        if len(indexes) < 2:
            continue  # one site directory: its own conflicts are above
        dists = [m.dist for m, _ in claims]  # names read only for these
        if len({d.key for d in dists}) < 2:
            continue
        origin = ctx.resolver.origin(module)
        labels = sorted({d.label for d in dists})
        ctx.add("PW401", f"top-level name {module} is installed by {' and '.join(labels)} in "
                         f"different site directories; import {module} loads {origin}",
                path=origin, index=min(indexes))
