"""Property-based tests (hypothesis): secrets never leak, and no input crashes the build."""
import datetime as dt
import json
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from generator import model as m
from generator.cli import build_site, read_archive
from generator.render import Renderer

BUILD = dt.date(2026, 11, 23)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

# Tokens no analyser, stemmer or escaping would alter, so a leak anywhere shows as the token itself.
token = st.text(alphabet="bcdfghjkmnpqrstvwxz0123456789", min_size=10, max_size=10).map(lambda t: f"x{t}7")
words = st.lists(st.sampled_from("the council budget report decision ward tender contract plan".split()),
                 min_size=0, max_size=6).map(" ".join)
prose = st.tuples(words, words).map(lambda ws: ws)

PLACES = ["exempt item narrative", "exempt item decision", "exempt item table", "exempt report summary",
          "exempt report recommendation", "exempt document link", "exempt document file", "exempt note",
          "embargoed item", "embargoed meeting", "exempt item note on a table"]


def q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def archive_with(root: Path, placements: list[tuple[str, str, tuple[str, str]]], public: str) -> None:
    write(root, "borough/authority.yaml", "name: Borough Council\n")
    write(root, "borough/bodies/cabinet.yaml", "name: Cabinet\nkind: executive\n")
    write(root, "issues/budget.yaml", "title: Budget\n")
    items, embargoed = [], []
    for n, (place, secret, (before, after)) in enumerate(placements, start=1):
        text = f"{before} {secret} {after}".strip()
        if place == "exempt item narrative":
            items.append(f"## {n}. Contract award\n\n```yaml\nexempt: {{paragraph: 3, reason: commercial}}\n```\n\n{text}\n")
        elif place == "exempt item decision":
            items.append(f"## {n}. Contract award\n\n```yaml\nexempt: {{paragraph: 3, reason: commercial}}\n"
                         f"issues: [budget]\ndecisions:\n  - verb: AGREED\n    text: {q(text)}\n```\n")
        elif place in ("exempt item table", "exempt item note on a table"):
            cell = q(f"{public} post") if "note" in place else q(text)
            note = f"notes: [{{text: {q(text)}, exempt: {{reason: personal}}}}]\n" if "note" in place else ""
            exempt = "" if "note" in place else "```yaml\nexempt: {paragraph: 1, reason: personal}\n```\n\n"
            items.append(f"## {n}. Staffing\n\n{exempt}```table\ncaption: Posts\ncolumns: [Post, {{label: FTE, numeric: true}}]\n"
                         f"rows:\n  - [{cell}, 3]\n{note}```\n")
        elif place.startswith("exempt report"):
            field = "summary" if "summary" in place else "recommendations"
            value = q(text) if field == "summary" else f"[{{label: (a), text: {q(text)}}}]"
            items.append(f"## {n}. Procurement\n\n```yaml\nreports:\n  - reference: R{n}\n    exempt: {{paragraph: 3, reason: tender}}\n"
                         f"    {field}: {value}\n```\n\n{public} narrative.\n")
        elif place == "exempt document link":
            items.append(f"## {n}. Appendix\n\n```yaml\ndocuments:\n  - title: Prices\n    url: https://example.org/{secret}.pdf\n"
                         f"    exempt: {{paragraph: 3, reason: tender}}\n```\n")
        elif place == "exempt document file":
            write(root, f"borough/documents/{secret}.txt", text)
            items.append(f"## {n}. Appendix\n\n```yaml\ndocuments:\n  - title: Prices\n    file: {secret}.txt\n"
                         f"    exempt: {{paragraph: 3, reason: tender}}\n```\n")
        elif place == "exempt note":
            items.append(f"## {n}. Budget\n\n```yaml\nnotes:\n  - text: {q(text)}\n    exempt: {{paragraph: 2, reason: identity}}\n```\n\n{public} text.\n")
        elif place == "embargoed item":
            items.append(f"## {n}. Restructure\n\n```yaml\npublished: 2027-01-05\ndecisions:\n  - verb: NOTED\n    text: {q(text)}\n```\n\n{text}\n")
        elif place == "embargoed meeting":
            embargoed.append(text)
    write(root, "borough/meetings/cabinet/2026/2026-11-02.md",
          "---\nbody: cabinet\ndate: 2026-11-02\nstatus: held\n---\n\n" + "\n".join(items) + f"\n## 99. Public item\n\n{public} is public.\n")
    for k, text in enumerate(embargoed, start=1):
        write(root, f"borough/meetings/cabinet/2026/2026-11-{10 + k}.md",
              f"---\nbody: cabinet\ndate: 2026-11-{10 + k}\nstatus: held\npublished: 2026-12-01\n---\n\n## 1. Secret\n\n{text}\n")


