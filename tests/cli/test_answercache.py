"""The answers ``pywhence path`` keeps between runs (cli/answercache.py): given again
only when every input is the same, byte for byte what a fresh computation prints, and
never taken from a file another user could have written."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
MODEL = "pywhence.startup.pylifecycle"  # imported only when the model runs
DRIVER = "import sys; from pywhence.cli import main; sys.exit(main(sys.argv[1:]))"


def _run(args: list[str], cache: Path, *, fresh: bool = False, extra: dict[str, str] | None = None,
         src: Path = SRC) -> tuple[str, bool]:
    """(stdout, whether the model ran) of ``pywhence ARGS`` in a new process."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cache.parent),
           "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(src), **(extra or {})}
    if fresh:
        env["PYWHENCE_NO_CACHE"] = "1"
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", DRIVER, *args],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, MODEL in proc.stderr  # -X importtime names every module imported


@pytest.fixture()
def target(tmp_path: Path) -> Path:
    """A venv of this interpreter (the model reads its pyvenv.cfg and site-packages)."""
    where = tmp_path / "venv"
    venv.EnvBuilder(symlinks=True, with_pip=False).create(where)
    return where / "bin" / "python"


def test_the_second_run_is_the_kept_answer_and_equals_a_fresh_one(tmp_path: Path, target: Path) -> None:
    cache = tmp_path / "cache"
    args = ["path", "--python", str(target), "--json", "--", "-c", "pass"]
    first, ran1 = _run(args, cache)
    second, ran2 = _run(args, cache)
    fresh, _ = _run(args, cache, fresh=True)
    assert ran1 and not ran2, "the second run should not need the model"
    assert first == second == fresh


def test_a_new_pth_file_is_seen(tmp_path: Path, target: Path) -> None:
    cache = tmp_path / "cache"
    args = ["path", "--python", str(target), "--json", "--", "-c", "pass"]
    before, _ = _run(args, cache)
    _run(args, cache)  # kept
    site = next((target.parent.parent / "lib").glob("python3*/site-packages"))
    extra = tmp_path / "extra"
    extra.mkdir()
    (site / "extra.pth").write_text(f"{extra}\n")
    after, ran = _run(args, cache)
    assert ran, "a changed site-packages listing must make the model run again"
    assert str(extra) in after and str(extra) not in before
    assert after == _run(args, cache, fresh=True)[0]


def test_another_environment_is_another_answer(tmp_path: Path, target: Path) -> None:
    cache = tmp_path / "cache"
    args = ["path", "--python", str(target), "--json", "--", "-c", "pass"]
    _run(args, cache)
    assert _run(args, cache, extra={"UNRELATED_TO_PYTHON": "1"})[1]  # the whole environment counts
    with_pp, ran_pp = _run(args, cache, extra={"PYTHONSAFEPATH": "1"})
    assert ran_pp and with_pp == _run(args, cache, fresh=True, extra={"PYTHONSAFEPATH": "1"})[0]


def test_a_changed_pywhence_source_is_a_miss(tmp_path: Path, target: Path) -> None:
    import shutil

    src = tmp_path / "src"
    shutil.copytree(SRC / "pywhence", src / "pywhence",
                    ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    args = ["path", "--python", str(target), "--json", "--", "-c", "pass"]
    _run(args, cache, src=src)
    assert not _run(args, cache, src=src)[1]
    module = src / "pywhence" / "startup" / "site.py"
    st = module.stat()
    os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert _run(args, cache, src=src)[1], "an edited model must not answer from the old one"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the entry to another user")
def test_an_entry_someone_else_could_write_is_not_trusted(tmp_path: Path, target: Path) -> None:
    cache = tmp_path / "cache"
    args = ["path", "--python", str(target), "--json", "--", "-c", "pass"]
    _run(args, cache)
    entries = list((cache / "pywhence" / "answers").iterdir())
    assert len(entries) == 1
    entries[0].chmod(0o620)  # group-writable
    assert _run(args, cache)[1]
    entries = list((cache / "pywhence" / "answers").iterdir())
    os.chown(entries[0], 65534, 65534)  # another user's
    assert _run(args, cache)[1]


def test_never_kept_for_root_world_probe_or_run_modes(tmp_path: Path, target: Path) -> None:
    cache = tmp_path / "cache"
    for args in (["path", "--python", str(target), "--json", "--", "-m", "json.tool"],
                 ["path", "--python", str(target), "--root", "/", "--json"]):
        _run(args, cache)
        assert _run(args, cache)[1], args


def test_which_is_kept_and_sees_a_new_shadow_in_the_working_directory(tmp_path: Path,
                                                                       target: Path) -> None:
    """``which`` keeps the import system's disk answers too: the startup alone never
    lists the working directory, so only those can notice a json.py planted there."""
    cache = tmp_path / "cache"
    work = tmp_path / "work"
    work.mkdir()
    args = ["which", "--python", str(target), "--cwd", str(work), "--json", "json", "--", "-c", "pass"]
    first, ran1 = _run(args, cache)
    second, ran2 = _run(args, cache)
    assert ran1 and not ran2, "the second run should not need the model"
    assert first == second == _run(args, cache, fresh=True)[0]
    assert str(work / "json.py") not in first
    (work / "json.py").write_text("")
    after, ran = _run(args, cache)
    assert ran, "a changed working directory must make the model run again"
    assert str(work / "json.py") in after
    assert after == _run(args, cache, fresh=True)[0]


def test_modules_is_kept_and_sees_a_new_package(tmp_path: Path, target: Path) -> None:
    cache = tmp_path / "cache"
    args = ["modules", "--python", str(target), "--json", "--", "-c", "pass"]
    before, _ = _run(args, cache)
    assert not _run(args, cache)[1]
    site = next((target.parent.parent / "lib").glob("python3*/site-packages"))
    (site / "brandnewpkg").mkdir()
    (site / "brandnewpkg" / "__init__.py").write_text("")
    after, ran = _run(args, cache)
    assert ran and "brandnewpkg" in after and "brandnewpkg" not in before
    assert after == _run(args, cache, fresh=True)[0]


def test_a_kept_answer_is_found_before_the_command_line_is_parsed(tmp_path: Path,
                                                                 target: Path) -> None:
    """The entry's key is the whole command line: an entry exists only for one that parsed
    and was cacheable, so looking it up needs neither parser (cli/__init__._dispatch)."""
    cache = tmp_path / "cache"
    args = ["which", "--python", str(target), "json", "--", "-c", "pass"]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cache.parent),
           "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(SRC)}
    runs = [subprocess.run([sys.executable, "-X", "importtime", "-c", DRIVER, *args],
                           capture_output=True, text=True, env=env, timeout=120, check=True)
            for _ in range(2)]
    assert "pywhence.cli.quickargs" in runs[0].stderr  # parsed, computed, kept
    assert "pywhence.cli.quickargs" not in runs[1].stderr and MODEL not in runs[1].stderr
    assert runs[0].stdout == runs[1].stdout
