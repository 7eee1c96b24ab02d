"""Generated Linux worlds for the path-configuration oracle (and the unit tests).

Each world is a plain dict in the world-file format (docs/worlds.md).  They cover
installs at several prefixes, executables found in every way, symlinks, venvs with odd
pyvenv.cfg files, PYTHONHOME, PYTHONPATH, ._pth files, build trees, platlibdir,
missing libraries, the executable overrides, -E and -I.
"""

from __future__ import annotations

from typing import Any


def _install(prefix: str, xy: str, *, platlibdir: str = "lib", exe: str = "python3",
             dynload: bool = True, stdlib: bool = True, zipfile: bool = False,
             abi: str = "") -> dict[str, Any]:
    lib = f"{prefix}/{platlibdir}/python{xy}{abi}"
    files: dict[str, str] = {}
    dirs: list[str] = []
    if stdlib:
        files[f"{lib}/os.py"] = ""
        files[f"{lib}/encodings/__init__.py"] = ""
    if dynload:
        dirs.append(f"{lib}/lib-dynload")
    if zipfile:
        files[f"{prefix}/{platlibdir}/python{xy.replace('.', '')}{abi}.zip"] = "PK"
    return {"files": files, "dirs": dirs, "executables": [f"{prefix}/bin/{exe}", f"{prefix}/bin/python{xy}"]}


def _merge(*parts: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"files": {}, "dirs": [], "executables": [], "symlinks": {}}
    for p in parts:
        out["files"].update(p.get("files", {}))
        out["dirs"] += p.get("dirs", [])
        out["executables"] += [e for e in p.get("executables", []) if e not in out["executables"]]
        out["symlinks"].update(p.get("symlinks", {}))
    # an executable path must not also be a symlink
    out["executables"] = [e for e in out["executables"] if e not in out["symlinks"]]
    return out


