"""What ``Modules/getpath.c`` gives the path algorithms: their inputs and primitives.

CPython 3.11+ builds a dict of inputs (``os_name``, ``PREFIX``, ``ENV_PATH``,
``real_executable``, ``library``, the registry...) and runs the frozen
``Modules/getpath.py`` over it with helper functions written in C (``dirname``,
``joinpath``, ``abspath``, ``isfile``, ``readlines``, ``realpath``...); 3.8-3.10's C
algorithms (``Modules/getpath.c``, ``PC/getpathp.c``) read the same values and share
``_Py_FindEnvConfigValue`` (``Python/pathconfig.c``) for ``pyvenv.cfg``.  This module
holds those shared pieces -- :class:`_Inputs`, the file tests of :class:`_Disk`, the
run state of :class:`_Run`, the 3.11+ helpers of :class:`_PyHelpers` -- so that each
algorithm's module holds only its algorithm.

The disk is read only through :class:`~pywhence.disk.fs.FileSystem`, through helpers
that reproduce getpath's own (``dirname`` is "before the last ``/``", ``joinpath``
normalises in 3.11+ and does not before, ``realpath`` resolves the last component
only).  Relative paths are looked up against the invocation's working directory, as
``stat()`` in the real process would.
"""

from __future__ import annotations

import errno

from .._record import field, record
from ..disk.fs import FileSystem
from ..target.behaviour import Behaviour
from ..target.interpreter import Interpreter
from ..trace import Trace
from .initconfig import Config, env_value
from .special_files import getpath_read

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

#: getpath.c (3.11+) ``readlines`` refuses files of 32 KiB or more (MemoryError).
_READLINES_MAX = 32 * 1024
#: ``_Py_FindEnvConfigValue`` (3.8-3.10) reads lines with ``fgets`` into
#: ``MAXPATHLEN * 2 + 1`` characters, passing one less: a line holds at most 8190 bytes.
_ENVCFG_LINE_MAX = 4096 * 2 - 2
#: getpath's symlink loops give up after this many links (the Linux 4.2 limit).
_MAXSYMLINKS = 40

_STAGE = "getpath"


class _GetpathFailed(Exception):
    """getpath raised: CPython stops with a fatal error before anything is imported."""


# ---------------------------------------------------------------------------------------
# Inputs common to all three algorithms
# ---------------------------------------------------------------------------------------


@record(frozen=False)
class _Inputs:
    """The values CPython hands to getpath, gathered once from the model's inputs."""

    os_name: str  # 'posix', 'darwin' or 'nt' (getpath.py's os_name)
    sep: str
    delim: str
    cwd: str
    program_name: str
    home: str | None  # PyConfig.home (an embedder's), PYTHONHOME is separate
    env_pythonhome: str | None
    env_path: str | None  # PATH, read whatever -E/-I say
    env_path_raw: str | None  # PATH as getenv returns it ('' kept): 3.8-3.10
    env_pythonexecutable: str | None
    env_pyvenv_launcher: str | None
    pythonpath_env: str | None
    use_environment: bool
    platlibdir: str
    real_executable: str | None
    library: str | None
    module_search_paths: tuple[str, ...] | None
    registry: Mapping[str, str] = field(default_factory=dict)
    warnings_enabled: bool = True


def _gather(target: Interpreter, config: Config) -> _Inputs:
    inv = config.invocation
    env = inv.env
    flavour = target.flavour
    os_name = "nt" if flavour == "nt" else ("darwin" if target.platform == "darwin" else "posix")
    # QUIRK: Linux gives getpath no 'real_executable' and no 'library' (getpath.c
    # progname_to_dict / library_to_dict fill them on macOS and Windows only, and the
    # library on macOS only for framework builds).
    real_exe = inv.real_executable if os_name != "posix" else None
    if os_name == "darwin" and not (real_exe or "").startswith("/"):
        real_exe = None  # _NSGetExecutablePath() is kept only when absolute
    if os_name == "nt" or (os_name == "darwin" and target.build.framework):
        library = inv.library
    else:
        library = None
    return _Inputs(
        os_name=os_name,
        sep="\\" if flavour == "nt" else "/",
        delim=";" if flavour == "nt" else ":",
        cwd=inv.cwd,
        program_name=config.program_name,
        home=config.home,
        env_pythonhome=env_value(env, "PYTHONHOME"),
        env_path=env_value(env, "PATH"),
        env_path_raw=env.get("PATH"),
        env_pythonexecutable=env_value(env, "PYTHONEXECUTABLE"),
        env_pyvenv_launcher=env_value(env, "__PYVENV_LAUNCHER__"),
        pythonpath_env=config.pythonpath_env,
        use_environment=config.use_environment,
        platlibdir=config.platlibdir or target.build.platlibdir,
        real_executable=real_exe,
        library=library,
        module_search_paths=config.module_search_paths,
        registry=inv.registry if os_name == "nt" else {},
    )


# ---------------------------------------------------------------------------------------
# The file tests every algorithm makes, over a FileSystem
# ---------------------------------------------------------------------------------------


