"""The command lines read without argparse mean what argparse reads them as, and the
common ones are read that way (the budget test below would catch a fallback)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pywhence.cli.parser import _build_parser, _UsageExit
from pywhence.cli.quickargs import parse_quickly, split_python_args

WORDS = ["path", "snapshot", "which", "json", "os.path", "--shadowed", "--user", "app", "--python", "--python=", "--python=/x", "--env", "--env=A=1",
         "A=1", "--clear-env", "--cwd", "/tmp", "--root", "--world", "w.json", "--json",
         "--explain", "--probe", "-o", "--output", "out.json", "--", "-c", "pass", "-", "",
         "--pyth", "--json=1", "-h", "--help", "--version", "x y", "-1"]


def _argparse(head: list[str]) -> dict[str, object] | None:
    try:
        return vars(_build_parser().parse_args(head))
    except (_UsageExit, SystemExit):
        return None


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(["path", "snapshot", "which", "modules"]),
       st.lists(st.sampled_from(WORDS), max_size=8))
def test_quick_reading_equals_argparse(command: str, rest: list[str]) -> None:
    head, _ = split_python_args([command, *rest])
    quick = parse_quickly(head)
    if quick is not None and not _names_split(head):
        assert vars(quick) == _argparse(head), head


def _names_split(head: list[str]) -> bool:
    """``which`` names in two runs with options between (``which a --json b``): the quick
    reader takes them, as it always has; argparse's one-run ``nargs='+'`` refuses them."""
    if head[0] != "which":
        return False
    runs, before = 0, False
    values = {"--python", "--env", "--cwd", "--root", "--user", "--world"}
    skip = False
    for arg in head[1:]:
        if skip:
            skip = False
            continue
        name = not arg.startswith("-")
        if name and not before:
            runs += 1
        before = name
        skip = arg in values  # its value is not a name
    return runs > 1


def test_everyday_command_lines_skip_argparse() -> None:
    for argv in (["path"], ["path", "--json"], ["path", "--python", "/usr/bin/python3", "--explain"],
                 ["path", "--clear-env", "--env", "PYTHONPATH=src", "--cwd", "/srv", "--json"],
                 ["path", "--world", "w.json"], ["snapshot", "-o", "snap.json"],
                 ["which", "json", "os.path", "--python", "/usr/bin/python3", "--json"],
                 ["which", "--explain", "json"], ["modules", "--shadowed", "--user", "app"]):
        quick = parse_quickly(argv)
        assert quick is not None, argv
        assert vars(quick) == _argparse(argv)


def test_which_names_may_stand_between_options() -> None:
    quick = parse_quickly(["which", "json", "--json", "os"])
    assert quick is not None and quick.names == ["json", "os"] and quick.json
    assert parse_quickly(["which", "--json"]) is None  # no name: argparse words the error
    assert parse_quickly(["modules", "json"]) is None  # modules takes no names
