"""``--user``: auditing (and computing) as the user an image or a machine runs Python as.

The ids and home come from the password database of the disk read: the image's own
``/etc/passwd`` under ``--root`` (a container's ``USER``), this machine's otherwise.  The
ids decide who counts as another user (PW203) and the home the user site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import pywhence
from pywhence.cli import main

from .helpers import PYENV_312

EXE = "/root/.pyenv/versions/3.12.1/bin/python3.12"
USER_SITE = "/home/app/.local/lib/python3.12/site-packages"
SITE = "/root/.pyenv/versions/3.12.1/lib/python3.12/site-packages"
ENV = {"PATH": "/usr/bin:/bin"}


@pytest.fixture()
def image(tmp_path: Path) -> Path:
    """pyenv's 3.12.1 (the files discovery and startup read) in an image whose
    /etc/passwd has an 'app' user (uid 1000) with a user site, and a system
    site-packages directory that 'app' owns (pip run as that user)."""
    if not (PYENV_312 / "bin" / "python3.12").exists():
        pytest.skip("pyenv 3.12.1 is not installed")
    root = tmp_path / "image"
    inst = root / EXE.lstrip("/").rsplit("/bin/", 1)[0]
    for name in ("bin/python3.12", "lib/libpython3.12.so.1.0", "lib/python3.12/os.py",
                 "lib/python3.12/site.py", "lib/python3.12/encodings/__init__.py",
                 "lib/python3.12/_sysconfigdata__linux_x86_64-linux-gnu.py"):
        (inst / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PYENV_312 / name, inst / name)
    site = root / SITE.lstrip("/")
    site.mkdir(parents=True)
    os.chown(site, 1000, 1000)
    user_site = root / USER_SITE.lstrip("/")
    user_site.mkdir(parents=True)
    for d in (user_site, *user_site.parents):
        if d == root / "home":
            break
        os.chown(d, 1000, 1000)
    (root / "etc").mkdir()
    (root / "etc" / "passwd").write_text(
        "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:App,,,:/home/app:/bin/sh\n")
    return root


def _foreign(report: pywhence.Report) -> set[str]:
    return {f.path for f in report.findings if f.rule == "PW203" and f.path}


def test_audit_as_the_images_user(image: Path) -> None:
    as_root = pywhence.audit(EXE, ["-c", "pass"], env=ENV, cwd="/", root=image)
    as_app = pywhence.audit(EXE, ["-c", "pass"], env=ENV, cwd="/", root=image, user="app")
    module = SITE
    # the user site: the home of 'app' in the image's /etc/passwd (HOME unset)
    assert USER_SITE in as_app.startup.sys_path
    assert USER_SITE not in as_root.startup.sys_path
    # root imports from a directory another user can change; for 'app' it is its own
    assert module in _foreign(as_root)
    assert module not in _foreign(as_app)
    assert not any(p.startswith("/home/app") for p in _foreign(as_app))
    # the same uid given as a number
    by_uid = pywhence.audit(EXE, ["-c", "pass"], env=ENV, cwd="/", root=image, user="1000")
    assert by_uid.startup.sys_path == as_app.startup.sys_path and _foreign(by_uid) == _foreign(as_app)


def test_scan_as_the_images_user(image: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", str(image), "--user", "app", "--json", "--fail-on", "none"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert doc["user"] == {"name": "app", "uid": 1000, "gid": 1000, "home": "/home/app"}
    [found] = [i for i in doc["interpreters"] if i["executable"] == EXE]
    assert USER_SITE in found["audit"]["sys_path"]
    code = main(["scan", str(image), "--json", "--fail-on", "none"])
    assert json.loads(capsys.readouterr().out)["user"] is None


def test_an_unknown_user_is_a_usage_error(image: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["scan", str(image), "--user", "ghost"],
                 ["audit", "--root", str(image), "--python", EXE, "--user", "ghost"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "'ghost'" in err and f"{image}/etc/passwd" in err


def test_a_uid_the_image_does_not_list(image: Path) -> None:
    report = pywhence.audit(EXE, ["-c", "pass"], env=ENV, cwd="/", root=image, user="4242")
    assert SITE in _foreign(report)  # owned by 1000: another user for 4242
    assert not any(p.startswith("/home/app/.local") for p in report.startup.sys_path)


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv")
def test_user_on_this_machine_matches_the_interpreter_run_as_that_user(tmp_path: Path) -> None:
    """``--user nobody`` without --root: nobody's ids and home from this machine's
    password database, HOME dropped; the real interpreter run as nobody with HOME unset
    prints the same sys.path."""
    python = Path("/usr/bin/python3.11")  # nobody cannot enter /root (pyenv's)
    if not python.exists():
        pytest.skip("no /usr/bin/python3.11")
    os.chmod(tmp_path, 0o755)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)}
    real = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(python), "-c",
         "import sys, json; print(json.dumps(sys.path))"],
        env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    startup = pywhence.compute(python, ["-c", "pass"], env=env, cwd=tmp_path, user="nobody")
    assert startup.sys_path == json.loads(real.stdout)
    report = pywhence.audit(python, ["-c", "pass"], env=env, cwd=tmp_path, user="nobody")
    own = tmp_path / "owned_by_nobody"
    own.mkdir()
    os.chown(own, 65534, 65534)
    env2 = {**env, "PYTHONPATH": str(own)}
    as_nobody = pywhence.audit(python, ["-c", "pass"], env=env2, cwd=tmp_path, user="nobody")
    as_root = pywhence.audit(python, ["-c", "pass"], env=env2, cwd=tmp_path, user="root")
    assert str(own) in _foreign(as_root) and str(own) not in _foreign(as_nobody)
    assert report.startup.sys_path == startup.sys_path