def linux_worlds(version: str) -> list[tuple[str, dict[str, Any]]]:
    """(name, world) pairs for one version ("3.12.1")."""
    xy = ".".join(version.split(".")[:2])
    worlds: list[tuple[str, dict[str, Any]]] = []

    def add(name: str, argv: list[str], disk: dict[str, Any], *, env: dict[str, str] | None = None,
            cwd: str = "/", build: dict[str, Any] | None = None) -> None:
        w = {"version": version, "platform": "linux", "argv": argv, "cwd": cwd,
             "env": env or {}, "build": {"prefix": "/usr/local", **(build or {})}, **disk}
        worlds.append((name, w))

    usr_local = _install("/usr/local", xy)
    opt = _install("/opt/py", xy)
    pc = "-c"

    # -- installs and how the executable is found ---------------------------------------
    add("usr-local-absolute", ["/usr/local/bin/python3", pc, "pass"], _merge(usr_local))
    add("opt-prefix-other-than-build", ["/opt/py/bin/python3", pc, "pass"], _merge(opt))
    add("usr-prefix", ["/usr/bin/python3", pc, "pass"], _merge(_install("/usr", xy)), build={"prefix": "/usr"})
    add("on-path", ["python3", pc, "pass"], _merge(opt),
        env={"PATH": "/nonexistent:/opt/py/bin:/usr/bin"})
    add("on-path-empty-item", ["python3", pc, "pass"], _merge(opt),
        env={"PATH": ":/opt/py/bin"}, cwd="/opt/py/bin")
    add("on-path-relative-item", ["python3", pc, "pass"], _merge(opt),
        env={"PATH": "bin"}, cwd="/opt/py")
    add("on-path-under-isolation", ["python3", "-I", pc, "pass"], _merge(opt), env={"PATH": "/opt/py/bin"})
    add("on-path-dot", ["python3", pc, "pass"], _merge(opt), env={"PATH": "."}, cwd="/opt/py/bin")
    add("on-path-dot-slash", ["python3", pc, "pass"], _merge(opt), env={"PATH": "./"}, cwd="/opt/py/bin")
    add("on-path-one-char-dir", ["python3", pc, "pass"], _merge(opt, {"symlinks": {"/opt/py/b": "/opt/py/bin"}}),
        env={"PATH": "b"}, cwd="/opt/py")
    add("relative-symlink-one-char-dir", ["b/python3", pc, "pass"],
        _merge(opt, {"symlinks": {"/opt/py/b/python3": "../bin/python3"}, "dirs": ["/opt/py/b"]}), cwd="/opt/py")
    add("not-on-path", ["python3", pc, "pass"], _merge(opt), env={"PATH": "/usr/bin"}, cwd="/opt/py/bin")
    add("no-path-at-all", ["python3", pc, "pass"], _merge(usr_local), cwd="/tmp")
    add("relative-argv0", ["./bin/python3", pc, "pass"], _merge(opt), cwd="/opt/py")
    add("dotdot-argv0", ["../py/bin/python3", pc, "pass"], _merge(opt), cwd="/opt/other")
    add("double-slash-argv0", ["//opt//py/bin/python3", pc, "pass"], _merge(opt))
    add("empty-argv0", ["", pc, "pass"], _merge(opt), env={"PATH": "/opt/py/bin"})

    # -- symlinked executables ----------------------------------------------------------
    add("symlink-absolute", ["/usr/bin/python3", pc, "pass"],
        _merge(opt, {"symlinks": {"/usr/bin/python3": f"/opt/py/bin/python{xy}"}}))
    add("symlink-relative", ["/usr/bin/python3", pc, "pass"],
        _merge(opt, {"symlinks": {"/usr/bin/python3": f"../../opt/py/bin/python{xy}"}}))
    add("symlink-chain", ["/usr/bin/python3", pc, "pass"],
        _merge(opt, {"symlinks": {"/usr/bin/python3": "/usr/local/bin/py", "/usr/local/bin/py": f"/opt/py/bin/python{xy}"}}))
    add("symlinked-directory", ["/usr/lib/pylink/bin/python3", pc, "pass"],
        _merge(opt, {"symlinks": {"/usr/lib/pylink": "/opt/py"}}))
    add("symlink-loop", ["/usr/bin/python3", pc, "pass"],
        _merge(opt, {"symlinks": {"/usr/bin/python3": "/usr/bin/python3b", "/usr/bin/python3b": "/usr/bin/python3"}}))
    add("dangling-symlink", ["/usr/bin/python3", pc, "pass"],
        _merge(opt, {"symlinks": {"/usr/bin/python3": "/nowhere/python"}}))

    # -- venvs ---------------------------------------------------------------------------
    def venv(cfg: str | None, *, link: bool = True, cfg_in_bin: bool = False, names: tuple[str, ...] = ("python",),
             base: dict[str, Any] = opt, base_exe: str = f"/opt/py/bin/python{xy}") -> dict[str, Any]:
        d: dict[str, Any] = {"files": {}, "symlinks": {}, "executables": [], "dirs": []}
        if cfg is not None:
            d["files"]["/home/u/venv/bin/pyvenv.cfg" if cfg_in_bin else "/home/u/venv/pyvenv.cfg"] = cfg
        for n in names:
            if link:
                d["symlinks"][f"/home/u/venv/bin/{n}"] = base_exe
            else:
                d["executables"].append(f"/home/u/venv/bin/{n}")
        d["dirs"].append(f"/home/u/venv/lib/python{xy}/site-packages")
        return _merge(base, d)

    good = "home = /opt/py/bin\ninclude-system-site-packages = false\nversion = 3\n"
    vexe = ["/home/u/venv/bin/python", pc, "pass"]
    add("venv-symlink", vexe, venv(good))
    add("venv-copy", vexe, venv(good, link=False))
    add("venv-copy-home-nospace", vexe, venv("home=/opt/py/bin\n", link=False))
    add("venv-copy-home-upper", vexe, venv("HOME = /opt/py/bin\n", link=False))
    add("venv-copy-home-padded", vexe, venv("   home   =   /opt/py/bin   \n", link=False))
    add("venv-copy-no-newline", vexe, venv("home = /opt/py/bin", link=False))
    add("venv-copy-comment", vexe, venv("# home = /wrong\nhome = /opt/py/bin\n", link=False))
    add("venv-copy-bom", vexe, venv("\ufeffhome = /opt/py/bin\n", link=False))
    add("venv-copy-crlf", vexe, venv("home = /opt/py/bin\r\n", link=False))
    add("venv-copy-two-homes", vexe, venv("home = /opt/py/bin\nhome = /usr/local/bin\n", link=False))
    add("venv-copy-no-home", vexe, venv("version = 3.12\n", link=False))
    add("venv-copy-empty-cfg", vexe, venv("", link=False))
    add("venv-copy-home-nowhere", vexe, venv("home = /nowhere/bin\n", link=False))
    add("venv-copy-home-relative", vexe, venv("home = ../../../opt/py/bin\n", link=False), cwd="/home/u")
    add("venv-cfg-in-bin", vexe, venv(good, link=False, cfg_in_bin=True))
    add("venv-cfg-is-directory", vexe, _merge(venv(None, link=False), {"dirs": ["/home/u/venv/pyvenv.cfg"]}))
    add("venv-cfg-directory-and-bin-file", vexe,
        _merge(venv(good, link=False, cfg_in_bin=True), {"dirs": ["/home/u/venv/pyvenv.cfg"]}))
    add("venv-cfg-huge", vexe, venv("#" * 40000 + "\nhome = /opt/py/bin\n", link=False))
    add("venv-cfg-after-4096", vexe, venv("# x\n" * 1200 + "home = /opt/py/bin\n", link=False))
    add("venv-cfg-nul", vexe, venv("home = /opt/py/bin\n\0junk\n", link=False))
    add("venv-copy-python3-name", ["/home/u/venv/bin/python3", pc, "pass"], venv(good, link=False, names=("python3",)))
    add("venv-copy-fallback-name", vexe, venv(good, link=False))
    add("venv-copy-home-has-python", vexe,
        venv(good, link=False, base=_merge(opt, {"executables": ["/opt/py/bin/python"]})))
    add("venv-with-pythonhome", vexe, venv(good), env={"PYTHONHOME": "/usr/local"})
    add("venv-nested-symlink", ["/home/u/venv2/bin/python", pc, "pass"],
        _merge(venv(good), {"symlinks": {"/home/u/venv2/bin/python": "/home/u/venv/bin/python"},
                            "files": {"/home/u/venv2/pyvenv.cfg": good}}))

    # -- PYTHONHOME ------------------------------------------------------------------------
    add("pythonhome-one", ["/usr/local/bin/python3", pc, "pass"], _merge(usr_local, opt), env={"PYTHONHOME": "/opt/py"})
    add("pythonhome-two", ["/usr/local/bin/python3", pc, "pass"], _merge(usr_local, opt), env={"PYTHONHOME": "/opt/py:/usr/local"})
    add("pythonhome-trailing-slash", ["/usr/local/bin/python3", pc, "pass"], _merge(usr_local, opt), env={"PYTHONHOME": "/opt/py/"})
    add("pythonhome-relative", ["/usr/local/bin/python3", pc, "pass"], _merge(opt), env={"PYTHONHOME": "py"}, cwd="/opt")
    add("pythonhome-missing", ["/usr/local/bin/python3", pc, "pass"], _merge(usr_local), env={"PYTHONHOME": "/nowhere"})
    add("pythonhome-ignored-E", ["/usr/local/bin/python3", "-E", pc, "pass"], _merge(usr_local, opt), env={"PYTHONHOME": "/opt/py"})
    add("pythonhome-empty", ["/usr/local/bin/python3", pc, "pass"], _merge(usr_local), env={"PYTHONHOME": ""})
    add("pythonhome-empty-exec-part", ["/usr/local/bin/python3", pc, "pass"], _merge(usr_local, opt), env={"PYTHONHOME": "/opt/py:"})

    # -- PYTHONPATH ------------------------------------------------------------------------
    ul = ["/usr/local/bin/python3", pc, "pass"]
    add("pythonpath-mixed", ul, _merge(usr_local), env={"PYTHONPATH": "/a::rel/x/:../up:./c/..:/b//c/"}, cwd="/home/u")
    add("pythonpath-cwd-root", ul, _merge(usr_local), env={"PYTHONPATH": "x:./y:"}, cwd="/")
    add("pythonpath-E", ["/usr/local/bin/python3", "-E", pc, "pass"], _merge(usr_local), env={"PYTHONPATH": "/a"})
    add("pythonpath-I", ["/usr/local/bin/python3", "-I", pc, "pass"], _merge(usr_local), env={"PYTHONPATH": "/a"})
    add("pythonpath-double-slash", ul, _merge(usr_local), env={"PYTHONPATH": "//srv//x"})

    # -- ._pth files -----------------------------------------------------------------------
    pth = f"/usr/local/bin/python{xy}._pth"
    add("pth-beside-real-exe", ["/usr/local/bin/python3", pc, "pass"],
        _merge(usr_local, {"symlinks": {"/usr/local/bin/python3": f"python{xy}"},
                           "files": {pth: f"# comment\n../lib/python{xy}\n\n/abs/dir  # trailing\nimport site\nimport foo\n"}}))
    add("pth-beside-argv0", ["/usr/local/bin/python3", pc, "pass"],
        _merge(usr_local, {"files": {"/usr/local/bin/python3._pth": f"../lib/python{xy}\nlib-extra\n"}}))
    add("pth-no-import-site", ["/usr/local/bin/python3", pc, "pass"],
        _merge(usr_local, {"files": {"/usr/local/bin/python3._pth": ".\n"}}))
    add("pth-with-pythonhome", ["/usr/local/bin/python3", pc, "pass"],
        _merge(usr_local, opt, {"files": {"/usr/local/bin/python3._pth": "x\n"}}), env={"PYTHONHOME": "/opt/py"})
    add("pth-with-pythonpath", ["/usr/local/bin/python3", pc, "pass"],
        _merge(usr_local, {"files": {"/usr/local/bin/python3._pth": f"../lib/python{xy}\n"}}), env={"PYTHONPATH": "/pp"})
    add("pth-is-directory", ["/usr/local/bin/python3", pc, "pass"],
        _merge(usr_local, {"dirs": ["/usr/local/bin/python3._pth"]}))

    # -- build trees -----------------------------------------------------------------------
    src = {"files": {"/src/cpython/Lib/os.py": "", "/src/cpython/Lib/encodings/__init__.py": "",
                     "/src/cpython/Modules/Setup.local": ""},
           "executables": ["/src/cpython/python"],
           "dirs": [f"/src/cpython/build/lib.linux-x86_64-{xy}"]}
    add("build-pybuilddir", ["/src/cpython/python", pc, "pass"],
        _merge(src, {"files": {"/src/cpython/pybuilddir.txt": f"build/lib.linux-x86_64-{xy}"}}))
    add("build-pybuilddir-newline", ["/src/cpython/python", pc, "pass"],
        _merge(src, {"files": {"/src/cpython/pybuilddir.txt": f"build/lib.linux-x86_64-{xy}\n"}}))
    add("build-pybuilddir-empty", ["/src/cpython/python", pc, "pass"],
        _merge(src, {"files": {"/src/cpython/pybuilddir.txt": ""}}))
    add("build-landmark-only", ["/src/cpython/python", pc, "pass"], _merge(src))
    add("build-out-of-tree", ["/src/cpython/debug/python", pc, "pass"],
        _merge({"files": {"/src/cpython/Lib/os.py": "", "/src/cpython/Lib/encodings/__init__.py": "",
                          "/src/cpython/debug/pybuilddir.txt": f"build/lib.linux-x86_64-{xy}",
                          "/src/cpython/debug/Modules/Setup.local": ""},
                "executables": ["/src/cpython/debug/python"]}), build={"vpath": ".."})
    add("build-with-pythonhome", ["/src/cpython/python", pc, "pass"],
        _merge(src, opt, {"files": {"/src/cpython/pybuilddir.txt": "build/x"}}), env={"PYTHONHOME": "/opt/py"})

    # -- platlibdir ------------------------------------------------------------------------
    lib64 = _install("/opt/py", xy, platlibdir="lib64")
    add("platlibdir-build-lib64", ["/opt/py/bin/python3", pc, "pass"], _merge(lib64), build={"platlibdir": "lib64"})
    add("platlibdir-env-lib64", ["/opt/py/bin/python3", pc, "pass"], _merge(lib64), env={"PYTHONPLATLIBDIR": "lib64"})
    add("platlibdir-env-missing", ["/opt/py/bin/python3", pc, "pass"], _merge(opt), env={"PYTHONPLATLIBDIR": "foo"})
    add("platlibdir-env-ignored-E", ["/opt/py/bin/python3", "-E", pc, "pass"], _merge(opt), env={"PYTHONPLATLIBDIR": "foo"})

    # -- missing pieces --------------------------------------------------------------------
    add("no-stdlib", ["/tmp/x/bin/python3", pc, "pass"], {"executables": ["/tmp/x/bin/python3"]})
    add("no-dynload", ["/opt/py/bin/python3", pc, "pass"], _merge(_install("/opt/py", xy, dynload=False)))
    add("only-dynload", ["/opt/py/bin/python3", pc, "pass"], _merge(_install("/opt/py", xy, stdlib=False)))
    add("stdlib-at-build-prefix", ["/tmp/x/bin/python3", pc, "pass"],
        _merge(usr_local, {"executables": ["/tmp/x/bin/python3"]}))
    add("zip-landmark", ["/opt/z/bin/python3", pc, "pass"],
        _merge(_install("/opt/z", xy, stdlib=False, zipfile=True)))
    add("zip-and-stdlib", ["/opt/z/bin/python3", pc, "pass"], _merge(_install("/opt/z", xy, zipfile=True)))
    add("os-pyc-landmark", ["/opt/c/bin/python3", pc, "pass"],
        {"files": {f"/opt/c/lib/python{xy}/os.pyc": "", f"/opt/c/lib/python{xy}/encodings/__init__.pyc": ""},
         "executables": ["/opt/c/bin/python3"], "dirs": [f"/opt/c/lib/python{xy}/lib-dynload"]})
    add("exec-prefix-separate", ["/opt/py/bin/python3", pc, "pass"],
        _merge(_install("/opt/py", xy, dynload=False), {"dirs": [f"/opt/ex/lib/python{xy}/lib-dynload"]}),
        build={"prefix": "/opt/py", "exec_prefix": "/opt/ex"})
    add("stdlib-at-root", ["/bin/python3", pc, "pass"], _merge(_install("", xy)))
    add("pythonpath-macro", ["/opt/py/bin/python3", pc, "pass"], _merge(opt), build={"pythonpath": "plat-x:/abs/y"})
    add("colon-in-directory", ["/opt/a:b/bin/python3", pc, "pass"], _merge(_install("/opt/a:b", xy)))

    # -- executable overrides --------------------------------------------------------------
    add("pythonexecutable", ["/opt/py/bin/python3", pc, "pass"], _merge(opt), env={"PYTHONEXECUTABLE": "/tmp/x"})
    add("pythonexecutable-E", ["/opt/py/bin/python3", "-E", pc, "pass"], _merge(opt), env={"PYTHONEXECUTABLE": "/tmp/x"})
    add("pyvenv-launcher", ["/opt/py/bin/python3", pc, "pass"], _merge(opt), env={"__PYVENV_LAUNCHER__": "/home/u/venv/bin/python"})
    add("pythonexecutable-in-venv", ["/opt/py/bin/python3", pc, "pass"], venv(good, link=False),
        env={"PYTHONEXECUTABLE": "/home/u/venv/bin/python"})

    # -- embedding applications -------------------------------------------------------------
    def embedded(name: str, embed: dict[str, Any], disk: dict[str, Any], **kw: Any) -> None:
        add(name, ["/opt/app/bin/app"], _merge(disk, {"executables": ["/opt/app/bin/app"]}), **kw)
        worlds[-1][1]["embed"] = embed

    embedded("embed-home", {"home": "/opt/py"}, _merge(opt))
    embedded("embed-home-blocks-pth", {"home": "/opt/py"},
             _merge(opt, {"files": {"/opt/app/bin/app._pth": "x\n"}}))
    embedded("embed-program-name", {"program_name": "/opt/py/bin/python3"}, _merge(opt))
    embedded("embed-module-search-paths", {"module_search_paths": ["/m1", "/m2"]}, _merge(opt))
    embedded("embed-pythonpath", {"pythonpath": "/pp:rel"}, _merge(opt), cwd="/opt")
    embedded("embed-nothing", {}, _merge(opt, usr_local))

    # -- free-threaded builds (3.13+): getpath's ABI_THREAD = 't' ------------------------------
    if tuple(int(n) for n in xy.split(".")) >= (3, 13):
        t = {"abi_thread": "t"}
        ft = _install("/opt/ft", xy, abi="t")
        add("free-threaded", ["/opt/ft/bin/python3", pc, "pass"], _merge(ft), build=t)
        add("free-threaded-default-layout", ["/opt/py/bin/python3", pc, "pass"], _merge(opt), build=t)
        # one prefix holding both builds, as a distribution's /usr: each finds its own stdlib
        both = _merge(_install("/usr", xy), _install("/usr", xy, abi="t", exe=f"python{xy}t"))
        add("free-threaded-beside-gil-build", [f"/usr/bin/python{xy}t", pc, "pass"], both,
            build={"prefix": "/usr", **t})
        add("gil-build-beside-free-threaded", [f"/usr/bin/python{xy}", pc, "pass"], both,
            build={"prefix": "/usr"})
        add("free-threaded-debug", [f"/usr/bin/python{xy}td", pc, "pass"],
            _merge(both, {"executables": [f"/usr/bin/python{xy}td"]}),
            build={"prefix": "/usr", "abiflags": "td"})
        # a free-threaded binary never takes a GIL build's stdlib (3.15 also warns)
        add("free-threaded-only-gil-stdlib", [f"/opt/x/bin/python{xy}t", pc, "pass"],
            _merge(_install("/opt/x", xy, exe=f"python{xy}t")), build={"prefix": "/opt/x", **t})
        add("free-threaded-zip-landmark", [f"/opt/z/bin/python{xy}t", pc, "pass"],
            _merge(_install("/opt/z", xy, abi="t", exe=f"python{xy}t", stdlib=False, zipfile=True)),
            build={"prefix": "/usr/local", **t})
        add("free-threaded-no-lib-dynload", ["/opt/nd/bin/python3", pc, "pass"],
            _merge(_install("/opt/nd", xy, abi="t", dynload=False)), build={"prefix": "/opt/nd", **t})
        add("free-threaded-lib64", ["/opt/ft/bin/python3", pc, "pass"],
            _merge(_install("/opt/ft", xy, abi="t", platlibdir="lib64")),
            build={"platlibdir": "lib64", **t})
        add("free-threaded-pythonhome", ["/usr/local/bin/python3", pc, "pass"], _merge(usr_local, ft),
            env={"PYTHONHOME": "/opt/ft"}, build=t)
        ftvenv = "home = /opt/ft/bin\ninclude-system-site-packages = false\n"
        add("free-threaded-venv", vexe, venv(ftvenv, base=ft, base_exe=f"/opt/ft/bin/python{xy}"), build=t)
        add("free-threaded-venv-copy", vexe,
            venv(ftvenv, link=False, base=ft, base_exe=f"/opt/ft/bin/python{xy}"), build=t)
        # the ._pth name is the executable's own: python3.Xt._pth
        add("free-threaded-pth", [f"/opt/ft/bin/python{xy}t", pc, "pass"],
            _merge(_install("/opt/ft", xy, abi="t", exe=f"python{xy}t"),
                   {"files": {f"/opt/ft/bin/python{xy}t._pth": f"../lib/python{xy}t\nimport site\n"}}),
            build=t)
        add("free-threaded-pth-gil-name", [f"/opt/ft/bin/python{xy}t", pc, "pass"],
            _merge(_install("/opt/ft", xy, abi="t", exe=f"python{xy}t"),
                   {"files": {f"/opt/ft/bin/python{xy}._pth": "elsewhere\n"}}), build=t)

    return [(f"{version}:{n}", w) for n, w in worlds]


