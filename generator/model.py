"""The content model: what an authority, body, person, issue and meeting record may say.

Field names are the council's own words. Facts a source record does not give are left out (or, for
a meeting's date, written as `unknown`) rather than invented: the templates then say "not recorded".
Every model forbids unknown fields, so a mistyped field name is an error, not a silently lost fact.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Hashable, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]


def _date_or_unknown(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() == "unknown":
        return None
    if value is None:
        raise ValueError("no date given; write the date as YYYY-MM-DD, or 'unknown' if the record does not say")
    return _date(value)


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"'{text}' is not a date; write dates as YYYY-MM-DD, e.g. 2009-11-23")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a real date ({exc}); write dates as YYYY-MM-DD") from None


def _time(value: Any) -> Any:
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text)
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValueError(f"'{text}' is not a time; write times on the 24-hour clock as HH:MM, e.g. 10:00 or 18:30")
    return f"{int(m[1]):02d}:{m[2]}"


def _none_means_empty(value: Any) -> Any:
    """`declarations: none` is an explicit statement that none were made (an empty list)."""
    if isinstance(value, str) and value.strip().lower() in {"none", "none declared"}:
        return []
    return value


def _web_link(value: Any) -> Any:
    """Only http(s) links reach a page: no javascript:, data:, file: or relative tricks."""
    text = str(value).strip()
    if not re.fullmatch(r"https?://[^\s<>\"'`\\]+", text, re.IGNORECASE):
        raise ValueError(f"'{text[:80]}' is not a web link; links start with https:// or http://")
    return text


def _document_file(value: Any) -> Any:
    """A path under <authority>/documents/ that is safe on every file system and as a URL."""
    text = str(value).strip()
    parts = text.split("/")
    devices = {"con", "prn", "aux", "nul", "clock$"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}
    if not all(re.fullmatch(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9]+)*", p) and p.split(".")[0] not in devices
               for p in parts) or len(text) > 200:
        raise ValueError(f"'{text[:80]}' is not a usable document file name; use lower-case letters, digits, "
                         "hyphens and dots, and folders separated by '/', e.g. 'reports/cs17089.pdf'")
    return text


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


Date = Annotated[dt.date, BeforeValidator(_date, json_schema_input_type=dt.date)]
DateOrUnknown = Annotated[Optional[dt.date], BeforeValidator(_date_or_unknown,
                                                              json_schema_input_type=Union[dt.date, Literal["unknown"]])]
Time = Annotated[str, BeforeValidator(_time, json_schema_input_type=Annotated[str, Field(pattern=r"^\d{1,2}[:.]\d{2}$")])]
WebLink = Annotated[str, BeforeValidator(_web_link, json_schema_input_type=Annotated[str, Field(pattern=r"^https?://")])]
DocumentFile = Annotated[str, BeforeValidator(_document_file)]
Markdown = str  # text in markdown; rendered with raw HTML disabled


class _GivenFields(set):
    """The names of the fields a record gave, one set shared by every model that gave the same ones."""

    def add(self, name: str) -> None:
        raise TypeError(f"'{name}' was set on a validated model, whose set of given fields is shared with "
                        "others: make a changed copy with model_copy(update=...) instead")

    def __reduce__(self) -> tuple:
        return given_fields, (tuple(sorted(self)),)  # unpickled (kept.py), it is shared again; sorted: the
        # same bytes whatever order this process's string hashes put the set in


# by the names' frozenset, and by each other form they were asked for in (unpickling: a sorted tuple)
_GIVEN_FIELDS: dict[Hashable, _GivenFields] = {}


def given_fields(names: frozenset[str] | tuple[str, ...]) -> _GivenFields:
    """The one set of these fields' names that every model giving just them shares."""
    shared = _GIVEN_FIELDS.get(names)  # (unpickling asks ~600,000 times at 10,000 meetings, for a few thousand)
    if shared is None:
        key = frozenset(map(sys.intern, names))  # the very strings that are the fields' names, as when validated
        shared = _GIVEN_FIELDS.get(key)
        if shared is None:
            shared = _GIVEN_FIELDS[key] = _GivenFields(key)
        _GIVEN_FIELDS[names] = shared
    return shared


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    """A model's fields' names, in order: pydantic's `model_fields` is a descriptor that checks how it
    was reached on every call (a third of unpickling 600,000 records at 10,000 meetings)."""
    names = _FIELD_NAMES.get(model)
    if names is None:
        names = _FIELD_NAMES[model] = tuple(model.model_fields)
    return names


