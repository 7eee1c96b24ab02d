"""Worlds for the site.py oracle: what site.py varies on, per platform.

Each generator takes the interpreter version whose site.py runs (``"3.12.1"``) and returns
``(name, world)`` pairs in the world-file format (docs/worlds.md).  The layouts are the
usual installs of each platform -- python.org's Windows installer and embeddable zip,
macOS framework builds (python.org, Homebrew, a renamed framework), ``/usr/local`` and
``/opt`` builds, Debian's system python -- crossed with what ``site.py`` reads: venvs
(``include-system-site-packages``), the user site (``PYTHONUSERBASE``, ``APPDATA``,
``HOME``, ``USERPROFILE``, the password database, ``PYTHONNOUSERSITE``, ``-s``/``-I``/
``-E``/``-S``, differing uid/euid), ``.pth`` files (comments, blank lines, duplicates,
missing and relative directories, ``import`` lines that work or fail, CRLF, hidden
names, non-UTF-8 bytes, a directory named ``x.pth``) and sitecustomize/usercustomize.
Expectations are never written here: the oracle is the interpreter's own site.py.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

World = dict[str, Any]
Disk = dict[str, Any]

__all__ = ["GENERATORS", "darwin_site_worlds", "debian_site_worlds", "linux_site_worlds",
           "start_kit", "windows_site_worlds"]


def _xy(version: str) -> str:
    return ".".join(version.split(".")[:2])


def _vt(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def _b64(data: bytes) -> dict[str, str]:
    return {"base64": base64.b64encode(data).decode("ascii")}


def _merge(*parts: Disk) -> Disk:
    out: Disk = {"files": {}, "dirs": [], "executables": [], "symlinks": {}}
    for p in parts:
        out["files"].update(p.get("files", {}))
        out["dirs"] += [d for d in p.get("dirs", []) if d not in out["dirs"]]
        out["executables"] += [e for e in p.get("executables", []) if e not in out["executables"]]
        out["symlinks"].update(p.get("symlinks", {}))
    out["executables"] = [e for e in out["executables"]
                          if e not in out["symlinks"] and e not in out["files"]]
    return out


# ---------------------------------------------------------------------------------------
# .pth files and customize modules, in any site directory
# ---------------------------------------------------------------------------------------


def pth_kit(sitedir: str, nt: bool) -> Disk:
    """A set of ``.pth`` files exercising every kind of line site.py handles.

    The import lines only import modules that exist (``os``, ``sys``, a helper module in
    *sitedir*) or one that exists nowhere; nothing they run can change ``sys.path``.
    """
    s = "\\" if nt else "/"
    parent = sitedir.rsplit(s, 1)[0]
    other_root = "D:\\extra\\lib" if nt else "/srv/extra/lib"
    files: dict[str, Any] = {
        # sorted by name: "Upper.pth" < "a.pth" < "b.pth" < "crlf.pth" < "z.pth"
        f"{sitedir}{s}Upper.pth": "pkg_upper\n",
        f"{sitedir}{s}a.pth": (
            "# a comment\n\npkg_a\npkg_a\n   \nno_such_dir\n"
            f"..{s}outside\n{other_root}\nimport os\nimport\tsys\n"
            f"relative{s}deeper{s}\npkg_a{s}.{s}..{s}pkg_b\n"
            + ("fwd/slashes\n\\shared\\root_relative\n" if nt else "dot/./slashes//\n")
            + "a_file.txt\n"
        ),
        f"{sitedir}{s}b.pth": "pkg_b   \n\t\n#import nonexistent_mod_in_comment\nimport os, sys\nimport helper_mod\n",
        f"{sitedir}{s}crlf.pth": "pkg_crlf\r\nimport os\r\n\r\n",
        f"{sitedir}{s}z.pth": "pkg_z1\nimport nonexistent_mod_xyz\npkg_z2\n",
        f"{sitedir}{s}ignored.PTH": "pkg_ignored\n",
        f"{sitedir}{s}.hidden.pth": "pkg_hidden\n",
        f"{sitedir}{s}a_file.txt": "",
        f"{sitedir}{s}helper_mod.py": "",
    }
    dirs = [f"{sitedir}{s}{d}" for d in
            ("pkg_upper", "pkg_a", "pkg_b", "pkg_crlf", "pkg_z1", "pkg_z2",
             "pkg_ignored", "pkg_hidden", f"relative{s}deeper", "dir.pth")]
    dirs += [f"{parent}{s}outside", other_root]
    if nt:
        dirs += [f"{sitedir}\\fwd\\slashes", f"{sitedir[:2]}\\shared\\root_relative"]
    else:
        dirs += [f"{sitedir}/dot/slashes"]
    return {"files": files, "dirs": dirs}


def second_import_fails(sitedir: str, nt: bool) -> Disk:
    """A line of two import statements whose *second* import fails."""
    s = "\\" if nt else "/"
    return {"files": {f"{sitedir}{s}zz.pth": "pkg_zz1\nimport os; import nonexistent_mod_second\npkg_zz2\n"},
            "dirs": [f"{sitedir}{s}pkg_zz1", f"{sitedir}{s}pkg_zz2"]}


def user_pth(sitedir: str, nt: bool) -> Disk:
    s = "\\" if nt else "/"
    return {"files": {f"{sitedir}{s}user.pth": "user_pkg\nimport os\n"},
            "dirs": [f"{sitedir}{s}user_pkg"]}


def customize(sitedir: str, nt: bool, name: str = "sitecustomize", kind: str = "module") -> Disk:
    s = "\\" if nt else "/"
    if kind == "package":
        return {"files": {f"{sitedir}{s}{name}{s}__init__.py": ""}}
    if kind == "namespace":
        return {"dirs": [f"{sitedir}{s}{name}"]}
    if kind == "pyw":
        return {"files": {f"{sitedir}{s}{name}.pyw": ""}}
    return {"files": {f"{sitedir}{s}{name}.py": ""}}


# ---------------------------------------------------------------------------------------
# Linux (python.org-style builds; Debian below)
# ---------------------------------------------------------------------------------------


def _posix_install(prefix: str, xy: str, *, platlibdir: str = "lib", abi: str = "") -> Disk:
    lib = f"{prefix}/{platlibdir}/python{xy}{abi}"
    site_lib = f"{prefix}/{platlibdir}/python{xy}{abi}/site-packages"
    return {"files": {f"{lib}/os.py": "", f"{lib}/encodings/__init__.py": ""},
            "dirs": [f"{lib}/lib-dynload", site_lib],
            "executables": [f"{prefix}/bin/python{xy}"],
            "symlinks": {f"{prefix}/bin/python3": f"python{xy}"}}


def linux_site_worlds(version: str) -> list[tuple[str, World]]:
    xy = _xy(version)
    v = _vt(version)
    out: list[tuple[str, World]] = []
    prefix = "/opt/py"
    site = f"{prefix}/lib/python{xy}/site-packages"
    home = "/home/u"
    usite = f"{home}/.local/lib/python{xy}/site-packages"
    base = _posix_install(prefix, xy)
    exe = f"{prefix}/bin/python3"

    def add(name: str, disk: Disk, *, env: dict[str, str] | None = None, opts: tuple[str, ...] = (),
            argv0: str = exe, cwd: str = home, build: dict[str, Any] | None = None,
            home_env: bool = True, **extra: Any) -> None:
        w: World = {"version": version, "platform": "linux", "argv": [argv0, *opts, "-c", "pass"],
                    "cwd": cwd, "env": {**({"HOME": home} if home_env else {}), **(env or {})},
                    "build": {"prefix": prefix, **(build or {})}, **_merge(disk, {"dirs": [cwd]}),
                    **extra}
        out.append((f"linux-{name}", w))

    with_user = _merge(base, {"dirs": [usite]}, user_pth(usite, False))
    add("plain", base)
    add("usersite", with_user)
    add("usersite-S", with_user, opts=("-S",))
    add("usersite-s", with_user, opts=("-s",))
    add("usersite-I", with_user, opts=("-I",))
    add("usersite-E", with_user, opts=("-E",))
    add("usersite-nousersite-env", with_user, env={"PYTHONNOUSERSITE": "1"})
    add("usersite-nousersite-env-E", with_user, env={"PYTHONNOUSERSITE": "1"}, opts=("-E",))
    ub = f"/srv/ub/lib/python{xy}/site-packages"
    add("userbase-env", _merge(with_user, {"dirs": [ub]}), env={"PYTHONUSERBASE": "/srv/ub"})
    add("userbase-env-E", _merge(with_user, {"dirs": [ub]}), env={"PYTHONUSERBASE": "/srv/ub"}, opts=("-E",))
    add("userbase-env-empty", with_user, env={"PYTHONUSERBASE": ""})
    add("userbase-relative", _merge(base, {"dirs": [f"{home}/rel/lib/python{xy}/site-packages"]}),
        env={"PYTHONUSERBASE": "rel"})
    add("userbase-trailing-slash", _merge(base, {"dirs": [ub]}), env={"PYTHONUSERBASE": "/srv/ub/"})
    add("userbase-tilde", _merge(base, {"dirs": [f"{home}/~/ub/lib/python{xy}/site-packages"]}),
        env={"PYTHONUSERBASE": "~/ub"})
    add("home-unset-passwd", with_user, home_env=False, passwd_home=home)
    add("home-unset-no-passwd", _merge(base, {"dirs": [f"{home}/~/.local/lib/python{xy}/site-packages"]}),
        home_env=False)
    add("home-empty", _merge(base, {"dirs": [f"/.local/lib/python{xy}/site-packages"]}), env={"HOME": ""})
    add("home-trailing-slash", with_user, env={"HOME": home + "/"})
    add("uid-differs", with_user, uid=1000, euid=0, gid=1000, egid=1000)
    add("gid-differs", with_user, uid=1000, euid=1000, gid=1000, egid=50)
    add("ids-equal", with_user, uid=0, euid=0, gid=0, egid=0)

    venv = "/home/u/venv"
    vsite = f"{venv}/lib/python{xy}/site-packages"

    def venv_disk(cfg: str, *, in_bin: bool = False) -> Disk:
        where = f"{venv}/bin/pyvenv.cfg" if in_bin else f"{venv}/pyvenv.cfg"
        return _merge(with_user, {"files": {where: cfg}, "dirs": [vsite],
                                  "symlinks": {f"{venv}/bin/python": f"{prefix}/bin/python{xy}"}},
                      user_pth(vsite, False))

    for cname, cfg in [("false", f"home = {prefix}/bin\ninclude-system-site-packages = false\n"),
                       ("true", f"home = {prefix}/bin\ninclude-system-site-packages = true\n"),
                       ("True-capital", f"home = {prefix}/bin\ninclude-system-site-packages = True\n"),
                       ("yes", f"home = {prefix}/bin\ninclude-system-site-packages = yes\n"),
                       ("no-key", f"home = {prefix}/bin\n"),
                       ("odd-spacing", f"  HOME=  {prefix}/bin  \nInclude-System-Site-Packages=FALSE\n")]:
        add(f"venv-{cname}", venv_disk(cfg), argv0=f"{venv}/bin/python")
    add("venv-cfg-is-dir", _merge(with_user, {"dirs": [f"{venv}/pyvenv.cfg", vsite],
                                              "symlinks": {f"{venv}/bin/python": f"{prefix}/bin/python{xy}"}}),
        argv0=f"{venv}/bin/python")
    add("venv-cfg-invalid-utf8", _merge(with_user, {"files": {f"{venv}/pyvenv.cfg": _b64(b"home = /opt/py/bin\n# \xff\n")},
                                                    "dirs": [vsite],
                                                    "symlinks": {f"{venv}/bin/python": f"{prefix}/bin/python{xy}"}}),
        argv0=f"{venv}/bin/python")
    add("venv-cfg-in-bin", venv_disk(f"home = {prefix}/bin\n", in_bin=True), argv0=f"{venv}/bin/python")
    add("venv-false-I", venv_disk(f"home = {prefix}/bin\ninclude-system-site-packages = false\n"),
        argv0=f"{venv}/bin/python", opts=("-I",))
    add("venv-true-s", venv_disk(f"home = {prefix}/bin\ninclude-system-site-packages = true\n"),
        argv0=f"{venv}/bin/python", opts=("-s",))
    add("venv-true-pth", _merge(venv_disk(f"home = {prefix}/bin\ninclude-system-site-packages = true\n"),
                                pth_kit(vsite, False)), argv0=f"{venv}/bin/python")

    add("pth-kit", _merge(base, pth_kit(site, False)))
    add("pth-kit-usersite", _merge(with_user, pth_kit(usite, False)))
    add("pth-second-import-fails", _merge(base, second_import_fails(site, False)))
    add("pth-latin1-locale", _merge(base, {"files": {f"{site}/l1.pth": _b64(b"caf\xe9\nimport os\n")},
                                           "dirs": [f"{site}/caf\u00e9"]}),
        env={"LANG": "fr_FR.ISO-8859-1"})
    add("pth-invalid-utf8", _merge(base, {"files": {f"{site}/bad.pth": _b64(b"ok_dir\n\xff\xfe\n")},
                                          "dirs": [f"{site}/ok_dir"]}), env={"LANG": "C.UTF-8"})
    add("pth-dangling-link", _merge(base, {"symlinks": {f"{site}/dangling.pth": "/nowhere/x.pth",
                                                        f"{site}/linked.pth": "/srv/real.pth"},
                                           "files": {"/srv/real.pth": "linked_dir\n"},
                                           "dirs": [f"{site}/linked_dir"]}))
    add("pth-utf8-bom", _merge(base, {"files": {f"{site}/bom.pth": _b64(b"\xef\xbb\xbfbom_dir\n")},
                                      "dirs": [f"{site}/bom_dir"]}))
    add("customize", _merge(with_user, customize(site, False), customize(usite, False, "usercustomize")))
    add("customize-s", _merge(with_user, customize(site, False), customize(usite, False, "usercustomize")),
        opts=("-s",))
    add("customize-package-and-namespace",
        _merge(with_user, customize(f"{prefix}/lib/python{xy}", False, kind="namespace"),
               customize(site, False, kind="package"), customize(usite, False, "usercustomize", "namespace")))
    add("customize-stdlib", _merge(base, customize(f"{prefix}/lib/python{xy}", False)))
    add("pythonpath-dups", _merge(with_user, {"dirs": ["/srv/pp"]}),
        env={"PYTHONPATH": f"/srv/pp:/srv/pp/:{site}:{usite}"})
    if v >= (3, 9):
        lib64 = _posix_install(prefix, xy, platlibdir="lib64")
        add("platlibdir-lib64", _merge(lib64, {"dirs": [site]}, pth_kit(f"{prefix}/lib64/python{xy}/site-packages", False)),
            build={"platlibdir": "lib64"})
    if v >= (3, 13):
        ft = _posix_install(prefix, xy, abi="t")
        add("free-threaded", _merge(ft, {"dirs": [site, f"{home}/.local/lib/python{xy}t/site-packages", usite]}),
            build={"abi_thread": "t"})
    return out


# ---------------------------------------------------------------------------------------
# Debian's python3 (its own site.py: dist-packages)
# ---------------------------------------------------------------------------------------


def debian_site_worlds(version: str) -> list[tuple[str, World]]:
    xy = _xy(version)
    out: list[tuple[str, World]] = []
    home = "/home/u"
    usite = f"{home}/.local/lib/python{xy}/site-packages"
    system = {"files": {f"/usr/lib/python{xy}/os.py": "", f"/usr/lib/python{xy}/encodings/__init__.py": "",
                        f"/etc/python{xy}/sitecustomize.py": ""},
              "dirs": [f"/usr/lib/python{xy}/lib-dynload", "/usr/lib/python3/dist-packages",
                       f"/usr/local/lib/python{xy}/dist-packages"],
              "executables": [f"/usr/bin/python{xy}"],
              "symlinks": {"/usr/bin/python3": f"python{xy}",
                           f"/usr/lib/python{xy}/sitecustomize.py": f"/etc/python{xy}/sitecustomize.py"}}

    def add(name: str, disk: Disk, *, env: dict[str, str] | None = None, opts: tuple[str, ...] = (),
            argv0: str = "/usr/bin/python3", build: dict[str, Any] | None = None, **extra: Any) -> None:
        w: World = {"version": version, "platform": "linux", "site_flavour": "debian",
                    "argv": [argv0, *opts, "-c", "pass"], "cwd": home,
                    "env": {"HOME": home, "PATH": "/usr/local/bin:/usr/bin:/bin", **(env or {})},
                    "build": build or {"prefix": "/usr", "multiarch": "x86_64-linux-gnu", "shared": True},
                    **_merge(disk, {"dirs": [home]}), **extra}
        out.append((f"debian-{name}", w))

    with_user = _merge(system, {"dirs": [usite]}, user_pth(usite, False))
    add("system", system)
    add("system-deprecated-dirs", _merge(system, {"dirs": [f"/usr/lib/python{xy}/dist-packages",
                                                           f"/usr/lib/python{xy}/site-packages",
                                                           f"/usr/local/lib/python{xy}/site-packages"]}))
    add("usersite", with_user)
    add("usersite-s", with_user, opts=("-s",))
    add("usersite-I", with_user, opts=("-I",))
    add("pth-kit-local", _merge(system, pth_kit(f"/usr/local/lib/python{xy}/dist-packages", False)))
    add("pth-kit-dist", _merge(with_user, pth_kit("/usr/lib/python3/dist-packages", False)))
    add("usercustomize", _merge(with_user, customize(usite, False, "usercustomize")))
    venv = f"{home}/venv"
    vsite = f"{venv}/lib/python{xy}/site-packages"
    for cname, flag in [("false", "false"), ("true", "true")]:
        disk = _merge(with_user, {"files": {f"{venv}/pyvenv.cfg": f"home = /usr/bin\ninclude-system-site-packages = {flag}\n"},
                                  "dirs": [vsite, f"{venv}/local/lib/python{xy}/dist-packages",
                                           f"{venv}/lib/python3/dist-packages"],
                                  "symlinks": {f"{venv}/bin/python": "/usr/bin/python3"}},
                      user_pth(vsite, False))
        add(f"venv-{cname}", disk, argv0=f"{venv}/bin/python")
        add(f"venv-{cname}-pth", _merge(disk, pth_kit(vsite, False)), argv0=f"{venv}/bin/python")

    # -- PEP 829 (3.15): .start files, one batch, the 3.15 line rules (earlier versions
    # ignore .start files and run each import line as its .pth file is read)
    add("start-files", _merge(with_user, start_kit(usite)))
    add("start-files-dist", _merge(system, start_kit("/usr/lib/python3/dist-packages")))
    late = f"{home}/late"
    batch = _merge(with_user, {"files": {f"{venv}/pyvenv.cfg": "home = /usr/bin\ninclude-system-site-packages = true\n",
                                         f"{vsite}/v.pth": "import late_mod\n",
                                         f"{vsite}/v.start": "late_mod:f\n",
                                         f"{usite}/u.pth": f"{late}\n",
                                         f"{late}/late_mod.py": ""},
                               "dirs": [vsite, late],
                               "symlinks": {f"{venv}/bin/python": "/usr/bin/python3"}})
    add("start-batch-venv", batch, argv0=f"{venv}/bin/python")
    add("start-after-call", _merge(with_user, start_kit(usite),
                                   {"files": {f"{usite}/e.start": "ep:hello\nnosuchmod_after:fn\n"}}))
    add("start-undecodable", _merge(with_user, {"files": {f"{usite}/bad.start": _b64(b"os:getcwd\n\xe9\n"),
                                                           f"{usite}/bad.pth": "import os\n",
                                                           f"{usite}/bom.start": _b64(b"\xef\xbb\xbfos:getcwd\n")}}))
    add("pth-315-lines", _merge(with_user, {"files": {f"{usite}/l.pth": (
        f"  import os\n   # an indented comment\n  spaced  \nnope\nnope\n/usr/lib/python{xy.replace('.', '')}.zip\n"
        f"{usite}/spaced\nimport nonexistent_first\nimport os\nafter\n")},
        "dirs": [f"{usite}/spaced", f"{usite}/after"]}))

    # -- a free-threaded build (3.13+): Debian puts the 't' in the user site and in the
    # last, deprecated dist-packages entry only
    if _vt(version) >= (3, 13):
        tsite = f"{home}/.local/lib/python{xy}t/site-packages"
        ft = {"files": {f"/usr/lib/python{xy}t/os.py": "", f"/usr/lib/python{xy}t/encodings/__init__.py": "",
                        f"{tsite}/t.pth": "t_pkg\nimport os\n"},
              "dirs": [f"/usr/lib/python{xy}t/lib-dynload", f"/usr/lib/python{xy}t/dist-packages",
                       "/usr/lib/python3/dist-packages", f"/usr/local/lib/python{xy}/dist-packages",
                       f"{tsite}/t_pkg", usite],
              "executables": [f"/usr/bin/python{xy}t"]}
        add("free-threaded", ft, argv0=f"/usr/bin/python{xy}t", build={"prefix": "/usr", "abi_thread": "t",
                                                                        "multiarch": "x86_64-linux-gnu"})
        tvenv = _merge(ft, {"files": {f"{venv}/pyvenv.cfg": "home = /usr/bin\ninclude-system-site-packages = true\n"},
                            "dirs": [vsite, f"{venv}/lib/python{xy}t/site-packages"],
                            "symlinks": {f"{venv}/bin/python": f"/usr/bin/python{xy}t"}})
        add("free-threaded-venv", tvenv, argv0=f"{venv}/bin/python",
            build={"prefix": "/usr", "abi_thread": "t", "multiarch": "x86_64-linux-gnu"})
    return out


def start_kit(sitedir: str) -> Disk:
    """``.pth`` and ``.start`` files of PEP 829 (3.15) in *sitedir*: import lines, entry
    points (valid, invalid, unresolvable), a ``.start`` suppressing its ``.pth``'s import
    lines (an empty one too), a hidden ``.start``.  The import lines are plain imports,
    so every failure is one the model can judge."""
    return {"files": {
        f"{sitedir}/a.pth": "mods\nextra_a\nimport os\n  import sys\nmissing_dir\n  extra_b  \n   # comment\n",
        f"{sitedir}/b.pth": "import os\n",
        f"{sitedir}/b.start": "# comment\nnosuchmod_xyz:fn\nep.sub:x\nep\nep:hello\n  ep:hello  \n",
        f"{sitedir}/c.pth": "import os\n",
        f"{sitedir}/c.start": "",
        f"{sitedir}/.hidden.start": "ep:hello\n",
        f"{sitedir}/z.pth": "import os\n",
        f"{sitedir}/mods/ep.py": "def hello(): pass\n",
        f"{sitedir}/d.start": "os.path:join\n",
    }, "dirs": [f"{sitedir}/extra_a", f"{sitedir}/extra_b"]}


# ---------------------------------------------------------------------------------------
# macOS
# ---------------------------------------------------------------------------------------


def _framework(root: str, xy: str, name: str = "Python") -> Disk:
    fw = f"{root}/{name}.framework/Versions/{xy}"
    return {"files": {f"{fw}/{name}": "", f"{fw}/Resources/Info.plist": "",
                      f"{fw}/lib/python{xy}/os.py": "", f"{fw}/lib/python{xy}/encodings/__init__.py": ""},
            "dirs": [f"{fw}/lib/python{xy}/site-packages", f"{fw}/lib/python{xy}/lib-dynload"],
            "executables": [f"{fw}/bin/python{xy}", f"{fw}/Resources/Python.app/Contents/MacOS/{name}"],
            "symlinks": {f"{fw}/bin/python3": f"python{xy}", f"{root}/{name}.framework/Versions/Current": xy}}


def darwin_site_worlds(version: str) -> list[tuple[str, World]]:
    xy = _xy(version)
    out: list[tuple[str, World]] = []
    home = "/Users/u"

    def add(name: str, disk: Disk, *, argv0: str, exe: str | None, library: str | None = None,
            env: dict[str, str] | None = None, opts: tuple[str, ...] = (),
            build: dict[str, Any] | None = None, home_env: bool = True, **extra: Any) -> None:
        w: World = {"version": version, "platform": "darwin", "argv": [argv0, *opts, "-c", "pass"],
                    "cwd": home, "env": {**({"HOME": home} if home_env else {}), **(env or {})},
                    "build": build or {}, **_merge(disk, {"dirs": [home]}), **extra}
        if exe:
            w["executable"] = exe
        if library:
            w["library"] = library
        out.append((f"darwin-{name}", w))

    # -- python.org framework: bin/python3.X is a stub exec'ing Python.app with the launcher --
    def fw_cases(tag: str, root: str, name: str, only: tuple[str, ...] = ()) -> None:
        fw = f"{root}/{name}.framework/Versions/{xy}"
        app = f"{fw}/Resources/Python.app/Contents/MacOS/{name}"
        stub = f"{fw}/bin/python{xy}"
        lib = f"{fw}/{name}"
        site = f"{fw}/lib/python{xy}/site-packages"
        ubase = f"{home}/Library/{name}/{xy}"
        usite = f"{ubase}/lib/python/site-packages"
        b = {"prefix": fw, "framework": True}
        disk = _framework(root, xy, name)
        with_user = _merge(disk, {"dirs": [usite]}, user_pth(usite, False))
        launch = {"__PYVENV_LAUNCHER__": stub}

        def fadd(case: str, d: Disk, env: dict[str, str] | None = None, **kw: Any) -> None:
            if only and case not in only:
                return
            add(f"{tag}-{case}", d, argv0=app, exe=app, library=lib, env={**launch, **(env or {})},
                build=b, **kw)

        fadd("plain", disk)
        fadd("usersite", with_user)
        fadd("usersite-s", with_user, opts=("-s",))
        fadd("usersite-I", with_user, opts=("-I",))
        fadd("usersite-nousersite-env", with_user, env={"PYTHONNOUSERSITE": "1"})
        fadd("userbase-env", _merge(disk, {"dirs": ["/srv/ub/lib/python/site-packages",
                                                    f"/srv/ub/lib/python{xy}/site-packages"]}),
             env={"PYTHONUSERBASE": "/srv/ub"})
        fadd("home-unset-passwd", with_user, home_env=False, passwd_home=home)
        fadd("uid-differs", with_user, uid=501, euid=0)
        fadd("pth-kit", _merge(with_user, pth_kit(site, False)))
        fadd("customize", _merge(with_user, customize(site, False), customize(usite, False, "usercustomize")))
        fadd("pythonexecutable", with_user, env={"PYTHONEXECUTABLE": f"{home}/bin/python3"})
        fadd("pythonexecutable-E", with_user, env={"PYTHONEXECUTABLE": f"{home}/bin/python3"}, opts=("-E",))
        # a venv made from the framework: venv/bin/python -> the stub
        venv = f"{home}/venv"
        vsite = f"{venv}/lib/python{xy}/site-packages"
        for cname, flag in [("false", "false"), ("true", "true")]:
            if only and f"venv-{cname}" not in only:
                continue
            vdisk = _merge(with_user, {"files": {f"{venv}/pyvenv.cfg":
                                                 f"home = {fw}/bin\ninclude-system-site-packages = {flag}\n"},
                                       "dirs": [vsite],
                                       "symlinks": {f"{venv}/bin/python": stub, f"{venv}/bin/python3": "python"}},
                           user_pth(vsite, False))
            add(f"{tag}-venv-{cname}", vdisk, argv0=app, exe=app, library=lib,
                env={"__PYVENV_LAUNCHER__": f"{venv}/bin/python3"}, build=b)
            if only:
                continue
            add(f"{tag}-venv-{cname}-pythonexecutable", vdisk, argv0=app, exe=app, library=lib,
                env={"__PYVENV_LAUNCHER__": f"{venv}/bin/python3", "PYTHONEXECUTABLE": f"{venv}/bin/python3"},
                build=b)

    fw_cases("fw", "/Library/Frameworks", "Python")
    fw_cases("fw-renamed", "/Library/Frameworks", "DebugPython",
             only=("plain", "usersite", "usersite-s", "venv-true"))

    root = "/Library/Frameworks"
    fw = f"{root}/Python.framework/Versions/{xy}"
    app = f"{fw}/Resources/Python.app/Contents/MacOS/Python"
    site = f"{fw}/lib/python{xy}/site-packages"
    disk = _framework(root, xy)
    b = {"prefix": fw, "framework": True}
    add("fw-pth-utf8-c-locale", _merge(disk, {"files": {f"{site}/u.pth": "caf\u00e9\nimport os\n"},
                                              "dirs": [f"{site}/caf\u00e9"]}),
        argv0=app, exe=app, library=f"{fw}/Python", build=b,
        env={"__PYVENV_LAUNCHER__": f"{fw}/bin/python{xy}", "LC_ALL": "C", "PYTHONUTF8": "0"})
    add("fw-pth-utf8-locale", _merge(disk, {"files": {f"{site}/u.pth": "caf\u00e9\nimport os\n"},
                                            "dirs": [f"{site}/caf\u00e9"]}),
        argv0=app, exe=app, library=f"{fw}/Python", build=b,
        env={"__PYVENV_LAUNCHER__": f"{fw}/bin/python{xy}", "LANG": "en_US.UTF-8"})
    add("fw-pth-second-import-fails", _merge(disk, second_import_fails(site, False)), argv0=app, exe=app,
        library=f"{fw}/Python", build=b, env={"__PYVENV_LAUNCHER__": f"{fw}/bin/python{xy}"})
    add("fw-S", _merge(disk, pth_kit(site, False)), argv0=app, exe=app, library=f"{fw}/Python", build=b,
        env={"__PYVENV_LAUNCHER__": f"{fw}/bin/python{xy}"}, opts=("-S",))

    # -- Homebrew: the framework inside the Cellar, reached through symlinks ---------------------
    hb = "/opt/homebrew"
    cellar = f"{hb}/Cellar/python@{xy}/{version}"
    hfw = f"{cellar}/Frameworks/Python.framework/Versions/{xy}"
    happ = f"{hfw}/Resources/Python.app/Contents/MacOS/Python"
    hdisk = _merge(_framework(f"{cellar}/Frameworks", xy), {
        "symlinks": {f"{hb}/opt/python@{xy}": f"../Cellar/python@{xy}/{version}",
                     f"{hb}/bin/python{xy}": f"../Cellar/python@{xy}/{version}/Frameworks/Python.framework/Versions/{xy}/bin/python{xy}"},
        "dirs": [f"{hb}/lib/python{xy}/site-packages", f"{home}/Library/Python/{xy}/lib/python/site-packages"]})
    hdisk = _merge(hdisk, user_pth(f"{home}/Library/Python/{xy}/lib/python/site-packages", False),
                   pth_kit(f"{hfw}/lib/python{xy}/site-packages", False))
    add("brew-framework", hdisk, argv0=happ, exe=happ, library=f"{hfw}/Python",
        env={"__PYVENV_LAUNCHER__": f"{hb}/bin/python{xy}"},
        build={"prefix": f"{hb}/opt/python@{xy}/Frameworks/Python.framework/Versions/{xy}", "framework": True})

    # -- a plain /usr/local build (no framework): ~/.local, and __PYVENV_LAUNCHER__ kept ---------
    ul = _posix_install("/usr/local", xy)
    ulsite = f"/usr/local/lib/python{xy}/site-packages"
    uusite = f"{home}/.local/lib/python{xy}/site-packages"
    ul_user = _merge(ul, {"dirs": [uusite]}, user_pth(uusite, False))
    uexe = f"/usr/local/bin/python{xy}"
    add("usr-local-plain", ul, argv0=uexe, exe=uexe)
    add("usr-local-usersite", ul_user, argv0=uexe, exe=uexe)
    add("usr-local-usersite-library-dir", _merge(ul_user, {"dirs": [f"{home}/Library/Python/{xy}/lib/python/site-packages"]}),
        argv0=uexe, exe=uexe)
    add("usr-local-pth-kit", _merge(ul_user, pth_kit(ulsite, False)), argv0=uexe, exe=uexe)
    add("usr-local-customize", _merge(ul_user, customize(ulsite, False), customize(uusite, False, "usercustomize")),
        argv0=uexe, exe=uexe)
    venv = f"{home}/venv"
    vdisk = _merge(ul_user, {"files": {f"{venv}/pyvenv.cfg": "home = /usr/local/bin\ninclude-system-site-packages = false\n"},
                             "dirs": [f"{venv}/lib/python{xy}/site-packages"],
                             "symlinks": {f"{venv}/bin/python": uexe}})
    add("usr-local-venv", vdisk, argv0=f"{venv}/bin/python", exe=f"{venv}/bin/python")
    add("usr-local-launcher-venv", vdisk, argv0=uexe, exe=uexe,
        env={"__PYVENV_LAUNCHER__": f"{venv}/bin/python"})
    add("usr-local-launcher-empty", ul_user, argv0=uexe, exe=uexe, env={"__PYVENV_LAUNCHER__": ""})
    return out


# ---------------------------------------------------------------------------------------
# Windows
# ---------------------------------------------------------------------------------------


def _nt_install(root: str, nodot: str) -> Disk:
    return {"files": {f"{root}\\python.exe": "", f"{root}\\pythonw.exe": "", f"{root}\\python{nodot}.dll": "",
                      f"{root}\\python3.dll": "", f"{root}\\Lib\\os.py": "",
                      f"{root}\\Lib\\encodings\\__init__.py": "", f"{root}\\DLLs\\_socket.pyd": ""},
            "dirs": [f"{root}\\Lib\\site-packages"]}


def windows_site_worlds(version: str) -> list[tuple[str, World]]:
    xy = _xy(version)
    v = _vt(version)
    nodot = xy.replace(".", "")
    out: list[tuple[str, World]] = []
    profile = "C:\\Users\\u"
    appdata = f"{profile}\\AppData\\Roaming"
    env0 = {"APPDATA": appdata, "USERPROFILE": profile, "HOMEDRIVE": "C:", "HOMEPATH": "\\Users\\u"}
    root = f"C:\\Python{nodot}"
    exe, dll = f"{root}\\python.exe", f"{root}\\python{nodot}.dll"
    site = f"{root}\\Lib\\site-packages"
    usite = f"{appdata}\\Python\\Python{nodot}\\site-packages"
    # sys.platlibdir: "lib" in the 3.9/3.10 Windows builds, "DLLs" from 3.11 (PLATLIBDIR)
    platlib = {"platlibdir": "lib"} if v < (3, 11) else {}

    def add(name: str, disk: Disk, *, env: dict[str, str] | None = None, opts: tuple[str, ...] = (),
            argv0: str = exe, executable: str = exe, library: str | None = dll, cwd: str = profile,
            build: dict[str, Any] | None = None, base_env: dict[str, str] | None = None) -> None:
        w: World = {"version": version, "platform": "win32", "argv": [argv0, *opts, "-c", "pass"],
                    "cwd": cwd, "env": {**(env0 if base_env is None else base_env), **(env or {})},
                    "build": {**platlib, **(build or {})}, "executable": executable,
                    **_merge(disk, {"dirs": [cwd]})}
        if library:
            w["library"] = library
        out.append((f"win-{name}", w))

    base = _nt_install(root, nodot)
    with_user = _merge(base, {"dirs": [usite]}, user_pth(usite, True))
    add("plain", base)
    add("usersite", with_user)
    add("usersite-S", with_user, opts=("-S",))
    add("usersite-s", with_user, opts=("-s",))
    add("usersite-I", with_user, opts=("-I",))
    add("usersite-E", with_user, opts=("-E",))
    add("usersite-nousersite-env", with_user, env={"PYTHONNOUSERSITE": "1"})
    prof_site = f"{profile}\\Python\\Python{nodot}\\site-packages"
    no_appdata = {k: v for k, v in env0.items() if k != "APPDATA"}
    add("appdata-unset", _merge(base, {"dirs": [prof_site]}), base_env=no_appdata)
    add("appdata-empty", _merge(base, {"dirs": [prof_site]}), env={"APPDATA": ""})
    add("appdata-unset-homepath", _merge(base, {"dirs": [prof_site]}),
        base_env={"HOMEDRIVE": "C:", "HOMEPATH": "\\Users\\u"})
    add("appdata-unset-no-home", _merge(base, {"dirs": [f"{profile}\\~\\Python\\Python{nodot}\\site-packages"]}),
        base_env={})
    add("appdata-unset-profile-trailing-sep", _merge(base, {"dirs": [prof_site]}),
        base_env={"USERPROFILE": profile + "\\"})
    add("appdata-unset-homedrive-with-sep", _merge(base, {"dirs": [prof_site]}),
        base_env={"HOMEDRIVE": "C:\\", "HOMEPATH": "\\Users\\u"})
    add("appdata-forward-slashes", with_user, env={"APPDATA": appdata.replace("\\", "/")})
    add("appdata-trailing-sep", with_user, env={"APPDATA": appdata + "\\"})
    add("appdata-key-case", with_user, base_env={"AppData": appdata, "UserProfile": profile})
    add("appdata-other-drive", _merge(base, {"dirs": [f"E:\\roaming\\Python\\Python{nodot}\\site-packages"]}),
        env={"APPDATA": "E:\\roaming"})
    ub = f"D:\\ub\\Python{nodot}\\site-packages"
    add("userbase-env", _merge(with_user, {"dirs": [ub]}), env={"PYTHONUSERBASE": "D:\\ub"})
    add("userbase-env-E", _merge(with_user, {"dirs": [ub]}), env={"PYTHONUSERBASE": "D:\\ub"}, opts=("-E",))
    add("userbase-root-relative", _merge(base, {"dirs": [f"C:\\pyuser\\Python{nodot}\\site-packages"]}),
        env={"PYTHONUSERBASE": "\\pyuser"})
    winver32 = f"{xy}-32"
    add("win32-build-usersite", _merge(base, {"dirs": [usite, f"{appdata}\\Python\\Python{nodot}-32\\site-packages"]}),
        build={"pywinver": winver32})
    add("pth-kit", _merge(with_user, pth_kit(site, True)))
    add("pth-kit-usersite", _merge(with_user, pth_kit(usite, True)))
    add("pth-second-import-fails", _merge(base, second_import_fails(site, True)))
    add("pth-utf8-nonascii", _merge(base, {"files": {f"{site}\\u.pth": "caf\u00e9\nimport os\n"},
                                           "dirs": [f"{site}\\caf\u00e9", f"{site}\\caf\u00c3\u00a9"]}))
    add("pth-ascii-only", _merge(base, {"files": {f"{site}\\u.pth": "plain_dir\nimport os\n"},
                                        "dirs": [f"{site}\\plain_dir"]}))
    add("pth-invalid-utf8", _merge(base, {"files": {f"{site}\\bad.pth": _b64(b"ok_dir\nx\xff\nafter_dir\n")},
                                          "dirs": [f"{site}\\ok_dir", f"{site}\\after_dir"]}))
    add("pth-utf8-mode", _merge(base, {"files": {f"{site}\\u.pth": "caf\u00e9\n"}, "dirs": [f"{site}\\caf\u00e9"]}),
        env={"PYTHONUTF8": "1"})
    add("customize", _merge(with_user, customize(site, True), customize(usite, True, "usercustomize")))
    add("pythonpath-dups-case", _merge(with_user, {"dirs": ["C:\\Src"]}, pth_kit(site, True)),
        env={"PYTHONPATH": f"C:\\Src;c:/src;C:\\SRC\\;{site.lower()};{usite.upper()}"})
    add("uid-in-world", with_user)
    out[-1][1].update(uid=1000, euid=0, gid=1000, egid=0)
    add("venv-cfg-invalid-utf8", _merge(with_user, {"files": {f"{profile}\\v\\pyvenv.cfg": _b64(f"home = {root}\n".encode() + b"\xff\n"),
                                                              f"{profile}\\v\\Scripts\\python.exe": ""}}),
        argv0=f"{profile}\\v\\Scripts\\python.exe", env={"__PYVENV_LAUNCHER__": f"{profile}\\v\\Scripts\\python.exe"})
    add("customize-pyw", _merge(with_user, customize(site, True, kind="pyw")))
    add("customize-case", _merge(with_user, {"files": {f"{site}\\SiteCustomize.py": ""}}))
    add("customize-s", _merge(with_user, customize(site, True), customize(usite, True, "usercustomize")),
        opts=("-s",))

    # -- venvs: Scripts\python.exe is a launcher for the base python.exe ----------------------
    venv = f"{profile}\\proj\\.venv"
    vexe = f"{venv}\\Scripts\\python.exe"
    vsite = f"{venv}\\Lib\\site-packages"
    for cname, flag in [("false", "false"), ("true", "true"), ("True-capital", "True")]:
        vdisk = _merge(with_user, {"files": {f"{venv}\\pyvenv.cfg":
                                             f"home = {root}\ninclude-system-site-packages = {flag}\nversion = {version}\n",
                                             vexe: ""},
                                   "dirs": [vsite]}, user_pth(vsite, True))
        add(f"venv-{cname}", vdisk, argv0=vexe, env={"__PYVENV_LAUNCHER__": vexe})
    vdisk = _merge(with_user, {"files": {f"{venv}\\pyvenv.cfg": f"home = {root}\r\ninclude-system-site-packages = false\r\n",
                                         vexe: ""}, "dirs": [vsite]}, pth_kit(vsite, True))
    add("venv-crlf-pth-kit", vdisk, argv0=vexe, env={"__PYVENV_LAUNCHER__": vexe})
    add("venv-copy", _merge(with_user, {"files": {f"{venv}\\pyvenv.cfg": f"home = {root}\n", vexe: ""},
                                        "dirs": [vsite]}), argv0=vexe, executable=vexe)

    # -- the embeddable distribution: a ._pth file; "import site" turns site on ------------------
    emb = "C:\\apps\\myapp\\python"
    embdisk: Disk = {"files": {f"{emb}\\python.exe": "", f"{emb}\\python{nodot}.dll": "",
                               f"{emb}\\python{nodot}.zip": "PK", f"{emb}\\_socket.pyd": "",
                               # the zip is a stand-in: encodings must be importable from "."
                               f"{emb}\\encodings\\__init__.py": ""},
                     "dirs": [f"{emb}\\Lib\\site-packages"]}
    emb_pth = f"python{nodot}.zip\n.\nLib\\site-packages\nimport site\n"
    add("embeddable-import-site",
        _merge(embdisk, {"files": {f"{emb}\\python{nodot}._pth": emb_pth}}, pth_kit(f"{emb}\\Lib\\site-packages", True),
               {"dirs": [usite]}, user_pth(usite, True)),
        argv0=f"{emb}\\python.exe", executable=f"{emb}\\python.exe", library=f"{emb}\\python{nodot}.dll")
    add("embeddable-no-site",
        _merge(embdisk, {"files": {f"{emb}\\python{nodot}._pth": f"python{nodot}.zip\n.\n"}}, {"dirs": [usite]}),
        argv0=f"{emb}\\python.exe", executable=f"{emb}\\python.exe", library=f"{emb}\\python{nodot}.dll")
    return out


GENERATORS: dict[str, Callable[[str], list[tuple[str, World]]]] = {
    "linux": linux_site_worlds,
    "darwin": darwin_site_worlds,
    "win32": windows_site_worlds,
}