def darwin_worlds(version: str) -> list[tuple[str, dict[str, Any]]]:
    """The Linux worlds on macOS (the OS reports the binary exec'd), plus framework builds."""
    xy = ".".join(version.split(".")[:2])
    out: list[tuple[str, dict[str, Any]]] = []
    for name, w in linux_worlds(version):
        w = {**w, "platform": "darwin"}
        argv0 = w["argv"][0]
        if argv0.startswith("/"):
            w["executable"] = argv0
        out.append((name.replace(f"{version}:", f"{version}:darwin-"), w))
    fw = f"/Library/Frameworks/Python.framework/Versions/{xy}"
    framework = _merge(_install(fw, xy), {"files": {f"{fw}/Python": ""}})
    base = {"version": version, "platform": "darwin", "cwd": "/", "env": {},
            "build": {"prefix": fw, "framework": True}, "library": f"{fw}/Python"}
    out.append((f"{version}:darwin-framework", {**base, "argv": [f"{fw}/bin/python3"],
                "executable": f"{fw}/bin/python{xy}", **framework}))
    out.append((f"{version}:darwin-framework-symlink", {
        **base, "argv": ["/usr/local/bin/python3"], "executable": "/usr/local/bin/python3",
        **_merge(framework, {"symlinks": {"/usr/local/bin/python3": f"{fw}/bin/python{xy}"}})}))
    out.append((f"{version}:darwin-framework-pythonexecutable", {
        **base, "argv": [f"{fw}/bin/python3"], "executable": f"{fw}/Resources/Python.app/Contents/MacOS/Python",
        "env": {"__PYVENV_LAUNCHER__": "/v/bin/python"}, **framework}))
    out.append((f"{version}:darwin-bare-name-os-knows", {
        "version": version, "platform": "darwin", "cwd": "/", "env": {"PATH": "/usr/bin"},
        "build": {"prefix": "/usr/local"}, "argv": ["python3"], "executable": "/opt/py/bin/python3",
        **_merge(_install("/opt/py", xy))}))
    return out


