"""ruff (rules in pyproject.toml) on the package, the scripts and the tests, and mypy on the package:
both must pass, and on failure the test shows what they report."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--no-cache", "--output-format", "concise", "portal", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_package():
    result = _run("mypy", "--no-incremental", "--cache-dir", "/dev/null", "portal")
    assert result.returncode == 0, result.stdout + result.stderr
