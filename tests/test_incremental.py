"""An incremental build brings the previous output up to date, and ends byte-identical to a clean build."""
from __future__ import annotations

import datetime as dt
import fcntl
import functools
import json
import os
import re
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any, Optional
from xml.etree import ElementTree

import pytest

from browser import browser, serve, static_search
from conftest import BUILD_DATE, minutebook
from generator import render, write
from generator.cli import LiveSite, build_site, read_archive
from generator.demo import write_demo
from generator import depend
from generator.depend import ATTENDANCE_READ, TEXT_READ, page_parts, unpack
from generator.index import search
from generator.kept import OTHER_RECORDS, RACY_SECONDS, KeptRecords, kept_files
from generator.kept import _frames as kept_frames
from generator.validate import READ_IN_TWO_FROM
from generator.problems import format_problem
from generator.render import TEMPLATES

MEETING = Path("central-bedfordshire/meetings/executive/2011/2011-07-12.md")
SENTENCE = "The Executive asked for a progress report in six months."


def tree(root: Path, whoosh: bool = False) -> dict[str, bytes]:
    """Every file of a built site; the whoosh index's only if asked: an incremental build updates it in
    place (other segments than a clean build's), so sites are compared by its answers (`same_site`)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and (whoosh or "search/whoosh/" not in p.relative_to(root).as_posix())}


QUERIES = ["progress report six months", "budget", "children", "planning application", '"annual report"',
           "strat", "school transport", "agreed"]


def same_site(built: Path, clean: Path, queries: list[str] = QUERIES) -> None:
    """`built` has the files of the clean build `clean`, and `minutebook search` gives the same answers
    over it: the same records in the same order, scored alike (whoosh may add a score's parts in
    another order over other segments: the last bit may differ)."""
    assert tree(built) == tree(clean)
    for query in queries:
        for sort in ("relevance", "newest"):
            got, expected = search(built, query, sort=sort, limit=None), search(clean, query, sort=sort, limit=None)
            assert [(h.url, h.record) for h in got.hits] == [(h.url, h.record) for h in expected.hits], query
            if sort == "relevance":
                assert [h.score for h in got.hits] == pytest.approx([h.score for h in expected.hits], rel=1e-12)


def build(content: Path, output: Path, *extra: str) -> str:
    result = minutebook("build", "--content", str(content), "--output", str(output), "--build-date", BUILD_DATE,
                        *extra)
    assert result.returncode == 0, result.stderr
    return result.stderr.strip().splitlines()[-1]


def build_here(content: Path, output: Path, jobs: Optional[int] = None) -> tuple[KeptRecords, Any]:
    """Build as `minutebook build` does (reading the records kept beside output/, and keeping them for the
    next build), but in this process, where a test's patches apply; the meeting records and what was written."""
    kept, others = KeptRecords(output), KeptRecords(output, what=OTHER_RECORDS)
    site, problems = read_archive(content, dt.date.fromisoformat(BUILD_DATE), positions=False, kept=kept,
                                  kept_others=others)
    assert not problems.errors
    written = build_site(site, output, digests={**kept.digests_under(content), **others.digests_under(content)},
                         before_and_now=functools.partial(kept.before_and_now, content), jobs=jobs)
    kept.save()
    others.save()
    return kept, written


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
    same_site(built, clean)


def test_a_deleted_meeting_leaves_no_page_behind(content, built, tmp_path):
    (content / MEETING).unlink()
    build(content, built)
    assert not (built / "central-bedfordshire/executive/2011-07-12").exists()
    clean = tmp_path / "clean"
    build(content, clean)
    same_site(built, clean)


def test_another_site_address_writes_the_whole_site(content, built):
    assert build(content, built, "--site-url", "https://minutes.example.org/").startswith("wrote ")
    assert "https://minutes.example.org/" in (built / "sitemap.xml").read_text(encoding="utf-8")


def test_clean_writes_the_whole_site(content, built):
    assert build(content, built, "--clean").startswith("wrote ")


