"""``pywhence run PATH [ARGS...]``: run a path the way ``python PATH ARGS...`` does.

What Modules/main.c's ``pymain_run_python`` does for a script, a directory or a zipfile
(``sys.argv``, ``sys.path[0]``, the ``__main__`` module and its globals, the exit status
of ``SystemExit``, an uncaught exception through ``sys.excepthook``), with the path found
by :mod:`.runpy`'s rules.  The ``pywhence`` command line hands ``run`` over to
:func:`run_main` untouched; it lives here, not in ``pywhence.cli``, because it must load
with the standard library alone.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.machinery import SourceFileLoader, SourcelessFileLoader
from types import ModuleType, TracebackType

from .errors import RunPathError
from .runpy import _locate

__all__ = ["run_main"]

# The __main__ module of ``python PATH`` starts with an empty __annotations__
# on these versions (PEP 649 removes it in 3.14).
_MAIN_HAS_ANNOTATIONS = sys.version_info < (3, 14)
#: __main__ has a __cached__ before 3.15 only (measured with sid's 3.15.2).
_MAIN_HAS_CACHED = sys.version_info < (3, 15)

# Frames running in this module are run_main's own: _print_exception leaves them out.
_THIS_GLOBALS = globals()

_USAGE = "usage: pywhence run [--cache] PATH [ARGS...]"
_HELP = f"""{_USAGE}

Run PATH as `python PATH ARGS...` would: a script, a .pyc file, or a
directory or zipfile containing __main__.py (looked up there only).

options (before PATH; everything after PATH goes to the script):
  --cache     reuse the script's bytecode while its source is unchanged
  -h, --help  show this help and exit
