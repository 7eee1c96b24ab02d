"""A broad generated set of Windows and macOS worlds for the path-configuration oracle.

Each world is a dict in the world-file format (docs/worlds.md), run through CPython's
own frozen getpath (``frozen_getpath.py``) and through the model.  The inputs mean
what ``Lib/test/test_getpath.py`` (MockNTNamespace / MockPosixNamespace) says they mean:

* Windows: ``executable`` is ``GetModuleFileNameW(NULL)`` (getpath's
  ``real_executable``), ``library`` the loaded ``pythonXY.dll``, ``registry`` the
  ``PythonCore`` keys winreg sees; a venv's ``Scripts\\python.exe`` is a launcher that
  starts the base ``python.exe`` with ``__PYVENV_LAUNCHER__`` naming itself.
* macOS: ``executable`` is ``_NSGetExecutablePath()``; a framework build's
  ``bin/python3.X`` is a stub that execs ``Resources/Python.app/Contents/MacOS/Python``
  with ``argv[0]`` set to that binary and ``__PYVENV_LAUNCHER__`` to the stub's path
  (Mac/Tools/pythonw.c); ``library`` is the framework dylib (``.../Versions/3.X/Python``).

The layouts are crossed with invocation variants (how argv[0] is typed, PATH,
PYTHONHOME, PYTHONPATH, -E/-I, case and separator variations), so a few hundred worlds
per version come out of a short description.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

World = dict[str, Any]


def _merge(*parts: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"files": {}, "dirs": [], "executables": [], "symlinks": {}}
    for p in parts:
        out["files"].update(p.get("files", {}))
        out["dirs"] += [d for d in p.get("dirs", []) if d not in out["dirs"]]
        out["executables"] += [e for e in p.get("executables", []) if e not in out["executables"]]
        out["symlinks"].update(p.get("symlinks", {}))
    out["executables"] = [e for e in out["executables"] if e not in out["symlinks"]]
    return out


# ---------------------------------------------------------------------------------------
# Windows
# ---------------------------------------------------------------------------------------


def nt_install(root: str, nodot: str, *, lib: bool = True, dlls: bool = True, zipfile: bool = False,
               debug: str = "", exe: str = "python.exe", pyc_only: bool = False) -> dict[str, Any]:
    """A python.org installer layout (or parts of it) under *root*."""
    files: dict[str, str] = {f"{root}\\{exe}": "", f"{root}\\pythonw.exe": "",
                             f"{root}\\python{nodot}{debug}.dll": "", f"{root}\\python3{debug}.dll": ""}
    dirs: list[str] = []
    if lib:
        landmark = "os.pyc" if pyc_only else "os.py"
        files[f"{root}\\Lib\\{landmark}"] = ""
        files[f"{root}\\Lib\\encodings\\__init__.py"] = ""
        dirs.append(f"{root}\\Lib\\site-packages")
    if dlls:
        files[f"{root}\\DLLs\\_socket.pyd"] = ""
    if zipfile:
        files[f"{root}\\python{nodot}{debug}.zip"] = "PK"
    return {"files": files, "dirs": dirs}


def windows_broad(version: str) -> list[tuple[str, World]]:
    xy = ".".join(version.split(".")[:2])
    nodot = xy.replace(".", "")
    out: list[tuple[str, World]] = []

    def add(name: str, argv0: str, disk: dict[str, Any], *, exe: str | None, library: str | None,
            env: dict[str, str] | None = None, cwd: str = "C:\\Users\\u", opts: tuple[str, ...] = (),
            build: dict[str, Any] | None = None, registry: dict[str, str] | None = None) -> None:
        w: World = {"version": version, "platform": "win32", "argv": [argv0, *opts, "-c", "pass"],
                    "cwd": cwd, "env": env or {}, "build": {"prefix": "C:\\Python", **(build or {})},
                    **_merge(disk, {"dirs": [cwd]})}
        if exe:
            w["executable"] = exe
        if library:
            w["library"] = library
        if registry:
            w["registry"] = registry
        out.append((f"{version}:winb-{name}", w))

    # -- installs at several places, each run in several ways ---------------------------
    roots = {
        "pf": f"C:\\Program Files\\Python{nodot}",
        "user": f"C:\\Users\\u\\AppData\\Local\\Programs\\Python\\Python{nodot}",
        "root": f"C:\\Python{nodot}",
        "deep": f"D:\\tools\\py\\{xy}\\x64",
    }
    for rname, root in roots.items():
        parent = root.rpartition("\\")[0]
        parent = parent + "\\" if parent.endswith(":") else parent
        disk = nt_install(root, nodot)
        exe = f"{root}\\python.exe"
        dll = f"{root}\\python{nodot}.dll"
        runs: list[tuple[str, str, dict[str, str], str, tuple[str, ...]]] = [
            ("abs", exe, {}, "C:\\Users\\u", ()),
            ("bare-on-path", "python", {"PATH": f"C:\\Windows\\system32;{root}"}, "C:\\Users\\u", ()),
            ("bare-not-on-path", "python", {"PATH": "C:\\Windows"}, "C:\\Users\\u", ()),
            ("bare-exe-suffix", "python.exe", {"PATH": root}, "C:\\Users\\u", ()),
            ("relative-in-cwd", "python", {}, root, ()),
            ("relative-sub", f"{root.rpartition(chr(92))[2]}\\python.exe", {}, parent, ()),
            ("lower-case", exe.lower(), {}, "C:\\Users\\u", ()),
            ("forward-slashes", exe.replace("\\", "/"), {}, "C:\\Users\\u", ()),
            ("pythonpath", exe, {"PYTHONPATH": f"C:\\src;lib\\x;;..\\up;{root}\\Lib"}, "C:\\Users\\u\\proj", ()),
            ("pythonpath-E", exe, {"PYTHONPATH": "C:\\src"}, "C:\\Users\\u", ("-E",)),
            ("pythonpath-I", exe, {"PYTHONPATH": "C:\\src"}, "C:\\Users\\u", ("-I",)),
        ]
        for vname, argv0, env, cwd, opts in runs:
            add(f"{rname}-{vname}", argv0, disk, exe=exe, library=dll, env=env, cwd=cwd, opts=opts)
            if vname in ("abs", "bare-on-path"):
                # GetModuleFileNameW in other case; no DLL reported (static or not asked)
                add(f"{rname}-{vname}-exe-lower", argv0, disk, exe=exe.lower(), library=dll.lower(), env=env, cwd=cwd)
                add(f"{rname}-{vname}-no-library", argv0, disk, exe=exe, library=None, env=env, cwd=cwd)
        # pieces missing
        add(f"{rname}-no-dlls", exe, nt_install(root, nodot, dlls=False), exe=exe, library=dll)
        add(f"{rname}-no-lib", exe, nt_install(root, nodot, lib=False), exe=exe, library=dll)
        add(f"{rname}-no-lib-no-dlls", exe, nt_install(root, nodot, lib=False, dlls=False), exe=exe, library=dll)
        add(f"{rname}-os-pyc-only", exe, nt_install(root, nodot, pyc_only=True), exe=exe, library=dll)
        add(f"{rname}-zip-and-lib", exe, nt_install(root, nodot, zipfile=True), exe=exe, library=dll)
        add(f"{rname}-dlls-above", exe, _merge(nt_install(root, nodot, dlls=False),
                                              {"dirs": [f"{parent.rstrip(chr(92))}\\DLLs"]}), exe=exe, library=dll)
        add(f"{rname}-lib-above", exe, _merge(nt_install(root, nodot, lib=False),
                                             {"files": {f"{parent.rstrip(chr(92))}\\Lib\\os.py": ""}}),
            exe=exe, library=dll)
        # the DLL somewhere else (an application embedding a central install)
        add(f"{rname}-app-embeds-dll", "C:\\App\\app.exe", _merge(disk, {"files": {"C:\\App\\app.exe": ""}}),
            exe="C:\\App\\app.exe", library=dll)
        add(f"{rname}-app-beside-dll", f"{root}\\Scripts\\tool.exe",
            _merge(disk, {"files": {f"{root}\\Scripts\\tool.exe": ""}}), exe=f"{root}\\Scripts\\tool.exe", library=dll)

    # -- PYTHONHOME -------------------------------------------------------------------------
    root = f"C:\\Python{nodot}"
    exe, dll = f"{root}\\python.exe", f"{root}\\python{nodot}.dll"
    both = _merge(nt_install(root, nodot), nt_install("D:\\alt", nodot))
    for vname, value in [("other", "D:\\alt"), ("two-parts", "D:\\alt;C:\\Python" + nodot),
                         ("trailing-sep", "D:\\alt\\"), ("forward", "D:/alt"), ("relative", "..\\alt"),
                         ("missing", "E:\\nowhere"), ("lower", "d:\\ALT"), ("same", root),
                         ("empty-exec-part", "D:\\alt;"), ("empty", "")]:
        add(f"pythonhome-{vname}", exe, both, exe=exe, library=dll, env={"PYTHONHOME": value}, cwd="D:\\work")
    add("pythonhome-E", exe, both, exe=exe, library=dll, env={"PYTHONHOME": "D:\\alt"}, opts=("-E",))
    add("pythonhome-I", exe, both, exe=exe, library=dll, env={"PYTHONHOME": "D:\\alt"}, opts=("-I",))

    # -- venvs: Scripts\python.exe is a launcher; the base python.exe runs --------------------
    def venv(cfg: str | None, where: str = "C:\\Users\\u\\proj\\.venv", cfg_in_scripts: bool = False,
             base: dict[str, Any] | None = None) -> dict[str, Any]:
        files = {f"{where}\\Scripts\\python.exe": "", f"{where}\\Scripts\\pythonw.exe": ""}
        if cfg is not None:
            files[f"{where}\\Scripts\\pyvenv.cfg" if cfg_in_scripts else f"{where}\\pyvenv.cfg"] = cfg
        return _merge(base or nt_install(root, nodot), {"files": files, "dirs": [f"{where}\\Lib\\site-packages"]})

    venv_exe = "C:\\Users\\u\\proj\\.venv\\Scripts\\python.exe"
    good = f"home = {root}\ninclude-system-site-packages = false\nversion = {version}\n"
    cfgs = {
        "good": good,
        "home-trailing-sep": f"home = {root}\\\n",
        "home-lower": f"home = {root.lower()}\n",
        "home-forward": f"home = {root.replace(chr(92), '/')}\n",
        "home-nospace": f"home={root}\n",
        "home-upper-key": f"HOME = {root}\n",
        "crlf": f"home = {root}\r\ninclude-system-site-packages = true\r\n",
        "no-home": "include-system-site-packages = false\n",
        "home-nowhere": "home = E:\\gone\n",
        "comment-first": f"# made by hand\nhome = {root}\n",
        "executable-key": f"home = {root}\nexecutable = {exe}\ncommand = {exe} -m venv C:\\x\n",
    }
    for cname, cfg in cfgs.items():
        add(f"venv-launcher-{cname}", venv_exe, venv(cfg), exe=exe, library=dll,
            env={"__PYVENV_LAUNCHER__": venv_exe})
    add("venv-launcher-relative-argv0", ".venv\\Scripts\\python", venv(good), exe=exe, library=dll,
        env={"__PYVENV_LAUNCHER__": venv_exe}, cwd="C:\\Users\\u\\proj")
    add("venv-launcher-cfg-in-scripts", venv_exe, venv(good, cfg_in_scripts=True), exe=exe, library=dll,
        env={"__PYVENV_LAUNCHER__": venv_exe})
    add("venv-launcher-no-cfg", venv_exe, venv(None), exe=exe, library=dll, env={"__PYVENV_LAUNCHER__": venv_exe})
    add("venv-launcher-pythonhome", venv_exe, _merge(venv(good), nt_install("D:\\alt", nodot)), exe=exe, library=dll,
        env={"__PYVENV_LAUNCHER__": venv_exe, "PYTHONHOME": "D:\\alt"})
    add("venv-launcher-E", venv_exe, venv(good), exe=exe, library=dll, env={"__PYVENV_LAUNCHER__": venv_exe},
        opts=("-E",))
    add("venv-launcher-pythonpath", venv_exe, venv(good), exe=exe, library=dll,
        env={"__PYVENV_LAUNCHER__": venv_exe, "PYTHONPATH": "C:\\src"})
    add("venv-launcher-pythonw", "C:\\Users\\u\\proj\\.venv\\Scripts\\pythonw.exe", venv(good),
        exe=f"{root}\\pythonw.exe", library=dll,
        env={"__PYVENV_LAUNCHER__": "C:\\Users\\u\\proj\\.venv\\Scripts\\pythonw.exe"})
    user_root = f"C:\\Users\\u\\AppData\\Local\\Programs\\Python\\Python{nodot}"
    add("venv-launcher-user-install", venv_exe,
        venv(f"home = {user_root}\n", base=nt_install(user_root, nodot)),
        exe=f"{user_root}\\python.exe", library=f"{user_root}\\python{nodot}.dll",
        env={"__PYVENV_LAUNCHER__": venv_exe})
    add("venv-launcher-no-dlls", venv_exe, venv(good, base=nt_install(root, nodot, dlls=False)), exe=exe,
        library=dll, env={"__PYVENV_LAUNCHER__": venv_exe})
    # an old-style venv whose Scripts\python.exe is a full copy (no launcher)
    for cname in ("good", "no-home", "home-nowhere"):
        add(f"venv-copy-{cname}", venv_exe, venv(cfgs[cname]), exe=venv_exe, library=dll)
    add("venv-copy-with-dll", venv_exe,
        _merge(venv(good), {"files": {f"C:\\Users\\u\\proj\\.venv\\Scripts\\python{nodot}.dll": ""}}),
        exe=venv_exe, library=f"C:\\Users\\u\\proj\\.venv\\Scripts\\python{nodot}.dll")

    # -- registry ---------------------------------------------------------------------------
    reg = f"SOFTWARE\\Python\\PythonCore\\{xy}\\PythonPath"
    regs: dict[str, dict[str, str]] = {
        "hklm-default": {f"HKLM\\{reg}": "D:\\stdlib\\Lib;D:\\stdlib\\DLLs"},
        "hkcu-default": {f"HKCU\\{reg}": "D:\\stdlib\\Lib"},
        "both-defaults": {f"HKCU\\{reg}": "D:\\user\\Lib", f"HKLM\\{reg}": "D:\\stdlib\\Lib"},
        "subkeys": {f"HKLM\\{reg}\\PythonWin": "D:\\pw;D:\\pw\\lib", f"HKLM\\{reg}\\Win32": "D:\\w32",
                    f"HKCU\\{reg}\\mine": "D:\\mine", f"HKLM\\{reg}": "D:\\stdlib\\Lib"},
        "subkey-no-value": {f"HKLM\\{reg}\\Empty\\Below": "x", f"HKLM\\{reg}": "D:\\stdlib\\Lib"},
        "key-case": {f"hklm\\{reg.lower()}": "D:\\stdlib\\Lib", f"HKLM\\{reg}\\ZZZ": "D:\\z",
                     f"HKLM\\{reg}\\aaa": "D:\\a"},
        "other-version": {"HKLM\\SOFTWARE\\Python\\PythonCore\\2.7\\PythonPath": "D:\\py27\\Lib"},
        "trailing-delim": {f"HKLM\\{reg}": "D:\\stdlib\\Lib;"},
    }
    stdlib_elsewhere = {"files": {"D:\\stdlib\\Lib\\os.py": "", "D:\\stdlib\\Lib\\encodings\\__init__.py": ""}}
    for gname, registry in regs.items():
        add(f"registry-{gname}", exe, _merge(nt_install(root, nodot, lib=False), stdlib_elsewhere), exe=exe,
            library=dll, registry=registry)
        add(f"registry-{gname}-with-lib", exe, nt_install(root, nodot), exe=exe, library=dll, registry=registry)
    add("registry-E", exe, _merge(nt_install(root, nodot, lib=False), stdlib_elsewhere), exe=exe, library=dll,
        registry=regs["subkeys"], opts=("-E",))
    add("registry-pythonhome", exe, _merge(nt_install(root, nodot, lib=False), nt_install("D:\\alt", nodot)),
        exe=exe, library=dll, registry=regs["subkeys"], env={"PYTHONHOME": "D:\\alt"})
    add("registry-winver-32", exe, _merge(nt_install(root, nodot, lib=False), stdlib_elsewhere), exe=exe,
        library=dll, build={"pywinver": f"{xy}-32"},
        registry={f"HKLM\\SOFTWARE\\Python\\PythonCore\\{xy}-32\\PythonPath": "D:\\stdlib\\Lib",
                  f"HKLM\\{reg}": "D:\\wrong"})
    add("registry-venv", venv_exe, _merge(venv(good, base=nt_install(root, nodot, lib=False)), stdlib_elsewhere),
        exe=exe, library=dll, registry=regs["subkeys"], env={"__PYVENV_LAUNCHER__": venv_exe})

    # -- embeddable distribution with ._pth ----------------------------------------------------
    emb = "C:\\apps\\myapp\\python"

    def embeddable(pth: str | None, pth_name: str = f"python{nodot}._pth", extra: dict[str, Any] | None = None
                   ) -> dict[str, Any]:
        files = {f"{emb}\\python.exe": "", f"{emb}\\pythonw.exe": "", f"{emb}\\python{nodot}.dll": "",
                 f"{emb}\\python3.dll": "", f"{emb}\\python{nodot}.zip": "PK", f"{emb}\\_socket.pyd": "",
                 f"{emb}\\select.pyd": ""}
        if pth is not None:
            files[f"{emb}\\{pth_name}"] = pth
        return _merge({"files": files}, extra or {})

    eexe, edll = f"{emb}\\python.exe", f"{emb}\\python{nodot}.dll"
    shipped = f"python{nodot}.zip\n.\n\n# Uncomment to run site.main() automatically\n#import site\n"
    pths = {
        "shipped": shipped,
        "import-site": f"python{nodot}.zip\n.\nimport site\n",
        "relative-lines": f"python{nodot}.zip\n.\n..\\app\n..\\..\\shared\\lib\nLib\\site-packages\nimport site\n",
        "absolute-line": f"python{nodot}.zip\n.\nD:\\extra\nimport site\n",
        "comments-blank": f"# top\n\n   python{nodot}.zip   # the stdlib\n\t.\t\n#import site\n   import site   \n",
        "crlf": f"python{nodot}.zip\r\n.\r\nimport site\r\n",
        "import-other": f"python{nodot}.zip\n.\nimport sitecustomize\nimport site\n",
        "forward-slashes": f"python{nodot}.zip\n./sub/dir\n../up\n",
        "empty": "",
        "only-comments": "# nothing\n",
        "dotdot-stdlib": "..\\Lib\n..\\DLLs\n",
    }
    for pname, pth in pths.items():
        add(f"embeddable-{pname}", eexe, embeddable(pth), exe=eexe, library=edll)
    add("embeddable-no-pth", eexe, embeddable(None), exe=eexe, library=edll)
    add("embeddable-python-pth", eexe, embeddable(shipped, "python._pth"), exe=eexe, library=edll)
    add("embeddable-both-pth", eexe,
        embeddable(f"python{nodot}.zip\n", extra={"files": {f"{emb}\\python._pth": "exe-side\n"}}),
        exe=eexe, library=edll)
    add("embeddable-pth-beside-exe-only", eexe, embeddable("dll-side\n", "python._pth"), exe=eexe, library=None)
    add("embeddable-pythonhome-ignored", eexe, embeddable(pths["import-site"]), exe=eexe, library=edll,
        env={"PYTHONHOME": "D:\\alt", "PYTHONPATH": "D:\\pp"})
    add("embeddable-bare-name", "python", embeddable(shipped), exe=eexe, library=edll, env={"PATH": emb})
    add("embeddable-renamed-exe", f"{emb}\\myapp.exe",
        embeddable(None, extra={"files": {f"{emb}\\myapp.exe": "", f"{emb}\\myapp._pth": f"python{nodot}.zip\n.\n"}}),
        exe=f"{emb}\\myapp.exe", library=edll)
    add("embeddable-pth-upper-case", eexe, embeddable(shipped, f"PYTHON{nodot}._PTH"), exe=eexe, library=edll)
    add("embeddable-pth-is-directory", eexe, embeddable(None, extra={"dirs": [f"{emb}\\python{nodot}._pth"]}),
        exe=eexe, library=edll)
    add("embeddable-app-exe", "C:\\apps\\myapp\\myapp.exe",
        embeddable(shipped, extra={"files": {"C:\\apps\\myapp\\myapp.exe": ""}}),
        exe="C:\\apps\\myapp\\myapp.exe", library=edll)
    add("embeddable-debug", f"{emb}\\python_d.exe",
        {"files": {f"{emb}\\python_d.exe": "", f"{emb}\\python{nodot}_d.dll": "", f"{emb}\\python{nodot}_d.zip": "PK",
                   f"{emb}\\python{nodot}_d._pth": f"python{nodot}_d.zip\n.\n"}},
        exe=f"{emb}\\python_d.exe", library=f"{emb}\\python{nodot}_d.dll", build={"debug_ext": "_d"})

    # -- PCbuild trees --------------------------------------------------------------------------
    src = "C:\\src\\cpython"
    for arch in ("amd64", "win32", "arm64"):
        bdir = f"{src}\\PCbuild\\{arch}"
        tree = {"files": {f"{bdir}\\python.exe": "", f"{bdir}\\python{nodot}.dll": "", f"{bdir}\\_socket.pyd": "",
                          f"{src}\\Lib\\os.py": "", f"{src}\\Lib\\encodings\\__init__.py": "",
                          f"{src}\\Modules\\Setup.local": ""}}
        add(f"pcbuild-{arch}-landmark", f"{bdir}\\python.exe", tree, exe=f"{bdir}\\python.exe",
            library=f"{bdir}\\python{nodot}.dll")
    bdir = f"{src}\\PCbuild\\amd64"
    tree = {"files": {f"{bdir}\\python.exe": "", f"{bdir}\\python{nodot}.dll": "", f"{src}\\Lib\\os.py": "",
                      f"{src}\\Lib\\encodings\\__init__.py": ""}}
    for tname, text in [("empty", ""), ("dot", ".\n"), ("sub", "ext\n"), ("crlf", "ext\r\n")]:
        add(f"pcbuild-pybuilddir-{tname}", f"{bdir}\\python.exe",
            _merge(tree, {"files": {f"{bdir}\\pybuilddir.txt": text}}), exe=f"{bdir}\\python.exe",
            library=f"{bdir}\\python{nodot}.dll")
    add("pcbuild-no-landmark", f"{bdir}\\python.exe", tree, exe=f"{bdir}\\python.exe",
        library=f"{bdir}\\python{nodot}.dll")
    add("pcbuild-debug", f"{bdir}\\python_d.exe",
        _merge(tree, {"files": {f"{bdir}\\python_d.exe": "", f"{bdir}\\python{nodot}_d.dll": "",
                                f"{src}\\Modules\\Setup.local": ""}}),
        exe=f"{bdir}\\python_d.exe", library=f"{bdir}\\python{nodot}_d.dll", build={"debug_ext": "_d"})
    add("pcbuild-pythonhome", f"{bdir}\\python.exe",
        _merge(tree, {"files": {f"{src}\\Modules\\Setup.local": ""}}), exe=f"{bdir}\\python.exe",
        library=f"{bdir}\\python{nodot}.dll", env={"PYTHONHOME": src})
    add("pcbuild-venv", venv_exe,
        _merge(tree, {"files": {f"{src}\\Modules\\Setup.local": "", venv_exe: "",
                                "C:\\Users\\u\\proj\\.venv\\pyvenv.cfg": f"home = {bdir}\n"}}),
        exe=f"{bdir}\\python.exe", library=f"{bdir}\\python{nodot}.dll", env={"__PYVENV_LAUNCHER__": venv_exe})
    add("pcbuild-vpath", f"{src}\\out\\bin\\python.exe",
        {"files": {f"{src}\\out\\bin\\python.exe": "", f"{src}\\Lib\\os.py": "",
                   f"{src}\\Modules\\Setup.local": ""}},
        exe=f"{src}\\out\\bin\\python.exe", library=None, build={"vpath": "..\\.."})

    # -- other installs ----------------------------------------------------------------------------
    add("debug-install", f"{root}\\python_d.exe",
        _merge(nt_install(root, nodot, debug="_d", exe="python_d.exe"), {"files": {f"{root}\\python{nodot}_d.zip": "PK"}}),
        exe=f"{root}\\python_d.exe", library=f"{root}\\python{nodot}_d.dll", build={"debug_ext": "_d"})
    add("store-like-alias", "python3.exe",
        _merge(nt_install(root, nodot), {"files": {"C:\\Users\\u\\AppData\\Local\\Microsoft\\WindowsApps\\python3.exe": ""}}),
        exe=exe, library=dll, env={"PATH": "C:\\Users\\u\\AppData\\Local\\Microsoft\\WindowsApps"})
    add("pythonexecutable-ignored-on-nt", exe, nt_install(root, nodot), exe=exe, library=dll,
        env={"PYTHONEXECUTABLE": "C:\\x\\python.exe"})
    add("cwd-other-drive", "python", nt_install(root, nodot), exe=exe, library=dll, env={"PATH": root},
        cwd="E:\\data")
    add("build-pythonpath-macro", exe, nt_install(root, nodot), exe=exe, library=dll,
        build={"pythonpath": ".\\DLLs;.\\lib;D:\\abs"})
    add("platlibdir-env-ignored", exe, nt_install(root, nodot), exe=exe, library=dll,
        env={"PYTHONPLATLIBDIR": "lib64"})
    # Windows builds compile getpath.c with PREFIX=NULL and EXEC_PREFIX=NULL (pythoncore.vcxproj):
    # a world says so with an empty build prefix.
    null = {"prefix": ""}
    add("null-prefix-install", exe, nt_install(root, nodot), exe=exe, library=dll, build=null)
    add("null-prefix-no-lib", exe, nt_install(root, nodot, lib=False), exe=exe, library=dll, build=null)
    add("null-prefix-no-lib-no-dlls", exe, nt_install(root, nodot, lib=False, dlls=False), exe=exe, library=dll,
        build=null, cwd="D:\\work")
    add("null-prefix-venv", venv_exe, venv(good), exe=exe, library=dll, env={"__PYVENV_LAUNCHER__": venv_exe},
        build=null)
    add("null-prefix-registry", exe, _merge(nt_install(root, nodot, lib=False), stdlib_elsewhere), exe=exe,
        library=dll, registry=regs["hklm-default"], build=null)
    # Issue 11, item 5: the stdlib found only through the registry, and HKCU's PythonPath
    # key holding only a subkey.  winreg.QueryValue(key, None) reads a default value that
    # was never set as '' (RegQueryValueW's rule; 3.12's RegQueryValueExW version keeps
    # it, gh-102344), and getpath.py extends the path with ''.split(';'): an '' entry
    # after C:\extra, which the frozen getpath gives too.
    hkcu_subkey_only = {f"HKLM\\{reg}": "Lib;DLLs", f"HKCU\\{reg}\\Extra": "C:\\extra"}
    for pname, bld in (("null-prefix", null), ("prefix", None)):
        add(f"registry-hkcu-subkey-only-{pname}", exe, nt_install(root, nodot, lib=False, dlls=False),
            exe=exe, library=dll, registry=hkcu_subkey_only, build=bld)
    add("registry-hkcu-subkey-only-absolute", exe,
        _merge(nt_install(root, nodot, lib=False, dlls=False), stdlib_elsewhere), exe=exe, library=dll,
        registry={f"HKLM\\{reg}": "D:\\stdlib\\Lib;D:\\stdlib\\DLLs", f"HKCU\\{reg}\\Extra": "C:\\extra"},
        build=null)
    add("registry-hkcu-subkey-only-with-home", exe, nt_install(root, nodot, lib=False, dlls=False),
        exe=exe, library=dll, registry=hkcu_subkey_only, env={"PYTHONHOME": "D:\\stdlib"}, build=null)
    add("no-executable-known", "python", nt_install(root, nodot), exe=None, library=dll, env={"PATH": root})
    add("nothing-known", "python", nt_install(root, nodot), exe=None, library=None, env={})
    return out


# ---------------------------------------------------------------------------------------
# macOS
# ---------------------------------------------------------------------------------------


def framework(root: str, xy: str, *, name: str = "Python", stdlib: bool = True) -> dict[str, Any]:
    """``<root>/<name>.framework/Versions/X.Y`` as the python.org installer lays it out."""
    fw = f"{root}/{name}.framework/Versions/{xy}"
    files = {f"{fw}/{name}": "", f"{fw}/Resources/Info.plist": ""}
    dirs = [f"{fw}/lib/python{xy}/site-packages"]
    if stdlib:
        files[f"{fw}/lib/python{xy}/os.py"] = ""
        files[f"{fw}/lib/python{xy}/encodings/__init__.py"] = ""
        dirs.append(f"{fw}/lib/python{xy}/lib-dynload")
    return {
        "files": files, "dirs": dirs,
        "executables": [f"{fw}/bin/python{xy}", f"{fw}/Resources/Python.app/Contents/MacOS/{name}"],
        "symlinks": {f"{fw}/bin/python3": f"python{xy}", f"{root}/{name}.framework/Versions/Current": xy},
    }


def posix_install(prefix: str, xy: str) -> dict[str, Any]:
    lib = f"{prefix}/lib/python{xy}"
    return {"files": {f"{lib}/os.py": "", f"{lib}/encodings/__init__.py": ""},
            "dirs": [f"{lib}/lib-dynload", f"{lib}/site-packages"],
            "executables": [f"{prefix}/bin/python{xy}"],
            "symlinks": {f"{prefix}/bin/python3": f"python{xy}"}}


def darwin_broad(version: str) -> list[tuple[str, World]]:
    xy = ".".join(version.split(".")[:2])
    out: list[tuple[str, World]] = []

    def add(name: str, argv0: str, disk: dict[str, Any], *, exe: str | None, library: str | None = None,
            env: dict[str, str] | None = None, cwd: str = "/Users/u", opts: tuple[str, ...] = (),
            build: dict[str, Any] | None = None) -> None:
        w: World = {"version": version, "platform": "darwin", "argv": [argv0, *opts, "-c", "pass"],
                    "cwd": cwd, "env": env or {}, "build": {"prefix": "/usr/local", **(build or {})},
                    **_merge(disk, {"dirs": [cwd]})}
        if exe:
            w["executable"] = exe
        if library:
            w["library"] = library
        out.append((f"{version}:macb-{name}", w))

    # -- python.org framework ----------------------------------------------------------------
    def fw_cases(tag: str, froot: str, name: str, build_prefix: str) -> None:
        fw = f"{froot}/{name}.framework/Versions/{xy}"
        app = f"{fw}/Resources/Python.app/Contents/MacOS/{name}"
        lib = f"{fw}/{name}"
        stub = f"{fw}/bin/python{xy}"
        disk = framework(froot, xy, name=name)
        b = {"prefix": build_prefix, "framework": True}
        # through the bin stub: argv[0] is the app binary, the stub's path in __PYVENV_LAUNCHER__
        add(f"{tag}-stub", app, disk, exe=app, library=lib, env={"__PYVENV_LAUNCHER__": stub}, build=b)
        add(f"{tag}-stub-python3-link", app, disk, exe=app, library=lib,
            env={"__PYVENV_LAUNCHER__": f"{fw}/bin/python3"}, build=b)
        add(f"{tag}-stub-usr-local-link", app,
            _merge(disk, {"symlinks": {"/usr/local/bin/python3": f"{fw}/bin/python3"}}),
            exe=app, library=lib, env={"__PYVENV_LAUNCHER__": "/usr/local/bin/python3"}, build=b)
        add(f"{tag}-stub-pythonexecutable", app, disk, exe=app, library=lib,
            env={"__PYVENV_LAUNCHER__": stub, "PYTHONEXECUTABLE": "/Users/u/bin/mypython"}, build=b)
        add(f"{tag}-stub-pythonhome", app, _merge(disk, posix_install("/opt/alt", xy)), exe=app, library=lib,
            env={"__PYVENV_LAUNCHER__": stub, "PYTHONHOME": "/opt/alt"}, build=b)
        add(f"{tag}-stub-pythonpath", app, disk, exe=app, library=lib,
            env={"__PYVENV_LAUNCHER__": stub, "PYTHONPATH": "/Users/u/src:rel"}, build=b)
        add(f"{tag}-stub-I", app, disk, exe=app, library=lib, env={"__PYVENV_LAUNCHER__": stub}, opts=("-I",), build=b)
        # the app binary run directly, and the stub "run" without its re-exec
        add(f"{tag}-app-direct", app, disk, exe=app, library=lib, build=b)
        add(f"{tag}-app-bare-name", name, disk, exe=app, library=lib, env={"PATH": "/usr/bin"}, build=b)
        add(f"{tag}-stub-no-reexec", stub, disk, exe=stub, library=lib, build=b)
        add(f"{tag}-no-library", app, disk, exe=app, library=None, env={"__PYVENV_LAUNCHER__": stub}, build=b)
        add(f"{tag}-stdlib-missing", app, framework(froot, xy, name=name, stdlib=False), exe=app, library=lib,
            env={"__PYVENV_LAUNCHER__": stub}, build=b)
        add(f"{tag}-zip", app, _merge(disk, {"files": {f"{fw}/lib/python{xy.replace('.', '')}.zip": "PK"}}),
            exe=app, library=lib, env={"__PYVENV_LAUNCHER__": stub}, build=b)
        # a venv made from the framework: venv/bin/python -> the stub
        venv = _merge(disk, {"files": {"/Users/u/venv/pyvenv.cfg": f"home = {fw}/bin\ninclude-system-site-packages = false\n"},
                             "symlinks": {"/Users/u/venv/bin/python": stub, "/Users/u/venv/bin/python3": "python",
                                          f"/Users/u/venv/bin/python{xy}": "python"},
                             "dirs": [f"/Users/u/venv/lib/python{xy}/site-packages"]})
        for vname in ("python", "python3", f"python{xy}"):
            add(f"{tag}-venv-{vname}", app, venv, exe=app, library=lib,
                env={"__PYVENV_LAUNCHER__": f"/Users/u/venv/bin/{vname}"}, build=b)
        add(f"{tag}-venv-copies", app,
            _merge(disk, {"files": {"/Users/u/venv/pyvenv.cfg": f"home = {fw}/bin\n"},
                          "executables": ["/Users/u/venv/bin/python"]}),
            exe=app, library=lib, env={"__PYVENV_LAUNCHER__": "/Users/u/venv/bin/python"}, build=b)
        add(f"{tag}-venv-pythonhome", app, _merge(venv, posix_install("/opt/alt", xy)), exe=app, library=lib,
            env={"__PYVENV_LAUNCHER__": "/Users/u/venv/bin/python", "PYTHONHOME": "/opt/alt"}, build=b)
        add(f"{tag}-venv-E", app, venv, exe=app, library=lib,
            env={"__PYVENV_LAUNCHER__": "/Users/u/venv/bin/python"}, opts=("-E",), build=b)

    fw_cases("fw", "/Library/Frameworks", "Python", f"/Library/Frameworks/Python.framework/Versions/{xy}")
    fw_cases("fw-debug-name", "/Library/Frameworks", "DebugPython",
             f"/Library/Frameworks/DebugPython.framework/Versions/{xy}")
    fw_cases("fw-user", "/Users/u/Library/Frameworks", "Python",
             f"/Library/Frameworks/Python.framework/Versions/{xy}")
    fw_cases("fw-relocated", "/Applications/Tool.app/Contents/Frameworks", "Python",
             f"/Library/Frameworks/Python.framework/Versions/{xy}")

    # -- Homebrew: a framework build inside the Cellar, reached through symlinks -------------------
    for hb in ("/opt/homebrew", "/usr/local"):
        ver = version
        cellar = f"{hb}/Cellar/python@{xy}/{ver}"
        froot = f"{cellar}/Frameworks"
        fw = f"{froot}/Python.framework/Versions/{xy}"
        app = f"{fw}/Resources/Python.app/Contents/MacOS/Python"
        lib = f"{fw}/Python"
        disk = _merge(framework(froot, xy), {"symlinks": {
            f"{hb}/opt/python@{xy}": f"../Cellar/python@{xy}/{ver}",
            f"{cellar}/bin/python{xy}": f"../Frameworks/Python.framework/Versions/{xy}/bin/python{xy}",
            f"{cellar}/bin/python3": f"../Frameworks/Python.framework/Versions/{xy}/bin/python3",
            f"{hb}/bin/python{xy}": f"../Cellar/python@{xy}/{ver}/bin/python{xy}",
            f"{hb}/bin/python3": f"../Cellar/python@{xy}/{ver}/bin/python3",
        }})
        b = {"prefix": f"{hb}/opt/python@{xy}/Frameworks/Python.framework/Versions/{xy}", "framework": True}
        tag = "brew-arm" if hb == "/opt/homebrew" else "brew-intel"
        add(f"{tag}-bin-link", app, disk, exe=app, library=lib, env={"__PYVENV_LAUNCHER__": f"{hb}/bin/python{xy}"}, build=b)
        add(f"{tag}-bin-python3", app, disk, exe=app, library=lib, env={"__PYVENV_LAUNCHER__": f"{hb}/bin/python3"}, build=b)
        add(f"{tag}-opt-path", app, disk, exe=app, library=f"{hb}/opt/python@{xy}/Frameworks/Python.framework/Versions/{xy}/Python",
            env={"__PYVENV_LAUNCHER__": f"{hb}/opt/python@{xy}/bin/python{xy}"}, build=b)
        venv = _merge(disk, {"files": {"/Users/u/venv/pyvenv.cfg": f"home = {hb}/opt/python@{xy}/bin\n"},
                             "symlinks": {"/Users/u/venv/bin/python": f"{hb}/opt/python@{xy}/bin/python{xy}"}})
        add(f"{tag}-venv", app, venv, exe=app, library=lib, env={"__PYVENV_LAUNCHER__": "/Users/u/venv/bin/python"}, build=b)
        # a non-framework Homebrew-style Cellar (e.g. a custom tap): bin/pythonX.Y linked into hb/bin
        nf = f"{hb}/Cellar/pyplain/{ver}"
        nfdisk = _merge(posix_install(nf, xy), {"symlinks": {
            f"{hb}/bin/python{xy}": f"../Cellar/pyplain/{ver}/bin/python{xy}",
            f"{hb}/opt/pyplain": f"../Cellar/pyplain/{ver}"}})
        nb = {"prefix": f"{hb}/opt/pyplain"}
        add(f"{tag}-plain-link", f"{hb}/bin/python{xy}", nfdisk, exe=f"{hb}/bin/python{xy}", build=nb)
        add(f"{tag}-plain-bare", f"python{xy}", nfdisk, exe=f"{hb}/bin/python{xy}", env={"PATH": f"/usr/bin:{hb}/bin"}, build=nb)
        add(f"{tag}-plain-cellar", f"{nf}/bin/python{xy}", nfdisk, exe=f"{nf}/bin/python{xy}", build=nb)
        nvenv = _merge(nfdisk, {"files": {"/Users/u/venv/pyvenv.cfg": f"home = {hb}/bin\n"},
                                "symlinks": {"/Users/u/venv/bin/python": f"{hb}/bin/python{xy}"}})
        add(f"{tag}-plain-venv", "/Users/u/venv/bin/python", nvenv, exe="/Users/u/venv/bin/python", build=nb)

    # -- plain /usr/local build ---------------------------------------------------------------------
    ul = posix_install("/usr/local", xy)
    for vname, argv0, exe, env, cwd in [
        ("abs", f"/usr/local/bin/python{xy}", f"/usr/local/bin/python{xy}", {}, "/Users/u"),
        ("link", "/usr/local/bin/python3", "/usr/local/bin/python3", {}, "/Users/u"),
        ("bare", "python3", "/usr/local/bin/python3", {"PATH": "/usr/bin:/usr/local/bin"}, "/Users/u"),
        ("bare-no-path", "python3", "/usr/local/bin/python3", {}, "/Users/u"),
        ("relative", "bin/python3", "/usr/local/bin/python3", {}, "/usr/local"),
        ("os-other-than-argv", "/somewhere/python3", "/usr/local/bin/python3", {}, "/Users/u"),
        ("pythonexecutable", "/usr/local/bin/python3", "/usr/local/bin/python3", {"PYTHONEXECUTABLE": "/x/py"}, "/"),
        ("launcher", "/usr/local/bin/python3", "/usr/local/bin/python3", {"__PYVENV_LAUNCHER__": "/v/bin/python"}, "/"),
    ]:
        add(f"usr-local-{vname}", argv0, ul, exe=exe, env=env, cwd=cwd)
    venv = _merge(ul, {"files": {"/Users/u/venv/pyvenv.cfg": "home = /usr/local/bin\n"},
                       "symlinks": {"/Users/u/venv/bin/python": f"/usr/local/bin/python{xy}"}})
    add("usr-local-venv", "/Users/u/venv/bin/python", venv, exe="/Users/u/venv/bin/python")
    add("usr-local-venv-bare", "python", venv, exe="/Users/u/venv/bin/python", env={"PATH": "/Users/u/venv/bin:/usr/bin"})
    add("usr-local-venv-copy", "/Users/u/venv/bin/python",
        _merge(ul, {"files": {"/Users/u/venv/pyvenv.cfg": "home = /usr/local/bin\n"},
                    "executables": ["/Users/u/venv/bin/python"]}), exe="/Users/u/venv/bin/python")
    add("usr-local-pth", "/usr/local/bin/python3",
        _merge(ul, {"files": {f"/usr/local/bin/python{xy}._pth": f"../lib/python{xy}\nimport site\n"}}),
        exe="/usr/local/bin/python3")
    add("usr-local-build-tree", "/Users/u/cpython/python.exe",
        {"files": {"/Users/u/cpython/Lib/os.py": "", "/Users/u/cpython/Lib/encodings/__init__.py": "",
                   "/Users/u/cpython/pybuilddir.txt": f"build/lib.macosx-14-arm64-{xy}"},
         "executables": ["/Users/u/cpython/python.exe"]}, exe="/Users/u/cpython/python.exe",
        build={"exe_suffix": ".exe"})
    return out


ALL: list[Callable[[str], list[tuple[str, World]]]] = [windows_broad, darwin_broad]
