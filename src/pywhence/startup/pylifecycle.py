"""Orchestration: command line -> path configuration -> site -> sys.path[0] -> Startup.

Each stage is a function of explicit inputs (target facts, config, filesystem, behaviour
switches) that appends to one :class:`~pywhence.trace.Trace`; nothing here reads the
running interpreter, ``os.environ`` or the host disk.
"""

from __future__ import annotations

from .._memo import forget_with
from .._record import replace
from ..disk.fs import FileSystem, MemoFS
from ..invocation import Invocation
from ..target.behaviour import behaviour_for
from ..target.interpreter import Interpreter
from ..trace import Trace
from .getopt import CommandLineError, parse_command_line
from .initconfig import Config, make_config
from .result import Entry, PathConfig, Startup

__all__ = ["compute_startup", "compute_startup_remembered"]


def compute_startup(target: Interpreter, inv: Invocation, fs: FileSystem) -> Startup:
    """The interpreter's state after startup, for one invocation on one disk."""
    return _compute(target, inv, MemoFS(fs))


#: Remembered computations on a live disk: inputs -> (variables read, disk answers, result).
_REMEMBERED: dict[tuple[object, ...], tuple[tuple[tuple[str, str | None], ...], MemoFS, Startup]] = {}
_REMEMBERED_SIZE = 256
forget_with(_REMEMBERED.clear)


def compute_startup_remembered(target: Interpreter, inv: Invocation, fs: FileSystem) -> Startup:
    """:func:`compute_startup`, reusing an earlier result when it is provably the same.

    The model is a pure function of its inputs: the target facts, the invocation, the
    environment variables it looks up and the answers the disk gives it.  The last
    computation for the same target and invocation is kept with the variables it read
    and every question it asked the disk; when each variable has the same value and each
    question still gets the same answer (asked again, one system call each), the result
    cannot differ and is returned as is.  Tools that ask again and again (an editor on
    every keystroke) pay for the questions, not for the model.
    """
    from ..invocation import RecordingEnv

    key = (target, inv.argv, inv.cwd, inv.real_executable, inv.library,
           tuple(sorted(inv.registry.items())), inv.embed, inv.uid, inv.euid, inv.gid,
           inv.egid, inv.passwd_home, fs.flavour, getattr(fs, "root", None), type(fs))
    hit = _REMEMBERED.get(key)
    if hit is not None:
        seen, memo, startup = hit
        if all(inv.env.get(name) == value for name, value in seen) and memo.still_answers(fs):
            return startup
    env = RecordingEnv(inv.env)
    memo = MemoFS(fs)
    startup = _compute(target, replace(inv, env=env), memo)
    if len(_REMEMBERED) >= _REMEMBERED_SIZE:
        _REMEMBERED.clear()
    _REMEMBERED[key] = (tuple((n, inv.env.get(n)) for n in sorted(env.seen)), memo, startup)
    return startup