# pydantic's slots, set straight through their descriptors (unpickling sets them ~600,000 times)
_SET_GIVEN, _SET_EXTRA, _SET_PRIVATE = (BaseModel.__dict__[name].__set__ for name in
                                        ("__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"))


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True,
                              coerce_numbers_to_str=True)

    def model_post_init(self, context: Any, /) -> None:
        """Share the set of given fields' names among models that gave the same ones: a few thousand
        distinct sets, against one per model (~250,000 for 4,000 meetings, 62 MB)."""
        object.__setattr__(self, "__pydantic_fields_set__", given_fields(frozenset(self.__pydantic_fields_set__)))

    def __getstate__(self) -> tuple:
        """Pickled (kept.py) as the fields' values alone: unpickled, the names are the class's own,
        shared, where pydantic's state gave each meeting's records their own copies (+68 MB at 10,000).
        (Read one by one: asking for `__dict__` would make the dict that `compact` did without.)"""
        return tuple(map(self.__getattribute__, _field_names(type(self)))), self.__pydantic_fields_set__

    def __setstate__(self, state: tuple) -> None:
        values, given = state
        for name, value in zip(_field_names(type(self)), values):  # held as `compact` holds them
            if type(value) is str:
                value = _share(value, value)
            _SETATTR(self, name, value)
        _SET_GIVEN(self, given)
        _SET_EXTRA(self, None)
        _SET_PRIVATE(self, None)


_SETATTR = object.__setattr__
# One string for each text that records repeat (a person's id, a role, a verb, "Option 1", a
# decision's stock wording): each file read, and each kept record unpickled, makes its own copy,
# and at 10,000 meetings the copies were 63 MB of the site's 165 MB of text. The table is only for
# while an archive is read (`validate.validate_archive` empties it): once it is, the records hold
# the strings, and a table held for the build would cost more than it spares.
_SHARED: dict[str, str] = {}
_share = _SHARED.setdefault


def shared(text: Optional[str]) -> Optional[str]:
    """The one string of `text` while an archive is read (`_SHARED`)."""
    return text if text is None else _share(text, text)


def forget_shared() -> None:
    _SHARED.clear()

# What an empty list field holds once validated: one shared empty tuple, not a list each (10,000
# meetings: ~850,000 of them, ~40 MB); read-only, as validated records are, so a change fails loudly.
# Only in fields that are an empty list unless given (`_listed`): where an empty list says something
# other than the field's default (a vote's `for: []`, nobody, against None, not recorded), it stays one.
NONE_GIVEN: tuple = ()
_LISTED: dict[type, frozenset[str]] = {}


def _listed(model: type[BaseModel]) -> frozenset[str]:
    """The fields of `model` that are an empty list when not given."""
    names = _LISTED.get(model)
    if names is None:
        names = _LISTED[model] = frozenset(name for name, field in model.model_fields.items()
                                           if field.default_factory is list)
    return names