class _Disk:
    """The file tests getpath makes, relative paths taken against the working directory."""

    def __init__(self, fs: FileSystem, cwd: str, sep: str) -> None:
        self.fs = fs
        self.cwd = cwd
        self.sep = sep
        self._p = fs.path
        self._posix = fs.flavour == "posix"

    def _at(self, path: str) -> str | None:
        if not path:
            return None
        if path[0] == "/" if self._posix else self._p.isabs(path):
            return path
        joined: str = self._p.join(self.cwd, path)
        return joined

    def isfile(self, path: str) -> bool:
        p = self._at(path)
        return p is not None and self.fs.is_file(p)

    def isdir(self, path: str) -> bool:
        p = self._at(path)
        return p is not None and self.fs.is_dir(p)

    def isxfile(self, path: str) -> bool:
        p = self._at(path)
        return p is not None and self.fs.is_xfile(p)

    def readlink(self, path: str) -> str:
        p = self._at(path)
        if p is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        return self.fs.readlink(p)

    def read(self, path: str, limit: int | None = None) -> bytes:
        """``fopen`` + ``fread``: a directory opens and reads as empty (Linux); a FIFO or
        a device is predicted, never read (:func:`.special_files.getpath_read`)."""
        p = self._at(path)
        if p is None:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        try:
            return getpath_read(self.fs, p, limit, _ENVCFG_LINE_MAX)
        except IsADirectoryError:
            return b""


def _decode(data: bytes) -> str:
    """``_Py_DecodeUTF8_surrogateescape`` into a wide string: a NUL ends the text."""
    text = data.decode("utf-8", "surrogateescape")
    nul = text.find("\0")
    return text if nul < 0 else text[:nul]


class _Run:
    """What every path algorithm run holds: its inputs, a disk in the target's separator,
    and the trace it writes to."""

    def __init__(self, target: Interpreter, config: Config, fs: FileSystem, sw: Behaviour,
                 trace: Trace, inp: _Inputs, sep: str) -> None:
        self.t = target
        self.config = config
        self.fs = fs
        self.sw = sw
        self.trace = trace
        self.inp = inp
        self.disk = _Disk(fs, inp.cwd, sep)
        self._normpath: Callable[[str], str] = fs.path.normpath

    def note(self, rule: str, outcome: str, *inputs: str) -> int:
        return self.trace.add(_STAGE, rule, outcome, *inputs)


# ---------------------------------------------------------------------------------------
# 3.11+: the helpers Modules/getpath.c gives Modules/getpath.py
# ---------------------------------------------------------------------------------------


