"""Benchmark: what the PDF structure check costs a filing where it runs (decisions 0126, 0136).

    .venv/bin/python bench/pdf_check.py [--checks 40] [--size 512000] [--workers 2]

Checks the same `--size` PDF (a one-page scan-like PDF, as the side-by-side benchmark files)
`--checks` times through `core.filecheck.check_pdf` with each setting: in the web process
(`MIZ_UPLOAD_PDF_CHECK_IN_PROCESS=1`, the default), through the node's checker (`deploy/entrypoint.sh
pdfcheck` on a UNIX socket, `MIZ_UPLOAD_PDF_CHECKER`), and in a child process per PDF
(`MIZ_UPLOAD_PDF_CHECK_IN_PROCESS=0`). Rounds interleave the three settings so a shared
machine's load falls on all alike. The first check of each setting is timed apart (pypdf is
already imported here: it makes the PDF). Prints the median and 90th percentile in milliseconds,
and the checker's processes' PSS.
"""

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=40)
    parser.add_argument("--size", type=int, default=500 * 1024)
    parser.add_argument("--workers", type=int, default=2, help="the checker's processes")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miz.settings")
    os.environ.setdefault("DEBUG", "1")  # no page is served: the settings need no secret
    import django

    django.setup()
    from django.conf import settings
    from storage_throughput import padded_pdf
    from worker_memory import pss_mb, start_pdf_checker

    from core.filecheck import check_pdf

    pdf = padded_pdf(args.size)
    folder = Path(tempfile.mkdtemp(prefix="miz-pdfcheck-"))
    sock = folder / "pdfcheck.sock"
    checker = start_pdf_checker(dict(os.environ), sock, workers=args.workers)
    modes = {
        "in the web process": {"MIZ_UPLOAD_PDF_CHECKER": "", "MIZ_UPLOAD_PDF_CHECK_IN_PROCESS": True},
        "the node's checker": {"MIZ_UPLOAD_PDF_CHECKER": f"unix:{sock}"},
        "a child process": {"MIZ_UPLOAD_PDF_CHECKER": "", "MIZ_UPLOAD_PDF_CHECK_IN_PROCESS": False},
    }
    try:
        times: dict[str, list[float]] = {mode: [] for mode in modes}
        first: dict[str, float] = {}
        for round_ in range(args.checks + 1):
            order = list(modes) if round_ % 2 == 0 else list(modes)[::-1]
            for mode in order:
                for name, value in modes[mode].items():
                    setattr(settings, name, value)
                started = time.perf_counter()
                check_pdf(pdf)
                elapsed = (time.perf_counter() - started) * 1000
                if round_ == 0:
                    first[mode] = elapsed
                else:
                    times[mode].append(elapsed)
        print(f"check_pdf of a {len(pdf) / 1024:.0f} KB PDF, {args.checks} checks each, rounds interleaved")
        for mode, values in times.items():
            values.sort()
            p90 = values[int(len(values) * 0.9) - 1]
            print(
                f"  {mode:20} median {statistics.median(values):7.1f} ms   p90 {p90:7.1f} ms   "
                f"first {first[mode]:7.1f} ms"
            )
        children = Path(f"/proc/{checker.pid}/task/{checker.pid}/children").read_text().split()
        pss = [pss_mb(pid) for pid in (checker.pid, *map(int, children))]
        shares = " + ".join(f"{mb:.1f}" for mb in pss)
        print(f"the checker's {len(pss)} processes: PSS {shares} = {sum(pss):.1f} MB")
        return 0
    finally:
        checker.send_signal(signal.SIGTERM)
        checker.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
