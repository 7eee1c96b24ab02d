"""The inputs of one startup, and PyConfig as it stands when path configuration begins.

:class:`~pywhence.invocation.Invocation` is what the caller controls (the command
line, the environment, the working directory).  :func:`make_config` merges the command
line with the environment the way ``Python/initconfig.c`` does, giving :class:`Config`.
"""

from __future__ import annotations

from .._record import record
from ..invocation import Invocation
from ..target.behaviour import Behaviour
from .getopt import CommandLine

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["Config", "env_flag", "env_value", "make_config"]


def env_value(env: Mapping[str, str], name: str) -> str | None:
    """A variable as ``config_get_env`` reads it: unset and empty are the same."""
    value = env.get(name)
    return value if value else None


def env_flag(env: Mapping[str, str], name: str) -> int:
    """A numeric flag variable as ``_Py_get_env_flag`` reads it.

    ``PYTHONNOUSERSITE=0`` leaves the flag off; a number sets that level; anything that
    is not a non-negative integer (``yes``, ``-2``) counts as 1.
    """
    value = env_value(env, name)
    if value is None:
        return 0
    # _Py_str_to_int: strtol (leading C whitespace and a sign allowed), then nothing else
    digits = value.lstrip(" \t\n\v\f\r")
    unsigned = digits[1:] if digits[:1] in ("+", "-") else digits
    if not unsigned or not all("0" <= c <= "9" for c in unsigned):
        return 1
    number = int(digits)
    return 1 if number < 0 or number > 2**31 - 1 else number


@record
class Config:
    """PyConfig before getpath runs (names as in ``PyConfig``), plus the invocation."""

    invocation: Invocation
    cmdline: CommandLine | None
    program_name: str
    use_environment: bool
    isolated: bool
    safe_path: bool
    site_import: bool
    user_site_directory: bool
    pythonpath_env: str | None
    home: str | None  # set by an embedder only; PYTHONHOME is read inside getpath
    platlibdir: str | None  # PYTHONPLATLIBDIR, when honoured
    module_search_paths: tuple[str, ...] | None
    dont_write_bytecode: bool
    #: Where each flag came from, for the trace: ``(flag, "-I" | "PYTHONSAFEPATH" ...)``.
    flag_sources: tuple[tuple[str, str], ...] = ()
    #: ``PyConfig.pathconfig_warnings``: getpath prints its warnings (3.15: ``-X
    #: pathconfig_warnings``, ``PYTHON_PATHCONFIG_WARNINGS``; before, embedders only).
    pathconfig_warnings: bool = True

    @property
    def env(self) -> Mapping[str, str]:
        return self.invocation.env

    @property
    def cwd(self) -> str:
        return self.invocation.cwd


def make_config(inv: Invocation, cl: CommandLine | None, sw: Behaviour) -> Config:
    """Merge command line and environment as ``PyConfig_Read`` does.

    ``-I`` implies ``-E`` and ``-s`` (and ``-P`` from 3.11); ``-E`` turns every
    ``PYTHON*`` variable off; a variable set to the empty string counts as unset.
    """
    sources: list[tuple[str, str]] = []
    isolated = bool(cl and cl.isolated)
    if isolated:
        sources.append(("isolated", "-I"))
    use_environment = not (isolated or (cl and cl.ignore_environment))
    if cl and cl.ignore_environment:
        sources.append(("use_environment", "-E"))

    def pyenv(name: str) -> str | None:
        return env_value(inv.env, name) if use_environment else None

    def pyflag(name: str) -> int:
        return env_flag(inv.env, name) if use_environment else 0

    safe_path = False
    if sw.safe_path:
        if isolated:
            safe_path = True
            sources.append(("safe_path", "-I"))
        elif cl and cl.safe_path:
            safe_path = True
            sources.append(("safe_path", "-P"))
        elif pyenv("PYTHONSAFEPATH"):
            safe_path = True
            sources.append(("safe_path", "PYTHONSAFEPATH"))

    user_site = True
    if isolated:
        user_site = False
        sources.append(("user_site_directory", "-I"))
    elif cl and cl.no_user_site:
        user_site = False
        sources.append(("user_site_directory", "-s"))
    elif pyflag("PYTHONNOUSERSITE"):
        user_site = False
        sources.append(("user_site_directory", "PYTHONNOUSERSITE"))

    site_import = not (cl and cl.no_site)
    if not site_import:
        sources.append(("site_import", "-S"))

    dont_write = bool(cl and cl.dont_write_bytecode) or bool(pyflag("PYTHONDONTWRITEBYTECODE"))

    embed = inv.embed
    program_name = (embed.program_name if embed and embed.program_name else None) or (
        inv.argv[0] if inv.argv else ""
    )
    pythonpath_env = pyenv("PYTHONPATH")
    if embed and embed.pythonpath is not None:
        pythonpath_env = embed.pythonpath
    platlibdir = pyenv("PYTHONPLATLIBDIR") if sw.platlibdir else None
    return Config(
        invocation=inv,
        cmdline=cl,
        program_name=program_name,
        use_environment=bool(use_environment),
        isolated=isolated,
        safe_path=safe_path,
        site_import=site_import,
        user_site_directory=user_site,
        pythonpath_env=pythonpath_env,
        home=embed.home if embed else None,
        platlibdir=platlibdir,
        module_search_paths=embed.module_search_paths if embed else None,
        dont_write_bytecode=dont_write,
        flag_sources=tuple(sources),
        pathconfig_warnings=_pathconfig_warnings(cl, pyenv, sw),
    )


def _pathconfig_warnings(cl: CommandLine | None, pyenv: Callable[[str], str | None],
                         sw: Behaviour) -> bool:
    """``config_init_pathconfig_warnings()`` (3.15, gh-145275): ``-X
    pathconfig_warnings=N`` over ``PYTHON_PATHCONFIG_WARNINGS=N``, N being 0 or 1.
    Another value is a fatal error in CPython; the model keeps the warnings on then."""
    enabled = True
    if not sw.pathconfig_warnings_option:
        return enabled
    for value in (pyenv("PYTHON_PATHCONFIG_WARNINGS"),
                  cl.xoption("pathconfig_warnings") if cl is not None else None):
        number = _c_int(value) if isinstance(value, str) else None
        if number in (0, 1):
            enabled = bool(number)
    return enabled


def _c_int(text: str) -> int | None:
    """``strtol``/``wcstol`` over the whole of *text* (``_Py_str_to_int``,
    ``config_wstr_to_int``): leading C whitespace and a sign, then digits and nothing
    else; no digits at all leaves the end pointer at the start, so only ``''`` reads
    (as 0: an empty ``-X pathconfig_warnings=`` value turns the warnings off)."""
    digits = text.lstrip(" \t\n\v\f\r")
    unsigned = digits[1:] if digits[:1] in ("+", "-") else digits
    if not unsigned:
        return 0 if not text else None
    if not all("0" <= c <= "9" for c in unsigned):
        return None
    return int(digits)
