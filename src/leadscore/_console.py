"""The CLI's consoles and progress displays.

Reports go to stdout, progress and errors to stderr. When a stream is not a terminal
(a pipe, a file, CI), lines are never hard-wrapped: rich would otherwise cut them at 80
columns, which breaks grep and diffs of the output.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

# Wide enough for any table row; only used when the stream is not a terminal.
UNWRAPPED_WIDTH = 10_000


def make_console(stream: TextIO, *, stderr: bool = False) -> Console:
    terminal = stream.isatty()
    # file left unset: rich then writes to the current sys.stdout / sys.stderr, which a
    # test runner may have replaced after this module was imported
    return Console(
        stderr=stderr,
        soft_wrap=not terminal,
        width=None if terminal else UNWRAPPED_WIDTH,
        log_path=False,
    )


console = make_console(sys.stdout)
err_console = make_console(sys.stderr, stderr=True)


@contextmanager
def progress_bar(
    description: str, total: int
) -> Iterator[Callable[[int, str | None, int | None], None]]:
    """A progress bar on stderr with percentage and elapsed time. Yields
    `update(done, message, total)`: `done` units finished, an optional new label and
    total (when it is known only once the work started)."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    ) as bar:
        task = bar.add_task(description, total=max(total, 1))

        def update(done: int, message: str | None = None, new_total: int | None = None) -> None:
            if new_total is not None:
                bar.update(task, total=max(new_total, 1))
            bar.update(task, completed=done, description=message or description)

        yield update
        finished = bar.tasks[0].total or 1
        bar.update(task, completed=finished)


@contextmanager
def step_progress(description: str, steps: int) -> Iterator[Callable[[str], None]]:
    """Progress over `steps` announced steps: each message starts the next one (and
    is printed with the time elapsed, so the finished steps stay readable)."""
    began = time.monotonic()
    with progress_bar(description, steps) as update:
        started = 0

        def step(message: str) -> None:
            nonlocal started
            update(started, message, None)
            err_console.print(f"{time.monotonic() - began:7.1f}s  {message}", highlight=False)
            started += 1

        yield step
