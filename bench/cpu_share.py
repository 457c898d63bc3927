"""Where a side-by-side round's CPU went: the site's web workers, Redis and the load client itself
(`helpdesk_side_by_side.py`), read from /proc before and after the round. PostgreSQL is left out:
summed over its processes, with the postmaster's ended children, it still came out below zero in
some rounds (backends of the other site ending in between), so no figure of it is given.

On a machine of two cores the load client (Python threads writing and reading HTTP) and the
databases share the cores with the two sites' workers, so a site's visits a second are bounded by
what every visit costs all of them, not only the site's own code. CPU milliseconds per visit say
what each part costs whatever the machine's speed at that moment (this machine's speed moves by a
third between minutes: a rate alone compares only runs of one sitting)."""

import os
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
PARTS = ("workers", "redis", "client")


def cpu_seconds(pids) -> float:
    """User and system CPU seconds of the processes (those gone are left out)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return ticks / TICK


def named(command: str) -> list[int]:
    """Every process whose command name is `command` (`redis-server`)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if text[text.index("(") + 1 : text.rindex(")")] == command:
            pids.append(int(stat.parent.name))
    return pids


def snapshot(workers: list[int]) -> dict[str, float]:
    """The CPU seconds so far of each part; `workers`: the site's processes (Miz's web workers
    and, with `--pdf-check checker`, its PDF checker's)."""
    client = os.times()
    return {
        "workers": cpu_seconds(workers),
        "redis": cpu_seconds(named("redis-server")),
        "client": client.user + client.system,
    }


@dataclass
class Tally:
    """A page's CPU seconds by part and its visits, summed over rounds."""

    visits: int = 0
    seconds: dict | None = None

    def add(self, before: dict, after: dict, visits: int) -> None:
        self.seconds = self.seconds or dict.fromkeys(PARTS, 0.0)
        for part in PARTS:
            self.seconds[part] += after[part] - before[part]
        self.visits += visits

    def ms_per_visit(self, part: str) -> float:
        return 1000 * self.seconds[part] / self.visits if self.visits else 0.0


def table(pages, tallies) -> str:
    """A Markdown table of each page's CPU ms per visit, Miz / helpdesk, by part."""
    lines = [
        "| page | web workers, Miz / helpdesk | ÷ | Redis | load client |",
        "|---|---|---|---|---|",
    ]
    for page, miz_page, _hd_page in pages:
        m, h = tallies[page, "miz"], tallies[page, "helpdesk"]
        mw, hw = m.ms_per_visit("workers"), h.ms_per_visit("workers")
        cells = [f"{m.ms_per_visit(p):.2f} / {h.ms_per_visit(p):.2f}" for p in PARTS[1:]]
        share = f"{hw / mw:.2f}×" if mw else "—"
        lines.append(f"| {miz_page} | {mw:.2f} / {hw:.2f} | {share} | {' | '.join(cells)} |")
    return "\n".join(lines)
