"""Open data: meeting.json, archive.json and decisions.csv hold the graph's facts, in the documented schemas."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from generator.cli import read_archive
from generator import opendata
from generator.demo import write_demo
from generator.opendata import CSV_COLUMNS, data_files, data_links
from generator.write import Pieces

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SCHEMAS = ROOT / "schemas" / "open-data"
BUILD_DATE = dt.date(2026, 11, 23)
BASE = "https://example.org/minutes/"

BOLTON_2008 = "bolton/executive-member-childrens-services/2008-12-15"
BOLTON_2009 = "bolton/executive-member-looked-after-children-safeguarding/2009-11-23"
BROMLEY = "bromley/executive/2017-01-11"
CENTRAL_BEDS = "central-bedfordshire/executive/2011-07-12"
TORBAY = "torbay/audit-committee/undated-working-party-report"


def data_of(*args, **kwargs) -> dict[str, bytes]:
    """`data_files(*args, **kwargs)` as {path: bytes} (the large files come in `Pieces`)."""
    return {path: b"".join(data) if isinstance(data, Pieces) else data for path, data in data_files(*args, **kwargs)}


def build(content: Path, out: Path):
    """Read the archive and write its data files under `out`; returns (site, {path: bytes})."""
    site, problems = read_archive(content, BUILD_DATE)
    assert not problems.errors, [p.message for p in problems.errors]
    files = data_of(site, BASE)
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return site, files


class Built(tuple):
    """(site, files, out, content); a short repr, as the graph's own repr is enormous (it is cyclic)."""

    def __repr__(self) -> str:
        return f"<data files of {self[3]}>"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-data")
    site, files = build(CONTENT, out)
    return Built((site, files, out, CONTENT))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    content = tmp_path_factory.mktemp("demo") / "content"
    write_demo(content, 40, 7)
    out = tmp_path_factory.mktemp("demo-data")
    site, files = build(content, out)
    return Built((site, files, out, content))


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def meeting(out: Path, ident: str) -> dict:
    return json.loads((out / ident / "meeting.json").read_text(encoding="utf-8"))


def item(doc: dict, number) -> dict:
    return next(i for i in doc["agendaItems"] if i["number"] == number)


def rows(files: dict) -> list[dict]:
    text = files["data/decisions.csv"].decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    return list(reader)


# -- schemas -------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["sample", "demo"])
def test_every_file_validates_against_its_schema(which, request):
    site, files, out, _ = request.getfixturevalue(which)
    meetings, archive = validator("meeting"), validator("archive")
    expected = {mt.url.lstrip("/") + "meeting.json" for mt in site.meetings}
    written = {p for p in files if p.endswith("/meeting.json")}
    assert written == expected
    for path in sorted(written):
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in meetings.iter_errors(json.loads(files[path]))]
        assert errors == [], f"{path}: {errors[:5]}"
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in archive.iter_errors(json.loads(files["data/archive.json"]))]
    assert errors == [], errors[:5]
    for name in ("meeting", "archive"):  # the schemas travel with the data
        assert files[f"data/schemas/{name}.schema.json"] == (SCHEMAS / f"{name}.schema.json").read_bytes()


def test_the_schemas_hold_the_rules_for_exempt_items_documents_and_unknown_dates(sample):
    out = sample[2]
    schema = validator("meeting")
    cb = meeting(out, CENTRAL_BEDS)
    assert schema.is_valid(cb)

    leaked = json.loads(json.dumps(cb))
    item(leaked, "16")["decisions"] = []
    assert not schema.is_valid(leaked), "an exempt item may not carry decisions"

    leaked = json.loads(json.dumps(cb))
    item(leaked, "16")["narrative"] = "text"
    assert not schema.is_valid(leaked), "an exempt item may not carry its narrative"

    leaked = json.loads(json.dumps(cb))
    leaked["agendaItems"][0]["papers"][0]["documents"][0]["accessUrl"] = "https://example.org/a.pdf"
    assert not schema.is_valid(leaked), "an exempt document may not have a link"

    guessed = meeting(out, TORBAY)
    guessed["start_date"] = "2016-01-01"
    assert not schema.is_valid(guessed), "a meeting whose date is unknown may not have one"

    wrong = meeting(out, BOLTON_2008)
    wrong["start_date"] = "15/12/2008"
    assert not schema.is_valid(wrong)


