"""Stage 3, link: typed records → the cross-reference graph the site is rendered from.

Every reference by id (a meeting's body, an attendee, a report's author, an item's issues …) is
resolved here, and an unknown one is an error at its exact place with a suggestion. Each reference is
also recorded in the other direction (a person's meetings, a body's members, an issue's timeline),
so that every page links both ways without any lookups in the templates.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from . import model as m
from .problems import Position, Problems, did_you_mean
from .validate import Archive, ItemRecord, MeetingRecord, Record, Source, TableRecord
from .workdays import add_working_days, next_working_day

UNDATED = dt.date.max  # sorts undated meetings after dated ones
# What a view or an item holds for none of something: one shared empty tuple, not an empty list each
# (10,000 meetings: ~330,000 of them, 18 MB in every process of a build). `item` gathers each in a
# list of its own and gives the view that list, or NONE if it stayed empty.
NONE: tuple = m.NONE_GIVEN


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class RefView:
    """A person as a record names them: a linked person if known, and the role held that day."""

    person: Optional["PersonNode"]
    name: Optional[str]
    role: Optional[str]

    @property
    def label(self) -> str:
        if self.person is not None:
            return self.person.name
        return self.name or self.role or ""


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class AttendeeView(RefView):
    facts: m.Attendee
    substitute_for: Optional["PersonNode"] = None


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class DocumentView:
    facts: m.Document
    url: Optional[str]  # None for exempt documents and documents with no link
    item: Optional["ItemNode"] = None  # the item of the same meeting where the document is taken

    @property
    def kind_label(self) -> str:
        return self.facts.kind.replace("-", " ").capitalize()


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class ConsultationView:
    body: "BodyNode"
    date: Optional[dt.date]
    text: str
    item: "ItemNode"
    report: "ReportView"


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class ReportView:
    facts: m.Report
    author: Optional[RefView]
    advising_officer: Optional[RefView]
    contact_officer: Optional[RefView]
    from_body: Optional["BodyNode"]
    documents: Sequence[DocumentView]
    consultations: Sequence[ConsultationView] = NONE


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class VoteView:
    facts: m.Vote
    tallies: list[tuple[str, Any]]  # ("For", 5) or ("For", [PersonNode…])
    mover: Optional[RefView]
    seconder: Optional[RefView]


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class DeclarationView:
    facts: m.Declaration
    who: RefView


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class Timeline:
    """An executive decision's dates, and its call-in state on the build date."""

    notice: Optional[dt.date]
    decided: Optional[dt.date]
    published: Optional[dt.date]
    deadline: Optional[dt.date]
    deadline_counted: bool  # True when counted from the authority's call-in period, not given
    effective: Optional[dt.date]
    state: str  # open, called-in, ended, not-subject, unknown
    summary: str


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class DecisionView:
    facts: m.Decision
    item: "ItemNode"
    declarations: Optional[list[DeclarationView]]
    votes: Sequence[VoteView]
    timeline: Optional[Timeline] = None  # for decisions of executive bodies and officers

    @property
    def heading(self) -> str:
        verbs = [self.facts.verb] if self.facts.verb else []
        verbs += [p.verb for p in self.facts.parts if p.verb and p.verb not in verbs]
        return " and ".join(verbs) if verbs else "Decision"


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class TimelineEntry:
    date: Optional[dt.date]
    authority: "AuthorityNode"
    body: Optional["BodyNode"]
    kind: str  # "item", "consultation" or "event"
    text: str
    item: Optional["ItemNode"] = None

    @property
    def sort_key(self) -> tuple:
        return (self.date or UNDATED, self.item.meeting.sort_key if self.item else ())


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class ItemNode:
    meeting: "MeetingNode"
    record: ItemRecord
    url: str
    issues: Sequence["IssueNode"] = NONE
    reports: Sequence[ReportView] = NONE
    decisions: Sequence[DecisionView] = NONE
    declarations: Optional[list[DeclarationView]] = None
    documents: Sequence[DocumentView] = NONE
    related: Sequence["ItemNode"] = NONE

    number = property(lambda self: self.record.number)
    title = property(lambda self: self.record.title)
    slug = property(lambda self: self.record.slug)
    facts = property(lambda self: self.record.facts)
    narrative = property(lambda self: self.record.narrative)
    tables = property(lambda self: self.record.tables)
    exempt = property(lambda self: self.record.facts.exempt)

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class MeetingNode:
    authority: "AuthorityNode"
    body: "BodyNode"
    record: MeetingRecord
    url: str
    items: list[ItemNode] = dataclasses.field(default_factory=list)
    attendance: list[tuple[str, list[AttendeeView]]] = dataclasses.field(default_factory=list)
    declarations: Optional[list[DeclarationView]] = None
    documents: list[DocumentView] = dataclasses.field(default_factory=list)
    previous: Optional["MeetingNode"] = None
    next: Optional["MeetingNode"] = None

    slug = property(lambda self: self.record.slug)
    facts = property(lambda self: self.record.facts)
    date = property(lambda self: self.record.facts.date)
    preamble = property(lambda self: self.record.preamble)
    tables = property(lambda self: self.record.preamble_tables)

    @property
    def sort_key(self) -> tuple:
        return (self.date or UNDATED, self.facts.time or "", self.slug)

    @property
    def year(self) -> Optional[int]:
        return self.date.year if self.date else None


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class BodyNode:
    authority: "AuthorityNode"
    record: Record
    url: str
    meetings: list[MeetingNode] = dataclasses.field(default_factory=list)
    members: list["MemberView"] = dataclasses.field(default_factory=list)
    reports_to: Optional["BodyNode"] = None
    reporting_bodies: list["BodyNode"] = dataclasses.field(default_factory=list)
    consultations: list[ConsultationView] = dataclasses.field(default_factory=list)
    events: list[tuple["IssueNode", m.IssueEvent]] = dataclasses.field(default_factory=list)
    reports_made: list[tuple[ItemNode, ReportView]] = dataclasses.field(default_factory=list)

    id = property(lambda self: self.record.id)
    facts = property(lambda self: self.record.facts)
    name = property(lambda self: self.record.facts.name)
    kind_label = property(lambda self: m.BODY_KIND_NAMES[self.record.facts.kind])

    @property
    def years(self) -> list[tuple[Optional[int], list[MeetingNode]]]:
        """Meetings grouped by year, newest year first; undated meetings last."""
        groups: dict[Optional[int], list[MeetingNode]] = defaultdict(list)
        for meeting in self.meetings:
            groups[meeting.year].append(meeting)
        dated = sorted((y for y in groups if y is not None), reverse=True)
        return [(y, groups[y]) for y in dated] + ([(None, groups[None])] if None in groups else [])


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class MemberView:
    person: "PersonNode"
    roles: list[str]
    first: Optional[dt.date]
    last: Optional[dt.date]
    meetings: int


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class Attended:
    meeting: MeetingNode
    status: str  # Present, Apologies, In attendance, Absent
    role: Optional[str]


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class RoleHeld:
    title: str
    body: Optional[BodyNode]
    start: Optional[dt.date]
    end: Optional[dt.date]
    source: str  # "declared" (person file) or "recorded" (attendance lists)
    meetings: int = 0


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class PersonNode:
    authority: "AuthorityNode"
    record: Record
    url: str
    attended: list[Attended] = dataclasses.field(default_factory=list)
    reports: list[tuple[ItemNode, str]] = dataclasses.field(default_factory=list)
    declarations: list[tuple[ItemNode | MeetingNode, m.Declaration]] = dataclasses.field(default_factory=list)
    roles: list[RoleHeld] = dataclasses.field(default_factory=list)

    id = property(lambda self: self.record.id)
    facts = property(lambda self: self.record.facts)

    @property
    def name(self) -> str:
        return person_name(self.record.facts)

    @property
    def sort_key(self) -> tuple:
        f = self.record.facts
        return (f.family_name.lower(), (f.given_name or f.initials or "").lower(), self.id)


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class Post:
    title: str
    body: Optional["BodyNode"]  # None for an officer's post, which serves the whole authority
    holders: list[tuple["PersonNode", Optional[dt.date], Optional[dt.date]]]


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class AuthorityNode:
    record: Record
    url: str
    bodies: list[BodyNode] = dataclasses.field(default_factory=list)
    people: list[PersonNode] = dataclasses.field(default_factory=list)
    meetings: list[MeetingNode] = dataclasses.field(default_factory=list)
    issues: list["IssueNode"] = dataclasses.field(default_factory=list)
    posts: list[Post] = dataclasses.field(default_factory=list)

    id = property(lambda self: self.record.id)
    facts = property(lambda self: self.record.facts)
    name = property(lambda self: self.record.facts.name)
    short_name = property(lambda self: self.record.facts.short_name or self.record.facts.name)
    meeting_count = property(lambda self: len(self.meetings))  # (see `YearNode.decision_count`)


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class IssueNode:
    record: Record
    url: str
    items: list[ItemNode] = dataclasses.field(default_factory=list)
    timeline: list[TimelineEntry] = dataclasses.field(default_factory=list)

    id = property(lambda self: self.record.id)
    facts = property(lambda self: self.record.facts)
    title = property(lambda self: self.record.facts.title)
    entry_count = property(lambda self: len(self.timeline))  # (see `YearNode.decision_count`)

    @property
    def authorities(self) -> list[AuthorityNode]:
        seen: dict[str, AuthorityNode] = {}
        for entry in self.timeline:
            seen.setdefault(entry.authority.id, entry.authority)
        return list(seen.values())


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class YearNode:
    year: Optional[int]
    url: str
    meetings: list[MeetingNode]
    register_url: str = ""  # the decisions register's page for the year
    decisions: list[DecisionView] = dataclasses.field(default_factory=list)  # published ones, newest first
    # (year, address) of every year's page of the register, for its navigation: here, not read from the
    # site, so that a year gaining its first decision changes the shape of the other years' pages
    register_pages: list[tuple[Optional[int], str]] = dataclasses.field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else "Date not recorded"

    @property
    def decision_count(self) -> int:
        """(a number, where a page shows only that: reading the list itself would make the page
        depend on every decision in it, and noting the files of 45,000 decisions took a site-wide
        page 4-8 s at 10,000 meetings, in every build)"""
        return len(self.decisions)

    meeting_count = property(lambda self: len(self.meetings))


