"""Feeds and calendars for residents: Atom 1.0 feeds of decisions and iCalendar files of meetings.

Everything here is read from the linked graph (`link.Site`), which holds no exempt content (it is
withheld when records are validated), and nothing is added that the graph does not say. The output
is byte-reproducible: no clock is read (dates come from the records, or from the build date), and
every collection is walked in a fixed order, so the same site and base URL give the same bytes.

Feeds (RFC 4287, written with `feedgen`), one entry per decision, newest first, at most
`FEED_LIMIT` entries:

    feeds/decisions.xml                        the whole archive
    <authority>/feed.xml                       an authority
    <authority>/<body>/feed.xml                a body
    issues/<issue>/feed.xml                    an issue followed across meetings
    <authority>/wards/<ward>/feed.xml          a ward (see `decision_wards`)
    <authority>/people/<person>/feed.xml       a person (see `person_decisions`)

Calendars (RFC 5545, written with `icalendar`), one event per dated meeting, past and scheduled,
cancelled ones included with STATUS:CANCELLED:

    feeds/meetings.ics                         the whole archive
    <authority>/<body>/meetings.ics            a body

A calendar is written only where there is at least one dated meeting (an iCalendar object needs at
least one component); `feed_links` lists a calendar only where one is written.
"""
from __future__ import annotations

import datetime as dt
import heapq
import html
import re
import zoneinfo
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Optional
from urllib.parse import urljoin

import icalendar
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree
from markupsafe import escape

from . import model as m
from .depend import Inputs, inputs_digest, source_name
from .link import AuthorityNode, BodyNode, DecisionView, IssueNode, ItemNode, MeetingNode, PersonNode, Site
from .render import _MD, normalise_site_url, plain_html
from .validate import slugify
from .write import Pieces

FEED_LIMIT = 50
LONDON = zoneinfo.ZoneInfo("Europe/London")
PRODID = "-//Minutebook//Council meetings//EN"
LANGUAGE = "en-GB"
ARCHIVE_FEED = "/feeds/decisions.xml"
ARCHIVE_CALENDAR = "/feeds/meetings.ics"
ALL_WARDS = {"all", "all-wards"}  # slugs of "All", "All wards": the decision affects every ward
ATTENDED = ("Present", "In attendance")  # attendance groups in which a person was at the meeting

