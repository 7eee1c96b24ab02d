"""Run ``site_sandbox`` inside the interpreter whose site.py is the oracle (tests only).

Usage: ``python3.X -I -S site_remote.py SRC_DIR ORACLE_DIR < jobs.json > outcomes.json``.

For a site.py the host cannot compile (3.14's ``except A, B:``, 3.15's ``lazy import``)
the sandbox runs in the target itself: each job is a world (its disk rebuilt here as a
:class:`pywhence.disk.fs.MemoryFS`) and the :class:`site_sandbox.SiteInputs` the host
computed from pywhence's path configuration; the outcome goes back as JSON.
"""

from __future__ import annotations

import dataclasses
import json
import sys


def main() -> None:
    sys.path[:0] = [sys.argv[1], sys.argv[2]]
    import site_sandbox as sb

    from pywhence.disk.fs import LocalFS
    from pywhence.disk.world import world_from_dict

    payload = json.load(sys.stdin)
    source = sb.SiteSource(**{**payload["source"], "version": tuple(payload["source"]["version"])})
    out = []
    for job in payload["jobs"]:
        # no world: the real disk (the calibration against the real interpreter)
        fs = LocalFS() if job["world"] is None else world_from_dict(job["world"]).fs
        raw = dict(job["inputs"])
        raw["locale"] = sb.LocaleFacts(**raw["locale"])
        inputs = sb.SiteInputs(fs=fs, **raw)
        try:
            outcome = sb.run_site_py(source, inputs)
        except sb.SandboxError as exc:
            out.append({"sandbox_error": str(exc)})
            continue
        out.append(dataclasses.asdict(outcome))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
