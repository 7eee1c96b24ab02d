"""sys.argv, sys.path and sys.modules come back as they were, whatever happens.

Covers a normal return, an exception, SystemExit and KeyboardInterrupt from
the script, nested calls, calls from threads that end in the opposite order
to runpy's assumption, and 16 threads whose script bodies overlap.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pywhence.run import run_path

from .helpers import make_zip, write

RUN_NAME = "<run_path>"


class State:
    """A snapshot of the interpreter state run_path may touch."""

    def __init__(self) -> None:
        self.argv = list(sys.argv)
        self.argv_obj = sys.argv
        self.path = list(sys.path)
        self.path_obj = sys.path
        self.modules = dict(sys.modules)

    def assert_restored(self) -> None:
        assert sys.argv is self.argv_obj
        assert sys.argv == self.argv
        assert sys.path is self.path_obj
        assert sys.path == self.path
        assert sys.modules.keys() == self.modules.keys()
        for name, module in self.modules.items():
            assert sys.modules[name] is module, name


@pytest.fixture
def targets(tmp_path: Path) -> dict[str, Path]:
    body = "import sys\nseen = (sys.argv[0], sys.path[0])\nexec(action)\n"
    return {
        "file": write(tmp_path / "s.py", body),
        "dir": write(tmp_path / "d" / "__main__.py", body).parent,
        "zip": make_zip(tmp_path / "z.zip", {"__main__.py": body}),
    }


ACTIONS = {
    "return": ("pass", None),
    "exception": ("raise ValueError('boom')", ValueError),
    "systemexit": ("raise SystemExit(3)", SystemExit),
    "keyboardinterrupt": ("raise KeyboardInterrupt", KeyboardInterrupt),
}


@pytest.mark.parametrize("kind", ["file", "dir", "zip"])
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("run_name", [None, "__main__", "some.module"])
def test_state_restored(
    targets: dict[str, Path], kind: str, action: str, run_name: str | None
) -> None:
    code, exc_type = ACTIONS[action]
    sys.modules.setdefault("some.module", ModuleType("some.module"))
    before = State()
    if exc_type is None:
        result = run_path(str(targets[kind]), {"action": code}, run_name)
        assert result["seen"][0] == str(targets[kind])
    else:
        with pytest.raises(exc_type):
            run_path(str(targets[kind]), {"action": code}, run_name)
    before.assert_restored()


@pytest.mark.parametrize("action", [a for a in ACTIONS if a != "return"])
def test_keep_module_is_undone_when_the_script_fails(targets: dict[str, Path], action: str) -> None:
    code, exc_type = ACTIONS[action]
    assert exc_type is not None
    before = State()
    with pytest.raises(exc_type):
        run_path(str(targets["file"]), {"action": code}, "kept.on.success", keep_module=True)
    before.assert_restored()


def test_nested_calls_restore_each_level(tmp_path: Path, targets: dict[str, Path]) -> None:
    outer = write(
        tmp_path / "outer.py",
        "import sys\n"
        "before = (sys.argv[0], sys.path[:], sys.modules[__name__])\n"
        "inner = run_path(inner_path, {'action': 'pass'})\n"
        "after = (sys.argv[0], sys.path[:], sys.modules[__name__])\n",
    )
    state = State()
    result = run_path(str(outer), {"run_path": run_path, "inner_path": str(targets["dir"])})
    state.assert_restored()
    assert result["before"][0] == result["after"][0] == str(outer)
    assert result["before"][1] == result["after"][1]
    assert result["before"][2] is result["after"][2]
    assert result["inner"]["seen"] == (str(targets["dir"]), str(targets["dir"]))


def test_script_that_removes_its_own_path_entry(targets: dict[str, Path]) -> None:
    """runpy removes an equal entry instead; neither must fail or remove more."""
    before = State()
    run_path(str(targets["dir"]), {"action": "sys.path.pop(0)"})
    before.assert_restored()


def _run_in_thread(
    path: Path, init: dict[str, Any], errors: list[BaseException], **kwargs: Any
) -> threading.Thread:
    def target() -> None:
        try:
            run_path(str(path), init, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    return thread


def test_overlapping_calls_ending_first_in_first_out(targets: dict[str, Path]) -> None:
    """A starts, B starts, A ends, B ends: runpy's save/restore would leave
    A's sys.argv[0] behind.  Ordered with events, not sleeps."""
    before = State()
    errors: list[BaseException] = []
    a_started, a_go, b_started, b_go = (threading.Event() for _ in range(4))
    wait = "started.set()\nassert go.wait(60)\n"
    a = _run_in_thread(targets["file"], {"action": wait, "started": a_started, "go": a_go}, errors)
    assert a_started.wait(60)
    b = _run_in_thread(targets["dir"], {"action": wait, "started": b_started, "go": b_go}, errors)
    assert b_started.wait(60)
    a_go.set()
    a.join(60)
    assert not a.is_alive()
    # B still runs: its values must still be in place.
    assert sys.argv[0] == str(targets["dir"])
    assert str(targets["dir"]) in sys.path
    assert sys.modules[RUN_NAME].__dict__["go"] is b_go
    b_go.set()
    b.join(60)
    assert not b.is_alive()
    assert errors == []
    before.assert_restored()


