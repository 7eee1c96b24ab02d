"""The import oracle: a real interpreter runs ``importlib.util.find_spec(name)`` for many
names as the first statements of its program, and prints every field.

The probe imports nothing before it has asked: ``import importlib.util`` would itself
import modules (and, with a look-alike ``types.py`` in the script directory, the wrong
ones), so it calls what ``importlib.util.find_spec`` calls -- ``_frozen_importlib._find_spec``
after ``__import__`` of the parent -- line for line (the function is the same in
3.8-3.14; test_probe_is_find_spec checks it against the real one).  It also reports the
keys of ``sys.modules`` as the program found them.  What one lookup imports (a parent
package, and what its ``__init__`` imports) is taken out of ``sys.modules`` again before
the next, so each name is answered as if it were asked first.  Output is one ``repr`` line after a
marker, read back with ``ast.literal_eval``.
"""

from __future__ import annotations

import ast
import os
import subprocess
from collections.abc import Mapping, Sequence
from typing import Any

MARK = "@@PYWHENCE-IMPORTS@@"

#: The probe program: sys.argv[1:] (or the NAMES list) are the names to look up.
PROBE = r'''
import sys
_b = sys.modules['_frozen_importlib']
_pre = sorted(sys.modules)
def _fs(name):
    if name.startswith('.'):
        raise (ValueError if sys.version_info < (3, 9) else ImportError)(
            f'no package specified for {name!r} (required for relative module names)')
    if name not in sys.modules:
        parent = name.rpartition('.')[0]
        if parent:
            p = __import__(parent, fromlist=['__path__'])
            try:
                pp = p.__path__
            except AttributeError as e:
                raise ModuleNotFoundError(
                    f"__path__ attribute not found on {parent!r} while trying to find {name!r}",
                    name=name) from e
        else:
            pp = None
        return _b._find_spec(name, pp)
    m = sys.modules[name]
    if m is None:
        return None
    try:
        s = m.__spec__
    except AttributeError:
        raise ValueError('{}.__spec__ is not set'.format(name)) from None
    if s is None:
        raise ValueError('{}.__spec__ is None'.format(name))
    return s
def _d(s):
    if s is None:
        return None
    l = s.loader
    smsl = s.submodule_search_locations
    return {'name': s.name, 'origin': s.origin,
            'loader': None if l is None else (l.__name__ if isinstance(l, type) else type(l).__name__),
            'submodule_search_locations': None if smsl is None else list(smsl),
            'cached': s.cached, 'parent': s.parent, 'has_location': s.has_location}
_out = {}
for _n in NAMES:
    _before = set(sys.modules)
    try:
        _out[_n] = (_d(_fs(_n)), None)
    except BaseException as _e:
        _out[_n] = (None, type(_e).__name__ + ': ' + str(_e))
    for _k in [_k for _k in sys.modules if _k not in _before]:
        del sys.modules[_k]
sys.stdout.write(MARK + repr({'preloaded': _pre, 'results': _out, 'path': list(sys.path)}) + '\n')
'''

FIELDS = ("name", "origin", "loader", "submodule_search_locations", "cached", "parent",
          "has_location")


def probe_source(names: Sequence[str]) -> str:
    """The probe with *names* built in (for runs whose argv cannot carry them)."""
    return PROBE.replace("MARK", repr(MARK)).replace("NAMES", repr(list(names)), 1)


def run_probe(argv: Sequence[str], env: Mapping[str, str], cwd: str, *,
              timeout: float = 120) -> dict[str, Any] | None:
    """Run *argv* (a full command line that runs a probe) and parse what it printed;
    None when the program never ran (startup failed)."""
    res = subprocess.run(list(argv), env=dict(env), cwd=cwd, capture_output=True, text=True,
                         timeout=timeout, check=False)
    for line in res.stdout.splitlines():
        if line.startswith(MARK):
            data: dict[str, Any] = ast.literal_eval(line[len(MARK):])
            return data
    return None


def write_probe(path: str, names: Sequence[str]) -> str:
    with open(path, "w", encoding="utf-8") as f:
        f.write(probe_source(names))
    return path


def base_env(**extra: str) -> dict[str, str]:
    """A controlled environment: a UTF-8 locale, nothing from the caller's PYTHON*."""
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"),
           "LANG": "C.UTF-8"}
    env.update(extra)
    return env


def compare(model: Any, real: tuple[dict[str, Any] | None, str | None]) -> list[str]:
    """The fields where the model's Resolution differs from the real (spec, error)."""
    spec, error = real
    out: list[str] = []
    mine = None if model.spec is None else model.spec.to_dict()
    if (model.error or None) != error:
        out.append(f"error: model {model.error!r} real {error!r}")
    if (mine is None) != (spec is None):
        out.append(f"spec: model {mine!r} real {spec!r}")
    elif mine is not None and spec is not None:
        for f in FIELDS:
            if mine[f] != spec[f]:
                out.append(f"{f}: model {mine[f]!r} real {spec[f]!r}")
    return out
