"""Stages 3 and 4 on small archives written by the test: the graph, and what rendering makes of it."""
import datetime as dt
import functools
import json
import tempfile
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from hypothesis import example, given, settings, strategies as st
from jinja2 import pass_context, pass_environment, pass_eval_context
from markupsafe import Markup, escape

from generator.cli import build_site, read_archive
from generator.demo import write_demo
from generator.i18n import HTML_LANG
from generator.render import _MD, Renderer, escaped_output, in_page, plain_html, relative

BUILD = dt.date(2026, 11, 23)


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def archive(tmp_path: Path, meetings: dict[str, str]) -> Path:
    root = tmp_path / "content"
    write(root, "borough/authority.yaml", "name: Borough Council\ncall_in_days: 5\n")
    write(root, "borough/bodies/cabinet.yaml", "name: Cabinet\nkind: executive\n")
    write(root, "borough/people/cllr-ahmed.yaml", "kind: councillor\nfamily_name: Ahmed\nparty: Green\n")
    write(root, "borough/people/cllr-baker.yaml", "kind: councillor\nfamily_name: Baker\n")
    for rel, text in meetings.items():
        write(root, f"borough/meetings/cabinet/{rel}", text)
    return root


def meeting(date: str, body: str = "", status: str = "held") -> str:
    return f"---\nbody: cabinet\ndate: {date}\nstatus: {status}\nattendance:\n  present:\n" \
           f"    - person: cllr-ahmed\n      role: Leader\n      chair: true\n---\n{body}"


def test_meetings_of_a_body_link_previous_and_next_in_date_order(tmp_path):
    root = archive(tmp_path, {"2024/2024-03-01.md": meeting("2024-03-01"),
                              "2023/2023-12-01.md": meeting("2023-12-01"),
                              "2024/2024-01-15.md": meeting("2024-01-15"),
                              "undated/undated-note.md": meeting("unknown", status="unknown")})
    site, problems = read_archive(root, BUILD)
    assert not problems.errors
    body = site.authorities[0].bodies[0]
    assert [mt.slug for mt in body.meetings] == ["2023-12-01", "2024-01-15", "2024-03-01", "undated-note"]
    first, middle, last, undated = body.meetings
    assert (first.previous, first.next) == (None, middle)
    assert (middle.previous, middle.next) == (first, last)
    assert undated.previous is None and undated.next is None
    assert [y for y, _ in body.years] == [2024, 2023, None]
    member = body.members[0]
    assert member.person.id == "cllr-ahmed" and member.meetings == 4 and member.roles == ["Leader"]
    assert member.first == dt.date(2023, 12, 1) and member.last == dt.date(2024, 3, 1)


def test_upcoming_meetings_depend_on_the_build_date(tmp_path):
    root = archive(tmp_path, {"2026/2026-12-01.md": meeting("2026-12-01", status="scheduled"),
                              "2026/2026-11-01.md": meeting("2026-11-01", status="scheduled")})
    site, _ = read_archive(root, BUILD)
    assert [mt.slug for mt in site.upcoming] == ["2026-12-01"]
    site, _ = read_archive(root, dt.date(2026, 10, 1))
    assert [mt.slug for mt in site.upcoming] == ["2026-11-01", "2026-12-01"]


ITEM = """
## 5. Budget

```yaml
reports:
  - author: {person: cllr-baker, role: Cabinet Member for Finance}
    documents:
      - {title: Budget report, kind: report, file: budget.txt}
      - {title: Tender prices, kind: appendix, exempt: {paragraph: 3, reason: commercial}}
decisions:
  - verb: approved
    text: the budget.
    declarations: none
    votes:
      - {for: [cllr-ahmed, cllr-baker], against: 0, mover: {person: cllr-ahmed}}
      - {motion: An amendment, for: [], against: [cllr-ahmed], result: lost}
```

Members discussed <script>alert(1)</script> the [budget](javascript:alert(1)) and
[the council's page](https://example.org/budget). ![chart](https://example.org/chart.png)

## 6. Confidential contract

```yaml
exempt: {paragraph: 3, reason: Information relating to the financial affairs of a company}
```

The secret tender price was 123,456.
"""


