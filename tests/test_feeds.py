"""Feeds and calendars: every Atom feed parsed back with feedparser, every calendar with icalendar.

Three archives: the real sample archive, a synthetic one from `generator.demo` (40 meetings, with
scheduled, cancelled, postponed and timed meetings, wards, declarations and partial attendance), and
a small hand-written one whose feeds are known exactly. What each feed should hold is worked out
here from the graph, independently of generator/feeds.py.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import xml.etree.ElementTree as ET
import zoneinfo
from pathlib import Path

import feedparser
import icalendar
import pytest

from generator import link
from generator.cli import read_archive
from generator.demo import write_demo
from generator.depend import Inputs
from generator.feeds import FEED_LIMIT, calendar_files, feed_files, feed_links, ward_feeds
from generator.validate import slugify

ROOT = Path(__file__).resolve().parent.parent
BUILD = dt.date(2026, 11, 23)
BASE = "https://example.org/minutes/"
LONDON = zoneinfo.ZoneInfo("Europe/London")
A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DEMO_SEED = 27  # 40 meetings: 3 cancelled, 1 postponed, 3 scheduled, timed and all-day, wards, left_after


class Built:
    """An archive's graph and everything feeds.py makes of it, parsed back."""

    def __init__(self, content: Path, sanitize: bool = False):
        self.content = content
        self.site, problems = read_archive(content, BUILD)
        assert not problems.errors, problems.errors
        self.feeds = dict(feed_files(self.site, BASE))
        self.calendars = {path: b"".join(pieces) for path, pieces in calendar_files(self.site, BASE)}
        # feedparser's HTML sanitising is slow and beside the point here, except on the small archive
        self.parsed = {path: feedparser.parse(data, sanitize_html=sanitize, resolve_relative_uris=sanitize)
                       for path, data in self.feeds.items()}
        self.trees = {path: ET.fromstring(data) for path, data in self.feeds.items()}
        self.cals = {path: icalendar.Calendar.from_ical(data) for path, data in self.calendars.items()}

    @functools.cached_property
    def again(self) -> tuple[list, list]:
        """A second run from the files: the graph read again, the feeds and calendars made again."""
        site, _ = read_archive(self.content, BUILD)
        return list(feed_files(site, BASE)), [(path, b"".join(pieces)) for path, pieces in calendar_files(site, BASE)]


@pytest.fixture(autouse=True)
def short_reprs(monkeypatch):
    """The graph's dataclasses print the whole graph they reach: far too much for a failure message."""
    for cls in vars(link).values():
        if isinstance(cls, type) and cls.__module__ == link.__name__ and hasattr(cls, "__dataclass_fields__"):
            monkeypatch.setattr(cls, "__repr__", lambda self: f"<{type(self).__name__} {getattr(self, 'url', '')}>")


@pytest.fixture(scope="module")
def sample() -> Built:
    return Built(ROOT / "content")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Built:
    content = tmp_path_factory.mktemp("demo") / "content"
    write_demo(content, 40, DEMO_SEED)
    return Built(content)


@pytest.fixture(params=["sample", "demo"])
def built(request) -> Built:
    return request.getfixturevalue(request.param)


# --------------------------------------------------------------------------------------------
# What each feed should hold, worked out from the graph
# --------------------------------------------------------------------------------------------

def decisions_of(items):
    return [d for item in items if item.exempt is None for d in item.decisions]


def items_of(meetings):
    return [item for mt in meetings for item in mt.items]


def eid(d) -> str:
    return BASE + d.item.url.lstrip("/") + f"#decision-{d.item.decisions.index(d) + 1}"


def when(d) -> dt.datetime:
    f, mt = d.facts, d.item.meeting
    day = f.published or f.made or mt.date or BUILD
    h, m = map(int, mt.facts.time.split(":")) if day == mt.date and mt.facts.time else (0, 0)
    return dt.datetime(day.year, day.month, day.day, h, m, tzinfo=LONDON)


def ward_slugs(d) -> set[str]:
    names = list(d.facts.wards) + list(d.item.facts.wards) + [w for r in d.item.reports for w in r.facts.wards]
    return {slugify(w) for w in names if slugify(w)}


