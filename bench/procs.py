"""Processes and their memory, as Linux's /proc shows them."""

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
