"""Building a report allocates hundreds of thousands of small objects and no reference cycles:
the cyclic garbage collector would only re-scan the whole heap again and again meanwhile."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
