"""How the course's tools execute a notebook: nbclient, with the kernel stopped at once when
the last output is in (nbclient's documented ``shutdown_kernel="immediate"``).

Why not nbclient's default, a graceful shutdown: it costs 0.2 s a kernel, and ipykernel 7.4
sometimes hangs in it. Its control thread answers the shutdown request, then flushes stdout
through the IOPub thread, which the main thread is closing meanwhile; the flush then waits for
its 10 s timeout while the main thread waits for the control thread, until jupyter_client
sends SIGTERM 2.5 s after its request. Measured on the 2-core machine of 2026-12-02: 3 kernels
in 25 took 4.0 s to run one empty cell instead of 0.8 to 1.0 s (faulthandler showed the two
threads waiting on each other). Nothing of a chapter is lost by stopping it at once: nbclient
stops a kernel only after every cell's outputs have arrived, and no chapter relies on code
that runs at exit.

The build runs the chapters through jupyter-cache's executors; :class:`ParallelExecutor` and
:class:`SerialExecutor` are those executors, whose worker passes this one option to nbclient.

The parallel executor's workers also leave the cache's truncation (dropping the records beyond
its limit) to the executor, which truncates once, after the pool. jupyter-cache truncates after
each notebook it caches and reads the records to keep and the records to drop in two queries:
a record that another worker adds in between counts as surplus. Its files not yet written, the
caching then fails with "KeyError: Notebook file does not exist for cache record PK: 2" (seen
once in a fresh clone's `tests/test_build.py`, the chapter counted as neither run nor failed);
written, the other worker's fresh notebook would be deleted.

The parallel executor runs each chapter in a process of its own, at most one per core, instead
of jupyter-cache's ``multiprocessing.Pool``. An interrupted build (Ctrl-C) must stop its
workers, and a pool cannot be stopped reliably: SIGTERM is what Pool.terminate sends, but
nbclient catches it in a busy worker (its kernel clean-up), and a worker killed while it waits
for its next task keeps the task queue's lock, so Pool.terminate then waits for that lock
forever (both seen in tests/test_build.py on 2026-12-02). A process with a pipe of its own
can be killed at any moment, and a worker that dies counts as a failed chapter instead of
leaving Pool.map waiting.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection, wait
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.cache.main import JupyterCacheBase
from jupyter_cache.executors.base import ExecutorRunResult
from jupyter_cache.executors.basic import (
    ExecutionWorkerLocalMProc,
    ExecutionWorkerLocalSerial,
    JupyterExecutorLocalMproc,
    JupyterExecutorLocalSerial,
    ProcessData,
)
from jupyter_cache.executors.utils import ExecutionResult, single_nb_execution

from tools.paths import KERNEL_SHUTDOWN


def _execute(project_nb, data: ProcessData) -> ExecutionResult:
    """What jupyter-cache's local workers do (the notebook runs in its own folder), with the
    kernel stopped at once at the end."""
    return single_nb_execution(project_nb.nb, cwd=str(Path(project_nb.uri).parent),
                               timeout=data.timeout, allow_errors=data.allow_errors,
                               shutdown_kernel=KERNEL_SHUTDOWN)


class _ParallelWorker(ExecutionWorkerLocalMProc):
    execute = staticmethod(_execute)


class _SerialWorker(ExecutionWorkerLocalSerial):
    execute = staticmethod(_execute)


class _CacheOfAWorker(JupyterCacheBase):
    """The cache as a parallel worker sees it: it caches, and leaves truncation to the executor."""

    def truncate_caches(self) -> None:
        pass


def _work(data: ProcessData, results: Connection) -> None:
    """A worker process: execute one chapter into the cache, send (status, uri) back."""
    results.send(ParallelExecutor._EXECUTION_WORKER()(data))
    results.close()


class ParallelExecutor(JupyterExecutorLocalMproc):
    """jupyter-cache's "local-parallel" executor (one process per core), which truncates the
    cache once, after its workers have cached their notebooks, and stops its workers at once
    when interrupted."""

    _EXECUTION_WORKER = _ParallelWorker

    def __init__(self, cache: JupyterCacheBase, logger=None) -> None:
        super().__init__(get_cache(cache.path, cache_cls=_CacheOfAWorker), logger)
        self._main_cache = cache

    def run_and_cache(self, *, filter_uris=None, filter_pks=None, timeout=30,
                      allow_errors=False, force=False) -> ExecutorRunResult:
        records = self.get_records(filter_uris, filter_pks, clear_tracebacks=True)
        waiting = [ProcessData(r.pk, r.uri, self.cache, timeout, allow_errors) for r in records]
        slots = os.cpu_count() or 1
        self.logger.info(f"Executing {len(waiting)} notebook(s) on {slots} processes")
        context = multiprocessing.get_context()  # the platform's default, as jupyter-cache's pool
        running: dict[Connection, tuple[multiprocessing.process.BaseProcess, str]] = {}
        result = ExecutorRunResult()
        try:
            while waiting or running:
                while waiting and len(running) < slots:
                    data = waiting.pop(0)
                    receive, send = context.Pipe(duplex=False)
                    worker = context.Process(target=_work, args=(data, send), daemon=True)
                    worker.start()
                    send.close()  # only the worker holds the sending end: its death ends the pipe
                    running[receive] = (worker, data.uri)
                for done in wait(list(running)):
                    worker, uri = running.pop(done)
                    try:
                        status, _ = done.recv()
                    except EOFError:  # the worker died before it could answer
                        status = 2
                    worker.join()
                    if status == 2 and worker.exitcode:
                        self.logger.error(f"the worker executing {uri} exited with code "
                                          f"{worker.exitcode}")
                    done.close()
                    [result.succeeded, result.excepted, result.errored][status].append(uri)
        finally:
            for worker, _ in running.values():  # interrupted: stop what still runs
                worker.kill()
                worker.join()
        self._main_cache.truncate_caches()
        return result


class SerialExecutor(JupyterExecutorLocalSerial):
    """jupyter-cache's "local-serial" executor."""

    _EXECUTION_WORKER = _SerialWorker