def test_the_site_a_whole_build_replaced_is_removed_after_it_and_a_stopped_removal_by_the_next_build(content, built):
    pages = sorted(p.relative_to(built) for p in built.rglob("*.html"))
    assert build(content, built, "--clean").startswith("wrote ")
    assert sorted(p.relative_to(built) for p in built.rglob("*.html")) == pages  # the new site is whole
    deadline = time.monotonic() + 60
    while list(built.parent.glob(f".{built.name}.old-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(built.parent.glob(f".{built.name}.old-*")) == []
    stopped = built.parent / f".{built.name}.old-1"  # as a removal stopped half-way leaves it
    (stopped / "central-bedfordshire").mkdir(parents=True)
    (stopped / "central-bedfordshire" / "index.html").write_text("an old page", encoding="utf-8")
    assert build(content, built).startswith(f"updated {built}: 0 of ")
    assert not stopped.exists()


def _removers_of(folder: Path) -> list[int]:
    """The processes whose command line names `folder` (`write.remove_later`'s)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(folder).encode() in (proc / "cmdline").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            pass  # (gone meanwhile)
    return found


def test_a_build_leaves_the_replaced_site_to_the_process_removing_it_and_removes_what_a_stopped_one_left(
        content, built):
    """The site a whole build replaced is removed by a process of its own, which holds the folder's lock
    while it works: an update that starts meanwhile does not wait for it (nor remove the rest itself:
    that was ~13 s of the first update after a whole build at 10,000 meetings), and a second removal
    started meanwhile leaves it to the first. A folder whose removal stopped is removed by the next build."""
    removing = built.parent / f".{built.name}.old-2"
    page = removing / "central-bedfordshire" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("an old page", encoding="utf-8")
    held = os.open(removing, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # as the process removing it holds it
        assert write.being_removed(removing)
        assert build(content, built).startswith(f"updated {built}: 0 of ")
        assert page.exists()
        write.remove_later(removing)
        deadline = time.monotonic() + 30
        while _removers_of(removing) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _removers_of(removing) and page.exists()  # the second removal ended, and left it
    finally:
        os.close(held)
    assert not write.being_removed(removing)
    assert build(content, built).startswith(f"updated {built}: 0 of ")
    assert not removing.exists()


def test_a_build_keeps_its_compiled_templates_for_the_next_which_compiles_an_edited_one_again(content, built, tmp_path):
    kept = built.parent / ".output.templates"
    stamp = kept.stat().st_mtime_ns
    assert build(content, built).startswith(f"updated {built}: 0 of ")
    assert kept.stat().st_mtime_ns == stamp  # nothing compiled: every template was taken from it
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    home = templates / "home.html"
    home.write_text(home.read_text(encoding="utf-8").replace("in the open", "kept open"), encoding="utf-8")
    build(content, built, "--templates", str(templates))
    assert "Council decisions, kept open" in (built / "index.html").read_text(encoding="utf-8")
    assert kept.stat().st_mtime_ns != stamp
    kept.write_bytes(b"not what a build keeps")  # damaged: the templates are compiled again
    build(content, built, "--templates", str(templates), "--clean")
    clean = tmp_path / "clean"
    build(content, clean, "--templates", str(templates))
    assert tree(built) == tree(clean)
    assert kept.read_bytes() != b"not what a build keeps"


def _records(output: Path) -> Path:
    """The meeting records a build keeps beside output/ for the next one."""
    return output.parent / f".{output.name}.records"


def _kept_text(output: Path) -> bytes:
    """What the kept records hold, as bytes to look for text in: the file's, and each item's narrative,
    which a record holds compressed when it is long (`validate.ItemRecord`)."""
    import pickle
    data = _records(output).read_bytes()
    narratives = []
    for _, _, _, frame in kept_frames(data):
        record, _ = pickle.loads(frame)
        narratives += [item.narrative for item in record.items] if record is not None else []
    assert len(narratives) > 1
    return data + "\n".join(narratives).encode("utf-8")


def _read_anew(line: str) -> tuple[int, int]:
    """From a build's last line, 'k of n meeting files read anew'."""
    read, of = line.split(" meeting files read anew")[0].rsplit("(", 1)[-1].rsplit("; ", 1)[-1].split(" of ")
    return int(read), int(of)


def test_a_build_reads_again_only_the_meeting_files_that_changed(content, built, tmp_path):
    meetings = len(_meetings(content))
    assert _read_anew(build(content, built)) == (0, meetings)
    add_sentence(content)
    assert _read_anew(build(content, built)) == (1, meetings)
    assert SENTENCE in (built / "central-bedfordshire/executive/2011-07-12/index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    assert _read_anew(build(content, clean)) == (meetings, meetings)
    same_site(built, clean)
    assert _read_anew(build(content, built, "--clean")) == (meetings, meetings)


def test_a_warning_in_a_meeting_file_is_shown_by_every_build_not_only_the_one_that_read_it(content, tmp_path):
    path = content / MEETING
    _replace(path, "### Background\n", "### Background\n\nPage 3 of 12\n")
    output = tmp_path / "output"
    shown = []
    for _ in range(2):
        result = minutebook("build", "--content", str(content), "--output", str(output), "--build-date", BUILD_DATE)
        assert result.returncode == 0, result.stderr
        shown.append(result.stderr.strip().splitlines()[:-1])
    assert _read_anew(result.stderr.strip().splitlines()[-1])[0] == 0
    assert shown[1] == shown[0]
    assert any(line.startswith(f"{path}:") and "warning" in line and "Page 3 of 12" in line for line in shown[1]), \
        shown[1]


def test_a_build_reads_again_only_the_authority_body_person_and_issue_files_that_changed(
        content, built, tmp_path, monkeypatch):
    """They are kept beside output/ as meeting files are: a build after an edit to one person's file
    reads that file alone, and shows the edit as a clean build does; a file with an error is not kept,
    so every build reads it again and says what is wrong with it."""
    from generator import validate
    read: list[Path] = []
    read_record = validate.read_record
    monkeypatch.setattr(validate, "read_record", lambda kind, path, authority: read.append(path) or
                        read_record(kind, path, authority))

    def files_read() -> list[Path]:
        """The authority, body, person and issue files the next build would read."""
        read.clear()
        read_archive(content, dt.date.fromisoformat(BUILD_DATE), positions=False,
                     kept=KeptRecords(built), kept_others=KeptRecords(built, what=OTHER_RECORDS))
        return read

    assert files_read() == []
    person = content / "bolton/people/cllr-murray.yaml"
    _replace(person, "title: Executive Member for Looked After Children", "title: Executive Member for Children")
    assert files_read() == [person]
    build(content, built)
    assert files_read() == []
    assert "Executive Member for Children and Safeguarding" in \
        (built / "bolton/people/cllr-murray/index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(content, clean)
    same_site(built, clean)

    _replace(person, "family_name: Murray", "family_name: [Murray")
    for _ in range(2):
        failed = minutebook("build", "--content", str(content), "--output", str(built), "--build-date", BUILD_DATE)
        assert failed.returncode == 1 and f"{person}:3:" in failed.stderr, failed.stderr
    assert files_read() == [person]


def test_kept_records_cut_short_are_read_anew_and_written_whole_again(content, built, tmp_path):
    meetings = len(_meetings(content))
    kept = _records(built)
    whole = kept.read_bytes()
    kept.write_bytes(whole[: len(whole) // 2])  # as if a build were killed while appending to it
    add_sentence(content)
    read, _ = _read_anew(build(content, built))
    assert 1 < read < meetings  # the edited file, and those whose records were cut off
    clean = tmp_path / "clean"
    build(content, clean)
    same_site(built, clean)
    assert kept_files(built) == kept_files(clean)  # written whole again, as a clean build writes it


def test_kept_records_written_by_other_code_are_not_used(content, built, tmp_path):
    import pickle  # to write the header another version of Minutebook would
    kept = _records(built)
    with open(kept, "rb") as file:
        pickle.load(file)
        frames = file.read()
    kept.write_bytes(pickle.dumps(("minutebook records", 1, "another version")) + frames)
    meetings = len(_meetings(content))
    assert _read_anew(build(content, built)) == (meetings, meetings)
    assert len(kept_files(built)) == meetings


def test_kept_records_grow_by_the_files_read_anew_until_a_quarter_are_stale(tmp_path):
    content, output, clean = tmp_path / "content", tmp_path / "output", tmp_path / "clean"
    made = minutebook("demo", "--meetings", "40", "--seed", "3", "--content", str(content))
    assert made.returncode == 0, made.stderr
    time.sleep(RACY_SECONDS + 0.1)  # old enough to be stamped: no build rewrites the file to stamp them
    build(content, output)
    meetings = _meetings(content)
    first = _records(output).read_bytes()
    for path in meetings[:5]:
        path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    assert _read_anew(build(content, output)) == (5, 40)
    assert _records(output).read_bytes().startswith(first)  # appended to: 45 records, 5 of them stale
    assert len(kept_files(output)) == 45
    for path in meetings[5:15]:
        path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added.\n", encoding="utf-8")
    assert _read_anew(build(content, output)) == (10, 40)  # 55 records, 15 stale: over a quarter
    build(content, clean)
    assert kept_files(output) == kept_files(clean)
    same_site(output, clean, ["added", "council"])


def test_a_meeting_file_is_read_to_digest_it_only_when_its_stamp_changed(tmp_path, monkeypatch):
    """The kept records keep each file's size, times and inode; while they are the same, the build takes
    its kept digest without reading it. A file changed in place to the same size, its modification time
    put back, is still read anew (its change time moved); one written too recently to trust its times is
    not stamped. Files first built too soon to stamp are stamped by a later build."""

    from generator import kept as kept_records

    content, output = tmp_path / "content", tmp_path / "output"
    write_demo(content, meetings=40, seed=3)
    meetings = _meetings(content)

    def rebuild() -> KeptRecords:
        return build_here(content, output)[0]

    def find() -> tuple[int, set[Path]]:
        """How many meeting files the next build would read to digest them, and which it would read anew."""
        kept = KeptRecords(output)
        found = kept.find(meetings)
        return kept.digested, {path for path in meetings if str(path) not in found}

    monkeypatch.setattr(kept_records, "RACY_SECONDS", 10 ** 6)  # every file too recent to stamp
    rebuild()
    assert find() == (40, set())
    monkeypatch.setattr(kept_records, "RACY_SECONDS", 0)
    assert rebuild().digested == 40  # stamps them all (the kept file written whole again)
    assert find() == (0, set())

    path, times = meetings[7], os.stat(meetings[7])
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r"venue: \"[^\"\n]", lambda found: found[0][:-1] + "Q", text, count=1)
    assert changed != text and len(changed.encode("utf-8")) == len(text.encode("utf-8"))
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert os.stat(path).st_size == times.st_size and os.stat(path).st_mtime_ns == times.st_mtime_ns
    assert find() == (1, {path})
    assert len(rebuild().made) == 1
    assert changed.split('venue: "')[1].split('"')[0].encode("utf-8") in _records(output).read_bytes()
    assert find() == (0, set())

    path.write_text(re.sub(r"venue: \"[^\"\n]", lambda found: found[0][:-1] + "Z", text, count=1), encoding="utf-8")
    # too recent: written less than half the time since the other files were (at the start, a few builds
    # ago: on a fast machine, less than two seconds, which a fixed time here once took for too recent)
    monkeypatch.setattr(kept_records, "RACY_SECONDS", (os.stat(path).st_ctime_ns - os.stat(meetings[8]).st_ctime_ns) / 2e9)
    kept = KeptRecords(output)
    assert str(path) not in kept.find(meetings) and kept.stamps[str(path)] is None  # just written
    assert kept.stamps[str(meetings[8])] is not None


def test_exempt_content_never_reaches_the_kept_records(content, tmp_path):
    """Not even when a warning about the exempt item has the build read its YAML again for the line."""
    path = content / MEETING
    text = path.read_text(encoding="utf-8").replace(
        "## 16. ICS Business Case\n\n```yaml\n",
        "## 16. ICS Business Case\n\n```yaml\ndecisions:\n  - verb: AGREED\n    text: SECRET-DECISION-16\n")
    path.write_text(text + "\nSECRET-NARRATIVE-16\n", encoding="utf-8")  # item 16 is the last
    _replace(path, "### Background\n", "### Background\n\nA public sentence.\n")
    output = tmp_path / "output"
    build(content, output)
    kept = _kept_text(output)
    assert b"SECRET" in path.read_bytes() and b"A public sentence." in kept
    assert b"SECRET" not in kept


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
    same_site(built, clean)
    assert not list(built.parent.glob(".output.new-*"))


def _related_sections(output: Path) -> dict[str, str]:
    """Each item page's list of related decisions, by the page's path."""
    found = {}
    for page in output.rglob("index.html"):
        section = re.search(r'<section id="related".*?</section>', page.read_text(encoding="utf-8"), re.DOTALL)
        if section:
            found[page.relative_to(output).as_posix()] = section.group(0)
    return found


def test_an_edit_that_changes_other_items_related_decisions_shows_them_there(tmp_path):
    """An update renders its pages while the search finds the related decisions again, showing the
    previous build's; the pages of the items whose related decisions the edit changed, in meetings
    it did not touch too, are rendered again: the site is a clean build's."""
    content, output = tmp_path / "content", tmp_path / "output"
    write_demo(content, 40, 1)
    build(content, output)
    before = _related_sections(output)
    # in the demo archive of this seed, an item whose added words change other meetings' items' related decisions
    meeting = content / "belworth/meetings/cabinet-member-for-planning-and-development/2016/2016-07-27.md"
    text = meeting.read_text(encoding="utf-8")
    second = text.index("\n## ", text.index("\n## ") + 1)
    meeting.write_text(text[:second] + "\n\nThe highways budget, the library refurbishment and the school "
                       "transport contract were discussed at length.\n" + text[second:], encoding="utf-8")
    build(content, output)
    after = _related_sections(output)
    page = meeting.relative_to(content).parts
    elsewhere = [path for path in after.keys() | before.keys() if after.get(path) != before.get(path)
                 and not path.startswith(f"{page[0]}/{page[2]}/{meeting.stem}/")]
    assert elsewhere  # items of other meetings now show other related decisions
    clean = tmp_path / "clean"
    build(content, clean)
    same_site(output, clean, ["highways budget", "library"])


def test_a_site_edited_by_hand_is_repaired(content, built, tmp_path):
    page = built / "central-bedfordshire/executive/2011-07-12/index.html"
    page.unlink()
    build(content, built)
    clean = tmp_path / "clean"
    build(content, clean)
    same_site(built, clean)


def _segments(output: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (output / "search/whoosh").glob("*.seg")}


def test_an_edit_replaces_just_its_records_in_the_whoosh_index(tmp_path):
    """whoosh's segments are written once: an edit adds a small one holding the records it changed;
    the words it took out no longer find the record, those it put in do."""
    content, output = tmp_path / "content", tmp_path / "output"
    assert minutebook("demo", "--meetings", "40", "--seed", "5", "--content", str(content)).returncode == 0
    build(content, output)
    whole = _segments(output)
    meeting = _meetings(content)[7]
    original = meeting.read_text(encoding="utf-8")
    meeting.write_text(original + "\nMembers asked for a quinquennial zyzzogeton census.\n", encoding="utf-8")
    assert build(content, output).startswith(f"updated {output}")
    first = _segments(output)
    assert {name: first[name] for name in whole} == whole
    (added,) = first.keys() - whole.keys()
    assert len(first[added]) * 20 < sum(map(len, whole.values()))
    found = search(output, "zyzzogeton census")
    assert found.total == 1 and found.hits[0].record["u"] == found.hits[0].url
    clean = tmp_path / "clean"
    build(content, clean)
    same_site(output, clean, QUERIES + ["zyzzogeton census", "members asked"])

    meeting.write_text(original.replace("\n## ", "\nThe clerk noted a yellowhammer survey.\n\n## ", 1),
                       encoding="utf-8")
    build(content, output)
    assert search(output, "zyzzogeton").total == 0 and search(output, "yellowhammer").total == 1
    second = _segments(output)
    assert {name: second[name] for name in whole} == whole and added not in second and len(second) == len(first)
    build(content, clean, "--clean")
    same_site(output, clean, QUERIES + ["zyzzogeton", "yellowhammer survey", "clerk noted"])


def test_a_whoosh_index_broken_by_hand_is_written_anew(content, built, tmp_path):
    next((built / "search/whoosh").glob("*.seg")).unlink()
    add_sentence(content)
    assert build(content, built).startswith(f"updated {built}")
    clean = tmp_path / "clean"
    build(content, clean)
    assert tree(built, whoosh=True) == tree(clean, whoosh=True)


def test_once_many_records_changed_the_whoosh_index_is_written_anew(content, built, tmp_path):
    """Replaced records still count in whoosh's statistics and take space: past a share of them, the
    index is written anew, the same as a clean build's."""
    meetings = _meetings(content)
    for meeting in meetings:
        meeting.write_text(meeting.read_text(encoding="utf-8") + "\nMembers thanked the clerk.\n", encoding="utf-8")
    build(content, built)
    clean = tmp_path / "clean"
    build(content, clean)
    assert tree(built, whoosh=True) == tree(clean, whoosh=True)


# A sequence of everyday edits to a generated archive, each built incrementally and held to a clean build.

def _meetings(content: Path) -> list[Path]:
    return sorted(p for p in content.rglob("*.md") if "meetings" in p.parts)


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _prose(content: Path) -> None:
    path = _meetings(content)[3]
    path.write_text(path.read_text(encoding="utf-8") + f"\n{SENTENCE}\n", encoding="utf-8")


def _decision_text(content: Path) -> None:
    path = next(p for p in _meetings(content) if 'text: "' in p.read_text(encoding="utf-8"))
    _replace(path, 'text: "', 'text: "as amended, ')


def _time(content: Path) -> None:
    path = next(p for p in _meetings(content) if 'time: "' in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    start = text.index('time: "') + len('time: "')
    _replace(path, text[start - 7:start + 6], 'time: "09:15"')


def _attendee(content: Path) -> None:
    path = _meetings(content)[5]
    authority = path.relative_to(content).parts[0]
    attending = {line.split(": ")[1] for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip().startswith("- person: ")}
    newcomer = next(p.stem for p in sorted((content / authority / "people").glob("*.yaml")) if p.stem not in attending)
    first = sorted(attending)[0]
    _replace(path, f"- person: {first}\n", f"- person: {newcomer}\n")


def _verb(content: Path) -> None:
    path = next(p for p in _meetings(content) if '- verb: "NOTED"' in p.read_text(encoding="utf-8"))
    _replace(path, '- verb: "NOTED"', '- verb: "AGREED"')


def _moved_to_another_year(content: Path) -> None:
    """A meeting moved to a year that has other meetings: both years' pages and registers change."""
    meetings = _meetings(content)
    years = Counter(path.parent.name for path in meetings)
    path = next(p for p in meetings if years[p.parent.name] > 1)
    to = next(year for year in sorted(years) if year != path.parent.name and year.isdigit())
    _replace(path, f"\ndate: {path.parent.name}-", f"\ndate: {to}-")


def _person_name(content: Path) -> None:
    path = _meetings(content)[7]
    authority = path.relative_to(content).parts[0]
    someone = next(line.split(": ")[1] for line in path.read_text(encoding="utf-8").splitlines()
                   if line.strip().startswith("- person: "))
    person = content / authority / "people" / f"{someone}.yaml"
    text = person.read_text(encoding="utf-8")
    family = text.split('family_name: "')[1].split('"')[0]
    _replace(person, f'family_name: "{family}"', f'family_name: "{family}-Smythe"')


def _body_name(content: Path) -> None:
    path = sorted(content.rglob("bodies/*.yaml"))[2]
    text = path.read_text(encoding="utf-8")
    name = text.split('name: "')[1].split('"')[0]
    _replace(path, f'name: "{name}"', f'name: "{name} (Renamed)"')


def _issue_title(content: Path) -> None:
    path = sorted((content / "issues").glob("*.yaml"))[0]
    _replace(path, 'title: "', 'title: "Revised: ')


def _delete_meeting(content: Path) -> None:
    _meetings(content)[10].unlink()


def _add_meeting(content: Path) -> None:
    source = _meetings(content)[12]
    text = source.read_text(encoding="utf-8")
    date = text.split("\ndate: ")[1][:10]
    new_date = f"{date[:8]}{'27' if date[8:] != '27' else '26'}"
    (source.parent / f"{new_date}.md").write_text(text.replace(f"\ndate: {date}", f"\ndate: {new_date}", 1),
                                                  encoding="utf-8")


def _add_meeting_in_a_new_year(content: Path) -> None:
    """A year with decisions for the first time: every year's page of the register gains it in its navigation."""
    source = next(p for p in _meetings(content) if 'text: "' in p.read_text(encoding="utf-8"))
    text = source.read_text(encoding="utf-8")
    date = text.split("\ndate: ")[1][:10]
    new_date = "1999" + date[4:]
    (source.parent / f"{new_date}.md").write_text(text.replace(f"\ndate: {date}", f"\ndate: {new_date}", 1),
                                                  encoding="utf-8")


EDITS = [_prose, _decision_text, _time, _attendee, _verb, _moved_to_another_year, _person_name, _body_name, _issue_title, _delete_meeting,
         _add_meeting, _add_meeting_in_a_new_year]


def test_everyday_edits_rebuild_to_the_same_bytes_as_clean_builds(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    made = minutebook("demo", "--meetings", "40", "--seed", "3", "--content", str(content))
    assert made.returncode == 0, made.stderr
    build(content, output)
    for edit in EDITS:
        edit(content)
        line = build(content, output)
        assert line.startswith(f"updated {output}"), (edit.__name__, line)
        clean = tmp_path / f"clean-{edit.__name__}"
        build(content, clean)
        expected, got = tree(clean), tree(output)
        assert sorted(got) == sorted(expected), edit.__name__
        assert [path for path in expected if got[path] != expected[path]] == [], edit.__name__
        same_site(output, clean)
        rendered = int(line.split("(")[1].split(" pages")[0])
        assert rendered < sum(1 for path in expected if path.endswith(".html")), (edit.__name__, line)


def test_a_preview_build_updates_pages_first_and_the_next_build_the_search(content, built, tmp_path):
    """What `serve` does on a save: pages at once (search, feeds and data kept), the rest after."""
    before = tree(built, whoosh=True)
    add_sentence(content)
    site, problems = read_archive(content, dt.date.fromisoformat(BUILD_DATE))
    written = build_site(site, built, preview=True)
    assert written.rendered < 20 and all(not path.startswith("search/") for path in written.moved)
    assert SENTENCE in (built / "central-bedfordshire/executive/2011-07-12/index.html").read_text(encoding="utf-8")
    after = tree(built, whoosh=True)
    assert {p: after[p] for p in after if not p.endswith(".html")} == {p: before[p] for p in before
                                                                      if not p.endswith(".html")}
    found = minutebook("search", "progress report six months", "--output", str(built), "--format", "json")
    assert '"total": 0' in found.stdout

    build(content, built)
    found = minutebook("search", "progress report six months", "--output", str(built), "--format", "json")
    assert '"url": "central-bedfordshire/executive/2011-07-12/' in found.stdout
    clean = tmp_path / "clean"
    build(content, clean)
    same_site(built, clean)


def _problems(problems) -> list[str]:
    return sorted(format_problem(p) for p in problems)


BOLTON = Path("bolton/meetings/executive-member-childrens-services/2008/2008-12-15.md")
TEXT_EDITS = [  # (file, text, replacement): a narrative, a report's summary, a decision's words
    (MEETING, "### Background\n", f"### Background\n\n{SENTENCE}\n"),
    (MEETING, "This report seeks Executive approval", "This report asks for Executive approval"),
    (BOLTON, "text: the progress on decisions previously taken.", "text: the progress on decisions taken before."),
    (BOLTON, "The savings target set corporately", "The savings target set by the Council"),  # a part's words
]


def test_a_text_edit_in_the_preview_rewrites_just_the_pages_that_read_the_file(content, tmp_path):
    """What `serve` does when a save changes only what a meeting says: no build; the pages that read
    the file are rendered again in place, as a preview build would make them, and the file's problems
    are found again (their lines moved). The next build then ends as a clean build, even when the edit
    was undone in between (pages written outside a build are not taken for what its manifest says)."""
    build_date = dt.date.fromisoformat(BUILD_DATE)
    originals = {path: (content / path).read_text(encoding="utf-8") for path in (MEETING, BOLTON)}
    live, output = LiveSite(content, TEMPLATES, build_date), tmp_path / "live"
    oracle = tmp_path / "oracle"
    live.build(output)
    build_site(read_archive(content, build_date)[0], oracle)
    for path, old, new in TEXT_EDITS:
        _replace(content / path, old, new)
        problems, changed, how = live.update(content / path, output)
        assert how == "text" and 0 < changed < 20, new
        site, expected = read_archive(content, build_date)
        assert _problems(problems) == _problems(expected)
        build_site(site, oracle, preview=True)
        assert _but_search(tree(output)) == _but_search(tree(oracle)), new  # (its search follows the save: below)
    assert SENTENCE in (output / "central-bedfordshire/executive/2011-07-12/index.html").read_text(encoding="utf-8")
    assert any(p.where.path == content / MEETING for p in problems.warnings)

    for path, text in originals.items():
        (content / path).write_text(text, encoding="utf-8")
    live.build(output)
    clean = tmp_path / "clean"
    build(content, clean)
    same_site(output, clean)


def _built_live_and_oracle(content: Path, tmp_path: Path) -> tuple[LiveSite, Path, Path]:
    """A preview's site, its whole build, and a whole build of the same content for preview builds to
    be compared with (they show its related decisions)."""
    live, output, oracle = LiveSite(content, TEMPLATES, dt.date.fromisoformat(BUILD_DATE)), tmp_path / "live", \
        tmp_path / "oracle"
    live.build(output)
    build_site(read_archive(content, live.build_date)[0], oracle)
    return live, output, oracle


def test_a_text_edit_renders_again_the_pages_that_show_the_text_not_those_that_list_what_it_is_in(content, tmp_path):
    """A year's register of decisions lists each decision (whether it is a key one, its wards), and a
    body's page each meeting (its items' titles), but neither shows what they say: a save of only a
    decision's words leaves them as they are. (At 10,000 meetings, the year's register was half the
    time of each such save in the preview.)"""
    live, output, oracle = _built_live_and_oracle(content, tmp_path)
    build_date = live.build_date
    name = BOLTON.as_posix()
    meeting = live._meeting(name)
    register = render.page_file(next(y for y in live._site.years if y.year == 2008).register_url)
    body = render.page_file(meeting.body.url)
    shown = {render.page_file(meeting.url), *(render.page_file(item.url) for item in meeting.items)}
    reading, reading_text = set(live._pages_reading(name)), set(live._pages_reading(name, TEXT_READ))
    assert {register, body, *shown} <= reading  # they list it, and a save that links it again renders them
    assert shown <= reading_text
    assert register not in reading_text and body not in reading_text
    _replace(content / BOLTON, *TEXT_EDITS[2][1:])
    assert live.update(content / BOLTON, output).how == "text"
    build_site(read_archive(content, build_date)[0], oracle, preview=True)
    assert _but_search(tree(output)) == _but_search(tree(oracle))


def test_a_save_of_who_attended_renders_again_the_pages_that_show_attendance(content, tmp_path, monkeypatch):
    """A year's register and its page, a meeting's items' pages and its issues' read the meeting's file
    but show nothing of who attended: a save that only renames an attendee's role leaves them as they
    are. The meeting's page, its people's pages (their meetings attended, their roles), their bodies' and
    authority's pages are rendered again, as a preview build makes them. An attendee taken out moves
    the items in the file: every page that read it is rendered again then, as before. (At 10,000
    meetings the year's register and page were ~0.2 s of each role save in the preview.)"""
    live, output, oracle = _built_live_and_oracle(content, tmp_path)
    build_date = live.build_date
    name = BOLTON.as_posix()
    meeting = live._meeting(name)
    year = next(y for y in live._site.years if y.year == 2008)
    listing = {render.page_file(year.register_url), render.page_file(year.url),
               *(render.page_file(item.url) for item in meeting.items)}
    person = render.page_file(next(p for p in live._site.people if p.id == "cllr-swarbrick").url)
    showing = {render.page_file(meeting.url), person}
    attendance = set(live._pages_reading(name, ATTENDANCE_READ))
    assert listing <= set(live._pages_reading(name)) and showing <= attendance
    assert not listing & attendance
    rendered: list[str] = []
    real_render = depend.Plan.render
    monkeypatch.setattr(depend.Plan, "render", lambda plan, path, node, make: (rendered.append(path),
                                                                               real_render(plan, path, node, make))[1])

    _replace(content / BOLTON, "role: Minor Opposition Spokesperson", "role: Minor Opposition Whip")
    assert live.update(content / BOLTON, output).how == "linked"
    assert showing <= set(rendered) and not listing & set(rendered)
    assert "Minor Opposition Whip" in (output / person).read_text(encoding="utf-8")
    build_site(read_archive(content, build_date)[0], oracle, preview=True)
    assert _but_search(tree(output)) == _but_search(tree(oracle))

    rendered.clear()
    _replace(content / BOLTON, "    - person: cllr-swarbrick\n      role: Minor Opposition Whip\n", "")
    assert live.update(content / BOLTON, output).how == "linked"
    assert listing <= set(rendered)
    build_site(read_archive(content, build_date)[0], oracle, preview=True)
    assert _but_search(tree(output)) == _but_search(tree(oracle))


def _but_search(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if not path.startswith("search/")}


def _search_files(output: Path) -> dict[str, bytes]:
    """The search index's files but whoosh's, the words/ shards and root.json, where they begin."""
    return {path: data for path, data in tree(output).items()
            if path.startswith(("search/dict/", "search/post/", "search/pos/", "search/docs/"))}


def test_a_text_edit_in_the_preview_is_found_by_its_search_at_once(content, tmp_path):
    """A save of a meeting's text is shown in the preview's search index as its pages are, not only by
    the whole build that follows: the terms it changed are encoded again as a clean build encodes them
    (the dictionary shards that hold them, their postings and positions files), and so are its
    documents' records. The site's own search, in Chromium, then finds the new word, whole and as it is
    typed, and no longer the word it replaced; put back, the other way round. The whole builds that
    follow are clean builds', and the next save is shown in the search as they left it."""
    build_date = dt.date.fromisoformat(BUILD_DATE)
    live, output = LiveSite(content, TEMPLATES, build_date), tmp_path / "live"
    live.build(output)
    original = (content / MEETING).read_text(encoding="utf-8")
    with browser() as chromium, serve(output) as base:
        def search(text: str) -> list[str]:
            page = chromium.new_page()  # (a page opens the index once)
            page.goto(base + "/search/")
            found = static_search(page, base, text)
            page.close()
            return found["urls"]

        before = search("unannounced")  # a word of this meeting's alone, four times
        assert before and all(url.startswith("central-bedfordshire/executive/2011-07-12/") for url in before)
        assert search("zanzibarite") == []
        (content / MEETING).write_text(re.sub("(?i)unannounced", "Zanzibarite", original), encoding="utf-8")
        assert live.update(content / MEETING, output).how == "text" and live.shown_in_search
        assert search("zanzibarite") == search("zanzib") == before
        assert search("unannounced") == []
        build(content, tmp_path / "clean")
        assert _search_files(output) == _search_files(tmp_path / "clean")

        (content / MEETING).write_text(original, encoding="utf-8")
        assert live.update(content / MEETING, output).how == "text" and live.shown_in_search
        assert search("unannounced") == search("unannou") == before
        assert search("zanzibarite") == []
        build(content, tmp_path / "clean again")
        assert _search_files(output) == _search_files(tmp_path / "clean again")

        # 300 words no record had: the whole build that follows (as `serve` makes it, then `caught_up`)
        # cuts the dictionary in more shards. The index the saves were shown in is kept for the next
        # save, which puts its word in the shards as they are cut now.
        shown_in = live._search
        _replace(content / MEETING, "### Background\n", "### Background\n\n" + " ".join(f"zq{n}x" for n in range(300))
                 + "\n")
        assert live.update(content / MEETING, output).how == "text" and search("zq299x") == search("zq29") != []
        shards = json.loads((output / "search/root.json").read_bytes())["dict_shards"]
        live.whole_build(output)
        live.caught_up(output)
        build(content, tmp_path / "clean with more words")
        same_site(output, tmp_path / "clean with more words")
        assert json.loads((output / "search/root.json").read_bytes())["dict_shards"] > shards
        _replace(content / MEETING, "Inspection of Intake", "Inspection of Quokkaesque")  # (word for word)
        assert live.update(content / MEETING, output).how == "text" and live._search is shown_in
        assert search("quokkaesque") == search("quokka") != []
        build(content, tmp_path / "clean once more")
        assert _search_files(output) == _search_files(tmp_path / "clean once more")

        # two words the other way round: their positions alone change (a phrase finds them so)
        assert search('"twice inspected"') == []
        _replace(content / MEETING, "inspected twice", "twice inspected")
        assert live.update(content / MEETING, output).how == "text"
        assert search('"twice inspected"') == search("quokkaesque") and search('"inspected twice"') == []
        build(content, tmp_path / "clean at last")
        assert _search_files(output) == _search_files(tmp_path / "clean at last")

        # one word for another the item has too, one of the two with files of its own (in ~40 documents):
        # both, in the same documents as before, count anew there and score anew (its postings file
        # keeps its documents' facets, and their counts)
        _replace(content / MEETING, "about the current", "about the children")
        assert live.update(content / MEETING, output).how == "text"
        build(content, tmp_path / "clean with a word for another")
        assert _search_files(output) == _search_files(tmp_path / "clean with a word for another")
    live.whole_build(output)
    same_site(output, tmp_path / "clean with a word for another")


def test_a_fact_edit_in_the_preview_is_shown_in_its_search_at_once(content, tmp_path):
    """A save that links a meeting again in place (a part's verb, an attendee), or a person's file
    (their name), is shown in the preview's search index at once too, as a save of text is: the
    documents it changed, the people's and meetings' it touched among them, are indexed again and
    filtered as they are now (a part's verb is a facet), and the search files are a clean build's. A
    save that moves a meeting to another day, or a person among their council's people, waits for
    the whole build (documents are numbered in that order), and so does one that changes how often
    facets' values are found (they are numbered in that order); the whole build then is a clean
    build's."""
    build_date = dt.date.fromisoformat(BUILD_DATE)
    live, output = LiveSite(content, TEMPLATES, build_date), tmp_path / "live"
    live.build(output)
    item = "bolton/executive-member-childrens-services/2008-12-15/42/"  # its parts: NOTED, AGREED
    with browser() as chromium, serve(output) as base:
        def search(text: str, filters: dict | None = None) -> list[str]:
            page = chromium.new_page()
            page.goto(base + "/search/")
            found = static_search(page, base, text, filters)
            page.close()
            return found["urls"]

        def clean_build_has_the_same_search(name: str) -> None:
            build(content, tmp_path / name)
            assert _search_files(output) == _search_files(tmp_path / name), name

        assert item in search("savings target", {"verb": "NOTED"})
        assert item in search("savings target", {"verb": "AGREED"})
        _replace(content / BOLTON, *FACT_EDITS[2][1:])  # a part's verb: NOTED → AGREED
        assert live.update(content / BOLTON, output).how == "linked" and live.shown_in_search
        assert item not in search("savings target", {"verb": "NOTED"})
        assert item in search("savings target", {"verb": "AGREED"})
        clean_build_has_the_same_search("clean with a verb")

        _replace(content / PERSON, 'family_name: Swarbrick', 'family_name: Swarbrickson')
        assert live.update(content / PERSON, output).how == "linked" and live.shown_in_search
        found = search("swarbrickson")
        assert {"bolton/people/cllr-swarbrick/", "bolton/executive-member-childrens-services/2008-12-15/"} <= set(found)
        clean_build_has_the_same_search("clean with a name")

        # another attendee in their place, who takes their role: the meeting names them, and their page's
        # roles are the other's (one for one: the average lengths stay, which a build scores all terms by)
        meeting = "bolton/executive-member-childrens-services/2008-12-15/"
        assert meeting not in search("rothwell")
        _replace(content / BOLTON, "- person: cllr-swarbrick\n", "- person: cllr-rothwell\n")
        assert live.update(content / BOLTON, output).how == "linked" and live.shown_in_search
        assert meeting not in search("swarbrickson") and meeting in search("rothwell")
        clean_build_has_the_same_search("clean with another attendee")

        _replace(content / BOLTON, *FACT_EDITS[3][1:])  # another day
        assert live.update(content / BOLTON, output).how == "linked" and not live.shown_in_search
        assert live._search is None
        live.whole_build(output)
        live.caught_up(output)
        # a verb no decision had: facets' values are numbered most frequent first, and it comes before others
        _replace(content / BOLTON, "verb: AGREED\n        text: >-\n          The savings target",
                 "verb: DEFERRED\n        text: >-\n          The savings target")
        assert live.update(content / BOLTON, output).how == "linked" and not live.shown_in_search
        live.whole_build(output)
        live.caught_up(output)
        # a name that sorts them first among their council's people, in whose order people are numbered
        _replace(content / PERSON, 'family_name: Swarbrickson', 'family_name: Abbott')
        assert live.update(content / PERSON, output).how == "linked" and not live.shown_in_search
    live.whole_build(output)
    build(content, tmp_path / "clean")
    same_site(output, tmp_path / "clean")


FACT_EDITS = [  # (file, text, replacement): what link reads, shown by linking the one meeting again
    (MEETING, "Interim Assistant Director of Finance", "Assistant Director of Finance"),  # a post
    (MEETING, "person: cllr-maurice-jones", "person: clive-jones"),  # a report's author
    (BOLTON, "verb: NOTED\n        text: >-\n          The savings target",
     "verb: AGREED\n        text: >-\n          The savings target"),  # a part's verb
    (BOLTON, "date: 2008-12-15", "date: 2008-12-16"),
    (BOLTON, "    - person: cllr-swarbrick\n      role: Minor Opposition Spokesperson\n", ""),  # an attendee
    (BOLTON, "issues: [monitoring-executive-member-decisions]",  # an issue that gains an authority
     "issues: [monitoring-executive-member-decisions, childrens-services-improvement-bromley]"),
]
ERROR_EDITS = [  # a person who is not known; YAML that cannot be read
    (BOLTON, "person: cllr-adia\n", "person: cllr-adiaa\n"),
    (BOLTON, "status: held\n", "status: [held\n"),
]


def test_a_fact_edit_in_the_preview_links_the_meeting_again_and_rewrites_the_pages_it_changes(content, tmp_path):
    """A save that changes what link reads (a role, an author, a verb, a date, an attendee, an issue)
    is linked again in place of the old record: the pages are then those a preview build would make,
    and the problems those of a fresh read. A save with errors leaves the pages and says what is wrong;
    put right, it is shown in place again. The next build then ends as a clean build."""
    build_date = dt.date.fromisoformat(BUILD_DATE)
    originals = {path: (content / path).read_text(encoding="utf-8") for path in (MEETING, BOLTON)}
    live, output, oracle = LiveSite(content, TEMPLATES, build_date), tmp_path / "live", tmp_path / "oracle"
    live.build(output)
    build_site(read_archive(content, build_date)[0], oracle)
    author = "central-bedfordshire/people/clive-jones/index.html"  # open in a browser: shown first
    seen_when_shown = []
    for path, old, new in FACT_EDITS:
        _replace(content / path, old, new)
        problems, changed, how = live.update(
            content / path, output, first={author},
            shown=lambda _: seen_when_shown.append((output / author).read_text(encoding="utf-8")))
        assert (how, changed > 0) == ("linked", True), new
        site, expected = read_archive(content, build_date)
        assert _problems(problems) == _problems(expected), new
        build_site(site, oracle, preview=True)
        assert _but_search(tree(output)) == _but_search(tree(oracle)), new  # (its search follows the save)
    assert len(seen_when_shown) == len(FACT_EDITS)
    assert "Report of" not in seen_when_shown[0] and "Report of" in seen_when_shown[1]  # the author's page

    shown = tree(output)
    for path, old, new in ERROR_EDITS:
        text = (content / path).read_text(encoding="utf-8")
        _replace(content / path, old, new)
        problems, changed, how = live.update(content / path, output)
        assert (how, changed) == ("error", 0), new
        assert _problems(problems.errors) == _problems(read_archive(content, build_date)[1].errors), new
        assert tree(output) == shown
        (content / path).write_text(text, encoding="utf-8")
        assert live.update(content / path, output).how != "error"
        assert tree(output) == shown

    # a save of another file while one has an error: taken in, and the error still shown
    _replace(content / BOLTON, "person: cllr-adia\n", "person: cllr-adiaa\n")
    assert live.update(content / BOLTON, output).how == "error"
    _replace(content / MEETING, "Assistant Director of Finance", "Deputy Director of Finance")
    problems, changed, how = live.update(content / MEETING, output)
    assert (how, changed > 0, len(problems.errors)) == ("linked", True, 1)
    _replace(content / BOLTON, "person: cllr-adiaa\n", "person: cllr-adia\n")
    assert not live.update(content / BOLTON, output).problems.errors
    site, expected = read_archive(content, build_date)
    build_site(site, oracle, preview=True)
    assert _but_search(tree(output)) == _but_search(tree(oracle))

    for path, text in originals.items():
        (content / path).write_text(text, encoding="utf-8")
        assert live.update(content / path, output).how == "linked"
        site, expected = read_archive(content, build_date)
        build_site(site, oracle, preview=True)
        assert _but_search(tree(output)) == _but_search(tree(oracle)), path
    live.build(output)
    clean = tmp_path / "clean"
    build(content, clean)
    same_site(output, clean)


PERSON = Path("bolton/people/cllr-swarbrick.yaml")


def test_the_preview_shows_the_related_decisions_of_the_build_that_caught_up_with_it(content, tmp_path):
    """`serve` shows saves at once and runs a whole build behind them; the related decisions that build
    found are what the pages rewritten by the next saves show, as a preview build would."""
    build_date = dt.date.fromisoformat(BUILD_DATE)
    live, output, oracle = LiveSite(content, TEMPLATES, build_date), tmp_path / "live", tmp_path / "oracle"
    live.build(output, preview=True)  # no whole build yet: no related decisions
    _replace(content / BOLTON, "date: 2008-12-15", "date: 2008-12-16")
    assert live.update(content / BOLTON, output).how == "linked"
    build(content, output)  # the whole build, in another process
    build(content, oracle)
    live.caught_up(output)
    _replace(content / MEETING, "### Background\n", f"### Background\n\n{SENTENCE}\n")
    assert live.update(content / MEETING, output).how == "text"
    build_site(read_archive(content, build_date)[0], oracle, preview=True)
    pages = {path: html for path, html in tree(oracle).items() if path.endswith(".html")}
    assert any(b'id="related"' in html for path, html in pages.items()  # on the pages the save rewrote
               if path.startswith("central-bedfordshire/executive/2011-07-12/"))
    assert {path: html for path, html in tree(output).items() if path.endswith(".html")} == pages


def test_a_persons_file_saved_or_added_in_the_preview_is_linked_in_place(content, tmp_path):
    """A councillor's name corrected (it sorts them elsewhere among people and members), a role
    declared, a new councillor's file: each shown in place, as a preview build shows it; a role on a
    body that is not known is an error that leaves the pages, and the next build is a clean build's."""
    build_date = dt.date.fromisoformat(BUILD_DATE)
    live, output, oracle = LiveSite(content, TEMPLATES, build_date), tmp_path / "live", tmp_path / "oracle"
    live.build(output)
    build_site(read_archive(content, build_date)[0], oracle)
    original = (content / PERSON).read_text(encoding="utf-8")
    added = content / "bolton/people/cllr-zephyr.yaml"
    edits = [
        (PERSON, lambda: _replace(content / PERSON, "family_name: Swarbrick", "family_name: Aardvark"), "linked"),
        (PERSON, lambda: (content / PERSON).write_text(
            original + "roles:\n  - title: Chair\n    body: executive\n", encoding="utf-8"), "linked"),
        (added, lambda: added.write_text("kind: councillor\nfamily_name: Zephyr\n", encoding="utf-8"), "added"),
    ]
    for path, edit, kind in edits:
        edit()
        problems, changed, how = live.update(content / path, output)
        assert (how, changed > 0) == (kind, True), path
        site, expected = read_archive(content, build_date)
        assert _problems(problems) == _problems(expected)
        build_site(site, oracle, preview=True)
        assert tree(output) == tree(oracle), path
    assert "Zephyr" in (output / "bolton/people/cllr-zephyr/index.html").read_text(encoding="utf-8")

    shown = tree(output)
    (content / PERSON).write_text(original + "roles:\n  - title: Chair\n    body: executve\n", encoding="utf-8")
    problems, changed, how = live.update(content / PERSON, output)
    assert (how, changed) == ("error", 0)
    assert _problems(problems.errors) == _problems(read_archive(content, build_date)[1].errors)
    assert "did you mean 'executive'" in format_problem(problems.errors[0])
    assert tree(output) == shown
    (content / PERSON).write_text(original, encoding="utf-8")
    assert live.update(content / PERSON, output).how == "linked"
    live.build(output)
    clean = tmp_path / "clean"
    build(content, clean)
    same_site(output, clean)


def test_a_meeting_or_item_added_or_removed_in_the_preview_adds_or_removes_its_pages(content, tmp_path):
    """Pages come and go in place too: an item added, an item renumbered (its page moves; then a save
    of its meeting's text), a meeting file added, then deleted, a meeting moved to a year of its own
    (its old year goes), the first meeting of a year added and deleted; after each, output/ is what a
    preview build makes (the sitemap and every year's register navigation included)."""
    build_date = dt.date.fromisoformat(BUILD_DATE)
    live, output, oracle = LiveSite(content, TEMPLATES, build_date), tmp_path / "live", tmp_path / "oracle"
    live.build(output)
    build_site(read_archive(content, build_date)[0], oracle)
    added = content / BOLTON.with_name("2008-12-22.md")
    later = content / BOLTON.with_name("2030-01-07.md")
    edits = [
        lambda: _replace(content / MEETING, "### Background\n", "### Background\n\nA sentence.\n\n## 99. An item added\n"),
        lambda: _replace(content / BOLTON, "## 41. Monitoring of Executive Member Decisions",
                         "## 40. Monitoring of Executive Member Decisions"),
        # text alone, after its item's page moved: the pages that read it are those that do now
        lambda: _replace(content / BOLTON, "the progress on decisions previously taken.",
                         "the progress on the decisions taken before."),
        lambda: added.write_text((content / BOLTON).read_text(encoding="utf-8").replace(
            "date: 2008-12-15", "date: 2008-12-22"), encoding="utf-8"),
        lambda: added.unlink(),
        lambda: _replace(content / MEETING, "date: 2011-07-12", "date: 2010-07-12"),  # 2011 goes, 2010 comes
        lambda: later.write_text((content / BOLTON).read_text(encoding="utf-8").replace(
            "date: 2008-12-15", "date: 2030-01-07"), encoding="utf-8"),  # the first meeting of 2030
        lambda: later.unlink(),
    ]
    for edit, saved, kind in zip(edits, [MEETING, BOLTON, BOLTON, added, added, MEETING, later, later],
                                 ["linked", "linked", "text", "added", "removed", "linked", "added", "removed"],
                                 strict=True):
        before = tree(output)
        edit()
        problems, changed, how = live.update(content / saved, output)
        assert how == kind, saved
        site, expected = read_archive(content, build_date)
        assert _problems(problems) == _problems(expected)
        build_site(site, oracle, preview=True)
        assert tree(output) == tree(oracle), saved
        assert set(tree(output)) != set(before) if kind != "text" else tree(output) != before
    assert not (output / "bolton/executive-member-childrens-services/2008-12-22").exists()


def _recorded(output: Path) -> dict[str, tuple]:
    """What a build recorded of each page for the next one: its node's shape, the files it read, those
    whose text it read, those whose attendance it read."""
    state = json.loads(write.manifest_path(output).read_bytes())["state"]
    names = state["names"]
    return {page: (shape, *(sorted(names[n] for n in unpack(files)) for files in read))
            for page, (shape, *read) in ((page, page_parts(record)) for page, record in state["pages"].items())}


def test_the_whole_build_after_saves_in_the_preview_is_made_from_the_site_it_shows(content, tmp_path):
    """The whole build that follows saves in `serve` (search, feeds, data) is made from the site the
    preview linked the saves into, not from the files read and linked again, and it is a clean
    build's: after a text edit, a meeting linked again, a person's file, a meeting added, then
    deleted. A file saved that the preview did not take in (its stamp is not the one it read) sends
    it back to reading the files."""
    build_date = dt.date.fromisoformat(BUILD_DATE)
    live, output = LiveSite(content, TEMPLATES, build_date), tmp_path / "live"
    live.build(output, preview=True)
    added = content / BOLTON.with_name("2008-12-22.md")
    saves = [
        (MEETING, lambda: _replace(content / MEETING, "### Background\n", f"### Background\n\n{SENTENCE}\n")),
        (BOLTON, lambda: _replace(content / BOLTON, "date: 2008-12-15", "date: 2008-12-16")),
        (PERSON, lambda: _replace(content / PERSON, "family_name: Swarbrick", "family_name: Aardvark")),
        (added, lambda: added.write_text((content / BOLTON).read_text(encoding="utf-8").replace(
            "date: 2008-12-16", "date: 2008-12-22"), encoding="utf-8")),
        (added, lambda: added.unlink()),
    ]
    for n, (saved, save) in enumerate(saves):
        save()
        (content / saved).with_name(f".{saved.name}.swp").write_text(f"{n}", encoding="utf-8")  # (read by nothing)
        assert live.update(content / saved, output).how in ("text", "linked", "added", "removed"), saved
        shown = live._site
        live.whole_build(output)  # (in the process `serve` forks)
        assert live._site is shown, saved  # not read again
        live.caught_up(output)
        build(content, tmp_path / f"clean-{n}")
        same_site(output, tmp_path / f"clean-{n}")
        assert _recorded(output) == _recorded(tmp_path / f"clean-{n}"), saved  # for the next build

    _replace(content / MEETING, SENTENCE, "The Executive asked for a report in a year.")  # not taken in
    live.whole_build(output)
    assert live._site is not shown
    build(content, tmp_path / "clean")
    same_site(output, tmp_path / "clean")


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = "http://127.0.0.1:8000/"  # the address a build gives pages when none is set


def sitemap_pages(output: Path) -> list[str]:
    """The addresses the sitemap lists, read as a search engine does: from sitemap.xml, or from the
    parts its index lists (each a file in output/ of at most `SITEMAP_URLS` pages)."""
    root = ElementTree.parse(output / "sitemap.xml").getroot()
    if root.tag == SITEMAP + "urlset":
        return [loc.text for loc in root.iter(SITEMAP + "loc")]
    assert root.tag == SITEMAP + "sitemapindex"
    pages = []
    for part in root.iter(SITEMAP + "loc"):
        listed = ElementTree.parse(output / part.text.removeprefix(SITE_URL)).getroot()
        assert listed.tag == SITEMAP + "urlset"
        assert 0 < len(listed) <= render.SITEMAP_URLS
        pages += [loc.text for loc in listed.iter(SITEMAP + "loc")]
    return pages


def pages_in(output: Path) -> list[str]:
    """The address of every page in output/, sorted."""
    return sorted(SITE_URL + p.relative_to(output).as_posix().removesuffix("index.html")
                  for p in output.rglob("index.html"))


def test_a_sitemap_of_more_pages_than_one_may_list_is_split_under_an_index(content, tmp_path, monkeypatch):
    """Search engines read at most 50,000 addresses from one sitemap: a site with more pages lists them
    in parts, and sitemap.xml is the index of the parts. A meeting added in the preview that takes the
    pages over the limit splits the sitemap; deleted, it is one file again, and no part is left behind."""
    build_date = dt.date.fromisoformat(BUILD_DATE)
    live, output, oracle = LiveSite(content, TEMPLATES, build_date), tmp_path / "live", tmp_path / "oracle"
    live.build(output)
    pages = pages_in(output)
    monkeypatch.setattr(render, "SITEMAP_URLS", len(pages))  # every page in one file, just
    live.build(output)
    build_site(read_archive(content, build_date)[0], oracle)
    assert sitemap_pages(output) == pages and not list(output.glob("sitemap-*.xml"))
    added = content / BOLTON.with_name("2008-12-22.md")
    added.write_text((content / BOLTON).read_text(encoding="utf-8").replace("date: 2008-12-15", "date: 2008-12-22"),
                     encoding="utf-8")
    assert live.update(added, output).how == "added"
    now = pages_in(output)
    assert len(now) > len(pages) and sitemap_pages(output) == now
    assert sorted(p.name for p in output.glob("sitemap-*.xml")) == ["sitemap-1.xml", "sitemap-2.xml"]
    build_site(read_archive(content, build_date)[0], oracle, preview=True)
    assert tree(output) == tree(oracle)
    added.unlink()
    assert live.update(added, output).how == "removed"
    assert sitemap_pages(output) == pages and not list(output.glob("sitemap-*.xml"))
    build_site(read_archive(content, build_date)[0], oracle, preview=True)
    assert tree(output) == tree(oracle)


def test_a_save_that_changes_more_than_a_meetings_pages_is_left_to_a_build(content, tmp_path):
    live, output = LiveSite(content, TEMPLATES, dt.date.fromisoformat(BUILD_DATE)), tmp_path / "live"
    live.build(output)
    before = tree(output)
    for path, old, new in [
            (BOLTON, "body: executive-member-childrens-services",  # its pages move to the other body's
             "body: executive-member-looked-after-children-safeguarding"),
            (BOLTON, "body: executive-member-childrens-services", "body: no-such-body"),  # a build says so
            (BOLTON, "status: held\n", "status: held\npublished: 2030-01-01\n")]:  # not yet due
        text = (content / path).read_text(encoding="utf-8")
        _replace(content / path, old, new)
        assert live.update(content / path, output) is None, new
        assert tree(output) == before
        (content / path).write_text(text, encoding="utf-8")
    text = (content / PERSON).read_text(encoding="utf-8")
    (content / PERSON).unlink()  # a person whom meetings name
    assert live.update(content / PERSON, output) is None
    assert tree(output) == before
    (content / PERSON).write_text(text, encoding="utf-8")


def test_the_preview_takes_in_place_just_the_edits_it_can_show_as_a_build_would(tmp_path):
    """Over the everyday edits of a generated archive: those of one meeting's or person's file are
    shown in place, the others left to a preview build; either way the pages are a preview build's.
    The whole build after them is a clean build's (the search files the saves of text rewrote
    included, which the preview builds between kept as they were)."""
    content, output, oracle = tmp_path / "content", tmp_path / "live", tmp_path / "oracle"
    made = minutebook("demo", "--meetings", "40", "--seed", "3", "--content", str(content))
    assert made.returncode == 0, made.stderr
    build_date = dt.date.fromisoformat(BUILD_DATE)
    live = LiveSite(content, TEMPLATES, build_date)
    live.build(output)
    build_site(read_archive(content, build_date)[0], oracle)
    taken = []
    for edit in EDITS:
        before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
        edit(content)
        after = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
        saved = [p for p in before.keys() | after.keys() if before.get(p) != after.get(p)]
        if len(saved) == 1 and live.update(saved[0], output) is not None:  # (any but "error")
            taken.append(edit.__name__)
        else:
            live.build(output, preview=True)
        build_site(read_archive(content, build_date)[0], oracle, preview=True)
        assert _but_search(tree(output)) == _but_search(tree(oracle)), edit.__name__  # (saves of text: searched)
    assert taken == ["_prose", "_decision_text", "_time", "_attendee", "_verb", "_moved_to_another_year",
                     "_person_name", "_delete_meeting", "_add_meeting", "_add_meeting_in_a_new_year"]
    live.build(output)  # the search files saves of text rewrote, which preview builds kept, written again
    build(content, tmp_path / "clean")
    same_site(output, tmp_path / "clean")


def _problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.match(r"\S+\.md:\d+:\d+: ", line)]


def test_a_whole_build_reads_half_of_the_meeting_files_in_another_process_and_finds_what_one_would(tmp_path):
    """A build that reads many meeting files anew (a first build: 10,000 take ~17 s) reads half of them in
    a second process. Its site is that of records read one by one (`read_archive` with positions, as
    `check` and the preview read), and so are the problems it finds, in files of either half."""
    content, output, one = tmp_path / "content", tmp_path / "output", tmp_path / "one"
    write_demo(content, READ_IN_TWO_FROM, 2)
    assert "read anew" in build(content, output)
    site, problems = read_archive(content, dt.date.fromisoformat(BUILD_DATE))
    assert not problems.errors
    build_site(site, one)
    assert tree(output) == tree(one)

    meetings = _meetings(content)
    assert len(meetings) == READ_IN_TWO_FROM
    for n, status in [(10, "heard"), (-30, "hold"), (-3, "[held")]:  # this process's half, the other's twice;
        text = meetings[n].read_text(encoding="utf-8")  # the last a file that cannot be read at all
        meetings[n].write_text(re.sub(r"(?m)^status: .*$", f"status: {status}", text, count=1), encoding="utf-8")
    built = minutebook("build", "--content", str(content), "--output", str(output), "--build-date", BUILD_DATE,
                       "--clean")  # every file read anew, not just the three changed
    checked = minutebook("check", "--content", str(content), "--build-date", BUILD_DATE)
    assert built.returncode != 0 and checked.returncode != 0
    found = _problem_lines(built.stderr)
    assert found == _problem_lines(checked.stderr)
    assert [line.split(":")[0] for line in found] == [str(meetings[n]) for n in (10, -30, -3)]


def test_after_an_edit_to_a_meetings_text_alone_the_pages_shapes_are_not_worked_out_again(content, built, tmp_path,
                                                                                          monkeypatch):
    """An edit to text that `link` does not read (an item's narrative) leaves the graph as it was: the
    build takes every page's shape from the previous build (only the pages of items whose related
    decisions the search changes are shaped again), renders again only the pages that read that text
    (not the body's page, which lists the meeting and its items but shows none of their text), and
    ends as a clean build does; so after the edit is undone, and made again, though no file is read
    anew then (the records of both were kept). An edit to an item's title changes what `link` makes: every page's
    shape is worked out again, and the body's page, which names the item, is rendered again."""

    from generator import cli, depend
    from generator import kept as kept_records
    from generator.kept import KeptRecords

    monkeypatch.setattr(cli, "SHARE_FROM", 10 ** 9)  # every page checked in this process
    monkeypatch.setattr(kept_records, "STALE_SHARE", 1.0)  # every frame stays: an edit undone is in one
    shaped: list = []
    shape = depend.shape
    monkeypatch.setattr(depend, "shape", lambda node, memo=None: shaped.append(node) or shape(node, memo))
    rendered: list = []
    render = depend.Plan.render
    monkeypatch.setattr(depend.Plan, "render", lambda plan, path, node, make: rendered.append(path)
                        or render(plan, path, node, make))
    meeting, body = "central-bedfordshire/executive/2011-07-12/index.html", "central-bedfordshire/executive/index.html"
    read_anew: list[int] = []

    def rebuild() -> int:
        """Build as `minutebook build` does, in this process; the number of pages about a node."""
        shaped.clear()
        rendered.clear()
        kept, written = build_here(content, built)
        read_anew.append(len(kept.made))
        return sum(node is not None for _, node, _ in written.renderer.jobs())

    original = (content / MEETING).read_bytes()
    add_sentence(content)
    pages = rebuild()
    assert pages > 40 and len(shaped) < 10 and all(type(node).__name__ == "ItemNode" for node in shaped), shaped
    assert meeting in rendered and body not in rendered
    clean = tmp_path / "clean"
    build(content, clean)
    assert tree(built) == tree(clean)

    # The edit undone, then made again: each time the file's bytes are those of a record kept (none is
    # read anew), and compared with the previous build's all the same.
    edited = (content / MEETING).read_bytes()
    for again in (original, edited):
        (content / MEETING).write_bytes(again)
        assert rebuild() == pages and len(shaped) < 10, shaped
        assert meeting in rendered and body not in rendered and read_anew[-1] == 0
        shutil.rmtree(clean)
        build(content, clean)
        assert tree(built) == tree(clean)

    _replace(content / MEETING, "## Integrated Children's System Replacement\n",
             "## Integrated Children's System Replacement Programme\n")
    assert rebuild() == pages and len(shaped) >= pages
    assert meeting in rendered and body in rendered
    build(content, clean)
    assert tree(built) == tree(clean)


def test_what_rendering_remembers_of_a_view_is_not_taken_for_a_new_view_made_in_its_place(content):
    """The preview links a saved meeting again in place: views are let go and new ones made, while
    rendering remembers each view's files by its id. A view let go must not lend its id, and its
    files, to the next one (CPython gives a freed object's memory to the next of its size)."""
    from generator.depend import Reads
    from generator.link import Attended

    site, problems = read_archive(content, dt.date.fromisoformat(BUILD_DATE), positions=False)
    assert not problems.errors
    reads = Reads(site.root)
    one, other = site.meetings[0], site.meetings[1]
    files = {id(m): reads.files(m) for m in (one, other)}
    assert files[id(one)] != files[id(other)]
    for n in range(200):  # each view made, asked of, and let go; the next one made in its place
        meeting = (one, other)[n % 2]
        found = reads.files(Attended(meeting, "Present", None))
        assert found == files[id(meeting)], n


def test_rendering_that_lets_go_of_what_it_remembered_makes_the_same_site(content, built, tmp_path, monkeypatch):
    """What rendering remembers of each node and view (its files, its shape) is bounded: let go every
    few entries, found again, the site, the record of what each page read, and the next build's
    choice of pages are those of a build that remembered everything."""
    from generator import cli, depend

    monkeypatch.setattr(cli, "SHARE_FROM", 10 ** 9)  # every page rendered in this process
    monkeypatch.setattr(depend, "MEMO_ENTRIES", 7)
    site, problems = read_archive(content, dt.date.fromisoformat(BUILD_DATE), positions=False)
    assert not problems.errors
    bounded = tmp_path / "bounded"
    result = build_site(site, bounded)
    assert 0 < len(result.renderer.reads.by_id) <= 7
    assert tree(bounded, whoosh=True) == tree(built, whoosh=True)

    _replace(content / MEETING, "## Integrated Children's System Replacement\n",
             "## Integrated Children's System Replacement Programme\n")
    site, problems = read_archive(content, dt.date.fromisoformat(BUILD_DATE), positions=False)
    result = build_site(site, bounded)
    assert result.rendered < sum(1 for path, _, _ in result.renderer.jobs())
    build(content, built)
    assert tree(bounded) == tree(built)


@pytest.mark.parametrize("jobs", [2, 4])
def test_the_other_rendering_processes_report_their_pages_in_parts_and_the_build_records_them_all(content, built,
                                                                                                  monkeypatch, jobs):
    """Each process that renders a share of the pages (one besides the build's own, or three: `--jobs`)
    sends what each page read in parts (`Plan.report`), which the build takes in one at a time: cut into
    parts of 3 pages, the record the build keeps of every page (what the next build decides by) is the
    one a build in one process keeps, the site is the same, and a build after an edit writes again what
    it does after that one, and ends as a clean build does."""

    from generator import cli

    taken: list[int] = []  # pages in each part taken
    merge = depend.Plan.merge
    monkeypatch.setattr(depend.Plan, "merge", lambda plan, part: taken.append(len(part["pages"]) if not part["first"]
                                                                              else -len(part["pages"])) or merge(plan, part))
    monkeypatch.setattr(depend, "PAGES_PER_PART", 3)
    monkeypatch.setattr(cli, "SHARE_FROM", 10)
    output = built.parent / "in-parts"
    build_here(content, output, jobs)
    assert sum(n <= 0 for n in taken) == jobs - 1  # (a process's first part: its pages counted negative)
    assert len(taken) > 5 and {abs(n) for n in taken} <= {1, 2, 3} and sum(map(abs, taken)) > 20
    pages = json.loads(write.manifest_path(output).read_bytes())["state"]["pages"]
    assert pages == json.loads(write.manifest_path(built).read_bytes())["state"]["pages"]
    assert tree(output) == tree(built)

    add_sentence(content)
    said = [re.sub(r", in [0-9.]+s$", "", build(content, folder).replace(str(folder), "")) for folder in (output, built)]
    assert said[0] == said[1] and "pages rendered again" in said[0]  # (the same files written, not in the same time)
    clean = built.parent / "clean"
    build(content, clean)
    same_site(output, clean)


@pytest.mark.parametrize("jobs", [2, 3])
def test_an_update_shares_out_only_the_pages_it_renders_again_and_ends_as_one_process_would(content, built,
                                                                                          monkeypatch, jobs):
    """After an edit to a meeting's text, the building process finds the pages to render again, once; the
    other processes (here started for as few as one page) render their share of those and report only
    them: the build keeps the record of every page that an update in one process keeps, writes the same
    files, and ends as a clean build does."""

    from generator import cli

    other = built.parent / "other"
    build(content, other)
    reported: list[tuple[int, int]] = []  # (pages rendered, pages reported) of each part another process sent
    merge = depend.Plan.merge
    monkeypatch.setattr(depend.Plan, "merge", lambda plan, part: reported.append((part["rendered"], len(part["pages"])))
                        or merge(plan, part))
    add_sentence(content)
    for output, share_from in [(built, 1), (other, 10 ** 9)]:
        monkeypatch.setattr(cli, "SHARE_FROM", share_from)
        build_here(content, output, jobs)
        if output == built:
            assert len(reported) == jobs - 1 and all(0 < sent == rendered < 20 for rendered, sent in reported), reported
    assert reported[jobs - 1:] == []  # (one process: nothing merged)
    states = [json.loads(write.manifest_path(output).read_bytes())["state"] for output in (built, other)]
    assert states[0]["pages"] == states[1]["pages"]
    assert tree(built) == tree(other)
    clean = built.parent / "clean"
    build(content, clean)
    same_site(built, clean)


def test_the_pages_are_rendered_by_one_process_a_core_but_no_more_than_the_memory_holds(monkeypatch):
    """`renderers`: `--jobs` decides when given; else one process per core this one may run on (two on
    two cores, as before memory was counted), but never more than the memory available holds when each
    comes to hold as much as this process."""
    from generator import cli

    assert cli.renderers(3) == 3 and cli.renderers(1) == 1
    cores = len(os.sched_getaffinity(0))
    assert cli.renderers() == cores if cores <= 2 else 2 <= cli.renderers() <= cores  # (this machine)
    held, available = cli._memory()
    assert 0 < held < available  # read from this machine's /proc
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)))
    monkeypatch.setattr(cli, "_memory", lambda: (3_500 << 20, 7_000 << 20))  # 100,000 meetings on 7 GB free
    assert cli.renderers() == 3
    monkeypatch.setattr(cli, "_memory", lambda: (500 << 20, 20_000 << 20))
    assert cli.renderers() == 16
    monkeypatch.setattr(cli, "_memory", lambda: (3_500 << 20, 1_000 << 20))
    assert cli.renderers() == 2  # (two, as on any machine of two cores or more)


def test_files_each_rendering_process_numbered_apart_are_taken_in_by_name(tmp_path):
    """Every content file is numbered before the rendering processes are forked; a file one of them
    numbers after those (a page read a file that was not there when the build listed them) is sent by
    name, and two processes may give two such files the same number: each is recorded as the one its
    process meant."""
    plan = depend.Plan(depend.Reads(tmp_path), {"a.md": "1", "b.md": "2"}, None)
    for first, names, page, numbers in ((True, ["x.md"], "p.html", [0, 2]), (False, [], "q.html", [2]),
                                        (True, ["y.md"], "r.html", [1, 2])):  # (another process's report)
        read = [depend.pack(numbers), depend.pack([]), depend.pack([])]
        plan.merge({"first": first, "rendered": 1, "names": names, "pages": {page: depend.page_record("s", read)}})
    assert {page: files for page, (_, files, _, _) in plan.pages_by_name().items()} == \
        {"p.html": ["a.md", "x.md"], "q.html": ["x.md"], "r.html": ["b.md", "y.md"]}
    assert plan.rendered == 3
