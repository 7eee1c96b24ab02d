"""The everyday ``pywhence path`` / ``which`` / ``modules`` / ``snapshot`` command lines,
read without argparse.

Importing argparse (with the ``gettext``, ``locale`` and ``shutil`` it brings) and
building the parser cost more than the computation a command line asks for.  So a
command line made only of this command's own options, each in a plain form, is read
here; anything else -- ``--help``, an unknown or abbreviated option, a value that looks
like an option, ``--json`` with ``--explain``, another command -- goes to the argparse
parser in :mod:`.parser`, which also words every usage error.  The two readings agree on
every command line this module accepts (``tests/cli/test_quickargs.py`` checks it
against argparse itself).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Args", "parse_quickly", "split_python_args"]

#: The target options (cli/parser.py's _target_options) that take a value.
_TARGET_VALUES = {"--python": "python", "--env": "env", "--cwd": "cwd", "--root": "root",
                  "--user": "user", "--world": "world"}
#: Options that take a value, per command; ``--env`` may repeat and accumulates.
_VALUE_OPTIONS = {
    "path": _TARGET_VALUES,
    "which": _TARGET_VALUES,
    "modules": _TARGET_VALUES,
    "snapshot": {"--python": "python", "--env": "env", "--cwd": "cwd", "-o": "output",
                 "--output": "output"},
}
#: Flags, per command.
_FLAGS = {
    "path": {"--clear-env": "clear_env", "--json": "json", "--explain": "explain",
             "--probe": "probe"},
    "which": {"--clear-env": "clear_env", "--probe": "probe", "--json": "json",
              "--explain": "explain"},
    "modules": {"--clear-env": "clear_env", "--probe": "probe", "--json": "json",
                "--shadowed": "shadowed"},
    "snapshot": {"--clear-env": "clear_env", "--probe": "probe"},
}
#: Commands with positional arguments (at least one): the names ``which`` looks up.
_POSITIONAL = {"which": "names"}
#: Every option of ``path`` and ``snapshot`` that takes a value (for finding ``--``).
_PATH_VALUE_OPTIONS = frozenset(
    name for options in _VALUE_OPTIONS.values() for name in options)


class Args:
    """The parsed options, as attributes (what argparse's ``Namespace`` would hold)."""

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:  # only for a name that was never set
        raise AttributeError(name)

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in sorted(vars(self).items()))
        return f"Args({inner})"


def _defaults(command: str) -> dict[str, object]:
    values: dict[str, object] = {"command": command}
    for dest in _VALUE_OPTIONS[command].values():
        values[dest] = [] if dest == "env" else None
    for dest in _FLAGS[command].values():
        values[dest] = False
    return values


def parse_quickly(argv: list[str]) -> Args | None:
    """The options of ``path``, ``which``, ``modules`` or ``snapshot`` in *argv*
    (PYTHON_ARGS already split off), or None when argparse must read them."""
    if not argv or argv[0] not in _VALUE_OPTIONS:
        return None
    command = argv[0]
    values_of, flags = _VALUE_OPTIONS[command], _FLAGS[command]
    values = _defaults(command)
    positional = _POSITIONAL.get(command)
    names: list[str] = []
    i = 1
    while i < len(argv):
        arg = argv[i]
        name, eq, attached = arg.partition("=")
        if arg in flags:
            values[flags[arg]] = True
        elif name in values_of and name.startswith("--"):
            if eq:
                value = attached
            elif i + 1 < len(argv) and not argv[i + 1].startswith("-"):
                i += 1
                value = argv[i]
            else:
                return None  # a missing value, or one argparse may read as an option
            dest = values_of[name]
            if dest == "env":
                env = values["env"]
                assert isinstance(env, list)
                env.append(value)
            else:
                values[dest] = value
        elif arg == "-o" and "-o" in values_of and i + 1 < len(argv) \
                and not argv[i + 1].startswith("-"):
            i += 1
            values["output"] = argv[i]
        elif positional is not None and not arg.startswith("-"):
            names.append(arg)  # anywhere among the options, as it always was
        else:
            return None
        i += 1
    if values.get("json") and values.get("explain"):
        return None  # mutually exclusive: argparse words the error
    if positional is not None:
        if not names:
            return None  # argparse words the missing argument
        values[positional] = names
    return Args(**values)


def split_python_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split ``path`` arguments at the first ``--`` that is not an option's value."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            return argv[:i], argv[i + 1:]
        if arg in _PATH_VALUE_OPTIONS:
            i += 1  # skip the value, even if it is '--'
        i += 1
    return argv, []