# -- facts from the sample -----------------------------------------------------------------------

def test_report_cs17089_and_the_two_committees_that_considered_it(sample):
    doc = meeting(sample[2], BROMLEY)
    assert doc["organization_id"] == "bromley/executive" and doc["start_date"] == "2017-01-11"
    paper = item(doc, "152")["papers"][0]
    assert paper["reference"] == "CS17089" and paper["paperType"] == "report" and paper["public"] is True
    assert [(c["organization"]["id"], c["organization"]["name"], c["date"]) for c in paper["consultations"]] == [
        ("bromley/executive-and-resources-pds-committee", "Executive and Resources PDS Committee", "2017-01-04"),
        ("bromley/care-services-pds-committee", "Care Services PDS Committee", "2017-01-10"),
    ]
    assert "supported the recommendations" in paper["consultations"][1]["text"]
    decision = item(doc, "152")["decisions"][0]
    assert decision["verb"] is None and decision["verbs"] == []  # the source gives none: none is invented
    assert [p["label"] for p in decision["parts"]] == ["(1)", "(2)"]
    assert item(doc, "152")["issues"][0]["id"] == "issues/childrens-services-improvement-bromley"


def test_bolton_2009_attendees_with_the_roles_they_held_that_day(sample):
    doc = meeting(sample[2], BOLTON_2009)
    assert [(p["person_id"], p["name"], p["role"], p["attendance"]) for p in doc["participants"]] == [
        ("bolton/people/cllr-murray", "Councillor Murray",
         "Executive Member for Looked After Children and Safeguarding", "present"),
        ("bolton/people/cllr-brierley", "Councillor Mrs Brierley", "Major Opposition Spokesperson", "present"),
        ("bolton/people/cllr-rothwell", "Councillor Mrs Rothwell", "Minor Opposition Spokesperson", "present"),
        ("bolton/people/j-daly", "Mr J. Daly", "Assistant Director, Staying Safe", "present"),
        ("bolton/people/d-smith", "Mr D. Smith", "Policy Accountant", "present"),
        ("bolton/people/s-fazal", "Mr. S. Fazal", "Assistant Director, Access and Inclusion", "present"),
        ("bolton/people/a-jennings", "Mr. A. Jennings", "Democratic Services Manager", "present"),
    ]
    assert doc["status"] == "held" and doc["organization"]["classification"] == "executive-member"
    assert doc["url"] == BASE + BOLTON_2009 + "/"
    item22 = item(doc, "22")
    assert "published as written" in item22["decisions"][0]["minutebook:editorsNotes"][0]["text"]
    options = item(doc, "24")["decisions"][0]["options"]
    assert [(o["label"], o["outcome"]) for o in options] == [
        ("Option 1", "rejected"), ("Option 2", "rejected"), ("Option 3", "chosen")]
    table = item(doc, "23")["tables"][0]
    assert table["caption"] == "Efficiency Options 2010/11" and table["unit"] == "£000"
    assert [(d["stated"], d["sum"]) for d in table["discrepancies"]] == [(1525, 1575)]


