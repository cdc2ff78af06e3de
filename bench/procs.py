"""Processes and their memory, as Linux's /proc shows them."""

import os
from contextlib import suppress
from pathlib import Path


def descendants(pid: int | str) -> list[int]:
    """Every process started by `pid` and by those, whichever of its threads started it (a
    process pool replaces its workers from a thread of its own)."""
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        with suppress(OSError):
            for child in map(int, children.read_text().split()):
                found += [child, *descendants(child)]
    return found


def status_kib(pid: int | str, field: str) -> int:
    """A figure of /proc/<pid>/status in KiB, such as VmRSS or VmHWM; 0 once the process is gone."""
    with suppress(OSError), open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes (their threads included) so far."""
    ticks = 0
    for pid in pids:
        with suppress(OSError), open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")
