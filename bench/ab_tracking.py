"""Two checkouts of Miz side by side on public tracking: one gunicorn sync worker each, the same
database, sequential visits taken in turn (new, old, old, new, …), so a change too small for the
side-by-side bench's spread (a round trip less) can be seen.

    .venv/bin/python bench/ab_tracking.py --old /tmp/old --new . [--visits 3000] [--profile SECONDS [--gil]]

Run `bench/helpdesk_side_by_side.py` once first: it fills the database `miz_h18bench` and collects
the static files this uses. Each checkout is served from its own directory (a `git worktree` of
the older commit), with the runtime virtualenv `--runtime` (as the side-by-side's `--miz-runtime`)
and production settings. Prints, per checkout, the median, mean and 90th percentile of a visit's
latency seen by the client and the worker's CPU per visit (/proc). With `--profile SECONDS` it
records the new checkout's worker with py-spy instead (`--output`, py-spy's raw format) while
visiting it for that long (whole seconds); with `--gil`, only the samples that hold the GIL (its
CPU, not its waits).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import helpdesk_side_by_side as sbs

HERE = Path(__file__).resolve().parent


def start(root: Path, runtime: Path, var: Path) -> tuple[subprocess.Popen, sbs.Site, dict]:
    port = sbs.free_port()
    env = {**sbs.miz_env(var), "PYTHONPATH": str(root), "MALLOC_MMAP_THRESHOLD_": "131072"}
    command = [str(runtime / "bin" / "gunicorn"), "miz.wsgi:application"]
    server = sbs.serve(command, root, env, port, workers=1)
    site = sbs.Site(port)
    try:
        return server, site, sbs.csrf(site, "/desk/track/", {})
    except BaseException:
        stop(server)
        raise


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--visits", type=int, default=3000)
    parser.add_argument("--runtime", type=Path, default=Path(tempfile.gettempdir()) / "miz-runtime-venv")
    parser.add_argument("--var", type=Path, default=Path(tempfile.gettempdir()) / "miz-helpdesk-bench")
    parser.add_argument("--profile", type=int, default=0, help="seconds (py-spy takes whole seconds)")
    parser.add_argument("--gil", action="store_true", help="with --profile: samples holding the GIL only")
    parser.add_argument("--output", type=Path, default=Path(tempfile.gettempdir()) / "ab_tracking.spy")
    args = parser.parse_args()
    setup = [sys.executable, str(HERE / "helpdesk" / "miz_setup.py"), "--count", "0", "--base", "0"]
    setup += ["--database-url", sbs.PG + sbs.MIZ_DB, "--reuse"]
    env = {**sbs.miz_env(args.var), "DEBUG": "1"}
    out = subprocess.run(setup, cwd=sbs.ROOT, env=env, check=True, capture_output=True, text=True).stdout
    requests = json.loads(out.strip().splitlines()[-1])["requests"]
    servers, recorder = {}, None

    def visit(name: str, i: int) -> None:
        _server, site, jar = servers[name]
        r = requests[i % len(requests)]
        sbs.form_post(
            site, "/desk/track/", jar, {"code": r["code"], "identifier": r["identifier"]}, None, 200
        )

    try:
        for name, root in (("old", args.old), ("new", args.new)):
            servers[name] = start(root.resolve(), args.runtime, args.var)
        for name in servers:  # warm: templates, prepared queries, connections
            for i in range(50):
                visit(name, i)
        workers = {name: sbs.worker_pids(server.pid)[0] for name, (server, _s, _j) in servers.items()}
        if args.profile:
            spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
            record = [spy, "record", "-r", "400", "-d", str(args.profile), "--nonblocking", "-f", "raw"]
            record += ["--gil"] if args.gil else []
            recorder = subprocess.Popen([*record, "-o", str(args.output), "-p", str(workers["new"])])
            i = 0
            while recorder.poll() is None:
                visit("new", i)
                i += 1
            print(f"{i} visits of the new checkout recorded in {args.output}")
            return 0
        latency = {name: [] for name in servers}
        before = {name: cpu_seconds(pid) for name, pid in workers.items()}
        for i in range(args.visits):
            for name in ("new", "old") if i % 2 == 0 else ("old", "new"):
                started = time.perf_counter()
                visit(name, i)
                latency[name].append((time.perf_counter() - started) * 1000)
        for name, times in latency.items():
            cpu = (cpu_seconds(workers[name]) - before[name]) * 1000 / args.visits
            times.sort()
            print(
                f"{name}: median {statistics.median(times):.3f} ms, mean {statistics.fmean(times):.3f} ms, "
                f"p90 {times[int(0.9 * len(times))]:.3f} ms, worker CPU {cpu:.3f} ms a visit"
            )
    finally:  # whatever failed, nothing is left running
        if recorder is not None and recorder.poll() is None:
            stop(recorder)
        for server, _site, _jar in servers.values():
            stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
