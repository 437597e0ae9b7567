"""Stage 2, validate: raw records → typed models, each fault reported at its file, line and column.

Checks that need only one record are made here: types, required fields, dates, ids, item numbering,
tables whose stated totals differ from their rows, and PDF litter. Checks that need the whole archive
(unknown references) are made by `link`.
"""
from __future__ import annotations

import dataclasses
import itertools
import os
import re
import types
import typing
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from pydantic import BaseModel, ValidationError

from . import model as m
from .kept import KeptRecords, Made
from .load import (RECORD_LISTS, FileCache, PosDict, PosList, RawArchive, RawItem, RawMeeting, RawRecord, RawTable,
                   read_meeting, read_record, read_text, read_yaml)
from .problems import ContentError, Position, Problems, did_you_mean
from .write import can_fork, forked

# URL segments the site uses itself, so no authority, body, person or meeting may take them.
RESERVED = {"assets", "issues", "years", "people", "documents", "search", "data", "feeds", "404", "index",
            "decisions", "forward-plan", "accessibility", "wards", "sitemap", "robots",
            "con", "prn", "aux", "nul", "clock"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}


@dataclasses.dataclass(slots=True)
class Source:
    """Where a record's values are in its file, for pointing errors at the exact line.

    A build lets go of each record's YAML once it is validated (`forget`); an error found later
    (by `link`) reads the file again to find its line.
    """

    path: Path
    data: Any = None  # PosDict of the record's YAML
    fallback: Position | None = None
    item: int | None = None  # in a meeting file, the item whose ```yaml block this is; None: the front matter
    forgotten: bool = False

    def forget(self) -> None:
        self.data, self.forgotten = None, True

    def __getstate__(self) -> tuple:
        """Pickled (kept.py) without the YAML, which `at` may have read again, exempt content and all."""
        return self.path, self.fallback, self.item

    def __setstate__(self, state: tuple) -> None:
        self.path, self.fallback, self.item = state
        self.data, self.forgotten = None, True

    def _tree(self) -> Any:
        if self.forgotten:
            self.forgotten = False
            try:
                if self.path.suffix != ".md":
                    self.data = read_yaml(read_text(self.path), self.path)
                elif self.item is None:
                    self.data = read_meeting(self.path).facts
                else:
                    self.data = read_meeting(self.path).items[self.item].facts
            except (ContentError, IndexError):  # changed since: the error points at the top of the file
                pass
        return self.data

    def at(self, *loc: Any) -> Position:
        """The position of the value at `loc`, or of its nearest parent that exists."""
        node, where = self._tree(), self.fallback or Position(self.path, 1, 1)
        if isinstance(node, (PosDict, PosList)):
            where = Position(self.path, *node.start)
        for key in loc:
            if isinstance(node, PosDict) and key in node:
                where = Position(self.path, *node.value_at(key))
                node = node[key]
            elif isinstance(node, PosList) and isinstance(key, int) and 0 <= key < len(node):
                where = Position(self.path, *node.value_at(key))
                node = node[key]
            else:
                break
        return where

    def key_at(self, *loc: Any) -> Position:
        """The position of the key (not the value) at `loc`, for 'unknown field' errors."""
        parent = self._tree()
        for key in loc[:-1]:
            if isinstance(parent, (PosDict, PosList)):
                try:
                    parent = parent[key]
                except (KeyError, IndexError, TypeError):
                    return self.at(*loc)
        if isinstance(parent, PosDict) and loc and loc[-1] in parent:
            return Position(self.path, *parent.key_at(loc[-1]))
        return self.at(*loc)


@dataclasses.dataclass(eq=False, slots=True)
class TableRecord:
    table: m.Table
    key: str
    where: Position
    # (row index, column index, stated, sum of rows) for every total that does not add up
    discrepancies: list[tuple[int, int, Decimal, Decimal]]


# An item's narrative longer than this is held compressed (zlib, level 1), and made text again each
# time it is read (~7 µs): narratives were 78 MB of the 282 MB that every process of a build holds at
# 10,000 meetings, and compress to less than half (1,000 meetings: 7.6 -> 3.4 MB, /tmp/s33/narr.py).
NARRATIVE_HELD_AS_TEXT = 256