def test_item_42_is_noted_in_part_and_agreed_in_part(sample):
    doc = meeting(sample[2], BOLTON_2008)
    item42 = item(doc, "42")
    assert item42["url"] == BASE + BOLTON_2008 + "/42/"
    decision = item42["decisions"][0]
    assert decision["verb"] is None and decision["verbs"] == ["NOTED", "AGREED"]
    assert [(p["label"], p["verb"]) for p in decision["parts"]] == [("(i)", "NOTED"), ("(ii)", "AGREED")]
    lines = item42["resolutionText"].split("\n")
    assert lines[0].startswith("(i) NOTED The savings target set corporately")
    assert lines[1].startswith("(ii) AGREED The budget options")
    assert item(doc, "41")["resolutionText"] == "NOTED the progress on decisions previously taken."
    assert item(doc, "41")["standing"] is True
    assert item42["papers"][0]["author"] == {
        "person_id": None, "name": None, "role": "Directors of Children's Services and Corporate Resources"}


def test_central_bedfordshire_exempt_item_and_appendix_are_only_the_fact_of_exemption(sample):
    doc = meeting(sample[2], CENTRAL_BEDS)
    exempt = item(doc, "16")
    assert exempt["public"] is False
    assert exempt["minutebook:schedule12A"] == {
        "paragraph": None, "reason": "Exempt on commercial grounds as the Council will be going out to tender."}
    assert set(exempt) == {"id", "number", "order", "name", "public", "minutebook:schedule12A", "standing",
                           "issues", "minutebook:editorsNotes", "url"}
    report = item(doc, None)["papers"][0]
    appendix, munro = report["documents"]
    assert appendix["name"] == "Appendix A – ICS Business Case"
    assert appendix["public"] is False and appendix["accessUrl"] is None
    assert appendix["agendaItem"] == CENTRAL_BEDS + "/16"
    assert munro["public"] is True and munro["accessUrl"] == "http://www.education.gov.uk/munroreview/"
    assert report["author"]["person_id"] == "central-bedfordshire/people/cllr-maurice-jones"
    assert report["minutebook:keyDecision"] is False and report["wards"] == ["All"]
    assert doc["status"] == "unknown"


def test_torbay_meeting_date_is_null_not_guessed(sample):
    site, files, out, _ = sample
    doc = meeting(out, TORBAY)
    assert doc["start_date"] is None and doc["minutebook:dateUnknown"] is True
    assert doc["name"] == "Audit Committee, date not recorded"
    paper = doc["agendaItems"][0]["papers"][0]
    assert paper["originatorOrganization"]["id"] == "torbay/childrens-and-adult-services-working-party"
    event = next(e for e in json.loads(files["data/archive.json"])["events"] if e["id"] == TORBAY)
    assert event["start_date"] is None and event["minutebook:dateUnknown"] is True
    assert event["data_url"] == BASE + TORBAY + "/meeting.json"


def test_archive_has_organizations_people_memberships_events_issues_and_the_licence(sample):
    site, files = sample[:2]
    archive = json.loads(files["data/archive.json"])
    meta = archive["meta"]
    assert meta["licence"]["name"] == "Open Government Licence v3.0"
    assert "21(3)" in meta["licence"]["note"] and meta["buildDate"] == "2026-11-23"
    assert meta["schemaVersion"] == "1.0" and meta["decisionsCsv"] == BASE + "data/decisions.csv"
    orgs = {o["id"]: o for o in archive["organizations"]}
    assert orgs["bolton"]["classification"] == "authority" and orgs["bolton"]["parent_id"] is None
    assert orgs["bromley/care-services-pds-committee"]["classification"] == "scrutiny-committee"
    assert orgs["bromley/care-services-pds-committee"]["parent_id"] == "bromley"
    assert orgs["torbay/childrens-and-adult-services-working-party"]["reports_to_id"] == "torbay/audit-committee"
    people = len(site.people)  # (graph objects stay out of assert lines: their repr is cyclic and huge)
    assert len(archive["people"]) == people
    policy = sorted((ms["person_id"], ms["organization_id"], ms["start_date"]) for ms in archive["memberships"]
                    if ms["role"] == "Policy Accountant")
    assert policy == [("bolton/people/b-newman", "bolton", "2008-12-15"),  # an officer's post: the authority's
                      ("bolton/people/d-smith", "bolton", "2009-11-23")]
    adia = [ms for ms in archive["memberships"] if ms["person_id"] == "bolton/people/cllr-adia"]
    assert {ms["minutebook:source"] for ms in adia} == {"declared", "recorded"}
    assert {ms["organization_id"] for ms in adia} == {"bolton/executive-member-childrens-services"}
    meetings = [mt.url.strip("/") for mt in site.meetings]
    assert [e["id"] for e in archive["events"]] == meetings
    ics = next(i for i in archive["issues"] if i["id"] == "issues/integrated-childrens-system")
    assert ics["agendaItems"] == [BOLTON_2009 + "/24", CENTRAL_BEDS + "/integrated-childrens-system-replacement",
                                  CENTRAL_BEDS + "/16"]


