"""The parallel map: ``map(fn, items)`` in worker processes, input order kept, bounded memory."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (under fork, spawn or forkserver alike)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)

U = TypeVar("U")


@attrs.frozen
class _Batch:
    fn: Callable[[Any], Any]

    def __call__(self, items: list[Any]) -> list[Any]:
        return [self.fn(item) for item in items]


def _batches(items: Iterable[T], size: Callable[[T], int], target: int) -> Iterator[list[T]]:
    batch: list[T] = []
    total = 0
    for item in items:
        batch.append(item)
        total += size(item)
        if total >= target:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def ordered_map(
    fn: Callable[[T], U],
    items: Iterable[T],
    workers: int | None,
    size: Callable[[T], int] = lambda item: 1 << 20,
    batch_bytes: int = 1 << 20,
) -> Iterator[U]:
    """``map(fn, items)`` in ``workers`` processes, input order kept, a bounded amount in flight.

    Items go to the workers in batches of about ``batch_bytes`` (by ``size``) so that small sections
    do not cost a round trip each.
    """
    if not workers or workers <= 1:
        for item in items:
            yield fn(item)
        return
    from concurrent.futures import ProcessPoolExecutor  # (imported when needed: it is slow to import)

    window: deque[Future[list[U]]] = deque()
    batch_fn = _Batch(fn)
    with ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts) as pool:
        for batch in _batches(items, size, batch_bytes):
            window.append(pool.submit(batch_fn, batch))
            if len(window) >= workers * 3:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
