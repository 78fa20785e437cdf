"""README's set-up (`make serve`, `make test`): a project virtualenv, hash-locked installs only when a
lock file changed, nothing global, and a clear instruction where a system package is missing.

The Makefile runs here in a copy of its inputs (`make -n` shows what it would do, so nothing is
installed); .ci/run proves the real thing on a clean clone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")
INPUTS = ["Makefile", "requirements.lock", "requirements-dev.lock", "pyproject.toml", "package.json",
          "package-lock.json"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in INPUTS:
        shutil.copy2(REPO / name, tmp_path / name)
    return tmp_path


def make(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([MAKE, "--no-print-directory", *args], cwd=project, capture_output=True, text=True,
                          env=env or {**os.environ, "PYTHON": "python3"}, timeout=60)


def fake_installed(project: Path, *stamps: str) -> None:
    """A project whose .venv exists and whose stamps are newer than every input (copied with their times,
    which in a working copy differ: pyproject.toml may be newer than the lock files)."""
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "python").touch()
    later = max((project / name).stat().st_mtime for name in INPUTS) + 10
    for stamp in stamps:
        path = project / stamp
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        os.utime(path, (later, later))


def test_first_serve_makes_the_venv_and_installs_only_hashed_packages_into_it(project):
    plan = make(project, "-n", "serve").stdout
    assert "-m venv .venv" in plan
    installs = [line for line in plan.splitlines() if "pip install" in line]
    assert installs and all(line.startswith(".venv/bin/python -m pip install") for line in installs)
    assert ".venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock" \
        in installs
    assert any("--no-deps --no-build-isolation -e ." in line for line in installs)  # setuptools from the lock
    assert plan.rstrip().splitlines()[-1] == ".venv/bin/python -m mkdocs serve -a 127.0.0.1:8000"


def test_serve_installs_nothing_when_nothing_changed_so_it_works_offline(project):
    fake_installed(project, ".venv/.installed-runtime")
    assert make(project, "-n", "serve", "PORT=8711").stdout.splitlines() == [
        ".venv/bin/python -m mkdocs serve -a 127.0.0.1:8711"]


def test_a_changed_lock_file_installs_again(project):
    fake_installed(project, ".venv/.installed-runtime")
    later = (project / ".venv" / ".installed-runtime").stat().st_mtime + 10
    os.utime(project / "requirements.lock", (later, later))
    assert "--require-hashes -r requirements.lock" in make(project, "-n", "serve").stdout


def test_make_test_adds_the_test_packages_and_axe_core_once(project):
    plan = make(project, "-n", "test").stdout
    assert "--require-hashes -r requirements-dev.lock" in plan and "npm ci --ignore-scripts" in plan
    assert plan.rstrip().splitlines()[-1] == ".venv/bin/python -m pytest"
    fake_installed(project, ".venv/.installed-runtime", ".venv/.installed-dev", "node_modules/.installed")
    again = make(project, "-n", "test").stdout
    assert "pip install" not in again and "npm ci" not in again


def _tools_without(tmp_path: Path, uid: str) -> dict:
    """An environment whose PATH has no chromium and no npm, and whose `id -u` says ``uid``."""
    bin_dir = tmp_path / f"bin-{uid}"
    bin_dir.mkdir(exist_ok=True)
    fake_id = bin_dir / "id"
    fake_id.write_text(f"#!/bin/sh\necho {uid}\n", encoding="utf-8")
    fake_id.chmod(0o755)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path)}


def test_a_normal_user_without_chromium_is_told_what_to_install(project, tmp_path):
    result = make(project, "chromium", env=_tools_without(tmp_path, "1000"))
    assert result.returncode != 0
    assert "Installieren Sie es mit:\n  sudo apt-get install chromium\n" in result.stderr
    fake_installed(project, ".venv/.installed-runtime", ".venv/.installed-dev")
    result = make(project, "node_modules/.installed", env=_tools_without(tmp_path, "1000"))
    assert result.returncode != 0 and "sudo apt-get install nodejs npm" in result.stderr


def test_root_in_ci_installs_chromium_with_apt(project, tmp_path):
    plan = make(project, "-n", "chromium", env=_tools_without(tmp_path, "0")).stdout
    assert "apt-get install -y -qq --no-install-recommends chromium" in plan


def test_a_python_without_venv_gets_the_package_to_install(project, tmp_path):
    fake_python = tmp_path / "python3"
    fake_python.write_text('#!/bin/sh\ncase "$*" in *"-m venv"*) exit 1;; esac\nexit 0\n', encoding="utf-8")
    fake_python.chmod(0o755)
    result = make(project, "serve", env={**os.environ, "PYTHON": str(fake_python)})
    assert result.returncode != 0 and "sudo apt-get install python3-venv" in result.stderr
    assert not (project / ".venv").exists()  # no half-made environment left for the next run


def test_ci_runs_exactly_the_readme_test_command():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in script.splitlines() if line and not line.startswith(("#", "set ", "cd ", "export "))]
    assert commands == ["make test"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme and "make test" in readme and "make lock" in readme