def test_overlapping_keep_module_hands_over_its_module(targets: dict[str, Path]) -> None:
    """A (keep_module) ends before B: B's exit must put A's module back."""
    errors: list[BaseException] = []
    a_started, a_go, b_started, b_go = (threading.Event() for _ in range(4))
    wait = "started.set()\nassert go.wait(60)\n"
    a_init = {"action": wait, "started": a_started, "go": a_go}
    a = _run_in_thread(targets["file"], a_init, errors, run_name="shared.name", keep_module=True)
    assert a_started.wait(60)
    b_init = {"action": wait, "started": b_started, "go": b_go}
    b = _run_in_thread(targets["zip"], b_init, errors, run_name="shared.name")
    assert b_started.wait(60)
    a_go.set()
    a.join(60)
    b_go.set()
    b.join(60)
    assert errors == []
    assert sys.modules["shared.name"].__dict__["go"] is a_go
    del sys.modules["shared.name"]


def test_sixteen_threads_run_concurrently_and_restore(targets: dict[str, Path]) -> None:
    """All 16 script bodies must be running at once (a barrier of 16 inside
    them), so a design that serialises whole calls fails here rather than
    deadlocking a script that waits for another thread's run_path."""
    before = State()
    barrier = threading.Barrier(16, timeout=60)
    errors: list[BaseException] = []
    kinds = ["file", "dir", "zip"]
    endings = ["pass", "raise ValueError('x')", "raise SystemExit(1)"]
    threads = []
    for i in range(16):
        action = f"barrier.wait()\n{endings[i % 3]}\n"
        init = {"action": action, "barrier": barrier}
        run_name = None if i % 2 else f"thread.{i % 4}"
        thread_errors: list[BaseException] = []
        threads.append(
            (
                _run_in_thread(targets[kinds[i % 3]], init, thread_errors, run_name=run_name),
                thread_errors,
                endings[i % 3],
            )
        )
    for thread, thread_errors, ending in threads:
        thread.join(120)
        assert not thread.is_alive()
        if ending == "pass":
            errors.extend(thread_errors)
        else:
            assert len(thread_errors) == 1
            assert isinstance(thread_errors[0], (ValueError, SystemExit))
    assert errors == []
    assert not barrier.broken
    before.assert_restored()


def test_script_may_wait_for_a_thread_that_calls_run_path(
    tmp_path: Path, targets: dict[str, Path]
) -> None:
    """A lock held around whole calls would deadlock here."""
    outer = write(
        tmp_path / "waits.py",
        "import threading\n"
        "box = []\n"
        "t = threading.Thread(target=lambda: box.append(run_path(inner, {'action': 'pass'})))\n"
        "t.start()\n"
        "t.join(60)\n"
        "finished = not t.is_alive()\n",
    )
    before = State()
    result = run_path(str(outer), {"run_path": run_path, "inner": str(targets["file"])})
    assert result["finished"] is True
    assert result["box"][0]["seen"][0] == str(targets["file"])
    before.assert_restored()
