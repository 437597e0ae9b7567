"""An incremental build brings the previous output up to date, and ends byte-identical to a clean build."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import BUILD_DATE, minutebook
from generator import write
from generator.cli import build_site, read_archive

MEETING = Path("central-bedfordshire/meetings/executive/2011/2011-07-12.md")
SENTENCE = "The Executive asked for a progress report in six months."


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def build(content: Path, output: Path, *extra: str) -> str:
    result = minutebook("build", "--content", str(content), "--output", str(output), "--build-date", BUILD_DATE,
                        *extra)
    assert result.returncode == 0, result.stderr
    return result.stderr.strip().splitlines()[-1]


def add_sentence(content: Path) -> None:
    path = content / MEETING
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("### Background\n", f"### Background\n\n{SENTENCE}\n", 1), encoding="utf-8")


@pytest.fixture
def built(content, tmp_path) -> Path:
    output = tmp_path / "output"
    assert build(content, output).startswith("wrote ")
    return output


def test_an_unchanged_archive_rewrites_nothing(content, built):
    before = {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()}
    assert build(content, built).startswith(f"updated {built}: 0 of {len(before)} files changed")
    assert {p: p.stat().st_mtime_ns for p in built.rglob("*") if p.is_file()} == before


def test_an_edited_meeting_updates_its_pages_and_matches_a_clean_build(content, built, tmp_path):
    add_sentence(content)
    line = build(content, built)
    changed, total = (int(n) for n in line.split(": ")[1].split(" files")[0].split(" of "))
    assert 0 < changed < total, line
    assert SENTENCE in (built / "central-bedfordshire/executive/2011-07-12/index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(content, clean)
    assert tree(built) == tree(clean)


def test_a_deleted_meeting_leaves_no_page_behind(content, built, tmp_path):
    (content / MEETING).unlink()
    build(content, built)
    assert not (built / "central-bedfordshire/executive/2011-07-12").exists()
    clean = tmp_path / "clean"
    build(content, clean)
    assert tree(built) == tree(clean)


def test_another_site_address_writes_the_whole_site(content, built):
    assert build(content, built, "--site-url", "https://minutes.example.org/").startswith("wrote ")
    assert "https://minutes.example.org/" in (built / "sitemap.xml").read_text(encoding="utf-8")


def test_clean_writes_the_whole_site(content, built):
    assert build(content, built, "--clean").startswith("wrote ")


def test_an_update_killed_while_moving_files_in_is_finished_by_the_next_build(content, built, tmp_path,
                                                                               monkeypatch):
    """The journal is written before the first file moves; a build that dies after it is completed."""
    add_sentence(content)
    (content / "bromley/meetings/executive/2017/2017-01-11.md").unlink()  # pages to delete, too
    moved = []
    real_replace = os.replace

    def killed_after_two(source, target):
        if len(moved) == 2 and Path(target).parent != built.parent:  # the journal itself is written first
            raise KeyboardInterrupt  # as if the build were killed here
        real_replace(source, target)
        moved.append(target)

    monkeypatch.setattr(os, "replace", killed_after_two)
    site, problems = read_archive(content, dt.date.fromisoformat(BUILD_DATE))
    assert not problems.errors
    with pytest.raises(KeyboardInterrupt):
        build_site(site, built)
    monkeypatch.setattr(os, "replace", real_replace)
    assert write._journal_path(built.resolve()).exists()
    build(content, built)  # finds the journal, finishes the update, then brings the site up to date
    assert not write._journal_path(built.resolve()).exists()
    clean = tmp_path / "clean"
    build(content, clean)
    assert tree(built) == tree(clean)
    assert not list(built.parent.glob(".output.new-*"))


def test_a_site_edited_by_hand_is_repaired(content, built, tmp_path):
    page = built / "central-bedfordshire/executive/2011-07-12/index.html"
    page.unlink()
    build(content, built)
    clean = tmp_path / "clean"
    build(content, clean)
    assert tree(built) == tree(clean)
