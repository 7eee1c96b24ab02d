"""Run one differential scenario by hand and show both sides.

    python tests/differential/show.py --list
    python tests/differential/show.py venv-symlinks 3.12.1
    python tests/differential/show.py venv-symlinks 3.12.1 --oracle-only --keep

Builds the scenario's layout in a fresh temp folder (kept with --keep), prints the real
run as a shell command, what the real interpreter reported, and, unless --oracle-only,
what pywhence.compute says, the fields that differ and the model's trace.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from differential.harness import (
    PROBE,
    Workspace,
    compare,
    discover_interpreters,
    format_report,
    format_trace,
    run_model,
    run_oracle,
    shell_command,
)
from differential.scenarios import APPLIES, SCENARIOS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", nargs="?")
    ap.add_argument("interp", nargs="?", help="interpreter id (default: every one)")
    ap.add_argument("--list", action="store_true", help="list scenarios and interpreters")
    ap.add_argument("--oracle-only", action="store_true", help="do not run the model")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    opts = ap.parse_args(argv)
    interps = discover_interpreters()
    if opts.list or not opts.scenario:
        print("interpreters:", " ".join(i.id for i in interps))
        print("scenarios:\n  " + "\n  ".join(SCENARIOS))
        return 0
    if opts.scenario not in SCENARIOS:
        print(f"unknown scenario {opts.scenario!r} (see --list)", file=sys.stderr)
        return 2
    chosen = [i for i in interps if opts.interp in (None, i.id)]
    if not chosen:
        print(f"unknown interpreter {opts.interp!r} (see --list)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="pywhence_diff_"))
    status = 0
    try:
        for interp in chosen:
            if opts.scenario in APPLIES and not APPLIES[opts.scenario](interp):
                continue
            root = tmp / f"{opts.scenario}-{interp.id}".replace(".", "_")
            root.mkdir()
            ws = Workspace(root=root, shared_root=tmp / "_shared", interp=interp)
            case = ws and SCENARIOS[opts.scenario](ws)
            print(f"=== {opts.scenario}[{interp.id}]  {case.note}")
            print(f"PROBE={json.dumps(PROBE)}")
            print(shell_command(case))
            real = run_oracle(case)
            twin = run_oracle(case.with_S()) if case.twin and not real.fatal else None
            print(f"real: exit {real.returncode}")
            print(json.dumps(real.state or real.dump, indent=2))
            if real.stderr.strip():
                print("real stderr:\n  " + "\n  ".join(real.stderr.strip().splitlines()))
            if twin is not None and twin.state is not None:
                print("real with -S: sys.path =", json.dumps(twin.state["path"]))
            if opts.oracle_only:
                continue
            startup = run_model(case)
            print("computed:", json.dumps({k: v for k, v in startup.to_dict().items()
                                           if k not in ("trace", "entries")}, indent=2))
            mism = compare(case, real, startup, twin)
            if mism:
                status = 1
                print(format_report(opts.scenario, interp, case, real, startup, mism))
            else:
                print("AGREE")
                print("model trace:\n" + "\n".join(format_trace(startup)))
    finally:
        if opts.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
