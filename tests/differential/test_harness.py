"""The comparer itself must be able to fail: a Startup built from the real run agrees,
and the same Startup with one field changed disagrees on exactly that field.

This guards the differential suite against passing vacuously (a comparer that looks at
nothing).  The Startup is the public result type, filled by hand, not a mock of a stage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pywhence._record import replace
from pywhence.startup.result import Entry, Origin, PathConfig, Startup

from .harness import Case, Workspace, compare, discover_interpreters, parse_path_dump, run_oracle
from .scenarios import SCENARIOS

INTERPRETERS = discover_interpreters()


def _startup_from(state: dict[str, Any], msp: list[str], warnings: tuple[str, ...] = ()) -> Startup:
    pc = PathConfig(
        executable=state["executable"], base_executable=state["_base_executable"],
        prefix=state["prefix"], exec_prefix=state["exec_prefix"],
        base_prefix=state["base_prefix"], base_exec_prefix=state["base_exec_prefix"],
        stdlib_dir="", module_search_paths=tuple(Entry(p, Origin.STDLIB, "test") for p in msp),
        platlibdir=state.get("platlibdir") or "lib",
    )
    f = state["flags"]
    flags = {"isolated": bool(f["isolated"]), "use_environment": not f["ignore_environment"],
             "user_site_directory": not f["no_user_site"], "site_import": not f["no_site"],
             "safe_path": bool(f["safe_path"])}
    return Startup(
        executable=state["executable"], base_executable=state["_base_executable"],
        prefix=state["prefix"], exec_prefix=state["exec_prefix"],
        base_prefix=state["base_prefix"], base_exec_prefix=state["base_exec_prefix"],
        entries=tuple(Entry(p, Origin.SITE_PACKAGES, "test") for p in state["path"]),
        path_config=pc, warnings=warnings, flags=flags,
        version=".".join(map(str, state["version"])),
    )


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Case, Any, Any]:
    if not INTERPRETERS:
        pytest.fail("no interpreter found")
    root = tmp_path_factory.mktemp("harness")
    ws = Workspace(root=root / "case", shared_root=root / "shared", interp=INTERPRETERS[-1])
    ws.root.mkdir()
    case = SCENARIOS["user-site-home"](ws)
    real = run_oracle(case)
    twin = run_oracle(case.with_S())
    assert real.state is not None and twin.state is not None, real.stderr
    return case, real, twin


def test_agreeing_startup_has_no_mismatch(baseline: tuple[Case, Any, Any]) -> None:
    case, real, twin = baseline
    startup = _startup_from(real.state, twin.state["path"][1:])
    assert compare(case, real, startup, twin) == []


@pytest.mark.parametrize(("field", "sys_name"), [
    ("executable", "sys.executable"), ("base_executable", "sys._base_executable"),
    ("prefix", "sys.prefix"), ("exec_prefix", "sys.exec_prefix"),
    ("base_prefix", "sys.base_prefix"), ("base_exec_prefix", "sys.base_exec_prefix"),
])
def test_each_prefix_field_is_compared(baseline: tuple[Case, Any, Any], field: str,
                                       sys_name: str) -> None:
    case, real, twin = baseline
    startup = replace(_startup_from(real.state, twin.state["path"][1:]), **{field: "/wrong"})
    assert [m.field for m in compare(case, real, startup, twin)] == [sys_name]


def test_sys_path_msp_flags_warnings_fatal_are_compared(baseline: tuple[Case, Any, Any]) -> None:
    case, real, twin = baseline
    good = _startup_from(real.state, twin.state["path"][1:])
    swapped = replace(good, entries=tuple(reversed(good.entries)))
    assert [m.field for m in compare(case, real, swapped, twin)] == ["sys.path"]
    short = _startup_from(real.state, twin.state["path"][2:])
    assert [m.field for m in compare(case, real, short, twin)] == [
        "module_search_paths (vs -S run minus sys.path[0])"]
    warned = _startup_from(real.state, twin.state["path"][1:],
                           ("Could not find platform independent libraries <prefix>",))
    assert [m.field for m in compare(case, real, warned, twin)] == ["getpath warnings (stderr)"]
    flagged = replace(good, flags={**good.flags, "user_site_directory": False})
    assert [m.field for m in compare(case, real, flagged, twin)] == ["sys.flags"]
    fatal = replace(good, fatal="Fatal Python error: made up")
    assert "fatal (startup fails)" in [m.field for m in compare(case, real, fatal, twin)]


def test_path_dump_is_parsed(tmp_path: Path) -> None:
    """A failed start's 'Python path configuration:' block is read, lists included."""
    if not INTERPRETERS:
        pytest.fail("no interpreter found")
    interp = INTERPRETERS[0]
    case = Case(argv0=interp.binary, args=("-c", "pass"),
                env={"PATH": "/usr/bin:/bin", "PYTHONHOME": str(tmp_path / "nowhere")},
                cwd=str(tmp_path), expect="fatal")
    real = run_oracle(case)
    assert real.fatal and real.dump is not None, real.stderr
    assert real.dump["sys.prefix"] == str(tmp_path / "nowhere")
    assert isinstance(real.dump["sys.path"], list) and real.dump["sys.path"]
    assert parse_path_dump("no dump here\n") is None