@dataclasses.dataclass(eq=False, slots=True)
class ItemRecord:
    number: str | None
    title: str
    slug: str
    facts: m.Item
    held_narrative: str | bytes  # its narrative (`narrative`), compressed if long
    tables: dict[str, TableRecord]
    where: Position
    source: Source

    @property
    def narrative(self) -> str:
        held = self.held_narrative
        return held if type(held) is str else zlib.decompress(held).decode("utf-8")


def _held(narrative: str) -> str | bytes:
    """A narrative as `ItemRecord` holds it."""
    return narrative if len(narrative) <= NARRATIVE_HELD_AS_TEXT else zlib.compress(narrative.encode("utf-8"), 1)


@dataclasses.dataclass(eq=False, slots=True)
class MeetingRecord:
    authority: str
    slug: str
    facts: m.Meeting
    preamble: str
    preamble_tables: dict[str, TableRecord]
    items: list[ItemRecord]
    source: Source


@dataclasses.dataclass(eq=False, slots=True)
class Record:
    """An authority, body, person or issue: its id (from the file or folder name) and facts."""

    id: str
    authority: str | None
    facts: Any
    source: Source


@dataclasses.dataclass
class Archive:
    root: Path
    authorities: list[Record]
    bodies: list[Record]
    people: list[Record]
    issues: list[Record]
    meetings: list[MeetingRecord]
    documents: list[Path]


def validate_archive(raw: RawArchive, problems: Problems, cache: Optional[FileCache] = None,
                     positions: bool = True, kept: Optional[KeptRecords] = None,
                     kept_others: Optional[KeptRecords] = None) -> Archive:
    """Typed records of everything `load` read; with a `cache`, a meeting file read before is not
    validated again (its record and problems are reused: no later stage changes a record).
    Without `positions`, each record lets go of its YAML as soon as it is made (`Source.forget`):
    a one-off build holds one meeting's YAML at a time. With `kept` (and without `positions`), a
    meeting file whose bytes are those of the previous build's is not read: that build's record is;
    and so, with `kept_others`, for the authorities', bodies', people's and issues' files that `load`
    left unread (`RawArchive.unread_records`)."""
    archive = Archive(raw.root, [], [], [], [], [], sorted(raw.documents))
    found = kept_others.find(path for _, _, path in raw.unread_records) if kept_others is not None else {}
    for kind, cls in [("authority", m.Authority), ("body", m.Body), ("person", m.Person), ("issue", m.Issue)]:
        out = getattr(archive, RECORD_LISTS[kind])
        for validated in itertools.chain(
                (_validate_record(record, cls, problems) for record in getattr(raw, RECORD_LISTS[kind])),
                (_kept_or_validated(kind, authority, path, cls, problems, found, kept_others)
                 for of, authority, path in raw.unread_records if of == kind)):
            if validated is not None:
                out.append(validated)
                if not positions:
                    validated.source.forget()
    _check_unique(archive.people, "person", problems, lambda r: r.id)
    for meeting, found in _meeting_records(raw, problems, cache, kept):
        problems.extend(found)
        if meeting is not None:
            _share_text(meeting)
            archive.meetings.append(meeting)
            if not positions:
                meeting.source.forget()
                for item in meeting.items:
                    item.source.forget()
    m.forget_shared()
    return archive


def _share_text(meeting: MeetingRecord) -> None:
    """One string for each text that meetings repeat (`model.shared`): an item's stock title, its
    number, a stock narrative ("No apologies for absence were received."), whether the meeting's
    record was read anew or kept."""
    meeting.authority, meeting.preamble = m.shared(meeting.authority), m.shared(meeting.preamble)
    for item in meeting.items:
        item.number, item.title, item.slug = m.shared(item.number), m.shared(item.title), m.shared(item.slug)
        if type(item.held_narrative) is str:
            item.held_narrative = m.shared(item.held_narrative)


