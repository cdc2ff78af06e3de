"""How `normbook serve` runs the app: uvicorn alone for one worker; for several, gunicorn's
arbiter with uvicorn workers, each listening on its own socket.

One socket shared by the workers gives each new connection to whichever worker wakes first, and
uvloop then accepts every connection waiting: a burst of them (a benchmark's 32, a proxy's pool)
went 23 to 9, or all 32 to one worker while the other idled. With gunicorn's `reuse_port`, each
worker binds its own socket with SO_REUSEPORT and the kernel spreads the connections over them.
"""

import argparse
import gc
import importlib
import os
import sys
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication
from uvicorn_worker import UvicornWorker

if TYPE_CHECKING:
    from fastapi import FastAPI

SERVING_GC_THRESHOLD = 10_000
SWITCH_INTERVAL = 0.001
# A worker importing the app on a busy machine must not be taken for dead and restarted.
WORKER_TIMEOUT = 60


def import_application() -> None:
    """Import the app with the garbage collector paused, then freeze what it made.

    The import makes over 100,000 objects that live as long as the process: collecting while they
    are made costs a tenth of the import, and once frozen they are not scanned again. Done before
    gunicorn forks its workers, they share the imported modules instead of each importing them.
    """
    gc.disable()
    try:
        import api.app  # noqa: F401  (the workers find it imported)
    finally:
        gc.freeze()
        gc.enable()


def served_app() -> "FastAPI":
    """The app as each worker of `normbook serve` runs it, with the garbage collector set for
    serving.

    What exists once the app is made lives as long as the worker: frozen, full collections leave
    it out. A request leaves about 200 objects in reference cycles (template macros imported with
    their context, dependency exit stacks): collecting every 700 allocations, as by default, cost
    a tenth of a page's CPU and put up to 170 ms pauses in a worker under load. Every 10,000, a
    practice page served 20-40% more requests with a lower p99 (A/B, 32 connections, 2 workers).
    """
    from api.app import create_app
    from api.encoder import ENVIRONMENT
    from submissions import embeddings

    _limit_malloc_arenas()
    # Texts are encoded by the encoder process `serve` started: not one model a worker.
    embeddings.use_service(os.environ.get(ENVIRONMENT))
    app = create_app()
    gc.collect()
    gc.freeze()
    gc.set_threshold(SERVING_GC_THRESHOLD, 10, 10)
    # Threads rendering pages hand the interpreter back to the event loop every millisecond rather
    # than five, so that a short request is not kept waiting behind them.
    sys.setswitchinterval(SWITCH_INTERVAL)
    return app


MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt parameter


def _limit_malloc_arenas() -> None:
    """Two malloc arenas for the request threads instead of glibc's eight a core: each arena
    keeps the memory its threads freed, and with 40 threads a worker held 40-80 MB more at 32
    connections (bench/README.md, "memory of a serving process"). Not glibc: left as it is."""
    import ctypes
    import ctypes.util

    with suppress(OSError, AttributeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt(
            _M_ARENA_MAX, MALLOC_ARENAS
        )


class Worker(UvicornWorker):  # type: ignore[misc]  # uvicorn-worker is untyped
    """uvicorn (uvloop, httptools) in a gunicorn worker; forwarded headers are read by the app,
    from NORMBOOK_TRUSTED_PROXIES only."""

    CONFIG_KWARGS = {"loop": "auto", "http": "auto", "proxy_headers": False}  # noqa: RUF012 (as its base)


class Arbiter(BaseApplication):  # type: ignore[misc]  # gunicorn is untyped
    """gunicorn configured in code (its documented custom application), the app made by each
    worker."""

    def __init__(self, options: dict[str, Any], factory: str) -> None:
        self.options = options
        self.factory = factory
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        module, name = self.factory.split(":")
        return getattr(importlib.import_module(module), name)()


def options(host: str, port: int, workers: int) -> dict[str, Any]:
    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers,
        "worker_class": f"{__name__}.Worker",
        "reuse_port": True,  # a socket per worker: the kernel spreads the connections
        "timeout": WORKER_TIMEOUT,
        "graceful_timeout": 20,
        "accesslog": "-",
        # Instances side by side on one machine would share one control socket; signals suffice.
        "control_socket_disable": True,
        "loglevel": "info",
    }


def serve(host: str, port: int, workers: int, factory: str = "api.serving:served_app") -> None:
    """Serve until stopped (`factory`, "module:function", makes the app in each worker)."""
    if workers == 1:
        import uvicorn

        import_application()
        uvicorn.run(
            factory,
            factory=True,
            host=host,
            port=port,
            proxy_headers=False,  # read by the app, from NORMBOOK_TRUSTED_PROXIES only
            log_level="info",
        )
        return
    if factory == "api.serving:served_app":
        import_application()
    Arbiter(options(host, port, workers), factory).run()


def main() -> None:
    """Serve another app as Normbook is served: `python -m api.serving bench.bare:create_app`."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("factory", help="module:function making the app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    serve(args.host, args.port, args.workers, args.factory)


if __name__ == "__main__":
    main()