@dataclasses.dataclass(eq=False, repr=False, slots=True)
class Site:
    root: Path
    build_date: dt.date
    authorities: list[AuthorityNode]
    issues: list[IssueNode]
    meetings: list[MeetingNode]
    people: list[PersonNode]
    years: list[YearNode]
    documents: list[tuple[Path, str]]

    @property
    def items(self) -> Iterable[ItemNode]:
        for meeting in self.meetings:
            yield from meeting.items

    @property
    def latest_decisions(self) -> list[DecisionView]:
        """The ten newest decisions of meetings held by the build date: meetings newest first, those
        held at the same time in the order of `meetings`. Read from its end, which is in date order."""
        held = [mt for mt in self.meetings if mt.date is not None and mt.date <= self.build_date]
        found: list[DecisionView] = []
        end = len(held)
        while end and len(found) < 10:
            start, key = end - 1, held[end - 1].sort_key
            while start and held[start - 1].sort_key == key:
                start -= 1
            found.extend(d for mt in held[start:end] for item in mt.items if item.exempt is None for d in item.decisions)
            end = start
        return found[:10]

    @property
    def decision_count(self) -> int:
        return sum(len(year.decisions) for year in self.years)

    @property
    def decisions(self) -> list[DecisionView]:
        """Every published decision, newest first; undated ones last."""
        return [d for year in self.years for d in year.decisions]

    @property
    def register_years(self) -> list[YearNode]:
        """The years that have a page of the decisions register: those with a published decision."""
        return [year for year in self.years if year.decisions]

    @property
    def forward_plan(self) -> list["ItemNode"]:
        """Key decisions of scheduled meetings, soonest first."""
        return [item for mt in self.upcoming for item in mt.items
                if any(r.facts.key_decision for r in item.reports) or any(d.facts.key_decision for d in item.decisions)]

    @property
    def upcoming(self) -> list[MeetingNode]:
        return [mt for mt in self.meetings
                if mt.facts.status == "scheduled" and mt.date is not None and mt.date >= self.build_date]