def is_all(slug: str) -> bool:
    return slug in ("all", "all-wards")


def expected_wards(authority) -> dict[str, list]:
    """ward slug → decisions: those naming the ward (decision, item or report) and those for all wards."""
    slugs = set()
    for item in items_of(authority.meetings):
        for w in list(item.facts.wards) + [w for r in item.reports for w in r.facts.wards]:
            slugs.add(slugify(w))
    decisions = decisions_of(items_of(authority.meetings))
    for d in decisions:
        slugs |= ward_slugs(d)
    slugs = {s for s in slugs if s and not is_all(s)}
    return {s: [d for d in decisions if s in ward_slugs(d) or any(is_all(x) for x in ward_slugs(d))]
            for s in slugs}


def expected_person(site, person) -> list:
    """Decisions of items the person was present or in attendance for (within arrived_at/left_after),
    of items whose report they are the author of, and those they declared an interest on."""
    found = {}
    for mt in site.meetings:
        numbers = [i.number for i in mt.items]
        for label, people in mt.attendance:
            for att in people:
                if att.person is not person or label not in ("Present", "In attendance"):
                    continue
                lo = numbers.index(att.facts.arrived_at) if att.facts.arrived_at in numbers else 0
                hi = numbers.index(att.facts.left_after) + 1 if att.facts.left_after in numbers else len(numbers)
                for d in decisions_of(mt.items[lo:hi]):
                    found[id(d)] = d
        if any(v.who.person is person for v in mt.declarations or []):
            for d in decisions_of(mt.items):
                found[id(d)] = d
        for item in mt.items:
            if any(r.author is not None and r.author.person is person for r in item.reports) \
                    or any(v.who.person is person for v in item.declarations or []):
                for d in decisions_of([item]):
                    found[id(d)] = d
            for d in decisions_of([item]):
                if any(v.who.person is person for v in d.declarations or []):
                    found[id(d)] = d
    return list(found.values())


def expected_feeds(site) -> dict[str, list]:
    out = {"feeds/decisions.xml": decisions_of(site.items)}
    for a in site.authorities:
        out[f"{a.id}/feed.xml"] = decisions_of(items_of(a.meetings))
        for b in a.bodies:
            out[f"{a.id}/{b.id}/feed.xml"] = decisions_of(items_of(b.meetings))
        for slug, decisions in expected_wards(a).items():
            out[f"{a.id}/wards/{slug}/feed.xml"] = decisions
        for p in a.people:
            out[f"{a.id}/people/{p.id}/feed.xml"] = expected_person(site, p)
    for issue in site.issues:
        out[f"issues/{issue.id}/feed.xml"] = decisions_of(issue.items)
    return out


def check_selection(path: str, got_ids: list[str], expected: list) -> None:
    """The feed holds the FEED_LIMIT newest of the decisions it should, and nothing else."""
    expected = [d for d in expected if d.facts.published or d.facts.made or d.item.meeting.date]  # undated: left out
    by_id = {eid(d): d for d in expected}
    assert len(by_id) == len(expected), f"{path}: two decisions with one id"
    assert set(got_ids) <= set(by_id), f"{path}: entries that do not belong: {set(got_ids) - set(by_id)}"
    assert len(got_ids) == min(len(expected), FEED_LIMIT), path
    left_out = set(by_id) - set(got_ids)
    if left_out:
        assert min(when(by_id[i]) for i in got_ids) >= max(when(by_id[i]) for i in left_out), path


# --------------------------------------------------------------------------------------------
# Atom
# --------------------------------------------------------------------------------------------

def test_the_sample_archive_gives_the_expected_set_of_feeds(sample):
    assert set(sample.feeds) == set(expected_feeds(sample.site))
    assert len(sample.feeds) == 35  # archive, 4 authorities, 9 bodies, 17 people, 4 issues; no named wards
    assert len(sample.calendars) == 5  # archive and the 4 bodies with a dated meeting


def test_every_feed_parses_as_atom_without_error(built):
    for path, parsed in built.parsed.items():
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", path
        assert parsed.feed.id == BASE + path
        assert {(link.rel, link.href) for link in parsed.feed.links} >= {("self", BASE + path)}
        assert parsed.feed.title.startswith("Decisions – ")


