"""Real layouts for the import differential: directories, archives, bytecode, extension
file names of every tag, namespace portions, look-alikes of the standard library.

Everything is built with plain file operations (and :mod:`zipfile`, here in the tests,
never in the model); bytecode for an interpreter is compiled by that interpreter.
"""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

#: Extension suffixes of every kind: this and other versions, debug, free-threaded,
#: stable ABI, bare, Windows and macOS.
EXTENSION_TAGS = (
    [f".cpython-3{m}-x86_64-linux-gnu.so" for m in range(8, 16)]
    + [".cpython-314d-x86_64-linux-gnu.so", ".cpython-313t-x86_64-linux-gnu.so",
       ".abi3.so", ".so", ".pyd", ".cp312-win_amd64.pyd", ".cpython-312-darwin.so",
       ".abi3-x86_64-linux-gnu.so"]
)


def touch(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def write_zip(path: Path, members: dict[str, str | bytes], *, dirs: bool = True) -> Path:
    """An archive with *members*; with *dirs*, explicit entries for every directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if dirs:
            seen: set[str] = set()
            for name in members:
                parts = name.split("/")[:-1]
                for i in range(1, len(parts) + 1):
                    d = "/".join(parts[:i]) + "/"
                    if d not in seen:
                        seen.add(d)
                        z.writestr(d, "")
        for name, data in members.items():
            z.writestr(name, data)
    return path


def build_pythonpath_tree(root: Path) -> dict[str, object]:
    """The shared PYTHONPATH layout; returns the entries and the names to ask about."""
    a, b, c = root / "a", root / "b", root / "c"
    touch(a / "mod.py", "x = 1\n")
    touch(a / "pkg" / "__init__.py")
    touch(a / "pkg" / "sub.py")
    touch(b / "pkg" / "__init__.py")
    touch(b / "pkg" / "other.py")
    touch(a / "both.py")
    touch(a / "both" / "__init__.py")
    (a / "nsonly").mkdir(parents=True)
    touch(a / "ns" / "left.py")
    touch(b / "ns" / "right.py")
    touch(b / "ns" / "sub" / "__init__.py")
    touch(c / "ns" / "__init__.py")  # a regular package later on the path beats portions
    touch(a / "late" / "x.py")  # namespace portion in a...
    touch(b / "late.py")  # ...beaten by a module later on the path
    touch(a / "sl.pyc", "not really bytecode")
    touch(a / "__pycache__" / "cached_only.cpython-312.pyc")
    touch(a / "slpkg" / "__init__.pyc")
    for i, tag in enumerate(EXTENSION_TAGS):
        touch(a / f"ext{i}{tag}")
        touch(a / f"extall{tag}")
    touch(a / "extpkg" / "__init__.abi3.so")
    touch(a / "extpkg" / "__init__.py")
    touch(a / "Case.py")
    touch(a / "pyw.pyw")
    (a / "dironly.py").mkdir()
    touch(a / "legacy" / "__init__.py",
          "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n")
    touch(b / "legacy" / "__init__.py",
          "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n")
    touch(a / "legacy" / "one.py")
    touch(b / "legacy" / "two.py")
    touch(b / "legacy2" / "__init__.py",
          "from pkgutil import extend_path\n__path__ = extend_path(__path__, __name__)\n")
    touch(c / "legacy2" / "three.py")
    touch(a / "weird" / "__init__.py", "__path__.append('/elsewhere')\n")
    write_zip(root / "z.zip", {
        "zmod.py": "x = 1\n", "zpkg/__init__.py": "", "zpkg/inner.py": "",
        "zns/q.py": "", "sub/inner2.py": "", "sub/deeper/d.py": "",
        "both.py": "", "zboth.py": "", "zboth/__init__.py": "",
        "ext9.abi3.so": "", "zbad.py": "def (:\n", "legacy/three.py": "",
    })
    write_zip(root / "nodirs.zip", {"nd/q.py": "", "nd2/sub/r.py": "", "ndmod.py": ""},
              dirs=False)
    touch(root / "notzip.zip", "this is not an archive")
    entries = [str(a), "b", str(root / "z.zip"), str(root / "z.zip" / "sub"),
               str(root / "nodirs.zip"), str(root / "missing"), str(root / "notzip.zip"),
               str(c), "./c", str(root / "a" / "mod.py")]
    names = [
        "mod", "pkg", "pkg.sub", "pkg.other", "both", "nsonly", "ns", "ns.left", "ns.right",
        "ns.sub", "late", "late.x", "sl", "cached_only", "slpkg", "extpkg", "Case", "case",
        "pyw", "dironly", "zmod", "zpkg", "zpkg.inner", "zns", "zns.q", "inner2", "deeper",
        "deeper.d", "zboth", "nd", "nd.q", "nd2", "nd2.sub", "nd2.sub.r", "ndmod", "zbad",
        "legacy", "legacy.one", "legacy.two", "legacy.three", "legacy2", "legacy2.three",
        "weird", "weird.x", "mod.x", "nosuch", "nosuch.x", "pkg.nosuch", "ns.nosuch", "extall",
        "ext9", "json", "json.decoder", "os", "os.path", "sys", "encodings",
        "encodings.utf_8", "__main__", "zipimport", "__hello__", "__phello__",
        "__phello__.spam", "_frozen_importlib", "importlib", "importlib.util",
    ] + [f"ext{i}" for i in range(len(EXTENSION_TAGS))]
    return {"entries": entries, "names": names}


#: Standard-library and third-party names a script or working directory shadows.
LOOKALIKES = ("random", "email", "json", "os", "site", "types", "string", "calendar",
              "abc", "codecs", "runpy", "stat", "numpy", "requests", "linecache", "warnings",
              "io", "typing", "encodings")


def build_lookalikes(root: Path) -> Path:
    """A directory full of modules named like the standard library and PyPI."""
    for name in LOOKALIKES:
        if name in ("email", "numpy", "encodings"):
            touch(root / name / "__init__.py")
        else:
            touch(root / f"{name}.py")
    return root


def compile_pycs(python: str, root: Path, sources: dict[str, str], *,
                 invalidation_mode: str = "TIMESTAMP") -> dict[str, bytes]:
    """``name -> .pyc bytes`` compiled by *python* itself (its own magic number), with a
    ``py_compile.PycInvalidationMode`` (``UNCHECKED_HASH``: valid beside any source)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in sources.items():
        (root / f"{name}.py").write_text(text)
    code = ("import py_compile, sys\n"
            f"mode = py_compile.PycInvalidationMode.{invalidation_mode}\n"
            "for n in sys.argv[1:]:\n"
            "    py_compile.compile(n + '.py', cfile=n + '.pyc', doraise=True,\n"
            "                       invalidation_mode=mode)\n")
    subprocess.run([python, "-I", "-S", "-c", code, *sources], cwd=root, check=True,
                   env={"PATH": "/usr/bin:/bin"}, capture_output=True)
    return {name: (root / f"{name}.pyc").read_bytes() for name in sources}


def bytecode_zip(python: str, root: Path, other: bytes | None) -> Path:
    """An archive for *python*: valid .pyc files (with and without their source), a
    package with ``__init__.pyc``, a stale .pyc (its source is newer and bigger) and,
    if given, another version's .pyc beside its source."""
    pycs = compile_pycs(python, root / "src", {"bc": "x = 1\n", "bcpkg": "",
                                               "stale": "y = 1\n"})
    members: dict[str, str | bytes] = {
        "bc.pyc": pycs["bc"],
        "bcsrc.py": "x = 2\n", "bcsrc.pyc": pycs["bc"],
        "bcpkg/__init__.pyc": pycs["bcpkg"], "bcpkg/__init__.py": "",
        "stale.pyc": pycs["stale"], "stale.py": "y = 1  # the source changed\n",
    }
    if other is not None:
        members["foreign.pyc"] = other
        members["foreign.py"] = ""
        members["foreignonly.pyc"] = other
    return write_zip(root / "bc.zip", members)


def make_script(path: Path, body: str) -> Path:
    touch(path, body)
    os.chmod(path, 0o644)
    return path
