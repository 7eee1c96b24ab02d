"""The path helpers of Lib/importlib/_bootstrap_external.py: ``_path_join``,
``_path_split`` and ``_path_isabs``, importlib's own replacements for ``os.path`` (no
normalisation anywhere, so origins keep an entry's spelling), for POSIX and Windows
targets alike.
"""

from __future__ import annotations

__all__ = ["path_isabs", "path_join", "path_split", "seps"]




def seps(nt: bool) -> str:
    return "\\/" if nt else "/"


def path_join(nt: bool, *parts: str) -> str:
    """``_path_join``: POSIX joins the non-empty parts with ``/`` after stripping trailing
    separators; Windows (3.8+) follows each part's root as ``nt._path_splitroot``
    reports it."""
    chars = seps(nt)
    if not nt:
        return "/".join([part.rstrip(chars) for part in parts if part])
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    root = ""
    path: list[str] = []
    for new_root, tail in map(_nt_splitroot, parts):
        if new_root.startswith(("\\", "/")) or new_root.endswith(("\\", "/")):
            root = new_root.rstrip(chars) or root
            path = ["\\" + tail]
        elif new_root.endswith(":"):
            if root.casefold() != new_root.casefold():
                root = new_root
                path = [tail]
            else:
                path.append(tail)
        else:
            root = new_root or root
            path.append(tail)
    path = [p.rstrip(chars) for p in path if p]
    if len(path) == 1 and not path[0]:
        return root + "\\"
    return root + "\\".join(path)


def _nt_splitroot(path: str) -> tuple[str, str]:
    """``nt._path_splitroot``: the drive or UNC share with its separator, and the rest."""
    import ntpath

    drive, rest = ntpath.splitdrive(path)
    stripped = rest.lstrip("\\/")
    if len(stripped) != len(rest):
        return drive + rest[: len(rest) - len(stripped)][:1], stripped
    return drive, rest


def path_split(nt: bool, path: str) -> tuple[str, str]:
    """``_path_split``: at the last separator, which is dropped."""
    i = max(path.rfind(s) for s in seps(nt))
    if i < 0:
        return "", path
    return path[:i], path[i + 1:]


def path_isabs(nt: bool, path: str) -> bool:
    """``_path_isabs``: a leading separator (POSIX); a drive or UNC root (Windows)."""
    if not nt:
        return path.startswith("/")
    if not path:
        return False
    root = _nt_splitroot(path)[0].replace("/", "\\")
    return len(root) > 1 and (root.startswith("\\\\") or root.endswith("\\"))