def test_every_feed_has_what_rfc_4287_requires(built):
    """feedparser forgives a lot, so the required structure is checked on the XML itself."""
    for path, root in built.trees.items():
        assert root.tag == f"{A}feed", path
        for name in ("id", "title", "updated"):
            assert len(root.findall(f"{A}{name}")) == 1, (path, name)
        assert RFC3339.match(root.findtext(f"{A}updated")), path
        for entry in root.findall(f"{A}entry"):
            for name in ("id", "title", "updated", "published", "content"):
                assert len(entry.findall(f"{A}{name}")) == 1, (path, name)
            for name in ("updated", "published"):
                assert RFC3339.match(entry.findtext(f"{A}{name}")), path
            assert entry.findall(f"{A}author/{A}name"), path  # the feed has none, so every entry needs one
            links = entry.findall(f"{A}link")
            assert [link.get("rel", "alternate") for link in links] == ["alternate"], path
            assert entry.find(f"{A}content").get("type") == "html"


def test_entries_link_to_items_of_the_graph_with_unique_stable_ids(built):
    items = {BASE + item.url.lstrip("/"): item for item in built.site.items}
    titles: dict[str, str] = {}
    for path, parsed in built.parsed.items():
        ids = [e.id for e in parsed.entries]
        assert len(ids) == len(set(ids)), path
        for e in parsed.entries:
            item = items[e.link]  # a KeyError is an entry pointing at no item
            assert e.id.startswith(e.link + "#decision-")
            n = int(e.id.rsplit("-", 1)[1])
            assert 1 <= n <= len(item.decisions)
            assert e.author == item.meeting.authority.name
            terms = [t.term for t in e.tags]
            assert terms[:2] == [item.meeting.authority.name, item.meeting.body.name]
            assert titles.setdefault(e.id, e.title) == e.title  # one id, one decision, in every feed
    for path, data in built.again[0]:
        assert [e.findtext(f"{A}id") for e in ET.fromstring(data).findall(f"{A}entry")] == \
               [e.id for e in built.parsed[path].entries]


def test_each_feed_holds_exactly_the_decisions_it_should(built):
    expected = expected_feeds(built.site)
    assert set(built.feeds) == set(expected)
    for path, parsed in built.parsed.items():
        check_selection(path, [e.id for e in parsed.entries], expected[path])


def test_entries_are_dated_from_the_record_newest_first(built):
    decisions = {eid(d): d for d in decisions_of(built.site.items)}
    for path, root in built.trees.items():
        stamps = []
        for entry in root.findall(f"{A}entry"):
            d = decisions[entry.findtext(f"{A}id")]
            published = dt.datetime.fromisoformat(entry.findtext(f"{A}published"))
            assert published == when(d) and published.utcoffset() == when(d).utcoffset(), path
            assert entry.findtext(f"{A}updated") == entry.findtext(f"{A}published")
            stamps.append(published)
        assert stamps == sorted(stamps, reverse=True), path
        updated = dt.datetime.fromisoformat(root.findtext(f"{A}updated"))
        assert updated == (stamps[0] if stamps else dt.datetime(2026, 11, 23, tzinfo=LONDON)), path


def test_the_sample_feeds_say_what_the_record_says(sample):
    feed = sample.parsed["bolton/executive-member-looked-after-children-safeguarding/feed.xml"]
    first = feed.entries[0]
    assert first.title == ("AGREED – 24. Integrated Children’s System (Bolton, Executive Member for Looked After "
                           "Children and Safeguarding, 23 November 2009)")
    assert first.link == BASE + "bolton/executive-member-looked-after-children-safeguarding/2009-11-23/24/"
    assert first.id == first.link + "#decision-1"
    assert first.published == "2009-11-23T00:00:00+00:00"
    assert "to Option 3, to procure an alternative" in first.content[0].value
    assert [e.title.split(" – ")[1].split(" ")[0] for e in feed.entries] == ["24.", "23.", "22."]
    # The Torbay record gives no date: it is left out rather than dated from the build, which would put it
    # at the top of every feed on every build; its feed is empty and dated from the build date.
    torbay = sample.parsed["torbay/feed.xml"]
    assert torbay.entries == [] and torbay.feed.updated == "2026-11-23T00:00:00+00:00"
    assert sample.parsed["feeds/decisions.xml"].entries[0].link.endswith("bromley/executive/2017-01-11/152/")
    # Cllr Murray attended the 2009 meeting; the Central Bedfordshire report author's item has no decision.
    assert len(sample.parsed["bolton/people/cllr-murray/feed.xml"].entries) == 3
    assert sample.parsed["central-bedfordshire/people/cllr-maurice-jones/feed.xml"].entries == []
    assert len(sample.parsed["issues/integrated-childrens-system/feed.xml"].entries) == 1


