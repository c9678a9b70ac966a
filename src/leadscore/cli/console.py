"""Where output goes: results to stdout, messages and progress to stderr."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _bar() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (drawn only on a terminal); yields an `advance(n)` callback."""
    with _bar() as bar:
        task = bar.add_task(description, total=total)
        yield lambda advance: bar.advance(task, advance)


@contextmanager
def count_bar(description: str) -> Iterator[Callable[[int, int], None]]:
    """Like progress_bar, for work that learns its total as it goes: yields `update(done,
    total)`; the bar spins until the first update."""
    with _bar() as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
