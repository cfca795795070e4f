"""Running the API in server processes: the tuning every server process gets, and the app
factory uvicorn's worker processes call (`ceasefire serve --workers N`)."""

from __future__ import annotations

import gc
import os
import sys

from fastapi import FastAPI

from ceasefire.api.app import LinkingMode, create_app
from ceasefire.config import Settings

__all__ = ["LINKING_ENV", "SWITCH_INTERVAL", "app_from_environment", "tune_process"]

SWITCH_INTERVAL = 0.0005
"""Seconds a thread may hold the interpreter lock while another waits for it (Python's
default is 0.005)."""

LINKING_ENV = "CEASEFIRE_SERVE_LINKING"
"""Where a worker process runs the linking worker (`create_app`'s `linking`)."""


def tune_process() -> None:
    """Settle a server process once its app is built.

    What start-up loaded lives as long as the server: it is frozen out of the garbage
    collector's full passes (the first one walked it all, 180 ms, in the middle of a
    request). The report filer's thread computes between its waits for the disk, and the
    event loop gives the interpreter lock up at every socket read and write: it must not
    wait the default 5 ms to get it back each time."""
    gc.collect()
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL)


def app_from_environment() -> FastAPI:
    """The app of one worker process, from the `CEASEFIRE_*` variables `serve` sets."""
    mode = os.environ.get(LINKING_ENV, "off")
    linking: LinkingMode = "thread" if mode == "thread" else "off"
    app = create_app(Settings.from_env(), linking=linking)
    tune_process()
    return app
