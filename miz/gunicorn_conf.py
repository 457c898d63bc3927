"""Gunicorn settings for Prometheus' multiprocess mode: `gunicorn -c miz/gunicorn_conf.py miz.wsgi`.

Each gunicorn worker is its own process with its own memory, and a scrape reaches one of them,
so the request-latency histogram (core.metrics) is written by every worker to files in
`PROMETHEUS_MULTIPROC_DIR`, which `/metrics` adds up (prometheus_client's multiprocess mode).
This file, read by the master before any worker starts:

- points `PROMETHEUS_MULTIPROC_DIR` at `$MIZ_VAR_DIR/prometheus` unless the environment names a
  directory (a tmpfs such as /run/miz/prometheus is best: the files are memory-mapped);
- empties that directory when the master starts, so samples of an earlier run are not counted
  again (it must belong to this gunicorn alone);
- tells prometheus_client when a worker exits (`child_exit`), so its live gauges are dropped;
  its counters and histograms stay in the totals, as Prometheus expects of counters.

Everything else (bind, workers, timeouts) comes from the command line or GUNICORN_CMD_ARGS, or
from a deployment's own config file that imports these hooks.
"""

import os
from pathlib import Path

_var = Path(os.environ.get("MIZ_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
MULTIPROC_DIR = Path(os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_var / "prometheus")))


def on_starting(server) -> None:
    """Start the totals afresh: remove the files an earlier master left."""
    MULTIPROC_DIR.mkdir(parents=True, exist_ok=True)
    for stale in MULTIPROC_DIR.glob("*.db"):
        stale.unlink()


def child_exit(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid, str(MULTIPROC_DIR))
