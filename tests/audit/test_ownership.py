"""``FileSystem.owner``: mode, uid and gid from every view (issue 10 item 2).

LocalFS and RootedFS read them from the disk (symlinks followed; RootedFS resolves
inside the root and never follows a link out of it), a world states them in its
``modes`` and ``owners`` keys (validated), MemoFS asks once, and a snapshot records
them so that a replay answers the same.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import pywhence
from pywhence.disk.fs import LocalFS, MemoFS, MemoryFS, RootedFS
from pywhence.disk.snapshot import RecordingFS
from pywhence.disk.world import world_from_dict
from pywhence.errors import WorldError


def _tree(tmp: Path) -> Path:
    (tmp / "d").mkdir()
    (tmp / "d" / "f.py").write_text("x = 1\n")
    os.chmod(tmp / "d", 0o2775)
    os.chmod(tmp / "d" / "f.py", 0o646)
    os.chown(tmp / "d" / "f.py", 65534, 65534)
    os.symlink("d/f.py", tmp / "link")
    os.symlink("/etc/passwd", tmp / "out")
    return tmp


def test_local(tmp_path: Path) -> None:
    t = _tree(tmp_path)
    fs = LocalFS()
    assert fs.owner(str(t / "d")) == (0o2775, 0, 0)
    assert fs.owner(str(t / "d" / "f.py")) == (0o646, 65534, 65534)
    assert fs.owner(str(t / "link")) == (0o646, 65534, 65534)  # followed
    assert fs.owner(str(t / "missing")) is None


def test_rooted_never_leaves_the_root(tmp_path: Path) -> None:
    t = _tree(tmp_path)
    (t / "etc").mkdir()
    (t / "etc" / "passwd").write_text("root:x:0:0::/root:/bin/sh\n")
    os.chown(t / "etc" / "passwd", 1234, 4321)
    fs = RootedFS(str(t))
    assert fs.owner("/d/f.py") == (0o646, 65534, 65534)
    assert fs.owner("/link") == (0o646, 65534, 65534)
    # an absolute link restarts at the root: the image's /etc/passwd, not the host's
    assert fs.owner("/out") == (0o644, 1234, 4321)
    assert fs.owner("/../../../etc/passwd") == (0o644, 1234, 4321)
    assert fs.owner("/nope") is None


def test_memo_asks_once(tmp_path: Path) -> None:
    t = _tree(tmp_path)
    memo = MemoFS(LocalFS())
    assert memo.owner(str(t / "d")) == (0o2775, 0, 0)
    os.chmod(t / "d", 0o755)
    assert memo.owner(str(t / "d")) == (0o2775, 0, 0)  # one computation: remembered
    assert memo.owners_asked() == {str(t / "d"): (0o2775, 0, 0)}
    assert LocalFS().owner(str(t / "d")) == (0o755, 0, 0)


def _world(**extra: object) -> dict[str, object]:
    return {"version": "3.12", "argv": ["/usr/bin/python3.12", "-c", "pass"],
            "executables": ["/usr/bin/python3.12"],
            "files": {"/usr/lib/python3.12/os.py": "", "/x/a.pth": ""},
            "dirs": ["/x/d"], "symlinks": {"/x/l": "/x/d"}, **extra}


def test_world_modes_and_owners() -> None:
    w = world_from_dict(_world(modes={"/x/d": "0777", "/x": "1777"},
                               owners={"/x/a.pth": [1000, 100], "/usr/bin/python3.12": [0, 0]}))
    fs = w.fs
    assert fs.owner("/x/d") == (0o777, 0, 0)
    assert fs.owner("/x/l") == (0o777, 0, 0)  # through the symlink
    assert fs.owner("/x") == (0o1777, 0, 0)
    assert fs.owner("/x/a.pth") == (0o644, 1000, 100)
    assert fs.owner("/usr/bin/python3.12") == (0o755, 0, 0)  # an executable's default
    assert fs.owner("/usr") is None  # not stated: unknown
    assert MemoryFS().owner("/") is None


@pytest.mark.parametrize(("extra", "message"), [
    ({"modes": {"/x/d": "888"}}, "modes['/x/d']: must be an octal string"),
    ({"modes": {"/x/d": 0o17777}}, "at most 7777"),
    ({"modes": {"/x/d": True}}, "modes['/x/d']"),
    ({"modes": ["0755"]}, "key 'modes': must be an object"),
    ({"owners": {"/x/d": [1]}}, "owners['/x/d']: must be [uid, gid]"),
    ({"owners": {"/x/d": [-1, 0]}}, "owners['/x/d']"),
    ({"owners": {"/x/d": "0:0"}}, "owners['/x/d']"),
    ({"modes": {"/nowhere": "0755"}}, "path '/nowhere' is not in the world"),
    ({"modes": {"/x/l": "0755"}}, "path '/x/l' is a symlink"),
])
def test_world_validation(extra: dict[str, object], message: str) -> None:
    with pytest.raises(WorldError, match=message.replace("[", r"\[").replace("]", r"\]")):
        world_from_dict(_world(**extra))


def test_snapshot_records_owners_and_replays(tmp_path: Path) -> None:
    t = _tree(tmp_path)
    rec = RecordingFS()
    assert rec.owner(str(t / "link")) == (0o646, 65534, 65534)
    assert rec.owner(str(t / "d")) == (0o2775, 0, 0)
    described = rec.describe()
    real = os.path.realpath(t / "d" / "f.py")
    assert described["modes"][real] == "0646"
    assert described["owners"][real] == [65534, 65534]
    assert described["modes"][os.path.realpath(t / "d")] == "2775"
    doc = {"version": "3.12", "argv": ["python3"], **described}
    replay = world_from_dict(json.loads(json.dumps(doc)))
    assert replay.fs.owner(str(t / "link")) == (0o646, 65534, 65534)
    assert replay.fs.owner(str(t / "d")) == (0o2775, 0, 0)


def test_audit_of_a_world_reads_its_owners() -> None:
    w = _world(env={"PYTHONPATH": "/x/d"}, modes={"/x/d": "0777"}, uid=1000, euid=1000,
               gid=1000, egid=1000)
    report = pywhence.audit_world(w)
    rules = {(f.rule, f.level, f.path) for f in report.findings}
    assert ("PW200", "error", "/x/d") in rules
    entry = next(e for e in report.entries if e.path == "/x/d")
    assert entry.to_dict()["mode"] == "0777" and entry.owner == (0o777, 0, 0)
    assert not report.uid_assumed and report.runner_uid == 1000