@SETTINGS
@given(placements=st.lists(st.tuples(st.sampled_from(PLACES), token, prose), min_size=1, max_size=6,
                           unique_by=lambda p: p[1]),
       public=token)
def test_exempt_and_embargoed_text_never_reaches_any_output_byte(tmp_path_factory, placements, public):
    assume(all(public != secret for _, secret, _ in placements))
    root = tmp_path_factory.mktemp("archive")
    archive_with(root, placements, public)
    site, problems = read_archive(root, BUILD)
    assert not problems.errors, [p.message for p in problems.errors]
    out = root.parent / (root.name + "-site")
    build_site(site, out)
    found_public = False
    for path in out.rglob("*"):
        name = path.relative_to(out).as_posix().lower()
        for _, secret, _ in placements:
            assert secret not in name
        if path.is_file():
            data = path.read_bytes().lower()
            for place, secret, _ in placements:
                assert secret.encode() not in data, f"{place} leaked into {name}"
            found_public |= public.encode() in data
    assert found_public, "the public text must be published, or this test proves nothing"


# -- fuzzing: random YAML, random markdown, random field values ------------------------------

FIELDS = sorted({name for cls in [m.Meeting, m.Item, m.Decision, m.Report, m.Part, m.Table, m.Person, m.Issue,
                                  m.Attendance, m.Attendee, m.Vote, m.Document, m.Exempt]
                 for name, f in cls.model_fields.items()} | {"for", "from", "to", "section", "total", "of"})
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["unknown", "2009-11-23", "2009-13-45", "10:00", "none",
                                                           "executive", "cllr-a", "NOTED", "../x", "https://a.b"]))
values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), children, max_size=5)), max_leaves=25)
markdown_bits = st.lists(st.one_of(
    st.text(max_size=60), st.sampled_from(["## ", "### ", "# ", "```yaml\n", "```table\n", "```\n", "---\n", "\n",
                                           "- ", "1. ", "> ", "[a](", ")", "<b>", "|a|b|\n|-|-|\n", "&amp;", "\t",
                                           "rows: [[a, 1]]\n", "caption: x\n", "columns: [a]\n"])), max_size=30).map("".join)

FRONT = "---\nbody: cabinet\ndate: 2024-01-01\nstatus: held\n---\n"


def _fuzz_archive(root: Path, meeting: str, extra: dict[str, str]) -> None:
    write(root, "borough/authority.yaml", "name: Borough Council\n")
    write(root, "borough/bodies/cabinet.yaml", "name: Cabinet\nkind: executive\n")
    write(root, "borough/people/cllr-a.yaml", "kind: councillor\nfamily_name: A\n")
    write(root, "borough/meetings/cabinet/2024/2024-01-01.md", meeting)
    for rel, text in extra.items():
        write(root, rel, text)


def _no_crash(root: Path) -> None:
    site, problems = read_archive(root, BUILD)  # must not raise
    for problem in problems:
        assert problem.where.path.is_relative_to(root), problem
        assert problem.where.line >= 1, problem
        assert problem.message
    if not problems.errors:
        for _ in Renderer(site).pages():
            pass


@SETTINGS
@given(body=markdown_bits)
def test_random_markdown_never_crashes(tmp_path_factory, body):
    root = tmp_path_factory.mktemp("fuzz")
    _fuzz_archive(root, FRONT + body, {})
    _no_crash(root)


@SETTINGS
@given(front=values, item=values, person=values, issue=values)
def test_random_field_values_never_crash(tmp_path_factory, front, item, person, issue):
    root = tmp_path_factory.mktemp("fuzz")
    dump = lambda v: yaml.safe_dump(v, allow_unicode=True)
    meeting = f"---\n{dump(front)}---\n\n## 1. Item\n\n```yaml\n{dump(item)}```\n\nText.\n"
    _fuzz_archive(root, meeting, {"borough/people/cllr-b.yaml": dump(person), "issues/x.yaml": dump(issue)})
    _no_crash(root)


@SETTINGS
@given(text=st.text(max_size=300), where=st.sampled_from(["front", "item", "issue", "table"]))
def test_random_yaml_text_never_crashes(tmp_path_factory, text, where):
    root = tmp_path_factory.mktemp("fuzz")
    meeting = {"front": f"---\n{text}\n---\n", "item": FRONT + f"## 1. Item\n\n```yaml\n{text}\n```\n",
               "table": FRONT + f"## 1. Item\n\n```table\n{text}\n```\n", "issue": FRONT}[where]
    _fuzz_archive(root, meeting, {"issues/x.yaml": text} if where == "issue" else {})
    _no_crash(root)