def test_references_documents_and_exempt_items(tmp_path):
    root = archive(tmp_path, {"2024/2024-03-01.md": meeting("2024-03-01", ITEM)})
    write(root, "borough/documents/budget.txt", "The budget.")
    site, problems = read_archive(root, BUILD)
    assert not problems.errors, list(problems)
    budget, secret = site.meetings[0].items
    baker = next(p for p in site.people if p.id == "cllr-baker")
    assert baker.reports == [(budget, "Report of")]
    decision = budget.decisions[0]
    assert decision.facts.verb == "APPROVED"  # written in lower case, normalised
    assert decision.declarations == []        # "none" is an explicit statement
    (label, voters), (label2, count) = decision.votes[0].tallies
    assert [p.id for p in voters] == ["cllr-ahmed", "cllr-baker"] and count == 0
    assert decision.votes[1].tallies[0] == ("For", [])  # named, and nobody: not a count, not "not recorded"
    assert not budget.documents and [d.url for d in budget.reports[0].documents] == [
        "/borough/documents/budget.txt", None]
    assert not secret.reports and not secret.decisions
    assert ("this item is exempt, so only the fact that it is exempt and why is published; "
            "its narrative, reports, decisions and documents are left out") in [w.message for w in problems.warnings]

    out = tmp_path / "output"
    build_site(site, out)
    assert (out / "borough/documents/budget.txt").read_text() == "The budget."
    amendment = json.loads((out / "borough/cabinet/2024-03-01/meeting.json").read_text())["agendaItems"][0][
        "decisions"][0]["vote_events"][1]
    assert amendment["counts"] == [{"option": "yes", "value": 0}, {"option": "no", "value": 1}]
    html = (out / "borough/cabinet/2024-03-01/5/index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert "<script>" not in html and "&lt;script&gt;" in html   # raw HTML is shown as text, never run
    assert not soup.find("a", href=lambda h: h and h.startswith("javascript:"))
    external = soup.find("a", href="https://example.org/budget")
    assert external["rel"] == ["noopener", "noreferrer"]
    assert not soup.find("img")                                   # no request to another site
    assert soup.find("a", href="../../../documents/budget.txt").get_text() == "Budget report"
    assert "paragraph 3 of Schedule 12A" in soup.get_text()
    for path in out.rglob("*"):
        if path.is_file():
            assert b"123,456" not in path.read_bytes(), path


def test_relative_links_work_from_any_depth():
    assert relative("/bolton/", "/bolton/people/cllr-adia/") == "../../"
    assert relative("/assets/site.css", "/") == "assets/site.css"
    assert relative("/issues/x/", "/issues/x/") == "./"
    assert relative("/years/", None) == "/years/"  # the 404 page is served at any address


def test_markdown_headings_shift_to_fit_the_page(tmp_path):
    root = archive(tmp_path, {"2024/2024-03-01.md": meeting("2024-03-01", "\n## 1. Item\n\n### Background\n\nText.\n")})
    site, _ = read_archive(root, BUILD)
    renderer = Renderer(site)
    pages = dict(renderer.pages())
    item = BeautifulSoup(pages["borough/cabinet/2024-03-01/1/index.html"], "html.parser")
    meeting_page = BeautifulSoup(pages["borough/cabinet/2024-03-01/index.html"], "html.parser")
    assert item.find("h3", string="Background")          # h1 item, h2 Details, h3 Background
    assert meeting_page.find("h4", string="Background")  # h1 meeting, h2 item, h3 Details, h4 Background


CALL_IN = """
## 1. Library opening hours

```yaml
decisions:
  - verb: AGREED
    text: the new opening hours.
    published: 2026-11-18
```

## 2. Bus shelters

```yaml
decisions:
  - verb: APPROVED
    text: the contract.
    published: 2026-12-22
```

## 3. Winter gritting

```yaml
decisions:
  - verb: AGREED
    text: the plan.
    call_in: {exempt_reason: "Urgent: snow is forecast; the Chair of Scrutiny agreed."}
```

## 4. Leisure centre

```yaml
decisions:
  - verb: AGREED
    text: the closure.
    published: 2026-10-01
    call_in: {called_in: true, outcome: "Referred back to Cabinet, which confirmed the decision."}
```

## 5. Parks

```yaml
decisions:
  - verb: NOTED
    text: the report.
```
"""


def test_call_in_timeline_counts_working_days_and_knows_the_build_date(tmp_path):
    from generator.workdays import add_working_days
    root = archive(tmp_path, {"2026/2026-11-16.md": meeting("2026-11-16", CALL_IN)})
    site, problems = read_archive(root, BUILD)
    timelines = [item.decisions[0].timeline for item in site.meetings[0].items]
    open_, christmas, urgent, called, unknown = timelines
    assert open_.deadline == dt.date(2026, 11, 25) and open_.deadline_counted     # Wed 18 + 5 working days
    assert open_.state == "open" and open_.summary == "Open for call-in until 25 November 2026"
    assert open_.effective == dt.date(2026, 11, 26) and open_.decided == dt.date(2026, 11, 16)
    assert christmas.deadline == dt.date(2026, 12, 31)  # 25, 26 (Sat), 28 December are not working days
    assert add_working_days(dt.date(2026, 12, 22), 2) == dt.date(2026, 12, 24)
    assert urgent.state == "not-subject" and urgent.deadline is None
    assert called.state == "called-in" and called.effective is None
    assert unknown.state == "unknown" and unknown.summary == "Call-in period not recorded"
    site_later, _ = read_archive(root, dt.date(2026, 11, 26))
    assert site_later.meetings[0].items[0].decisions[0].timeline.summary == "Call-in period ended 25 November 2026"

    out = tmp_path / "output"
    build_site(site, out)
    page = BeautifulSoup((out / "borough/cabinet/2026-11-16/1/index.html").read_text(), "html.parser")
    box = " ".join(page.select_one(".call-in").get_text(" ").split())
    assert box.startswith("Open for call-in until 25 November 2026")
    assert "Call-in deadline Wednesday 25 November 2026 (5 working days after publication)" in box
    assert "Takes effect Thursday 26 November 2026" in box
    urgent_page = BeautifulSoup((out / "borough/cabinet/2026-11-16/3/index.html").read_text(), "html.parser")
    assert urgent_page.select_one(".call-in p").get_text().startswith("Not subject to call-in: Urgent: snow is forecast")


def test_committee_decisions_have_no_call_in(tmp_path):
    root = archive(tmp_path, {"2026/2026-11-16.md": meeting("2026-11-16", CALL_IN)})
    (root / "borough/bodies/cabinet.yaml").write_text("name: Planning Committee\nkind: committee\n")
    site, _ = read_archive(root, BUILD)
    assert all(d.timeline is None for item in site.meetings[0].items for d in item.decisions)


# Prose, with what makes markdown other than plain paragraphs and headings or nearly does: markers
# of headings, lists and headings' underlines, numbers that could open an ordered list, quotes,
# whitespace that markdown-it trims (no-break space, next line, line separator, spaces at a line's
# end), and a few of markup's own characters (rarer: any of them rules the shortcut out).
_PROSE = st.lists(st.lists(st.one_of(
    st.sampled_from(list("ab9 .)-=+\"'!é:(#") + ["\u00a0", "\u0085", "\u2028", "  ", "Council", "2009", "1.", "3)",
                                                  "£1,200", "# ", "### ", "####### "]),
    st.sampled_from(list("*_&<|`[\\\t"))), max_size=5).map("".join), max_size=6).map("\n".join)


@settings(max_examples=3000, deadline=None)
@given(_PROSE, st.integers(min_value=0, max_value=6))
@example("#  Spaced heading", 0)
@example("# Closed heading #", 1)
@example("Minutes\n=", 0)
@example("2009. A year", 0)
@example("Hard  \nbreak", 0)
@example("\u00a0Trimmed", 0)
def test_plain_prose_is_rendered_as_markdown_it_renders_it(text, offset):
    """The shortcut taken for texts of plain paragraphs and headings gives markdown-it's HTML, to the
    byte, headings moved down as a page asks."""
    html = plain_html(text, offset)
    if html is not None:
        assert html == _MD.render(text, {"offset": offset})


_VALUES = st.one_of(st.text(alphabet=st.sampled_from(list("&<>'\"a é\n;#"))), st.text(), st.integers(), st.none(),
                    st.floats(allow_nan=False), st.text().map(Markup), st.dates())


@settings(max_examples=500, deadline=None)
@given(_VALUES, _VALUES)
def test_what_a_template_writes_is_escaped_as_markupsafe_escapes_it(value, other):
    """Pages write `{{ value }}` through `escaped_output`, not markupsafe's `escape`: the same text, in
    page, macro and filter alike, for a string, a number, nothing, or markup."""
    assert escaped_output(value) == str(escape(value))
    template = _small_site_environment().from_string(
        "{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}{{ v }}|{{ m(v) }}|{{ m(o) }}|{{ [v, o]|join(',') }}")
    assert template.render(v=value, o=other) == (f"{escape(value)}|<i>{escape(value)}</i>|<i>{escape(other)}</i>|"
                                                 f"{escape(value)},{escape(other)}")


def test_templates_give_a_callable_what_it_asks_for_and_nothing_else():
    """Macros and plain functions are called straight away (render._Context); a function or a callable
    object that asks for the context, the environment or the evaluation context is still given it, in
    a loop too; one that raises StopIteration gives an undefined value, as in Jinja."""
    class Greeter:
        @pass_context
        def __call__(self, context: Any, name: str) -> str:
            return f"{context['greeting']} {name}"

    def stops() -> None:
        raise StopIteration

    env = _small_site_environment()
    template = env.from_string(
        "{% macro m(x) %}<{{ x }}>{% endmacro %}{% for n in names %}{{ m(n) }}{{ plain(n) }}{{ greet(n) }}"
        "{{ envd(n) }}{{ evald(n) }}{{ obj(n) }}{% endfor %}{{ (stops() is undefined)|string }}")
    assert template.render(
        names=["a", "b"], greeting="hi", plain=str.upper, obj=Greeter(), stops=stops,
        greet=pass_context(lambda context, n: f"{context['greeting']}-{n}"),
        envd=pass_environment(lambda environment, n: f"[{environment is env}]"),
        evald=pass_eval_context(lambda eval_ctx, n: f"({eval_ctx.autoescape})"),
    ) == "<a>Ahi-a[True](True)hi a<b>Bhi-b[True](True)hi bTrue"


@functools.cache
def _small_site_environment() -> Any:
    with tempfile.TemporaryDirectory() as folder:
        return Renderer(read_archive(archive(Path(folder), {}), BUILD)[0]).env


def test_the_sample_archives_texts_come_out_as_markdown_it_makes_them():
    """Every narrative, preamble and decision of the sample archive: the same HTML whether or not it
    was plain enough for the shortcut, which most of them are."""
    site, _ = read_archive(Path(__file__).resolve().parents[1] / "content", BUILD)
    texts = [text for meeting in site.meetings for text in [meeting.preamble, *(
        part for item in meeting.items for part in [item.narrative, *(d.facts.text for d in item.decisions)])]
        if text]
    plain = [text for text in texts if plain_html(text) is not None]
    assert len(plain) > len(texts) / 2, f"only {len(plain)} of {len(texts)} texts were plain prose"
    assert [plain_html(text) for text in plain] == [_MD.render(text) for text in plain]
    renderer = Renderer(site)
    assert [str(renderer.markdown(text)) for text in texts] == [_MD.render(text) for text in texts]


def _every_page(renderer: Renderer) -> dict[str, tuple]:
    """Each page's HTML and the files it read (`Reads.page_files`, by name), rendered as a build renders them."""
    reads, pages = renderer.reads, {}
    for path, node, make in renderer.jobs():
        reads.track()
        html = make()
        pages[path] = (html, *(sorted(reads.names[n] for n in files) for files in reads.page_files(node)))
    return pages


DEEP_HEADINGS = """
## 1. Drainage

```yaml
decisions:
  - verb: AGREED
    text: the works.
    votes:
      - for: [cllr-ahmed, cllr-baker]
        mover: {person: cllr-ahmed}
```

### Summary

##### Costs

###### Phasing

Text.

## 2. Parks

```yaml
decisions:
  - verb: NOTED
    text: the survey.
    votes:
      - unanimous: true
        mover: {person: cllr-baker}
```

Only a paragraph, and [a link](https://example.org/parks).
"""


def test_an_items_body_rendered_once_for_two_pages_is_what_each_page_renders_alone(tmp_path):
    """A build renders each item's body once for its meeting's page and its own (`sharing_item_bodies`),
    moving its headings and making its links relative for each: every page of the sample archive, of a
    generated one, and of one whose narrative's headings stop at h6 on both pages is, to the byte, what
    it is when each page renders the macro in its own context, and reads the same files, text and
    attendance."""
    write_demo(tmp_path / "demo", 30, 3)
    for root in (Path(__file__).resolve().parents[1] / "content", tmp_path / "demo",
                 archive(tmp_path, {"2024/2024-03-01.md": meeting("2024-03-01", DEEP_HEADINGS)})):
        site, problems = read_archive(root, BUILD)
        assert site.meetings and not problems.errors
        alone = Renderer(site)
        for lang in HTML_LANG:  # each body rendered by its page, in the page's context
            alone.environment(lang).globals["item_body"] = in_page
        each_alone = _every_page(alone)
        shared = Renderer(site)
        with shared.sharing_item_bodies():
            each_shared = _every_page(shared)
        assert each_shared == each_alone
        assert shared._marks > 0  # (links marked: each body was rendered once, and its links made relative)
    deep = BeautifulSoup(each_shared["borough/cabinet/2024-03-01/1/index.html"][0], "html.parser")
    assert deep.find("h6", string="Phasing") and deep.find("h5", string="Costs")