def _meeting_records(raw: RawArchive, problems: Problems, cache: Optional[FileCache],
                     kept: Optional[KeptRecords]) -> Iterator[tuple[MeetingRecord | None, list]]:
    """Each meeting's record and the problems found in its file, in the order of the files."""
    if kept is None:
        for authority, raw_meeting in raw.each_meeting(problems):
            yield (_validated_alone(authority, raw_meeting) if cache is None
                   else validated_meeting(authority, raw_meeting, cache))
        return
    found = kept.find(path for _, path in raw.unread)
    anew = [(authority, path) for authority, path in raw.unread if str(path) not in found]
    in_two = len(anew) >= READ_IN_TWO_FROM and (os.cpu_count() or 1) >= 2 and can_fork()
    aside = _ReadAside(anew[len(anew) // 2:]) if in_two else None  # the second half
    try:
        for authority, path in raw.unread:
            made = found.get(str(path))
            if made is None:
                try:
                    if aside is not None and str(path) in aside.names:
                        made = aside.take(str(path))
                    else:
                        made = _validated_alone(authority, read_meeting(path))
                        if aside is not None:
                            aside.poll()
                except ContentError as exc:
                    problems.add(exc)
                    continue
                kept.add(path, made)
            yield made
    finally:
        if aside is not None:
            aside.close()


READ_IN_TWO_FROM = 100  # meeting files to read anew: from this many, half are read in a second process
_PART = 50  # meetings' records sent back at a time


class _ReadAside:
    """Meeting files read and validated in a forked process (a whole build reads ~10,000 of them:
    ~17 s in one process), their records sent back in parts as they are made. Records are pickled
    without their YAML (`Source.__getstate__`), as kept.py keeps them; a file's error comes back
    as the `ContentError` reading it raised."""

    def __init__(self, files: list[tuple[str, Path]]):
        self.names = {str(path) for _, path in files}
        self._made: dict[str, tuple[Optional[Made], Optional[tuple[Position, str]]]] = {}
        self._process, self._pipe = forked(lambda part: _read_in_parts(files, part))
        self._done = False

    def poll(self) -> None:
        """Take in the parts sent so far, so that the other process never waits on a full pipe."""
        while not self._done and self._pipe.poll():
            self._receive()

    def take(self, name: str) -> Made:
        """The record made of the file `name` (waiting for it), or raise its file's ContentError."""
        while name not in self._made:
            if self._done:
                raise RuntimeError(f"reading meeting files in another process sent nothing for {name}")
            self._receive()
        made, error = self._made.pop(name)
        if error is not None:
            raise ContentError(*error)
        return made  # type: ignore[return-value]

    def _receive(self) -> None:
        try:
            kind, sent = self._pipe.recv()
        except EOFError:
            raise RuntimeError("reading meeting files in another process failed: it ended without a word") from None
        if kind == "failed":
            raise RuntimeError(f"reading meeting files in another process failed:\n{sent}")
        self._made.update(sent)
        self._done = kind == "done"

    def close(self) -> None:
        self._pipe.close()
        if self._done:
            self._process.join()
        else:  # the build stopped before taking it all
            self._process.kill()
            self._process.join()


def _read_in_parts(files: list[tuple[str, Path]], part: Callable[[Any], None]) -> dict:
    made: dict[str, tuple[Optional[Made], Optional[tuple[Position, str]]]] = {}
    for authority, path in files:
        try:
            made[str(path)] = (_validated_alone(authority, read_meeting(path)), None)
        except ContentError as exc:
            made[str(path)] = (None, (exc.where, exc.message))
        if len(made) == _PART:
            part(made)
            made = {}
    return made


def validated_meeting(authority: str, raw: RawMeeting, cache: FileCache) -> tuple[MeetingRecord | None, list]:
    """The record of one meeting file and the problems found in it, made once for what `cache` read."""
    return cache.made(raw, lambda: _validated_alone(authority, raw))


def validated_person(raw: RawRecord) -> tuple[Record | None, list]:
    """The record of one person's file and the problems found in it."""
    found = Problems()
    return _validate_record(raw, m.Person, found), list(found)


def _validated_alone(authority: str, raw: RawMeeting) -> tuple[MeetingRecord | None, list]:
    found = Problems()
    return _validate_meeting(authority, raw, found), list(found)


def _record_id(path: Path, problems: Problems, name: str | None = None) -> str | None:
    ident = name if name is not None else path.stem
    if not re.fullmatch(m.SLUG_PATTERN, ident) or len(ident) > 80:
        problems.error(Position(path, 1, 1), f"'{ident}' cannot be an id: rename it using lower-case letters, digits "
                                       f"and single hyphens only (e.g. '{slugify(ident) or 'cllr-murray'}')")
        return None
    if ident in RESERVED:
        problems.error(Position(path, 1, 1), f"'{ident}' is a name the site uses for its own pages; choose another")
        return None
    return ident


def _kept_or_validated(kind: str, authority: Optional[str], path: Path, cls: type[BaseModel], problems: Problems,
                       found: dict[str, Made], kept: Optional[KeptRecords]) -> Record | None:
    """The record of an authority's, body's, person's or issue's file as the previous build made it
    (`found`), if its bytes are the same; else read and validated now (and added to `kept`)."""
    made = found.get(str(path))
    if made is None:
        try:
            raw = read_record(kind, path, authority)
        except ContentError as exc:  # (not kept: the next build reads it again, and says so again)
            problems.add(exc)
            return None
        alone = Problems()
        made = (_validate_record(raw, cls, alone), list(alone))
        if kept is not None:
            kept.add(path, made)
    problems.extend(made[1])
    return made[0]


def _validate_record(record: RawRecord, cls: type[BaseModel], problems: Problems) -> Record | None:
    source = Source(record.path, record.data)
    if record.kind == "authority":
        ident = _record_id(record.path, problems, record.authority)
    else:
        ident = _record_id(record.path, problems)
    facts = parse_model(cls, record.data, source, problems)
    if ident is None or facts is None:
        return None
    return Record(ident, record.authority, _withheld(facts, record.data), source)


def _withheld(facts: Any, raw: Any) -> Any:
    """`withhold_exempt`, skipped for records whose YAML never says 'exempt' (nearly all of them)."""
    return withhold_exempt(facts) if getattr(raw, "mentions_exempt", True) else facts


def withhold_exempt(value: Any) -> Any:
    """The same facts with every exempt thing reduced to the fact that it is exempt, and why.

    Applied as soon as a record is validated, so exempt content never reaches link, render, the
    search index or any other output, whatever a template or exporter does. Returns the very same
    object when nothing in it is exempt.
    """
    if isinstance(value, list):
        redacted = [withhold_exempt(v) for v in value]
        return value if all(a is b for a, b in zip(redacted, value)) else redacted
    if not isinstance(value, BaseModel):
        return value
    if isinstance(value, m.ExemptNote):
        return m.ExemptNote(text="", exempt=value.exempt)
    if isinstance(value, m.Document) and value.exempt is not None:
        return m.Document(title=value.title, kind=value.kind, item=value.item, exempt=value.exempt, note=value.note)
    if isinstance(value, m.Report) and value.exempt is not None:
        return m.Report(reference=value.reference, title=value.title, author=value.author,
                        from_body=value.from_body, public=value.public, exempt=value.exempt)
    if isinstance(value, m.Item) and value.exempt is not None:
        return m.Item(number=value.number, issues=value.issues, standing=value.standing, exempt=value.exempt,
                      notes=withhold_exempt(value.notes), published=value.published)
    changes = {}
    for name in type(value).model_fields:
        child = getattr(value, name)
        redacted = withhold_exempt(child)
        if redacted is not child:
            changes[name] = redacted
    return value.model_copy(update=changes) if changes else value


def _check_unique(records: list[Record], kind: str, problems: Problems, key) -> None:
    seen: dict[str, Record] = {}
    for record in records:
        k = key(record)
        if k in seen:
            problems.error(Position(record.source.path, 1, 1),
                           f"the {kind} id '{record.id}' is already used by {seen[k].source.path}; ids must be unique")
        else:
            seen[k] = record


def parse_model(cls: type[BaseModel], data: Any, source: Source, problems: Problems,
                prefix: tuple = ()) -> Any:
    if data is None:
        data = {}
    try:
        return m.compact(cls.model_validate(data))
    except ValidationError as exc:
        for error in _most_specific(exc.errors()):
            loc = error["loc"]
            where = source.key_at(*prefix, *loc) if error["type"] == "extra_forbidden" else source.at(*prefix, *loc)
            problems.error(where, explain(error, cls))
        return None


def _is_union_tag(key: Any) -> bool:
    """pydantic names the branch of a Union in an error's location ('str', 'ExemptNote', 'list[…]')."""
    return isinstance(key, str) and (key in {"str", "int", "float", "bool", "decimal", "none"}
                                     or "[" in key or key[:1].isupper())


def _most_specific(errors: list[dict]) -> list[dict]:
    """One error per mistake: of a Union's branches, keep the one that got furthest into the value."""
    for error in errors:
        error["loc"] = tuple(k for k in error["loc"] if not _is_union_tag(k))
    kept, seen = [], set()
    for error in errors:
        loc = error["loc"]
        deeper = any(o is not error and len(o["loc"]) > len(loc) and o["loc"][:len(loc)] == loc for o in errors)
        key = (loc, error["type"])
        if not deeper and key not in seen:
            seen.add(key)
            kept.append(error)
    return kept


def explain(error: dict, cls: type[BaseModel]) -> str:
    """Turn one pydantic error into a sentence an editor can act on."""
    loc = [k for k in error["loc"] if isinstance(k, (str, int))]
    names = [k for k in loc if isinstance(k, str)]
    field = names[-1] if names else "value"
    kind, given = error["type"], error.get("input")
    shown = given if isinstance(given, (str, int, float)) else None
    if kind == "missing":
        where = f" to '{names[-2]}'" if len(names) > 1 else ""
        return f"'{field}' is missing; add '{field}:'{where}" + _describe(cls, loc)
    if kind == "extra_forbidden":
        allowed = _fields_at(cls, loc[:-1])
        hint = did_you_mean(field, allowed)
        listed = f" (allowed here: {', '.join(sorted(allowed))})" if allowed and not hint else ""
        return f"unknown field '{field}'{hint}{listed}"
    if kind == "literal_error":
        return f"'{shown}' is not a valid {field}; use one of {error['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return (f"'{shown}' is not a valid id for '{field}'; ids use lower-case letters, digits and single "
                f"hyphens, e.g. '{slugify(str(shown)) or 'cllr-murray'}'")
    if kind in ("value_error", "assertion_error"):
        return error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"'{field}' should be a whole number, not '{shown}'"
    if kind in ("bool_parsing", "bool_type"):
        return f"'{field}' should be yes or no (true or false), not '{shown}'"
    if kind == "list_type":
        return f"'{field}' should be a list: write each entry on its own line, starting with '- '"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{field}' should be a group of 'key: value' lines, not '{shown}'"
    if kind in ("string_type",):
        return f"'{field}' should be text; put the value in quotes"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"'{field}' {error['msg'].lower()}, not {shown}"
    if kind == "decimal_parsing":
        return f"'{field}' should be a number, not '{shown}'"
    return f"'{field}': {error['msg']}"


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation may hold (through Optional, list, Annotated, Union)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        return [c for arg in typing.get_args(annotation) for c in _unwrap(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _model_at(cls: type[BaseModel], loc: Iterable[Any]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = cls
    for key in loc:
        if isinstance(key, int) or current is None:
            continue
        field = next((f for n, f in current.model_fields.items() if n == key or f.alias == key), None)
        if field is None:
            return None
        classes = _unwrap(field.annotation)
        current = classes[0] if classes else None
    return current


def _fields_at(cls: type[BaseModel], loc: Iterable[Any]) -> list[str]:
    model = _model_at(cls, loc)
    if model is None:
        return []
    return [f.alias or n for n, f in model.model_fields.items()]


def _describe(cls: type[BaseModel], loc: list) -> str:
    parent = _model_at(cls, loc[:-1])
    if parent is None:
        return ""
    field = next((f for n, f in parent.model_fields.items() if n == loc[-1] or f.alias == loc[-1]), None)
    return f" ({field.description})" if field is not None and field.description else ""


def slugify(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")


_HEADING = re.compile(r"^(?P<number>\S+?)[.)]\s+(?P<title>\S.*)$")
_PAGE_LITTER = re.compile(r"\bPage \d+ of \d+\b", re.IGNORECASE)


def _validate_meeting(authority: str, raw: RawMeeting, problems: Problems) -> MeetingRecord | None:
    source = Source(raw.path, raw.facts)
    facts = _withheld(parse_model(m.Meeting, raw.facts, source, problems), raw.facts)
    slug = _record_id(raw.path, problems)
    if facts is not None and slug is not None and facts.date is not None \
            and not slug.startswith(facts.date.isoformat()):
        problems.warning(Position(raw.path, 1, 1),
                         f"the file name should begin with the meeting's date, e.g. '{facts.date.isoformat()}.md', "
                         "so that meetings sort by date")
    _check_litter(raw.preamble, raw.preamble_where, problems)
    preamble_tables = _validate_tables(raw.preamble_tables, problems)
    items: list[ItemRecord] = []
    for n, raw_item in enumerate(raw.items):
        item = _validate_item(raw_item, n, problems)
        if item is not None:
            items.append(item)
    _check_numbering(items, problems)
    if facts is None or slug is None or len(items) != len(raw.items):
        return None
    return MeetingRecord(authority, slug, facts, raw.preamble, preamble_tables, items, source)


def _validate_item(raw: RawItem, n: int, problems: Problems) -> ItemRecord | None:
    source = Source(raw.where.path, raw.facts, raw.facts_where or raw.where, n)
    facts = parse_model(m.Item, raw.facts, source, problems)
    heading = raw.heading
    match = _HEADING.match(heading)
    if facts is not None and facts.number is not None:
        number, title = facts.number, heading
    elif match:
        number, title = match["number"], match["title"]
    else:
        number, title = None, heading
    if not title:
        problems.error(raw.where, "this item has no title; write it after '## ', e.g. '## 22. Monitoring of decisions'")
        return None
    _check_litter(raw.narrative, raw.narrative_where, problems)
    tables = _validate_tables(raw.tables, problems)
    if facts is None:
        return None
    narrative = raw.narrative
    if facts.exempt is not None:
        if narrative.strip() or facts.decisions or facts.reports or facts.documents:
            problems.warning(raw.where, "this item is exempt, so only the fact that it is exempt and why is "
                                        "published; its narrative, reports, decisions and documents are left out")
        narrative, tables = "", {}
    slug = slugify(number) if number else slugify(title)
    return ItemRecord(number, title, slug or "item", _withheld(facts, raw.facts), _held(narrative), tables, raw.where,
                      source)


def _check_litter(text: str, where: Position, problems: Problems) -> None:
    for n, line in enumerate(text.split("\n")):
        hit = _PAGE_LITTER.search(line)
        if hit:
            problems.warning(Position(where.path, where.line + n, hit.start() + 1),
                             f"'{hit.group(0)}' looks like a page number copied from a PDF; remove it")


def _check_numbering(items: list[ItemRecord], problems: Problems) -> None:
    seen: dict[str, ItemRecord] = {}
    previous: tuple[int, ...] | None = None
    for item in items:
        if item.slug in seen:
            what = f"number '{item.number}'" if item.number else f"title '{item.title}'"
            problems.error(item.where, f"another item in this meeting has the {what} (line {seen[item.slug].where.line}); "
                                       "each item needs its own number or title")
        seen[item.slug] = item
        if item.number is None:
            continue
        key = tuple(int(n) for n in re.findall(r"\d+", item.number))
        if key and previous is not None and key <= previous:
            problems.warning(item.where, f"item {item.number} is out of sequence: it follows an item numbered "
                                         "as high or higher; check the number")
        if key:
            previous = key


def _validate_tables(raw_tables: list[RawTable], problems: Problems) -> dict[str, TableRecord]:
    tables: dict[str, TableRecord] = {}
    for raw in raw_tables:
        source = Source(raw.where.path, raw.data, raw.where)
        table = parse_model(m.Table, raw.data, source, problems)
        if table is None:
            continue
        width = len(table.columns)
        ragged = [n for n, row in enumerate(table.rows) if row.kind != "section" and len(row.cells) != width]
        for n in ragged:
            problems.error(source.at("rows", n),
                           f"this row has {len(table.rows[n].cells)} cells but the table has {width} columns; "
                           "give one cell per column ('' for an empty one), and put text that contains a comma "
                           "in quotes")
        if ragged:
            continue
        record = TableRecord(_withheld(table, raw.data), raw.key, raw.where, check_totals(table))
        for row, col, stated, summed in record.discrepancies:
            label = table.rows[row].cells[0].text
            problems.warning(
                source.at("rows", row),
                f"in table '{table.caption}', '{label}' states {_figure(stated)} under "
                f"'{table.columns[col].label}' but the rows it totals add up to {_figure(summed)}; "
                "keep the figure as printed and explain it in the table's notes",
            )
        tables[raw.key] = record
    return tables


def _figure(value: Decimal) -> str:
    return f"{value:,}"


def check_totals(table: m.Table) -> list[tuple[int, int, Decimal, Decimal]]:
    """Each total row that does not equal the sum of the rows it totals (its section, or all rows)."""
    found = []
    section_start = 0
    for index, row in enumerate(table.rows):
        if row.kind == "section":
            section_start = index + 1
            continue
        if row.kind != "total":
            continue
        scope = table.rows[section_start:index] if row.of == "section" else table.rows[:index]
        data_rows = [r for r in scope if r.kind == "row"]
        for col in range(1, len(row.cells)):
            stated = row.cells[col].value
            values = [r.cells[col].value for r in data_rows if r.cells[col].value is not None]
            if stated is None or not values:
                continue
            summed = sum(values, Decimal(0))
            if summed != stated:
                found.append((index, col, stated, summed))
        section_start = index + 1
    return found