def compact(model: Any) -> Any:
    """The same validated model (and the models in it), each holding its values in the instance
    itself rather than in a dict of its own.

    CPython keeps an object's attributes as an array of values beside keys shared by its class, until
    something asks for its `__dict__`; pydantic gives each model a dict, ~350 bytes more for an item's
    facts (10,000 meetings: ~110 MB of ~600 MB). The values are the same objects but for empty lists,
    which become `NONE_GIVEN`, and text, which is shared (`_SHARED`); the models behave the same
    (pydantic's `==` and copies make the dict of the instances they read, when they read them)."""
    cls = type(model)
    held = cls.__new__(cls)
    for name, value in model.__dict__.items():
        if type(value) is str:
            value = _share(value, value)
        elif isinstance(value, BaseModel):
            value = compact(value)
        elif type(value) is list:
            if not value and name in _listed(cls):
                value = NONE_GIVEN
            else:
                value = [compact(each) if isinstance(each, BaseModel) else
                         _share(each, each) if type(each) is str else each for each in value]
        _SETATTR(held, name, value)
    _SET_GIVEN(held, model.__pydantic_fields_set__)
    _SET_EXTRA(held, model.__pydantic_extra__)
    _SET_PRIVATE(held, model.__pydantic_private__)
    return held


VERBS = (
    "AGREED", "NOTED", "RESOLVED", "APPROVED", "NOT APPROVED", "DEFERRED", "WITHDRAWN", "REFERRED",
    "RECOMMENDED", "ENDORSED", "ADOPTED", "REJECTED", "DELEGATED", "LOST", "CARRIED", "CONSIDERED",
)
Verb = Annotated[Literal[VERBS], BeforeValidator(_upper)]  # type: ignore[valid-type]  # any case accepted

BODY_KINDS = ("council", "executive", "executive-member", "officer", "committee", "scrutiny-committee",
              "working-party", "other")
BODY_KIND_NAMES = {
    "council": "Full council", "executive": "Executive", "executive-member": "Single executive member",
    "officer": "Officer (delegated powers)", "committee": "Committee",
    "scrutiny-committee": "Scrutiny committee", "working-party": "Working party", "other": "Other body",
}


class Exempt(Model):
    """Why material is withheld: Local Government Act 1972, Schedule 12A (or another ground)."""

    paragraph: Optional[int] = Field(None, ge=1, le=7, description="Schedule 12A paragraph, 1-7, if the record gives it")
    reason: str = Field(description="the ground as the record states it")


class ExemptNote(Model):
    """A note whose content is exempt: only the fact that it is withheld, and why, is published."""

    text: Markdown
    exempt: Exempt


def _note(value: Any) -> Any:
    return value if isinstance(value, dict) else str(value) if value is not None else ""


Note = Annotated[Union[Markdown, ExemptNote], BeforeValidator(_note, json_schema_input_type=Union[str, ExemptNote])]


class PersonRef(Model):
    """Someone named in a record: a known person by id, and/or the role or name the record gives."""

    person: Optional[Slug] = None
    name: Optional[str] = None
    role: Optional[str] = Field(None, description="the role held on that day, as the record words it")

    @model_validator(mode="after")
    def _something(self) -> "PersonRef":
        if not (self.person or self.name or self.role):
            raise ValueError("give at least one of 'person' (an id), 'name' or 'role'")
        return self


class Attendee(PersonRef):
    chair: bool = False
    substitute_for: Optional[Slug] = None
    left_after: Optional[str] = Field(None, description="the item number after which they left")
    arrived_at: Optional[str] = Field(None, description="the item number at which they arrived")
    note: Optional[str] = None


class Attendance(Model):
    present: list[Attendee] = Field(default_factory=list)
    apologies: list[Attendee] = Field(default_factory=list)
    in_attendance: list[Attendee] = Field(default_factory=list)
    absent: list[Attendee] = Field(default_factory=list)


class Document(Model):
    title: str
    kind: Literal["report", "appendix", "background-paper", "minutes", "agenda", "decision-notice",
                  "forward-plan", "other"] = "other"
    url: Optional[WebLink] = Field(None, description="a link to the document elsewhere")
    file: Optional[DocumentFile] = Field(None, description="a file under <authority>/documents/")
    item: Optional[str] = Field(None, description="the number of the item of the same meeting where it is taken")
    exempt: Optional[Exempt] = None
    note: Optional[str] = None



