"""Open data: the linked graph → a JSON file per meeting, one for the whole archive, and a CSV register.

`data_files(site, base_url, inputs)` yields (site-relative path, bytes):

- `<meeting url>meeting.json` for every meeting: an Open Civic Data / Popolo *event* whose agenda
  items, papers and consultations are shaped after OParl (see docs/open-data.md);
- `data/archive.json`: organizations, people, memberships, events (by reference) and issues;
- `data/decisions.csv`: one row per decision, newest first, undated last;
- `data/schemas/*.schema.json`: the JSON Schemas the two JSON files follow (schemas/open-data/).

Everything comes from the graph, which already holds exempt material only as the fact that it is
exempt and why (`validate.withhold_exempt`); an exempt item is written as `public: false` with its
exemption and nothing of its content. Nothing reads the clock: the date in `meta` is the build
date, and every list is walked in the graph's own order, so the same archive gives the same bytes.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import orjson

from . import model as m
from .depend import Inputs
from .link import (AttendeeView, AuthorityNode, BodyNode, DecisionView, DeclarationView, DocumentView,
                   IssueNode, ItemNode, MeetingNode, PersonNode, RefView, ReportView, Site, VoteView, newest_first)
from .render import normalise_site_url
from .write import Pieces, digest_of, file_digest
from .validate import TableRecord

SCHEMA_VERSION = "1.0"
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas" / "open-data"
SCHEMA_FILES = ("meeting.schema.json", "archive.schema.json")
ARCHIVE_JSON = "data/archive.json"
DECISIONS_CSV = "data/decisions.csv"
NS = "minutebook:"
CSV_PIECE_BYTES = 1 << 20

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
LICENCE_NOTE = (
    "The councils' records are reproduced as regulation 21(3) of the Local Authorities (Executive "
    "Arrangements) (Meetings and Access to Information) (England) Regulations 2012 allows. Exempt "
    "information (Local Government Act 1972, Schedule 12A) is not included: only the fact that an item "
    "or document is exempt, and the ground given, is published."
)

# Popolo vote options for the record's tallies.
VOTE_OPTIONS = {"For": "yes", "Against": "no", "Abstained": "abstain", "Absent": "absent"}
ATTENDANCE = {"Present": "present", "In attendance": "in attendance", "Apologies": "apologies",
              "Absent": "absent"}

CSV_COLUMNS = (
    "date", "authority", "body", "meeting_url", "item_number", "item_title", "decision_number", "verb",
    "decided_by", "decision_text", "key_decision", "key_decision_reference", "made", "published",
    "call_in_deadline", "called_in", "call_in_outcome", "call_in_exempt_reason", "effective_from",
    "wards", "issues", "item_url",
)


def data_files(site: Site, base_url: str, inputs: Optional[Inputs] = None,
               same: Callable[[MeetingNode], bool] = lambda meeting: False) -> Iterator[tuple[str, bytes]]:
    """(site-relative path, bytes) of every open-data file, in a stable order.

    `base_url` is the address the site is published at (e.g. https://example.org/minutes/); every
    `url` in the data is absolute, built from it. Given the previous build's `inputs`, a JSON file
    whose bytes are the same is kept, not written again; and that of a meeting that is the `same` as
    it was (its file, and every other file but meetings', unchanged) is kept without being made
    (3.0 s at 10,000 meetings), and its rows of the register are copied from the previous build's.
    """
    out = _Writer(site, normalise_site_url(base_url))

    def documents() -> Iterator[tuple[str, bytes | Pieces]]:
        for meeting in site.meetings:
            path = meeting_json_path(meeting)
            if inputs is None or not same(meeting) or not inputs.same(path):
                yield path, _json(out.meeting_document(meeting))
        yield ARCHIVE_JSON, _json_pieces(out.archive_document())

    for path, data in documents():
        if inputs is None or not inputs.unchanged(path, data):
            yield path, data
        del data  # (the archive's, before the register is made)
    yield DECISIONS_CSV, register_csv(site, out.base, inputs, same)
    for name in SCHEMA_FILES:
        path = SCHEMAS / name
        if path.is_file():
            yield f"data/schemas/{name}", path.read_bytes()


def meeting_json_path(meeting: MeetingNode) -> str:
    return meeting.url.lstrip("/") + "meeting.json"


def data_links(meeting: Optional[MeetingNode] = None) -> list[tuple[str, str]]:
    """('JSON', path) and ('CSV', path) for a page's "Data: JSON, CSV" line, as site paths from '/'.

    A meeting's page and its items' pages link to the meeting's own JSON; every other page to the
    archive's. The CSV is always the decisions register.
    """
    json_path = "/" + meeting_json_path(meeting) if meeting is not None else "/" + ARCHIVE_JSON
    return [("JSON", json_path), ("CSV", "/" + DECISIONS_CSV)]


def _json(document: Any) -> bytes:
    """The document as `json.dumps(document, ensure_ascii=False, indent=2)` lays it out, and a newline,
    as UTF-8: by orjson, ~6 times as fast (10,000 meetings: 0.6 s, where the standard library's
    encoder, in pure Python with an indent, took 6.6 s). A float is written as its shortest round trip
    (1e-7, where json.dumps writes 1e-07), and one that is not a number as null (json.dumps writes
    NaN, which JSON does not allow)."""
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # a whole number past 64 bits (a table's figure), which orjson refuses
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_pieces(document: dict[str, Any]) -> Pieces:
    """`_json(document)` in `Pieces`, made one value at a time: the document's values that are
    iterators (the archive's events, people …) are laid out as lists, each element made, written out
    and let go before the next; no list of them is held, nor their text whole."""
    pieces, first = Pieces([b"{"]), True
    for key, value in document.items():
        pieces.append(b"%s\n  %s: " % (b"" if first else b",", orjson.dumps(key)))
        first = False
        if not isinstance(value, Iterator):
            pieces.append(_json(value)[:-1].replace(b"\n", b"\n  "))  # (a JSON string holds no line end)
            continue
        opening = b"["
        for element in value:
            pieces.append(b"%s\n    %s" % (opening, _json(element)[:-1].replace(b"\n", b"\n    ")))
            opening = b","
        pieces.append(b"[]" if opening == b"[" else b"\n  ]")
    pieces.append(b"\n}\n" if not first else b"}\n")
    return pieces


def _id(url: str) -> str:
    """A node's id: its page's site path without the slashes, e.g. 'bolton/executive'."""
    return url.strip("/")


def _date(value: Optional[dt.date]) -> Optional[str]:
    return value.isoformat() if value is not None else None


def _number(value: Optional[Decimal]) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# -- text forms shared by the JSON and the CSV --------------------------------------------------

def decision_verbs(facts: m.Decision) -> list[str]:
    """The decision's verb, then its parts' verbs, each once, in order (as the page's heading)."""
    verbs: list[str] = []

    def add(parts: list[m.Part]) -> None:
        for part in parts:
            if part.verb and part.verb not in verbs:
                verbs.append(part.verb)
            add(part.parts)

    if facts.verb:
        verbs.append(facts.verb)
    add(facts.parts)
    return verbs


def decision_text(facts: m.Decision) -> str:
    """The decision as one text: verb and text, then each part on its own line ("(i) NOTED …")."""
    lines = []
    head = " ".join(x for x in (facts.verb, facts.text) if x)
    if head:
        lines.append(head)

    def add(parts: list[m.Part], depth: int) -> None:
        for part in parts:
            line = " ".join(x for x in (part.label, part.verb, part.text) if x)
            if line:
                first, *rest = line.split("\n")  # a part's own lines run on under it, one level in
                lines.append("  " * depth + first)
                lines.extend("  " * (depth + 1) + r if r.strip() else "" for r in rest)
            add(part.parts, depth + 1)

    add(facts.parts, 0)
    return "\n".join(lines)


def resolution_text(item: ItemNode) -> Optional[str]:
    texts = [t for t in (decision_text(d.facts) for d in item.decisions) if t]
    return "\n\n".join(texts) if texts else None


def _yes_no(value: Optional[bool]) -> str:
    return "" if value is None else "yes" if value else "no"


# -- the JSON documents -------------------------------------------------------------------------

class _Writer:
    def __init__(self, site: Site, base: str):
        self.site, self.base = site, base

    def url(self, path: Optional[str]) -> Optional[str]:
        """An absolute URL for a site path ('/bolton/…') or an outside link (kept as it is)."""
        if path is None:
            return None
        if path.startswith(("http://", "https://")):
            return path
        return self.base + path.lstrip("/")

    def meta(self, schema: str, authorities: list[AuthorityNode]) -> dict:
        names = ", ".join(a.name for a in authorities)
        return {
            "schemaVersion": SCHEMA_VERSION,
            "schema": self.base + f"data/schemas/{schema}",
            "archive": self.base + ARCHIVE_JSON,
            "decisionsCsv": self.base + DECISIONS_CSV,
            "generator": "Minutebook",
            "buildDate": self.site.build_date.isoformat(),
            "licence": {
                "name": LICENCE_NAME,
                "url": LICENCE_URL,
                "attribution": f"Contains public sector information from {names} licensed under the "
                               f"{LICENCE_NAME}." if names else
                               f"Contains public sector information licensed under the {LICENCE_NAME}.",
                "note": LICENCE_NOTE,
            },
        }

    # small pieces

    @staticmethod
    def org_ref(body: BodyNode) -> dict:
        return {"id": _id(body.url), "name": body.name, "classification": body.facts.kind}

    @staticmethod
    def ref(view: Optional[RefView]) -> Optional[dict]:
        if view is None:
            return None
        return {"person_id": _id(view.person.url) if view.person is not None else None,
                "name": view.person.name if view.person is not None else view.name,
                "role": view.role}

    @staticmethod
    def exemption(exempt: m.Exempt) -> dict:
        return {"paragraph": exempt.paragraph, "reason": exempt.reason}

    def notes(self, notes: list[m.Note]) -> list[dict]:
        out = []
        for note in notes:
            if isinstance(note, m.ExemptNote):
                out.append({"public": False, NS + "schedule12A": self.exemption(note.exempt)})
            else:
                out.append({"public": True, "text": note})
        return out

    def parts(self, parts: list[m.Part]) -> list[dict]:
        return [{"label": p.label, "verb": p.verb, "text": p.text, "parts": self.parts(p.parts)} for p in parts]

    def declarations(self, views: Optional[list[DeclarationView]]) -> Optional[list[dict]]:
        if views is None:
            return None  # not recorded; [] is "none declared"
        return [{**self.ref(d.who), "interest": d.facts.interest,
                 "kind": d.facts.kind, "leftMeeting": d.facts.left_meeting,
                 "dispensation": d.facts.dispensation} for d in views]

    def documents(self, views: list[DocumentView]) -> list[dict]:
        out = []
        for doc in views:
            f = doc.facts
            entry = {"name": f.title, "kind": f.kind, "public": f.exempt is None,
                     "accessUrl": self.url(doc.url) if f.exempt is None else None}
            if f.exempt is not None:
                entry[NS + "schedule12A"] = self.exemption(f.exempt)
            entry["note"] = f.note
            entry["agendaItem"] = _id(doc.item.url) if doc.item is not None else None
            out.append(entry)
        return out

    def tables(self, tables: dict[str, TableRecord]) -> list[dict]:
        out = []
        for record in tables.values():
            t = record.table
            out.append({
                "caption": t.caption, "unit": t.unit,
                "columns": [{"label": c.label, "numeric": c.numeric} for c in t.columns],
                "rows": [{"kind": r.kind, "of": r.of if r.kind == "total" else None,
                          "cells": [{"text": c.text, "value": _number(c.value)} for c in r.cells]}
                         for r in t.rows],
                "discrepancies": [{"row": row, "column": col, "stated": _number(stated), "sum": _number(summed)}
                                  for row, col, stated, summed in record.discrepancies],
                NS + "editorsNotes": self.notes(t.notes),
            })
        return out

    def vote_event(self, vote: VoteView) -> dict:
        counts, votes = [], []
        for label, value in vote.tallies:
            option = VOTE_OPTIONS[label]
            if isinstance(value, list):
                counts.append({"option": option, "value": len(value)})
                votes.extend({"option": option, "voter_id": _id(p.url), "voter_name": p.name} for p in value)
            else:
                counts.append({"option": option, "value": value})
        return {"motion_text": vote.facts.motion, "result": vote.facts.result, "unanimous": vote.facts.unanimous,
                "counts": counts, "votes": votes, "mover": self.ref(vote.mover), "seconder": self.ref(vote.seconder)}

    def decision(self, item: ItemNode, n: int, d: DecisionView) -> dict:
        f = d.facts
        call_in = None
        if f.call_in is not None:
            call_in = {"deadline": _date(f.call_in.deadline), "calledIn": f.call_in.called_in,
                       "outcome": f.call_in.outcome, "exemptReason": f.call_in.exempt_reason}
        return {
            "id": f"{_id(item.url)}/decisions/{n}",
            "verb": f.verb,
            "verbs": decision_verbs(f),
            "by": f.by,
            "text": f.text,
            "parts": self.parts(f.parts),
            "reasons": f.reasons,
            "options": [{"label": o.label, "text": o.text, "outcome": o.outcome, "reason": o.reason}
                        for o in f.options],
            "alternativesRejected": f.alternatives_rejected,
            "declarations": self.declarations(d.declarations),
            "vote_events": [self.vote_event(v) for v in d.votes],
            "wards": list(f.wards),
            NS + "keyDecision": f.key_decision,
            NS + "keyDecisionReference": f.key_decision_reference,
            NS + "callIn": call_in,
            NS + "dates": {"made": _date(f.made), "published": _date(f.published),
                           "effectiveFrom": _date(f.effective_from)},
            NS + "editorsNotes": self.notes(f.notes),
        }

    def paper(self, item: ItemNode, n: int, r: ReportView) -> dict:
        f = r.facts
        paper: dict[str, Any] = {
            "id": f"{_id(item.url)}/papers/{n}",
            "reference": f.reference,
            "name": f.title,
            "paperType": "report",
            "public": f.exempt is None,
            "publicStatement": f.public,
            "author": self.ref(r.author),
            "originatorOrganization": self.org_ref(r.from_body) if r.from_body is not None else None,
        }
        if f.exempt is not None:
            paper[NS + "schedule12A"] = self.exemption(f.exempt)
        else:
            paper.update({
                "advisingOfficer": self.ref(r.advising_officer),
                "contactOfficer": self.ref(r.contact_officer),
                "summary": f.summary,
                "wards": list(f.wards),
                "functionOf": f.function_of,
                NS + "keyDecision": f.key_decision,
                NS + "keyDecisionReference": f.key_decision_reference,
                NS + "urgency": f.urgency,
                "implications": [{"heading": i.heading, "text": i.text} for i in f.implications],
                "scrutinyComments": f.scrutiny_comments,
                "recommendations": self.parts(f.recommendations),
                "reasonForRecommendations": f.reason_for_recommendations,
                "documents": self.documents(r.documents),
                "locationOfPapers": f.location_of_papers,
            })
        paper["consultations"] = [{"organization": self.org_ref(c.body), "date": _date(c.date), "text": c.text}
                                  for c in r.consultations]
        return paper

    def issue_ref(self, issue: IssueNode) -> dict:
        return {"id": _id(issue.url), "title": issue.title, "url": self.url(issue.url)}

    def agenda_item(self, order: int, item: ItemNode) -> dict:
        entry: dict[str, Any] = {
            "id": _id(item.url),
            "number": item.number,
            "order": order,
            "name": item.title,
            "public": item.exempt is None,
        }
        if item.exempt is not None:
            entry[NS + "schedule12A"] = self.exemption(item.exempt)
        entry["standing"] = item.facts.standing
        entry["issues"] = [self.issue_ref(i) for i in item.issues]
        if item.exempt is None:
            entry.update({
                "resolutionText": resolution_text(item),
                "decisions": [self.decision(item, n, d) for n, d in enumerate(item.decisions, 1)],
                "papers": [self.paper(item, n, r) for n, r in enumerate(item.reports, 1)],
                "declarations": self.declarations(item.declarations),
                "documents": self.documents(item.documents),
                "wards": list(item.facts.wards),
                "narrative": item.narrative,
                "tables": self.tables(item.tables),
            })
        entry[NS + "editorsNotes"] = self.notes(item.facts.notes)
        entry["url"] = self.url(item.url)
        return entry

    def participant(self, status: str, att: AttendeeView) -> dict:
        f = att.facts
        return {
            **self.ref(att),
            "attendance": ATTENDANCE[status],
            "chair": f.chair,
            "substitute_for_id": _id(att.substitute_for.url) if att.substitute_for is not None else None,
            "left_after": f.left_after,
            "arrived_at": f.arrived_at,
            "note": f.note,
        }

    def meeting_name(self, meeting: MeetingNode) -> str:
        when = meeting.date.isoformat() if meeting.date is not None else "date not recorded"
        return f"{meeting.body.name}, {when}"

    def meeting_document(self, meeting: MeetingNode) -> dict:
        f = meeting.facts
        source = None
        if f.source is not None:
            source = {"kind": f.source.kind, "title": f.source.title, "url": f.source.url, "note": f.source.note}
        return {
            "meta": self.meta("meeting.schema.json", [meeting.authority]),
            "id": _id(meeting.url),
            "name": self.meeting_name(meeting),
            "classification": "meeting",
            "title": f.title,
            "status": f.status,
            "start_date": _date(meeting.date),
            "start_time": f.time,
            NS + "dateUnknown": meeting.date is None,
            "location": {"name": f.venue} if f.venue else None,
            "organization_id": _id(meeting.body.url),
            "organization": self.org_ref(meeting.body),
            "jurisdiction": {"id": _id(meeting.authority.url), "name": meeting.authority.name},
            "source": source,
            "description": meeting.preamble,
            "tables": self.tables(meeting.tables),
            "participants": [self.participant(status, att) for status, people in meeting.attendance
                             for att in people],
            "declarations": self.declarations(meeting.declarations),
            "documents": self.documents(meeting.documents),
            NS + "editorsNotes": self.notes(f.notes),
            "agendaItems": [self.agenda_item(n, item) for n, item in enumerate(meeting.items, 1)],
            "url": self.url(meeting.url),
        }

    # the archive

    def organization(self, authority: AuthorityNode) -> list[dict]:
        f = authority.facts
        orgs = [{
            "id": _id(authority.url), "name": authority.name, "short_name": f.short_name,
            "classification": "authority", "parent_id": None, "reports_to_id": None,
            "description": None, "website": f.website, "language": f.language,
            NS + "callInDays": f.call_in_days, NS + "editorsNotes": self.notes(f.notes),
            "url": self.url(authority.url),
        }]
        for body in authority.bodies:
            b = body.facts
            orgs.append({
                "id": _id(body.url), "name": body.name, "short_name": None,
                "classification": b.kind, "parent_id": _id(authority.url),
                "reports_to_id": _id(body.reports_to.url) if body.reports_to is not None else None,
                "description": b.description, "website": None, "language": None,
                NS + "callInDays": None, NS + "editorsNotes": self.notes(b.notes),
                "url": self.url(body.url),
            })
        return orgs

    def person(self, person: PersonNode) -> dict:
        f = person.facts
        return {
            "id": _id(person.url), "name": person.name, "kind": f.kind,
            "honorific_prefix": f.honorific, "given_name": f.given_name, "initials": f.initials,
            "family_name": f.family_name, "party": f.party, "ward": f.ward,
            "authority_id": _id(person.authority.url),
            NS + "editorsNotes": self.notes(f.notes),
            "url": self.url(person.url),
        }

    def memberships(self, person: PersonNode) -> list[dict]:
        """Each role as a Popolo membership: declared in the person's file, or recorded in attendance.

        As on the site, an officer's post belongs to the authority; a councillor's role to its body.
        """
        out = []
        for role in person.roles:
            if role.body is None or (role.source == "recorded" and person.facts.kind == "officer"):
                org = _id(person.authority.url)
            else:
                org = _id(role.body.url)
            out.append({
                "person_id": _id(person.url), "organization_id": org, "role": role.title,
                "start_date": _date(role.start), "end_date": _date(role.end),
                NS + "source": role.source,
                NS + "recordedAt": _id(role.body.url) if role.source == "recorded" and role.body else None,
                NS + "meetings": role.meetings if role.source == "recorded" else None,
            })
        return out

    def event_ref(self, meeting: MeetingNode) -> dict:
        return {
            "id": _id(meeting.url), "name": self.meeting_name(meeting), "status": meeting.facts.status,
            "start_date": _date(meeting.date), "start_time": meeting.facts.time,
            NS + "dateUnknown": meeting.date is None,
            "organization_id": _id(meeting.body.url),
            "agendaItems": [{"id": _id(i.url), "number": i.number, "name": i.title, "public": i.exempt is None,
                             "decisions": len(i.decisions)} for i in meeting.items],
            "url": self.url(meeting.url),
            "data_url": self.base + meeting_json_path(meeting),
        }

    def issue(self, issue: IssueNode) -> dict:
        f = issue.facts
        return {
            "id": _id(issue.url), "title": issue.title, "summary": f.summary,
            "agendaItems": [_id(i.url) for i in issue.items],
            "timeline": [{
                "date": _date(e.date), "kind": e.kind, "jurisdiction_id": _id(e.authority.url),
                "organization_id": _id(e.body.url) if e.body is not None else None, "text": e.text,
                "agendaItem": _id(e.item.url) if e.item is not None else None,
            } for e in issue.timeline],
            NS + "editorsNotes": self.notes(f.notes),
            "url": self.url(issue.url),
        }

    def archive_document(self) -> dict:
        site = self.site
        people = [p for a in site.authorities for p in a.people]
        return {  # (its lists as iterators, made as they are written: `_json_pieces`)
            "meta": self.meta("archive.schema.json", site.authorities),
            "organizations": (o for a in site.authorities for o in self.organization(a)),
            "people": (self.person(p) for p in people),
            "memberships": (ms for p in people for ms in self.memberships(p)),
            "events": (self.event_ref(mt) for mt in site.meetings),
            "issues": (self.issue(i) for i in site.issues),
        }


# -- the CSV register ---------------------------------------------------------------------------

def meeting_rows(meeting: MeetingNode, base: str) -> Iterator[tuple[str, ...]]:
    """The rows of the register of each of a meeting's decisions, their values in the order of `CSV_COLUMNS`."""
    def url(path: str) -> str:
        return base + path.lstrip("/")

    date, authority, body, meeting_url = _date(meeting.date) or "", meeting.authority.name, \
        meeting.body.name, url(meeting.url)
    for item in meeting.items:
        if not item.decisions:
            continue
        number, issues, item_url = item.number or "", "; ".join(i.id for i in item.issues), url(item.url)
        for n, d in enumerate(item.decisions, 1):
            f = d.facts
            wards = list(f.wards) + [w for w in item.facts.wards if w not in f.wards]
            call_in = f.call_in
            yield (
                date, authority, body, meeting_url, number, item.title, str(n),
                " and ".join(decision_verbs(f)), f.by or "", decision_text(f), _yes_no(f.key_decision),
                f.key_decision_reference or "", _date(f.made) or "", _date(f.published) or "",
                (_date(call_in.deadline) or "") if call_in else "",
                _yes_no(call_in.called_in) if call_in else "",
                (call_in.outcome or "") if call_in else "",
                (call_in.exempt_reason or "") if call_in else "",
                _date(f.effective_from) or "", "; ".join(wards), issues, item_url,
            )


def register_csv(site: Site, base: str, inputs: Optional[Inputs] = None,
                 same: Callable[[MeetingNode], bool] = lambda meeting: False) -> Pieces:
    """The decisions register: UTF-8, a header row, RFC 4180 quoting and CRLF line ends, each meeting's
    rows newest first (`newest_first`); in `Pieces` of about `CSV_PIECE_BYTES` (the text of every row
    at once was 408 MB at 100,000 meetings).

    Given the previous build's `inputs`, the rows of a meeting that is the `same` as it was are copied
    from that build's register, from where it recorded them (`Inputs.register`), if the file is still
    the one it wrote: making every row was ~1.3 s of the rebuild after an edit at 10,000 meetings.
    Where this one's rows are is recorded in `inputs.register` in turn."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    pieces, piece = Pieces(), [_taken(buffer)]
    at, size, rows = len(piece[0]), len(piece[0]), {}
    previous, before = _previous_register(inputs)
    try:
        for meeting in newest_first(site.meetings):
            where = before.get(meeting.url) if previous is not None and same(meeting) else None
            if where is not None:
                start, length = map(int, where.split())
                data = os.pread(previous, length, start)
            if where is None or len(data) != length:
                writer.writerows(meeting_rows(meeting, base))  # (a row's quoting is its own)
                data = _taken(buffer)
            if not data:
                continue
            rows[meeting.url] = f"{at} {len(data)}"
            at += len(data)
            piece.append(data)
            size += len(data)
            if size >= CSV_PIECE_BYTES:
                pieces.append(b"".join(piece))
                piece, size = [], 0
    finally:
        if previous is not None:
            os.close(previous)
    if piece:
        pieces.append(b"".join(piece))
    if inputs is not None:
        inputs.register = {"digest": digest_of(pieces).hexdigest(), "rows": rows}
    return pieces


def _taken(buffer: io.StringIO) -> bytes:
    data = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return data


def _previous_register(inputs: Optional[Inputs]) -> tuple[Optional[int], dict[str, str]]:
    """The previous build's register, open, and where it had each meeting's rows; (None, {}) if it
    recorded none, or the file is not the one it wrote."""
    if inputs is None or not inputs.previous_register or inputs.folder is None:
        return None, {}
    path = inputs.folder / DECISIONS_CSV
    try:
        if file_digest(path) != inputs.previous_register["digest"]:
            return None, {}
        return os.open(path, os.O_RDONLY), inputs.previous_register["rows"]
    except OSError:
        return None, {}
