"""Temporary changes to ``sys`` for a call, undone in any order: runpy's save/restore.

``runpy.run_path`` (Lib/runpy.py, ``_TempModule`` and ``_ModifiedArgv0``) puts the path
first on ``sys.path``, replaces ``sys.argv[0]`` and ``sys.modules[run_name]`` while the
code runs, and puts the old values back after it: correct only when calls end in the
reverse order they started.  Here the swaps happen under one lock and running calls
stack per slot (:class:`_Overlay`), so overlapping calls from several threads leave
``sys`` as it was once the last one returns.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType
from typing import Any, cast

_MISSING: Any = object()  # "there was nothing there": sys.modules/argv slot

_state_lock = threading.RLock()


class _Overlay:
    """One running call's temporary entries in sys.argv, sys.modules, sys.path.

    ``saved_*`` is what to put back when the call ends.  runpy saves and
    restores around each call, which is right only if calls end in the
    reverse order they started: when two threads overlap and the first one
    ends first, it puts back the original while the second still runs, and
    the second then puts back the first one's value, which stays.  Here the
    running calls form a stack per slot; a call that ends while a later one
    is still running hands its saved value to the call above it instead of
    writing it, so the last call to end restores what was there before any.
    """

    __slots__ = ("argv0", "module", "path_entry", "run_name", "saved_argv0", "saved_module")

    def __init__(
        self, path_entry: str | None, argv0: object, run_name: str, module: ModuleType
    ) -> None:
        self.path_entry = path_entry
        self.argv0 = argv0
        self.run_name = run_name
        self.module = module
        self.saved_argv0: object = _MISSING
        self.saved_module: object = _MISSING


_argv_stack: list[_Overlay] = []
_module_stacks: dict[str, list[_Overlay]] = {}


def _set_argv0(value: object) -> None:
    argv = getattr(sys, "argv", None)
    if not isinstance(argv, list):
        return
    if value is _MISSING:
        if argv:
            del argv[0]
    elif argv:
        argv[0] = value
    else:
        argv.append(value)


def _enter(overlay: _Overlay) -> None:
    with _state_lock:
        if overlay.path_entry is not None:
            sys.path.insert(0, overlay.path_entry)
        argv = getattr(sys, "argv", None)
        overlay.saved_argv0 = argv[0] if isinstance(argv, list) and argv else _MISSING
        _set_argv0(overlay.argv0)
        _argv_stack.append(overlay)
        overlay.saved_module = sys.modules.get(overlay.run_name, _MISSING)
        sys.modules[overlay.run_name] = overlay.module
        _module_stacks.setdefault(overlay.run_name, []).append(overlay)


def _leave(overlay: _Overlay, keep_module: bool) -> None:
    with _state_lock:
        name = overlay.run_name
        stack = _module_stacks[name]
        index = next(i for i, o in enumerate(stack) if o is overlay)
        outgoing = overlay.module if keep_module else overlay.saved_module
        if index == len(stack) - 1:
            if outgoing is _MISSING:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = cast(ModuleType, outgoing)
        else:
            stack[index + 1].saved_module = outgoing
        del stack[index]
        if not stack:
            del _module_stacks[name]

        index = next(i for i, o in enumerate(_argv_stack) if o is overlay)
        if index == len(_argv_stack) - 1:
            _set_argv0(overlay.saved_argv0)
        else:
            _argv_stack[index + 1].saved_argv0 = overlay.saved_argv0
        del _argv_stack[index]

        entry = overlay.path_entry
        if entry is not None:
            # Remove the very object inserted, else (like runpy) an equal one.
            path = sys.path
            for i, item in enumerate(path):
                if item is entry:
                    del path[i]
                    break
            else:
                try:
                    path.remove(entry)
                except ValueError:
                    pass
