"""PEP 739's ``build-details.json`` (3.14+): the build's description as static data.

CPython 3.14 installs ``build-details.json`` in LIBDEST, beside the stdlib
(``lib/python3.14/``); Debian names it after the ABI flags and the multiarch tuple,
``build-details.{ABIFLAGS}.{MULTIARCH}.json`` (``build-details..x86_64-linux-gnu.json``
for the release build, ``build-details.d.x86_64-linux-gnu.json`` for the debug build that
shares the directory).  It holds the language and implementation versions,
``base_prefix``, the ABI flags, the multiarch tuple and the extension-module suffixes
(``importlib.machinery.EXTENSION_SUFFIXES``).  Discovery reads it after
``_sysconfigdata_*.py`` and takes from it only what is still missing.
"""

from __future__ import annotations

from ..disk.fs import FileSystem
from .facts import Facts, set_version
from .filecache import read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["build_details_path", "parse_build_details", "read_build_details"]


def build_details_path(fs: FileSystem, stdlib: str, abiflags: str | None,
                       multiarch: str | None) -> str | None:
    """The build-details file of the build with *abiflags* in *stdlib*, or None.

    Upstream's ``build-details.json`` first, then Debian's name for these ABI flags
    (and multiarch tuple, when known); with the flags unknown, Debian's release build's.
    """
    p = fs.path
    try:
        names = fs.list_dir(stdlib)
    except OSError:
        return None
    if "build-details.json" in names:
        return str(p.join(stdlib, "build-details.json"))
    flags = abiflags or ""
    ours = sorted(n for n in names if n.startswith(f"build-details.{flags}.") and n.endswith(".json")
                  and n.count(".") == 3)
    if multiarch:
        exact = f"build-details.{flags}.{multiarch}.json"
        ours = [exact] if exact in ours else ours
    return str(p.join(stdlib, ours[0])) if ours else None


def parse_build_details(text: str) -> dict[str, Any]:
    """The facts of one build-details document (keys: ``version`` (major, minor,
    micro), ``base_prefix``, ``abiflags``, ``multiarch``, ``extension_suffixes``),
    those that are present and well-formed."""
    import json  # a 3.14+ install only

    try:
        data = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, Any] = {}
    impl = data.get("implementation") or {}
    impl = impl if isinstance(impl, dict) else {}
    ver = impl.get("version")
    lang = data.get("language") or {}
    if not isinstance(ver, dict) and isinstance(lang, dict):
        ver = lang.get("version_info")
    if isinstance(ver, dict) and isinstance(ver.get("major"), int) and isinstance(ver.get("minor"), int):
        micro = ver.get("micro")
        out["version"] = (ver["major"], ver["minor"], micro if isinstance(micro, int) else None)
    base = data.get("base_prefix")
    if isinstance(base, str):
        out["base_prefix"] = base
    abi = data.get("abi") or {}
    flags = abi.get("flags") if isinstance(abi, dict) else None
    if isinstance(flags, list) and all(isinstance(f, str) for f in flags):
        out["abiflags"] = "".join(flags)
    multiarch = impl.get("_multiarch")
    if isinstance(multiarch, str):
        out["multiarch"] = multiarch
    suffixes = data.get("suffixes") or {}
    ext = suffixes.get("extensions") if isinstance(suffixes, dict) else None
    if isinstance(ext, list) and all(isinstance(s, str) for s in ext):
        out["extension_suffixes"] = tuple(ext)
    return out


def read_build_details(fs: FileSystem, stdlib: str, facts: Facts,
                       abiflags: str | None = None) -> None:
    """PEP 739's build details (3.14+) of the build (with *abiflags*, when the program's
    name or sysconfigdata said) in *stdlib*: what is still missing."""
    path = build_details_path(fs, stdlib, facts.abiflags if facts.abiflags is not None else abiflags,
                              facts.multiarch)
    text = read_text(fs, path) if path is not None else None
    if path is None or text is None:
        return
    found = parse_build_details(text)
    src = f"{path} (PEP 739)"
    if "version" in found:
        major, minor, micro = found["version"]
        set_version(facts, major, minor, micro, src)
    base = found.get("base_prefix")
    if isinstance(base, str) and fs.path.isabs(base):
        facts.put("prefix", base, src)
    if "abiflags" in found:
        facts.put("abi_thread", "t" if "t" in found["abiflags"] else "", src)
        facts.put("abiflags", found["abiflags"], src)
    facts.put("multiarch", found.get("multiarch"), src)
    facts.put("extension_suffixes", found.get("extension_suffixes"), src)
