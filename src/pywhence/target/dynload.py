"""The extension-module suffixes of a build: ``_PyImport_DynLoadFiletab``
(Python/dynload_shlib.c, Python/dynload_win.c), which is ``_imp.extension_suffixes()``
and so ``importlib.machinery.EXTENSION_SUFFIXES``, without running it.

FileFinder tries these suffixes first, in this order, and no other: an extension built
for another version (``cpython-311`` under 3.12) is never loaded.  The list is
compiled in, so it is read from the binary when there is one:

* the ``_PyImport_DynLoadFiletab`` symbol (a NULL-terminated ``const char *[]``), when
  the symbol table still has it;
* else a scan from the pointer to ``".abi3.so"`` (or the SOABI suffix) out to the
  NULL that ends the array, every element a ``.``-suffix ending in ``.so``.

Without a binary (a world) the list is derived as configure writes it: ``.SOABI.so``
(``cpython-312-x86_64-linux-gnu``; ``d`` and ``t`` ABI flags included), the release
SOABI again for a debug build (ALT_SOABI, bpo-36722), ``.abi3.so`` (not in a
free-threaded build), ``.so``; on Windows ``.cp312-win_amd64.pyd`` and ``.pyd``
(``_d`` first in a debug build).  Measured: sid's 3.14 also accepts
``.abi3-x86_64-linux-gnu.so`` after ``.abi3.so``; only the binary says so.  3.15
(switches ``abi3t_suffix``, ``abi3_multiarch_suffix``): ``.abi3t.so`` after the abi3
ones in every build (PEP 803), each stable-ABI suffix also tagged with the multiarch
tuple, first (``.abi3-x86_64-linux-gnu.so``, ``.abi3.so``, ``.abi3t-...``,
``.abi3t.so``: sid's 3.15.2).
"""

from __future__ import annotations

from .behaviour import behaviour_for
from .elfdata import ElfImage
from .interpreter import Interpreter

__all__ = ["default_extension_suffixes", "is_debug_build"]


def _is_suffix(text: str) -> bool:
    """Whether *text* reads as an extension suffix (``.cpython-312-x86_64-linux-gnu.so``):
    a dot, then letters, digits, ``_``, ``.`` or ``-``, ending in ``so``."""
    import re

    return re.fullmatch(r"\.[\w.-]*so", text) is not None  # re caches the pattern


def default_extension_suffixes(target: Interpreter, *, debug: bool = False) -> tuple[str, ...]:
    """The suffixes configure gives a build of *target* (no binary read)."""
    v = target.version
    xy = f"{v.major}{v.minor}"
    t = target.build.abi_thread
    if target.platform == "win32":
        d = "_d" if debug or target.build.debug_ext == "_d" else ""
        plat = "win32" if target.build.pywinver.endswith("-32") else "win_amd64"
        return (f"{d}.cp{xy}{t}-{plat}.pyd", f"{d}.pyd")
    tail = "darwin" if target.platform == "darwin" else target.build.multiarch
    soabi = f"cpython-{xy}{t}{'d' if debug else ''}" + (f"-{tail}" if tail else "")
    out = [f".{soabi}.so"]
    if debug:
        out.append(f".cpython-{xy}{t}" + (f"-{tail}" if tail else "") + ".so")
    sw = behaviour_for(v)
    stable = ([] if t else ["abi3"]) + (["abi3t"] if sw.abi3t_suffix else [])
    for abi in stable:
        if sw.abi3_multiarch_suffix and tail:  # the platform triplet: macOS's is 'darwin'
            out.append(f".{abi}-{tail}.so")
        out.append(f".{abi}.so")
    out.append(".so")
    return tuple(out)


def _read_filetab(image: ElfImage) -> tuple[str, ...] | None:
    addr = image.symbol("_PyImport_DynLoadFiletab")
    if addr is not None:
        found = _walk(image, addr)
        if found:
            return found
    for anchor in (b".abi3.so\x00", b".so\x00"):
        targets = image.vaddrs_of(anchor)
        if anchor == b".so\x00":
            targets = [t for t in targets if _exact(image, t, ".so")]
        for slot in image.slots_pointing_at(targets):
            start = slot
            while True:
                prev = start - image.ptr_size
                value = image.ptr(prev) if image.offset(prev) is not None else 0
                text = image.cstr(value, 128) if value else None
                if not text or not _is_suffix(text):
                    break
                start = prev
            found = _walk(image, start)
            if found and len(found) >= 2:
                return found
    return None


def _exact(image: ElfImage, vaddr: int, text: str) -> bool:
    off = image.offset(vaddr - 1)
    return off is not None and image.buf[off:off + 1] == b"\x00"


def _walk(image: ElfImage, addr: int) -> tuple[str, ...] | None:
    out: list[str] = []
    for i in range(16):
        value = image.ptr(addr + i * image.ptr_size)
        if value == 0:
            return tuple(out)
        text = image.cstr(value, 128)
        if text is None or not _is_suffix(text):
            return None
        out.append(text)
    return None


def is_debug_build(target: Interpreter) -> bool:
    """Whether *target* is a ``--with-pydebug`` build (ABI flag ``d``): from the names of
    its executable and library (``python3.11d``, ``libpython3.11d.so``) or the Windows
    ``_d`` suffix."""
    if target.build.debug:
        return True
    for path in (target.executable, target.library):
        name = path.replace("\\", "/").rsplit("/", 1)[-1] if path else ""
        if "d" in name:  # python3.12 and libpython3.12.so.1.0 need no pattern at all
            import re

            if re.search(r"python\d+\.\d+t?d(?:\.so|\.dylib|$|[.-])", name):
                return True
    return False