def test_the_demo_archive_has_ward_person_and_capped_feeds(demo):
    ward_paths = [p for p in demo.feeds if "/wards/" in p]
    assert len(ward_paths) > 20
    assert any(len(demo.parsed[p].entries) > 0 for p in ward_paths)
    assert len(demo.parsed["feeds/decisions.xml"].entries) == FEED_LIMIT < len(decisions_of(demo.site.items))
    people = [p for p in demo.feeds if "/people/" in p]
    assert sum(1 for p in people if demo.parsed[p].entries) > 50
    for a in demo.site.authorities:
        assert [BASE + url.lstrip("/") for _, url in ward_feeds(a)] == \
               [BASE + p for p in ward_paths if p.startswith(f"{a.id}/")]


# --------------------------------------------------------------------------------------------
# A small archive whose feeds are known exactly
# --------------------------------------------------------------------------------------------

def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


SMALL = {
    "2024/2024-03-01.md": """---
body: cabinet
date: 2024-03-01
time: "18:30"
venue: Town Hall, Room 1
status: held
attendance:
  present:
    - {person: cllr-ahmed, left_after: "2"}
    - {person: cllr-baker}
  apologies:
    - {person: cllr-clark}
---

## 1. Play Area

```yaml
wards: [North Ward]
decisions:
  - verb: AGREED
    by: The Cabinet
    text: to fund Smith & Sons <Ltd> for the [plan](../2/) & <script>alert(1)</script>
    parts:
      - {label: (i), verb: NOTED, text: the survey}
      - {label: (ii), text: the scheme}
```

## 2. Budget

```yaml
decisions:
  - {verb: NOTED, text: the budget., wards: [All]}
```

## 3. Depot

```yaml
reports:
  - author: {person: ms-dune, role: Director of Place}
    wards: [South]
declarations:
  - {person: cllr-baker, interest: owns land nearby}
decisions:
  - {verb: APPROVED, text: the sale.}
```

## 4. Grants

```yaml
decisions:
  - {verb: AGREED, text: grant one.}
  - verb: DEFERRED
    text: grant two.
    declarations:
      - {person: cllr-clark, interest: a trustee of the applicant}
```
""",
    "2024/2024-07-10.md": """---
body: cabinet
date: 2024-07-10
status: held
attendance:
  present:
    - {person: cllr-ahmed}
---

## 1. Summer

```yaml
decisions:
  - {verb: AGREED, text: the summer scheme., published: 2024-07-15}
  - {verb: NOTED, text: the timetable., made: 2024-07-11}
```
""",
    "2024/2024-05-01.md": "---\nbody: cabinet\ndate: 2024-05-01\ntime: '10:00'\nstatus: cancelled\n---\n",
    "2024/2024-06-03.md": "---\nbody: cabinet\ndate: 2024-06-03\nstatus: postponed\n---\n",
    "2027/2027-01-05.md": "---\nbody: cabinet\ndate: 2027-01-05\ntime: '10:00'\nstatus: scheduled\n"
                          "venue: Council Chamber\n---\n\n## 1. Budget 2027/28\n",
    "undated/undated-note.md": "---\nbody: cabinet\ndate: unknown\nstatus: unknown\n---\n\n"
                               "## Note\n\n```yaml\ndecisions:\n  - {verb: NOTED, text: an undated thing.}\n```\n",
}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("small") / "content"
    write(root, "borough/authority.yaml", "name: Borough Council\nshort_name: Borough\n")
    write(root, "borough/bodies/cabinet.yaml", "name: Cabinet\nkind: executive\n")
    for ident, family in [("cllr-ahmed", "Ahmed"), ("cllr-baker", "Baker"), ("cllr-clark", "Clark")]:
        write(root, f"borough/people/{ident}.yaml", f"kind: councillor\nfamily_name: {family}\n")
    write(root, "borough/people/ms-dune.yaml", "kind: officer\nhonorific: Ms\nfamily_name: Dune\n")
    for rel, text in SMALL.items():
        write(root, f"borough/meetings/cabinet/{rel}", text)
    return Built(root, sanitize=True)