# -- the CSV register ----------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["sample", "demo"])
def test_csv_has_one_row_per_decision_newest_first(which, request):
    site, files = request.getfixturevalue(which)[:2]
    register = rows(files)
    decisions = sum(len(i.decisions) for i in site.items)
    assert len(register) == decisions
    dates = [r["date"] for r in register]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates == dated + [""] * (len(dates) - len(dated))  # undated last
    assert files["data/decisions.csv"].endswith(b"\r\n") and not files["data/decisions.csv"].startswith(b"\xef\xbb\xbf")


def test_csv_values_for_a_known_decision(sample):
    register = rows(sample[1])
    row = next(r for r in register if r["item_url"] == BASE + BOLTON_2008 + "/42/")
    assert row["date"] == "2008-12-15"
    assert row["authority"] == "Bolton Council" and row["body"] == "Executive Member for Children's Services"
    assert row["meeting_url"] == BASE + BOLTON_2008 + "/"
    assert (row["item_number"], row["decision_number"], row["verb"]) == ("42", "1", "NOTED and AGREED")
    assert row["item_title"] == "Children's Services Strategic Resource Options 2009/10 to 2011"
    assert row["decided_by"] == "The Executive Member"
    assert row["decision_text"].split("\n")[1].startswith("(ii) AGREED The budget options")
    assert row["issues"] == "strategic-resource-options"
    assert row["key_decision"] == row["call_in_deadline"] == ""  # not recorded, so left empty
    assert [r["item_number"] for r in register] == ["152", "22", "23", "24", "41", "42", ""]


def test_csv_carries_key_decisions_and_call_in(demo):
    site, files = demo[:2]
    decision = next(d for i in site.items for d in i.decisions
                    if d.facts.key_decision and d.facts.call_in and d.facts.call_in.deadline)
    number = decision.item.decisions.index(decision) + 1
    row = next(r for r in rows(files) if r["item_url"] == BASE + decision.item.url.lstrip("/")
               and r["decision_number"] == str(number))
    f = decision.facts
    assert row["key_decision"] == "yes" and row["key_decision_reference"] == f.key_decision_reference
    assert row["call_in_deadline"] == f.call_in.deadline.isoformat()
    assert row["called_in"] == {None: "", True: "yes", False: "no"}[f.call_in.called_in]
    doc = json.loads(files[decision.item.meeting.url.lstrip("/") + "meeting.json"])
    entry = next(i for i in doc["agendaItems"] if i["id"] == decision.item.url.strip("/"))["decisions"][number - 1]
    assert entry["minutebook:keyDecision"] is True
    assert entry["minutebook:callIn"]["deadline"] == f.call_in.deadline.isoformat()


