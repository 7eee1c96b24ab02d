"""What ``pywhence path`` prints: the table, ``--explain`` and ``--json``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import pywhence
from pywhence.cli.render import Style, render_explain, render_human

WORLDS = Path(__file__).resolve().parent.parent / "worlds"
ALL_WORLDS = sorted(WORLDS.glob("*.json"))
STARTING_WORLDS = [w for w in ALL_WORLDS if "missing-stdlib" not in w.name]

Run = Callable[..., tuple[int, str, str]]

#: The --json keys result.py promises (the public contract: never renamed or dropped).
CONTRACT_KEYS = {
    "executable", "base_executable", "prefix", "exec_prefix", "base_prefix",
    "base_exec_prefix", "sys_path", "module_search_paths", "path_config", "entries",
    "warnings", "fatal",
}
PATH_CONFIG_KEYS = {
    "executable", "base_executable", "prefix", "exec_prefix", "base_prefix",
    "base_exec_prefix", "stdlib_dir",
}
ENTRY_KEYS = {"path", "origin", "detail"}


def _check_json(text: str) -> dict[str, object]:
    doc = json.loads(text)
    assert CONTRACT_KEYS <= set(doc), CONTRACT_KEYS - set(doc)
    assert PATH_CONFIG_KEYS <= set(doc["path_config"])
    for entry in doc["entries"]:
        assert ENTRY_KEYS <= set(entry)
    assert doc["sys_path"] == [e["path"] for e in doc["entries"]]
    return doc  # type: ignore[no-any-return]


@pytest.mark.parametrize("world", ALL_WORLDS, ids=lambda p: p.stem)
def test_json_has_every_contract_key(cli: Run, world: Path) -> None:
    code, out, _ = cli("path", "--json", "--world", str(world))
    assert code in (0, 3)
    doc = _check_json(out)
    assert (code == 3) == bool(doc["fatal"])


@pytest.mark.parametrize("world", STARTING_WORLDS, ids=lambda p: p.stem)
def test_human_output_lists_every_entry(cli: Run, world: Path) -> None:
    startup = pywhence.compute_world(world)
    code, out, err = cli("path", "--world", str(world))
    assert code == 0, err
    assert startup.entries
    rows = out.splitlines()
    for i, entry in enumerate(startup.entries):
        # each entry on its own row: index, exists mark, then the full path
        assert any(row.split()[:1] == [str(i)] and entry.path in row for row in rows), entry.path
        assert entry.origin in out
    assert startup.prefix in out and startup.exec_prefix in out


@pytest.mark.parametrize("world", STARTING_WORLDS, ids=lambda p: p.stem)
def test_explain_names_the_rule_behind_each_entry(cli: Run, world: Path) -> None:
    startup = pywhence.compute_world(world)
    code, out, _ = cli("path", "--explain", "--world", str(world))
    assert code == 0
    assert startup.trace, "the model recorded no decisions"
    for i, d in enumerate(startup.trace):
        assert f"#{i}  {d.rule}: {d.outcome}" in out
    table = out.split("sys.path, with the decision behind each entry:")[1]
    for entry in startup.entries:
        assert entry.decision is not None, f"{entry.path!r} has no decision"
        d = startup.trace[entry.decision]
        assert f"#{entry.decision} {d.stage}: {d.rule}" in table


def test_base_values_shown_only_when_different(cli: Run) -> None:
    _, plain, _ = cli("path", "--world", str(WORLDS / "linux-pyenv-3.12.json"))
    assert "base_prefix" not in plain
    _, venv, _ = cli("path", "--world", str(WORLDS / "linux-venv-symlink-3.12.json"))
    assert "base_prefix:" in venv and "/root/.pyenv/versions/3.12.1" in venv


def test_warnings_dynamic_and_fatal_sections() -> None:
    from pywhence.startup.result import Entry, PathConfig, Startup

    pc = PathConfig("/p/bin/python", "/p/bin/python", "/p", "/p", "/p", "/p", "/p/lib/python3.12")
    s = Startup("/p/bin/python", "/p/bin/python", "/p", "/p", "/p", "/p", (), pc,
                warnings=("Could not find platform independent libraries <prefix>",),
                dynamic=(Entry("/x/foo.pth", ".pth import line",
                               "/x/foo.pth line 3: import foo; foo.setup()"),
                         Entry("/x/sitecustomize.py", "sitecustomize", "imported by site")),
                fatal="No module named 'encodings'", version="3.12.1")
    text = render_human(s, Style(width=80, unicode=False))
    assert "Could not find platform independent libraries" in text
    assert "may change sys.path at run time" in text
    assert "/x/foo.pth line 3: import foo; foo.setup()" in text
    assert "/x/sitecustomize.py: imported by site" in text
    twice = render_human(Startup("/p/bin/python", "/p/bin/python", "/p", "/p", "/p", "/p", (), pc,
                                 dynamic=(s.dynamic[0], s.dynamic[0])), Style(width=80))
    assert twice.count("/x/foo.pth line 3") == 1 and "(runs twice *)" in twice
    # (wrapping, never cutting: tests/cli/test_rough_edges.py)
    assert text.rstrip().splitlines()[-1].startswith("fatal:")
    assert "(sys.path is empty)" in text


def test_ascii_fallback_and_no_colour() -> None:
    startup = pywhence.compute_world(WORLDS / "linux-venv-symlink-3.12.json")
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    st = Style.for_stream(ascii_out, env={})
    assert not st.unicode and not st.color
    text = render_explain(startup, st)
    text.encode("ascii")  # nothing that the stream cannot carry
    assert " yes " in text
    assert "\033[" not in text


class _Tty(io.StringIO):
    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_tty_without_no_color() -> None:
    assert Style.for_stream(_Tty(), env={"TERM": "xterm"}).color
    assert not Style.for_stream(_Tty(), env={"TERM": "xterm", "NO_COLOR": "1"}).color
    assert not Style.for_stream(_Tty(), env={"TERM": "dumb"}).color
    assert not Style.for_stream(io.StringIO(), env={}).color


def test_narrow_terminal_never_truncates_paths() -> None:
    startup = pywhence.compute_world(WORLDS / "linux-venv-symlink-3.12.json")
    text = render_human(startup, Style(width=40, unicode=True))
    for entry in startup.entries:
        assert entry.path in text


def test_undecodable_path_does_not_crash(cli: Run, write_world: Callable[..., str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", out)
    world = {
        "platform": "linux", "version": "3.12.1", "build": {"prefix": "/usr/local"},
        "argv": ["/usr/local/bin/python3.12", "-c", "pass"],
        "executables": ["/usr/local/bin/python3.12"],
        "files": {"/usr/local/lib/python3.12/os.py": "",
                  "/usr/local/lib/python3.12/encodings/__init__.py": ""},
        "dirs": ["/usr/local/lib/python3.12/lib-dynload"],
        "env": {"PYTHONPATH": "/opt/caf\udce9"},
    }
    code, _, err = cli("path", "--world", write_world(world))
    assert code == 0, err
    out.flush()
    assert b"/opt/caf\\udce9" in out.buffer.getvalue()  # type: ignore[attr-defined]


# -- this machine's interpreter, against a real run of it ----------------------------------


def test_this_interpreter_matches_a_real_run(cli: Run, tmp_path: Path) -> None:
    """``pywhence path --clear-env -- -c pass`` equals what the interpreter really does."""
    code, out, err = cli("path", "--json", "--clear-env", "--cwd", str(tmp_path), "--", "-c", "pass")
    assert code == 0, err
    doc = _check_json(out)
    real = subprocess.run(
        [sys.executable, "-c", "import sys, json; print(json.dumps([sys.path, sys.prefix]))"],
        capture_output=True, text=True, env={}, cwd=str(tmp_path), check=True,
    )
    sys_path, prefix = json.loads(real.stdout)
    assert doc["sys_path"] == sys_path
    assert doc["prefix"] == prefix


def test_env_option_reaches_the_model(cli: Run, tmp_path: Path) -> None:
    code, out, err = cli("path", "--json", "--clear-env", "--env", f"PYTHONPATH={tmp_path}",
                         "--cwd", str(tmp_path), "--", "-c", "pass")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["sys_path"][1] == str(tmp_path)
    assert doc["entries"][1]["origin"] == "PYTHONPATH"


def test_python_args_after_double_dash(cli: Run, tmp_path: Path) -> None:
    script = tmp_path / "app" / "main.py"
    script.parent.mkdir()
    script.write_text("")
    code, out, err = cli("path", "--json", "--clear-env", "--cwd", str(tmp_path), "--",
                         "-s", str(script), "--env", "not-ours")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["sys_path"][0] == str(script.parent)
    assert doc["flags"]["argv"] == [str(script), "--env", "not-ours"]


def test_run_passes_every_argument_through(cli: Run, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # like python, 'run' leaves sys.argv, sys.path[0] and __main__ set for the script
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    script = tmp_path / "show.py"
    script.write_text("import sys, json\nprint(json.dumps(sys.argv[1:]))\n")
    code, out, err = cli("run", str(script), "--cache", "-x", "--", "path")
    assert code == 0, err
    assert json.loads(out.strip().splitlines()[-1]) == ["--cache", "-x", "--", "path"]


def test_module_entry_point_runs() -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src")
    proc = subprocess.run([sys.executable, "-m", "pywhence", "path", "--world",
                           str(WORLDS / "linux-pyenv-3.12.json")],
                          capture_output=True, text=True, env=env, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "/root/.pyenv/versions/3.12.1/lib/python3.12/site-packages" in proc.stdout
