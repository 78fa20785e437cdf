"""Shared test helpers: copies of the fixture catalogue and a way to collect check errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from portal.common.errors import DataErrors
from portal.load.loader import load_catalogue

REPO = Path(__file__).resolve().parent.parent
MINIMAL = REPO / "tests" / "fixtures" / "minimal"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid catalogue."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target


def errors_of(data: Path, read: Callable[[Path], object] = load_catalogue) -> list[str]:
    """Every error line ``check`` would print for ``data`` (empty when valid), found by ``read``."""
    try:
        read(data)
    except DataErrors as exc:
        return [str(e) for e in exc.errors]
    return []


def build_site(data: Path, site: Path, *, epoch: str = "1764000000", extra_env: dict | None = None,
               config: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` from the repository root with ``PORTAL_DATA=data``."""
    env = {**os.environ, "PORTAL_DATA": str(data), "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    env.update(extra_env or {})
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    if config:
        command += ["-f", str(config)]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The portal built once per test session from the real data."""
    target = tmp_path_factory.mktemp("real") / "site"
    result = build_site(REPO / "data", target)
    assert result.returncode == 0, result.stderr[-3000:]
    return target
