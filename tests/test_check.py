"""`minutebook check` on the sample archive and on copies of it with an editor's typical mistakes."""
import json
import re
from pathlib import Path

from conftest import CONTENT, minutebook

MEETING_2009 = Path("bolton/meetings/executive-member-looked-after-children-safeguarding/2009/2009-11-23.md")
MEETING_2008 = Path("bolton/meetings/executive-member-childrens-services/2008/2008-12-15.md")


def check(content: Path):
    result = minutebook("check", "--content", str(content))
    return result.returncode, result.stderr


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace text in a content file and return the 1-based line where the change is."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def test_sample_archive_has_no_errors_and_flags_the_bad_total():
    code, out = check(CONTENT)
    assert code == 0, out
    assert "0 errors" in out
    warning = [line for line in out.splitlines() if "warning:" in line and "table" in line]
    assert len(warning) == 1
    assert "'Total Efficiency Options' states 1,525" in warning[0]
    assert "add up to 1,575" in warning[0]
    assert warning[0].startswith(str(CONTENT / MEETING_2009) + ":")


def test_what_the_law_requires_is_a_warning_and_an_error_under_strict():
    code, out = check(CONTENT)
    lacking = [l for l in out.splitlines() if "does not give its reasons" in l]
    # Bolton's five executive-member decisions and Bromley's Executive decision give no reasons
    assert len(lacking) == 6 and all(": warning: " in l for l in lacking)
    item_24 = next(l for l in lacking if "2009-11-23.md:147:" in l)
    assert "alternatives" not in item_24  # item 24 records its rejected options
    paragraph = [l for l in out.splitlines() if "Schedule 12A paragraph" in l]
    assert len(paragraph) == 2  # the exempt appendix and agenda item 16 give a ground, not a paragraph
    result = minutebook("check", "--strict", "--content", str(CONTENT))
    assert result.returncode == 1
    assert result.stderr.count(": error: ") == 8


def test_github_annotations_and_json(content):
    line = edit(content / MEETING_2009, "person: cllr-murray", "person: cllr-muray")
    result = minutebook("check", "--format", "github", "--content", str(content))
    assert result.returncode == 1
    annotations = [l for l in result.stdout.splitlines() if l.startswith("::")]
    error = next(l for l in annotations if l.startswith("::error "))
    assert error == (f"::error file={content / MEETING_2009},line={line},col=15::attendee 'cllr-muray' is not a "
                     "known person; did you mean 'cllr-murray'?")
    assert any(l.startswith("::warning file=") and "1,525" in l for l in annotations)
    result = minutebook("check", "--format", "json", "--content", str(content))
    data = json.loads(result.stdout)
    assert data["errors"] == 1
    first = next(p for p in data["problems"] if p["severity"] == "error")
    assert first == {"severity": "error", "file": str(content / MEETING_2009), "line": line, "column": 15,
                     "message": "attendee 'cllr-muray' is not a known person; did you mean 'cllr-murray'?"}


def test_two_meetings_of_a_body_with_one_file_name_is_an_error_naming_both_files(content):
    """Both would be published at the same address: the second one found is not linked, and the error
    names the file it clashes with."""
    first = content / MEETING_2008
    second = first.parent.parent / "archive" / first.name
    second.parent.mkdir()
    second.write_bytes(first.read_bytes())
    code, out = check(content)
    assert code == 1
    errors = [l for l in out.splitlines() if ": error: " in l]
    assert errors == [f"{second}:1:1: error: another meeting of Executive Member for Children's Services has the "
                      f"file name '2008-12-15' ({first}); give each meeting its own file name"]


def test_unknown_attendee_names_file_line_and_suggests_the_id(content):
    line = edit(content / MEETING_2009, "person: cllr-murray", "person: cllr-muray")
    code, out = check(content)
    assert code == 1
    expected = f"{content / MEETING_2009}:{line}:15: error: attendee 'cllr-muray' is not a known person; " \
               "did you mean 'cllr-murray'?"
    assert expected in out
    # the offending line is shown with a caret under the value
    shown = out.split(expected, 1)[1].splitlines()
    assert shown[1].strip() == "- person: cllr-muray"
    assert shown[2].index("^") == shown[1].index("cllr-muray")