def ids(built: Built, path: str) -> list[str]:
    return [e.id.removeprefix(BASE + "borough/cabinet/") for e in built.parsed[path].entries]


def test_ward_and_person_feeds_hold_exactly_their_decisions(small):
    assert sorted(p for p in small.feeds if "/wards/" in p) == \
        ["borough/wards/north-ward/feed.xml", "borough/wards/south/feed.xml"]
    assert ids(small, "borough/wards/north-ward/feed.xml") == ["2024-03-01/2/#decision-1", "2024-03-01/1/#decision-1"]
    assert ids(small, "borough/wards/south/feed.xml") == ["2024-03-01/3/#decision-1", "2024-03-01/2/#decision-1"]
    # present, but left after item 2
    assert ids(small, "borough/people/cllr-ahmed/feed.xml") == [
        "2024-07-10/1/#decision-1", "2024-07-10/1/#decision-2", "2024-03-01/2/#decision-1", "2024-03-01/1/#decision-1"]
    assert ids(small, "borough/people/cllr-baker/feed.xml") == [
        "2024-03-01/4/#decision-2", "2024-03-01/4/#decision-1", "2024-03-01/3/#decision-1",
        "2024-03-01/2/#decision-1", "2024-03-01/1/#decision-1"]
    # sent apologies, so only the decision they declared an interest in
    assert ids(small, "borough/people/cllr-clark/feed.xml") == ["2024-03-01/4/#decision-2"]
    # the author of item 3's report
    assert ids(small, "borough/people/ms-dune/feed.xml") == ["2024-03-01/3/#decision-1"]
    assert ward_feeds(small.site.authorities[0]) == [("North Ward", "/borough/wards/north-ward/feed.xml"),
                                                     ("South", "/borough/wards/south/feed.xml")]


def test_dates_come_from_the_decision_then_the_meeting_then_the_build_date(small):
    entries = {e.id.removeprefix(BASE + "borough/cabinet/"): e for e in small.parsed["borough/feed.xml"].entries}
    assert list(entries)[:2] == ["2024-07-10/1/#decision-1", "2024-07-10/1/#decision-2"]
    assert "undated-note/note/#decision-1" not in entries  # no date: not in a feed of what is new
    assert entries["2024-07-10/1/#decision-1"].published == "2024-07-15T00:00:00+01:00"  # published
    assert entries["2024-07-10/1/#decision-2"].published == "2024-07-11T00:00:00+01:00"  # made
    assert entries["2024-03-01/1/#decision-1"].published == "2024-03-01T18:30:00+00:00"  # meeting, with its time
    assert small.parsed["borough/feed.xml"].feed.updated == entries["2024-07-10/1/#decision-1"].published


def test_entry_text_is_escaped_and_links_are_absolute(small):
    root = small.trees["borough/wards/north-ward/feed.xml"]
    entry = [e for e in root.findall(f"{A}entry") if e.findtext(f"{A}id").endswith("/1/#decision-1")][0]
    assert entry.findtext(f"{A}title") == "AGREED and NOTED – 1. Play Area (Borough, Cabinet, 1 March 2024)"
    html = entry.findtext(f"{A}content")  # the HTML, once the XML is read
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Smith &amp; Sons &lt;Ltd&gt;" in html
    assert f'href="{BASE}borough/cabinet/2024-03-01/2/"' in html
    assert "The Cabinet <strong>AGREED</strong> to fund" in html
    assert "(i) <strong>NOTED</strong> the survey" in html and "(ii) the scheme" in html
    assert [c.get("term") for c in entry.findall(f"{A}category")] == ["Borough Council", "Cabinet", "AGREED", "NOTED"]
    parsed = [e for e in small.parsed["borough/wards/north-ward/feed.xml"].entries if e.id.endswith("/1/#decision-1")][0]
    assert "alert(1)" in parsed.content[0].value and "<script" not in parsed.content[0].value