def newest_first(meetings: Iterable[MeetingNode]) -> list[MeetingNode]:
    """Meetings newest first (by date, then time), undated last; ties by authority, body and file,
    as the decisions register (its pages and its CSV) lists them."""
    meetings = sorted(meetings, key=lambda mt: (mt.authority.id, mt.body.id, mt.slug))
    dated = [mt for mt in meetings if mt.date is not None]
    dated.sort(key=lambda mt: (mt.date, mt.facts.time or ""), reverse=True)  # stable: ties keep the order above
    return dated + [mt for mt in meetings if mt.date is None]


def person_name(p: m.Person) -> str:
    """The name as a council record prints it: "Councillor Mrs Brierley", "Mr J. Daly"."""
    parts = ["Councillor"] if p.kind == "councillor" else []
    if p.honorific:
        parts.append(p.honorific)
    if p.given_name:
        parts.append(p.given_name)
    elif p.initials and p.kind != "councillor":
        parts.append(p.initials)
    parts.append(p.family_name)
    return " ".join(parts)


ATTENDANCE_GROUPS = [("present", "Present"), ("in_attendance", "In attendance"),
                     ("apologies", "Apologies"), ("absent", "Absent")]


class _Linker:
    def __init__(self, archive: Archive, problems: Problems, build_date: dt.date):
        self.archive, self.problems, self.build_date = archive, problems, build_date
        self.authorities: dict[str, AuthorityNode] = {}
        self.bodies: dict[tuple[str, str], BodyNode] = {}
        self.people: dict[str, PersonNode] = {}
        self.issues: dict[str, IssueNode] = {}
        self.documents: dict[Path, str] = {}
        self.pending_documents: list[tuple[DocumentView, Source, tuple]] = []  # those naming an item
        self._named: dict[int, dict[str, MeetingNode]] = {}  # id of a body → its meetings by file name

    # -- resolving references ---------------------------------------------------------------

    def person(self, ident: Optional[str], source: Source, loc: tuple, what: str = "person") -> Optional[PersonNode]:
        if ident is None:
            return None
        node = self.people.get(ident)
        if node is None:
            self.problems.error(source.at(*loc), f"{what} '{ident}' is not a known person"
                                + (did_you_mean(ident, self.people) or
                                   "; add a file for them in <authority>/people/"))
        return node

    def body(self, authority: str, ident: Optional[str], source: Source, loc: tuple) -> Optional[BodyNode]:
        if ident is None:
            return None
        node = self.bodies.get((authority, ident))
        if node is None:
            known = [b for (a, b) in self.bodies if a == authority]
            self.problems.error(source.at(*loc), f"'{ident}' is not a body of {authority}"
                                + (did_you_mean(ident, known) or f"; bodies are the files in {authority}/bodies/"))
        return node

    def authority(self, ident: str, source: Source, loc: tuple) -> Optional[AuthorityNode]:
        node = self.authorities.get(ident)
        if node is None:
            self.problems.error(source.at(*loc), f"'{ident}' is not an authority in the archive"
                                + (did_you_mean(ident, self.authorities) or
                                   "; each authority is a folder with an authority.yaml"))
        return node

    def ref(self, ref: Optional[m.PersonRef], source: Source, loc: tuple) -> Optional[RefView]:
        if ref is None:
            return None
        return RefView(self.person(ref.person, source, (*loc, "person")), ref.name, ref.role)

    def document(self, authority: str, doc: m.Document, source: Source, loc: tuple) -> DocumentView:
        view = self._document(authority, doc, source, loc)
        if doc.item is not None:
            self.pending_documents.append((view, source, loc))
        return view

    def _document(self, authority: str, doc: m.Document, source: Source, loc: tuple) -> DocumentView:
        if doc.exempt is not None:
            return DocumentView(doc, None)
        if doc.file is None:
            return DocumentView(doc, doc.url)
        folder = (self.archive.root / authority / "documents").resolve()
        target = (folder / doc.file).resolve()
        if folder not in target.parents or not target.is_file():
            self.problems.error(source.at(*loc, "file"), f"document file '{doc.file}' is not in {authority}/documents/; "
                                "put the file there and give its path relative to that folder")
            return DocumentView(doc, None)
        url = f"/{authority}/documents/{target.relative_to(folder).as_posix()}"
        self.documents[target] = url
        return DocumentView(doc, url)

    def declarations(self, decls: Optional[list[m.Declaration]], source: Source, loc: tuple,
                     at: "ItemNode | MeetingNode") -> Optional[list[DeclarationView]]:
        if decls is None:
            return None
        views = []
        for n, d in enumerate(decls):
            who = RefView(self.person(d.person, source, (*loc, n, "person")), d.name, None)
            if who.person is not None:
                who.person.declarations.append((at, d))
            views.append(DeclarationView(d, who))
        return views  # [] (declared: none) is not None (not recorded)

    # -- building the graph -----------------------------------------------------------------

    def run(self) -> Site:
        a = self.archive
        for record in a.authorities:
            self.authorities[record.id] = AuthorityNode(record, f"/{record.id}/")
        for record in a.bodies + a.people:
            if record.authority not in self.authorities:
                self.problems.error(Position(record.source.path, 1, 1),
                                    f"the folder '{record.authority}' has no authority.yaml; add one with the authority's name")
        for record in a.bodies:
            auth = self.authorities.get(record.authority)
            if auth is not None:
                node = BodyNode(auth, record, f"/{auth.id}/{record.id}/")
                self.bodies[(auth.id, record.id)] = node
                auth.bodies.append(node)
        for record in a.people:
            auth = self.authorities.get(record.authority)
            if auth is not None:
                node = PersonNode(auth, record, f"/{auth.id}/people/{record.id}/")
                self.people.setdefault(record.id, node)
                auth.people.append(node)
        for record in a.issues:
            self.issues[record.id] = IssueNode(record, f"/issues/{record.id}/")
        for body in self.bodies.values():
            body.reports_to = self.body(body.authority.id, body.facts.reports_to, body.record.source, ("reports_to",))
            if body.reports_to is not None:
                body.reports_to.reporting_bodies.append(body)
        for person in self.people.values():
            for n, role in enumerate(person.facts.roles):
                rbody = self.body(person.authority.id, role.body, person.record.source, ("roles", n, "body"))
                person.roles.append(RoleHeld(role.title, rbody, role.start, role.end, "declared"))
        meetings = [self.meeting(record) for record in a.meetings]
        meetings = sorted((mt for mt in meetings if mt is not None), key=lambda x: (x.authority.id, x.sort_key))
        for issue in self.issues.values():
            self.issue_events(issue)
        self.finish(meetings)
        years: dict[Optional[int], list[MeetingNode]] = defaultdict(list)
        for meeting in sorted(meetings, key=lambda x: x.sort_key):
            years[meeting.year].append(meeting)
        year_nodes = [self.year(y, years[y]) for y in sorted((y for y in years if y is not None), reverse=True)]
        if None in years:
            year_nodes.append(self.year(None, years[None]))
        register_pages = [(y.year, y.register_url) for y in year_nodes if y.decisions]
        for year in year_nodes:
            year.register_pages = register_pages
        return Site(
            root=a.root, build_date=self.build_date,
            authorities=sorted(self.authorities.values(), key=lambda x: x.name.lower()),
            issues=sorted(self.issues.values(), key=lambda x: x.title.lower()),
            meetings=sorted(meetings, key=lambda x: x.sort_key),
            people=sorted(self.people.values(), key=lambda x: x.sort_key),
            years=year_nodes,
            documents=sorted(self.documents.items()),
        )

    @staticmethod
    def year(year: Optional[int], meetings: list[MeetingNode]) -> YearNode:
        """A year's meetings (in order) and its published decisions (newest first), for its two pages."""
        slug = year if year is not None else "undated"
        return YearNode(year, f"/years/{slug}/", meetings, f"/decisions/{slug}/",
                        [d for mt in newest_first(meetings) for item in mt.items if item.exempt is None
                         for d in item.decisions])

    def meeting(self, record: MeetingRecord) -> Optional[MeetingNode]:
        source = record.source
        auth = self.authorities.get(record.authority)
        if auth is None:
            self.problems.error(Position(source.path, 1, 1),
                                f"the folder '{record.authority}' has no authority.yaml; add one with the authority's name")
            return None
        body = self.body(auth.id, record.facts.body, source, ("body",))
        if body is None:
            # Still check the meeting's own references, so every error is reported in one run.
            placeholder = m.Body(name=record.facts.body, kind="other")
            body = BodyNode(auth, Record(record.facts.body, auth.id, placeholder, source), "")
            self._references(MeetingNode(auth, body, record, ""), record)
            return None
        clash = self._meeting_named(body, record.slug)
        if clash is not None:
            self.problems.error(Position(source.path, 1, 1),
                                f"another meeting of {body.name} has the file name '{record.slug}' "
                                f"({clash.record.source.path}); give each meeting its own file name")
            return None
        node = MeetingNode(auth, body, record, f"{body.url}{record.slug}/")
        self._references(node, record)
        body.meetings.append(node)
        self._named[id(body)][record.slug] = node
        auth.meetings.append(node)
        return node

    def _meeting_named(self, body: BodyNode, slug: str) -> Optional[MeetingNode]:
        """The meeting of `body` whose file is named `slug`, if any. Each body's meetings by file name are
        gathered once (looking through them for each meeting linked read 737,000 names at 10,000
        meetings); one found that is no longer among them (`_Relinker` took it out) is not."""
        named = self._named.get(id(body))
        if named is None:
            named = self._named[id(body)] = {}
            for mt in body.meetings:
                named.setdefault(mt.slug, mt)
        found = named.get(slug)
        if found is not None and not any(mt is found for mt in body.meetings):
            del named[slug]
            return None
        return found

    def _references(self, node: MeetingNode, record: MeetingRecord) -> None:
        source, auth = record.source, node.authority
        for key, label in ATTENDANCE_GROUPS:
            people = []
            for n, att in enumerate(getattr(record.facts.attendance, key)):
                loc = ("attendance", key, n)
                view = AttendeeView(self.person(att.person, source, (*loc, "person"), "attendee"), att.name,
                                    att.role, att,
                                    self.person(att.substitute_for, source, (*loc, "substitute_for")))
                if view.person is not None:
                    view.person.attended.append(Attended(node, label, att.role))
                people.append(view)
            if people:
                node.attendance.append((label, people))
        node.declarations = self.declarations(record.facts.declarations, source, ("declarations",), node)
        node.documents = [self.document(auth.id, d, source, ("documents", n))
                          for n, d in enumerate(record.facts.documents)]
        for item_record in record.items:
            node.items.append(self.item(node, item_record))
        for view, doc_source, loc in self.pending_documents:
            view.item = next((i for i in node.items if i.number == view.facts.item), None)
            if view.item is None:
                self.problems.error(doc_source.at(*loc, "item"),
                                    f"this meeting has no item numbered '{view.facts.item}'"
                                    + did_you_mean(view.facts.item, [i.number for i in node.items if i.number]))
        self.pending_documents.clear()

    def item(self, meeting: MeetingNode, record: ItemRecord) -> ItemNode:
        source, facts, auth = record.source, record.facts, meeting.authority.id
        item = ItemNode(meeting, record, f"{meeting.url}{record.slug}/")
        issues, reports, decisions = [], [], []
        for n, ident in enumerate(facts.issues):
            issue = self.issues.get(ident)
            if issue is None:
                self.problems.error(source.at("issues", n), f"issue '{ident}' is not a known issue"
                                    + (did_you_mean(ident, self.issues) or "; issues are the files in issues/"))
                continue
            issues.append(issue)
            issue.items.append(item)
        item.issues = issues or NONE
        if facts.exempt is not None:
            return item  # only the fact of exemption is published: nothing below is linked or shown
        for n, rep in enumerate(facts.reports):
            loc = ("reports", n)
            view = ReportView(
                rep, self.ref(rep.author, source, (*loc, "author")),
                self.ref(rep.advising_officer, source, (*loc, "advising_officer")),
                self.ref(rep.contact_officer, source, (*loc, "contact_officer")),
                self.body(auth, rep.from_body, source, (*loc, "from_body")),
                [self.document(auth, d, source, (*loc, "documents", k)) for k, d in enumerate(rep.documents)] or NONE,
            )
            for capacity, ref in [("Report of", view.author), ("Advising officer", view.advising_officer),
                                  ("Contact officer", view.contact_officer)]:
                if ref is not None and ref.person is not None:
                    ref.person.reports.append((item, capacity))
            if view.from_body is not None:
                view.from_body.reports_made.append((item, view))
            consultations = []
            for k, c in enumerate(rep.consultations):
                c_auth = c.authority or auth
                if c.authority and self.authority(c.authority, source, (*loc, "consultations", k, "authority")) is None:
                    continue
                cbody = self.body(c_auth, c.body, source, (*loc, "consultations", k, "body"))
                if cbody is not None:
                    cv = ConsultationView(cbody, c.date, c.text, item, view)
                    consultations.append(cv)
                    cbody.consultations.append(cv)
            view.consultations = consultations or NONE
            reports.append(view)
        item.reports = reports or NONE
        for n, dec in enumerate(facts.decisions):
            loc = ("decisions", n)
            votes = []
            for k, vote in enumerate(dec.votes):
                vloc = (*loc, "votes", k)
                tallies = []
                for key, label in [("for", "For"), ("against", "Against"), ("abstained", "Abstained"),
                                   ("absent", "Absent")]:
                    value = getattr(vote, "votes_for" if key == "for" else key)
                    if isinstance(value, list):
                        value = [p for j, ident in enumerate(value)
                                 if (p := self.person(ident, source, (*vloc, key, j))) is not None]
                    if value is not None:
                        tallies.append((label, value))
                votes.append(VoteView(vote, tallies, self.ref(vote.mover, source, (*vloc, "mover")),
                                      self.ref(vote.seconder, source, (*vloc, "seconder"))))
            view = DecisionView(dec, item, self.declarations(dec.declarations, source, (*loc, "declarations"), item),
                                votes or NONE)
            if meeting.body.facts.kind in EXECUTIVE_KINDS:
                view.timeline = call_in_timeline(dec, meeting, self.build_date)
            decisions.append(view)
        item.decisions = decisions or NONE
        item.declarations = self.declarations(facts.declarations, source, ("declarations",), item)
        item.documents = [self.document(auth, d, source, ("documents", n)) for n, d in enumerate(facts.documents)] or NONE
        return item

    def issue_events(self, issue: IssueNode) -> None:
        source = issue.record.source
        for n, event in enumerate(issue.facts.events):
            auth = self.authority(event.authority, source, ("events", n, "authority"))
            if auth is None:
                continue
            body = self.body(auth.id, event.body, source, ("events", n, "body"))
            if body is not None:
                body.events.append((issue, event))
            issue.timeline.append(TimelineEntry(event.date, auth, body, "event", event.text))

    def finish(self, meetings: list[MeetingNode]) -> None:
        """Orderings and summaries that need every meeting: prev/next, members, posts, timelines."""
        for body in self.bodies.values():
            body.meetings.sort(key=lambda x: x.sort_key)
            dated = [mt for mt in body.meetings if mt.date is not None]
            for before, after in zip(dated, dated[1:]):
                before.next, after.previous = after, before
        for auth in self.authorities.values():
            auth.meetings.sort(key=lambda x: x.sort_key, reverse=True)
            auth.people.sort(key=lambda x: x.sort_key)
            auth.bodies.sort(key=lambda x: (m.BODY_KINDS.index(x.facts.kind), x.name.lower()))
        for person in self.people.values():
            person.attended.sort(key=lambda a: a.meeting.sort_key)
            self._recorded_roles(person)
        for body in self.bodies.values():
            self._members(body)
        for auth in self.authorities.values():
            self._posts(auth)
        for issue in self.issues.values():
            self._timeline(issue)
            for auth in issue.authorities:
                auth.issues.append(issue)

    @staticmethod
    def _timeline(issue: IssueNode) -> None:
        """An issue's timeline: its own events, then its items and their consultations, by date."""
        timeline = [entry for entry in issue.timeline if entry.kind == "event"]
        for item in issue.items:
            timeline.append(TimelineEntry(item.meeting.date, item.meeting.authority, item.meeting.body,
                                          "item", item.title, item))
            for report in item.reports:
                timeline.extend(TimelineEntry(c.date, c.body.authority, c.body, "consultation", c.text, item)
                                for c in report.consultations)
        issue.timeline = sorted(timeline, key=lambda e: e.sort_key)

    @staticmethod
    def _recorded_roles(person: PersonNode) -> None:
        """Roles as the attendance lists record them, with the first and last meeting dates."""
        seen: dict[tuple[str, str], RoleHeld] = {}
        for att in person.attended:
            if not att.role:
                continue
            key = (att.role, att.meeting.body.id)
            held = seen.get(key)
            if held is None:
                held = seen[key] = RoleHeld(att.role, att.meeting.body, att.meeting.date, att.meeting.date, "recorded")
            elif att.meeting.date is not None:
                held.start = min(filter(None, [held.start, att.meeting.date]))
                held.end = max(filter(None, [held.end, att.meeting.date]))
            held.meetings += 1
        person.roles.extend(sorted(seen.values(), key=lambda r: (r.start or UNDATED, r.title)))

    @staticmethod
    def _members(body: BodyNode) -> None:
        by_person: dict[str, MemberView] = {}
        for meeting in body.meetings:
            for label, people in meeting.attendance:
                for att in people:
                    if att.person is None or label not in ("Present", "Apologies", "Absent"):
                        continue
                    mv = by_person.get(att.person.id)
                    if mv is None:
                        mv = by_person[att.person.id] = MemberView(att.person, [], meeting.date, meeting.date, 0)
                    if att.role and att.role not in mv.roles:
                        mv.roles.append(att.role)
                    if meeting.date is not None:
                        mv.first = min(filter(None, [mv.first, meeting.date]))
                        mv.last = max(filter(None, [mv.last, meeting.date]))
                    mv.meetings += 1
        for person in body.authority.people:
            for role in person.roles:
                if role.source == "declared" and role.body is body and person.id not in by_person:
                    by_person[person.id] = MemberView(person, [role.title], role.start, role.end, 0)
        body.members = sorted(by_person.values(), key=lambda mv: mv.person.sort_key)

    @staticmethod
    def _posts(auth: AuthorityNode) -> None:
        """Posts and who held them when, so a resident sees a post pass from one person to another.

        An officer's post belongs to the authority (a Policy Accountant serves several bodies); a
        councillor's role belongs to the body it is held on (the Chair of one committee is not the
        Chair of another).
        """
        posts: dict[tuple[str, str], dict[str, list]] = defaultdict(dict)
        bodies: dict[str, Optional[BodyNode]] = {"": None}
        for person in auth.people:
            for role in person.roles:
                if role.source != "recorded" or role.body is None or role.body.authority is not auth:
                    continue
                body = "" if person.facts.kind == "officer" else role.body.id
                bodies[body] = role.body if body else None
                entry = posts[(role.title, body)].setdefault(person.id, [person, role.start, role.end])
                entry[1] = min(filter(None, [entry[1], role.start]), default=None)
                entry[2] = max(filter(None, [entry[2], role.end]), default=None)
        auth.posts = [Post(title, bodies[body], sorted((tuple(v) for v in holders.values()),
                                                       key=lambda v: (v[1] or UNDATED, v[0].sort_key)))
                      for (title, body), holders in sorted(posts.items(), key=lambda kv: (kv[0][0].lower(), kv[0][1]))]


