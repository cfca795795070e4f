"""The linking worker in a process of its own, beside the API server.

Linking is CPU work: about 0.1 s a report at 100,000 stored. In the server's process it
competes for the interpreter lock with the requests, and a thread that computes for long
stretches makes every request that gives the lock up (to read a socket, to wait for the
disk) wait up to the interpreter's switch interval to get it back: with the worker busy,
report creation fell to a fifth. In its own process the worker shares only the machine's
cores; it finds its work in the database (the reports in no incident) as before, and the
server wakes it through an event when it stores reports.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from multiprocessing.context import SpawnProcess

from ceasefire.config import Settings
from ceasefire.services.database import Database
from ceasefire.services.link_queue import Flag, LinkWorker

__all__ = ["LinkProcess"]

_SPAWN = multiprocessing.get_context("spawn")
NICENESS = 15
"""How much lower the linking process's scheduling priority is than the server's."""


class LinkProcess:
    """`LinkWorker` run in a child process (started fresh, not forked from the server and
    its threads); `start`, `notify` and `stop` as the thread version."""

    def __init__(self, settings: Settings, *, actor: str = "linking") -> None:
        self._settings = settings
        self._actor = actor
        self._wake = _SPAWN.Event()
        self._stopping = _SPAWN.Event()
        self._process: SpawnProcess | None = None

    def start(self) -> None:
        """Start the process (once)."""
        if self._process is None:
            self._stopping.clear()
            self._process = _SPAWN.Process(
                target=_work,
                args=(self._settings, self._actor, self._wake, self._stopping, os.getpid()),
                name="ceasefire-linker",
                daemon=True,
            )
            self._process.start()

    def notify(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Let the worker finish the report in hand and end; what is left stays queued."""
        self._stopping.set()
        self._wake.set()
        if self._process is not None:
            self._process.join(timeout)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(5)
            self._process = None


def _work(settings: Settings, actor: str, wake: Flag, stopping: Flag, parent: int) -> None:
    # Linking can wait; requests cannot: the scheduler gives this process what the server
    # leaves of the cores.
    os.nice(NICENESS)
    db = Database(settings)
    worker = LinkWorker(db, actor=actor, wake=wake, stopping=stopping)
    # What start-up loaded stays for the process's life: kept out of the collector's full
    # passes, which otherwise walk it in the middle of a report (40 ms to 70 ms each).
    gc.collect()
    gc.freeze()
    try:
        worker.run(parent_pid=parent)
    finally:
        db.dispose()
