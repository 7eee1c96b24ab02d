"""``pyvenv.cfg`` (PEP 405) as discovery reads it: the base install and the version.

Like getpath (Modules/getpath.c, Modules/getpath.py 3.11+), discovery looks for
``pyvenv.cfg`` beside the program and one directory up, at argv[0] made absolute
lexically (before symlinks are resolved); the first one found is read.  Its ``home`` names
the base install's program directory, where discovery looks for the stdlib and the
build constants; ``version``/``version_info`` (written by ``venv`` and ``virtualenv``)
give the series and the micro version.  How startup then uses the file is
:mod:`pywhence.startup.getpath`'s; this module only reads it for discovery.
"""

from __future__ import annotations

from ..disk.fs import FileSystem
from .facts import Facts
from .filecache import read_text
from .patchlevel import VERSION_TEXT

__all__ = ["parse_pyvenv_cfg", "read_pyvenv_cfg"]


def parse_pyvenv_cfg(text: str) -> dict[str, str]:
    """``key = value`` lines as getpath reads them (keys stripped; first ``=`` splits)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().lower()
        if key and key not in out:
            out[key] = value.strip()
    return out


def read_pyvenv_cfg(
    fs: FileSystem, program: str, facts: Facts
) -> tuple[str | None, tuple[int, int, int | None] | None]:
    """``(home, (major, minor, micro))`` of the ``pyvenv.cfg`` beside *program* (absolute,
    lexically normalised) or one level up, each None when absent; the sources are
    noted in *facts*' provenance (``venv home``, ``venv version``)."""
    p = fs.path
    venv_home: str | None = None
    venv_version: tuple[int, int, int | None] | None = None
    for cfg_dir in (p.dirname(program), p.dirname(p.dirname(program))):
        cfg_path = p.join(cfg_dir, "pyvenv.cfg")
        if not fs.is_file(cfg_path):
            continue
        cfg = parse_pyvenv_cfg(read_text(fs, cfg_path) or "")
        src = f"pyvenv.cfg at {cfg_path}"
        venv_home = cfg.get("home") or None
        if venv_home:
            facts.provenance["venv home"] = src
        for key in ("version_info", "version"):
            m = VERSION_TEXT.match(cfg.get(key, ""))
            if m:
                facts.provenance["venv version"] = f"{key} = {m.group(0).strip()} in {src}"
                venv_version = (int(m.group(1)), int(m.group(2)),
                                int(m.group(3)) if m.group(3) else None)
                break
        break
    return venv_home, venv_version