class Part(Model):
    """A numbered or lettered part of a decision or recommendation: (i), (1), (a), 1., a) …"""

    label: Optional[str] = None
    verb: Optional[Verb] = None
    text: Markdown = ""
    parts: list["Part"] = Field(default_factory=list)


class Option(Model):
    label: Optional[str] = None
    text: Markdown
    outcome: Literal["chosen", "rejected", "considered"] = "considered"
    reason: Optional[Markdown] = None


class Implication(Model):
    heading: str
    text: Markdown


class Consultation(Model):
    """The same report considered by another body first (OParl's Consultation)."""

    body: Slug
    authority: Optional[Slug] = None
    date: DateOrUnknown
    text: Markdown = ""


class Declaration(Model):
    person: Optional[Slug] = None
    name: Optional[str] = None
    interest: Markdown
    kind: Optional[str] = Field(None, description="e.g. disclosable pecuniary, other registrable, non-registrable")
    left_meeting: Optional[bool] = None
    dispensation: Optional[Markdown] = None


Declarations = Annotated[Optional[list[Declaration]],
                         BeforeValidator(_none_means_empty,
                                         json_schema_input_type=Union[list[Declaration], Literal["none"], None])]


class Vote(Model):
    motion: Optional[str] = Field(None, description="what was voted on: a part, an amendment, a candidate")
    votes_for: Union[int, list[Slug], None] = Field(None, alias="for")
    against: Union[int, list[Slug], None] = None
    abstained: Union[int, list[Slug], None] = None
    absent: Union[int, list[Slug], None] = None
    unanimous: bool = False
    result: Optional[Literal["carried", "lost", "tied", "elected"]] = None
    mover: Optional[PersonRef] = None
    seconder: Optional[PersonRef] = None


class CallIn(Model):
    deadline: Optional[Date] = None
    called_in: Optional[bool] = None
    outcome: Optional[Markdown] = None
    exempt_reason: Optional[Markdown] = Field(None, description="why the decision is not subject to call-in")


class Decision(Model):
    verb: Optional[Verb] = Field(None, description="leave out if the record gives no verb")
    by: Optional[str] = Field(None, description="who decided, as the record words it")
    text: Markdown = ""
    parts: list[Part] = Field(default_factory=list)
    reasons: Optional[Markdown] = None
    options: list[Option] = Field(default_factory=list)
    alternatives_rejected: Optional[Markdown] = None
    declarations: Declarations = None
    votes: list[Vote] = Field(default_factory=list)
    key_decision: Optional[bool] = None
    key_decision_reference: Optional[str] = None
    notice_published: Optional[Date] = Field(None, description="when the key decision notice (forward plan) was published")
    made: Optional[Date] = None
    published: Optional[Date] = None
    effective_from: Optional[Date] = None
    call_in: Optional[CallIn] = None
    wards: list[str] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class Report(Model):
    reference: Optional[str] = None
    title: Optional[str] = None
    author: Optional[PersonRef] = Field(None, description="'Report of': the person or role submitting it")
    from_body: Optional[Slug] = Field(None, description="a body of the same authority that made the report")
    summary: Optional[Markdown] = None
    advising_officer: Optional[PersonRef] = None
    contact_officer: Optional[PersonRef] = None
    public: Optional[str] = Field(None, description="the record's own public/exempt statement, as written")
    exempt: Optional[Exempt] = None
    wards: list[str] = Field(default_factory=list)
    function_of: Optional[str] = None
    key_decision: Optional[bool] = None
    key_decision_reference: Optional[str] = None
    urgency: Optional[str] = Field(None, description="reason for urgency or exemption from call-in; '' if left blank")
    implications: list[Implication] = Field(default_factory=list)
    scrutiny_comments: Optional[Markdown] = None
    recommendations: list[Part] = Field(default_factory=list)
    reason_for_recommendations: Optional[Markdown] = None
    documents: list[Document] = Field(default_factory=list)
    location_of_papers: Optional[str] = None
    consultations: list[Consultation] = Field(default_factory=list)


