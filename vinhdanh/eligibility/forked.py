"""Spread pure, CPU-bound work over the machine's cores with forked workers.

A province sweep spends most of its time in the engine, which is plain Python and holds
the interpreter lock: threads would not help, processes do. The subtree is loaded once
in the parent and the workers are forked afterwards, so they read it without copying
(the caller freezes the collector first, see services.compute_sweep) and send back only
their results. Workers never touch the database: the parent's connection is inherited
across fork but only the parent uses it, and workers leave through `os._exit` (what
multiprocessing does after the target returns), so nothing closes it behind its back.
"""

from __future__ import annotations

import logging
import multiprocessing
import traceback
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class WorkerFailed(RuntimeError):
    """A worker raised: the sweep records its exception; the traceback is logged."""


class _Failure:
    __slots__ = ("summary", "trace")

    def __init__(self, exc: BaseException) -> None:
        self.summary = f"{type(exc).__name__}: {exc}"
        self.trace = traceback.format_exc()


class _Worker(Generic[T, R]):
    def __init__(self, items: Sequence[T], work: Callable[[T], R], start: int, step: int,
                 conn: Connection) -> None:
        self.items, self.work, self.start, self.step, self.conn = items, work, start, step, conn

    def __call__(self) -> None:
        try:
            for index in range(self.start, len(self.items), self.step):
                self.conn.send(self.work(self.items[index]))
        except BaseException as exc:  # the parent logs it and fails the run
            self.conn.send(_Failure(exc))
        finally:
            self.conn.close()


def fork_map(items: Sequence[T], work: Callable[[T], R], *, workers: int) -> Iterator[R]:
    """Yield `work(item)` for every item, in order, computed by `workers` forked processes.

    Item i goes to worker i mod `workers`, which handles its items in order; reading the
    workers' pipes in turn therefore yields results in the order of `items`. A worker
    blocks when its pipe is full, so a slow consumer (the database inserts) holds the
    workers back instead of piling results up in memory.
    """
    context = multiprocessing.get_context("fork")
    readers: list[Connection] = []
    processes = []
    try:
        for start in range(workers):
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(
                target=_Worker(items, work, start, workers, writer), daemon=True,
            )
            process.start()
            writer.close()
            readers.append(reader)
            processes.append(process)
        for index in range(len(items)):
            try:
                result = readers[index % workers].recv()
            except EOFError:
                raise WorkerFailed("a sweep worker stopped before finishing") from None
            if isinstance(result, _Failure):
                logger.error("sweep worker failed:\n%s", result.trace)
                raise WorkerFailed(result.summary)
            yield result
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        for reader in readers:
            reader.close()