EXECUTIVE_KINDS = {"executive", "executive-member", "officer"}


def call_in_timeline(decision: m.Decision, meeting: MeetingNode, build_date: dt.date) -> Timeline:
    """Dates from the record; a deadline it does not give is counted from the authority's call-in period."""
    call_in = decision.call_in or m.CallIn()
    decided = decision.made or meeting.date
    published = decision.published or meeting.facts.published
    days = meeting.authority.facts.call_in_days
    deadline, counted = call_in.deadline, False
    if deadline is None and published is not None and days is not None and not call_in.exempt_reason:
        deadline, counted = add_working_days(published, days), True
    effective = decision.effective_from
    if effective is None and deadline is not None and not call_in.called_in:
        effective = next_working_day(deadline)
    if call_in.exempt_reason:
        state, summary = "not-subject", "Not subject to call-in"
    elif call_in.called_in:
        state, summary = "called-in", "Called in"
    elif deadline is not None and build_date <= deadline:
        state, summary = "open", f"Open for call-in until {deadline.day} {deadline:%B %Y}"
    elif deadline is not None:
        state, summary = "ended", f"Call-in period ended {deadline.day} {deadline:%B %Y}"
    else:
        state, summary = "unknown", "Call-in period not recorded"
    return Timeline(decision.notice_published, decided, published, deadline, counted, effective, state, summary)