def test_missing_field_says_which_and_how_to_fix(content):
    edit(content / MEETING_2008, "status: held\n", "")
    code, out = check(content)
    assert code == 1
    assert re.search(rf"{re.escape(str(content / MEETING_2008))}:2:1: error: 'status' is missing; add 'status:'", out)


def test_mistyped_field_name_is_caught_with_a_suggestion(content):
    line = edit(content / MEETING_2008, "title: Record of decisions", "titel: Record of decisions")
    code, out = check(content)
    assert code == 1
    assert f"{content / MEETING_2008}:{line}:1: error: unknown field 'titel'; did you mean 'title'?" in out


def test_bad_date_is_explained(content):
    line = edit(content / MEETING_2008, "date: 2008-12-15", "date: 2008-13-15")
    code, out = check(content)
    assert code == 1
    assert f"{content / MEETING_2008}:{line}:7: error: '2008-13-15' is not a real date" in out
    line = edit(content / MEETING_2008, "date: 2008-13-15", "date: 15/12/2008")
    code, out = check(content)
    assert "'15/12/2008' is not a date; write dates as YYYY-MM-DD" in out


def test_unknown_decision_verb_lists_the_allowed_ones(content):
    line = edit(content / MEETING_2008, "verb: NOTED", "verb: NOTTED")
    code, out = check(content)
    assert code == 1
    assert f"{content / MEETING_2008}:{line}:11: error: 'NOTTED' is not a valid verb; use one of 'AGREED', 'NOTED'" in out


def test_unknown_issue_and_body_references(content):
    line = edit(content / MEETING_2008, "issues: [strategic-resource-options]", "issues: [strategic-resource-option]")
    edit(content / MEETING_2008, "body: executive-member-childrens-services", "body: executive-member-children")
    code, out = check(content)
    assert code == 1
    assert f":{line}:10: error: issue 'strategic-resource-option' is not a known issue; " \
           "did you mean 'strategic-resource-options'?" in out
    assert ":2:7: error: 'executive-member-children' is not a body of bolton; " \
           "did you mean 'executive-member-childrens-services'?" in out


def test_duplicate_yaml_key_is_an_error(content):
    edit(content / MEETING_2008, "status: held\n", "status: held\nstatus: cancelled\n")
    code, out = check(content)
    assert code == 1
    assert f"{content / MEETING_2008}:5:1: error: duplicate key 'status' (first given on line 4); keep one of them" in out


def test_duplicate_person_id_across_authorities(content):
    (content / "torbay" / "people").mkdir()
    (content / "torbay" / "people" / "d-smith.yaml").write_text("kind: officer\nfamily_name: Smith\n")
    code, out = check(content)
    assert code == 1
    assert "the person id 'd-smith' is already used by" in out


def test_yaml_syntax_error_in_an_item_block_points_at_the_file_line(content):
    line = edit(content / MEETING_2008, "    text: the progress on decisions previously taken.",
                "    text: the progress: on decisions previously taken.")
    code, out = check(content)
    assert code == 1
    assert f"{content / MEETING_2008}:{line}:" in out
    assert "put text that contains ': ' in quotes" in out


def test_table_row_with_too_many_cells_is_pinpointed(content):
    line = edit(content / MEETING_2008, "  - [Remodelling within Inclusion and Engagement, 50, 1, 1]",
                "  - [Remodelling within Inclusion, and Engagement, 50, 1, 1]")
    code, out = check(content)
    assert code == 1
    assert f"{content / MEETING_2008}:{line}:5: error: this row has 5 cells but the table has 4 columns" in out


def test_item_numbered_out_of_sequence_is_a_warning(content):
    line = edit(content / MEETING_2009, "## 24. Integrated", "## 21. Integrated")
    code, out = check(content)
    assert code == 0
    assert f"{content / MEETING_2009}:{line}:4: warning: item 21 is out of sequence" in out