class Cell(Model):
    """A table cell whose figure and printed text differ, e.g. `{value: 6, text: "6 (Estimated)"}`."""

    value: Optional[Decimal] = None
    text: str


class Row(Model):
    kind: Literal["row", "section", "total"] = "row"
    cells: list[Cell]
    of: Literal["section", "all"] = "section"


def _number(text: str) -> Optional[Decimal]:
    t = text.replace(",", "").replace("£", "").strip()
    if re.fullmatch(r"-?\d+(\.\d+)?", t):
        try:
            return Decimal(t)
        except InvalidOperation:  # pragma: no cover - regex admits only decimals
            return None
    return None


def _cell(value: Any) -> Any:
    if isinstance(value, dict):
        return value
    if value is None:
        return {"text": "", "value": None}
    if isinstance(value, bool):
        raise ValueError("a table cell cannot be true/false; put the text in quotes")
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        text = f"{number:,}" if isinstance(value, int) else str(value)
        return {"text": text, "value": number}
    return {"text": str(value), "value": _number(str(value))}


def _row(value: Any) -> Any:
    """Rows are written as lists; `{section: name}` and `{total: [...]}` mark headings and totals."""
    if isinstance(value, list):
        return {"kind": "row", "cells": [_cell(c) for c in value]}
    if isinstance(value, dict):
        if set(value) <= {"section"} and "section" in value:
            return {"kind": "section", "cells": [_cell(value["section"])]}
        if "total" in value and set(value) <= {"total", "of"}:
            cells = value["total"] if isinstance(value["total"], list) else [value["total"]]
            return {"kind": "total", "cells": [_cell(c) for c in cells], "of": value.get("of", "section")}
        raise ValueError("a row is a list of cells, or {section: title}, or {total: [cells], of: section|all}")
    raise ValueError("a row is a list of cells, e.g. [Youth Service, 400]")


CellInput = Union[str, int, float, None, Cell]


class SectionRow(Model):
    section: str


class TotalRow(Model):
    total: Union[list[CellInput], CellInput]
    of: Literal["section", "all"] = "section"


RowInput = Union[list[CellInput], SectionRow, TotalRow]


class Column(Model):
    label: str
    numeric: bool = False


def _column(value: Any) -> Any:
    return {"label": value} if isinstance(value, str) else value


class Table(Model):
    """A table of figures in an item's narrative; totals are checked against their rows."""

    caption: str
    unit: Optional[str] = Field(None, description="e.g. £000; shown with the caption")
    columns: list[Annotated[Column, BeforeValidator(_column, json_schema_input_type=Union[str, Column])]]
    rows: list[Annotated[Row, BeforeValidator(_row, json_schema_input_type=RowInput)]]
    notes: list[Note] = Field(default_factory=list)


class Item(Model):
    """An item's facts (its ```yaml block); number, title and narrative come from the markdown."""

    number: Optional[str] = Field(None, description="the item number as the council gives it, if not in the heading")
    issues: list[Slug] = Field(default_factory=list)
    standing: bool = Field(False, description="a standing item, taken at every meeting")
    reports: list[Report] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    declarations: Declarations = None
    wards: list[str] = Field(default_factory=list)
    exempt: Optional[Exempt] = None
    documents: list[Document] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    published: Optional[Date] = Field(None, description="when this item may be published, if later than the meeting's record")


class Source(Model):
    """What kind of document the archive's record was made from."""

    kind: Literal["minutes", "record-of-decisions", "decision-notice", "report", "agenda-item", "issue-page",
                  "other"]
    title: Optional[str] = None
    url: Optional[WebLink] = None
    note: Optional[Markdown] = None


