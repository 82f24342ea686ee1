"""Several long-running commands as one: how `make run` serves the site and runs the task worker.

Each child gets a process group of its own, so a stop reaches whatever it started too
(runserver's autoreloader serves from a child process of its own). Ctrl-C or SIGTERM stops every
child: SIGTERM to each group, then up to `grace` seconds for them to finish (the task worker
completes the task it is running), then SIGKILL; a second Ctrl-C kills at once. When a child
exits by itself (the port is taken, say) the others are stopped too and its exit code is
returned. Nothing is left running either way. POSIX only, like `make`.
"""

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from types import FrameType

GRACE_SECONDS = 10.0
POLL_SECONDS = 0.2
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _StopRequested(Exception):
    """Ctrl-C or SIGTERM reached this process."""


def _request_stop(signum: int, frame: FrameType | None) -> None:
    raise _StopRequested(signum)


def run_together(
    commands: Sequence[Sequence[str]],
    *,
    when_ready: Callable[[], bool] | None = None,
    grace: float = GRACE_SECONDS,
) -> int:
    """Run `commands` side by side until a stop is asked for or one of them exits.

    `when_ready`, if given, is called every POLL_SECONDS until it returns True (the site
    answers, say, and it has printed where to sign in). Returns 0 after a requested stop, else
    the exit code of the child that stopped first.
    """
    previous = {signum: signal.signal(signum, _request_stop) for signum in _STOP_SIGNALS}
    children: list[subprocess.Popen[bytes]] = []
    try:
        for command in commands:
            # No terminal input: outside the terminal's foreground group, reading it would stop
            # the child (SIGTTIN); Ctrl-C reaches this process, which stops the children.
            children.append(
                subprocess.Popen(command, process_group=0, stdin=subprocess.DEVNULL)  # noqa: S603
            )
        while True:
            for child in children:
                if child.poll() is not None:
                    return child.returncode
            if when_ready is not None and when_ready():
                when_ready = None
            time.sleep(POLL_SECONDS)
    except _StopRequested:
        return 0
    finally:
        try:
            _stop(children, grace)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def _stop(children: list[subprocess.Popen[bytes]], grace: float) -> None:
    for child in children:
        if child.poll() is None:
            _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + grace
    try:
        for child in children:
            child.wait(timeout=max(deadline - time.monotonic(), 0))
    except (subprocess.TimeoutExpired, _StopRequested):
        pass  # out of patience, or a second Ctrl-C: kill below
    for signum in _STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)  # the kills below take no time; let them finish
    for child in children:
        # Also whatever the child left in its group (an autoreloader's server process).
        _signal_group(child, signal.SIGKILL)
        child.wait()


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group is empty: all of it has exited
        os.killpg(child.pid, signum)