def test_calendar_of_a_body_with_every_status(small):
    cal = small.cals["borough/cabinet/meetings.ics"]
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert list(events) == [f"borough/cabinet/{slug}@minutebook" for slug in
                            ("2024-03-01", "2024-05-01", "2024-06-03", "2024-07-10", "2027-01-05")]
    held = events["borough/cabinet/2024-03-01@minutebook"]
    assert held["DTSTART"].dt == dt.datetime(2024, 3, 1, 18, 30, tzinfo=LONDON)
    assert held["DTSTART"].params["TZID"] == "Europe/London"
    assert str(held["STATUS"]) == "CONFIRMED" and str(held["LOCATION"]) == "Town Hall, Room 1"
    assert str(held["SUMMARY"]) == "Cabinet (Borough)"
    assert str(held["URL"]) == BASE + "borough/cabinet/2024-03-01/"
    assert "1. Play Area\n2. Budget\n3. Depot\n4. Grants" in str(held["DESCRIPTION"])
    assert str(events["borough/cabinet/2024-05-01@minutebook"]["STATUS"]) == "CANCELLED"
    postponed = events["borough/cabinet/2024-06-03@minutebook"]
    assert str(postponed["STATUS"]) == "TENTATIVE" and postponed["DTSTART"].dt == dt.date(2024, 6, 3)
    assert "TZID" not in postponed["DTSTART"].params
    assert events["borough/cabinet/2027-01-05@minutebook"]["DTSTART"].dt == dt.datetime(2027, 1, 5, 10, 0, tzinfo=LONDON)
    assert str(events["borough/cabinet/2027-01-05@minutebook"]["STATUS"]) == "CONFIRMED"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    assert list(small.calendars) == ["feeds/meetings.ics", "borough/cabinet/meetings.ics"]


# --------------------------------------------------------------------------------------------
# iCalendar, on the sample and demo archives
# --------------------------------------------------------------------------------------------

def vtimezone_offset(vtimezone: icalendar.Timezone, local: dt.datetime) -> dt.timedelta:
    """The UTC offset the file's own VTIMEZONE gives a local time (latest onset at or before it)."""
    best = None
    for sub in vtimezone.subcomponents:
        onsets = [sub["DTSTART"].dt] + [r.dt for rdate in (sub.get("RDATE") if isinstance(sub.get("RDATE"), list)
                                                           else [sub["RDATE"]] if "RDATE" in sub else [])
                                        for r in rdate.dts]
        for onset in onsets:
            onset = onset.replace(tzinfo=None)
            if onset <= local and (best is None or onset > best[0]):
                best = (onset, sub["TZOFFSETTO"].td)
    assert best is not None, f"the VTIMEZONE does not cover {local}"
    return best[1]


STATUS = {"held": "CONFIRMED", "scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def test_every_calendar_parses_and_holds_the_dated_meetings(built):
    site = built.site
    expected = {"feeds/meetings.ics": site.meetings}
    for a in site.authorities:
        for b in a.bodies:
            if any(mt.date for mt in b.meetings):
                expected[f"{a.id}/{b.id}/meetings.ics"] = b.meetings
    assert set(built.cals) == set(expected)
    uids_seen: dict[str, str] = {}
    for path, cal in built.cals.items():
        assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
        meetings = {f"{mt.url.strip('/')}@minutebook": mt for mt in expected[path] if mt.date is not None}
        events = cal.walk("VEVENT")
        uids = [str(e["UID"]) for e in events]
        assert len(uids) == len(set(uids)) and set(uids) == set(meetings), path
        zones = {str(tz["TZID"]): tz for tz in cal.walk("VTIMEZONE")}
        for event in events:
            mt = meetings[str(event["UID"])]
            assert uids_seen.setdefault(str(event["UID"]), event.to_ical().decode()) == event.to_ical().decode()
            start = event["DTSTART"]
            if mt.facts.time is None:
                assert type(start.dt) is dt.date and start.dt == mt.date
                assert start.params.get("VALUE") == "DATE" and "TZID" not in start.params
            else:
                assert isinstance(start.dt, dt.datetime) and start.params["TZID"] == "Europe/London"
                assert start.dt.replace(tzinfo=None) == dt.datetime.combine(mt.date, dt.time.fromisoformat(mt.facts.time))
                assert vtimezone_offset(zones["Europe/London"], start.dt.replace(tzinfo=None)) == \
                    start.dt.replace(tzinfo=LONDON).utcoffset()
            assert event["DTSTAMP"].dt == dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)
            assert event.get("STATUS") == STATUS.get(mt.facts.status)
            assert mt.body.name in str(event["SUMMARY"])
            assert str(event["URL"]) == BASE + mt.url.lstrip("/")
            assert (str(event["LOCATION"]) if "LOCATION" in event else None) == mt.facts.venue
            for item in mt.items:
                assert item.label in str(event["DESCRIPTION"])
        if any(mt.facts.time for mt in meetings.values()):
            assert list(zones) == ["Europe/London"], path


