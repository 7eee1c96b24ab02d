"""CPython's own command line, parsed as CPython parses it.

``python [option] ... [-c cmd | -m mod | file | -] [arg] ...``: short options cluster
(``-IsS``), ``-c``/``-m``/``-W``/``-X`` take the rest of their cluster or the next
argument, ``--`` ends the options, and the first argument that is not an option is the
script.  Everything after ``-c CMD``, ``-m MOD``, the script or ``-`` belongs to the
program (``sys.argv[1:]``).  The option letters follow ``Python/getopt.c`` and
``Python/initconfig.c`` of the target version: ``-P`` exists from 3.11 on (gh-57684).
"""

from __future__ import annotations

from .._record import record

__all__ = ["CommandLine", "CommandLineError", "RunMode", "first_xoption", "parse_command_line"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal
    RunMode = Literal["script", "module", "command", "stdin", "interactive", "help", "version"]
else:
    RunMode = str  # a Literal for type checkers; typing is not imported

# Options that take an argument (the rest of the cluster, or the next argv item).
_WITH_ARG = frozenset("cmWX")
_SHORT = frozenset("bBdEhiIOqRsStuvVx?") | _WITH_ARG
_LONG_NOARG = {"--help": "help", "--version": "version", "--help-env": "help",
               "--help-xoptions": "help", "--help-all": "help"}


class CommandLineError(ValueError):
    """The target interpreter would refuse this command line (it exits with status 2)."""


@record
class CommandLine:
    """What a command line asks of the interpreter (no environment merged in yet)."""

    program_name: str  # argv[0] as typed
    run_mode: RunMode
    run_target: str | None  # the script path, module name or command text
    args: tuple[str, ...]  # sys.argv[1:] of the program
    isolated: bool = False  # -I
    ignore_environment: bool = False  # -E
    no_user_site: bool = False  # -s
    no_site: bool = False  # -S
    safe_path: bool = False  # -P
    dont_write_bytecode: bool = False  # -B
    inspect: bool = False  # -i
    quiet: bool = False  # -q
    verbose: int = 0  # -v
    optimize: int = 0  # -O
    bytes_warning: int = 0  # -b
    xoptions: tuple[str, ...] = ()
    warnoptions: tuple[str, ...] = ()
    check_hash_based_pycs: str | None = None

    @property
    def sys_argv(self) -> list[str]:
        """``sys.argv`` as the program will see it (``-c``: ``'-c'``; ``-m``: the module
        name until runpy replaces it with the file's path)."""
        first = {"command": "-c", "module": "-m", "stdin": "-", "interactive": ""}.get(
            self.run_mode, self.run_target or ""
        )
        if self.run_mode == "script":
            first = self.run_target or ""
        return [first, *self.args]

    def xoption(self, name: str) -> str | bool | None:
        """The value of ``-X name[=value]`` (True without a value), or None if absent.

        The *first* ``-X name`` counts, as PyConfig reads it (``_Py_get_xoption``):
        ``-X utf8=1 -X utf8=x`` is UTF-8 mode, ``-X utf8=x -X utf8=1`` a fatal error
        (measured on 3.8-3.15); only ``sys._xoptions`` shows the last one.
        """
        for opt in self.xoptions:
            key, eq, value = opt.partition("=")
            if key == name:
                return value if eq else True
        return None


def parse_command_line(argv: list[str] | tuple[str, ...], *, safe_path_option: bool = True) -> CommandLine:
    """Parse a full command line (``argv[0]`` is the program name as typed).

    *safe_path_option* is the target's ``-P`` support (3.11+).  Raises
    :class:`CommandLineError` with CPython's own message for what it would refuse.
    """
    argv = list(argv)
    program_name = argv[0] if argv else ""
    rest = argv[1:]
    flags: dict[str, object] = {}
    counters = {"verbose": 0, "optimize": 0, "bytes_warning": 0}
    xoptions: list[str] = []
    warnoptions: list[str] = []
    mode: RunMode | None = None
    target: str | None = None
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--":
            i += 1
            break
        if not arg.startswith("-") or arg == "-":
            break
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if name in _LONG_NOARG:
                mode = mode or _LONG_NOARG[name]  # type: ignore[assignment]
                i += 1
                continue
            if name == "--check-hash-based-pycs":
                if not eq:
                    i += 1
                    if i >= len(rest):
                        raise CommandLineError("Argument expected for the --check-hash-based-pycs option")
                    value = rest[i]
                if value not in ("default", "always", "never"):
                    raise CommandLineError("--check-hash-based-pycs must be one of 'default', 'always', or 'never'")
                flags["check_hash_based_pycs"] = value
                i += 1
                continue
            raise CommandLineError(f"unknown option {name}")
        # a cluster of short options
        j = 1
        while j < len(arg):
            ch = arg[j]
            if ch == "P" and safe_path_option:
                flags["safe_path"] = True
                j += 1
                continue
            if ch not in _SHORT:
                raise CommandLineError(f"Unknown option: -{ch}")
            if ch in _WITH_ARG:
                value = arg[j + 1:]
                if not value:
                    i += 1
                    if i >= len(rest):
                        raise CommandLineError(f"Argument expected for the -{ch} option")
                    value = rest[i]
                if ch == "c":
                    mode, target = "command", value
                elif ch == "m":
                    mode, target = "module", value
                elif ch == "W":
                    warnoptions.append(value)
                else:
                    xoptions.append(value)
                break
            if ch == "I":
                flags["isolated"] = True
            elif ch == "E":
                flags["ignore_environment"] = True
            elif ch == "s":
                flags["no_user_site"] = True
            elif ch == "S":
                flags["no_site"] = True
            elif ch == "B":
                flags["dont_write_bytecode"] = True
            elif ch == "i":
                flags["inspect"] = True
            elif ch == "q":
                flags["quiet"] = True
            elif ch == "v":
                counters["verbose"] += 1
            elif ch == "O":
                counters["optimize"] += 1
            elif ch == "b":
                counters["bytes_warning"] += 1
            elif ch in "h?":
                mode = mode or "help"
            elif ch == "V":
                mode = mode or "version"
            j += 1
        i += 1
        if mode in ("command", "module"):
            break
    if mode in ("command", "module"):
        args = tuple(rest[i:])
    elif mode in ("help", "version"):
        args = ()
    elif i < len(rest):
        if rest[i] == "-":
            mode, target = "stdin", None
        else:
            mode, target = "script", rest[i]
        args = tuple(rest[i + 1:])
    else:
        mode, args = "interactive", ()
    return CommandLine(
        program_name=program_name,
        run_mode=mode,
        run_target=target,
        args=args,
        xoptions=tuple(xoptions),
        warnoptions=tuple(warnoptions),
        verbose=counters["verbose"],
        optimize=counters["optimize"],
        bytes_warning=counters["bytes_warning"],
        **flags,  # type: ignore[arg-type]
    )


def first_xoption(cl: CommandLine | None, name: str) -> str | None:
    """``config_get_xoption``: the first ``-X name[=value]`` given, as written (so a bare
    ``-X name`` is ``"name"``), or None."""
    if cl is None:
        return None
    for opt in cl.xoptions:
        if opt.partition("=")[0] == name:
            return opt
    return None
