"""What the law requires a published record to say, checked over the linked site.

The Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England)
Regulations 2012, regs 12-13, and the Openness of Local Government Bodies Regulations 2014, reg 7:
a record of an executive or officer decision gives its reasons, the alternative options considered
and rejected, and any conflict of interest declared and dispensation granted. A key decision carries
its forward-plan reference; exempt material names its Schedule 12A paragraph.

A record that lacks these is still published as the source has it (never invent what a record does
not say), so these are warnings, or errors under `check --strict` for archives that must comply.
"""
from __future__ import annotations

import functools

from .link import EXECUTIVE_KINDS, ItemNode, MeetingNode, Site
from .problems import Problems


def check_requirements(site: Site, problems: Problems, strict: bool = False) -> None:
    for meeting in site.meetings:
        check_meeting(meeting, problems, strict)


def check_meeting(meeting: MeetingNode, problems: Problems, strict: bool = False) -> None:
    report = problems.error if strict else problems.warning
    executive = meeting.body.facts.kind in EXECUTIVE_KINDS
    for item in meeting.items:
        _exempt_paragraphs(item, report)
        for n, decision in enumerate(item.decisions):
            facts = decision.facts
            where = functools.partial(item.record.source.at, "decisions", n)  # looked up only when reported
            if executive:
                missing = []
                if not facts.reasons:
                    missing.append("its reasons ('reasons:')")
                if not facts.alternatives_rejected and not any(o.outcome == "rejected" for o in facts.options):
                    missing.append("the alternatives considered and rejected ('options:' or "
                                   "'alternatives_rejected:')")
                if decision.declarations is None and item.declarations is None and meeting.declarations is None:
                    missing.append("declarations of interest and dispensations ('declarations:', or "
                                   "'declarations: none')")
                if missing:
                    report(where(), f"the record of this {meeting.body.kind_label.lower()} decision does not give "
                                  + _join(missing) + "; add them if the source gives them")
            if facts.key_decision and not facts.key_decision_reference:
                report(where(), "this key decision has no forward-plan reference; add 'key_decision_reference:'")


def _exempt_paragraphs(item: ItemNode, report) -> None:
    source, facts = item.record.source, item.facts
    places = []
    if facts.exempt is not None:
        places.append((facts.exempt, ("exempt",), "this exempt item"))
    for n, rep in enumerate(facts.reports):
        if rep.exempt is not None:
            places.append((rep.exempt, ("reports", n, "exempt"), "this exempt report"))
        for k, doc in enumerate(rep.documents):
            if doc.exempt is not None:
                places.append((doc.exempt, ("reports", n, "documents", k, "exempt"), "this exempt document"))
    for k, doc in enumerate(facts.documents):
        if doc.exempt is not None:
            places.append((doc.exempt, ("documents", k, "exempt"), "this exempt document"))
    for exempt, loc, what in places:
        if exempt.paragraph is None:
            report(source.key_at(*loc), f"{what} does not name its Schedule 12A paragraph (1-7); "
                                    "add 'paragraph:' if the source gives it")


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]
