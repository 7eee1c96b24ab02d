"""File names that are not UTF-8 (issue 12, case 4): a snapshot of such a disk is a
UTF-8 world file and replays to the identical ``--json`` answer."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pywhence
from pywhence.disk.world import dump_world

from .helpers import pywhence as run
from .helpers import site_packages


def test_snapshot_of_non_utf8_names_replays_identically(venv: Path, tmp_path: Path) -> None:
    site = os.fsencode(site_packages(venv))
    target = os.fsencode(tmp_path) + b"/d\xfeir"
    os.mkdir(target)
    with open(site + b"/n\xffame.pth", "wb") as f:
        f.write(target + b"\n")  # the path itself is no UTF-8 either
    exe = str(venv / "bin" / "python")
    args = ("--python", exe, "--clear-env", "--env", "LC_ALL=en_US.ISO-8859-1")
    snap = tmp_path / "snap.json"
    made = run("snapshot", *args, "-o", str(snap), "--", "-c", "pass")
    assert made.code == 0, made.err
    raw = snap.read_bytes()
    raw.decode("utf-8")  # the world file is UTF-8 text
    assert b"n\\udcffame.pth" in raw
    live = run("path", *args, "--json", "--", "-c", "pass")
    replay = run("path", "--world", str(snap), "--json")
    assert replay.code == live.code, (replay.err, live.err)
    assert replay.out == live.out
    assert "n\\udcffame.pth" in live.out  # the .pth file was read (its entries say so)


def test_dump_world_round_trips_surrogates() -> None:
    doc = {"files": {"/x/n\udcffame.pth": "/y\n"}, "env": {"V": "a\udc80b"}, "dirs": ["/d\udcfe"]}
    text = dump_world(doc)
    text.encode("utf-8")
    assert json.loads(text) == doc


def test_api_snapshot_dict_replays_with_surrogates(venv: Path, tmp_path: Path) -> None:
    site = os.fsencode(site_packages(venv))
    with open(site + b"/a\xe9.pth", "wb") as f:
        f.write(os.fsencode(tmp_path) + b"\n")
    exe = str(venv / "bin" / "python")
    env = {"PATH": "/usr/bin"}
    live = pywhence.compute(exe, ["-c", "pass"], env=env, cwd=str(tmp_path)).to_dict()
    doc = pywhence.snapshot(exe, ["-c", "pass"], env=env, cwd=str(tmp_path))
    replayed = pywhence.compute_world(json.loads(dump_world(doc))).to_dict()
    assert replayed["sys_path"] == live["sys_path"] and str(tmp_path) in live["sys_path"]
