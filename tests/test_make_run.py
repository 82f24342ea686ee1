"""`make run` is quiet about its routine steps unless asked, and serves last (so the demo logins,
printed by `serve` once the site answers, are the last thing on the screen)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="needs make")


def _steps(*args: str) -> list[str]:
    """The manage.py commands `make run` would run, in order (a dry run: nothing is started)."""
    out = subprocess.run(  # noqa: S603 - our Makefile, fixed arguments
        [str(MAKE), "-n", "-W", "pyproject.toml", "run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if "manage.py" in line]


def test_routine_steps_are_quiet_and_serving_comes_last():
    steps = _steps()
    assert [re.search(r"manage\.py (\S+)", s).group(1) for s in steps] == [
        "migrate",
        "seed_demo",
        "rebuild_search_index",
        "serve",
    ]
    for step in steps[:-1]:
        assert "-v 0" in step, step
    assert steps[-1].endswith("serve 127.0.0.1:8000")


def test_verbosity_and_host_are_the_callers_to_choose():
    steps = _steps("VERBOSITY=1", "HOST=0.0.0.0:8080")
    for step in steps[:-1]:
        assert "-v 1" in step, step
    assert steps[-1].endswith("serve 0.0.0.0:8080")
