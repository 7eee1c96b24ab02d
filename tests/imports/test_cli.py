"""``pywhence which`` and ``pywhence modules``: the --json contract, exit statuses, the
warning for a shadowed standard-library module, --explain, worlds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pywhence.cli import main

from .conftest import interpreters

INTERPS = interpreters()
PY312 = next((i for i in INTERPS if i.version[:2] == (3, 12)), None) or INTERPS[-1]

WHICH_KEYS = {"name", "spec", "error", "kind", "sys_path_index", "entry", "candidates",
              "shadows", "certain", "uncertain_because"}
SPEC_KEYS = {"name", "origin", "loader", "submodule_search_locations", "cached", "parent",
             "has_location"}
MODULE_KEYS = {"name", "kind", "origin", "sys_path_index", "distribution", "distributions",
               "shadowed", "stdlib"}
SHADOWED_KEYS = {"origin", "kind", "sys_path_index", "distribution"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def shadowing(tmp_path: Path) -> Path:
    """A script directory with look-alikes of json and random."""
    (tmp_path / "json.py").write_text("")
    (tmp_path / "random.py").write_text("")
    (tmp_path / "app.py").write_text("import json\n")
    return tmp_path


def test_which_json_contract(capsys: pytest.CaptureFixture[str], shadowing: Path) -> None:
    code, out, _ = run(capsys, "which", "json", "nosuch", "json.x", "--python", PY312.binary,
                       "--clear-env", "--json", "--", "-S", str(shadowing / "app.py"))
    assert code == 0
    doc = json.loads(out)
    assert {"modules", "sys_path"} <= set(doc)
    assert doc["sys_path"][0] == str(shadowing)
    by = {m["name"]: m for m in doc["modules"]}
    for m in by.values():
        assert WHICH_KEYS <= set(m)
    spec = by["json"]["spec"]
    assert set(spec) == SPEC_KEYS
    assert spec["origin"] == str(shadowing / "json.py")
    assert by["json"]["kind"] == "source" and by["json"]["sys_path_index"] == 0
    assert by["json"]["entry"]["origin"] == "sys.path[0]"
    assert by["json"]["shadows"][0]["kind"] == "package"
    assert by["nosuch"]["spec"] is None and by["nosuch"]["error"] is None
    assert by["json.x"]["error"] == ("ModuleNotFoundError: __path__ attribute not found on "
                                     "'json' while trying to find 'json.x'")


def test_which_warns_about_a_shadowed_stdlib_module(capsys: pytest.CaptureFixture[str],
                                                    shadowing: Path) -> None:
    code, out, _ = run(capsys, "which", "json", "--python", PY312.binary, "--clear-env", "--",
                       "-S", str(shadowing / "app.py"))
    assert code == 0
    assert str(shadowing / "json.py") in out
    assert "warning:" in out and "standard-library module" in out
    assert "-P" in out  # the fix this version has
    code, out, _ = run(capsys, "which", "json", "--python", PY312.binary, "--clear-env", "--",
                       "-S", "-P", str(shadowing / "app.py"))
    assert "warning:" not in out and "/json/__init__.py" in out


def test_which_explain_lists_candidates(capsys: pytest.CaptureFixture[str],
                                        shadowing: Path) -> None:
    code, out, _ = run(capsys, "which", "random", "--explain", "--python", PY312.binary,
                       "--clear-env", "--", "-S", str(shadowing / "app.py"))
    assert code == 0
    assert "candidates, in the order the import system looked" in out
    assert "FileFinder" in out and "found" in out


def test_which_exit_status_3_when_the_interpreter_would_not_start(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "which", "json", "--python", PY312.binary, "--clear-env",
                         "--json", "--", str(tmp_path / "missing.py"))
    assert code == 3
    assert "would fail to start" in err
    assert json.loads(out)["modules"][0]["certain"] is False


def test_which_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "which")[0] == 2
    assert run(capsys, "which", "json", "--json", "--explain")[0] == 2


def test_modules_json_contract_and_shadowed(capsys: pytest.CaptureFixture[str],
                                            shadowing: Path) -> None:
    code, out, _ = run(capsys, "modules", "--python", PY312.binary, "--clear-env", "--json",
                       "--", "-S", str(shadowing / "app.py"))
    assert code == 0
    doc = json.loads(out)
    rows = {m["name"]: m for m in doc["modules"]}
    for m in rows.values():
        assert set(m) >= MODULE_KEYS
        for s in m["shadowed"]:
            assert set(s) == SHADOWED_KEYS
    assert rows["json"]["origin"] == str(shadowing / "json.py") and rows["json"]["stdlib"]
    assert rows["sys"]["kind"] == "builtin" and rows["app"]["stdlib"] is False
    code, out, _ = run(capsys, "modules", "--shadowed", "--python", PY312.binary,
                       "--clear-env", "--json", "--", "-S", str(shadowing / "app.py"))
    names = [m["name"] for m in json.loads(out)["modules"]]
    assert names == ["json", "random"]


def test_modules_shadowed_is_empty_for_a_clean_interpreter(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for interp in INTERPS:
        code, out, _ = run(capsys, "modules", "--shadowed", "--json", "--python", interp.binary,
                           "--clear-env", "--cwd", str(tmp_path), "--", "-S", "-c", "pass")
        assert code == 0, interp.id
        assert json.loads(out)["modules"] == [], interp.id


def test_which_world(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    world = {
        "platform": "linux", "version": "3.12.4", "build": {"prefix": "/usr"},
        "argv": ["/usr/bin/python3.12", "-S", "/app/main.py"], "cwd": "/app",
        "executables": ["/usr/bin/python3.12"],
        "files": {"/usr/lib/python3.12/os.py": "", "/usr/lib/python3.12/json/__init__.py": "",
                  "/usr/lib/python3.12/encodings/__init__.py": "",
                  "/app/main.py": "", "/app/json.py": "",
                  "/usr/lib/python3.12/lib-dynload/math.cpython-312-x86_64-linux-gnu.so": ""},
    }
    path = tmp_path / "w.json"
    path.write_text(json.dumps(world))
    code, out, _ = run(capsys, "which", "json", "math", "os", "--world", str(path), "--json")
    assert code == 0
    by = {m["name"]: m for m in json.loads(out)["modules"]}
    assert by["json"]["spec"]["origin"] == "/app/json.py"
    assert by["os"]["spec"]["origin"] == "frozen"
    # no binary to read: math may be built in or an extension, and the answer says so
    assert by["math"]["certain"] is False
    assert run(capsys, "which", "json", "--world", str(path), "--python", "x")[0] == 2


RUN_CASES = ["-m mod", "-m pkg", "-m pkgnomain", "-m nosuch", "-m nosuch.x", "-m mod.x",
             "-m mod.py", "dirscript", "-m pkg.__main__", "-m nspkg", "zipscript.zip"]


def test_path_says_what_runs_as_python_does(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    """``path -m NAME`` names the file runpy would run (a package's ``__main__``), or
    warns with python's own message; checked against the interpreter running each."""
    import subprocess
    import zipfile

    show = "import sys; print('RAN', __spec__.origin)\n"
    for rel, text in {"mod.py": show, "pkg/__init__.py": "", "pkg/__main__.py": show,
                      "pkgnomain/__init__.py": "", "dirscript/__main__.py": show,
                      "nspkg/x.py": ""}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    with zipfile.ZipFile(tmp_path / "zipscript.zip", "w") as z:
        z.writestr("__main__.py", show)
    for case in RUN_CASES:
        args = case.split()
        real = subprocess.run([PY312.binary, *args], check=False, cwd=tmp_path,
                              capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
        code, out, err = run(capsys, "path", "--python", PY312.binary, "--clear-env", "--cwd",
                             str(tmp_path), "--json", "--", *args)
        assert code == 0, case
        runs = json.loads(out)["runs"]
        if real.returncode == 0:
            assert runs["error"] is None, case
            assert f"RAN {runs['origin']}" in real.stdout, (case, runs, real.stdout)
        else:
            assert real.returncode == 1, case
            assert runs["error"] is not None and f": {runs['error']}\n" in real.stderr, (
                case, runs, real.stderr)
            assert "python would exit with status 1" in err
    code, out, _ = run(capsys, "path", "--python", PY312.binary, "--clear-env", "--cwd",
                       str(tmp_path), "--", "-m", "pkg")
    assert out.splitlines()[1] == f"runs: pkg.__main__ from {tmp_path}/pkg/__main__.py (source)"


def test_which_and_modules_never_run_the_target(tmp_path: Path) -> None:
    """No process is started (strace sees one execve: pywhence's own)."""
    import shutil
    import subprocess
    import sys

    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed")
    for command in (["which", "json", "os", "nosuch.x"], ["modules", "--shadowed"]):
        log = tmp_path / "trace.log"
        res = subprocess.run([strace, "-f", "-qq", "-e", "trace=execve", "-o", str(log),
                              sys.executable, "-m", "pywhence", *command, "--python",
                              PY312.binary, "--clear-env", "--", "-c", "pass"],
                             capture_output=True, text=True, check=False)
        if res.returncode != 0 and "ptrace" in res.stderr:
            pytest.skip("ptrace is not permitted here")
        assert res.returncode == 0, res.stderr
        execs = [line for line in log.read_text().splitlines() if "execve(" in line]
        assert len(execs) == 1, execs


@pytest.mark.parametrize("argv", [
    ["which", "json"], ["which", "json", "os.path", "--json"], ["which", "--explain", "x"],
    ["which", "x", "--python", "/usr/bin/python3", "--env", "A=1", "--env=B=2", "--clear-env"],
    ["which", "x", "--cwd", "/tmp", "--root=/r", "--probe"], ["which", "x", "--world", "w.json"],
    ["modules"], ["modules", "--shadowed", "--json", "--python", "py"],
    ["which"], ["which", "x", "--json", "--explain"], ["which", "x", "--pyth", "p"],
    ["which", "x", "--python"], ["which", "x", "--python", "-c"], ["modules", "name"],
    ["which", "-h"], ["modules", "--explain"],
])
def test_quick_reading_agrees_with_argparse(argv: list[str]) -> None:
    """``which``/``modules`` command lines read without argparse mean what argparse reads,
    and anything else is left to argparse."""
    from pywhence.cli.parser import _build_parser, _UsageExit
    from pywhence.cli.quickargs import parse_quickly

    quick = parse_quickly(argv)
    try:
        full = vars(_build_parser().parse_args(argv))
    except (_UsageExit, SystemExit):
        assert quick is None
        return
    if quick is not None:
        assert vars(quick) == full