"""


def _error(message: str) -> None:
    stream = sys.stderr
    if stream is not None:
        stream.write(f"pywhence run: error: {message}\n")
        stream.flush()


def run_main(argv: Sequence[str]) -> int:
    """``pywhence run [--cache] PATH [ARGS...]``; returns the exit status.

    *argv* is what follows ``run`` on the command line.  PATH runs as
    ``python PATH ARGS...`` would run it: as ``__main__``, with
    ``sys.argv == [PATH, *ARGS]``; with ``sys.path[0]`` replaced by the
    script's directory (symlinks resolved, as CPython does), or by the
    directory or zipfile itself, made absolute; with ``__file__`` absolute
    (as CPython does since 3.9, bpo-20443) and ``__loader__`` set.
    ``__main__`` of a directory or zipfile is looked up there only
    (gh-75221).  Under ``-P``/``PYTHONSAFEPATH`` (3.11+) a script's
    directory is not added, as with python.

    The status is python's: 0, or the ``SystemExit`` code (None is 0, an int
    is itself, anything else is printed to stderr and gives 1); an uncaught
    exception is passed to ``sys.excepthook`` without pywhence's own frames
    and gives 1 (``KeyboardInterrupt`` gives 130, what a shell reports for
    python killed by SIGINT).  A syntax error in the script is shown the
    way python shows it.  A path that cannot be run is reported on one line,
    ``pywhence run: error: <message>``, with status 1; a usage error gives 2.

    Like python, this leaves ``sys.argv``, ``sys.path[0]`` and
    ``sys.modules["__main__"]`` set for the script when it returns, since
    its non-daemon threads and atexit handlers still run after that.
    """
    args = list(argv)
    cache = False
    while args and args[0].startswith("-") and args[0] != "-":
        option = args.pop(0)
        if option == "--":
            break
        if option == "--cache":
            cache = True
        elif option in ("-h", "--help"):
            sys.stdout.write(_HELP)
            return 0
        else:
            sys.stderr.write(_USAGE + "\n")
            _error(f"unrecognized option {option!r} (options go before PATH)")
            return 2
    if not args:
        sys.stderr.write(_USAGE + "\n")
        _error("missing PATH to run")
        return 2
    path, script_args = args[0], args[1:]

    try:
        # CPython makes the path absolute by joining it to the working
        # directory, without normalising it.
        full = path if os.path.isabs(path) else os.path.join(os.getcwd(), path)
        target = _locate(full, cache)
    except RunPathError as exc:
        _error(str(exc))
        return 1
    except SyntaxError as exc:
        # A real syntax error is shown as python shows it: no traceback.
        exc.__traceback__ = None
        _print_exception(exc)
        return 1
    except OSError as exc:
        # python's own wording; the path is the absolute one, as python's is.
        name = exc.filename if isinstance(exc.filename, str) else path
        if exc.strerror:
            _error(f"can't open file {name!r}: [Errno {exc.errno}] {exc.strerror}")
        else:
            _error(f"can't open file {name!r}: {exc}")
        return 1
    except Exception as exc:  # noqa: BLE001 - bad input must not give a traceback
        message = str(exc) or type(exc).__name__
        if path not in message:
            message = f"can't run {path!r}: {type(exc).__name__}: {message}"
        _error(message)
        return 1

    main = ModuleType("__main__")
    main_globals = main.__dict__
    spec = target.spec
    if _MAIN_HAS_ANNOTATIONS:
        main_globals["__annotations__"] = {}
    main_globals["__builtins__"] = sys.modules["builtins"]
    if spec is None:
        main_globals["__file__"] = full
        if _MAIN_HAS_CACHED:
            main_globals["__cached__"] = None
        loader_class = SourcelessFileLoader if target.from_pyc else SourceFileLoader
        main_globals["__loader__"] = loader_class("__main__", full)
    else:
        main_globals.update(__name__="__main__", __file__=spec.origin)
        if _MAIN_HAS_CACHED:
            main_globals["__cached__"] = spec.cached
        main_globals.update(
            __doc__=None,
            __loader__=spec.loader,
            __package__=spec.parent,
            __spec__=spec,
        )

    sys.argv = [path, *script_args]
    if spec is not None:
        entry: str | None = full
    elif getattr(sys.flags, "safe_path", False):
        entry = None
    else:
        entry = os.path.dirname(os.path.realpath(full))
    if entry is not None:
        # Stand in for the entry python put first for pywhence's own launcher
        # (its script directory or, for -m, the working directory) unless
        # -P left none there.
        if sys.path and not getattr(sys.flags, "safe_path", False):
            sys.path[0] = entry
        else:
            sys.path.insert(0, entry)
    sys.modules["__main__"] = main

    try:
        exec(target.code, main_globals)  # noqa: S102 - running the script is the point
    except SystemExit as exc:
        return _exit_status(exc)
    except BaseException as exc:  # noqa: BLE001 - python reports every uncaught exception
        _print_exception(exc)
        return 130 if isinstance(exc, KeyboardInterrupt) else 1
    return 0


def _exit_status(exc: SystemExit) -> int:
    """The process status python gives for an uncaught ``SystemExit``."""
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return int(code)
    stream = sys.stderr
    if stream is not None:
        try:
            text = str(code)
        except Exception:  # noqa: BLE001 - a broken __str__ must not escape
            text = f"<unprintable {type(code).__name__} object>"
        stream.write(text + "\n")
        stream.flush()
    return 1


def _print_exception(exc: BaseException) -> None:
    """Report an uncaught exception as python does, minus our own frames."""
    tb: TracebackType | None = exc.__traceback__
    while tb is not None and tb.tb_frame.f_globals is _THIS_GLOBALS:
        tb = tb.tb_next
    exc.__traceback__ = tb
    sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = exc
    try:
        sys.excepthook(type(exc), exc, tb)
    except BaseException as hook_exc:  # noqa: BLE001 - python survives a broken hook too
        stream = sys.stderr
        if stream is not None:
            stream.write("Error in sys.excepthook:\n")
            sys.__excepthook__(type(hook_exc), hook_exc, hook_exc.__traceback__)
            stream.write("\nOriginal exception was:\n")
            sys.__excepthook__(type(exc), exc, tb)
