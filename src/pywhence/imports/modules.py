"""Every importable top-level name (``pywhence modules``): what ``help('modules')`` and
``pkgutil.iter_modules()`` report, for the target rather than the running interpreter,
without importing anything -- and, with ``--shadowed``, the names more than one place
provides.

The providers of each name are listed in the import system's own order: ``sys.modules``
(startup's imports), import hooks put first, the built-in modules, the frozen ones, then
every ``sys.path`` entry's listing (a directory as FileFinder sees it -- a package beats a
module beside it --, an archive as zipimport sees it), then hooks appended.  The first
regular module or package wins; namespace portions count only when no regular one
follows (PEP 420).  Ownership comes from the installed distributions' ``RECORD`` and
``top_level.txt`` files.
"""

from __future__ import annotations

from ..disk.fs import FileSystem
from ..invocation import Invocation
from ..startup.result import Origin, Startup
from ..target.interpreter import Interpreter
from ._path import path_join
from .result import Kind, Listing, ModuleRow, Shadowed
from .state import ImportSystem

__all__ = ["Provider", "list_modules", "owners", "providers", "stdlib_names"]

#: Where a shadowing file may sit that is not the standard library's.
_USER_PLACES = (Origin.PATH0, Origin.PYTHONPATH, Origin.SITE_PACKAGES,
                Origin.VENV_SITE_PACKAGES, Origin.USER_SITE, Origin.PTH_LINE)


class Provider:
    """One place that provides a top-level name."""

    __slots__ = ("index", "kind", "location", "origin")

    def __init__(self, kind: str, origin: str | None, index: int | None, location: str) -> None:
        self.kind = kind
        self.origin = origin
        self.index = index
        #: The file or directory itself (a package's directory), for ownership.
        self.location = location


def _dir_names(system: ImportSystem, finder: object, index: int) -> dict[str, Provider]:
    """The top-level names one FileFinder's directory provides, as FileFinder would
    choose between them (a package, else the first module suffix, else a portion)."""
    listing = finder.listing()  # type: ignore[attr-defined]
    base: str = finder.path  # type: ignore[attr-defined]
    nt = system.nt
    names = set(listing)
    out: dict[str, Provider] = {}
    suffixes = [s for s, _loader in system.loaders]
    for name in listing:
        if name.isidentifier():
            pkg = path_join(nt, base, name)
            if system.is_dir(pkg):
                init = next((path_join(nt, pkg, "__init__" + s) for s in suffixes
                             if system.is_file(path_join(nt, pkg, "__init__" + s))), None)
                if init is not None:
                    out[name] = Provider(Kind.PACKAGE, init, index, pkg)
                elif name not in out:
                    out[name] = Provider(Kind.NAMESPACE, None, index, pkg)
            continue
        stem, dot, _rest = name.partition(".")
        if not dot or not stem.isidentifier() or out.get(stem, None) is not None and \
                out[stem].kind != Kind.NAMESPACE:
            continue
        for suffix, loader in system.loaders:
            if stem + suffix in names:
                path = path_join(nt, base, stem + suffix)
                if system.is_file(path):
                    kind = {"ExtensionFileLoader": Kind.EXTENSION,
                            "SourcelessFileLoader": Kind.BYTECODE}.get(loader, Kind.SOURCE)
                    portion = out.get(stem)
                    if portion is None or portion.kind == Kind.NAMESPACE:
                        out[stem] = Provider(kind, path, index, path)
                    break
    return out


def providers(system: ImportSystem) -> dict[str, list[Provider]]:
    """name -> its providers, in the order the import system would ask them."""
    found: dict[str, list[Provider]] = {}

    def add(name: str, provider: Provider) -> None:
        found.setdefault(name, []).append(provider)

    for name in sorted(system.builtins or ()):
        add(name, Provider(Kind.BUILTIN, "built-in", None, "builtin:" + name))
    if system.frozen is not None:
        for name in system.frozen.names():
            if "." not in name:
                add(name, Provider(Kind.FROZEN, "frozen", None, "frozen:" + name))
    for index, entry in enumerate(system.sys_path):
        from .state import Search

        finder = system.finder_for(entry, Search(system, explain=False), index)
        if finder is None:
            continue
        if hasattr(finder, "listing"):
            for name, provider in _dir_names(system, finder, index).items():
                add(name, provider)
        elif hasattr(finder, "names"):
            sep = "\\" if system.nt else "/"
            for name, kind in finder.names():
                location = f"{finder.archive}{sep}{finder.prefix}{name}"
                add(name, Provider(kind, location, index, location))
    for hook in system.meta_path:
        names = getattr(hook, "names", None)
        if names is not None:
            for name, origin in names():
                add(name, Provider(Kind.HOOK, origin, None, origin or name))
    return found


def stdlib_names(system: ImportSystem, found: dict[str, list[Provider]]) -> frozenset[str]:
    """The standard library's own top-level names: built in, frozen, or in its
    directories (not site-packages)."""
    out = set(system.builtins or ())
    for name, provs in found.items():
        for p in provs:
            if p.kind in (Kind.BUILTIN, Kind.FROZEN) or p.index is not None and system.in_stdlib_location(p.location):
                out.add(name)
    return frozenset(out)