def link_archive(archive: Archive, problems: Problems, build_date: dt.date) -> Site:
    """The public site for `build_date`. Records published later are checked but left out entirely."""
    site = _Linker(archive, problems, build_date).run()
    public = published_by(archive, build_date)
    if public is archive:
        return site
    return _Linker(public, Problems(), build_date).run()


def published_by(archive: Archive, build_date: dt.date) -> Archive:
    """The archive without meetings and items whose publication date is after `build_date`."""
    if all(_due(mt.facts, build_date) and all(_due(i.facts, build_date) for i in mt.items)
           for mt in archive.meetings):
        return archive
    meetings = [dataclasses.replace(mt, items=[i for i in mt.items if _due(i.facts, build_date)])
                for mt in archive.meetings if _due(mt.facts, build_date)]
    return dataclasses.replace(archive, meetings=meetings)


def _due(facts: m.Meeting | m.Item, build_date: dt.date) -> bool:
    return facts.published is None or facts.published <= build_date


def _verbs(parts: list[m.Part]) -> list[tuple]:
    return [(part.verb, _verbs(part.parts)) for part in parts]


_DECISION_TEXT, _REPORT_TEXT = dict.fromkeys(m.DECISION_TEXT), dict.fromkeys(m.REPORT_TEXT)  # (as `update`s)


