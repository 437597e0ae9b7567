"""The interface in English and Welsh: the catalogue is complete, pages are in their authority's
language with `lang` right for screen readers, and no template has interface text outside gettext."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
try:
    from babel.messages.frontend import parse_mapping_cfg
except ImportError:  # Babel before 2.14
    from babel.messages.frontend import parse_mapping as parse_mapping_cfg
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from jinja2 import Environment

from conftest import CONTENT, ROOT, nu_checker, text_of
from generator import i18n, link, model
from generator.cli import build_site, read_archive
from generator.render import TEMPLATES, Renderer

PO = ROOT / "generator" / "locale" / "cy" / "LC_MESSAGES" / "messages.po"
BUILD = dt.date(2026, 6, 1)


# -- the catalogue ------------------------------------------------------------------------------

def extracted() -> dict[tuple, list[str]]:
    """(context, msgid) → where, for every interface string Babel finds, as `pybabel extract` would."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[tuple, list[str]] = {}
    for filename, lineno, message, _, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS,
            directory_filter=lambda d: Path(d).name not in {"output", "node_modules", "benchmarks"}
            and not Path(d).name.startswith((".", "_"))):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault((context, msgid), []).append(f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def catalog():
    with open(PO, "rb") as f:
        return read_po(f, locale="cy")


def test_every_interface_string_has_a_welsh_translation(catalog):
    found = extracted()
    assert len(found) > 250 and (None, "Skip to main content") in found and (None, "Councillor %(name)s") in found
    problems = []
    for (context, msgid), where in sorted(found.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        message = catalog.get(msgid, context)
        strings = message.string if message is not None and isinstance(message.string, tuple) else \
            [message.string] if message is not None else []
        if message is None:
            problems.append(f"not in messages.po: {msgid!r} ({where[0]})")
        elif message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif not strings or not all(s and s.strip() for s in strings):
            problems.append(f"untranslated: {msgid!r}")
    assert problems == [], "run the update in generator/locale/README.md, then translate:\n" + "\n".join(problems)


def test_the_catalogue_has_no_obsolete_entries_and_its_placeholders_match(catalog):
    found = extracted()
    assert not catalog.obsolete, f"obsolete entries: {list(catalog.obsolete)}"
    stale = [m.id for m in catalog if m.id and (m.context, m.id if isinstance(m.id, str) else m.id[0]) not in found]
    assert stale == [], "entries no longer in any template or module; run pybabel update --ignore-obsolete"
    errors = [(m.id, [str(e) for e in errs]) for m, errs in catalog.check()]
    assert errors == []
    placeholder = re.compile(r"%\(\w+\)s|%%")
    for m in catalog:
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = sorted(set(placeholder.findall(ids[-1])))
        for s in strings:
            assert sorted(set(placeholder.findall(s))) == wanted, (m.id, s)
        assert ("<a " in ids[0]) == all("<a " in s for s in strings), m.id  # a link in a sentence stays a link


def test_the_catalogue_compiles_and_english_is_the_identity():
    cy, en = i18n.translations("cy"), i18n.translations("en")
    assert cy.gettext("Present") == "Yn bresennol" and cy.gettext("Home") == "Cartref"
    assert cy.pgettext("decision verb", "RESOLVED") == "PENDERFYNWYD"
    assert cy.ngettext("%(num)s meeting", "%(num)s meetings", 5) == "%(num)s cyfarfod"
    assert en.gettext("Present") == "Present"
    with pytest.raises(ValueError):
        i18n.translations("fr")


def test_gettext_in_templates_behaves_as_jinja_newstyle_gettext():
    renderer = Renderer(SimpleNamespace(root=Path(".")))
    source = ('{{ _("Home") }}|{{ _("Item %(number)s", number="<3>") }}|{{ _("zoom in up to 400%%") }}|'
              '{{ ngettext("%(num)s meeting", "%(num)s meetings", n) }}|{{ pgettext("decision verb", "NOTED") }}|'
              '{% trans %}Home{% endtrans %}|{% trans num=n %}{{ num }} meeting{% pluralize %}{{ num }} meetings'
              '{% endtrans %}|{% trans %}100% sure{% endtrans %}')
    assert renderer.environment("en").from_string(source).render(n=2) == \
        "Home|Item &lt;3&gt;|zoom in up to 400%|2 meetings|NOTED|Home|2 meetings|100% sure"
    assert renderer.environment("cy").from_string(source).render(n=2) == \
        "Cartref|Eitem &lt;3&gt;|zoom in up to 400%|2 cyfarfod|NODWYD|Cartref|2 cyfarfod|100% sure"


def test_dates_in_english_are_as_before_and_in_welsh_are_welsh():
    day = dt.date(2009, 11, 23)
    assert i18n.long_date(day) == "Monday 23 November 2009" and i18n.short_date(day) == "23 Nov 2009"
    assert i18n.short_date(dt.date(2010, 9, 1)) == "1 Sep 2010"  # not en_GB's "Sept"
    assert i18n.day_date(day) == "23 November 2009"
    assert i18n.long_date(day, "cy") == "Dydd Llun 23 Tachwedd 2009"
    assert i18n.short_date(day, "cy") == "23 Tach 2009"
    assert i18n.long_date(None) == "Date not recorded" and i18n.long_date(None, "cy") == "Dyddiad heb ei gofnodi"
    for n in range(0, 800, 7):  # the old strftime wording, exactly
        d = dt.date(2008, 1, 1) + dt.timedelta(days=n)
        assert i18n.long_date(d) == f"{d:%A} {d.day} {d:%B %Y}" and i18n.short_date(d) == f"{d.day} {d:%b %Y}"


# -- the templates' wording for codes is what the Python objects say, in English -----------------

@pytest.fixture(scope="module")
def labels():
    site = SimpleNamespace(root=Path("."))
    return Renderer(site).env.get_template("partials/labels.html").module


def test_template_labels_match_the_python_labels_in_english(labels):
    assert {k: str(v) for k, v in labels.body_kinds.items()} == model.BODY_KIND_NAMES
    assert {str(v) for v in labels.attendance.values()} == {label for _, label in link.ATTENDANCE_GROUPS}
    assert all(str(v) == k for k, v in labels.attendance.items())
    kinds = model.Document.model_fields["kind"].annotation.__args__
    for kind in kinds:
        view = link.DocumentView(model.Document(title="x", kind=kind), None)
        assert str(labels.document_kinds[kind]) == view.kind_label
    assert set(labels.verbs) == set(model.VERBS) and all(str(v) == k for k, v in labels.verbs.items())
    assert set(labels.statuses) == set(model.Meeting.model_fields["status"].annotation.__args__)


def test_decision_headings_and_call_in_summaries_match_the_python_ones_in_english(labels):
    for verb, parts in [(None, []), ("NOTED", []), ("RESOLVED", ["AGREED", None, "AGREED", "RESOLVED"]),
                        (None, ["APPROVED", "NOTED"]), ("AGREED", ["ENDORSED"])]:
        facts = model.Decision(verb=verb, parts=[{"verb": v, "text": "x"} for v in parts])
        view = link.DecisionView(facts, None, None, [])
        assert str(labels.heading(view)) == view.heading
    authority = SimpleNamespace(facts=SimpleNamespace(call_in_days=5))
    meeting = SimpleNamespace(date=dt.date(2026, 5, 4), facts=SimpleNamespace(published=None), authority=authority)
    cases = [{"call_in": {"exempt_reason": "urgent"}}, {"call_in": {"called_in": True}},
             {"published": "2026-05-06"}, {"published": "2026-04-01"}, {}]
    states = set()
    for case in cases:
        timeline = link.call_in_timeline(model.Decision(**case), meeting, BUILD - dt.timedelta(days=20))
        states.add(timeline.state)
        assert str(labels.call_in_summary(timeline)) == timeline.summary
    assert states == {"not-subject", "called-in", "open", "ended", "unknown"}


# -- a Welsh authority beside the English ones -------------------------------------------------

WELSH = {
    "ynys-mon/authority.yaml": "name: Cyngor Sir Ynys Môn\nshort_name: Ynys Môn\nlanguage: cy\ncall_in_days: 3\n",
    "ynys-mon/bodies/pwyllgor-gwaith.yaml": "name: Pwyllgor Gwaith\nkind: executive\n"
                                            "description: Pwyllgor gwaith y cyngor.\n",
    "ynys-mon/people/cllr-llinos-medi.yaml": "kind: councillor\ngiven_name: Llinos\nfamily_name: Medi\n"
                                             "party: Plaid Cymru\nward: Seiriol\n",
    "ynys-mon/people/cllr-dafydd-roberts.yaml": "kind: councillor\ngiven_name: Dafydd\nfamily_name: Roberts\n",
    "ynys-mon/people/dylan-williams.yaml": "kind: officer\ngiven_name: Dylan\nfamily_name: Williams\n",
    "ynys-mon/meetings/pwyllgor-gwaith/2026/2026-05-18.md": """---
body: pwyllgor-gwaith
date: 2026-05-18
time: "10:00"
venue: Siambr y Cyngor, Llangefni
status: held
attendance:
  present:
    - person: cllr-llinos-medi
      role: Arweinydd y Cyngor
      chair: true
  apologies:
    - person: cllr-dafydd-roberts
  in_attendance:
    - person: dylan-williams
      role: Prif Weithredwr
---

## 3. Cyllideb Refeniw 2026/27

```yaml
issues: [strategic-resource-options]
reports:
  - reference: PG/26/3
    author: {person: dylan-williams, role: Prif Weithredwr}
    key_decision: true
    documents:
      - {title: Adroddiad y Gyllideb, kind: report, url: "https://www.ynysmon.llyw.cymru/"}
decisions:
  - verb: RESOLVED
    text: cymeradwyo’r gyllideb refeniw ar gyfer 2026/27.
    parts:
      - {label: (i), verb: NOTED, text: sylwadau’r Pwyllgor Sgriwtini.}
    key_decision: true
    published: 2026-05-20
    votes:
      - {for: [cllr-llinos-medi], against: 1, mover: {person: cllr-llinos-medi}}
    wards: [Llangefni]
```

Trafododd yr Aelodau’r gyllideb yn fanwl.

## 4. Contract Glanhau

```yaml
exempt: {paragraph: 3, reason: Gwybodaeth am faterion ariannol cwmni}
```

Manylion y contract.
""",
}

# English interface wording that must not be left on a Welsh page (visible text or an aria-label)
ENGLISH = ["Skip to main content", "Home", "Attendance", "Present", "Apologies", "In attendance", "Authority",
           "Venue", "Status", "Held", "Previous meeting", "All meetings of", "Not recorded", "Monday", "November",
           "Key decision", "Report of", "Decision published", "Call-in", "Exempt information", "Reason given",
           "Schedule 12A", "Councillor", "Accessibility statement", "Published with", "Follow", "Decisions",
           "Forward plan", "Issues", "Years", "Item 3", "RESOLVED", "NOTED", "Wards affected", "Moved by",
           "Vote", "Result", "Against", "Details", "Part of", "This item", "Documents", "(chair)", "Meeting",
           "Open Government Licence", "Breadcrumb", "Atom feed", "Executive", "Members", "Roles", "People",
           "working days", "Date not recorded"]


def english_words(soup: BeautifulSoup) -> list[str]:
    """ENGLISH wording on a page, outside elements marked as in English."""
    for marked in soup.select('[lang="en-GB"]'):
        if marked.name != "html":
            marked.decompose()
    text = text_of(soup.body) + " " + " ".join(el["aria-label"] for el in soup.select("[aria-label]"))
    return [w for w in ENGLISH if re.search(r"(?<![\w’])" + re.escape(w) + r"(?![\w’])", text)]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The sample archive built alone, and with a Welsh authority added."""
    base = tmp_path_factory.mktemp("i18n")
    content = base / "content"
    shutil.copytree(CONTENT, content)
    plain_site, problems = read_archive(content, BUILD)
    assert not problems.errors
    build_site(plain_site, base / "plain")
    for rel, text in WELSH.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    site, problems = read_archive(content, BUILD)
    assert not problems.errors, [p.message for p in problems.errors]
    build_site(site, base / "bilingual")
    return base / "plain", base / "bilingual"


def soup_of(out: Path, url: str) -> BeautifulSoup:
    path = out / url.strip("/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


MEETING = "/ynys-mon/pwyllgor-gwaith/2026-05-18/"


def facts(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(term, definition) of every <dl> on a page, as a resident reads them."""
    return [(text_of(term), text_of(term.find_next_sibling("dd"))) for term in soup.select("dl dt")]


def test_welsh_meeting_page_is_in_welsh(builds):
    _, out = builds
    soup = soup_of(out, MEETING)
    assert soup.html["lang"] == "cy"
    assert soup.select_one(".skip-link").get_text() == "Neidio i’r prif gynnwys"
    crumbs = [li.get_text(strip=True) for li in soup.select(".breadcrumbs li")]
    assert crumbs == ["Cartref", "Ynys Môn", "Pwyllgor Gwaith", "Dydd Llun 18 Mai 2026"]
    assert soup.find("h2", id="attendance").get_text() == "Presenoldeb"
    assert [h.get_text() for h in soup.select("h2#attendance ~ h3")] == \
        ["Yn bresennol", "Hefyd yn bresennol", "Ymddiheuriadau"]
    text = text_of(soup)
    assert "Y Cynghorydd Llinos Medi, Arweinydd y Cyngor (cadeirydd)" in text
    pairs = facts(soup)
    assert ("Dyddiad", "Dydd Llun 18 Mai 2026") in pairs and ("Statws", "Wedi’i gynnal") in pairs
    assert "PENDERFYNWYD a NODWYD" in text                       # the decision's heading: its verbs
    assert "Daeth y cyfnod galw i mewn i ben: 26 Mai 2026" in text  # 3 working days from 20 May (bank holiday 25 May)
    assert "Ni chyhoeddir yr eitem hon: mae’n eithriedig o dan baragraff 3 o Atodlen 12A" in text
    assert "Manylion y contract" not in text
    assert english_words(soup) == []


def test_welsh_item_and_person_pages_are_in_welsh(builds):
    _, out = builds
    item = soup_of(out, MEETING + "3/")
    assert item.html["lang"] == "cy"
    assert item.select_one(".kicker").get_text() == "Eitem 3"
    assert item.select(".breadcrumbs li")[-1].get_text(strip=True) == "Eitem 3"
    issue = item.select_one(".issues-line a")
    assert issue["lang"] == "en-GB" and issue["href"].endswith("/issues/strategic-resource-options/")  # site-wide
    pairs = facts(item)
    assert ("Adroddiad gan", "Dylan Williams, Prif Weithredwr") in pairs
    assert ("O blaid", "Y Cynghorydd Llinos Medi (1)") in pairs and ("Yn erbyn", "1") in pairs
    assert ("Penderfyniad allweddol", "Ie") in pairs
    assert english_words(item) == []
    person = soup_of(out, "/ynys-mon/people/cllr-llinos-medi/")
    assert person.html["lang"] == "cy" and person.h1.get_text() == "Y Cynghorydd Llinos Medi"
    assert ("Math", "Cynghorydd") in facts(person)
    assert english_words(person) == []
    for url in ["/ynys-mon/", "/ynys-mon/pwyllgor-gwaith/"]:
        soup = soup_of(out, url)
        assert soup.html["lang"] == "cy" and english_words(soup) == [], url
    feeds = [a.get_text() for a in soup_of(out, "/ynys-mon/").select(".follow a")]
    assert feeds == ["Penderfyniadau – Cyngor Sir Ynys Môn (Atom)"]


def test_english_pages_are_unchanged_by_a_welsh_authority(builds):
    plain, out = builds
    related = re.compile(r'<section id="related".*?</section>\n', re.DOTALL)  # drawn from the whole archive
    compared = 0
    for path in plain.rglob("*.html"):
        rel = path.relative_to(plain)
        if rel.parts[0] in {"bolton", "bromley", "central-bedfordshire", "torbay", "accessibility"}:
            assert related.sub("", (out / rel).read_text()) == related.sub("", path.read_text()), rel
            compared += 1
    assert compared > 30
    for url in ["/", "/bolton/", "/decisions/", "/issues/strategic-resource-options/"]:
        assert soup_of(out, url).html["lang"] == "en-GB"


def test_site_wide_pages_mark_welsh_record_content(builds):
    _, out = builds
    home = soup_of(out, "/")
    item = home.select_one('.latest a[href="ynys-mon/pwyllgor-gwaith/2026-05-18/3/"]')
    assert item["lang"] == "cy" and item.get_text() == "3. Cyllideb Refeniw 2026/27"
    assert item.find_previous("strong").get_text() == "RESOLVED and NOTED"  # the interface stays English
    assert [s.get_text() for s in item.find_next("span").select('[lang="cy"]')] == ["Ynys Môn", "Pwyllgor Gwaith"]
    assert home.select_one('.authorities a[href="ynys-mon/"]')["lang"] == "cy"
    assert not home.select('.authorities a[href="bolton/"][lang]')
    register = soup_of(out, "/decisions/2026/")
    row = register.select_one('tr[data-authority="Ynys Môn"]')
    assert row.th.a["lang"] == "cy" and [td.get("lang") for td in row.select("td")] == \
        [None, "cy", None, None, None, None, "cy"]
    assert "Call-in period ended 26 May 2026" in text_of(row)
    issue = soup_of(out, "/issues/strategic-resource-options/")
    assert issue.select_one('a[href="../../ynys-mon/pwyllgor-gwaith/2026-05-18/3/"]')["lang"] == "cy"
    year = soup_of(out, "/years/2026/")
    row = year.select_one('tbody th a[href="../../ynys-mon/pwyllgor-gwaith/2026-05-18/"]').find_parent("tr")
    assert [a.get("lang") for a in row.select("td a")] == ["cy", "cy"] and row.select("td")[-1]["lang"] == "cy"
    assert not year.select('a[href="../../bolton/"][lang]')


def test_welsh_pages_pass_the_nu_html_checker(builds):
    _, out = builds
    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java: apt-get install default-jre-headless (.ci/run does this)"
    welsh = out / "ynys-mon"
    result = nu_checker(welsh)
    assert result.returncode == 0, result.stdout + result.stderr


def test_welsh_pages_have_no_axe_violations(builds):
    from browser import browser, serve
    from test_accessibility import AXE, WCAG_22_AA
    _, out = builds
    with browser() as chromium, serve(out) as base:
        for url in [MEETING, MEETING + "3/", MEETING + "4/", "/ynys-mon/", "/", "/decisions/",
                    "/decisions/2026/"]:
            page = chromium.new_page(bypass_csp=True)
            page.goto(base + url)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
            assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == [], url
            page.close()


# -- no interface text outside gettext -------------------------------------------------------------

# Text in templates that is not interface wording: the product's name.
ALLOWED_TEXT = {"Minutebook"}
TEXT_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "label"}  # and a meta description


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        described = tag == "meta" and dict(attrs).get("name") == "description"
        for name, value in attrs:
            if value and (name in TEXT_ATTRIBUTES or (name == "content" and described)):
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.found.append(data)


def bare_text(source: str) -> list[str]:
    """Words in a template's literal text (outside {% trans %} blocks) and in its text attributes."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    pieces, in_trans, in_tag = [], False, None
    for _, token, value in env.lex(source):
        if token == "block_begin":
            in_tag = []
            pieces.append("\0")
        elif token == "block_end":
            if in_tag and in_tag[0] == "trans":
                in_trans = True
            elif in_tag and in_tag[0] == "endtrans":
                in_trans = False
            in_tag = None
        elif in_tag is not None and token == "name":
            in_tag.append(value)
        elif token == "data" and not in_trans:
            pieces.append(value)
        elif token == "variable_begin":
            pieces.append("\0")
    parser = _Text()
    parser.feed("".join(pieces).replace("\0", " "))
    words = []
    for text in parser.found:
        for word in re.findall(r"[^\W\d_][\w’'-]*", text):
            if word not in ALLOWED_TEXT:
                words.append(word)
    return words


GETTEXT = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
# String literals in expressions that are not wording: the letters Welsh treats as vowels (for "a"/"ac").
ALLOWED_LITERALS = {"AEIOUWYÂÊÎÔÛŴŶ"}


def bare_literals(source: str) -> list[str]:
    """String literals in a template's expressions that look like wording and are not given to gettext.

    Codes (one lower-case word: 'held', 'not-subject', 'application/atom+xml', ', '), dictionary keys
    and the operands of == and != are not wording.
    """
    env = Environment(extensions=["jinja2.ext.i18n"])
    tokens = [(t, v) for _, t, v in env.lex(source) if t != "whitespace"]
    found, calls = [], []  # calls: for each open "(", whether it opened a gettext call
    for i, (token, value) in enumerate(tokens):
        before = tokens[i - 1] if i else ("", "")
        after = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if token == "operator" and value == "(":
            calls.append(before[0] == "name" and before[1] in GETTEXT)
        elif token == "operator" and value == ")":
            if calls:
                calls.pop()
        elif token == "string" and not any(calls) and value[1:-1] not in ALLOWED_LITERALS:
            if after == ("operator", ":") or before[1] in ("==", "!=") or after[1] in ("==", "!="):
                continue
            if re.search(r"[A-Z]", value) or re.search(r"[^\W\d_]\s+[^\W\d_]", value):
                found.append(value[1:-1])  # the lexer gives the literal with its quotes
    return found


def test_bare_text_check_finds_untranslated_wording():
    assert bare_text('<p>Hello {{ name }}</p><nav aria-label="Site"></nav>') == ["Hello", "Site"]
    assert bare_text('<p>{{ _("Hello") }} {% trans %}Hi {{ x }}{% endtrans %}</p>') == []
    assert bare_text('<a class="external" href="{{ u }}" rel="noopener">{{ t }}</a>') == []
    assert bare_literals("{{ x or 'Not recorded' }} {{ 's' if n != 1 }} {{ 'a b' if y }}") == ["Not recorded", "a b"]
    assert bare_literals("""{{ _("Yes") }} {{ {"Present": _("Present")}[k] }} {{ t if k == 'JSON' }}""") == []
    assert bare_literals("""{{ pgettext("a context", "Word", n=f('X Y')) }} {{ x|join(', ') }}""") == []


@pytest.mark.parametrize("template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")))
def test_no_template_has_interface_text_outside_gettext(template):
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    assert bare_text(source) == []
    assert bare_literals(source) == []
