"""Seeded random mutations of real world files: every one gives an answer or a one-line
error, never a traceback or an internal error (issue 12, "200+ random world mutations").

The seed is fixed, so a failure names the mutation that caused it and reproduces."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

import pywhence
from pywhence.cli import main

WORLDS = sorted((Path(__file__).resolve().parents[1] / "worlds").glob("*.json"))
SEED = 20261201
MUTATIONS = 240
TEXT_MUTATIONS = 60

HOSTILE_STRINGS = [
    "", ".", "..", "/", "//", "/..", "relative/path", "C:\\Windows", "\\\\server\\share",
    "/a\x00b", "/\n", "/" + "x" * 5000, "/n\udcffame", "/../../etc/passwd", "~", "$HOME",
    "/proc/self/fd/0", "/dev/zero", "-c", "--", "3.12", " ", "\t", "é", "\u2028",
]
HOSTILE_VALUES: list[Any] = [None, 0, -1, 2**64, 1.5e308, True, [], {}, [[[]]], {"a": {}},
                             "x" * 10_000, ["/a", 5], {"base64": 5}, {"base64": "!!"}]
ENV_NAMES = ["PYTHONHOME", "PYTHONPATH", "PYTHONUTF8", "PYTHONHASHSEED", "PYTHONMALLOC",
             "PYTHON_GIL", "PYTHONTRACEMALLOC", "PYTHONINTMAXSTRDIGITS", "PYTHON_CPU_COUNT",
             "PYTHON_FROZEN_MODULES", "PYTHONPLATLIBDIR", "PYTHONSAFEPATH", "PYTHONNOUSERSITE",
             "PYTHONUSERBASE", "HOME", "PATH", "PYTHONEXECUTABLE", "__PYVENV_LAUNCHER__",
             "PYTHONPROFILEIMPORTTIME", "PYTHON_LAZY_IMPORTS", "LC_ALL", "LANG"]
ARGV_BITS = [["-I"], ["-E"], ["-s"], ["-S"], ["-P"], ["-X", "utf8=bogus"], ["-X", "frozen_modules=x"],
             ["-X", "tracemalloc=70000"], ["-X", "int_max_str_digits"], ["-c"], ["-m"], ["--"],
             ["-W"], ["-Z"], ["-X"], ["--check-hash-based-pycs", "bogus"], ["-"], ["/no/such.py"],
             ["-m", "os"], ["-c", "pass"], ["-b", "-bb", "-OO"], ["-V"], ["-h"]]
SPECIALS = ["fifo", "socket", "char 1:5", "char 1:3", "char 1:9", "char 5:0", "block 8:0", "pipe", 5]


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _paths(doc: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for key in ("files", "symlinks"):
        if isinstance(doc.get(key), dict):
            found.extend(doc[key])
    for key in ("dirs", "executables"):
        if isinstance(doc.get(key), list):
            found.extend(p for p in doc[key] if isinstance(p, str))
    return found or ["/usr/bin/python3"]


def _mutate(rng: random.Random, doc: dict[str, Any]) -> str:
    """Change *doc* in place once; return a description of the change."""
    kind = rng.randrange(12)
    keys = sorted(doc)
    if kind == 0 and keys:
        key = rng.choice(keys)
        del doc[key]
        return f"drop {key}"
    if kind == 1:
        key = rng.choice(keys + ["version", "argv", "build", "embed", "specials", "registry"])
        doc[key] = copy.deepcopy(rng.choice(HOSTILE_VALUES + HOSTILE_STRINGS))
        return f"{key} = {doc[key]!r:.60}"
    if kind == 2:
        doc["version"] = rng.choice(["3.99", "2.7", "3.12.99", "abc", "3", "3.8.0rc1", "3.15",
                                     "3.14.10", "4.0", ""])
        return f"version {doc['version']}"
    if kind == 3:
        argv = doc.get("argv") if isinstance(doc.get("argv"), list) else ["python"]
        bits = rng.choice(ARGV_BITS)
        at = rng.randrange(1, len(argv) + 1) if argv else 0
        doc["argv"] = [*argv[:at], *bits, *argv[at:]]
        return f"argv + {bits}"
    if kind == 4:
        env = doc.get("env") if isinstance(doc.get("env"), dict) else {}
        name = rng.choice(ENV_NAMES)
        env[name] = rng.choice(HOSTILE_STRINGS + ["bogus", "0", "1", "-1", "99999", "random"])
        doc["env"] = env
        return f"env {name}={env[name]!r:.40}"
    if kind == 5:
        files = doc.get("files") if isinstance(doc.get("files"), dict) else {}
        path = rng.choice(_paths(doc))
        files[path] = rng.choice(["", "import os\n", "\x00" * 100, "home = /\n" * 3,
                                  {"base64": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="},
                                  "/" + "a/" * 500 + "\n", "\udcff\n", "#" * 50_000])
        doc["files"] = files
        return f"file {path}"
    if kind == 6:
        links = doc.get("symlinks") if isinstance(doc.get("symlinks"), dict) else {}
        path = rng.choice(_paths(doc))
        links[path] = rng.choice([path, "..", ".", "/", "loop", path + "/x", "../" * 60])
        doc["symlinks"] = links
        return f"symlink {path} -> {links[path]!r:.40}"
    if kind == 7:
        specials = doc.get("specials") if isinstance(doc.get("specials"), dict) else {}
        path = rng.choice(_paths(doc))
        specials[path] = rng.choice(SPECIALS)
        doc["specials"] = specials
        return f"special {path} = {specials[path]!r}"
    if kind == 8:
        path = rng.choice(_paths(doc))
        new = rng.choice(HOSTILE_STRINGS)
        for key in ("files", "symlinks"):
            if isinstance(doc.get(key), dict) and path in doc[key]:
                doc[key][new] = doc[key].pop(path)
        for key in ("dirs", "executables"):
            if isinstance(doc.get(key), list):
                doc[key] = [new if p == path else p for p in doc[key]]
        return f"rename {path!r:.40} -> {new!r:.40}"
    if kind == 9:
        build = doc.get("build") if isinstance(doc.get("build"), dict) else {}
        key = rng.choice(["prefix", "exec_prefix", "platlibdir", "vpath", "abi_thread",
                          "pythonpath", "shared", "framework", "multiarch", "bogus"])
        build[key] = copy.deepcopy(rng.choice(HOSTILE_STRINGS + HOSTILE_VALUES))
        doc["build"] = build
        return f"build.{key}"
    if kind == 10:
        doc["platform"] = rng.choice(["linux", "darwin", "win32", "bsd", 1])
        return f"platform {doc['platform']}"
    doc["cwd"] = rng.choice(HOSTILE_STRINGS)
    return f"cwd {doc['cwd']!r:.40}"


def _cases() -> list[tuple[int, str, dict[str, Any]]]:
    rng = random.Random(SEED)
    cases = []
    for i in range(MUTATIONS):
        base = rng.choice(WORLDS)
        doc = _load(base)
        doc.pop("expect", None)
        what = [_mutate(rng, doc) for _ in range(rng.randint(1, 4))]
        cases.append((i, f"{base.name}: " + "; ".join(what), doc))
    return cases


@pytest.mark.skipif(not WORLDS, reason="no world files")
def test_world_mutations_answer_or_refuse() -> None:
    failures = []
    answered = 0
    for i, what, doc in _cases():
        try:
            startup = pywhence.compute_world(doc)
            json.dumps(startup.to_dict())
            answered += 1
        except pywhence.PywhenceError as exc:
            assert "\n" not in str(exc), (i, what, str(exc))
        except Exception as exc:  # noqa: BLE001 -- an internal error: what this test catches
            failures.append(f"#{i} {what}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)
    assert answered >= MUTATIONS // 4  # the mutations are not all refused outright


@pytest.mark.skipif(not WORLDS, reason="no world files")
def test_world_file_text_mutations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(SEED + 1)
    failures = []
    for i in range(TEXT_MUTATIONS):
        text = rng.choice(WORLDS).read_text()
        op = rng.randrange(4)
        if op == 0:
            text = text[: rng.randrange(len(text))]
        elif op == 1:
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(['"', "{", "]", "\\", "\x00", "\udcff", "[" * 5000]) + text[at:]
        elif op == 2:
            text = "\ufeff" + text
        else:
            at = rng.randrange(len(text))
            text = text[:at] + text[at + rng.randrange(1, 50):]
        path = tmp_path / f"w{i}.json"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        code = main(["path", "--world", str(path), "--json"])
        _out, err = capsys.readouterr()
        if "internal error" in err or code not in (0, 1, 3):
            failures.append(f"#{i} op {op}: {code} {err.strip()}")
        elif code == 1:
            assert err.count("\n") == 1, err
    assert not failures, "\n".join(failures)