def _compute(target: Interpreter, inv: Invocation, fs: MemoFS) -> Startup:
    from . import getpath, path0, site
    from .config_checks import config_fatal, import_fatal, preconfig_fatal, tracemalloc_fatal
    from .special_files import StartupHangs

    sw = behaviour_for(target.version)
    trace = Trace()
    # UTF-8 mode and the allocator are settled (and refused) before the command line
    early = preconfig_fatal(inv, sw)
    try:
        cl = parse_command_line(inv.argv, safe_path_option=sw.safe_path)
    except CommandLineError as exc:
        cl = None
        trace.add("cmdline", "command line refused", str(exc), " ".join(inv.argv))
        config = make_config(inv, None, sw)
        pc = getpath.compute_path_config(target, config, fs, sw, trace)
        return _finish(target, config, pc, pc.module_search_paths, (), pc.prefix, pc.exec_prefix,
                       pc.base_executable, (), early or f"{exc} (python exits with status 2)",
                       trace)
    if inv.embed is None and cl is not None:
        trace.add("cmdline", "run mode", f"{cl.run_mode} {cl.run_target or ''}".strip(), *inv.argv)
    config = make_config(inv, cl, sw)
    for flag, source in config.flag_sources:
        trace.add("cmdline", "flag", f"{flag} set by {source}", source)

    # PyConfig refuses a value (PYTHONHASHSEED=banana): the path configuration is still
    # shown, as CPython would have computed it, with the fatal error
    early = early or config_fatal(config, target, sw)
    if early is not None:
        trace.add("initconfig", "value refused", early.splitlines()[0])
    pc = getpath.compute_path_config(target, config, fs, sw, trace,
                                     then_fatal=None if early else import_fatal(config, sw))
    fatal = early or pc.fatal or tracemalloc_fatal(config, sw)
    if fatal:
        return _finish(target, config, pc, pc.module_search_paths, (), pc.prefix, pc.exec_prefix,
                       pc.base_executable, (), fatal, trace)
    # A ._pth file may have changed flags; site and sys.path[0] see the updated ones.
    config = replace(
        config,
        isolated=pc.isolated,
        use_environment=pc.use_environment,
        site_import=pc.site_import,
        safe_path=pc.safe_path,
        # Before 3.15 a ._pth file turns isolation on only after the user-site flag was
        # settled, so site still adds the user site (gh-120037); pc says when it differs.
        user_site_directory=(
            config.user_site_directory if pc.user_site_directory is None else pc.user_site_directory
        ),
    )

    try:
        sr = site.run_site(target, config, pc, fs, sw, trace)
    except StartupHangs as exc:  # a FIFO as a .pth file: site.py's open() never returns
        trace.add("site", "hangs", str(exc))
        return _finish(target, config, pc, pc.module_search_paths, (), pc.prefix, pc.exec_prefix,
                       pc.base_executable, (), str(exc), trace)
    entries = list(sr.entries)
    fatal = sr.fatal
    if fatal is None and inv.embed is None:
        first, fatal = path0.compute_path0(target, config, fs, sw, trace, executable=pc.executable)
        if first is not None:
            entries.insert(0, first)
    return _finish(target, config, pc, tuple(entries), sr.dynamic, sr.prefix, sr.exec_prefix,
                   sr.base_executable, sr.warnings, fatal, trace, site_flags=sr.flags)


def _finish(
    target: Interpreter,
    config: Config,
    pc: PathConfig,
    entries: tuple[Entry, ...],
    dynamic: tuple[Entry, ...],
    prefix: str,
    exec_prefix: str,
    base_executable: str,
    site_warnings: tuple[str, ...],
    fatal: str | None,
    trace: Trace,
    site_flags: dict[str, object] | None = None,
) -> Startup:
    flags: dict[str, object] = {
        "isolated": pc.isolated,
        "use_environment": pc.use_environment,
        "site_import": pc.site_import,
        "safe_path": pc.safe_path,
        "user_site_directory": config.user_site_directory,
        "dont_write_bytecode": config.dont_write_bytecode,
    }
    if config.cmdline is not None:
        flags["run_mode"] = config.cmdline.run_mode
        flags["argv"] = config.cmdline.sys_argv
    flags.update(site_flags or {})
    return Startup(
        executable=pc.executable,
        base_executable=base_executable,
        prefix=prefix,
        exec_prefix=exec_prefix,
        base_prefix=pc.base_prefix,
        base_exec_prefix=pc.base_exec_prefix,
        entries=entries,
        path_config=pc,
        warnings=pc.warnings + site_warnings,
        fatal=fatal or pc.fatal,
        dynamic=dynamic,
        flags=flags,
        version=str(target.version),
        platform=target.platform,
        trace=tuple(trace.decisions),
        probe=_probe_report(target),
    )


def _probe_report(target: Interpreter) -> dict[str, object] | None:
    """What ``--probe`` did, from the provenance discovery recorded (target/probe.py's
    ``PROBE_STATUS`` and ``PROBE_CACHE`` keys): None when it was not asked for."""
    prov = dict(target.provenance)
    status = prov.get("probe status")
    if status is None:
        return None
    return {"ran": status.startswith("ran "), "cache": prov.get("probe cache"),
            "detail": status}
