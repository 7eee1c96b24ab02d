"""The site stage over in-memory worlds.

Every expectation below was observed on the real interpreters (pyenv 3.8.18-3.13.0,
Debian's /usr/bin/python3.11) with the same layout built in a temporary directory, or is
the rule as site.py of the version states it (3.14, where no oracle was at hand; those
tests say so).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from pywhence.disk.fs import MemoryFS
from pywhence.invocation import Invocation
from pywhence.startup.getopt import parse_command_line
from pywhence.startup.initconfig import make_config
from pywhence.startup.result import Entry, Origin, PathConfig
from pywhence.startup.site import SiteResult, run_site
from pywhence.startup.site_pth import locale_encoding
from pywhence.target.behaviour import behaviour_for
from pywhence.target.interpreter import Build, Interpreter, Version
from pywhence.trace import Trace

PREFIX = "/opt/py"


@dataclass
class World:
    version: str
    files: Mapping[str, str | bytes]
    dirs: tuple[str, ...] = ()
    symlinks: Mapping[str, str] | None = None
    argv: tuple[str, ...] = ("python", "-c", "pass")
    env: Mapping[str, str] | None = None
    cwd: str = "/work"
    executable: str = PREFIX + "/bin/python"
    prefix: str = PREFIX
    msp: tuple[str, ...] | None = None
    flavour: str = "cpython"
    uid: tuple[int, int] | None = None
    platlibdir: str = "lib"

    def run(self) -> SiteResult:
        v = Version.parse(self.version)
        xy = f"{v.major}.{v.minor}"
        sw = behaviour_for(v)
        target = Interpreter(version=v, build=Build(prefix=self.prefix, platlibdir=self.platlibdir),
                             site_flavour=self.flavour)  # type: ignore[arg-type]
        env = {"HOME": "/home/u"} if self.env is None else dict(self.env)
        uid, euid = self.uid or (1000, 1000)
        inv = Invocation(argv=self.argv, env=env, cwd=self.cwd, uid=uid, euid=euid, gid=1000,
                         egid=1000, passwd_home="/home/pw")
        cl = parse_command_line(self.argv, safe_path_option=sw.safe_path)
        config = make_config(inv, cl, sw)
        msp = self.msp if self.msp is not None else tuple(stdlib(xy, self.prefix))
        pc = PathConfig(
            executable=self.executable, base_executable=self.executable,
            prefix=self.prefix, exec_prefix=self.prefix, base_prefix=self.prefix,
            base_exec_prefix=self.prefix, stdlib_dir=f"{self.prefix}/lib/python{xy}",
            module_search_paths=tuple(Entry(p, Origin.STDLIB, "test") for p in msp),
            platlibdir=self.platlibdir, isolated=config.isolated,
            use_environment=config.use_environment, site_import=config.site_import,
            safe_path=config.safe_path,
        )
        fs = MemoryFS(files=self.files, dirs=self.dirs, symlinks=self.symlinks)
        return run_site(target, config, pc, fs, sw, Trace())


def paths(r: SiteResult) -> list[str]:
    return [e.path for e in r.entries]


def stdlib(xy: str, prefix: str = PREFIX) -> list[str]:
    nodot = xy.replace(".", "")
    return [f"{prefix}/lib/python{nodot}.zip", f"{prefix}/lib/python{xy}",
            f"{prefix}/lib/python{xy}/lib-dynload"]


# -- -S and removeduppaths ----------------------------------------------------------------


def test_no_site_keeps_module_search_paths_as_they_are() -> None:
    # 3.8 -S with PYTHONPATH="rel:./rel:/w/x/../rel::/w//rel/": sys.path[1:] kept verbatim
    msp = ("rel", "./rel", "/work/x/../rel", "", "/work//rel/", *stdlib("3.8"))
    r = World("3.8.18", {}, argv=("python", "-S", "-c", "pass"), msp=msp).run()
    assert paths(r) == list(msp)
    assert r.prefix == PREFIX and r.flags == {} and r.dynamic == ()


def test_removeduppaths_makes_absolute_normalises_and_dedups() -> None:
    # Observed (3.8): ['', '/w/rel', '/w', <stdlib>..., <site-packages>]
    msp = ("rel", "./rel", "/work/x/../rel", "", "/work//rel/", *stdlib("3.8"))
    r = World("3.8.18", {}, msp=msp, dirs=(f"{PREFIX}/lib/python3.8/site-packages",)).run()
    assert paths(r) == ["/work/rel", "/work", *stdlib("3.8"),
                        f"{PREFIX}/lib/python3.8/site-packages"]
    # the entry keeps its origin, with the path rewritten
    assert r.entries[0].origin == Origin.STDLIB


# -- venv -----------------------------------------------------------------------------------

VENV = "/v"
CFG_NO = f"home = {PREFIX}/bin\ninclude-system-site-packages = false\nversion = 3.12.1\n"
CFG_YES = CFG_NO.replace("false", "true")


def venv_world(version: str, cfg: str, **kw: object) -> World:
    xy = ".".join(version.split(".")[:2])
    files = {f"{VENV}/pyvenv.cfg": cfg, **kw.pop("files", {})}  # type: ignore[dict-item]
    dirs = (f"{VENV}/lib/python{xy}/site-packages", f"{PREFIX}/lib/python{xy}/site-packages",
            f"/home/u/.local/lib/python{xy}/site-packages", *kw.pop("dirs", ()))  # type: ignore[misc]
    return World(version, files, dirs=dirs, executable=f"{VENV}/bin/python", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("version", ["3.8.18", "3.10.13", "3.12.1", "3.13.0"])
def test_venv_without_system_site_packages(version: str) -> None:
    xy = ".".join(version.split(".")[:2])
    r = venv_world(version, CFG_NO).run()
    # observed: stdlib, then the venv's site-packages; no user site, no system site
    assert paths(r) == [*stdlib(xy), f"{VENV}/lib/python{xy}/site-packages"]
    assert r.entries[-1].origin == Origin.VENV_SITE_PACKAGES
    assert (r.prefix, r.exec_prefix) == (VENV, VENV)
    assert r.flags["ENABLE_USER_SITE"] is False
    assert r.flags["sys._home"] == f"{PREFIX}/bin"
    assert r.flags["in_venv"] is True


@pytest.mark.parametrize("version", ["3.8.18", "3.11.7", "3.13.0"])
def test_venv_with_system_site_packages_orders_venv_user_system(version: str) -> None:
    xy = ".".join(version.split(".")[:2])
    r = venv_world(version, CFG_YES).run()
    assert paths(r) == [*stdlib(xy), f"{VENV}/lib/python{xy}/site-packages",
                        f"/home/u/.local/lib/python{xy}/site-packages",
                        f"{PREFIX}/lib/python{xy}/site-packages"]
    assert [e.origin for e in r.entries[-3:]] == [
        Origin.VENV_SITE_PACKAGES, Origin.USER_SITE, Origin.SITE_PACKAGES]
    assert r.flags["ENABLE_USER_SITE"] is True


def test_venv_with_isolated_mode_still_reads_pyvenv_cfg() -> None:
    r = venv_world("3.12.1", CFG_YES, argv=("python", "-I", "-c", "pass")).run()
    assert paths(r) == [*stdlib("3.12"), f"{VENV}/lib/python3.12/site-packages",
                        f"{PREFIX}/lib/python3.12/site-packages"]
    assert r.flags["ENABLE_USER_SITE"] is False


def test_pyvenv_cfg_next_to_the_executable_makes_its_parent_the_prefix() -> None:
    # observed: /w2/flat/python + /w2/flat/pyvenv.cfg -> sys.prefix == '/w2'
    world = World("3.13.0", {"/w2/flat/pyvenv.cfg": CFG_NO}, executable="/w2/flat/python")
    r = world.run()
    assert r.prefix == "/w2" and r.flags["pyvenv_cfg"] == "/w2/flat/pyvenv.cfg"
    assert paths(r) == stdlib("3.13")


def test_site_looks_in_the_executable_directory_first() -> None:
    files = {f"{VENV}/bin/pyvenv.cfg": CFG_YES, f"{VENV}/pyvenv.cfg": CFG_NO}
    r = World("3.12.1", files, executable=f"{VENV}/bin/python").run()
    assert r.flags["pyvenv_cfg"] == f"{VENV}/bin/pyvenv.cfg"
    assert r.flags["include_system_site_packages"] is True


def test_undecodable_pyvenv_cfg_is_fatal_and_minus_S_avoids_it() -> None:
    cfg = CFG_NO.encode() + b"x = \xff\n"
    r = World("3.12.1", {f"{VENV}/pyvenv.cfg": cfg}, executable=f"{VENV}/bin/python").run()
    assert r.fatal == (
        "Fatal Python error: init_import_site: Failed to import the site module\n"
        "Python runtime state: initialized\n"
        f"UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position {len(CFG_NO) + 4}:"
        " invalid start byte")
    ok = World("3.12.1", {f"{VENV}/pyvenv.cfg": cfg}, executable=f"{VENV}/bin/python",
               argv=("python", "-S", "-c", "pass")).run()
    assert ok.fatal is None


def test_include_system_site_packages_compares_lowercased() -> None:
    r = venv_world("3.12.1", CFG_NO.replace("false", "TRUE")).run()
    assert r.flags["include_system_site_packages"] is True
    r = venv_world("3.12.1", CFG_NO.replace("false", "yes")).run()
    assert r.flags["include_system_site_packages"] is False


def test_314_site_only_checks_the_prefix_getpath_set() -> None:
    # No 3.14 oracle here: the rule of 3.14's site.venv() (gh-126793): warn when
    # sys.prefix differs from the pyvenv.cfg's directory, then use sys.prefix as is.
    r = venv_world("3.14.0", CFG_YES).run()  # PathConfig still says /opt/py
    assert r.prefix == PREFIX
    assert r.warnings == (
        f"RuntimeWarning: Unexpected value in sys.prefix, expected {VENV}, got {PREFIX}",
        f"RuntimeWarning: Unexpected value in sys.exec_prefix, expected {VENV}, got {PREFIX}",
    )


# -- user site --------------------------------------------------------------------------------


def test_user_site_comes_from_home_and_only_when_it_is_a_directory() -> None:
    us = "/home/u/.local/lib/python3.12/site-packages"
    r = World("3.12.1", {}, dirs=(us,)).run()
    assert paths(r)[-1] == us and r.entries[-1].origin == Origin.USER_SITE
    r = World("3.12.1", {}).run()
    assert us not in paths(r) and r.flags["USER_SITE"] == us
    assert r.flags["ENABLE_USER_SITE"] is True


def test_empty_home_gives_slash_dot_local_and_no_home_the_password_database() -> None:
    # observed: HOME= -> USER_BASE '/.local'; HOME unset -> pw_dir + '/.local'
    assert World("3.12.1", {}, env={"HOME": ""}).run().flags["USER_BASE"] == "/.local"
    assert World("3.12.1", {}, env={"HOME": "/"}).run().flags["USER_BASE"] == "/.local"
    assert World("3.12.1", {}, env={}).run().flags["USER_BASE"] == "/home/pw/.local"


def test_pythonuserbase_is_read_even_under_minus_E() -> None:
    # observed on 3.8 and 3.13: -E does not hide PYTHONUSERBASE from site.py
    us = "/ub/lib/python3.13/site-packages"
    r = World("3.13.0", {}, dirs=(us,), env={"PYTHONUSERBASE": "/ub"},
              argv=("python", "-E", "-c", "pass")).run()
    assert paths(r)[-1] == us and r.flags["USER_BASE"] == "/ub"


def test_relative_pythonuserbase_is_checked_against_the_cwd_and_added_absolute() -> None:
    r = World("3.12.1", {}, dirs=("/work/ub/lib/python3.12/site-packages",),
              env={"PYTHONUSERBASE": "ub"}).run()
    assert r.flags["USER_BASE"] == "ub"
    assert paths(r)[-1] == "/work/ub/lib/python3.12/site-packages"


@pytest.mark.parametrize("argv,expected", [
    (("python", "-s", "-c", "pass"), False),
    (("python", "-I", "-c", "pass"), False),
])
def test_user_site_disabled_by_flags(argv: tuple[str, ...], expected: bool) -> None:
    us = "/home/u/.local/lib/python3.12/site-packages"
    r = World("3.12.1", {}, dirs=(us,), argv=argv).run()
    assert us not in paths(r) and r.flags["ENABLE_USER_SITE"] is expected


def test_setuid_disables_user_site_for_security() -> None:
    us = "/home/u/.local/lib/python3.12/site-packages"
    r = World("3.12.1", {}, dirs=(us,), uid=(1000, 0)).run()
    assert us not in paths(r) and r.flags["ENABLE_USER_SITE"] is None


def test_free_threaded_313_uses_the_t_suffix() -> None:
    v = Version.parse("3.13.0")
    sw = behaviour_for(v)
    target = Interpreter(version=v, build=Build(prefix=PREFIX, abi_thread="t"))
    inv = Invocation(argv=("python", "-c", "pass"), env={"HOME": "/h"}, cwd="/")
    config = make_config(inv, parse_command_line(inv.argv), sw)
    pc = PathConfig(executable=f"{PREFIX}/bin/python", base_executable="", prefix=PREFIX,
                    exec_prefix=PREFIX, base_prefix=PREFIX, base_exec_prefix=PREFIX,
                    stdlib_dir="")
    fs = MemoryFS(dirs=(f"{PREFIX}/lib/python3.13t/site-packages",
                        "/h/.local/lib/python3.13t/site-packages"))
    r = run_site(target, config, pc, fs, sw, Trace())
    assert paths(r) == ["/h/.local/lib/python3.13t/site-packages",
                        f"{PREFIX}/lib/python3.13t/site-packages"]


# -- site-packages --------------------------------------------------------------------------


def test_platlibdir_lib64_adds_lib_too() -> None:
    dirs = (f"{PREFIX}/lib64/python3.12/site-packages", f"{PREFIX}/lib/python3.12/site-packages")
    r = World("3.12.1", {}, dirs=dirs, platlibdir="lib64").run()
    assert paths(r)[-2:] == list(dirs)
    # 3.8 has no platlibdir: 'lib' only
    dirs = tuple(d.replace("3.12", "3.8") for d in dirs)
    r = World("3.8.18", {}, dirs=dirs, platlibdir="lib64").run()
    assert paths(r)[-1] == dirs[1] and dirs[0] not in paths(r)


DEB_MSP = ("/usr/lib/python311.zip", "/usr/lib/python3.11", "/usr/lib/python3.11/lib-dynload")


def test_debian_dist_packages() -> None:
    # observed: /usr/bin/python3.11 -> [..., /usr/local/lib/python3.11/dist-packages,
    # /usr/lib/python3/dist-packages]
    dirs = ("/usr/local/lib/python3.11/dist-packages", "/usr/lib/python3/dist-packages",
            "/usr/lib/python3.11/site-packages")
    r = World("3.11.2", {}, dirs=dirs, prefix="/usr", executable="/usr/bin/python3.11",
              msp=DEB_MSP, flavour="debian").run()
    assert paths(r) == [*DEB_MSP, *dirs[:2]]


def test_debian_venv_with_system_site_packages_looks_at_site_packages_too() -> None:
    dirs = ("/v/lib/python3.11/site-packages", "/usr/local/lib/python3.11/dist-packages",
            "/usr/lib/python3/dist-packages", "/usr/lib/python3.11/site-packages")
    cfg = "home = /usr/bin\ninclude-system-site-packages = true\n"
    r = World("3.11.2", {"/v/pyvenv.cfg": cfg}, dirs=dirs, prefix="/usr",
              executable="/v/bin/python", msp=DEB_MSP, flavour="debian").run()
    assert paths(r) == [*DEB_MSP, dirs[0], "/usr/lib/python3.11/site-packages",
                        dirs[1], dirs[2]]


# -- .pth files -------------------------------------------------------------------------------

US12 = "/home/u/.local/lib/python3.12/site-packages"

PTHS: dict[str, bytes] = {
    "a_basic.pth": b"# comment\n\nd1\n  \n\t\nd2   \n/abs1\nnosuch\nd1\n../outside\n./d3/../d4\n",
    "b_crlf.pth": b"crlf1\r\ncrlf2\r\n",
    "c_cr.pth": b"cr1\rcr2\r",
    "d_ff.pth": b"ff1\x0cff2\n",
    "e_bom.pth": b"\xef\xbb\xbfbom1\nbom2\n",
    "f_imports.pth": b"import os\nimport\tsys\nimp1\nimportx\n",
    ".hidden.pth": b"hid1\n",
    "h_synerr.pth": b"syn1\nimport os +\nsyn2\n",
    "j_lsep.pth": "ls1\u2028ls2\n".encode(),
    "m_space_lead.pth": b" lead1\n",
    "n_file.pth": b"afile\n",
    "Z_upper.pth": b"zup\n",
}
PTH_DIRS = ["d1", "d2", "d4", "imp1", "importx", "crlf1", "crlf2", "cr1", "cr2", "ff1", "ff2",
            "ff1\x0cff2", "bom1", "bom2", "\ufeffbom1", "hid1", "syn1", "syn2", "ls1", "ls2",
            "ls1\u2028ls2", " lead1", "zup"]


def pth_world(version: str, pths: Mapping[str, bytes] = PTHS, **kw: object) -> World:
    xy = ".".join(version.split(".")[:2])
    us = f"/home/u/.local/lib/python{xy}/site-packages"
    files: dict[str, str | bytes] = {f"{us}/{k}": v for k, v in pths.items()}
    files[f"{us}/afile"] = ""
    dirs = tuple(f"{us}/{d}" for d in PTH_DIRS) + ("/abs1", f"/home/u/.local/lib/python{xy}/outside")
    return World(version, files, dirs=dirs, **kw)  # type: ignore[arg-type]


def pth_added(r: SiteResult) -> list[str]:
    return [e.path.rsplit("/", 1)[-1] for e in r.entries if e.origin == Origin.PTH_LINE]


# Observed on the real interpreters (same files, same directories).
BEFORE_313 = ["zup", "d1", "d2", "abs1", "outside", "d4", "crlf1", "crlf2", "cr1", "cr2",
              "ff1\x0cff2", "\ufeffbom1", "bom2", "imp1", "importx", "syn1", "ls1\u2028ls2",
              " lead1", "afile"]
FROM_313 = ["zup", "d1", "d2", "abs1", "outside", "d4", "crlf1", "crlf2", "cr1", "cr2", "ff1",
            "ff2", "bom1", "bom2", "imp1", "importx", "syn1", "ls1", "ls2", " lead1", "afile"]


def test_pth_lines_312() -> None:
    # 3.12.1 predates the hidden-file fix (gh-113659, 3.12.2): .hidden.pth is read first
    assert pth_added(pth_world("3.12.1").run()) == ["hid1", *BEFORE_313]


def test_pth_lines_313() -> None:
    assert pth_added(pth_world("3.13.0").run()) == FROM_313


def test_pth_hidden_files_skipped_from_the_backport_on() -> None:
    assert pth_added(pth_world("3.12.2").run()) == BEFORE_313
    assert "hid1" in pth_added(pth_world("3.8.18").run())
    # Debian's 3.11.2 has no backport (its site.py reads .hidden.pth)
    assert "hid1" in pth_added(pth_world("3.11.2", flavour="debian").run())


def test_pth_import_lines_are_dynamic_and_a_syntax_error_ends_the_file() -> None:
    r = pth_world("3.12.1").run()
    imports = [d.detail.split(": ", 1)[1].split(" (")[0] for d in r.dynamic
               if d.origin == Origin.PTH_IMPORT]
    assert imports == ["import os", "import\tsys", "import os +"]
    assert [d.detail.split(":")[0] for d in r.dynamic][:1] == [f"{US12}/f_imports.pth line 1"]
    warning = (f"Error processing line 2 of {US12}/h_synerr.pth:\n\n"
               "  SyntaxError: invalid syntax\n\nRemainder of file ignored")
    assert r.warnings == (warning,)
    assert "syn2" not in pth_added(r)


def test_pth_provenance_names_file_and_line() -> None:
    r = pth_world("3.12.1").run()
    by_name = {e.path.rsplit("/", 1)[-1]: e for e in r.entries}
    assert by_name["d4"].detail == f"{US12}/a_basic.pth line 11"
    assert by_name["d4"].path == "/home/u/.local/lib/python3.12/site-packages/d4"
    assert by_name["outside"].path == "/home/u/.local/lib/python3.12/outside"


def test_pth_directory_or_dangling_link_is_ignored() -> None:
    w = pth_world("3.12.1", {"b.pth": b"d1\n"})
    w.dirs = (*w.dirs, f"{US12}/a.pth")
    w.symlinks = {f"{US12}/c.pth": "nowhere.pth"}
    r = w.run()
    assert r.fatal is None and pth_added(r) == ["d1"]


@pytest.mark.parametrize("version,func", [("3.8.18", "init_import_size"),
                                          ("3.9.18", "init_import_site")])
def test_undecodable_pth_is_fatal(version: str, func: str) -> None:
    r = pth_world(version, {"x.pth": b"/tmp\n\xff\xfe bad\n"}).run()
    assert r.fatal == (
        f"Fatal Python error: {func}: Failed to import the site module\n"
        "Python runtime state: initialized\n"
        "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 5: "
        "invalid start byte")


BIGBAD = b"/tmp\n" + b"#" * 20000 + b"\n" + b"x" * 5000 + b"\xff\n"


@pytest.mark.parametrize("version,position", [
    ("3.8.18", 430), ("3.12.1", 430),  # text-mode iteration: position within the chunk
    ("3.13.0", 25006),  # whole-file decode (gh-77102)
])
def test_decoding_error_position(version: str, position: int) -> None:
    r = pth_world(version, {"x.pth": BIGBAD}).run()
    assert r.fatal is not None
    assert r.fatal.endswith(f"can't decode byte 0xff in position {position}: invalid start byte")


def test_313_falls_back_to_the_locale_encoding() -> None:
    # BOM then a latin-1 byte: utf-8-sig fails, the locale (UTF-8) decode fails at byte 8
    r = pth_world("3.13.0", {"x.pth": b"\xef\xbb\xbf/tmp\n\xe9\n"}).run()
    assert r.fatal is not None and r.fatal.endswith(
        "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 8: "
        "invalid continuation byte")
    latin = pth_world("3.13.0", {"x.pth": b"d1\n\xe9\n"}, env={"HOME": "/home/u",
                                                              "LANG": "fr_FR.ISO-8859-1"}).run()
    assert latin.fatal is None and pth_added(latin) == ["d1"]


@pytest.mark.parametrize("version,env,argv,codec", [
    # observed: UTF-8 mode (on by default in the C locale) made 'locale' UTF-8 before 3.11
    ("3.10.13", {"LC_ALL": "C"}, (), "utf-8"),
    ("3.10.13", {"LC_ALL": "C", "PYTHONUTF8": "0"}, (), "ascii"),
    ("3.11.7", {"LC_ALL": "C"}, (), "ascii"),  # bpo-47000
    ("3.11.7", {"LC_ALL": "C"}, ("-X", "utf8"), "ascii"),
    ("3.11.7", {"LC_CTYPE": "C"}, (), "utf-8"),  # coerced to C.UTF-8 (PEP 538)
    ("3.8.18", {"LC_ALL": "POSIX", "PYTHONUTF8": "1"}, (), "utf-8"),
])
def test_locale_encoding_of_pth_files(version: str, env: dict[str, str], argv: tuple[str, ...],
                                      codec: str) -> None:
    sw = behaviour_for(Version.parse(version))
    inv = Invocation(argv=("python", *argv, "-c", "pass"), env=env, cwd="/")
    config = make_config(inv, parse_command_line(inv.argv), sw)
    assert locale_encoding(config, sw) == codec
    latin = pth_world(version, {"x.pth": b"d1\n\xe9\n"}, env={"HOME": "/home/u", **env},
                      argv=inv.argv).run()
    assert latin.fatal is not None and f"'{codec}' codec can't decode byte 0xe9" in latin.fatal


def test_utf8_path_that_the_filesystem_encoding_cannot_encode_does_not_exist() -> None:
    # observed on 3.13 with LC_ALL=C PYTHONUTF8=0: the line decodes, os.path.exists says no
    caf = "/work/caf\u00e9"
    w = pth_world("3.13.0", {"x.pth": (caf + "\n").encode()},
                  env={"HOME": "/home/u", "LC_ALL": "C", "PYTHONUTF8": "0"})
    w.dirs = (*w.dirs, caf)
    assert caf not in paths(w.run())
    w.env = {"HOME": "/home/u"}
    assert caf in paths(w.run())


def test_big_pth_is_handled_line_by_line() -> None:
    body = b"".join(b"d1\n" if i % 3 == 0 else b"nosuch/%d\n" % (i % 50) for i in range(300_000))
    r = pth_world("3.12.1", {"big.pth": body + b"d2\n"}).run()
    assert pth_added(r) == ["d1", "d2"]
    r = pth_world("3.13.0", {"big.pth": body + b"d2\n"}).run()
    assert pth_added(r) == ["d1", "d2"]


# -- sitecustomize / usercustomize ------------------------------------------------------------


def test_customize_modules_are_reported_not_run() -> None:
    files = {f"{US12}/usercustomize.py": "", "/pp/sitecustomize/__init__.py": ""}
    w = World("3.12.1", files, dirs=("/ns/sitecustomize",),
              msp=("/ns", "/pp", *stdlib("3.12")))
    r = w.run()
    assert [(d.origin, d.path) for d in r.dynamic] == [
        (Origin.SITECUSTOMIZE, "/pp/sitecustomize/__init__.py"),
        (Origin.USERCUSTOMIZE, f"{US12}/usercustomize.py"),
    ]
    w.argv = ("python", "-s", "-c", "pass")
    assert [d.origin for d in w.run().dynamic] == [Origin.SITECUSTOMIZE]


EXT_NAMES = ("sitecustomize.abi3.so", "sitecustomize.cpython-312-x86_64-linux-gnu.so",
             "sitecustomize.cpython-311-x86_64-linux-gnu.so", "sitecustomize.so",
             "sitecustomize.py")


def _customize_found(version: str, names: Iterable[str]) -> str | None:
    w = World(version, {f"/pp/{n}": "" for n in names}, msp=("/pp", *stdlib(version[:4])))
    found = [d.path for d in w.run().dynamic if d.origin == Origin.SITECUSTOMIZE]
    return found[0] if found else None


@pytest.mark.parametrize("version", ["3.11.7", "3.12.1"])
def test_customize_extension_suffixes_in_importlib_order(version: str) -> None:
    # importlib's EXTENSION_SUFFIXES: this version's tag, then abi3, then bare .so; then
    # source.  A tag of another version is never imported.
    tag = f"sitecustomize.cpython-3{version[2:4]}-x86_64-linux-gnu.so"
    names = list(EXT_NAMES)
    assert _customize_found(version, names) == f"/pp/{tag}"
    names.remove(tag)
    assert _customize_found(version, names) == "/pp/sitecustomize.abi3.so"
    names.remove("sitecustomize.abi3.so")
    assert _customize_found(version, names) == "/pp/sitecustomize.so"
    names.remove("sitecustomize.so")
    assert _customize_found(version, names) == "/pp/sitecustomize.py"


def test_customize_extension_order_matches_this_interpreters_filefinder(tmp_path: Path) -> None:
    import importlib.machinery
    import sysconfig

    v = sys.version_info
    tagged = f"sitecustomize{sysconfig.get_config_var('EXT_SUFFIX')}"
    names = [tagged, "sitecustomize.abi3.so", "sitecustomize.so", "sitecustomize.py",
             f"sitecustomize.cpython-3{v.minor - 1}-x86_64-linux-gnu.so"]
    for n in names:
        (tmp_path / n).write_bytes(b"")
    while names:
        finder = importlib.machinery.FileFinder(
            str(tmp_path), (importlib.machinery.ExtensionFileLoader,
                            importlib.machinery.EXTENSION_SUFFIXES),
            (importlib.machinery.SourceFileLoader, [".py"]))
        spec = finder.find_spec("sitecustomize")
        expected = None if spec is None else os.path.basename(str(spec.origin))
        found = _customize_found(f"{v.major}.{v.minor}.{v.micro}", names)
        assert (found and found[len("/pp/"):]) == expected
        if expected is None:
            break
        names.remove(expected)
        (tmp_path / expected).unlink()


# -- import lines that cannot succeed -------------------------------------------------------

IMPORT_PTHS = {
    "a.pth": b"import os\x00\nd1\n",
    "b.pth": b"import nosuchmod_xyz\nd2\n",
    "c.pth": b"d3\nimport modind3\nd4\n",  # found in a directory added just before
    "d.pth": b"import nsdir, math, json\nd5\n",  # namespace dir, extension, stdlib package
    "e.pth": b"import os.nosuchsub\nd6\n",
}


def import_world(version: str, pths: Mapping[str, bytes] = IMPORT_PTHS) -> World:
    xy = ".".join(version.split(".")[:2])
    us = f"/home/u/.local/lib/python{xy}/site-packages"
    files: dict[str, str | bytes] = {f"{us}/{k}": v for k, v in pths.items()}
    files[f"{us}/d3/modind3.py"] = ""
    files[f"{PREFIX}/lib/python{xy}/os.py"] = ""
    files[f"{PREFIX}/lib/python{xy}/json/__init__.py"] = ""
    dirs = tuple(f"{us}/{d}" for d in ("d1", "d2", "d4", "d5", "d6", "nsdir"))
    return World(version, files, dirs=dirs)


@pytest.mark.parametrize("version,nul_error", [
    ("3.8.18", "ValueError"), ("3.11.2", "ValueError"),  # Debian's 3.11.2
    ("3.11.7", "SyntaxError"), ("3.12.1", "SyntaxError"),  # gh-96670, backported to 3.11.4
])
def test_import_lines_that_fail_end_their_file(version: str, nul_error: str) -> None:
    # Observed: the same four errors on stderr; only d3, d4, d5 reach sys.path.
    r = import_world(version).run()
    assert pth_added(r) == ["d3", "d4", "d5"]
    exceptions = [w.splitlines()[2].strip() for w in r.warnings]
    assert exceptions == [
        f"{nul_error}: source code string cannot contain null bytes",
        "ModuleNotFoundError: No module named 'nosuchmod_xyz'",
        "ModuleNotFoundError: No module named 'os.nosuchsub'; 'os' is not a package",
    ]


def test_after_code_that_may_install_a_hook_import_failures_are_not_predicted() -> None:
    pths = {"a.pth": b"import os; os.environ.setdefault('X', '1')\n",
            "b.pth": b"import nosuchmod_xyz\nd2\n"}
    r = import_world("3.12.1", pths).run()
    assert pth_added(r) == ["d2"] and r.warnings == ()


def test_exec_prefix_different_from_prefix_adds_both() -> None:
    # site.py rule: PREFIXES = [sys.prefix, sys.exec_prefix], each with its site-packages
    v = Version.parse("3.12.1")
    sw = behaviour_for(v)
    inv = Invocation(argv=("python", "-c", "pass"), env={"HOME": "/h"}, cwd="/")
    config = make_config(inv, parse_command_line(inv.argv), sw)
    pc = PathConfig(executable="/e/bin/python", base_executable="", prefix="/p",
                    exec_prefix="/e", base_prefix="/p", base_exec_prefix="/e", stdlib_dir="")
    fs = MemoryFS(dirs=("/p/lib/python3.12/site-packages", "/e/lib/python3.12/site-packages"))
    r = run_site(Interpreter(version=v), config, pc, fs, sw, Trace())
    assert paths(r) == ["/p/lib/python3.12/site-packages", "/e/lib/python3.12/site-packages"]
    assert r.flags["PREFIXES"] == ["/p", "/e"]
