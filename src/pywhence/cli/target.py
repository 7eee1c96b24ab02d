"""The target options ``path``, ``which``, ``modules`` and ``audit`` share (``--python``,
``--env``, ``--clear-env``, ``--cwd``, ``--root``, ``--user``, ``--world``, ``--probe``
and PYTHON_ARGS), turned into the keyword arguments of the API calls.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any

    from .quickargs import Args

__all__ = ["parse_env", "refuse_world_mix", "target_inputs"]


def parse_env(items: Sequence[str], clear: bool, user: str | None = None) -> dict[str, str]:
    """The target's environment: this process's (or none with *clear*) and the
    ``--env`` items.  With ``--user``, the inherited HOME (this user's) is dropped unless
    ``--env HOME=...`` gives one: the target's user then gets its own home from the
    password database, as CPython does when HOME is unset."""
    from ..errors import UsageError

    env: dict[str, str] = {} if clear else dict(os.environ)
    if user is not None:
        env.pop("HOME", None)
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name or "\0" in item:
            raise UsageError(f"--env expects NAME=VALUE, got {item!r}", item)
        env[name] = value
    return env


def refuse_world_mix(ns: argparse.Namespace | Args, python_args: list[str]) -> None:
    """``--world FILE`` is the whole input: a usage error naming what else was given."""
    mixed = [opt for opt, given in (
        ("--python", ns.python is not None),
        ("--env", bool(ns.env)),
        ("--clear-env", ns.clear_env),
        ("--cwd", ns.cwd is not None),
        ("--root", ns.root is not None),
        ("--user", getattr(ns, "user", None) is not None),
        ("--probe", ns.probe),
        ("PYTHON_ARGS after '--'", bool(python_args)),
    ) if given]
    if mixed:
        from ..errors import UsageError

        raise UsageError(
            f"--world FILE is the whole input; it cannot be combined with {', '.join(mixed)}",
            mixed[0],
        )


def target_inputs(ns: argparse.Namespace | Args, python_args: list[str]) -> dict[str, Any]:
    """The target options as the keyword arguments of :func:`pywhence.compute` and the
    other API calls."""
    user = getattr(ns, "user", None)
    return {"python": ns.python, "args": python_args,
            "env": parse_env(ns.env, ns.clear_env, user), "cwd": ns.cwd, "root": ns.root,
            "probe": ns.probe, "user": user}
