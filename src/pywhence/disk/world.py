"""World files: an imagined machine in one JSON document.

A world holds everything one startup depends on -- the target's facts, the command
line, the environment and the disk -- so it can be computed anywhere, tested, attached
to a bug report.  ``docs/worlds.md`` documents the format; :func:`load_world` validates
it and reports the first problem in one line naming the key.  :func:`dump_world` writes
one losslessly: a file name that is not UTF-8 (held as surrogates, PEP 383) is written
as the JSON escape ``\\udcXX`` of each undecodable byte, which :func:`load_world` reads
back as the same name, so a snapshot replays byte for byte.
"""

from __future__ import annotations

import json

from .._record import record
from ..errors import WorldError
from ..invocation import Embed, Invocation
from ..target.behaviour import behaviour_for
from ..target.interpreter import Build, Interpreter, Version
from .fileio import read_host, valid_special
from .fs import MemoryFS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

__all__ = ["World", "dump_world", "load_world", "world_from_dict"]

_PLATFORMS = ("linux", "darwin", "win32")
_TOP_KEYS = {
    "platform", "version", "build", "argv", "executable", "library", "env", "cwd", "files",
    "executables", "dirs", "symlinks", "specials", "registry", "embed", "site_flavour", "uid",
    "euid", "gid", "egid", "passwd_home", "comment", "expect", "modes", "owners",
}
_BUILD_KEYS = {
    "prefix", "exec_prefix", "platlibdir", "vpath", "abi_thread", "abiflags", "extension_suffixes",
    "pythonpath", "framework",
    "debug_ext", "pywinver", "exe_suffix", "shared", "multiarch",
}
_EMBED_KEYS = {"home", "program_name", "pythonpath", "module_search_paths"}


@record
class World:
    """A loaded world: target facts, one invocation, and its disk."""

    interpreter: Interpreter
    invocation: Invocation
    fs: MemoryFS
    source: str = "<world>"
    expect: Mapping[str, Any] | None = None


def load_world(path: str) -> World:
    """Read and validate the world file at *path* (errors name the file and the key).

    A regular file or a pipe (``--world <(...)``), at most :data:`~.fileio.MAX_READ`
    bytes; a device (``/dev/zero``) is refused unread.
    """
    try:
        raw = read_host(path, fifo=True)
    except OSError as exc:
        raise WorldError(f"cannot read world file {path}: {exc.strerror or exc}", path) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise WorldError(f"world file {path} is not UTF-8 text (byte {exc.start})", path) from None
    except json.JSONDecodeError as exc:
        raise WorldError(
            f"world file {path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            path,
        ) from None
    except RecursionError:
        # '[' * 200000: the C decoder recurses once per level
        raise WorldError(f"world file {path} is not valid JSON: nested too deeply", path) from None
    return world_from_dict(data, source=path)


def dump_world(doc: Mapping[str, Any]) -> str:
    """The JSON text of world document *doc*, UTF-8-clean and lossless.

    Names that are not UTF-8 arrive as lone surrogates (``os.fsdecode``'s
    surrogateescape): each is written as the JSON escape ``\\udcXX``, which JSON readers
    decode back to the same surrogate, so a replay sees the very same names.
    """
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # only surrogates cannot be UTF-8; backslashreplace spells them as JSON does
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text



def _want(cond: bool, where: str, what: str) -> None:
    if not cond:
        raise WorldError(f"{where}: {what}", where)


def _str_or_none(d: Mapping[str, Any], key: str, where: str) -> str | None:
    v = d.get(key)
    _want(v is None or isinstance(v, str), f"{where}: key {key!r}", "must be a string or null")
    return v


def _str_map(d: Mapping[str, Any], key: str, where: str) -> dict[str, str]:
    v = d.get(key) or {}
    _want(isinstance(v, dict), f"{where}: key {key!r}", "must be an object of strings")
    for k, val in v.items():
        _want(isinstance(val, str), f"{where}: {key}[{k!r}]", "must be a string")
    return dict(v)


def _str_list(d: Mapping[str, Any], key: str, where: str) -> list[str]:
    v = d.get(key) or []
    _want(isinstance(v, list) and all(isinstance(x, str) for x in v), f"{where}: key {key!r}",
          "must be a list of strings")
    return list(v)


def _int_or_none(d: Mapping[str, Any], key: str, where: str) -> int | None:
    v = d.get(key)
    _want(v is None or (isinstance(v, int) and not isinstance(v, bool)), f"{where}: key {key!r}",
          "must be an integer or null")
    return v


