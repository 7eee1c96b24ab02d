"""How the dynamic loader finds the libpython a program loads, as ld.so(8) searches.

A shared build's program names ``libpythonX.Y[t].so.1.0`` in ``DT_NEEDED``; glibc's
loader looks for it in ``DT_RPATH`` (only when there is no ``DT_RUNPATH``), then
``LD_LIBRARY_PATH``, then ``DT_RUNPATH`` (``$ORIGIN`` is the program's directory), then
ldconfig's cache: the directories ``/etc/ld.so.conf`` lists (with its ``include``
lines), then the trusted directories.  The library found decides which runtime runs,
hence the version and the build constants discovery reads.
"""

from __future__ import annotations

from ..disk.fs import FileSystem
from .elf import ElfFacts
from .filecache import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

__all__ = ["find_library"]


def _ld_so_conf_dirs(fs: FileSystem) -> list[str]:
    """Directories listed in /etc/ld.so.conf(.d), in the order ldconfig caches them."""
    out: list[str] = []

    def read(path: str, depth: int) -> None:
        text = read_text(fs, path)
        if text is None or depth > 4:
            return
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("include "):
                pattern = line[len("include "):].strip()
                d, pat = fs.path.split(pattern)
                try:
                    names = sorted(fs.list_dir(d))
                except OSError:
                    continue
                import fnmatch

                for n in names:
                    if fnmatch.fnmatch(n, pat):
                        read(fs.path.join(d, n), depth + 1)
            elif line.startswith("/"):
                out.append(line)

    read("/etc/ld.so.conf", 0)
    return out


def find_library(
    fs: FileSystem, soname: str, binary_real: str, elf: ElfFacts, env: Mapping[str, str]
) -> tuple[str, str] | None:
    """Where the loader finds *soname* for *binary_real*: ``(path, how)`` (ld.so(8) order)."""
    p = fs.path
    origin = p.dirname(binary_real)

    def expand(entry: str) -> str:
        for token in ("$ORIGIN", "${ORIGIN}"):
            entry = entry.replace(token, origin)
        return entry

    def searches() -> Iterator[tuple[str, list[str]]]:
        if elf.rpath and not elf.runpath:
            yield "DT_RPATH", [expand(e) for e in elf.rpath]
        ld_path = env.get("LD_LIBRARY_PATH")
        if ld_path:
            yield "LD_LIBRARY_PATH", [e or "." for e in ld_path.replace(";", ":").split(":")]
        if elf.runpath:
            yield "DT_RUNPATH", [expand(e) for e in elf.runpath]
        # ldconfig's cache holds what ld.so.conf lists, then the trusted directories
        # (read only when needed: most CPython builds carry a DT_RUNPATH)
        yield "ld.so.conf and default directories", [
            *_ld_so_conf_dirs(fs), "/lib64", "/usr/lib64", "/lib", "/usr/lib"
        ]

    for how, dirs in searches():
        for d in dirs:
            if not d:
                continue
            cand = p.join(d, soname)
            if fs.is_file(cand):
                return cand, how
    return None
