"""``Python/preconfig.c`` and ``Python/initconfig.c``: the values that stop CPython at
startup, each version its own way.

CPython validates a handful of environment variables and ``-X`` options while it builds
its configuration, and a bad value ends the process with exit status 1 and
``Fatal Python error: <function>: <message>`` / ``Python runtime state: <state>``.  The
checks run in a fixed order, the first failure wins (measured pairwise on 3.8-3.15,
/tmp/research/task3-fatal-matrix.txt and tests/differential/test_config_fatal.py):

1. preconfiguration (state ``preinitializing``), before the command line is judged:
   ``-X utf8`` (the first one; when given, ``PYTHONUTF8`` is not read), then
   ``PYTHONUTF8``, then ``PYTHONMALLOC``;
2. the configuration (state ``preinitialized``), once the command line is accepted and
   runs a program (``-h``/``-V`` exit before): ``PYTHONHASHSEED``, ``PYTHON_GIL`` then
   ``-X gil``, importtime, lazy_imports, tracemalloc, int_max_str_digits, cpu_count,
   thread_inherit_context, context_aware_warnings, pathconfig_warnings (each the
   variable first, then the option);
3. right after path configuration (``config_init_import``): ``PYTHON_FROZEN_MODULES``,
   then ``-X frozen_modules`` -- a getpath failure comes first, a missing ``encodings``
   later;
4. in ``init_interp_main``, after ``encodings`` is imported and before site: a
   tracemalloc frame count above 65535.

An empty variable is never read (``config_get_env``); ``-E`` and ``-I`` turn every
variable off (``-X`` options still count).  ``-X name`` finds the *first* ``-X name...``
(``_Py_get_xoption``).  Which checks exist is a behaviour switch each (the
"PyConfig validation" section of :mod:`pywhence.target.behaviour`); an embedder
(``Invocation.embed``) sets its PyConfig itself and is not checked.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ..invocation import Invocation
    from ..target.behaviour import Behaviour
    from ..target.interpreter import Interpreter
    from .initconfig import Config

__all__ = ["config_fatal", "import_fatal", "preconfig_fatal", "tracemalloc_fatal"]

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_ULONG_MAX = 2**64 - 1
_C_SPACE = " \t\n\v\f\r"
#: ``_PY_LONG_MAX_STR_DIGITS_THRESHOLD`` (Include/internal/pycore_long.h).
_MAX_STR_DIGITS_THRESHOLD = 640
#: ``MAX_NFRAME`` of Python/tracemalloc.c: ``(UINT16_MAX - 1) / ...`` gives 65535.
_TRACEMALLOC_MAX_NFRAME = 65535
#: ``_PyMem_GetAllocatorName`` (Objects/obmalloc.c); mimalloc from 3.13.
_ALLOCATORS = ("default", "debug", "pymalloc", "pymalloc_debug", "malloc", "malloc_debug")
_MIMALLOC = ("mimalloc", "mimalloc_debug")


def _fatal(message: str, state: str = "preinitialized") -> str:
    return f"Fatal Python error: {message}\nPython runtime state: {state}"


# ---------------------------------------------------------------------------------------
# C's number parsing, as CPython calls it
# ---------------------------------------------------------------------------------------


def _strtol(text: str) -> tuple[int, str]:
    """``strtol(text, &end, 10)``: (value, what is left at *end*).  No digits at all: 0
    and the whole text (C leaves *end* at the start)."""
    body = text.lstrip(_C_SPACE)
    sign = body[:1] if body[:1] in ("+", "-") else ""
    rest = body[len(sign):]
    n = 0
    while n < len(rest) and "0" <= rest[n] <= "9":
        n += 1
    if n == 0:
        return 0, text
    # more digits than any C long holds overflow anyway (and int() of thousands of
    # digits would itself refuse: sys.set_int_max_str_digits)
    value = int(rest[:n]) if n <= 25 else 10**25
    return (-value if sign == "-" else value), rest[n:]


def _to_int(text: str) -> int | None:
    """``_Py_str_to_int`` / ``config_wstr_to_int``: all of *text* a C int, else None.
    ``""`` reads as 0 (no digits, and the end is the end of the string)."""
    value, left = _strtol(text)
    if left or not _INT_MIN <= value <= _INT_MAX:
        return None
    return value


def _hash_seed_ok(text: str) -> bool:
    """``config_init_hash_seed``: ``strtoul`` over all of *text*, at most 4294967295
    (a sign is allowed: ``-0`` is 0, ``-1`` wraps round to ULONG_MAX)."""
    value, left = _strtol(text)
    if left:  # no digits at all, or something after them
        return False
    if abs(value) > _ULONG_MAX:
        return False  # ERANGE
    return (value % (_ULONG_MAX + 1)) <= 4294967295


# ---------------------------------------------------------------------------------------
# What the checks read
# ---------------------------------------------------------------------------------------


def _xoption(xoptions: tuple[str, ...] | list[str], name: str) -> str | None:
    """The first ``-X name[=value]``: its value, ``""`` without ``=``, None if absent
    (``config_get_xoption_value``)."""
    for opt in xoptions:
        key, eq, value = opt.partition("=")
        if key == name:
            return value if eq else ""
    return None


def _has_value(xoptions: tuple[str, ...] | list[str], name: str) -> tuple[bool, str | None]:
    """(present, the text after ``=`` or None without one) of the first ``-X name``."""
    for opt in xoptions:
        key, eq, value = opt.partition("=")
        if key == name:
            return True, (value if eq else None)
    return False, None


def _prescan(argv: tuple[str, ...]) -> tuple[bool, tuple[str, ...]]:
    """``precmdline_parse_cmdline``: (use_environment, -X options) read before the
    command line is judged -- unknown options are skipped, ``-c``/``-m`` end the scan."""
    use_env = True
    xoptions: list[str] = []
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg == "--" or not arg.startswith("-") or arg == "-":
            break
        i += 1
        if arg.startswith("--"):
            if arg == "--check-hash-based-pycs":
                i += 1
            continue
        for j in range(1, len(arg)):
            ch = arg[j]
            if ch in "cm":
                return use_env, tuple(xoptions)
            if ch in "WX":
                value: str | None = arg[j + 1:]
                if not value:
                    value = argv[i] if i < len(argv) else None
                    i += 1
                if ch == "X" and value is not None:
                    xoptions.append(value)
                break
            if ch in "EI":
                use_env = False
    return use_env, tuple(xoptions)


# ---------------------------------------------------------------------------------------
# 1. Preconfiguration
# ---------------------------------------------------------------------------------------


def preconfig_fatal(inv: Invocation, sw: Behaviour) -> str | None:
    """The fatal error of ``_Py_PreInitializeFromConfig`` (UTF-8 mode, allocator)."""
    if inv.embed is not None:
        return None
    use_env, xoptions = _prescan(inv.argv)

    def env(name: str) -> str | None:
        value = inv.env.get(name) if use_env else None
        return value or None

    present, value = _has_value(xoptions, "utf8")
    if present:
        if value is not None and value not in ("0", "1"):
            return _fatal("preconfig_init_utf8_mode: invalid -X utf8 option value", "preinitializing")
    else:
        value = env("PYTHONUTF8")
        if value is not None and value not in ("0", "1"):
            return _fatal("preconfig_init_utf8_mode: invalid PYTHONUTF8 environment variable "
                          "value", "preinitializing")
    malloc = env("PYTHONMALLOC")
    if malloc is not None and malloc not in _ALLOCATORS and not (
        sw.pymalloc_mimalloc and malloc in _MIMALLOC
    ):
        return _fatal("preconfig_init_allocator: PYTHONMALLOC: unknown allocator", "preinitializing")
    return None


# ---------------------------------------------------------------------------------------
# 2. The configuration
# ---------------------------------------------------------------------------------------


def _number_check(config: Config, env_name: str, x_name: str, valid: Callable[[int], bool],
                  env_error: str, x_error: str, *, x_needs_value: bool,
                  env_keyword: str | None = None) -> str | None:
    """The shape most checks share: ``VAR=N`` (``_Py_str_to_int``) then ``-X name=N``."""
    value = _env(config, env_name)
    if value is not None and value != env_keyword:
        number = _to_int(value)
        if number is None or not valid(number):
            return env_error
    xoptions = config.cmdline.xoptions if config.cmdline is not None else ()
    present, text = _has_value(xoptions, x_name)
    if present:
        if text is None:
            return x_error if x_needs_value else None
        if text != env_keyword:
            number = _to_int(text)
            if number is None or not valid(number):
                return x_error
    return None


def _env(config: Config, name: str) -> str | None:
    """``config_get_env``: the variable when the environment is used and it is not empty."""
    if not config.use_environment:
        return None
    return config.env.get(name) or None


def config_fatal(config: Config, target: Interpreter, sw: Behaviour) -> str | None:
    """The fatal error of ``config_read()`` before path configuration, or None."""
    cl = config.cmdline
    if config.invocation.embed is not None or cl is None or cl.run_mode in ("help", "version"):
        return None
    xoptions = cl.xoptions
    seed = _env(config, "PYTHONHASHSEED")
    if seed is not None and seed != "random" and not _hash_seed_ok(seed):
        return _fatal('config_init_hash_seed: PYTHONHASHSEED must be "random" or an integer in '
                      "range [0; 4294967295]")
    if sw.config_checks_gil:
        for gil in (_env(config, "PYTHON_GIL"), _xoption(xoptions, "gil")):
            if gil is None:
                continue
            if gil == "0" and target.build.abi_thread != "t":
                return _fatal("config_read_gil: Disabling the GIL is not supported by this build")
            if gil not in ("0", "1"):
                return _fatal('config_read_gil: PYTHON_GIL / -X gil must be "0" or "1"')
    if sw.config_checks_import_time:
        why = _import_time(config, xoptions)
        if why is not None:
            return _fatal(why)
    if sw.config_checks_lazy_imports:
        for value, what in ((_env(config, "PYTHON_LAZY_IMPORTS"), "PYTHON_LAZY_IMPORTS"),
                            (_xoption(xoptions, "lazy_imports"), "-X lazy_imports")):
            if value is not None and value not in ("all", "normal"):
                return _fatal(f"config_init_lazy_imports: {what}: invalid value; expected 'all' "
                              "or 'normal'")
    why = _number_check(config, "PYTHONTRACEMALLOC", "tracemalloc", lambda n: n >= 0,
                        "config_init_tracemalloc: PYTHONTRACEMALLOC: invalid number of frames",
                        "config_init_tracemalloc: -X tracemalloc=NFRAME: invalid number of frames",
                        x_needs_value=False)
    if why is not None:
        return _fatal(why)
    if sw.config_checks_int_max_str_digits:
        why = _number_check(
            config, "PYTHONINTMAXSTRDIGITS", "int_max_str_digits",
            lambda n: n == 0 or n >= _MAX_STR_DIGITS_THRESHOLD,
            "config_init_int_max_str_digits: PYTHONINTMAXSTRDIGITS: invalid limit; must be >= "
            f"{_MAX_STR_DIGITS_THRESHOLD} or 0 for unlimited.",
            "config_init_int_max_str_digits: -X int_max_str_digits: invalid limit; must be >= "
            f"{_MAX_STR_DIGITS_THRESHOLD} or 0 for unlimited.",
            x_needs_value=True)
        if why is not None:
            return _fatal(why)
    if sw.config_checks_cpu_count:
        message = ("config_init_cpu_count: -X cpu_count=n option: n is missing or an invalid "
                   "number, n must be greater than 0")
        why = _number_check(config, "PYTHON_CPU_COUNT", "cpu_count", lambda n: n >= 1,
                            message, message, x_needs_value=True, env_keyword="default")
        if why is not None:
            return _fatal(why)
    for on, func, var, opt in (
        (sw.config_checks_context_options, "thread_inherit_context",
         "PYTHON_THREAD_INHERIT_CONTEXT", "thread_inherit_context"),
        (sw.config_checks_context_options, "context_aware_warnings",
         "PYTHON_CONTEXT_AWARE_WARNINGS", "context_aware_warnings"),
        (sw.config_checks_pathconfig_warnings, "pathconfig_warnings",
         "PYTHON_PATHCONFIG_WARNINGS", "pathconfig_warnings"),
    ):
        if not on:
            continue
        why = _number_check(config, var, opt, lambda n: n in (0, 1),
                            f"config_init_{func}: {var}=N: N is missing or invalid",
                            f"config_init_{func}: -X {opt}=n: n is missing or invalid",
                            x_needs_value=True)
        if why is not None:
            return _fatal(why)
    return None


def _import_time(config: Config, xoptions: tuple[str, ...]) -> str | None:
    """``config_init_import_time`` (3.14): a value that is no number means 1, a number
    must be 0, 1 or 2."""
    value = _env(config, "PYTHONPROFILEIMPORTTIME")
    number = _to_int(value) if value is not None else None
    if number is not None and not 0 <= number <= 2:
        return ("config_init_import_time: PYTHONPROFILEIMPORTTIME: numeric values other than 1 "
                "and 2 are reserved for future use.")
    present, text = _has_value(xoptions, "importtime")
    number = _to_int(text) if present and text is not None else None
    if number is not None and not 0 <= number <= 2:
        return ("config_init_import_time: -X importtime: values other than 1 and 2 are reserved "
                "for future use.")
    return None


# ---------------------------------------------------------------------------------------
# 3. and 4. After path configuration
# ---------------------------------------------------------------------------------------


def import_fatal(config: Config, sw: Behaviour) -> str | None:
    """``config_init_import``'s fatal error (frozen modules), checked right after getpath."""
    cl = config.cmdline
    if config.invocation.embed is not None or cl is None or cl.run_mode in ("help", "version"):
        return None
    if sw.frozen_modules_env:
        value = _env(config, "PYTHON_FROZEN_MODULES")
        if value is not None and value not in ("on", "off"):
            return _fatal('bad value for PYTHON_FROZEN_MODULES (expected "on" or "off")')
    if sw.frozen_stdlib:  # -X frozen_modules came with the frozen stdlib
        value = _xoption(cl.xoptions, "frozen_modules")
        if value is not None and value not in ("on", "off", ""):
            return _fatal('bad value for option -X frozen_modules (expected "on" or "off")')
    return None


def tracemalloc_fatal(config: Config, sw: Behaviour) -> str | None:
    """``init_interp_main``'s fatal error when tracemalloc cannot start (3.9+): more than
    65535 frames (``-X tracemalloc=N`` over ``PYTHONTRACEMALLOC=N``)."""
    cl = config.cmdline
    if (not sw.tracemalloc_start_checked or config.invocation.embed is not None or cl is None
            or cl.run_mode in ("help", "version")):
        return None
    frames = 0
    value = _env(config, "PYTHONTRACEMALLOC")
    if value is not None:
        frames = _to_int(value) or 0
    present, text = _has_value(cl.xoptions, "tracemalloc")
    if present:
        frames = 1 if text is None else (_to_int(text) or 0)
    if frames <= _TRACEMALLOC_MAX_NFRAME:
        return None
    verb = "start" if sw.tracemalloc_fatal_says_start else "initialize"
    return (_fatal(f"init_interp_main: can't {verb} tracemalloc", "core initialized")
            + f"\nValueError: the number of frames must be in range [1; {_TRACEMALLOC_MAX_NFRAME}]")
