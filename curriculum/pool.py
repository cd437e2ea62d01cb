"""Worker processes for the build: a few long-lived renderers, each with a time limit per task
and a bound on its memory.

The workers are forked once, after the library is loaded and WeasyPrint is warm, so a task
costs only its own work (no process start, no font loading per pack). A task that outlives its
time limit has its worker killed and replaced; the other tasks go on. Memory is bounded twice:
a worker's address space is capped (a runaway render fails with MemoryError instead of taking
the machine), and a worker whose resident memory has grown past `recycle_mb` after a task is
replaced by a fresh one, so memory does not creep over hundreds of packs.
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

ADDRESS_SPACE_MB = 4096  # per worker: far above any pack (about 300 MB), far below the machine
RECYCLE_MB = 600


def resident_mb() -> float:
    """This process's resident memory now, in MB (Linux /proc; 0 where it is not known)."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def peak_mb() -> float:
    """This process's peak resident memory, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Done:
    task: Any
    ok: bool
    value: Any  # the task's result, or a one-line reason it failed
    seconds: float
    peak_mb: float = 0.0


def _serve(conn, work: Callable[[Any], Any], address_mb: int, recycle_mb: int) -> None:
    if address_mb:
        try:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = address_mb * 2**20
            if hard == resource.RLIM_INFINITY or hard > limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ValueError, OSError):
            pass
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        exhausted = False
        try:
            reply = ("ok", work(task))
        except MemoryError:
            exhausted = True
            reply = ("error", f"rendering needed more than {address_mb} MB of memory")
        except BaseException as exc:  # WeasyPrint's fatal fetch error is a BaseException
            detail = f"{type(exc).__name__}: {exc}"
            if os.environ.get("CURRICULUM_DEBUG"):
                detail += "\n" + traceback.format_exc()
            reply = ("error", detail)
        # a worker that has grown too big goes; the pool starts a fresh one for the next task
        retiring = exhausted or resident_mb() > recycle_mb
        conn.send((*reply, peak_mb(), retiring))
        if retiring:
            return


class Pool:
    """Run `work(task)` for every task in `jobs` forked workers, in the order given."""

    def __init__(self, work: Callable[[Any], Any], jobs: int, timeout: float, *,
                 address_mb: int = ADDRESS_SPACE_MB, recycle_mb: int = RECYCLE_MB):
        self.work, self.jobs, self.timeout = work, max(1, jobs), timeout
        self.address_mb, self.recycle_mb = address_mb, recycle_mb
        self.context = multiprocessing.get_context("fork")
        self.idle: list = []
        self.busy: dict = {}  # connection -> (process, task, started)
        self.processes: dict = {}  # connection -> process

    def _start(self):
        mine, theirs = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_serve, daemon=True, args=(
            theirs, self.work, self.address_mb, self.recycle_mb))
        process.start()
        theirs.close()
        self.processes[mine] = process
        return mine

    def _retire(self, conn, kill: bool = False) -> None:
        process = self.processes.pop(conn)
        if kill and process.is_alive():
            process.kill()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join(5)
        conn.close()

    def run(self, tasks: list, on_done: Callable[[Done], None]) -> None:
        pending = list(reversed(tasks))
        try:
            self._loop(pending, on_done)
        finally:  # interrupted (SIGINT, SIGTERM) or failed: no worker outlives the build
            for conn in list(self.processes):
                self._retire(conn, kill=True)
            self.idle.clear()
            self.busy.clear()

    def _loop(self, pending: list, on_done: Callable[[Done], None]) -> None:
        while pending or self.busy:
            while pending and len(self.busy) < self.jobs:
                conn = self.idle.pop() if self.idle else self._start()
                task = pending.pop()
                try:
                    conn.send(task)
                except (BrokenPipeError, OSError):  # the worker went away: start another
                    self._retire(conn, kill=True)
                    pending.append(task)
                    continue
                self.busy[conn] = (task, time.monotonic())
            ready = wait(list(self.busy), timeout=0.5)
            now = time.monotonic()
            for conn in list(self.busy):
                task, started = self.busy[conn]
                if conn in ready:
                    del self.busy[conn]
                    try:
                        status, value, peak, retiring = conn.recv()
                    except (EOFError, OSError):
                        process = self.processes[conn]
                        self._retire(conn)
                        on_done(Done(task, False, f"the renderer stopped (exit code "
                                                  f"{process.exitcode})", now - started))
                        continue
                    on_done(Done(task, status == "ok", value, now - started, peak))
                    if retiring:
                        self._retire(conn)
                    else:
                        self.idle.append(conn)
                elif now - started > self.timeout:
                    del self.busy[conn]
                    self._retire(conn, kill=True)
                    on_done(Done(task, False, f"rendering took longer than {self.timeout:g} "
                                              f"seconds", now - started))