def test_the_demo_calendar_has_cancelled_postponed_and_scheduled_meetings(demo):
    statuses = [str(e.get("STATUS")) for e in demo.cals["feeds/meetings.ics"].walk("VEVENT")]
    assert statuses.count("CANCELLED") == 3 and statuses.count("TENTATIVE") == 1
    starts = [e["DTSTART"] for e in demo.cals["feeds/meetings.ics"].walk("VEVENT")]
    assert any(type(s.dt) is dt.date for s in starts) and any(isinstance(s.dt, dt.datetime) for s in starts)
    assert any(s.dt.date() > BUILD for s in starts if isinstance(s.dt, dt.datetime))


def test_the_sample_leaves_the_undated_meeting_out(sample):
    uids = [str(e["UID"]) for e in sample.cals["feeds/meetings.ics"].walk("VEVENT")]
    assert len(uids) == 4 and not any("undated" in u for u in uids)
    assert "torbay/audit-committee/meetings.ics" not in sample.calendars


# --------------------------------------------------------------------------------------------
# Reproducible bytes and autodiscovery
# --------------------------------------------------------------------------------------------

def test_outputs_are_byte_identical_across_runs(built):
    feeds, calendars = built.again
    assert feeds == list(built.feeds.items())
    assert calendars == list(built.calendars.items())
    assert list(feed_files(built.site, BASE.rstrip("/"))) == list(built.feeds.items())  # base with or without '/'


def test_feed_links_name_feeds_that_are_written(sample):
    site = sample.site
    written = {"/" + p for p in list(sample.feeds) + list(sample.calendars)}
    bolton = next(a for a in site.authorities if a.id == "bolton")
    torbay = next(a for a in site.authorities if a.id == "torbay")
    body = next(b for b in bolton.bodies if b.id == "executive-member-childrens-services")
    assert [url for _, url in feed_links(site, BASE)] == ["/feeds/decisions.xml", "/feeds/meetings.ics"]
    assert [url for _, url in feed_links(bolton, BASE)] == ["/bolton/feed.xml"]
    assert [url for _, url in feed_links(body, BASE)] == ["/bolton/executive-member-childrens-services/feed.xml",
                                                          "/bolton/executive-member-childrens-services/meetings.ics"]
    undated = next(b for b in torbay.bodies if b.id == "audit-committee")
    assert [url for _, url in feed_links(undated, BASE)] == ["/torbay/audit-committee/feed.xml"]
    assert [url for _, url in feed_links(site.issues[0], BASE)] == [f"{site.issues[0].url}feed.xml"]
    assert [url for _, url in feed_links(site.people[0], BASE)] == [f"{site.people[0].url}feed.xml"]
    assert feed_links(site.meetings[0], BASE) == [] and feed_links(next(iter(site.items)), BASE) == []
    nodes = [site, *site.authorities, *site.issues, *site.people,
             *(b for a in site.authorities for b in a.bodies)]
    for node in nodes:
        for title, url in feed_links(node, BASE):
            assert url in written and title