def _linked(facts: m.Item) -> m.Item:
    """An item's facts without the text of its decisions and reports (`model.DECISION_TEXT`, `REPORT_TEXT`)."""
    return facts.model_copy(update={
        "decisions": [d.model_copy(update={**_DECISION_TEXT, "parts": _verbs(d.parts)}) for d in facts.decisions],
        "reports": [r.model_copy(update=_REPORT_TEXT) for r in facts.reports]})


def same_links(old: MeetingRecord, new: MeetingRecord) -> bool:
    """Whether a meeting file's record `new` differs from its `old` one only in text that `link` does
    not read: the preamble, the items' narrative and tables, and what their decisions and reports say.
    Linked, both give the same nodes and views, and `link` works out the same values from them."""
    if ((new.authority, new.slug, new.facts) != (old.authority, old.slug, old.facts)
            or len(new.items) != len(old.items)):
        return False
    return all((now.number, now.title, now.slug) == (was.number, was.title, was.slug)
               and (now.facts == was.facts or _linked(now.facts) == _linked(was.facts))
               for now, was in zip(new.items, old.items))


def same_but_attendance(old: MeetingRecord, new: MeetingRecord) -> bool:
    """Whether a meeting file's record `new` differs from its `old` one in its attendance alone (a role
    renamed, an attendee in another's place): not in any other fact, in any text, or in where each item
    is in the file. Linked, both give the same nodes and views but for the meeting's attendance and what
    `link` works out from it: the meetings its people attended and the roles they held, their bodies' members."""
    return ((new.authority, new.slug, new.preamble) == (old.authority, old.slug, old.preamble)
            and new.facts.model_copy(update={"attendance": old.facts.attendance}) == old.facts
            and _tables_said(new.preamble_tables) == _tables_said(old.preamble_tables)
            and len(new.items) == len(old.items)
            and all(_item_said(now) == _item_said(was) for now, was in zip(new.items, old.items)))


def _item_said(item: ItemRecord) -> tuple:
    """All an item's record holds but the file it came from."""
    return item.number, item.title, item.slug, item.facts, item.held_narrative, item.where, _tables_said(item.tables)


def _tables_said(tables: dict[str, TableRecord]) -> list[tuple]:
    return [(key, t.table, t.where, t.discrepancies) for key, t in tables.items()]


def relink_text(meeting: MeetingNode, record: MeetingRecord) -> bool:
    """Give `meeting` the `record` of its file saved again, if the edit changed only text that `link`
    does not read: the preamble, the items' narrative and tables, and what their decisions and reports
    say. Every node and view made from the old record then stays right; the records, and the models
    the views of decisions and reports hold, are replaced. False, and nothing changed, when the edit
    changed more (a date, a person, an item's title or number, an item added): link everything then."""
    if not same_links(meeting.record, record):
        return False
    meeting.record = record
    for new, item in zip(record.items, meeting.items):
        item.record = new
        if item.exempt is None:  # an exempt item's decisions and reports are not linked at all
            for view, facts in zip(item.decisions, new.facts.decisions):
                view.facts = facts
            for view, facts in zip(item.reports, new.facts.reports):
                view.facts = facts
    return True