def world_from_dict(data: Any, source: str = "<world>") -> World:
    """Build a :class:`World` from parsed JSON, validating as it goes."""
    where = source
    _want(isinstance(data, dict), where, "a world must be a JSON object")
    unknown = sorted(set(data) - _TOP_KEYS)
    _want(not unknown, where, f"unknown key {unknown[0]!r}" if unknown else "")
    platform = data.get("platform", "linux")
    _want(platform in _PLATFORMS, f"{where}: key 'platform'", f"must be one of {', '.join(_PLATFORMS)}")
    vtext = data.get("version")
    _want(isinstance(vtext, str), f"{where}: key 'version'", "is required, as a string like \"3.12\" or \"3.12.4\"")
    try:
        version = Version.parse(vtext)
    except ValueError:
        raise WorldError(f"{where}: key 'version': not a Python version: {vtext!r}", where) from None
    _want(version.xy >= (3, 8), f"{where}: key 'version'", f"{version} is older than 3.8, which is not modelled")
    flavour = "nt" if platform == "win32" else "posix"

    bdata = data.get("build")
    bdata = {} if bdata is None else bdata
    _want(isinstance(bdata, dict), f"{where}: key 'build'", "must be an object")
    bunknown = sorted(set(bdata) - _BUILD_KEYS)
    _want(not bunknown, f"{where}: build", f"unknown key {bunknown[0]!r}" if bunknown else "")
    bwhere = f"{where}: build"
    for key in _BUILD_KEYS - {"framework", "shared", "extension_suffixes"}:
        _str_or_none(bdata, key, bwhere)
    for key in ("framework", "shared"):
        v = bdata.get(key)
        _want(v is None or isinstance(v, bool), f"{bwhere}: key {key!r}", "must be true, false or null")
    suffixes = bdata.get("extension_suffixes")
    _want(suffixes is None or (isinstance(suffixes, list) and all(isinstance(s, str) for s in suffixes)),
          f"{bwhere}: key 'extension_suffixes'", "must be a list of strings or null")

    def bstr(key: str, default: str) -> str:
        value = bdata.get(key)
        return default if value is None else str(value)

    # sys.abiflags ('t' free-threaded, 'd' debug) and getpath's ABI_THREAD say the same 't'
    abi_thread = bstr("abi_thread", "t" if "t" in bstr("abiflags", "") else "")
    abiflags = bstr("abiflags", abi_thread)
    _want(set(abiflags) <= {"t", "d"}, f"{bwhere}: key 'abiflags'", "only 't' and 'd' are ABI flags")
    _want(abi_thread in ("", "t") and (abi_thread == "t") == ("t" in abiflags),
          f"{bwhere}: key 'abi_thread'", f"{abi_thread!r} disagrees with abiflags {abiflags!r}")
    nt = flavour == "nt"
    nt_platlibdir = "DLLs" if behaviour_for(version).nt_platlibdir_is_dlls else "lib"
    build = Build(
        # Windows builds have no compiled-in prefix (getpath gets an empty PREFIX)
        prefix=bstr("prefix", "" if nt else "/usr/local"),
        exec_prefix=bstr("exec_prefix", ""),
        platlibdir=bstr("platlibdir", nt_platlibdir if nt else "lib") or (nt_platlibdir if nt else "lib"),
        vpath=bstr("vpath", "..\\.." if nt else ""),
        abi_thread=abi_thread,
        abiflags=abiflags,
        extension_suffixes=tuple(suffixes or ()),
        pythonpath=bstr("pythonpath", ""),
        framework=bool(bdata.get("framework", False)),
        debug_ext=bstr("debug_ext", ""),
        pywinver=bstr("pywinver", f"{version.major}.{version.minor}" if nt else ""),
        exe_suffix=bstr("exe_suffix", ".exe" if nt else ""),
        shared=bdata.get("shared"),
        multiarch=bstr("multiarch", ""),
    )

    argv = data.get("argv")
    _want(isinstance(argv, list) and bool(argv) and all(isinstance(a, str) for a in argv),
          f"{where}: key 'argv'", "is required, as a non-empty list of strings (argv[0] as typed)")
    env = _str_map(data, "env", where)
    cwd = data.get("cwd") or ("C:\\" if flavour == "nt" else "/")
    _want(isinstance(cwd, str), f"{where}: key 'cwd'", "must be a string")

    files_raw = data.get("files") or {}
    _want(isinstance(files_raw, dict), f"{where}: key 'files'", "must be an object of path: text")
    files: dict[str, str | bytes] = {}
    for k, v in files_raw.items():
        files[k] = _file_content(v, f"{where}: files[{k!r}]")
    dirs = _str_list(data, "dirs", where)
    symlinks = _str_map(data, "symlinks", where)
    executables = _str_list(data, "executables", where)
    specials = _str_map(data, "specials", where)
    for k, v in specials.items():
        _want(valid_special(v), f"{where}: specials[{k!r}]",
              "must be 'fifo', 'socket', 'char MAJOR:MINOR' or 'block MAJOR:MINOR'")
    named = [data.get(k) for k in ("executable", "library")]
    _check_flavour(flavour, [*files, *dirs, *symlinks, *executables, *specials, cwd,
                             *(p for p in named if isinstance(p, str))], where)
    try:
        fs = MemoryFS(
            flavour=flavour,  # type: ignore[arg-type]
            files=files,
            dirs=dirs,
            symlinks=symlinks,
            executables=executables,
            specials=specials,
        )
    except WorldError as exc:
        raise WorldError(f"{where}: {exc}", exc.culprit) from None
    _set_ownership(fs, data, where)

    edata = data.get("embed")
    embed = None
    if edata is not None:
        _want(isinstance(edata, dict), f"{where}: key 'embed'", "must be an object or null")
        eunknown = sorted(set(edata) - _EMBED_KEYS)
        _want(not eunknown, f"{where}: embed", f"unknown key {eunknown[0]!r}" if eunknown else "")
        msp = edata.get("module_search_paths")
        _want(msp is None or (isinstance(msp, list) and all(isinstance(x, str) for x in msp)),
              f"{where}: embed.module_search_paths", "must be a list of strings or null")
        embed = Embed(
            home=_str_or_none(edata, "home", f"{where}: embed"),
            program_name=_str_or_none(edata, "program_name", f"{where}: embed"),
            pythonpath=_str_or_none(edata, "pythonpath", f"{where}: embed"),
            module_search_paths=tuple(msp) if msp is not None else None,
        )

    site_flavour = data.get("site_flavour", "cpython")
    _want(site_flavour in ("cpython", "debian"), f"{where}: key 'site_flavour'", "must be 'cpython' or 'debian'")
    library = _str_or_none(data, "library", where)
    interp = Interpreter(
        version=version,
        platform=platform,
        build=build,
        executable=_str_or_none(data, "executable", where),
        library=library,
        site_flavour=site_flavour,
        provenance=(("all facts", f"world file {source}"),),
    )
    inv = Invocation(
        argv=tuple(argv),
        env=env,
        cwd=cwd,
        real_executable=_str_or_none(data, "executable", where),
        library=library,
        registry=_str_map(data, "registry", where),
        embed=embed,
        uid=_int_or_none(data, "uid", where),
        euid=_int_or_none(data, "euid", where),
        gid=_int_or_none(data, "gid", where),
        egid=_int_or_none(data, "egid", where),
        passwd_home=_str_or_none(data, "passwd_home", where),
    )
    expect = data.get("expect")
    return World(interp, inv, fs, source=source, expect=expect if isinstance(expect, dict) else None)