def test_a_build_makes_again_only_the_feeds_and_calendars_an_edit_changes(tmp_path):
    """Given what the previous build made each file from (`Inputs`), feeds and calendars that would come
    out the same are kept, and those that change are made again, as a build from nothing makes them."""
    content = tmp_path / "content"
    write_demo(content, 40, DEMO_SEED)

    def made(inputs: Inputs | None = None) -> dict[str, bytes]:
        site, problems = read_archive(content, BUILD)
        assert not problems.errors
        return {**dict(feed_files(site, BASE, inputs)), **dict(calendar_files(site, BASE, inputs))}

    kept: list[str] = []
    first = Inputs(None, keep=kept.append)
    before = made(first)
    assert sorted(first.digests) == sorted(before) and kept == []
    again = Inputs(first.digests, keep=lambda path: kept.append(path) or True)
    assert made(again) == {} and sorted(kept) == sorted(before)  # nothing changed: every file kept

    meetings = sorted((p for p in content.rglob("*.md") if "meetings" in p.parts), key=lambda p: p.name, reverse=True)
    decision = re.compile(r'(\ndecisions:\n  - verb: "[A-Z ]+"\n    text: ")')
    newest = next(p for p in meetings if decision.search(p.read_text(encoding="utf-8")))  # in the archive's feed
    newest.write_text(decision.sub(r"\1as amended, ", newest.read_text(encoding="utf-8"), 1), encoding="utf-8")
    expected = made()
    changed = sorted(path for path in expected if expected[path] != before[path])
    assert 2 < len(changed) < len(expected) // 2 and all(path.endswith(".xml") for path in changed)
    remade = made(Inputs(first.digests, keep=lambda path: True))
    assert sorted(remade) == changed
    assert all(remade[path] == expected[path] and b"as amended" in remade[path] for path in changed)

    gone = "feeds/meetings.ics"  # a file the previous build wrote, no longer in output/: made again
    assert made(Inputs(first.digests, keep=lambda path: path != gone)).keys() == {gone, *changed}


def test_when_only_meetings_change_only_the_feeds_they_reach_are_gathered_again(tmp_path, monkeypatch):
    """A feed that no changed meeting reaches, now or in the previous build (its body's, its items'
    issues', the people it names; and the archive's, its authority's, their wards'), is kept without
    its decisions being gathered: the feeds made again are those that changed, as a build from
    nothing makes them. A councillor taken off a meeting's attendance loses its decisions."""
    from generator import feeds

    content = tmp_path / "content"
    write_demo(content, 40, DEMO_SEED)

    def made(inputs: Inputs | None = None, same=lambda meeting: False) -> dict[str, bytes]:
        site, problems = read_archive(content, BUILD)
        assert not problems.errors
        return dict(feed_files(site, BASE, inputs, same))

    first = Inputs(None, keep=lambda path: True)
    before = made(first)
    attendee = re.compile(r"\n  present:\n(    - person: ([a-z-]+)\n(?:      [^\n]*\n)*)")
    newest_first = sorted(content.glob("*/meetings/*/*/*.md"), key=lambda p: p.name, reverse=True)
    meeting = next(path for path in newest_first
                   if attendee.search(text := path.read_text(encoding="utf-8")) and "\ndecisions:" in text)
    found = attendee.search(text)
    meeting.write_text(text[:found.start(1)] + text[found.end(1):], encoding="utf-8")
    gathered: list[str] = []
    every_person = feeds.person_decisions
    monkeypatch.setattr(feeds, "person_decisions", lambda person: gathered.append(person.url) or every_person(person))
    again = made(Inputs(first.digests, keep=lambda path: True, previous_reach=first.reach),
                 same=lambda other: other.record.source.path != meeting)
    people = len(gathered)
    gathered.clear()
    expected = made()
    changed = sorted(path for path in expected if expected[path] != before[path])
    assert sorted(again) == changed and all(again[path] == expected[path] for path in changed)
    person = next(p for p in read_archive(content, BUILD)[0].people if p.record.id == found.group(2))
    assert f"{person.url.lstrip('/')}feed.xml" in changed  # the meeting's decisions are no longer theirs
    assert 0 < people < len(gathered) / 4  # the people the meeting names, before or now, only