def test_named_votes_use_popolo_names(demo):
    site, files = demo[:2]
    named = [(i, n, v) for i in site.items for n, d in enumerate(i.decisions) for v in d.votes
             if any(isinstance(value, list) for _, value in v.tallies)]
    has_named_vote = bool(named)
    assert has_named_vote, "the demo archive should have a named vote"
    it, n, vote = named[0]
    doc = json.loads(files[it.meeting.url.lstrip("/") + "meeting.json"])
    entry = next(i for i in doc["agendaItems"] if i["id"] == it.url.strip("/"))
    event = entry["decisions"][n]["vote_events"][it.decisions[n].votes.index(vote)]
    voters = [p for label, value in vote.tallies if isinstance(value, list) for p in value]
    voter_ids = [p.url.strip("/") for p in voters]
    assert [v["voter_id"] for v in event["votes"]] == voter_ids
    assert {c["option"] for c in event["counts"]} <= {"yes", "no", "abstain", "absent"}


# -- guarantees ----------------------------------------------------------------------------------

def test_outputs_are_byte_identical_across_runs(sample, demo, tmp_path):
    for content, first in [(CONTENT, sample[1]), (demo[3], demo[1])]:
        site, _ = read_archive(content, BUILD_DATE)
        assert data_of(site, BASE) == first


def test_every_url_is_absolute_on_the_base_url(sample):
    def urls(value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from urls(v, k)
        elif isinstance(value, list):
            for v in value:
                yield from urls(v, key)
        elif isinstance(value, str) and key in ("url", "data_url"):
            yield value
    for path, data in sample[1].items():
        if path.endswith(".json") and not path.startswith("data/schemas/"):
            doc = json.loads(data)
            del doc["meta"]  # the licence's own address
            doc.pop("source", None)  # where the record came from: elsewhere
            for url in urls(doc):
                assert url.startswith(BASE), (path, url)


def test_exempt_content_never_reaches_the_data(tmp_path):
    """Even when an editor leaves exempt content in a record, none of it reaches any data file."""
    import shutil
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    cb = content / "central-bedfordshire/meetings/executive/2011/2011-07-12.md"
    text = cb.read_text(encoding="utf-8")
    text = text.replace("## 16. ICS Business Case\n\n```yaml\n",
                        "## 16. ICS Business Case\n\n```yaml\ndecisions:\n  - verb: AGREED\n"
                        "    text: SECRET-DECISION-16\n")
    text = text.replace('        item: "16"\n', '        item: "16"\n        url: https://secret.example/a.pdf\n')
    cb.write_text(text + "\nSECRET-NARRATIVE-16\n", encoding="utf-8")
    bromley = content / "bromley/meetings/executive/2017/2017-01-11.md"
    text = bromley.read_text(encoding="utf-8").replace(
        "notes:\n  - >-\n    The source gives no title",
        "notes:\n  - text: SECRET-NOTE-152\n    exempt: {paragraph: 3, reason: commercial}\n"
        "  - >-\n    The source gives no title")
    bromley.write_text(text, encoding="utf-8")
    site, files = build(content, tmp_path / "out")
    assert "SECRET" in cb.read_text(encoding="utf-8") and "SECRET" in bromley.read_text(encoding="utf-8")
    for path, data in files.items():
        for secret in (b"SECRET", b"secret.example"):
            assert secret not in data, f"{secret!r} reached {path}"
    note = item(json.loads(files[BROMLEY + "/meeting.json"]), "152")["minutebook:editorsNotes"][0]
    assert note == {"public": False, "minutebook:schedule12A": {"paragraph": 3, "reason": "commercial"}}


def test_base_url_must_be_a_web_address(sample):
    site = sample[0]
    with pytest.raises(ValueError):
        data_of(site, "output/")
    assert data_of(site, BASE.rstrip("/")) == sample[1]


def test_data_links_for_pages(sample):
    site = sample[0]
    mt = next(m for m in site.meetings if m.url.strip("/") == BOLTON_2008)
    assert data_links(mt) == [("JSON", f"/{BOLTON_2008}/meeting.json"), ("CSV", "/data/decisions.csv")]
    assert data_links() == [("JSON", "/data/archive.json"), ("CSV", "/data/decisions.csv")]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=40)


def _floats(value):
    if isinstance(value, float):
        yield value
    for inner in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        yield from _floats(inner)