def _set_ownership(fs: MemoryFS, data: Mapping[str, Any], where: str) -> None:
    """The world's ``modes`` (path -> octal string or integer) and ``owners`` (path ->
    ``[uid, gid]``), each path one the world holds (disk/ownership.py)."""
    from .ownership import parse_mode

    modes_raw, owners_raw = data.get("modes") or {}, data.get("owners") or {}
    _want(isinstance(modes_raw, dict), f"{where}: key 'modes'", "must be an object of path: mode")
    _want(isinstance(owners_raw, dict), f"{where}: key 'owners'",
          "must be an object of path: [uid, gid]")
    modes: dict[str, int] = {}
    for k, v in modes_raw.items():
        mode = parse_mode(v)
        _want(mode is not None, f"{where}: modes[{k!r}]",
              "must be an octal string such as \"0755\" (or an integer), at most 7777")
        modes[k] = mode  # type: ignore[assignment]
    owners: dict[str, tuple[int, int]] = {}
    for k, v in owners_raw.items():
        _want(isinstance(v, list) and len(v) == 2 and all(
            isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in v),
            f"{where}: owners[{k!r}]", "must be [uid, gid], two integers >= 0")
        owners[k] = (v[0], v[1])
    try:
        fs.set_ownership(modes, owners)
    except KeyError as exc:
        raise WorldError(f"{where}: modes/owners: path {exc.args[0]!r} is not in the world "
                         "(not a file, directory, symlink or parent of one)", exc.args[0]) from None
    except ValueError as exc:
        raise WorldError(f"{where}: modes/owners: path {exc.args[0]!r} is a symlink; state "
                         "the mode and owner of its target", exc.args[0]) from None


def _file_content(value: Any, where: str) -> str | bytes:
    """A file's text, or ``{"base64": "..."}`` for bytes that are not text (a zip)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"base64"} and isinstance(value["base64"], str):
        import base64
        import binascii

        try:
            return base64.b64decode(value["base64"], validate=True)
        except (binascii.Error, ValueError):
            raise WorldError(f"{where}: 'base64' is not valid base64", where) from None
    raise WorldError(f"{where}: must be the file's text, or {{\"base64\": \"...\"}}", where)


def _check_flavour(flavour: str, paths: list[str], where: str) -> None:
    """A Windows path in a POSIX world (or the reverse) is an error, not a wrong answer."""
    for p in paths:
        if flavour == "posix":
            _want(not (len(p) >= 2 and p[1] == ":") and "\\" not in p, f"{where}: path {p!r}",
                  "looks like a Windows path, but the world's platform is POSIX")
        else:
            _want(len(p) >= 3 and p[1] == ":" and p[2] in "\\/", f"{where}: path {p!r}",
                  "is not a Windows path (drive letter expected), but the world's platform is win32")