@dataclasses.dataclass
class Relinked:
    """What `relink_meeting` or `relink_person` did: the file's node now in the site (None if the
    file went), the problems linking it found, and the nodes whose pages may have changed (none on
    an error)."""
    node: Any
    problems: Problems
    touched: list[Any]


def relink_meeting(site: Site, meeting: Optional[MeetingNode], record: Optional[MeetingRecord]) -> Optional[Relinked]:
    """Link `record`, a meeting file saved (or None: deleted), in place of `meeting`, its old record
    (or None: a new file), redoing only what depends on it: the back-references of the people,
    bodies and issues it names (before and after), its body's meetings and members, its authority's
    posts, those issues' timelines, its years.

    A year given its first meeting is added to the site's years, and one left without meetings taken
    out; when a year's page of the register comes or goes, every year's register page lists the new
    set (all years are then among the nodes whose pages may have changed).

    None, and nothing changed, when the edit changes more than that: another body (or one that is
    not known), a document file named or no longer named, a meeting or item not yet due. When
    linking finds an error the old record is linked again, and the problems say what is wrong."""
    old = meeting.record if meeting is not None else None
    build_date = site.build_date
    if record is not None:
        if (old is not None and (record.authority, record.slug, record.facts.body)
                != (old.authority, old.slug, old.facts.body)) or not _known_body(site, record):
            return None
        if not _due(record.facts, build_date) or not all(_due(i.facts, build_date) for i in record.items):
            return None
    relinker = _Relinker(site)
    node, problems = relinker.swap(meeting, record)
    if problems.errors or _document_files(node) != _document_files(meeting):
        if node is not None or old is not None:
            node, _ = _Relinker(site).swap(node, old)  # (it linked without errors before)
        return Relinked(node, problems, []) if problems.errors else None
    return Relinked(node, problems, list(relinker.touched.values()))


def relink_person(site: Site, person: Optional[PersonNode], record: Record) -> Optional[Relinked]:
    """Give `person` the `record` of their file saved again (or, `person` None, add a new person's
    file), redoing what depends on it: their declared roles, the members of the bodies they belong
    to, their authority's posts and lists of people (a name sorts them). None, and nothing changed,
    when the file names another authority or an id already used. When a role names a body that is
    not known, nothing changes and the problems say so."""
    auths = {auth.id: auth for auth in site.authorities}
    auth = auths.get(record.authority)
    if auth is None or (person is None and any(p.id == record.id for p in site.people)):
        return None
    linker = _Relinker(site).linker
    problems = linker.problems = Problems()
    declared = [RoleHeld(role.title, linker.body(auth.id, role.body, record.source, ("roles", n, "body")),
                         role.start, role.end, "declared") for n, role in enumerate(record.facts.roles)]
    if problems.errors:
        return Relinked(person, problems, [])
    bodies = {id(role.body): role.body for role in person.roles if role.body is not None} if person else {}
    if person is None:
        person = PersonNode(auth, record, f"/{auth.id}/people/{record.id}/")
        auth.people.append(person)
        site.people.append(person)
    person.record = record
    person.roles = declared
    _Linker._recorded_roles(person)
    auth.people.sort(key=lambda x: x.sort_key)
    site.people.sort(key=lambda x: x.sort_key)
    bodies.update((id(role.body), role.body) for role in person.roles if role.body is not None)
    bodies.update((id(a.meeting.body), a.meeting.body) for a in person.attended)
    for body in bodies.values():
        _Linker._members(body)
    _Linker._posts(auth)
    return Relinked(person, problems, [person, auth, *bodies.values()])


def _known_body(site: Site, record: MeetingRecord) -> bool:
    return any(auth.id == record.authority and any(body.id == record.facts.body for body in auth.bodies)
               for auth in site.authorities)


def _document_files(meeting: Optional[MeetingNode]) -> set[str]:
    if meeting is None:
        return set()
    views = [*meeting.documents, *(d for item in meeting.items for d in item.documents),
             *(d for item in meeting.items for report in item.reports for d in report.documents)]
    return {view.url for view in views if view.facts.file is not None and view.url is not None}


def _path(meeting: MeetingNode) -> tuple[str, ...]:
    """Where a meeting comes in the archive (the order of its files), which orders what link gathers."""
    return meeting.record.source.path.parts


