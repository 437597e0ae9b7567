"""The synthetic archive (generator/demo.py): deterministic, valid to the real check, buildable, and
exercising the content model."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import model
from generator.cli import read_archive
from generator.demo import write_demo

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2026-11-23"
MEETINGS, SEED = 60, 7


def minutebook(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, dict]:
    content = tmp_path_factory.mktemp("demo") / "content"
    return content, write_demo(content, MEETINGS, SEED)


def test_same_seed_gives_the_same_files_and_another_seed_other_files(demo, tmp_path):
    content, counts = demo
    first = tree(content)
    # again in a fresh interpreter with another string-hash seed: nothing may depend on set or hash order
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from generator.demo import "
                    f"write_demo; write_demo(Path(sys.argv[1]), {MEETINGS}, {SEED})", str(tmp_path / "again")],
                   cwd=ROOT, check=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": "12345"})
    again = tree(tmp_path / "again")
    assert sorted(again) == sorted(first)
    assert [name for name in first if first[name] != again[name]] == []
    write_demo(tmp_path / "other", MEETINGS, SEED + 1)
    assert tree(tmp_path / "other") != first
    assert counts["files"] == len(first)
    assert counts["meetings"] == MEETINGS == sum(1 for name in first if name.endswith(".md"))


def test_the_archive_passes_check_with_no_errors_and_no_warnings(demo):
    content, _ = demo
    for strict in ((), ("--strict",)):
        result = minutebook("check", "--content", str(content), "--build-date", BUILD_DATE, *strict)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        assert "no errors" in output or "0 errors" in output, output
        assert [line for line in output.splitlines() if "warning" in line.lower()] == []


def test_the_archive_builds_meeting_and_item_pages(demo, tmp_path):
    content, counts = demo
    out = tmp_path / "site"
    result = minutebook("build", "--content", str(content), "--output", str(out), "--build-date", BUILD_DATE)
    assert result.returncode == 0, result.stderr
    meeting_pages = item_pages = 0
    for source in content.glob("*/meetings/*/*/*.md"):
        authority, _, body, _, name = source.relative_to(content).parts
        page = out / authority / body / name.removesuffix(".md")
        assert (page / "index.html").is_file(), page
        meeting_pages += 1
        item_pages += sum(1 for p in page.glob("*/index.html"))
    assert meeting_pages == counts["meetings"]
    assert item_pages == counts["items"] > counts["meetings"] * 3


def test_the_archive_exercises_the_model(demo):
    content, counts = demo
    site, problems = read_archive(content, dt.date.fromisoformat(BUILD_DATE))
    assert not problems.errors and not problems.warnings

    items = list(site.items)
    verbs = set()

    def walk(parts):
        for part in parts:
            verbs.add(part.verb)
            walk(part.parts)

    for item in items:
        for decision in item.decisions:
            verbs.add(decision.facts.verb)
            walk(decision.facts.parts)
    assert set(model.VERBS) <= verbs

    assert len(site.authorities) >= 3 == counts["authorities"]
    assert {b.facts.kind for a in site.authorities for b in a.bodies} >= set(model.BODY_KINDS) - {"other"}
    assert {m.facts.status for m in site.meetings} >= {"held", "scheduled"}
    assert any(m.facts.status == "scheduled" and m.date > site.build_date for m in site.meetings)
    assert len(items) == counts["items"]

    exempt = [i for i in items if i.exempt is not None]
    assert exempt and all(i.exempt.paragraph in range(1, 8) and not i.narrative and not i.decisions for i in exempt)
    assert any(len({id(i.meeting) for i in issue.items}) > 1 for issue in site.issues)
    votes = [v.facts for i in items for d in i.decisions for v in d.votes]
    assert any(isinstance(v.votes_for, list) for v in votes)
    assert any(isinstance(v.votes_for, int) for v in votes)
    assert any(v.mover and v.seconder for v in votes)
    assert any(i.tables for i in items)
    numbers = [i.number for i in items if i.number]
    assert any("/" in n for n in numbers) and any(n.isdigit() for n in numbers)
    assert any(i.number is None for i in items)  # unnumbered procedural items
    labels = {p.label for i in items for d in i.decisions for p in d.facts.parts}
    assert labels & {"(i)", "(ii)"} or labels & {"(1)", "(2)"} or labels & {"(a)", "(b)"}
    statuses = {label for m in site.meetings for label, _ in m.attendance}
    assert {"Present", "Apologies", "In attendance"} <= statuses
    assert any(len(post.holders) > 1 for a in site.authorities for post in a.posts)  # a post passes on


def test_demo_command_writes_an_archive_and_refuses_a_folder_with_files(tmp_path):
    from conftest import minutebook
    target = tmp_path / "demo"
    result = minutebook("demo", "--meetings", "12", "--seed", "5", "--content", str(target))
    assert result.returncode == 0, result.stderr
    assert "12 meetings" in result.stderr
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    again = minutebook("demo", "--meetings", "3", "--content", str(target))
    assert again.returncode == 1 and "is not empty" in again.stderr
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