@given(json_values)
def test_the_files_read_back_as_what_was_written_laid_out_as_json_dumps_with_an_indent_of_two(value):
    """The data files (encoded by orjson) read back as the document, and are laid out as json.dumps
    lays them out with an indent of two; only a float may be written otherwise, as its shortest
    round trip (1e-7 for json.dumps's 1e-07)."""
    for document in (value, {"events": [value, [value, {"x": [value]}]], "more": [[[value]]]}):
        data = opendata._json(document)
        assert json.loads(data) == document
        if not any(abs(f) < 1e-4 or abs(f) >= 1e16 for f in _floats(document) if f):
            assert data == (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def test_a_number_that_is_not_a_number_is_written_as_null_not_as_nan(tmp_path):
    assert json.loads(opendata._json({"value": float("nan"), "more": [float("inf")]})) == {"value": None,
                                                                                        "more": [None]}


def test_an_edit_encodes_again_only_the_open_data_files_whose_documents_changed(tmp_path, monkeypatch):
    """Given what the previous build's open data was made from, a build encodes again only the files
    whose documents changed (the other JSON files are kept as that build wrote them): after an edit to one
    meeting's minutes, that meeting's meeting.json (the archive file names no narrative)."""
    import shutil

    from generator.depend import Inputs

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site, _ = read_archive(content, BUILD_DATE)
    first_inputs = Inputs(None, lambda path: False)
    first = data_of(site, BASE, first_inputs)
    made_always = {path: data for path, data in first.items() if not path.endswith(".json")
                   or path.startswith("data/schemas/")}  # the register; the schemas, read
    assert data_of(site, BASE, Inputs(first_inputs.digests, lambda path: True)) == made_always
    minutes = content / "bromley/meetings/executive/2017/2017-01-11.md"
    text = minutes.read_text(encoding="utf-8")
    minutes.write_text(text.replace("Committee had supported the recommendations.",
                                    "Committee had supported the recommendations unanimously.", 1), encoding="utf-8")
    site, _ = read_archive(content, BUILD_DATE)
    kept: list[str] = []
    again = data_of(site, BASE, Inputs(first_inputs.digests, lambda path: kept.append(path) or True))
    assert sorted(again.keys() - made_always.keys()) == [f"{BROMLEY}/meeting.json"]
    assert b"recommendations unanimously." in again[f"{BROMLEY}/meeting.json"]
    assert {**first, **again} == data_of(site, BASE)  # what a clean build makes
    assert len(kept) == len(first) - 1 - len(made_always)
    # told which meetings are the same as they were (their files, and all but meetings' files), a build
    # does not even make those meetings' documents, and writes the same
    made: list[str] = []
    document = opendata._Writer.meeting_document
    monkeypatch.setattr(opendata._Writer, "meeting_document",
                        lambda self, meeting: made.append(meeting.url) or document(self, meeting))
    assert data_of(site, BASE, Inputs(first_inputs.digests, lambda path: True),
                           same=lambda meeting: meeting.url != f"/{BROMLEY}/") == again
    assert made == [f"/{BROMLEY}/"]
    made.clear()  # a file the previous build did not make is made, whatever `same` says
    assert data_of(site, BASE, Inputs({}, lambda path: True), same=lambda meeting: True) == data_of(site, BASE)
    assert len(made) == len(site.meetings) * 2


def test_an_edit_makes_again_only_the_edited_meetings_rows_of_the_register(tmp_path, monkeypatch):
    """Given where the previous build's register has each meeting's rows, a build after an edit to one
    meeting's decision makes that meeting's rows again and copies the others' from the previous build's
    file: the bytes a clean build makes. A register changed since that build wrote it is made anew."""
    import shutil

    from generator.depend import Inputs

    content, out = tmp_path / "content", tmp_path / "out"
    shutil.copytree(CONTENT, content)
    site, _ = read_archive(content, BUILD_DATE)
    first_inputs = Inputs(None, lambda path: False)
    (out / "data").mkdir(parents=True)
    (out / opendata.DECISIONS_CSV).write_bytes(data_of(site, BASE, first_inputs)[opendata.DECISIONS_CSV])
    minutes = content / "bromley/meetings/executive/2017/2017-01-11.md"
    minutes.write_text(minutes.read_text(encoding="utf-8").replace(
        "for the purchase of\n", "for the lease of\n", 1), encoding="utf-8")
    site, _ = read_archive(content, BUILD_DATE)
    made: list[str] = []
    rows = opendata.meeting_rows
    monkeypatch.setattr(opendata, "meeting_rows", lambda meeting, base: made.append(meeting.url) or rows(meeting, base))

    def register(inputs: Inputs) -> bytes:
        made.clear()
        return data_of(site, BASE, inputs, same=lambda meeting: meeting.url != f"/{BROMLEY}/")[opendata.DECISIONS_CSV]

    again = register(Inputs(first_inputs.digests, lambda path: True, None, first_inputs.register, out))
    with_decisions = {m.url for m in site.meetings if any(item.decisions for item in m.items)}
    assert len(with_decisions) > 3
    assert [url for url in made if url in with_decisions] == [f"/{BROMLEY}/"]  # (the others have no rows)
    assert b"for the lease of the laptops" in again
    clean = register(Inputs(None, lambda path: False))
    assert sorted(made) == sorted(m.url for m in site.meetings) and again == clean
    tampered = (out / opendata.DECISIONS_CSV).read_bytes().replace(b"Bolton", b"Bolten")
    assert tampered != clean
    (out / opendata.DECISIONS_CSV).write_bytes(tampered)  # (by hand, since)
    assert register(Inputs(first_inputs.digests, lambda path: True, None, first_inputs.register, out)) == clean
    assert len(made) == len(site.meetings)

def test_the_archive_and_the_register_are_made_in_pieces_and_written_whole(demo, tmp_path, monkeypatch):
    """The two files that grow with the whole archive are never held whole (100,000 meetings: 311 and
    204 MB): made a value or a few rows at a time, they are the bytes one document would be, and a
    build writes them whole, through its writer process too, with the digest of their bytes."""
    import hashlib

    from generator.write import StagedOutput, manifest_path

    monkeypatch.setattr(opendata, "CSV_PIECE_BYTES", 2_000)
    site, _ = read_archive(demo[3], BUILD_DATE)
    files = dict(data_files(site, BASE))
    archive, register = files["data/archive.json"], files["data/decisions.csv"]
    assert isinstance(archive, Pieces) and len(archive) > len(site.meetings)
    assert b"".join(archive) == demo[1]["data/archive.json"]
    assert b"".join(archive) == (json.dumps(json.loads(b"".join(archive)), ensure_ascii=False, indent=2)
                                 + "\n").encode("utf-8")
    rows = list(csv.reader(io.StringIO(b"".join(register).decode("utf-8"), newline="")))
    assert isinstance(register, Pieces) and len(register) > 3
    assert all(len(piece) >= 2_000 for piece in register[:-1])  # whole meetings' rows, to 2,000 bytes or more
    assert all(piece.endswith(b"\r\n") for piece in register)
    assert b"".join(register) == demo[1]["data/decisions.csv"] and len(rows) > 20

    out = tmp_path / "out"
    staged = StagedOutput(out)
    staged.start_writer()
    staged.write_bytes("data/archive.json", archive)
    staged.write_aside(lambda: [("data/decisions.csv", register)])
    staged.commit()
    manifest = json.loads(manifest_path(out).read_bytes())
    for path, data in (("data/archive.json", archive), ("data/decisions.csv", register)):
        assert (out / path).read_bytes() == b"".join(data)
        assert manifest["files"][path] == hashlib.blake2b(b"".join(data), digest_size=16).hexdigest()