class _PyHelpers(_Run):
    """The helper functions ``Modules/getpath.c`` (3.11+) puts in ``getpath.py``'s
    namespace (``getpath_dirname``, ``getpath_joinpath``, ``getpath_readlines``...),
    with the target's separator and platform rules."""

    def dirname(self, path: str) -> str:
        i = path.rfind(self.inp.sep)
        return path[:i] if i >= 0 else ""

    def basename(self, path: str) -> str:
        return path[path.rfind(self.inp.sep) + 1:]

    def isabs(self, path: str) -> bool:
        """``_Py_isabs``: on Windows a drive or UNC root is needed ('\\x' and 'C:x' are not)."""
        if self.inp.os_name == "nt":
            return bool(path) and _nt_isabs(path)
        return path[:1] == "/"

    def hassuffix(self, path: str, suffix: str) -> bool:
        if self.inp.os_name == "nt":
            return path.lower().endswith(suffix.lower())
        return path.endswith(suffix)

    def normpath(self, path: str) -> str:
        """``_Py_normpath``: lexical, like os.path.normpath, but '' stays '' and (POSIX) a
        relative path that cancels out entirely ('a/..', './') becomes '' -- only '.'
        itself stays '.' (measured: posix._path_normpath of 3.11/3.12 is this function;
        a ._pth line '..' beside a relative executable gives sys.path entry '')."""
        if not path:
            return ""
        n = self._normpath(path)
        if n == "." and (path != "." or self.sw.normpath_dot_is_empty) and self.inp.os_name != "nt":
            return ""
        return n

    def joinpath(self, *parts: str | None) -> str:
        """Join from the last absolute part on, then normalise (``getpath_joinpath``)."""
        out = ""
        for p in parts:
            if p is None:
                continue
            # An absolute part starts the result afresh, so folding from the start
            # gives the join from the last absolute part on.
            out = p if not out or self.isabs(p) else self._join_relfile(out, p)
        return self.normpath(out)

    def _join_relfile(self, directory: str, relfile: str) -> str:
        """``join_relfile``: QUIRK: no separator after a one-character directory.

        ``joinpath('.', 'python3')`` is ``'.python3'`` (measured: ``PATH=.`` never finds
        the interpreter in 3.11-3.13, while ``PATH=./`` does).  Windows combines with
        ``PathCchCombineEx`` instead, where a rooted part replaces all but the drive.
        """
        if self.inp.os_name == "nt":
            joined: str = self.fs.path.join(directory, relfile)
            return joined
        if len(directory) > 1 and not directory.endswith(self.inp.sep):
            return directory + self.inp.sep + relfile
        return directory + relfile

    def abspath(self, path: str) -> str:
        """``_Py_abspath(_Py_normpath(path))``: normalised first, joined to the cwd as is.

        QUIRK: the join is not normalised again, so '../x' keeps its '..' and a cwd of
        '/' gives '//x' (measured with 3.11.7, 3.12.1, 3.13.0).
        """
        n = self.normpath(path)
        if n in ("", "."):
            return self.inp.cwd
        if self.isabs(n):
            return n
        if self.inp.os_name == "nt":
            # GetFullPathNameW: against the cwd (or its drive), normalised.
            full: str = self.fs.path.normpath(self.fs.path.join(self.inp.cwd, n))
            return full
        return self.inp.cwd + self.inp.sep + n

    def readlines(self, path: str) -> list[str]:
        """``getpath_readlines``: up to 32 KiB of UTF-8 text, split on '\\n' ('\\r' dropped)."""
        if self.inp.os_name == "nt" and self.disk.isdir(path):
            # QUIRK: Windows cannot open a directory (EACCES); Linux reads it as empty.
            raise PermissionError(errno.EACCES, "Permission denied", path)
        data = self.disk.read(path, _READLINES_MAX)
        if len(data) >= _READLINES_MAX:
            raise _GetpathFailed("MemoryError: cannot read file larger than 32KB during initialization")
        text = _decode(data)
        lines: list[str] = []
        while True:
            nl = text.find("\n")
            if nl < 0:
                break
            lines.append(text[:nl].rstrip("\r\n"))
            text = text[nl + 1:]
        if text:
            lines.append(text)
        return lines

    def realpath(self, path: str) -> str:
        """Resolve the last component again and again (``getpath_realpath`` with readlink).

        On Windows the whole path is resolved (``GetFinalPathNameByHandleW``) and the
        input is kept when the result differs only in case.
        """
        if self.inp.os_name == "nt":
            at = self.disk._at(path) or path
            resolved = self.fs.resolve(at)
            return path if resolved.lower() == path.lower() else resolved
        count = 0
        while True:
            try:
                target = self.disk.readlink(path)
            except OSError:
                return path
            if self.isabs(target):
                path = target
            else:
                i = path.rfind(self.inp.sep)
                base = path[:i] if i >= 0 else path
                path = self.normpath(self._join_relfile(base, target))
            count += 1
            if count >= _MAXSYMLINKS:
                raise OSError(errno.ELOOP, "maximum number of symbolic links reached", path)


def _nt_isabs(path: str) -> bool:
    """``_Py_isabs`` on Windows (``PathCchSkipRoot``): 'C:\\x' or a UNC path."""
    p = path.replace("/", "\\")
    if p.startswith("\\\\"):
        return True
    return len(p) >= 3 and p[1] == ":" and p[2] == "\\"


# ---------------------------------------------------------------------------------------
# 3.8-3.10: _Py_FindEnvConfigValue (Python/pathconfig.c), read by getpath.c and getpathp.c
# ---------------------------------------------------------------------------------------


def _find_env_config_value(data: bytes, key: str) -> tuple[str | None, int]:
    """``_Py_FindEnvConfigValue``: 'key = value' as whitespace-separated tokens.

    QUIRK: reading stops at the first line that does not end in a newline (the
    last line of a file without one, or a line longer than the buffer); keys are
    case-sensitive, '=' must be a token of its own, and the value keeps any spaces
    after the first one (bpo-45582 replaced all this in 3.11).
    """
    pos = 0
    n = 0
    while pos < len(data):
        end = data.find(b"\n", pos, pos + _ENVCFG_LINE_MAX)
        chunk = data[pos:end + 1] if end >= 0 else data[pos:pos + _ENVCFG_LINE_MAX]
        pos += len(chunk)
        n += 1
        nul = chunk.find(b"\0")
        if nul >= 0:
            chunk = chunk[:nul]
        if not chunk.endswith(b"\n"):
            return None, n
        if chunk.startswith(b"#"):
            continue
        text = chunk.decode("utf-8", "surrogateescape")
        tok, rest = _wcstok(text, " \t\r\n")
        if tok != key or rest is None:
            continue
        tok, rest = _wcstok(rest, " \t")
        if tok != "=" or rest is None:
            continue
        tok, _ = _wcstok(rest, "\r\n")
        if tok is not None:
            return tok, n
    return None, n


def _wcstok(text: str, delims: str) -> tuple[str | None, str | None]:
    """C ``wcstok``: skip delimiters, take a token, consume the one delimiter after it."""
    i = 0
    while i < len(text) and text[i] in delims:
        i += 1
    if i == len(text):
        return None, None
    j = i
    while j < len(text) and text[j] not in delims:
        j += 1
    return text[i:j], text[j + 1:] if j < len(text) else ""