def test_pdf_page_litter_is_a_warning(content):
    line = edit(content / MEETING_2008, "## 42.", "Page 1 of 4\n\n## 42.")
    code, out = check(content)
    assert f"{content / MEETING_2008}:{line}:1: warning: 'Page 1 of 4' looks like a page number copied from a PDF" in out


def test_all_errors_are_reported_in_one_run(content):
    edit(content / MEETING_2008, "person: cllr-adia", "person: cllr-adie")
    edit(content / MEETING_2009, "verb: AGREED", "verb: AGRED")
    (content / "issues" / "broken.yaml").write_text("title: [unclosed\n")
    code, out = check(content)
    assert code == 1
    assert out.count("error:") == 3
    assert "3 errors" in out


def test_build_with_an_error_writes_nothing_and_keeps_the_previous_site(content, tmp_path):
    out_dir = tmp_path / "output"
    ok = minutebook("build", "--content", str(content), "--output", str(out_dir))
    assert ok.returncode == 0, ok.stderr
    before = sorted(p.relative_to(out_dir) for p in out_dir.rglob("*"))
    home = (out_dir / "index.html").read_bytes()
    records = (tmp_path / ".output.records").read_bytes()
    others = (tmp_path / ".output.other-records").read_bytes()
    postings = (tmp_path / ".output.postings").read_bytes()
    terms = (tmp_path / ".output.terms").read_bytes()
    edit(content / MEETING_2008, "person: cllr-adia", "person: cllr-adie")
    failed = minutebook("build", "--content", str(content), "--output", str(out_dir))
    assert failed.returncode == 1
    assert "nothing was written" in failed.stderr
    assert sorted(p.relative_to(out_dir) for p in out_dir.rglob("*")) == before
    assert (out_dir / "index.html").read_bytes() == home
    assert (tmp_path / ".output.records").read_bytes() == records  # what the next build may read, as it was
    assert (tmp_path / ".output.other-records").read_bytes() == others
    assert (tmp_path / ".output.postings").read_bytes() == postings
    assert (tmp_path / ".output.terms").read_bytes() == terms
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".output.")) == [
        ".output.lock", ".output.manifest.json", ".output.other-records", ".output.postings", ".output.records", ".output.related",
        ".output.templates", ".output.terms", ".output.words"
    ]  # no staged folder or journal left behind


def test_document_naming_an_item_that_does_not_exist(content):
    path = content / "central-bedfordshire/meetings/executive/2011/2011-07-12.md"
    line = edit(path, 'item: "16"', 'item: "61"')
    code, out = check(content)
    assert code == 1
    assert f"{path}:{line}:15: error: this meeting has no item numbered '61'" in out


def test_build_points_at_the_same_lines_as_check(content, tmp_path):
    """A build lets go of each file's YAML once its record is made; errors found later, by linking,
    read the file again, so they point at the same line and column as `check` does."""
    attendee = edit(content / MEETING_2009, "person: cllr-murray", "person: cllr-muray")
    issue = edit(content / MEETING_2008, "issues: [strategic-resource-options]", "issues: [strategic-resource-option]")
    body = edit(content / MEETING_2008, "body: executive-member-childrens-services", "body: executive-member-children")
    _, checked = check(content)
    built = minutebook("build", "--content", str(content), "--output", str(tmp_path / "output"))
    assert built.returncode == 1

    def problems(out: str) -> set[str]:
        return {line for line in out.splitlines() if re.match(r"\S+:\d+:\d+: (error|warning): ", line)}

    assert problems(built.stderr) == problems(checked)
    assert f"{content / MEETING_2009}:{attendee}:15: error: attendee 'cllr-muray'" in built.stderr
    assert f"{content / MEETING_2008}:{issue}:10: error: issue 'strategic-resource-option'" in built.stderr
    assert f"{content / MEETING_2008}:{body}:7: error: 'executive-member-children' is not a body" in built.stderr
    # what the law requires, checked after linking too (the meeting given an unknown body is not checked)
    assert len([line for line in problems(built.stderr) if "does not give its reasons" in line]) == 4
