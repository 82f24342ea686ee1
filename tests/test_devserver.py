"""`make run` serves the site and runs the task worker as one command, and leaves nothing behind.

The children here stand in for runserver (whose autoreloader serves from a child process of its
own) and db_worker (which finishes its task when asked to stop).
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from portal import devserver
from portal.demo.management.commands.serve import _site

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")

# Like runserver: starts a process of its own, then waits; records both process ids.
SERVER = """
import os, subprocess, sys, time
from pathlib import Path
inner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
Path(sys.argv[1]).write_text(f"{os.getpid()} {inner.pid}")
time.sleep(120)
"""
# Like db_worker: on SIGTERM it finishes what it is doing (a second), notes it, and exits.
WORKER = """
import os, signal, sys, time
from pathlib import Path
def finish(signum, frame):
    time.sleep(1)
    Path(sys.argv[1] + ".finished").write_text("yes")
    sys.exit(0)
signal.signal(signal.SIGTERM, finish)
Path(sys.argv[1]).write_text(str(os.getpid()))
time.sleep(120)
"""
LAUNCHER = """
import json, sys
from portal.devserver import run_together
sys.exit(run_together(json.loads(sys.argv[1])))
"""
IGNORES_SIGTERM = """
import os, signal, sys, time
from pathlib import Path
signal.signal(signal.SIGTERM, signal.SIG_IGN)
Path(sys.argv[1]).write_text(str(os.getpid()))
time.sleep(120)
"""
EXITS_LATER = """
import sys, time
from pathlib import Path
while not Path(sys.argv[1]).exists():
    time.sleep(0.05)
sys.exit(int(sys.argv[2]))
"""


def script(tmp_path: Path, name: str, source: str) -> str:
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source))
    return str(path)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's bookkeeping remains


def pids(path: Path, timeout: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout
    while not path.exists() or not path.read_text():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)
    return [int(pid) for pid in path.read_text().split()]


def eventually(condition, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_ctrl_c_stops_both_children_and_what_they_started_and_lets_the_worker_finish(tmp_path):
    server_pids, worker_pid = tmp_path / "server.pids", tmp_path / "worker.pid"
    commands = [
        [sys.executable, script(tmp_path, "server", SERVER), str(server_pids)],
        [sys.executable, script(tmp_path, "worker", WORKER), str(worker_pid)],
    ]
    launcher = subprocess.Popen(  # noqa: S603 - our own scripts
        [sys.executable, script(tmp_path, "launcher", LAUNCHER), json.dumps(commands)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        everyone = pids(server_pids) + pids(worker_pid)
        launcher.send_signal(signal.SIGINT)
        assert launcher.wait(timeout=30) == 0
    finally:
        launcher.kill()
    assert eventually(lambda: not any(alive(pid) for pid in everyone)), everyone
    assert (tmp_path / "worker.pid.finished").read_text() == "yes"


def test_when_one_child_exits_the_other_is_stopped_and_its_status_returned(tmp_path):
    server_pids = tmp_path / "server.pids"
    commands = [
        [sys.executable, script(tmp_path, "server", SERVER), str(server_pids)],
        [sys.executable, script(tmp_path, "exits", EXITS_LATER), str(server_pids), "3"],
    ]
    assert devserver.run_together(commands) == 3
    assert eventually(lambda: not any(alive(pid) for pid in pids(server_pids)))


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    stubborn_pid = tmp_path / "stubborn.pid"
    commands = [
        [sys.executable, script(tmp_path, "stubborn", IGNORES_SIGTERM), str(stubborn_pid)],
        [sys.executable, script(tmp_path, "exits", EXITS_LATER), str(stubborn_pid), "1"],
    ]
    started = time.monotonic()
    assert devserver.run_together(commands, grace=1.0) == 1
    assert time.monotonic() - started >= 1.0
    assert not alive(pids(stubborn_pid)[0])


def test_signal_handlers_are_restored_afterwards(tmp_path):
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    devserver.run_together([[sys.executable, "-c", "raise SystemExit(0)"]])
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


@pytest.mark.parametrize(
    "addrport, site",
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/"),
        ("8001", "http://127.0.0.1:8001/"),
        ("0.0.0.0:8000", "http://127.0.0.1:8000/"),
        ("[::]:8000", "http://[::1]:8000/"),
        ("localhost:9000", "http://localhost:9000/"),
    ],
)
def test_serve_announces_the_address_to_open(addrport, site):
    assert _site(addrport) == site