def owners(system: ImportSystem) -> tuple[dict[str, list[str]], dict[str, str]]:
    """(top-level name -> distributions claiming it, top-level file or directory -> its
    distribution), from every ``*.dist-info/RECORD``, ``*.dist-info/top_level.txt``
    and ``*.egg-info/top_level.txt`` in the ``sys.path`` directories."""
    claims: dict[str, list[str]] = {}
    files: dict[str, str] = {}
    nt = system.nt
    seen: set[str] = set()
    for entry in system.sys_path:
        base = system.absolute(entry)
        if base in seen or not system.is_dir(base):
            continue
        seen.add(base)
        try:
            listing = system.list_dir(base)
        except OSError:
            continue
        for meta in sorted(listing):
            if not meta.endswith((".dist-info", ".egg-info")):
                continue
            dist = _dist_name(system, path_join(nt, base, meta)) or \
                meta.rpartition(".")[0].split("-")[0]
            names: list[str] = []
            text = _read(system, path_join(nt, base, meta, "top_level.txt"))
            if text:
                names += [line.strip() for line in text.splitlines() if line.strip()]
            record = _read(system, path_join(nt, base, meta, "RECORD"))
            for line in (record or "").splitlines():
                rel = line.rsplit(",", 2)[0] if line.count(",") >= 2 else line
                if not rel or rel.startswith(("..", "/")):
                    continue
                head = rel.partition("/")[0]
                if head.endswith((".dist-info", ".egg-info", ".data", ".pth")) or \
                        head == "__pycache__":
                    continue
                top = head.split(".", 1)[0]
                if top.isidentifier():
                    names.append(top)
                files.setdefault(path_join(nt, base, head), dist)
            for name in dict.fromkeys(names):
                if dist not in claims.setdefault(name, []):
                    claims[name].append(dist)
    return claims, files


def _dist_name(system: ImportSystem, meta: str) -> str | None:
    """The ``Name:`` of a distribution's METADATA (PKG-INFO for an egg-info)."""
    for name in ("METADATA", "PKG-INFO"):
        try:
            head = system.fs.read_bytes(path_join(system.nt, meta, name), 4096)
        except OSError:
            continue
        for line in head.decode("utf-8", "replace").splitlines():
            if line.startswith("Name:"):
                return line[5:].strip() or None
            if not line.strip():
                break
    return None


def _read(system: ImportSystem, path: str) -> str | None:
    try:
        return system.fs.read_bytes(path).decode("utf-8", "replace")
    except OSError:
        return None


def _winner(provs: list[Provider]) -> tuple[Provider | None, list[Provider]]:
    """The provider the import system takes, and the others in order."""
    for i, p in enumerate(provs):
        if p.kind != Kind.NAMESPACE:
            return p, provs[:i] + provs[i + 1:]
    if provs:
        return provs[0], provs[1:]
    return None, []


def list_modules(target: Interpreter, startup: Startup, inv: Invocation, fs: FileSystem,
                 *, shadowed: bool = False) -> Listing:
    """The listing behind ``pywhence modules`` (see :class:`~.result.Listing`)."""
    from . import import_system

    system = import_system(target, startup, inv, fs)
    found = providers(system)
    stdlib = stdlib_names(system, found)
    claims, files = owners(system)
    rows: list[ModuleRow] = []
    for name in sorted(found, key=lambda n: (n.lower(), n)):
        provs = found[name]
        preloaded = system.modules.get(name) if name in system.modules else None
        win, rest = _winner(provs)
        if win is None:
            continue
        kind, origin, index = win.kind, win.origin, win.index
        if preloaded is not None and preloaded.spec is not None:
            kind = preloaded.kind or kind
            origin, index = preloaded.spec.origin, preloaded.sys_path_index
            rest = [p for p in provs if p.origin != origin]
        dist = _owner(files, win.location)
        others = tuple(Shadowed(p.origin, p.kind, p.index, None, _owner(files, p.location))
                       for p in rest)
        row = ModuleRow(name=name, kind=kind, origin=origin, sys_path_index=index,
                        distribution=dist, distributions=tuple(claims.get(name, ())),
                        shadowed=others, stdlib=name in stdlib)
        if shadowed and not _is_shadowing(system, row, win, rest):
            continue
        rows.append(row)
    return Listing(startup, tuple(rows), startup.fatal or system.fatal)


def _owner(files: dict[str, str], location: str) -> str | None:
    """The distribution that installed *location* (a top-level package directory or
    module file)."""
    return files.get(location)


def _is_shadowing(system: ImportSystem, row: ModuleRow, win: Provider,
                  rest: list[Provider]) -> bool:
    """Whether *row* is one of the shadowing cases ``--shadowed`` reports: a
    standard-library name taken by the script directory, PYTHONPATH or site-packages
    (or, the other way round, a distribution's module the standard library hides); a
    site-packages name taken by the script directory; two distributions claiming the
    name; namespace portions beaten by a regular package."""
    if len(row.distributions) >= 2:
        return True
    regular_rest = [p for p in rest if p.kind != Kind.NAMESPACE]
    if win.kind != Kind.NAMESPACE and any(p.kind == Kind.NAMESPACE for p in rest):
        return True
    if not regular_rest:
        return False
    place = system.origin_of_index(win.index)
    if row.stdlib and place in _USER_PLACES and not system.in_stdlib_location(win.location):
        return any(p.kind in (Kind.BUILTIN, Kind.FROZEN) or (
            p.index is not None and system.in_stdlib_location(p.location)) for p in regular_rest)
    if place == Origin.PATH0:
        return any(system.origin_of_index(p.index) in (
            Origin.SITE_PACKAGES, Origin.VENV_SITE_PACKAGES, Origin.USER_SITE)
            for p in regular_rest)
    if row.stdlib and (win.kind in (Kind.BUILTIN, Kind.FROZEN)
                       or system.in_stdlib_location(win.location)):
        # the reverse: an installed distribution's module the standard library hides
        return any(s.distribution is not None for s in row.shadowed)
    return False