class Meeting(Model):
    """The YAML facts at the top of a meeting file."""

    body: Slug
    date: DateOrUnknown
    time: Optional[Time] = None
    venue: Optional[str] = None
    status: Literal["scheduled", "held", "cancelled", "postponed", "unknown"]
    title: Optional[str] = Field(None, description="the record's own title, e.g. 'Record of decisions'")
    source: Optional[Source] = None
    attendance: Attendance = Field(default_factory=Attendance)
    declarations: Declarations = None
    documents: list[Document] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    published: Optional[Date] = Field(None, description="when the record may be published: it is left out of the site until then")


class Authority(Model):
    name: str
    short_name: Optional[str] = None
    website: Optional[WebLink] = None
    call_in_days: Optional[int] = Field(None, ge=0, le=30, description="working days for call-in, from the constitution")
    language: Literal["en", "cy"] = "en"
    notes: list[Note] = Field(default_factory=list)


class Body(Model):
    name: str
    kind: Literal[BODY_KINDS]  # type: ignore[valid-type]
    description: Optional[Markdown] = None
    reports_to: Optional[Slug] = None
    notes: list[Note] = Field(default_factory=list)


class Role(Model):
    title: str
    body: Optional[Slug] = None
    start: Optional[Date] = Field(None, alias="from")
    end: Optional[Date] = Field(None, alias="to")
    note: Optional[str] = None


class Person(Model):
    kind: Literal["councillor", "officer", "other"]
    honorific: Optional[str] = Field(None, description="Mr, Mrs, Ms, Miss, Dr … as the record gives it")
    given_name: Optional[str] = None
    initials: Optional[str] = None
    family_name: str
    party: Optional[str] = None
    ward: Optional[str] = None
    roles: list[Role] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


class IssueEvent(Model):
    """A step in an issue known from elsewhere, not a meeting record in this archive."""

    date: DateOrUnknown
    authority: Slug
    body: Optional[Slug] = None
    text: Markdown


class Issue(Model):
    title: str
    summary: Optional[Markdown] = None
    events: list[IssueEvent] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


Part.model_rebuild()


SCHEMA_KINDS = {
    "authority": (Authority, "content/<authority>/authority.yaml: a council"),
    "body": (Body, "content/<authority>/bodies/<body>.yaml: a body that takes decisions"),
    "person": (Person, "content/<authority>/people/<person>.yaml: a councillor or officer"),
    "issue": (Issue, "content/issues/<issue>.yaml: a matter followed across meetings and authorities"),
    "meeting": (Meeting, "the YAML facts between the '---' lines at the top of a meeting file"),
    "item": (Item, "the ```yaml block under an item's '## ' heading in a meeting file"),
    "table": (Table, "a ```table block of figures in an item's narrative"),
}


def json_schemas() -> dict[str, dict]:
    """A JSON Schema (draft 2020-12) per kind of content, generated from the model so it cannot drift."""
    schemas = {}
    for kind, (cls, description) in SCHEMA_KINDS.items():
        schema = cls.model_json_schema(by_alias=True, mode="validation")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"minutebook:{kind}",
                  **schema, "title": f"Minutebook {kind}", "description": description}
        schemas[kind] = schema
    return schemas


# What a decision or a report says, as opposed to what it links to or when: `link` neither reads nor
# copies these; its views hold the model they are in, and the pages read them from there. (The verbs of
# a decision's parts are not among them: they classify the decision in the register and the search.)
DECISION_TEXT = ("text", "reasons", "options", "alternatives_rejected")
REPORT_TEXT = ("summary", "implications", "scrutiny_comments", "recommendations", "reason_for_recommendations")
# The attributes, of a meeting's or item's record and of what it holds (the item's facts, a decision's
# or report's), that an edit `link.same_links` lets through may change: the text above, the lists that
# hold it, where each item is in the file. What a page reads of a record by any other name is as it was.
TEXT_SAID = frozenset([*DECISION_TEXT, *REPORT_TEXT, "parts", "decisions", "reports", "items", "preamble",
                       "preamble_tables", "narrative", "held_narrative", "tables", "where"])