class _Relinker:
    """Takes one meeting out of the linked site and links another record in its place (`swap`)."""

    def __init__(self, site: Site):
        self.site = site
        self.years = {year.year: year for year in site.years}
        linker = self.linker = _Linker(Archive(site.root, [], [], [], [], [], []), Problems(), site.build_date)
        in_archive_order = lambda nodes: sorted(nodes, key=lambda n: n.record.source.path.parts)  # noqa: E731
        for auth in in_archive_order(site.authorities):
            linker.authorities[auth.id] = auth
        for body in in_archive_order(b for auth in site.authorities for b in auth.bodies):
            linker.bodies[(body.authority.id, body.id)] = body
        for person in in_archive_order(site.people):
            linker.people.setdefault(person.id, person)
        for issue in in_archive_order(site.issues):
            linker.issues[issue.id] = issue
        self.touched: dict[int, Any] = {}  # id → node whose pages may have changed
        self._people: dict[int, PersonNode] = {}
        self._bodies: dict[int, BodyNode] = {}
        self._issues: dict[int, IssueNode] = {}

    def swap(self, meeting: Optional[MeetingNode],
             record: Optional[MeetingRecord]) -> tuple[Optional[MeetingNode], Problems]:
        """Take `meeting` out (if any) and link `record` (if any): its body is known."""
        if meeting is not None:
            body = meeting.body
        else:
            body = self.linker.bodies[(record.authority, record.facts.body)]
        neighbours = {mt.url: (mt.previous, mt.next) for mt in body.meetings}
        was_year = meeting.year if meeting is not None else None
        if meeting is not None:
            self._gather(meeting)
        issue_authorities = {id(i): [a.id for a in i.authorities] for i in self._issues.values()}
        if meeting is not None:
            self._unlink(meeting)
        problems = self.linker.problems = Problems()
        node = self.linker.meeting(record) if record is not None else None
        if node is not None:
            self._gather(node)
            if node.year not in self.years:
                self.years[node.year] = _Linker.year(node.year, [])
        self._place(node, body, {y.year: y for y in (self.years.get(was_year) if meeting else None,
                                                    self.years[node.year] if node else None) if y})
        self._years()
        for mt in body.meetings:
            was = neighbours.get(mt.url, (None, None))
            if [n.url if n else None for n in was] != [n.url if n else None for n in (mt.previous, mt.next)]:
                self._touch(mt)
        if any([a.id for a in i.authorities] != issue_authorities.get(id(i)) for i in self._issues.values()):
            self._issues_of_authorities()
        for n in [node, *(node.items if node else ()), body, body.authority, *self._people.values(),
                  *self._bodies.values(), *self._issues.values(), self.years.get(was_year) if meeting else None,
                  self.years.get(node.year) if node else None]:
            if n is not None:
                self._touch(n)
        return node, problems

    def _touch(self, node: Any) -> None:
        self.touched.setdefault(id(node), node)

    def _gather(self, meeting: MeetingNode) -> None:
        """The people, bodies and issues that hold references back to `meeting` or its items."""
        items = meeting.items
        people = [att.person for _, attending in meeting.attendance for att in attending]
        for views in [meeting.declarations, *(i.declarations for i in items),
                      *(d.declarations for i in items for d in i.decisions)]:
            people.extend(view.who.person for view in views or ())
        bodies = [meeting.body]
        for item in items:
            for report in item.reports:
                people.extend(ref.person for ref in (report.author, report.advising_officer, report.contact_officer)
                              if ref is not None)
                bodies.append(report.from_body)
                bodies.extend(c.body for c in report.consultations)
        for found, nodes in [(self._people, people), (self._bodies, bodies),
                             (self._issues, [issue for item in items for issue in item.issues])]:
            for n in nodes:
                if n is not None:
                    found.setdefault(id(n), n)

    def _unlink(self, meeting: MeetingNode) -> None:
        items = set(meeting.items)
        for person in self._people.values():
            person.attended = [a for a in person.attended if a.meeting is not meeting]
            person.reports = [e for e in person.reports if e[0] not in items]
            person.declarations = [e for e in person.declarations if e[0] is not meeting and e[0] not in items]
        for body in self._bodies.values():
            body.consultations = [c for c in body.consultations if c.item not in items]
            body.reports_made = [e for e in body.reports_made if e[0] not in items]
        for issue in self._issues.values():
            issue.items = [i for i in issue.items if i not in items]
        meeting.body.meetings.remove(meeting)
        meeting.authority.meetings.remove(meeting)
        self.years[meeting.year].meetings.remove(meeting)
        self.site.meetings.remove(meeting)

    def _place(self, node: Optional[MeetingNode], body: BodyNode, years: dict[Optional[int], YearNode]) -> None:
        """Put what linking `node` appended where a whole link would have (link gathers in the order of
        the archive's files, then sorts some of it by date), and work out again what `body`'s meetings,
        the people's, bodies' and issues' gathered, and `years`, make."""
        def in_order(entries: list, meeting_of: Any) -> list:
            mine = [e for e in entries if meeting_of(e) is node]
            others = [e for e in entries if meeting_of(e) is not node]
            at = next((n for n, e in enumerate(others) if _path(meeting_of(e)) > here), len(others))
            return others[:at] + mine + others[at:]

        here = _path(node) if node is not None else ()
        by_date = lambda mt: (mt.sort_key, _path(mt))  # noqa: E731
        for person in self._people.values():
            person.attended.sort(key=lambda a: by_date(a.meeting))
            person.reports = in_order(person.reports, lambda e: e[0].meeting)
            person.declarations = in_order(person.declarations,
                                           lambda e: e[0] if isinstance(e[0], MeetingNode) else e[0].meeting)
            person.roles = [role for role in person.roles if role.source == "declared"]
            _Linker._recorded_roles(person)
        for body in self._bodies.values():
            body.consultations = in_order(body.consultations, lambda c: c.item.meeting)
            body.reports_made = in_order(body.reports_made, lambda e: e[0].meeting)
        for issue in self._issues.values():
            issue.items = in_order(issue.items, lambda i: i.meeting)
            _Linker._timeline(issue)
        body.meetings.sort(key=lambda mt: mt.sort_key)
        for mt in body.meetings:
            mt.previous = mt.next = None
        dated = [mt for mt in body.meetings if mt.date is not None]
        for before, after in zip(dated, dated[1:]):
            before.next, after.previous = after, before
        _Linker._members(body)
        auth = body.authority
        auth.meetings.sort(key=_path)
        auth.meetings.sort(key=lambda mt: mt.sort_key, reverse=True)
        _Linker._posts(auth)
        if node is not None:
            self.site.meetings.append(node)
            self.site.meetings.sort(key=by_date)
            self.years[node.year].meetings.append(node)
            self.years[node.year].meetings.sort(key=by_date)
        for year in years.values():
            year.decisions = _Linker.year(year.year, year.meetings).decisions

    def _years(self) -> None:
        """The site's years again: a year with meetings comes in, in its place (newest first, undated
        last), one without goes; and if the years that have a page of the register changed, every
        year lists them again."""
        site, was = self.site, self.site.years[0].register_pages if self.site.years else []
        kept = {year: node for year, node in self.years.items() if node.meetings}
        self.years = kept
        site.years = [kept[y] for y in sorted((y for y in kept if y is not None), reverse=True)]
        if None in kept:
            site.years.append(kept[None])
        register_pages = [(year.year, year.register_url) for year in site.years if year.decisions]
        for year in site.years:
            year.register_pages = register_pages
        if register_pages != was:
            for year in site.years:
                self._touch(year)

    def _issues_of_authorities(self) -> None:
        """Each authority's issues again, when an issue gained or lost its only link to one."""
        was = {id(auth): [issue.url for issue in auth.issues] for auth in self.site.authorities}
        for auth in self.site.authorities:
            auth.issues = []
        for issue in sorted(self.site.issues, key=lambda i: i.record.source.path.parts):
            for auth in issue.authorities:
                auth.issues.append(issue)
        for auth in self.site.authorities:
            if [issue.url for issue in auth.issues] != was[id(auth)]:
                self._touch(auth)