# meeting status → iCalendar STATUS; a meeting whose status is unknown gets none (nothing is guessed)
STATUS = {"held": "CONFIRMED", "scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
SUMMARY_PREFIX = {"cancelled": "Cancelled: ", "postponed": "Postponed: "}


# --------------------------------------------------------------------------------------------
# Which decisions belong where
# --------------------------------------------------------------------------------------------

def _decisions(items: Iterable[ItemNode]) -> list[DecisionView]:
    return [d for item in items if item.exempt is None for d in item.decisions]


def _meeting_items(meetings: Iterable[MeetingNode]) -> Iterator[ItemNode]:
    for meeting in meetings:
        yield from meeting.items


def decision_wards(decision: DecisionView) -> list[str]:
    """The wards a decision affects, as written: its own `wards`, its item's and its item's reports'.

    The union is taken, so that a resident following a ward sees every decision on an item that the
    record says affects their ward. "All" (or "All wards") is kept as written; see `is_all_wards`.
    """
    item = decision.item
    named = list(decision.facts.wards) + list(item.facts.wards)
    for report in item.reports:
        named += report.facts.wards
    return sorted({w.strip() for w in named if w.strip()})


def is_all_wards(ward: str) -> bool:
    return slugify(ward) in ALL_WARDS


def authority_wards(authority: AuthorityNode) -> list[tuple[str, str, list[DecisionView]]]:
    """(ward name, ward slug, decisions) for every ward named in an authority's records, by name.

    Wards are those named in decisions', items' and reports' `wards`; a decision for "All" wards is in
    every ward's list. Spellings that give the same slug ("St John's", "St Johns") are one ward, shown
    under the first spelling in sort order.
    """
    named: dict[str, set[str]] = {}
    everywhere: list[DecisionView] = []
    by_slug: dict[str, list[DecisionView]] = {}
    decisions = _decisions(_meeting_items(authority.meetings))
    for item in _meeting_items(authority.meetings):  # wards of items and reports with no decision
        for ward in list(item.facts.wards) + [w for r in item.reports for w in r.facts.wards]:
            if ward.strip() and not is_all_wards(ward) and slugify(ward):
                named.setdefault(slugify(ward), set()).add(ward.strip())
    for decision in decisions:
        wards = decision_wards(decision)
        if any(is_all_wards(w) for w in wards):
            everywhere.append(decision)
        for ward in wards:
            if not is_all_wards(ward) and slugify(ward):
                named.setdefault(slugify(ward), set()).add(ward)
                if not any(is_all_wards(w) for w in wards):
                    by_slug.setdefault(slugify(ward), []).append(decision)
    result = []
    for slug in sorted(named, key=lambda s: (sorted(named[s])[0].lower(), s)):
        chosen = set(map(id, by_slug.get(slug, []))) | set(map(id, everywhere))
        result.append((sorted(named[slug])[0], slug, [d for d in decisions if id(d) in chosen]))
    return result


def _attended_items(person: PersonNode, meeting: MeetingNode) -> list[ItemNode]:
    """The items of a meeting the person was at: all of them, unless the record says they arrived at
    or left after a given item (then only the items from / up to it; all if that item is not found)."""
    views = [att for label, people in meeting.attendance if label in ATTENDED
             for att in people if att.person is person]
    if not views:
        return []
    items = meeting.items
    numbers = [item.number for item in items]
    chosen: set[int] = set()
    for view in views:
        start, stop = 0, len(items)
        if view.facts.arrived_at in numbers:
            start = numbers.index(view.facts.arrived_at)
        if view.facts.left_after in numbers:
            stop = numbers.index(view.facts.left_after) + 1
        chosen.update(range(start, stop))
    return [item for n, item in enumerate(items) if n in chosen]


def person_decisions(person: PersonNode) -> list[DecisionView]:
    """Decisions taken at meetings the person attended (present or in attendance, and only for the
    items they were there for), on items whose report they presented ("Report of"), and those on
    which they declared an interest (a declaration made at a meeting covers its decisions; one made
    on an item covers the item's decisions; one made on a decision covers that decision)."""
    found: list[DecisionView] = []
    seen: set[int] = set()

    def add(decisions: Iterable[DecisionView]) -> None:
        for d in decisions:
            if id(d) not in seen:
                seen.add(id(d))
                found.append(d)

    for attended in person.attended:
        if attended.status in ATTENDED:
            add(_decisions(_attended_items(person, attended.meeting)))
    for item, capacity in person.reports:
        if capacity == "Report of":
            add(_decisions([item]))
    for at, declaration in person.declarations:
        if isinstance(at, MeetingNode):
            add(_decisions(at.items))
        elif any(v.facts is declaration for v in at.declarations or []):
            add(_decisions([at]))
        else:
            add(d for d in _decisions([at]) if any(v.facts is declaration for v in d.declarations or []))
    return found


# --------------------------------------------------------------------------------------------
# Atom
# --------------------------------------------------------------------------------------------

def _absolute(base: str, url: str) -> str:
    return base + url.lstrip("/")


def _long_date(value: Optional[dt.date]) -> str:
    return f"{value.day} {value:%B %Y}" if value is not None else "date not recorded"


def entry_time(decision: DecisionView, build_date: dt.date) -> dt.datetime:
    """When a decision was published: its `published` or `made` date if the record gives one, else
    the meeting's date (at the meeting's time if recorded), else the build date; London time."""
    f, meeting = decision.facts, decision.item.meeting
    day = f.published or f.made or meeting.date or build_date
    hour, minute = 0, 0
    if day == meeting.date and meeting.facts.time:
        hour, minute = (int(x) for x in meeting.facts.time.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def entry_title(decision: DecisionView) -> str:
    """"AGREED – 24. Integrated Children's System (Bolton, Executive Member for …, 23 November 2009)"."""
    item, meeting = decision.item, decision.item.meeting
    return (f"{decision.heading} – {item.label} "
            f"({meeting.authority.short_name}, {meeting.body.name}, {_long_date(meeting.date)})")


def entry_id(decision: DecisionView, base: str) -> str:
    item = decision.item
    return f"{_absolute(base, item.url)}#decision-{item.decisions.index(decision) + 1}"


_HREF = re.compile(r'href="([^"]*)"')


def _markdown(text: str, page: str) -> str:
    """Markdown as the site renders it (raw HTML off, only safe links), with links made absolute
    against the page the text appears on, since a feed reader shows it away from the site."""
    if not text:
        return ""
    plain = plain_html(text)  # (most texts: paragraphs of prose, which hold no link)
    if plain is not None:
        return plain
    rendered = _MD.render(text, {"offset": 0, "tables": {}})
    return _HREF.sub(lambda mt: f'href="{escape(urljoin(page, html.unescape(mt[1])))}"', rendered)


def _lead(lead: str, block: str) -> str:
    """`lead` (HTML) run into the first paragraph of `block`, as the page shows it."""
    if block.startswith("<p>"):
        return f"<p>{lead} {block[3:]}" if lead else block
    return (f"<p>{lead}</p>\n" if lead else "") + block


def _parts_html(parts: list[m.Part], page: str) -> str:
    rows = []
    for part in parts:
        lead = " ".join(x for x in [str(escape(part.label)) if part.label else "",
                                    f"<strong>{escape(part.verb)}</strong>" if part.verb else ""] if x)
        body = _lead(lead, _markdown(part.text, page))
        if part.parts:
            body += _parts_html(part.parts, page)
        rows.append(f"<li>{body}</li>\n")
    return "<ul>\n" + "".join(rows) + "</ul>\n"


def entry_html(decision: DecisionView, base: str) -> str:
    """The decision as HTML: who decided and the verb, the text, its parts, and where it is recorded.
    (A feed is kept while what this reads is the same: `_Entries._entry` lists it.)"""
    f, item, meeting = decision.facts, decision.item, decision.item.meeting
    page = _absolute(base, item.url)
    lead = " ".join(x for x in [str(escape(f.by)) if f.by else "",
                                f"<strong>{escape(f.verb)}</strong>" if f.verb else ""] if x)
    out = _lead(lead, _markdown(f.text, page))
    if f.parts:
        out += _parts_html(f.parts, page)
    out += (f'<p>Recorded at <a href="{escape(page)}">{escape(item.label)}</a>, '
            f"{escape(meeting.body.name)}, {escape(meeting.authority.name)}, {escape(_long_date(meeting.date))}.</p>\n")
    return out


class _Entry(NamedTuple):
    """What feedgen is given for one decision's entry, but its content (`_Entries.xml` adds it); and a
    digest of all it is made from (`digest`), the content's sources included."""
    decision: DecisionView
    when: dt.datetime
    id: str
    title: str
    link: str
    author: dict
    categories: tuple[str, ...]
    digest: bytes


class _Entries:
    """Each decision's place in the order of feeds and its entry, worked out once: a decision is in
    the archive's, its authority's, body's, wards', people's and issues' feeds."""

    def __init__(self, base: str, build_date: dt.date):
        self.base, self.build_date = base, build_date
        self._orders: dict[int, tuple] = {}
        self._entries: dict[int, _Entry] = {}
        self._xml: dict[int, bytes] = {}

    def forget(self) -> None:
        """Let go of what was worked out: done with an authority's feeds, whose decisions only the
        archive's and issues' feeds share with another's (100,000 meetings: kept for every decision,
        it was ~1 GB by the last feed)."""
        self._orders.clear()
        self._entries.clear()
        self._xml.clear()

    def newest(self, decisions: Iterable[DecisionView]) -> list[_Entry]:
        """The newest `FEED_LIMIT` of `decisions`, newest first; ties broken by meeting, then item and
        decision order, so the order is stable. An undated record has no place in a feed of what is
        new: it would rise to the top of every build."""
        dated = (d for d in decisions if d.facts.published or d.facts.made or d.item.meeting.date)
        return [self._entry(d) for d in heapq.nlargest(FEED_LIMIT, dated, key=self._order)]

    def xml(self, entry: _Entry) -> bytes:
        """The entry's `<entry>` element as it reads in a feed, made by feedgen once for all the feeds
        it is in (made again for each, entries were half of the Atom feeds' time)."""
        found = self._xml.get(id(entry.decision))
        if found is None:
            e = FeedEntry()
            e.id(entry.id)
            e.title(entry.title)
            e.link(href=entry.link, rel="alternate", type="text/html")
            e.published(entry.when)
            e.updated(entry.when)
            e.author(dict(entry.author))
            for term in entry.categories:
                e.category(term=term)
            e.content(entry_html(entry.decision, self.base), type="html")
            found = self._xml[id(entry.decision)] = _in_feed(e.atom_entry())
        return found

    def _order(self, d: DecisionView) -> tuple:
        order = self._orders.get(id(d))
        if order is None:
            meeting = d.item.meeting
            order = self._orders[id(d)] = (entry_time(d, self.build_date), meeting.date or dt.date.min,
                                           meeting.facts.time or "", meeting.url, meeting.items.index(d.item),
                                           d.item.decisions.index(d))
        return order

    def _entry(self, d: DecisionView) -> _Entry:
        entry = self._entries.get(id(d))
        if entry is None:
            f, item, meeting, base = d.facts, d.item, d.item.meeting, self.base
            author = {"name": meeting.authority.name}
            if meeting.authority.facts.website:
                author["uri"] = meeting.authority.facts.website
            verbs = [f.verb] if f.verb else []
            verbs += [p.verb for p in _all_parts(f.parts) if p.verb and p.verb not in verbs]
            fields = (self._order(d)[0], entry_id(d, base), entry_title(d), _absolute(base, item.url), author,
                      (meeting.authority.name, meeting.body.name, *verbs))
            sources = (f.by, f.verb, f.text, f.parts, item.label, meeting.body.name, meeting.authority.name,
                       meeting.date)  # what `entry_html` makes the content of
            entry = self._entries[id(d)] = _Entry(d, *fields, digest=inputs_digest((fields, sources)))
        return entry


def atom_feed(site: Site, base: str, path: str, title: str, subtitle: str, page: str,
              entries: list[_Entry], entry_xml: Callable[[_Entry], bytes]) -> bytes:
    """One Atom document at site path `path` (beginning '/'), about the HTML page at `page`: feedgen's,
    with the entries' elements (`entry_xml`) where it puts them, after the feed's own."""
    fg = FeedGenerator()
    fg.id(_absolute(base, path))
    fg.title(title)
    fg.subtitle(subtitle)
    fg.language(LANGUAGE)
    fg.link(href=_absolute(base, path), rel="self", type="application/atom+xml")
    fg.link(href=_absolute(base, page), rel="alternate", type="text/html")
    fg.generator("Minutebook")
    fg.updated(entries[0].when if entries else dt.datetime(site.build_date.year, site.build_date.month,
                                                           site.build_date.day, tzinfo=LONDON))
    head = fg.atom_str(pretty=True)
    if not head.endswith(_FEED_END):
        raise ValueError(f"feedgen's feed does not end in {_FEED_END!r}")
    return b"".join([head[:-len(_FEED_END)], *map(entry_xml, entries), _FEED_END])


_FEED_END = b"</feed>\n"


def _in_feed(entry: Any) -> bytes:
    """An `<entry>` element as a pretty-printed feed holds it: indented as the feed's child, after the
    feed's own elements."""
    feed = etree.Element("feed")
    feed.append(entry)
    text = etree.tostring(feed, pretty_print=True, encoding="UTF-8", xml_declaration=False)
    start = b"<feed>\n"
    if not (text.startswith(start) and text.endswith(_FEED_END)):
        raise ValueError(f"an entry is not serialised as a feed's child: {text[:80]!r}")
    return text[len(start):-len(_FEED_END)]


def _all_parts(parts: list[m.Part]) -> Iterator[m.Part]:
    for part in parts:
        yield part
        yield from _all_parts(part.parts)


def _feeds(site: Site, keep: Callable[[str], bool] = lambda path: False,
           keep_wards: Callable[[AuthorityNode], bool] = lambda authority: False,
           done_with: Callable[[AuthorityNode], None] = lambda authority: None,
           ) -> Iterator[tuple[str, str, str, str, list[DecisionView]]]:
    """(site path, title, subtitle, HTML page, decisions) of every feed, in a fixed order, but those
    kept as they are (`keep(path)`, and an authority's ward feeds if `keep_wards(authority)`): their
    decisions are not gathered. `done_with(authority)` is called after each authority's feeds."""
    if not keep(ARCHIVE_FEED):
        yield (ARCHIVE_FEED, "Decisions – Minutebook",
               "The newest decisions of every council in the archive", "/", _decisions(site.items))
    for authority in site.authorities:
        a = authority.name
        if not keep(f"{authority.url}feed.xml"):
            yield (f"{authority.url}feed.xml", f"Decisions – {a}", f"The newest decisions of {a}",
                   authority.url, _decisions(_meeting_items(authority.meetings)))
        for body in authority.bodies:
            if not keep(f"{body.url}feed.xml"):
                yield (f"{body.url}feed.xml", f"Decisions – {body.name}, {a}",
                       f"The newest decisions of the {body.name}, {a}", body.url,
                       _decisions(_meeting_items(body.meetings)))
        for name, slug, decisions in () if keep_wards(authority) else authority_wards(authority):
            ward = name if name.lower().endswith(" ward") else f"{name} ward"
            yield (f"{authority.url}wards/{slug}/feed.xml", f"Decisions – {ward}, {a}",
                   f"The newest decisions of {a} that affect {ward}, or all wards", authority.url, decisions)
        for person in authority.people:
            if not keep(f"{person.url}feed.xml"):
                yield (f"{person.url}feed.xml", f"Decisions – {person.name}, {a}",
                       f"Decisions at meetings {person.name} attended, on reports they presented, "
                       "and on which they declared an interest", person.url, person_decisions(person))
        done_with(authority)
    for issue in site.issues:
        if not keep(f"{issue.url}feed.xml"):
            yield (f"{issue.url}feed.xml", f"Decisions – {issue.title}",
                   f"The newest decisions on {issue.title}", issue.url, _decisions(issue.items))


def feed_reach(site: Site) -> dict[int, set[str]]:
    """For each meeting (by its id), the feeds besides the archive's, its authority's and its wards'
    that its decisions may be in: its body's, its items' issues', and those of everyone it records
    attending, presenting a report or declaring an interest (whose `person_decisions` may take them)."""
    reach: dict[int, set[str]] = {id(meeting): {f"{meeting.body.url}feed.xml"} for meeting in site.meetings}
    for person in site.people:
        path = f"{person.url}feed.xml"
        for attended in person.attended:
            reach[id(attended.meeting)].add(path)
        for item, _ in person.reports:
            reach[id(item.meeting)].add(path)
        for at, _ in person.declarations:
            reach[id(at if isinstance(at, MeetingNode) else at.meeting)].add(path)
    for issue in site.issues:
        for item in issue.items:
            reach[id(item.meeting)].add(f"{issue.url}feed.xml")
    return reach


def feed_files(site: Site, base_url: str, inputs: Optional[Inputs] = None,
               same: Callable[[MeetingNode], bool] = lambda meeting: False) -> Iterator[tuple[str, bytes]]:
    """(site-relative path, bytes) of every Atom feed of decisions; `base_url` is where the site is
    published (e.g. https://example.github.io/minutes/): feeds need absolute links and ids.

    Given the previous build's `inputs`, a feed made from the same entries is kept, not made again.
    A feed no meeting that changed reaches, now or in the previous build (`feed_reach`; a meeting
    reaches the archive's feed and its authority's and their wards' too), is kept without its
    decisions being gathered, when every other meeting is the `same` as it was (its file, and every
    file but meetings', unchanged): gathering them all was ~3.6 s at 10,000 meetings.
    """
    base = normalise_site_url(base_url)
    made = _Entries(base, site.build_date)
    keep: Callable[[str], bool] = lambda path: False
    keep_wards: Callable[[AuthorityNode], bool] = lambda authority: False
    if inputs is not None:
        reach = feed_reach(site)
        names = {id(meeting): source_name(site.root, meeting) for meeting in site.meetings}
        inputs.reach = {names[key]: sorted(paths) for key, paths in reach.items()}
        changed = [meeting for meeting in site.meetings if not same(meeting)]
        if inputs.previous_reach is not None and len(changed) < len(site.meetings):
            reached = {ARCHIVE_FEED, *(f"{meeting.authority.url}feed.xml" for meeting in changed)}
            for meeting in changed:
                reached.update(reach[id(meeting)], inputs.previous_reach.get(names[id(meeting)], ()))
            touched = {id(meeting.authority) for meeting in changed}
            ward_feeds_before: dict[str, list[str]] = {}
            for path in inputs.previous:
                authority, wards, _ = path.partition("/wards/")
                if wards and path.endswith("/feed.xml"):
                    ward_feeds_before.setdefault(authority, []).append(path)

            def keep(path: str) -> bool:
                return path not in reached and inputs.same(path.lstrip("/"))

            def keep_wards(authority: AuthorityNode) -> bool:
                return id(authority) not in touched and all(
                    map(inputs.same, ward_feeds_before.get(authority.url.strip("/"), [])))
    for path, title, subtitle, page, decisions in _feeds(site, keep, keep_wards, lambda authority: made.forget()):
        entries = made.newest(decisions)
        if inputs is not None and inputs.unchanged(path.lstrip("/"), (path, title, subtitle, page,
                                                                      *(e.digest for e in entries))):
            continue
        yield path.lstrip("/"), atom_feed(site, base, path, title, subtitle, page, entries, made.xml)


def reach_state(reach: dict[str, list[str]]) -> dict:
    """`Inputs.reach` as a build's state keeps it: the feeds numbered, each meeting's as numbers."""
    paths = sorted({path for found in reach.values() for path in found})
    number = {path: n for n, path in enumerate(paths)}
    return {"feeds": paths,
            "meetings": {name: " ".join(str(number[p]) for p in found) for name, found in reach.items()}}


def reach_from_state(state: Optional[dict]) -> Optional[dict[str, list[str]]]:
    """What `reach_state` kept; None if the previous build kept none."""
    if not state:
        return None
    paths = state["feeds"]
    return {name: [paths[int(n)] for n in found.split()] for name, found in state["meetings"].items()}


# --------------------------------------------------------------------------------------------
# iCalendar
# --------------------------------------------------------------------------------------------

def meeting_uid(meeting: MeetingNode) -> str:
    """Stable across builds and hosts: the meeting's site path, e.g. bolton/executive/2009-11-23@minutebook."""
    return f"{meeting.url.strip('/')}@minutebook"


def meeting_start(meeting: MeetingNode) -> dt.date | dt.datetime:
    """An all-day date, or the local time in Europe/London when the record gives one."""
    if meeting.facts.time is None:
        return meeting.date
    hour, minute = (int(x) for x in meeting.facts.time.split(":"))
    return dt.datetime(meeting.date.year, meeting.date.month, meeting.date.day, hour, minute, tzinfo=LONDON)


def _event_fields(meeting: MeetingNode, base: str) -> tuple[tuple[str, Any], ...]:
    """A meeting's event, as the (property, value) pairs added to it in order (the stamp apart)."""
    status = meeting.facts.status
    body, authority = meeting.body, meeting.authority
    fields: list[tuple[str, Any]] = [("uid", meeting_uid(meeting)), ("dtstart", meeting_start(meeting)),
                                     ("summary", f"{SUMMARY_PREFIX.get(status, '')}{body.name} ({authority.short_name})")]
    if status in STATUS:
        fields.append(("status", STATUS[status]))
    if meeting.facts.venue:
        fields.append(("location", meeting.facts.venue))
    fields.append(("url", _absolute(base, meeting.url)))
    lines = [f"{body.name}, {authority.name}."]
    if status == "cancelled":
        lines.append("This meeting was cancelled.")
    elif status == "postponed":
        lines.append("This meeting was postponed.")
    if meeting.items:
        lines.append("Items:")
        lines += [item.label for item in meeting.items]
    lines.append(_absolute(base, meeting.url))
    fields.append(("description", "\n".join(lines)))
    return tuple(fields)


def _event(fields: tuple[tuple[str, Any], ...], stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add(*fields[0])
    event.add("dtstamp", stamp)
    for name, value in fields[1:]:
        event.add(name, value)
    return event


def _dated(meetings: Iterable[MeetingNode]) -> list[MeetingNode]:
    return sorted((mt for mt in meetings if mt.date is not None), key=lambda mt: (mt.date, mt.facts.time or "", mt.url))


class _Calendars:
    """Each meeting's event worked out once: a meeting is in the archive's calendar and its body's.

    An event is held as the digest of its fields (what a kept calendar is known by) and, once made, as
    its iCalendar text; a calendar is those texts one after another, never one icalendar object of
    all its events: the archive's, at 100,000 meetings, was ~1 GB of them while it was written."""

    def __init__(self, site: Site, base: str):
        self.base = base
        self.stamp = dt.datetime(site.build_date.year, site.build_date.month, site.build_date.day,
                                 tzinfo=dt.timezone.utc)
        self._digests: dict[int, bytes] = {}
        self._events: dict[int, bytes] = {}

    def digest(self, meeting: MeetingNode) -> bytes:
        found = self._digests.get(id(meeting))
        if found is None:
            found = self._digests[id(meeting)] = inputs_digest(_event_fields(meeting, self.base))
        return found

    def event(self, meeting: MeetingNode) -> bytes:
        found = self._events.get(id(meeting))
        if found is None:
            found = self._events[id(meeting)] = _event(_event_fields(meeting, self.base), self.stamp).to_ical()
        return found

    def calendar(self, name: str, dated: list[MeetingNode]) -> Optional[Pieces]:
        """One iCalendar object of `dated` meetings, in order, or None if there are none."""
        if not dated:
            return None
        cal = icalendar.Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        timed = [mt for mt in dated if mt.facts.time is not None]
        if timed:  # a VTIMEZONE covering just the years used, so the file stays small and stable
            named = _event(_event_fields(timed[0], self.base), self.stamp)  # (every time is London's)
            cal.add_component(named)
            cal.add_missing_timezones(first_date=dt.date(min(mt.date for mt in timed).year, 1, 1),
                                      last_date=dt.date(max(mt.date for mt in timed).year + 1, 1, 1))
            cal.subcomponents.remove(named)
        head = cal.to_ical()  # its properties and time zones, then END:VCALENDAR
        assert head.endswith(CALENDAR_END)
        return Pieces([head[:-len(CALENDAR_END)], *map(self.event, dated), CALENDAR_END])


CALENDAR_END = b"END:VCALENDAR\r\n"


def _calendars(site: Site) -> Iterator[tuple[str, str, list[MeetingNode]]]:
    yield ARCHIVE_CALENDAR, "Council meetings – Minutebook", site.meetings
    for authority in site.authorities:
        for body in authority.bodies:
            yield f"{body.url}meetings.ics", f"Meetings – {body.name}, {authority.name}", body.meetings


def calendar_files(site: Site, base_url: str, inputs: Optional[Inputs] = None) -> Iterator[tuple[str, bytes | Pieces]]:
    """(site-relative path, bytes) of every iCalendar file of meetings: the archive's and each body's
    that has at least one dated meeting. Given the previous build's `inputs`, a calendar of the same
    events is kept, not made again."""
    made = _Calendars(site, normalise_site_url(base_url))
    for path, name, meetings in _calendars(site):
        dated = _dated(meetings)
        if dated and inputs is not None and inputs.unchanged(path.lstrip("/"), (name, made.stamp,
                                                                                *map(made.digest, dated))):
            continue
        data = made.calendar(name, dated)
        if data is not None:
            yield path.lstrip("/"), data


# --------------------------------------------------------------------------------------------
# Autodiscovery
# --------------------------------------------------------------------------------------------

def _has_calendar(meetings: Iterable[MeetingNode]) -> bool:
    return any(mt.date is not None for mt in meetings)


def feed_links(node: Any, base_url: str = "") -> list[tuple[str, str]]:
    """(title, site URL beginning '/') of the feeds and calendars for a page's `<link rel="alternate">`:
    the Site (home page) → the archive feed and calendar; an authority, body, issue or person → its
    feed, and a body also its calendar if it has one. URLs ending .xml are application/atom+xml,
    .ics text/calendar. Other nodes have none. `base_url` is not needed: links are site-relative,
    to be made relative to the page like every other link."""
    if isinstance(node, Site):
        links = [("Decisions – all councils (Atom)", ARCHIVE_FEED)]
        if _has_calendar(node.meetings):
            links.append(("Meetings – all councils (iCalendar)", ARCHIVE_CALENDAR))
        return links
    if isinstance(node, AuthorityNode):
        return [(f"Decisions – {node.name} (Atom)", f"{node.url}feed.xml")]
    if isinstance(node, BodyNode):
        links = [(f"Decisions – {node.name}, {node.authority.name} (Atom)", f"{node.url}feed.xml")]
        if _has_calendar(node.meetings):
            links.append((f"Meetings – {node.name}, {node.authority.name} (iCalendar)", f"{node.url}meetings.ics"))
        return links
    if isinstance(node, IssueNode):
        return [(f"Decisions – {node.title} (Atom)", f"{node.url}feed.xml")]
    if isinstance(node, PersonNode):
        return [(f"Decisions – {node.name} (Atom)", f"{node.url}feed.xml")]
    return []


def ward_feeds(authority: AuthorityNode) -> list[tuple[str, str]]:
    """(ward name, site URL) of an authority's ward feeds, for listing on its page (there is no ward page)."""
    return [(name, f"{authority.url}wards/{slug}/feed.xml") for name, slug, _ in authority_wards(authority)]
