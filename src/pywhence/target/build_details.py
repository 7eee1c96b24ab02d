"""PEP 739's ``build-details.json`` (3.14+): the build's description as static data.

CPython 3.14 installs ``build-details.json`` beside the stdlib (``lib/python3.14/``):
the language and implementation versions, ``base_prefix`` and the ABI flags.  Discovery
reads it after ``_sysconfigdata_*.py`` and takes from it only what is still missing.
"""

from __future__ import annotations

from ..disk.fs import FileSystem
from .facts import Facts, set_version
from .filecache import read_text

__all__ = ["read_build_details"]


def read_build_details(fs: FileSystem, stdlib: str, facts: Facts) -> None:
    """PEP 739's ``build-details.json`` (3.14+): version and base prefix, if still missing."""
    path = fs.path.join(stdlib, "build-details.json")
    text = read_text(fs, path)
    if text is None:
        return
    import json  # a 3.14+ install only

    try:
        data = json.loads(text)
    except ValueError:
        return
    if not isinstance(data, dict):
        return
    src = f"{path} (PEP 739)"
    impl = data.get("implementation") or {}
    ver = impl.get("version") if isinstance(impl, dict) else None
    lang = data.get("language") or {}
    if not isinstance(ver, dict) and isinstance(lang, dict):
        ver = lang.get("version_info")
    if isinstance(ver, dict) and isinstance(ver.get("major"), int) and isinstance(ver.get("minor"), int):
        micro = ver.get("micro")
        set_version(facts, ver["major"], ver["minor"], micro if isinstance(micro, int) else None, src)
    base = data.get("base_prefix")
    if isinstance(base, str) and fs.path.isabs(base):
        facts.put("prefix", base, src)
    abi = data.get("abi") or {}
    flags = abi.get("flags") if isinstance(abi, dict) else None
    if isinstance(flags, list):
        facts.put("abi_thread", "t" if "t" in flags else "", src)