def windows_worlds(version: str) -> list[tuple[str, dict[str, Any]]]:
    """Windows installs, venvs, embeddable zips, ._pth files and build trees (3.11+ only)."""
    xy = ".".join(version.split(".")[:2])
    nodot = xy.replace(".", "")
    home = f"C:\\Python{nodot}"
    out: list[tuple[str, dict[str, Any]]] = []

    def install(root: str, *, lib: bool = True, dlls: bool = True, zipfile: bool = False) -> dict[str, Any]:
        files = {f"{root}\\python.exe": "", f"{root}\\python{nodot}.dll": ""}
        if lib:
            files[f"{root}\\Lib\\os.py"] = ""
            files[f"{root}\\Lib\\encodings\\__init__.py"] = ""
        if zipfile:
            files[f"{root}\\python{nodot}.zip"] = "PK"
        return {"files": files, "dirs": [f"{root}\\DLLs"] if dlls else []}

    def add(name: str, argv: list[str], disk: dict[str, Any], *, exe: str | None = None,
            library: str | None = None, env: dict[str, str] | None = None, cwd: str = "C:\\",
            build: dict[str, Any] | None = None) -> None:
        w = {"version": version, "platform": "win32", "argv": argv, "cwd": cwd, "env": env or {},
             "build": {"prefix": "C:\\Python", **(build or {})}, **disk}
        if exe:
            w["executable"] = exe
        if library:
            w["library"] = library
        out.append((f"{version}:win-{name}", w))

    std = install(home)
    exe = f"{home}\\python.exe"
    dll = f"{home}\\python{nodot}.dll"
    add("install", [exe, "-c", "pass"], std, exe=exe, library=dll)
    if tuple(int(n) for n in xy.split(".")) >= (3, 13):
        # the free-threaded python3.13t.exe beside python.exe shares Lib and DLLs (Windows
        # names no 't' directory); its library is python313t.dll
        ft = _merge(std, {"files": {f"{home}\\python{xy}t.exe": "", f"{home}\\python{nodot}t.dll": ""}})
        add("free-threaded", [f"{home}\\python{xy}t.exe", "-c", "pass"], ft,
            exe=f"{home}\\python{xy}t.exe", library=f"{home}\\python{nodot}t.dll",
            build={"abi_thread": "t"})
        add("free-threaded-pth", [f"{home}\\python{xy}t.exe", "-c", "pass"],
            _merge(ft, {"files": {f"{home}\\python{nodot}t._pth": f"python{nodot}.zip\nLib\n"}}),
            exe=f"{home}\\python{xy}t.exe", library=f"{home}\\python{nodot}t.dll",
            build={"abi_thread": "t"})
    add("install-no-library", [exe, "-c", "pass"], std, exe=exe)
    add("bare-name", ["python", "-c", "pass"], std, exe=exe, library=dll, env={"PATH": home})
    add("relative-argv0", ["python.exe", "-c", "pass"], std, exe=exe, library=dll, cwd=home)
    add("pythonpath", [exe, "-c", "pass"], std, exe=exe, library=dll,
        env={"PYTHONPATH": "C:\\a;rel\\x;;\\rooted"}, cwd="C:\\work")
    add("pythonhome", [exe, "-c", "pass"], _merge(std, install("D:\\py")), exe=exe, library=dll,
        env={"PYTHONHOME": "D:\\py"})
    add("pythonhome-E", [exe, "-E", "-c", "pass"], std, exe=exe, library=dll, env={"PYTHONHOME": "D:\\py"})
    venv = _merge(std, {"files": {"C:\\v\\pyvenv.cfg": f"home = {home}\n", "C:\\v\\Scripts\\python.exe": ""}})
    add("venv-launcher", [exe, "-c", "pass"], venv, exe=exe, library=dll,
        env={"__PYVENV_LAUNCHER__": "C:\\v\\Scripts\\python.exe"})
    add("venv-direct", ["C:\\v\\Scripts\\python.exe", "-c", "pass"], venv, exe="C:\\v\\Scripts\\python.exe", library=dll)
    add("pth-beside-dll", [exe, "-c", "pass"],
        _merge(std, {"files": {f"{home}\\python{nodot}._pth": f"python{nodot}.zip\n.\nLib\nimport site\n"}}),
        exe=exe, library=dll)
    add("pth-beside-exe", [exe, "-c", "pass"],
        _merge(std, {"files": {f"{home}\\python._pth": "Lib\n# c\n"}}), exe=exe, library=dll)
    emb = "C:\\emb"
    add("embeddable-zip", [f"{emb}\\python.exe", "-c", "pass"],
        _merge(install(emb, lib=False, dlls=False, zipfile=True), {"files": {f"{emb}\\python{nodot}._pth": f"python{nodot}.zip\n.\n"}}),
        exe=f"{emb}\\python.exe", library=f"{emb}\\python{nodot}.dll")
    add("zip-no-pth", [f"{emb}\\python.exe", "-c", "pass"], install(emb, lib=False, dlls=False, zipfile=True),
        exe=f"{emb}\\python.exe", library=f"{emb}\\python{nodot}.dll")
    add("no-dlls", [exe, "-c", "pass"], install(home, dlls=False), exe=exe, library=dll)
    add("no-lib", [exe, "-c", "pass"], install(home, lib=False), exe=exe, library=dll)
    src = "C:\\src\\cpython"
    build_exe = f"{src}\\PCbuild\\amd64\\python.exe"
    add("build-tree", [build_exe, "-c", "pass"],
        {"files": {build_exe: "", f"{src}\\Modules\\Setup.local": "", f"{src}\\Lib\\os.py": "",
                   f"{src}\\Lib\\encodings\\__init__.py": ""}},
        exe=build_exe, library=f"{src}\\PCbuild\\amd64\\python{nodot}.dll")
    add("build-tree-pybuilddir", [build_exe, "-c", "pass"],
        {"files": {build_exe: "", f"{src}\\PCbuild\\amd64\\pybuilddir.txt": "", f"{src}\\Lib\\os.py": ""}},
        exe=build_exe)
    add("pyvenv-cfg-directory", ["C:\\v\\Scripts\\python.exe", "-c", "pass"],
        _merge(std, {"files": {"C:\\v\\Scripts\\python.exe": "", "C:\\v\\Scripts\\pyvenv.cfg": f"home = {home}\n"},
                     "dirs": ["C:\\v\\pyvenv.cfg"]}),
        exe="C:\\v\\Scripts\\python.exe", library=dll)
    add("debug-build", [exe, "-c", "pass"], _merge(std, {"files": {f"{home}\\python{nodot}_d.zip": "PK"}}),
        exe=exe, library=dll, build={"debug_ext": "_d"})
    reg = f"SOFTWARE\\Python\\PythonCore\\{xy}\\PythonPath"
    registry = {f"HKLM\\{reg}": "C:\\core1;C:\\core2", f"HKLM\\{reg}\\Tool": "C:\\tool",
                f"HKCU\\{reg}\\Mine": "C:\\mine;C:\\mine2", f"HKCU\\{reg}\\Empty\\Deeper": "x"}
    add("registry", [exe, "-c", "pass"], std, exe=exe, library=dll, build={"pywinver": xy})
    out[-1][1]["registry"] = registry
    add("registry-no-stdlib", [exe, "-c", "pass"], install(home, lib=False), exe=exe, library=dll, build={"pywinver": xy})
    out[-1][1]["registry"] = registry
    add("registry-E", [exe, "-E", "-c", "pass"], std, exe=exe, library=dll, build={"pywinver": xy})
    out[-1][1]["registry"] = registry
    return out
