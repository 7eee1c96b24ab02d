"""Path configuration of REAL interpreters in real temporary layouts, against the model.

Not a test suite (tests/differential/ is that): a quick cross-check used while writing
``pywhence.startup.getpath``, kept so the numbers in docs/pathconfig.md can be reproduced::

    python tests/oracle/real_check.py [3.8.18 3.12.1 ...]

Each case builds a small machine under a fresh temporary directory (``@`` in the case
stands for it): copies of the interpreter binary, stdlib directories made of symlinks to
the real stdlib, venvs, pyvenv.cfg and ._pth files.  The interpreter is run with
``-S`` (site.py would move sys.prefix in a venv; getpath does not), and prints
``sys.executable``, the prefixes and ``sys.path``; the model computes the same from the
same disk (LocalFS) and the binary's real build constants.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "src")))

from pywhence.disk.fs import LocalFS
from pywhence.invocation import Invocation
from pywhence.startup.getopt import parse_command_line
from pywhence.startup.getpath import compute_path_config
from pywhence.startup.initconfig import make_config
from pywhence.target.behaviour import behaviour_for
from pywhence.target.interpreter import Build, Interpreter, Version
from pywhence.trace import Trace

PYENV = "/root/.pyenv/versions"
PROBE = ("import sys, json; print(json.dumps(dict(executable=sys.executable, "
         "base_executable=getattr(sys, '_base_executable', sys.executable), prefix=sys.prefix, "
         "exec_prefix=sys.exec_prefix, base_prefix=sys.base_prefix, "
         "base_exec_prefix=sys.base_exec_prefix, path=sys.path)))")


class Machine:
    def __init__(self, root: str, version: str) -> None:
        self.root = root
        self.version = version
        self.xy = ".".join(version.split(".")[:2])
        self.real = f"{PYENV}/{version}"

    def p(self, path: str) -> str:
        return path.replace("@", self.root)

    def binary(self, path: str) -> None:
        dst = self.p(path)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(f"{self.real}/bin/python{self.xy}", dst)

    def stdlib(self, prefix: str, *, dynload: bool = True, platlibdir: str = "lib") -> None:
        src = f"{self.real}/lib/python{self.xy}"
        dst = self.p(f"{prefix}/{platlibdir}/python{self.xy}")
        os.makedirs(dst, exist_ok=True)
        for name in os.listdir(src):
            if name == "lib-dynload" and not dynload:
                continue
            if name in ("site-packages",):
                continue
            os.symlink(os.path.join(src, name), os.path.join(dst, name))

    def install(self, prefix: str, **kw: Any) -> None:
        self.binary(f"{prefix}/bin/python{self.xy}")
        os.symlink(f"python{self.xy}", self.p(f"{prefix}/bin/python3"))
        self.stdlib(prefix, **kw)

    def write(self, path: str, text: str | bytes) -> None:
        dst = self.p(path)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if isinstance(text, str):
            text = self.p(text).encode("utf-8", "surrogateescape")
        with open(dst, "wb") as f:
            f.write(text)

    def link(self, path: str, target: str) -> None:
        dst = self.p(path)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        os.symlink(self.p(target), dst)

    def mkdir(self, path: str) -> None:
        os.makedirs(self.p(path), exist_ok=True)


def cases() -> list[tuple[str, Any, list[str], dict[str, str], str]]:
    """(name, setup(machine), argv, env, cwd); '@' is the machine's root."""
    out: list[tuple[str, Any, list[str], dict[str, str], str]] = []

    def case(name: str, argv: list[str], env: dict[str, str] | None = None, cwd: str = "@"):
        def deco(fn: Any) -> Any:
            out.append((name, fn, argv, env or {}, cwd))
            return fn
        return deco

    @case("install", ["@/opt/py/bin/python3"])
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("install-on-path", ["python3"], {"PATH": "@/nowhere:@/opt/py/bin"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("install-relative-argv0", ["./bin/python3"], cwd="@/opt/py")
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("install-dotdot-argv0", ["../py/bin/../bin/python3"], cwd="@/opt/other")
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.mkdir("@/opt/other")

    @case("symlink-from-elsewhere", ["@/usr/bin/python3"])
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.link("@/usr/bin/python3", f"@/opt/py/bin/python{m.xy}")

    @case("symlink-relative", ["@/usr/bin/python3"])
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        os.makedirs(m.p("@/usr/bin"))
        os.symlink(f"../../opt/py/bin/python{m.xy}", m.p("@/usr/bin/python3"))

    for cfgname, cfg in [
        ("good", "home = @/opt/py/bin\n"),
        ("nospace", "home=@/opt/py/bin\n"),
        ("upper", "HOME = @/opt/py/bin\n"),
        ("no-newline", "home = @/opt/py/bin"),
        ("two-spaces", "home =  @/opt/py/bin\n"),
        ("bom", "\ufeffhome = @/opt/py/bin\n"),
        ("comment-first", "# hi\nhome = @/opt/py/bin\n"),
        ("after-4096", "# x\n" * 1200 + "home = @/opt/py/bin\n"),
        ("huge", "#" * 40000 + "\nhome = @/opt/py/bin\n"),
        ("no-home", "version = 3\n"),
    ]:
        @case(f"venv-copy-{cfgname}", ["@/venv/bin/python"])
        def _(m: Machine, cfg: str = cfg) -> None:
            m.install("@/opt/py")
            m.binary("@/venv/bin/python")
            m.write("@/venv/pyvenv.cfg", cfg)

    @case("venv-symlink", ["@/venv/bin/python"])
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.link("@/venv/bin/python", f"@/opt/py/bin/python{m.xy}")
        m.write("@/venv/pyvenv.cfg", "home = @/opt/py/bin\n")

    @case("venv-cfg-directory", ["@/venv/bin/python"])
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.binary("@/venv/bin/python")
        m.mkdir("@/venv/pyvenv.cfg")
        m.write("@/venv/bin/pyvenv.cfg", "home = @/opt/py/bin\n")

    @case("venv-cfg-in-bin", ["@/venv/bin/python"])
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.binary("@/venv/bin/python")
        m.write("@/venv/bin/pyvenv.cfg", "home = @/opt/py/bin\n")

    @case("pythonhome-one", ["@/usr/bin/python3"], {"PYTHONHOME": "@/opt/py"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.binary("@/usr/bin/python3")

    @case("pythonhome-two", ["@/usr/bin/python3"], {"PYTHONHOME": "@/opt/py:@/opt/ex"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.stdlib("@/opt/ex")
        m.binary("@/usr/bin/python3")

    @case("pythonhome-trailing-slash", ["@/usr/bin/python3"], {"PYTHONHOME": "@/opt/py/"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.binary("@/usr/bin/python3")

    @case("pythonpath-odd", ["@/opt/py/bin/python3"], {"PYTHONPATH": "@/a::rel/x/:../up:./c/..:@/b//c/"}, "@/opt")
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("pythonpath-E", ["@/opt/py/bin/python3", "-E"], {"PYTHONPATH": "@/a"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("pth-file", ["@/opt/py/bin/python3"])
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.write(f"@/opt/py/bin/python{m.xy}._pth", f"# c\n../lib/python{m.xy}\n\n@/abs  # t\nimport site\n")

    @case("pth-empty", ["@/opt/py/bin/python3"], {"PYTHONPATH": "@/pp"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.write(f"@/opt/py/bin/python{m.xy}._pth", "")

    @case("pth-directory", ["@/opt/py/bin/python3"], {"PYTHONPATH": "@/pp"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.mkdir(f"@/opt/py/bin/python{m.xy}._pth")

    @case("pth-with-pythonhome", ["@/opt/py/bin/python3"], {"PYTHONHOME": "@/opt/py"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.write(f"@/opt/py/bin/python{m.xy}._pth", f"../lib/python{m.xy}\n")

    @case("build-tree", ["@/src/python"])
    def _(m: Machine) -> None:
        m.binary("@/src/python")
        m.write("@/src/Modules/Setup.local", "")
        m.write("@/src/pybuilddir.txt", "build/lib")
        src = f"{m.real}/lib/python{m.xy}"
        os.symlink(src, m.p("@/src/Lib"))
        os.makedirs(m.p("@/src/build"))
        os.symlink(f"{src}/lib-dynload", m.p("@/src/build/lib"))

    @case("build-tree-newline", ["@/src/python"])
    def _(m: Machine) -> None:
        m.binary("@/src/python")
        m.write("@/src/Modules/Setup.local", "")
        m.write("@/src/pybuilddir.txt", "build/lib\n")
        src = f"{m.real}/lib/python{m.xy}"
        os.symlink(src, m.p("@/src/Lib"))
        os.makedirs(m.p("@/src/build"))
        os.symlink(f"{src}/lib-dynload", m.p("@/src/build/lib"))

    @case("build-landmark-only", ["@/src/python"])
    def _(m: Machine) -> None:
        m.binary("@/src/python")
        m.write("@/src/Modules/Setup.local", "")
        os.symlink(f"{m.real}/lib/python{m.xy}", m.p("@/src/Lib"))

    @case("build-pybuilddir-empty", ["@/src/python"])
    def _(m: Machine) -> None:
        m.binary("@/src/python")
        m.write("@/src/pybuilddir.txt", "")
        os.symlink(f"{m.real}/lib/python{m.xy}", m.p("@/src/Lib"))

    @case("no-dynload", ["@/opt/py/bin/python3"])
    def _(m: Machine) -> None:
        m.install("@/opt/py", dynload=False)

    @case("no-stdlib", ["@/opt/py/bin/python3"])
    def _(m: Machine) -> None:
        m.binary("@/opt/py/bin/python3")

    @case("platlibdir-env", ["@/opt/py/bin/python3"], {"PYTHONPLATLIBDIR": "lib64"})
    def _(m: Machine) -> None:
        m.install("@/opt/py", platlibdir="lib64")

    @case("pythonexecutable", ["@/opt/py/bin/python3"], {"PYTHONEXECUTABLE": "@/x/y"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("pyvenv-launcher", ["@/opt/py/bin/python3"], {"__PYVENV_LAUNCHER__": "@/x/y"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("path-set-but-empty", ["python3"], {"PATH": ""}, "@/opt/py/bin")
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("path-dot", ["python3"], {"PATH": "."}, "@/opt/py/bin")
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("path-dot-slash", ["python3"], {"PATH": "./"}, "@/opt/py/bin")
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("path-one-char-dir", ["python3"], {"PATH": "b"}, "@/opt/py")
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        os.symlink("bin", m.p("@/opt/py/b"))

    @case("path-relative-dir", ["python3"], {"PATH": "bin"}, "@/opt/py")
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("not-on-path", ["python3"], {"PATH": "@/nowhere"}, "@/opt/py")
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("empty-argv0", [""], {"PATH": "@/opt/py/bin"}, "@/opt")
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("venv-cfg-dir-in-bin", ["@/venv/bin/python"])
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.binary("@/venv/bin/python")
        m.mkdir("@/venv/bin/pyvenv.cfg")
        m.write("@/venv/pyvenv.cfg", "home = @/opt/py/bin\n")

    @case("venv-home-relative", ["@/venv/bin/python"], cwd="@/opt")
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.binary("@/venv/bin/python")
        m.write("@/venv/pyvenv.cfg", "home = py/bin\n")

    @case("venv-home-empty", ["@/venv/bin/python"])
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.binary("@/venv/bin/python")
        m.write("@/venv/pyvenv.cfg", "home =\nhome = @/opt/py/bin\n")

    @case("venv-nested-symlinks", ["@/v2/bin/python"])
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.link("@/v1/bin/python", f"@/opt/py/bin/python{m.xy}")
        m.write("@/v1/pyvenv.cfg", "home = @/opt/py/bin\n")
        m.link("@/v2/bin/python", "@/v1/bin/python")
        m.write("@/v2/pyvenv.cfg", "home = @/opt/py/bin\n")

    @case("pythonhome-relative", ["@/usr/bin/python3"], {"PYTHONHOME": "py"}, "@/opt")
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.binary("@/usr/bin/python3")

    @case("pythonhome-and-venv", ["@/venv/bin/python"], {"PYTHONHOME": "@/opt/py"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")
        m.binary("@/venv/bin/python")
        m.write("@/venv/pyvenv.cfg", "home = @/nowhere\n")

    @case("pythonpath-I", ["@/opt/py/bin/python3", "-I"], {"PYTHONPATH": "@/a", "PYTHONHOME": "@/nowhere"})
    def _(m: Machine) -> None:
        m.install("@/opt/py")

    @case("colon-in-dir", ["@/opt/a:b/bin/python3"])
    def _(m: Machine) -> None:
        m.install("@/opt/a:b")

    return out


def run_case(version: str, name: str, setup: Any, argv: list[str], env: dict[str, str], cwd: str) -> list[str]:
    root = tempfile.mkdtemp(prefix="pcreal")
    try:
        m = Machine(root, version)
        setup(m)
        argv = [m.p(a) for a in argv]
        env = {k: m.p(v) for k, v in env.items()}
        cwd = m.p(cwd)
        env.setdefault("PATH", "/usr/bin:/bin")
        if "/" in argv[0]:
            exe = os.path.join(cwd, argv[0])
        else:
            # argv[0] not found on PATH: the binary is the machine's first install
            exe = shutil.which(argv[0], path=env["PATH"]) or m.p("@/opt/py/bin/python3")
        proc = subprocess.run([argv[0], *argv[1:], "-S", "-c", PROBE], executable=exe, cwd=cwd,
                              env=env, capture_output=True, text=True, check=False)
        real: dict[str, Any] = {}
        if proc.returncode == 0:
            real = json.loads(proc.stdout)
        stderr = proc.stderr.splitlines()
        # the model, over the same disk
        build = Build(prefix=f"{PYENV}/{version}", exec_prefix=f"{PYENV}/{version}", platlibdir="lib")
        target = Interpreter(version=Version.parse(version), build=build)
        inv = Invocation(argv=(*argv, "-S", "-c", PROBE), env=env, cwd=cwd)
        sw = behaviour_for(target.version)
        cl = parse_command_line(inv.argv, safe_path_option=sw.safe_path)
        cfg = make_config(inv, cl, sw)
        pc = compute_path_config(target, cfg, LocalFS(), sw, Trace())
        diffs: list[str] = []
        warn_lines = [ln for ln in stderr if ln.startswith(("Could not find", "Consider setting", "Failed to find", "unsupported"))]
        if list(pc.warnings) != warn_lines:
            diffs.append(f"warnings: model {list(pc.warnings)} real {warn_lines}")
        real_fatal = next((ln for ln in stderr if ln.startswith("Fatal Python error")), None)
        model_fatal = pc.fatal.splitlines()[0] if pc.fatal else None
        if real_fatal != model_fatal:
            diffs.append(f"fatal: model {model_fatal!r} real {real_fatal!r}")
        if real:
            path = list(real["path"])
            msp = [e.path for e in pc.module_search_paths]
            if len(path) == len(msp) + 1 and path[0] == "":
                path = path[1:]
            if path != msp:
                diffs.append(f"module_search_paths: model {msp} real {path}")
            for k in ("executable", "base_executable", "prefix", "exec_prefix", "base_prefix", "base_exec_prefix"):
                if getattr(pc, k) != real[k]:
                    diffs.append(f"{k}: model {getattr(pc, k)!r} real {real[k]!r}")
        return [d.replace(root, "@") for d in diffs]
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    versions = argv or ["3.8.18", "3.9.18", "3.10.13", "3.11.7", "3.12.1", "3.13.0"]
    total = bad = 0
    for v in versions:
        ok = 0
        for name, setup, a, env, cwd in cases():
            total += 1
            diffs = run_case(v, name, setup, a, env, cwd)
            if diffs:
                bad += 1
                print(f"{v} {name}:")
                for d in diffs:
                    print(f"    {d}")
            else:
                ok += 1
        print(f"{v}: {ok}/{len(cases())} agree")
    print(f"total {total - bad}/{total} agree")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
