"""Stage 5, index: the linked site → a whoosh index, and the static search files exported from it.

This is the only module that imports whoosh (2.7.4, pinned). The build indexes every public item
(with its decisions, reports and documents' titles), meeting, person and issue; exempt items are
not indexed at all, and everything else exempt was withheld by `validate` before it got here.
It exports the sharded files that the browser queries (docs/search-format.md): the postings as
they were handed to whoosh (`_Postings`, gathered while indexing; whoosh's segment files are the same
as whoosh alone writes them), each scored by whoosh's own BM25F scorer over the whoosh index, so the
site ranks as whoosh does;
`search()` answers the same queries from the whoosh index for `minutebook search` and for the
parity tests. It also finds each item's related decisions (whoosh's more-like-this).
"""
from __future__ import annotations

import base64
import bisect
import contextlib
import ctypes
import dataclasses
import datetime as dt
import hashlib
import heapq
import json
import multiprocessing
import multiprocessing.pool
import operator
import os
import pickle
import random
import re
import shutil
import struct
import tempfile
import threading
import zlib
from array import array
from collections import Counter, deque
from itertools import accumulate, chain, compress, groupby, islice, repeat
from math import log
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator, Optional

import orjson
from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.classify import Bo1Model
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.filedb.filestore import FileStorage
from whoosh.lang.porter import stem
from whoosh.query import And, Or, Phrase, Term
from whoosh.reading import SegmentReader
from whoosh.scoring import BM25F, BM25FScorer, bm25
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from . import i18n
from .depend import changed_since, source_name, sources_digest
from .kept import code_version, keep_file, keep_pickled, kept_path, kept_pickled
from .link import NONE, AuthorityNode, IssueNode, ItemNode, MeetingNode, PersonNode, Site
from .model import VERBS
from .write import forked, kept_to_the_end, wait_forked

KINDS = ("item", "meeting", "person", "issue")
FIELDS = ("title", "body")
TITLE_BOOST = 2.0
PER_DOCS_FILE = 8          # display records per docs/ file
DICT_SHARD_BYTES = 6000    # the dictionary is cut into shards of about this size on average
WORDS_SHARD_BYTES = 6000
INLINE_BYTES = 300         # postings smaller than this live in the dictionary shard
PREFIX_MIN = 3
PREFIX_EXPANSIONS = 2
RELATED = 5
TOP_POSTINGS = 20          # a frequent term's best documents, first in its postings file
KEY_TERMS = 12
KEPT_KEYS = 16             # an item's best terms kept for the next build: more than its key terms (`_key_terms_again`)
RELATED_CANDIDATES = 40
EXCERPT_CHARS = 180
FORMAT_VERSION = 3



class _StopFilter(StopFilter):
    """whoosh's StopFilter, pickled (into the index's table of contents) with its stop words in order.

    A frozenset pickles in an order that changes with Python's hash seed, which would make two
    builds of the same archive differ.
    """

    def __getstate__(self) -> dict:
        return {**self.__dict__, "stops": sorted(self.stops)}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, stops=frozenset(state["stops"]))


def analyzer() -> Any:
    """Exactly whoosh's `StemmingAnalyzer()` (assets/search/analyze.js is its port), pickled reproducibly."""
    return RegexTokenizer() | LowercaseFilter() | _StopFilter() | StemFilter()


ANALYZER = analyzer()
UNSTEMMED = RegexTokenizer() | LowercaseFilter() | StopFilter()
TOKEN = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)  # RegexTokenizer's default pattern
STOP_WORDS = UNSTEMMED[-1].stops


class _Places(list):
    """A field's analysed terms, as `add_document` takes them, with `places`: each term's positions."""

    def __init__(self, terms: list[str]):
        super().__init__(terms)
        self.places: dict[str, list[int]] = {}
        for position, term in enumerate(terms):
            found = self.places.get(term)
            if found is None:
                self.places[term] = [position]
            else:
                found.append(position)


class _Positions(Positions):
    """whoosh's Positions format; given a `_Places` (as the build gives every document) it yields one
    empty posting that carries the field's length, and `_Writer` writes the field's real postings."""

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(value, _Places):
            return super().word_values(value, analyzer, **kwargs)
        return [("", len(value), 0.0, None)]


def _text(field_boost: float = 1.0) -> TEXT:
    field = TEXT(analyzer=analyzer(), phrase=True, field_boost=field_boost)
    field.format = _Positions(field_boost=field_boost)
    return field


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        n=STORED,
        title=_text(field_boost=TITLE_BOOST),
        body=_text(),
        kind=ID, authority=ID, org=ID, year=ID, key=ID, decided=ID,
        verb=KEYWORD(commas=True), ward=KEYWORD(commas=True),
    )


@dataclasses.dataclass(slots=True)
class SearchDoc:
    """One searchable record: its page, its text, and what it can be filtered by.

    Every public record has one, held from indexing to the export (72,586 at 10,000 meetings): with
    slots, and its verbs and `meta` shared with the records like it, they hold 81 -> 58 MiB.
    """

    url: str
    kind: str  # meeting, item, person or issue
    title: str
    date: Optional[dt.date]
    authority: Optional[AuthorityNode]
    body_id: Optional[str]
    meta: str
    lang: str
    node: Any  # the meeting, item, person or issue whose record it is, that its text is made from
    verbs: frozenset[str] = frozenset()
    key: bool = False
    wards: tuple[str, ...] = ()
    source: Optional[str] = None  # the meeting file that a meeting's or item's record comes from (for `Index`)

    @property
    def org(self) -> Optional[tuple[str, Optional[str]]]:
        return (self.authority.id, self.body_id) if self.authority is not None else None

    @property
    def item(self) -> Optional[ItemNode]:
        return self.node if self.kind == "item" else None

    def text(self) -> str:
        """Its text, made as it is indexed: all of them at once were most of indexing's memory (and a
        function made for each record to make it, ~0.3 GB at 100,000 meetings)."""
        return _TEXT[self.kind](self.node)

    def excerpt(self) -> str:
        """Made as its docs/ file is (an update keeps most of those: `Index.export`)."""
        return _EXCERPT[self.kind](self.node)


# --- documents -------------------------------------------------------------------------------

_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>")
_MARKUP = re.compile(r"[*_`#>|\[\]]+")


def plain(text: Optional[str]) -> str:
    """Markdown reduced to its words, one space apart: no link targets, emphasis marks or fenced blocks.
    (str.split splits at the whitespace that regular expressions' \\s matches, in half the time.)"""
    if not text:
        return ""
    text = _FENCE.sub(" ", text) if "```" in text else text
    if "](" in text or "<http" in text:
        text = _LINK_TARGET.sub(" ", text)
    return " ".join(_MARKUP.sub(" ", text).split())


def excerpt(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", 0, EXCERPT_CHARS)
    return text[:cut if cut > 0 else EXCERPT_CHARS] + " …"


def _parts_text(parts: Iterable[Any]) -> Iterator[str]:
    for part in parts:
        yield " ".join(filter(None, [part.label, part.verb, part.text]))
        yield from _parts_text(part.parts)


def _item_text(item: ItemNode) -> str:
    words: list[str] = []
    for decision in item.decisions:
        d = decision.facts
        words += [d.verb or "", d.text, *_parts_text(d.parts), d.reasons or "", d.alternatives_rejected or ""]
        words += [" ".join(filter(None, [o.label if hasattr(o, "label") else None, getattr(o, "text", None)]))
                  for o in d.options]
    for report in item.reports:
        r = report.facts
        words += [r.reference or "", r.title or "", r.summary or "", *_parts_text(r.recommendations),
                  r.reason_for_recommendations or ""]
        words += [doc.facts.title for doc in report.documents]
    words += [doc.facts.title for doc in item.documents]
    words += [issue.title for issue in item.issues]
    words.append(item.narrative)
    return plain("\n".join(w for w in words if w))


def _item_doc(item: ItemNode, meeting: SearchDoc) -> SearchDoc:
    """An item's document; what it shares with its meeting's (`meeting`) taken from that."""
    verbs: set[str] = set()
    wards: list[str] = list(item.facts.wards)
    key = False
    for decision in item.decisions:
        d = decision.facts
        if d.verb:
            verbs.add(d.verb)
        verbs.update([p.verb for p in d.parts if p.verb])
        wards += d.wards
        key = key or bool(d.key_decision)
    for report in item.reports:
        wards += report.facts.wards
        key = key or bool(report.facts.key_decision)
    return SearchDoc(
        url=item.url, kind="item", title=item.title, date=meeting.date,
        authority=meeting.authority, body_id=meeting.body_id, lang=meeting.lang,
        meta=_shared(f"{item.meeting.body.name} · {meeting.meta}"), node=item, verbs=_shared(frozenset(verbs)),
        key=key, wards=tuple(dict.fromkeys(filter(None, wards))))


def _item_excerpt(item: ItemNode) -> str:
    """What its first decision says, or else the start of its text."""
    summary = ""
    if item.decisions:
        first = item.decisions[0].facts
        summary = plain(" ".join(filter(None, [first.verb and first.verb.capitalize(), first.text,
                                               *_parts_text(first.parts)])))
    return excerpt(summary or _item_text(item))


_SHARED: dict[Any, Any] = {}


def _shared(value: Any) -> Any:
    """One object for each distinct value (a record's verbs, its body's and authority's names)."""
    return _SHARED.setdefault(value, value)


def _meeting_text(meeting: MeetingNode) -> str:
    people = [a.label for _, attendees in meeting.attendance for a in attendees]
    words = [meeting.facts.title or "", meeting.facts.venue or "", *people,
             *(item.label for item in meeting.items), meeting.preamble]
    return plain("\n".join(w for w in words if w))


def _meeting_doc(meeting: MeetingNode) -> SearchDoc:
    lang = meeting.authority.facts.language
    return SearchDoc(
        url=meeting.url, kind="meeting", title=f"{meeting.body.name}, {i18n.day_date(meeting.date, lang)}",
        date=meeting.date, authority=meeting.authority, body_id=meeting.body.id, lang=lang,
        meta=meeting.authority.short_name, node=meeting)


def _meeting_excerpt(meeting: MeetingNode) -> str:
    return excerpt(plain("; ".join(i.label for i in meeting.items)))


def _person_roles(person: PersonNode) -> list[str]:
    return [r.title + (f", {r.body.name}" if r.body else "") for r in person.roles]


def _person_text(person: PersonNode) -> str:
    facts = person.facts
    return plain("\n".join(filter(None, [*_person_roles(person), facts.party, facts.ward, person.authority.name])))


def _person_excerpt(person: PersonNode) -> str:
    return excerpt("; ".join(_person_roles(person)))


def _person_doc(person: PersonNode) -> SearchDoc:
    return SearchDoc(url=person.url, kind="person", title=person.name, date=None,
                     authority=person.authority, body_id=None, lang=person.authority.facts.language,
                     meta=person.authority.short_name, node=person)


def _issue_text(issue: IssueNode) -> str:
    return plain("\n".join([issue.facts.summary or "", *(e.text for e in issue.timeline)]))


def _issue_excerpt(issue: IssueNode) -> str:
    return excerpt(plain(issue.facts.summary) or _issue_text(issue))


def _issue_doc(issue: IssueNode) -> SearchDoc:
    dates = [e.date for e in issue.timeline if e.date is not None]
    authorities = issue.authorities
    one = authorities[0] if len(authorities) == 1 else None
    return SearchDoc(url=issue.url, kind="issue", title=issue.title, date=max(dates, default=None),
                     authority=one, body_id=None, lang=one.facts.language if one else "en",
                     meta=", ".join(a.short_name for a in authorities), node=issue)


_TEXT: dict[str, Callable[[Any], str]] = {"meeting": _meeting_text, "item": _item_text, "person": _person_text,
                                          "issue": _issue_text}
_EXCERPT: dict[str, Callable[[Any], str]] = {"meeting": _meeting_excerpt, "item": _item_excerpt,
                                             "person": _person_excerpt, "issue": _issue_excerpt}


def documents(site: Site) -> list[SearchDoc]:
    """Every public record to index, newest first (undated last), so docnum order is date order."""
    found: list[SearchDoc] = []
    for authority in site.authorities:
        for body in authority.bodies:
            for meeting in body.meetings:
                start = len(found)
                found.append(meeting_doc := _meeting_doc(meeting))
                found.extend(_item_doc(item, meeting_doc) for item in meeting.items if item.exempt is None)
                source = source_name(site.root, meeting)
                for doc in found[start:]:
                    doc.source = source
        found.extend(_person_doc(person) for person in authority.people)
    found.extend(_issue_doc(issue) for issue in site.issues)
    order = {id(doc): n for n, doc in enumerate(found)}
    found.sort(key=lambda doc: (doc.date is None, -(doc.date.toordinal() if doc.date else 0), order[id(doc)]))
    return found


# --- the whoosh index ------------------------------------------------------------------------

@dataclasses.dataclass
class _Scored:
    """A term's postings in one field (from `_Postings`), with whoosh's scores: `scores` holds each distinct
    score once, and `score_of` each document's place in it, counted from 1."""

    docs: Any
    counts: Any
    sizes: Any
    positions: bytearray
    scores: list[float]
    score_of: list[int]

    def each_score(self) -> Iterator[float]:
        return map([0.0, *self.scores].__getitem__, self.score_of)


def _appended(values: array, value: int) -> array:
    """`values` with `value` appended: the same array, or a copy of four-byte ints if `value` does
    not fit in its bytes."""
    try:
        values.append(value)
        return values
    except OverflowError:
        values = array("i", values)
        values.append(value)
        return values


def _same_width(one: array, other: array) -> tuple[array, array]:
    """Two arrays of counts or sizes, as four-byte ints both if either is."""
    if one.typecode == other.typecode:
        return one, other
    return array("i", one), array("i", other)


def _gaps(docs: array) -> array:
    """A term's docnums, in order, as the gaps between them (the first's from 0) in one byte each, or two,
    if they fit (most of the postings are of frequent terms, a few documents apart); else as they are."""
    gaps = array("i", map(operator.sub, docs, chain((0,), docs)))
    widest = max(gaps, default=0)
    return docs if widest >= 1 << 16 else array("B" if widest < 1 << 8 else "H", gaps)


def _docnums(docs: array) -> array:
    """A term's docnums, as `_Postings` holds them: as they are, or from the gaps between them (`_gaps`)."""
    return docs if docs.typecode == "i" else array("i", accumulate(docs))


def _starts(sizes: array) -> array:
    """Where each document's positions start in a term's positions, from their sizes (`_Postings`)."""
    return array("i", accumulate(sizes, initial=0))


class _Postings:
    """Every term's postings in the title and the body, gathered while whoosh indexes, in the export's own
    encoding: for each field, term → (docnums, term counts, the size in bytes of each document's
    positions, positions). Reading them back out of whoosh, positions unpickled one posting at a time,
    was most of the export's time. Each entry's positions are, document after document, the count then
    the position deltas, as varints: a postings file's pos/ section (docs/search-format.md).

    Counts and sizes are one byte each until one is not (then four): where each document's positions
    start is summed from the sizes when needed (`_starts`). Kept as four-byte offsets, they were
    ~250 MB at 100,000 meetings, in the search process and each process it forks."""

    def __init__(self) -> None:
        self.fields: tuple[dict[str, tuple], dict[str, tuple]] = ({}, {})
        self.lengths = (array("i"), array("i"))  # each document's field lengths, as whoosh scores them
        self.totals = [0, 0]  # the fields' lengths summed over the documents, exactly (whoosh's field_length)

    def add(self, docnum: int, *fields: _Places) -> None:
        varint = _varint
        for n, terms in enumerate(fields):
            self.lengths[n].append(byte_to_length(length_to_byte(len(terms))))  # as whoosh's segment stores it
            self.totals[n] += len(terms)
        for table, field in zip(self.fields, (terms.places for terms in fields)):
            for term, found in field.items():
                entry = table.get(term)
                if entry is None:
                    entry = table[term] = (array("i"), array("B"), array("B"), bytearray())
                docs, counts, sizes, positions = entry
                docs.append(docnum)
                n = len(found)
                if n == 1 and found[0] < 128:
                    positions.append(1)
                    positions.append(found[0])
                    size = 2
                else:
                    if n == 1:
                        added = b"\x01" + varint(found[0])
                    else:
                        deltas = [found[0], *map(operator.sub, found[1:], found)]
                        added = varint(n) + (bytes(deltas) if max(deltas) < 128 else b"".join(map(varint, deltas)))
                    positions += added
                    size = len(added)
                try:
                    counts.append(n)
                    sizes.append(size)
                except OverflowError:  # one byte each (6 M postings at 10,000 meetings) until one is not
                    if len(counts) < len(docs):
                        counts = _appended(counts, n)
                    table[term] = (docs, counts, _appended(sizes, size), positions)

    def compact(self) -> None:
        """Hold each term's docnums as the gaps between them (`_gaps`), for the export alone, which reads
        them once a term (`_docnums`): ~24 -> 8 MiB at 10,000 meetings, in the search process and the
        export's two. `replace`, `extend` and `save` take them whole, as the build gathered them."""
        for table in self.fields:
            for term, (docs, *rest) in table.items():
                if docs.typecode == "i":  # (not yet)
                    table[term] = (_gaps(docs), *rest)

    def release(self) -> None:
        """Let go of every term's postings (each document's field lengths, and their totals, stay)."""
        self.fields = ({}, {})

    def extend(self, later: "_Postings") -> None:
        """Add the postings of documents numbered after all of these (the second half's, built in another process)."""
        for n in range(len(FIELDS)):
            self.lengths[n].extend(later.lengths[n])
            self.totals[n] += later.totals[n]
        for field, more in enumerate(later.fields):
            self.extend_terms(field, more)

    def extend_terms(self, field: int, more: dict[str, tuple]) -> None:
        """Add some terms' postings in one field (by its place in FIELDS) of documents numbered after all of these."""
        table = self.fields[field]
        for term, (docs, counts, sizes, positions) in more.items():
            entry = table.get(term)
            if entry is None:
                table[term] = (docs, counts, sizes, positions)
                continue
            entry[0].extend(docs)
            entry[3].extend(positions)
            if entry[1].typecode == counts.typecode and entry[2].typecode == sizes.typecode:
                entry[1].extend(counts)
                entry[2].extend(sizes)
            else:  # one half's counts or sizes outgrew a byte
                (had_counts, counts), (had_sizes, sizes) = _same_width(entry[1], counts), _same_width(entry[2], sizes)
                table[term] = (entry[0], had_counts + counts, had_sizes + sizes, entry[3])

    def replace(self, docnums: list[int], analysed: list[tuple[list[str], list[str]]],
                refiled: Collection[int] = ()) -> tuple[set[str], set[str], set[str], set[str]]:
        """Put in place of the postings of documents `docnums` (in order) those of their fields as they
        are now (`analysed`: each one's title and body terms), as if every document had been added anew.
        Returns the terms whose encoding may have changed: those whose posting in one of the documents
        came, went or changed (its count or positions), and every term a document had or has in a field
        whose length (as whoosh stores it) changed, or at all if its facets may have (`refiled`); of
        them, those whose postings are all as they were, in both fields: only some scores changed;
        those whose postings changed only in their positions (`_spliced`'s REPOSITIONED); and those
        in the same documents as before, in both fields, none of them `refiled` (their facets stay)."""
        touched: set[str] = set()
        how: dict[str, int] = {}  # how each one's postings changed, in either field (`_spliced`)
        if not docnums:
            return touched, set(), set(), set()
        now = _Postings()
        for docnum, fields in zip(docnums, analysed):
            now.add(docnum, *map(_Places, fields))
        first, last = docnums[0], docnums[-1]
        for n, (table, more) in enumerate(zip(self.fields, now.fields)):
            taken_out = 0
            lengths = self.lengths[n]
            rescored = {docnum for docnum, length in zip(docnums, now.lengths[n])
                        if lengths[docnum] != length}  # each of their postings scores anew
            for term in list(table):
                docs = table[term][0]
                at = bisect.bisect_left(docs, first)
                if (at == len(docs) or docs[at] > last) and term not in more:
                    continue  # none of the documents had it, nor has it now
                entry, count, differs = _spliced(table[term], docnums, more.get(term), rescored, refiled)
                taken_out += count
                if differs:
                    touched.add(term)
                    how[term] = how.get(term, 0) | differs
                if entry is None:
                    del table[term]
                else:
                    table[term] = entry
            for term, entry in more.items():
                if term not in table:  # a term no other document has
                    table[term] = entry
                    touched.add(term)
                    how[term] = how.get(term, 0) | MOVED
            for docnum, length in zip(docnums, now.lengths[n]):
                self.lengths[n][docnum] = length
            self.totals[n] += now.totals[n] - taken_out
        return (touched, {t for t in touched if how[t] == RESCORED}, {t for t in touched if how[t] == REPOSITIONED},
                {t for t in touched if not how[t] & MOVED})

    def save(self, path: Path, header: tuple) -> None:
        """Keep these postings in `path` (written whole, then put in place), for `kept` to read back: after
        `header`, a pickled table of contents, then each array's bytes as they are in memory."""
        contents = (self.totals, [len(lengths) for lengths in self.lengths],
                    [[(term, len(docs), counts.typecode, sizes.typecode, len(positions))
                      for term, (docs, counts, sizes, positions) in table.items()] for table in self.fields])

        def write(file: Any) -> None:
            pickle.dump(header, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(contents, file, protocol=pickle.HIGHEST_PROTOCOL)
            for lengths in self.lengths:
                lengths.tofile(file)
            for table in self.fields:
                for entry in table.values():
                    for values in entry:
                        file.write(values)
        keep_file(path, write)

    @classmethod
    def kept(cls, path: Path, header: tuple) -> Optional["_Postings"]:
        """The postings `save` kept in `path` under the same `header`, if it did. Each array is read
        straight into its place: unpickled, their bytes passed through copies that left ~100 MiB of
        holes in the heap at 10,000 meetings."""
        try:
            with open(path, "rb") as file:
                if pickle.load(file) != header:
                    return None
                postings = cls()
                postings.totals, sizes, terms = pickle.load(file)

                def filled(values: Any) -> Any:
                    place = memoryview(values).cast("B")
                    if file.readinto(place) != len(place):
                        raise EOFError(f"{path} ends too soon")
                    return values

                def zeros(typecode: str, size: int) -> array:
                    return filled(array(typecode, [0]) * size)

                postings.lengths = tuple(zeros("i", size) for size in sizes)
                for table, entries in zip(postings.fields, terms):
                    for term, size, counts, sizes, positions in entries:  # in the order `save` wrote them
                        table[term] = (zeros("i", size), zeros(counts, size), zeros(sizes, size),
                                       filled(bytearray(positions)))
                return postings
        except Exception:  # noqa: BLE001 - no file, or a damaged one: every document is analysed again
            return None


# How a term's postings changed (`_spliced`), as bits: scores only; the documents that have it; only where
# the term is in documents that have it as many times, in fields as long, as before (its scores stay); in the
# same documents, its count or (in a field whose length changed) where it is
RESCORED, MOVED, REPOSITIONED, RECOUNTED = 1, 2, 4, 8


def _spliced(entry: tuple, docnums: list[int], more: Optional[tuple], rescored: Collection[int] = (),
             refiled: Collection[int] = ()) -> tuple[Optional[tuple], int, int]:
    """A term's postings in a field (`entry`, as `_Postings` holds them) without those of `docnums` (in
    order), with those of `more` (some of the same documents, as they are now) in their place; the
    term's count in the postings taken out; and how they changed, as bits: MOVED if a posting came or
    went, or one of the documents `refiled` had or has one; REPOSITIONED if one changed only in its
    positions, and the document's field length did not (not in `rescored`); RECOUNTED if one changed
    otherwise (its count, or its positions in a field whose length changed); RESCORED if one of the
    documents `rescored` has one as it was; none (0) if none of these. None if no document is left."""
    docs, counts, sizes, positions = entry
    more_docs, more_counts, more_sizes, more_positions = more or (array("i"), counts[:0], sizes[:0], bytearray())
    counts, more_counts = _same_width(counts, more_counts)  # (a count or size over 255 in one of them)
    sizes, more_sizes = _same_width(sizes, more_sizes)
    starts, more_starts = _starts(sizes), _starts(more_sizes)
    out = (array("i"), array(counts.typecode), array(sizes.typecode), bytearray())
    out_docs, out_counts, out_sizes, out_positions = out
    done = taken_out = 0

    def keep(upto: int) -> None:  # the postings from `done` to `upto`, as they were
        if upto <= done:
            return
        out_docs.extend(docs[done:upto])
        out_counts.extend(counts[done:upto])
        out_sizes.extend(sizes[done:upto])
        out_positions.extend(positions[starts[done]:starts[upto]])

    taken = 0  # of `more`'s postings
    differs = 0
    for docnum in docnums:
        at = bisect.bisect_left(docs, docnum, done)
        keep(at)
        done = at
        was: Optional[tuple[int, bytes]] = None
        if at < len(docs) and docs[at] == docnum:
            taken_out += counts[at]
            done = at + 1
            was = (counts[at], bytes(positions[starts[at]:starts[at + 1]]))
        now: Optional[tuple[int, bytes]] = None
        if taken < len(more_docs) and more_docs[taken] == docnum:
            now = (more_counts[taken], bytes(more_positions[more_starts[taken]:more_starts[taken + 1]]))
            out_docs.append(docnum)
            out_counts.append(now[0])
            out_sizes.append(more_sizes[taken])
            out_positions.extend(now[1])
            taken += 1
        if was is not None and docnum in refiled:
            differs |= MOVED
        elif was is None or now is None:
            differs |= MOVED if was != now else 0
        elif was != now:
            differs |= REPOSITIONED if was[0] == now[0] and docnum not in rescored else RECOUNTED
        elif was is not None and docnum in rescored:
            differs |= RESCORED
    keep(len(docs))
    return (out if out_docs else None), taken_out, differs


class _Words:
    """The words of each document's text as `TOKEN` finds them (for the words/ shards), numbered in
    the order found: `ids` holds each document's, document after document, and `ends` where each
    one's end. Kept for the next build, they let it put the words of the documents that changed in
    place of theirs without making every document's text again (~7 s at 10,000 meetings)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.ids = array("I")
        self.ends = array("I")
        self.whole = True  # every numbered word is some document's (none was replaced since)
        self._renumbered: list[int] = []  # the numbers here of the words of the pieces being taken in
        self._spill: Optional[Any] = None  # where the ids taken in go instead, if only `save` reads them
        self._spilled = 0

    def spill_to(self, file: Any) -> None:
        """Have the ids of the pieces taken in (`take`) written to `file` rather than held, for `save`
        alone: a whole build's search process, where they were ~31 MiB at 10,000 meetings, moved in
        memory as they grew, at what was its peak."""
        self._spill = file

    def add(self, found: set[str]) -> None:
        """The next document's words."""
        numbers, ids, at = self.numbers, self.ids, len(self.ids)
        try:
            ids.extend(map(numbers.__getitem__, found))  # in C, as long as every word is known
        except KeyError:
            del ids[at:]
            ids.extend([numbers.setdefault(word, len(numbers)) for word in found])
        self.ends.append(len(ids))

    def pieces(self) -> Iterator[Any]:
        """These words in pieces, for another process to `take` in turn: the words in the order
        numbered, then the ids of `DOCS_PER_PIECE` documents at a time, with where each one's end.
        Sent whole (~120 MB of ids at 100,000 meetings), they were held three times over while they
        were taken in, and that was the search process's peak."""
        yield list(self.numbers)
        start = 0
        for at in range(0, len(self.ends), DOCS_PER_PIECE):
            ends = self.ends[at:at + DOCS_PER_PIECE]
            yield self.ids[start:ends[-1]], array("I", [end - start for end in ends])
            start = ends[-1]

    def take(self, piece: Any) -> None:
        """Add a piece (`pieces`) of the words of documents numbered after all of these, found in
        another process; the first piece, its words, says what its numbers are in this one."""
        numbers = self.numbers
        if isinstance(piece, list):
            self._renumbered = [numbers.setdefault(word, len(numbers)) for word in piece]
            return
        ids, ends = piece
        ids = array("I", map(self._renumbered.__getitem__, ids))
        offset = len(self.ids) + self._spilled
        if self._spill is None:
            self.ids += ids
        else:
            self._spill.write(ids)
            self._spilled += len(ids)
        self.ends.extend(map(offset.__add__, ends))

    def replace(self, docnums: list[int], found: list[set[str]]) -> None:
        """Put the words of documents `docnums` (in order) as they are now (`found`) in place of theirs."""
        if not docnums:
            return
        numbers, old_ids, old_ends = self.numbers, self.ids, self.ends
        ids, ends = array("I"), array("I")
        done = 0  # documents before this one are in place

        def keep(upto: int) -> None:  # documents `done` to `upto`, as they were
            start = old_ends[done - 1] if done else 0
            ids.extend(old_ids[start:old_ends[upto - 1] if upto else 0])
            shift = len(ids) - (old_ends[upto - 1] if upto else 0)
            ends.extend(map(shift.__add__, old_ends[done:upto]) if shift else old_ends[done:upto])

        for docnum, words in zip(docnums, found):
            keep(docnum)
            ids.extend([numbers.setdefault(word, len(numbers)) for word in words])
            ends.append(len(ids))
            done = docnum + 1
        keep(len(old_ends))
        self.ids, self.ends, self.whole = ids, ends, False

    def release(self) -> None:
        """Let go of which document has which word (~24 MiB at 10,000 meetings), keeping the words some
        document has: all the export needs."""
        self.numbers = dict.fromkeys(self.found(), 0)
        self.ids, self.ends, self.whole = array("I"), array("I"), True
        if self._spill is not None:
            self._spill.close()
            self._spill, self._spilled = None, 0

    def found(self) -> set[str]:
        """Every word some document has."""
        if self.whole:
            return set(self.numbers)
        present = set(self.ids)
        return {word for word, n in self.numbers.items() if n in present}

    def save(self, path: Path, header: tuple) -> None:
        """Keep these words in `path` for `kept` to read back (as `_Postings.save` keeps postings)."""
        words = list(self.numbers)  # in the order numbered

        def write(file: Any) -> None:
            pickle.dump(header, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((words, len(self.ends), len(self.ids) + self._spilled), file,
                        protocol=pickle.HIGHEST_PROTOCOL)
            self.ends.tofile(file)
            if self._spill is not None:
                self._spill.seek(0)
                shutil.copyfileobj(self._spill, file)
            self.ids.tofile(file)
        keep_file(path, write)

    @classmethod
    def kept(cls, path: Path, header: tuple) -> Optional["_Words"]:
        """The words `save` kept in `path` under the same `header`, if it did."""
        try:
            with open(path, "rb") as file:
                if pickle.load(file) != header:
                    return None
                words, ends, ids = pickle.load(file)
                kept = cls()
                kept.numbers = {word: n for n, word in enumerate(words)}
                kept.whole = False  # some numbered words may be no document's now
                for values, size in ((kept.ends, ends), (kept.ids, ids)):
                    values.extend(array("I", [0]) * size)
                    place = memoryview(values).cast("B")
                    if file.readinto(place) != len(place):
                        raise EOFError(f"{path} ends too soon")
                return kept
        except Exception:  # noqa: BLE001 - no file, or a damaged one: every document's text is made again
            return None


class _Writer(SegmentWriter):
    """whoosh's segment writer, but the title's and body's postings are handed to its codec's postings
    writer a block at a time from `_Postings` (documents numbered from `first`), with the field lengths
    whoosh stores.

    whoosh would otherwise put each of them into its pool, which at 40,000 documents spills to disk,
    pickling and unpickling them one by one to merge them back in order; and then hand them to the
    codec one by one (`FieldWriter.add_postings`), half of what was left of indexing.
    The segment's files are the same byte for byte (tests/test_search_index.py).
    """

    def __init__(self, ix: Any, postings: _Postings, first: int, **kwargs: Any):
        super().__init__(ix, **kwargs)
        self._postings = postings
        self._first = first

    def _flush_segment(self) -> None:
        """The pool holds the other fields' postings (and an empty one per document for each text field,
        from `_Positions`): each field's go to the codec in the fields' order, as whoosh's own would."""
        self.perdocwriter.close()
        text = sorted(FIELDS)
        for name, postings in groupby(self.pool.iter_postings(), key=operator.itemgetter(0)):
            while text and text[0] <= name:
                self._write_field(text.pop(0))
            if name not in FIELDS:
                self.fieldwriter.add_postings(self.schema, self, postings)
        for name in text:
            self._write_field(name)
        self.fieldwriter.close()

    def doc_field_length(self, docnum: int, fieldname: str) -> int:
        """The length the codec notes with each posting of another field (0: whoosh stores none)."""
        return self._postings.lengths[FIELDS.index(fieldname)][docnum] if fieldname in FIELDS else 0

    def _write_field(self, field: str) -> None:
        """A text field's postings, in term and docnum order, a block at a time, in the postings writer's own
        buffers, as its `add_posting` fills them one by one: the same blocks and term records are written."""
        fields = self.fieldwriter
        table = self._postings.fields[FIELDS.index(field)]
        lengths = self._postings.lengths[FIELDS.index(field)]
        boost = self.schema[field].format.field_boost
        first = self._first
        fields.start_field(field, self.schema[field])
        block = fields._postwriter
        size = block._blocklimit
        for btext, term in sorted((term.encode("utf-8"), term) for term in table):
            docs, counts, sizes, positions = table[term]
            data, start = bytes(positions), 0
            fields.start_term(btext)
            # A block's values at a time: a frequent term's all at once were ~30 MB at 100,000 meetings,
            # in a process near its peak of memory.
            for at in range(0, len(docs), size):
                if at:
                    block._write_block()
                chunk = docs[at:at + size]
                chunk = array("I", chunk if not first else [docnum - first for docnum in chunk])
                weights = [n * boost for n in counts[at:at + size]]
                block._ids = chunk
                block._weights = array("f", weights)
                block._values, start = _whoosh_positions(data, start, counts[at:at + size], sizes[at:at + size])
                block._maxweight = max(0, *weights)
                found = [length for length in map(lengths.__getitem__, chunk) if length]
                block._minlength = min(found) if found else None
                block._maxlength = max(found, default=0)
            fields.finish_term()
        fields.finish_field()


_WHOOSH_POSITIONS: dict[bytes, tuple[bytes, bytes]] = {}


def _whoosh_positions(data: bytes, at: int, counts: array, sizes: array) -> tuple[list[bytes], int]:
    """Documents' positions (in `_Postings`' encoding, from `at` in `data`: the count, then the deltas, as
    varints) as whoosh's Positions format encodes them: the count, then the pickled list of deltas; and
    where the next document's begin.

    The same few bytes recur across terms (a word once, at the same place): each pickle is made once per
    process (the table is let go once it holds 30,000: ~5 MB; the most common 30,000 were 91% of the
    postings of half a 2,000-meeting demo), and each value is a bytes of its own, as whoosh makes them:
    the block's pickle would refer back to a value it held twice, and not be whoosh's."""
    made = _WHOOSH_POSITIONS
    if len(made) > 30_000:
        made.clear()
    values: list[bytes] = []
    append, get = values.append, made.get
    for n, size in zip(counts, sizes):
        key = data[at:at + size]
        parts = get(key)
        if parts is None:
            parts = made[key] = (pack_uint(n), pickle.dumps(_read_varints(key, 0, n)[0], 2))
        append(parts[0] + parts[1])
        at += size
    return values, at


def _read_varints(data: bytes | bytearray, at: int, n: int) -> tuple[list[int], int]:
    """The `n` varints after the count at `at` (itself a varint), and where the next count starts."""
    values = []
    for _ in range(n + 1):
        value, at = _varint_from(data, at)
        values.append(value)
    return values[1:], at


def _varint_from(data: bytes | bytearray, at: int) -> tuple[int, int]:
    """The varint at `at`, and where it ends."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


class Index:
    """The documents, in docnum order, what analysing them gathered (`postings`), and the whoosh index.

    Given the `previous` build's search state (`state()`) and its whoosh folder, the whoosh index is
    that one updated in place, if the documents are the same records in the same order: only those
    whose text or facets changed are replaced (whoosh's `update_document`). Otherwise, or once the
    documents replaced since the last whole index pass `STALE_SHARE` of them, it is written anew.
    The static export does not read the whoosh index: it scores from what analysis gathered, so it is
    the same either way.
    """

    def __init__(self, site: Site, folder: Path, previous: Optional[dict] = None,
                 previous_folder: Optional[Path] = None, kept: Optional[Path] = None,
                 sources: Optional[tuple[Optional[dict[str, str]], dict[str, str]]] = None):
        self.site = site
        self.folder = folder
        # Kept beside output/ `kept` for the next build, if given: the postings (`.NAME.postings`), the
        # words of each document (`.NAME.words`) and what the export made of each term (`.NAME.terms`).
        self.kept = kept_path(kept, "postings") if kept is not None else None
        self.kept_words = kept_path(kept, "words") if kept is not None else None
        self.kept_terms = kept_path(kept, "terms") if kept is not None else None
        self.kept_related = kept_path(kept, "related") if kept is not None else None  # each item's related decisions
        # The content files' digests (`depend.source_digests`) as the previous build and this one found them.
        self.sources = sources
        self._previous: Optional[tuple] = None  # `_kept_header` of the previous build's documents
        self._touched: Optional[set[str]] = None  # the terms whose postings changed since it (None: all may have)
        self._changed: list[int] = []  # and the documents that changed (when `_touched` is known)
        self._rescored: set[str] = set()  # of those terms, the ones whose postings are as they were
        self._files_before: dict[str, list] = {}  # such a term → its dictionary entry then, if it had files
        self._in_place: set[str] = set()  # of those, the ones in the same documents, whose facets stay
        self._file_before: Callable[[str], Optional[bytes]] = lambda path: None  # (`export`'s `previous`)
        self._changed_bodies: dict[int, Counter] = {}  # and each one's terms in its body, with their counts
        # the documents whose page, title, excerpt … may differ from the previous build's (None: any may)
        self._may: Optional[set[int]] = None
        self.encoded = 0  # terms the export encoded (the others' files were kept)
        self.positions_kept = 0  # of them, those whose positions file was kept (only their scores changed)
        with kept_to_the_end():  # (as long as the index)
            self.docs = documents(site)
        self.orgs: list[Optional[tuple[str, Optional[str]]]] = [None]  # numbered by _number_facets
        self.wards: list[Optional[str]] = [None]
        self.verbs: list[str] = list(VERBS)
        self._org_ids: dict[Any, int] = {}
        self._ward_ids: dict[str, int] = {}
        self._verb_bits: dict[str, int] = {}
        self._expansion: Optional[Bo1Model] = None
        self._key_terms = _BestTerms(0, ())  # item docnum → its best terms (`_key_term`), best first:
        # the first KEY_TERMS are its key terms
        self._key_seqs: set[int] = set()  # the terms (by their numbers) that are some item's key terms
        self._best: dict[int, tuple[array, array]] = {}  # such a term → its best items with decisions
        self._items = bytearray(doc.item is not None for doc in self.docs)  # (as lists, 11 MB at 100,000 meetings)
        self._decided = bytearray(doc.item is not None and bool(doc.item.decisions) for doc in self.docs)
        self.postings = _Postings()
        self.digests = bytearray()  # each document's `_digest`, in docnum order
        self.words = _Words()
        self._urls = _urls_digest(self.docs)
        self.replaced = 0  # documents replaced in the whoosh index since it was last written whole
        self.analysed = 0  # documents this build analysed (the others' postings were kept)
        self.digested = 0  # documents whose text this build made only to digest it
        self.related_again = 0  # items whose related decisions `relate` found again (the others' were kept)
        self.keyed_again = 0  # items whose key terms the export chose again (the others' were kept)
        if (previous is not None and previous_folder is not None and previous.get("urls") == self._urls
                and (previous_folder / STATS_FILE).is_file()):
            self._update(previous, previous_folder)
        else:
            self.build()

    def build(self) -> None:
        """Write the whoosh index; whoosh's random segment names are seeded so builds repeat exactly."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with _seeded(f"minutebook-{len(self.docs)}"):
            ix = _ReproducibleStorage(str(self.folder)).create_index(schema())
            if self._in_two():
                self._build_in_two(ix)
            else:
                writer = _Writer(ix, self.postings, 0, limitmb=256)
                self._analyse_here(writer)
                writer.commit()
        self._written()

    def _update(self, previous: dict, previous_folder: Path) -> None:
        """Analyse again only the documents whose digest changed, into the postings the previous build
        kept (or every document, as `build` does, if it kept none), then replace those documents in a
        copy of the previous whoosh index (or write it anew, if too many have been replaced)."""
        before = base64.b64decode(previous["docs"])
        self._previous = _kept_header(previous["urls"], before)
        with kept_to_the_end():
            kept = _Postings.kept(self.kept, self._previous) if self.kept else None
            some = self._may_have_changed(previous) if kept is not None else None
            self._may = set(some) if some is not None else None
            words = _Words.kept(self.kept_words, self._previous) if some is not None and self.kept_words else None
        found: dict[int, set[str]] = {}
        if words is not None:
            self.digests, self.words = bytearray(before), words
            found = self._digest(some)
        elif kept is not None:
            self._digest_all()
        elif self._in_two():
            self._analyse_in_two(None)
        else:
            self._analyse_here(None)
        size, now = DOC_DIGEST, self.digests
        changed = [n for n in range(len(self.docs)) if now[n * size:(n + 1) * size] != before[n * size:(n + 1) * size]]
        if words is not None:
            words.replace(changed, [found[n] for n in changed])
        if kept is not None:  # (and those of them whose fields, which facets are made of, changed)
            refiled = {n for n in changed if now[n * size:n * size + DIGEST] != before[n * size:n * size + DIGEST]}
            analysed = [_analysed((self.docs[n].title, self.docs[n].text()))[:2] for n in changed]
            self._touched, self._rescored, _, self._in_place = kept.replace(changed, analysed, refiled)
            self._changed = changed
            self._changed_bodies = {n: Counter(body) for n, (_, body) in zip(changed, analysed)}
            self.postings, self.analysed = kept, len(changed)
        self.replaced = previous.get("replaced", 0) + len(changed)
        if self.replaced <= STALE_SHARE * len(self.docs):
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                for path in previous_folder.iterdir():  # whoosh never changes a file it wrote: share them
                    if path.name != STATS_FILE:
                        os.link(path, self.folder / path.name)
                # Without mmap: whoosh maps each segment file whole, and finding the replaced documents
                # by id touched ~200 MiB of them at 10,000 meetings, all counted in this process's RSS.
                ix = _ReproducibleStorage(str(self.folder), supports_mmap=False).open_index()
                if changed:
                    with _seeded(f"minutebook-{hashlib.blake2b(self.digests).hexdigest()}"):
                        writer = ix.writer()
                        for n in changed:
                            doc = self.docs[n]
                            writer.update_document(**self._fields(doc, n), title=doc.title, body=doc.text())
                        writer.commit(mergetype=_merge_updates)
                return self._written()
            except Exception:  # the previous index is not there whole (or no file system link): write it anew
                shutil.rmtree(self.folder)
        self.postings, self.digests, self.words, self.replaced, self.analysed = \
            _Postings(), bytearray(), _Words(), 0, 0
        self.build()

    def state(self) -> dict:
        """What the next build needs to update this index in place (the build's manifest keeps it)."""
        state = {"urls": self._urls, "docs": base64.b64encode(bytes(self.digests)).decode("ascii"),
                 "replaced": self.replaced}
        if self.sources is not None:
            state["sources"] = sources_digest(self.sources[1])
        return state

    def _written(self) -> None:
        (self.folder / "MAIN_WRITELOCK").unlink(missing_ok=True)  # whoosh's lock, not part of the index
        (self.folder / STATS_FILE).write_bytes(_json({"docs": len(self.docs), "lengths": self.postings.totals}))
        if self.kept is not None:
            self.postings.save(self.kept, _kept_header(self._urls, self.digests))
        if self.kept_words is not None:
            self.words.save(self.kept_words, _kept_header(self._urls, self.digests))
        self.words.release()

    def _may_have_changed(self, previous: dict) -> Optional[list[int]]:
        """The documents (docnums) whose text, filters or what docs/ shows of them (title, excerpt, …)
        may differ from the previous build's, when only meeting files changed since: the records of
        those meetings and every person and issue (theirs gather from many files). None when other
        files changed, or it is not known which did."""
        if self.sources is None:
            return None
        before, now = self.sources
        changed = changed_since(before, previous.get("sources"), now)
        if changed is None or not changed <= {doc.source for doc in self.docs}:
            return None
        return [n for n, doc in enumerate(self.docs) if doc.source is None or doc.source in changed]

    def _digest(self, docnums: list[int]) -> dict[int, set[str]]:
        """The digests of documents `docnums` (in `self.digests`, in place), and their words."""
        found: dict[int, set[str]] = {}
        self.digested += len(docnums)
        for docnum in docnums:
            digest = bytearray()
            for title, text in _texts([self.docs[docnum]], digest):
                found[docnum] = set(TOKEN.findall(title)).union(TOKEN.findall(text))
            self.digests[docnum * DOC_DIGEST:(docnum + 1) * DOC_DIGEST] = digest
        return found

    def _digest_all(self) -> None:
        """Each document's digest, and its words, without analysing them (their postings are kept): in
        two processes for a large archive. Making the texts is most of it."""
        half = (len(self.docs) + 1) // 2 if self._in_two() else len(self.docs)
        rest = self.docs[half:]
        aside = forked(lambda part: _sent_words(*_digested(rest), part)) if rest else None
        self.digested = len(self.docs)
        self.digests, self.words = _digested(self.docs[:half])
        if aside is not None:
            self.digests += wait_forked(aside, "reading the second half of the documents", self._take_part)

    def _in_two(self) -> bool:
        return len(self.docs) >= PARALLEL_FROM and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1

    def _analyse_here(self, writer: Any) -> None:
        """Analyse every document in this process (with a pool of two for a large archive)."""
        with _pool(len(self.docs)) as pool:
            texts = _texts(self.docs, self.digests)
            analysed = pool.imap(_analysed, texts, chunksize=200) if pool else map(_analysed, texts)
            self._gather(writer, self.docs, analysed, 0, self.postings, self.words)

    def _add(self, writer: Any, first: int, end: int, postings: _Postings, digests: bytearray, words: _Words) -> None:
        """Analyse documents `first` to `end` in this process, into `postings`, `digests` and `words` (and
        index them with `writer`, if any)."""
        docs = self.docs[first:end]
        self._gather(writer, docs, map(_analysed, _texts(docs, digests)), first, postings, words)

    def _gather(self, writer: Any, docs: list[SearchDoc], analysed: Iterable[tuple[list[str], list[str], set[str]]],
                first: int, postings: _Postings, words: _Words) -> None:
        """Take in `docs`, numbered from `first` (`analysed`: their texts, by `_analysed`): their postings as
        the export writes them, their words (for the words/ shards), and whoosh's documents if there is a
        `writer`."""
        self.analysed += len(docs)
        for docnum, (doc, (title, body, found)) in enumerate(zip(docs, analysed), first):
            words.add(found)
            title, body = _Places(title), _Places(body)
            postings.add(docnum, title, body)
            if writer is not None:
                writer.add_document(**self._fields(doc, docnum), title=title, body=body)

    def _build_in_two(self, ix: Any) -> None:
        """Two whoosh segments, each half of the documents written in a forked process, both at once, as
        whoosh's own multisegment writer does, but in document order: the segments follow each other,
        so docnums, and every BM25F statistic (summed over segments), are as in one segment, and so
        are the scores (tests compare the exports)."""
        _commit(ix, self._analyse_in_two(ix))

    def _analyse_in_two(self, ix: Any) -> list:
        """Analyse the documents (and, given `ix`, index them, a whoosh segment each half) in two forked
        processes at once, and take in what they gathered, the first half's first; returns their
        segments.

        This process analyses none of them itself. When it did the first half, what whoosh's writer
        and the analysis hold for a while and then free was left here as holes among the postings it
        keeps: at 10,000 meetings 68 MiB of Python's memory, freed but not given back, in this process
        and in each one it forks afterwards (the export's, relate's)."""
        half = (len(self.docs) + 1) // 2
        if self.kept_words is not None:
            self.words.spill_to(tempfile.TemporaryFile(dir=self.kept_words.parent))
        halves = [self._fork_part(ix, 0, half), self._fork_part(ix, half, len(self.docs))]
        return [self._join(aside, which) for aside, which in zip(halves, ("first", "second"))]

    def _fork_part(self, ix: Any, first: int, end: int) -> tuple[Any, Any]:
        """Start analysing (and, given `ix`, indexing as a segment) documents `first` to `end` in a forked
        process; `_join` takes in what it did."""
        state = random.getstate()  # (a forked process's random is seeded anew, from the system's entropy)
        return forked(lambda part: self._part(ix, first, end, part, state))

    def _join(self, aside: tuple[Any, Any], which: str) -> Any:
        """Wait for `_fork_part`'s process and add what it gathered after what this one holds; returns
        its segment. Its postings come in batches of terms first."""
        segment, postings, digests = wait_forked(aside, f"indexing the {which} half of the documents",
                                                 self._take_part)
        self.postings.extend(postings)
        self.digests += digests
        self.analysed += len(digests) // DOC_DIGEST
        return segment

    def _take_part(self, part: tuple) -> None:
        """Take in a part of what a forked process gathered: some terms' postings, or a piece of its words.
        Each part grows arrays that are moved as they grow, and is let go once taken: the free pages are
        given back after each, or at 10,000 meetings ~25 MiB of them were still held at the export."""
        kind, *what = part
        if kind == "postings":
            self.postings.extend_terms(*what)
        else:
            self.words.take(*what)
        _give_back_freed_memory()

    def _part(self, ix: Any, first: int, end: int, part: Callable[[Any], None], state: Any) -> tuple:
        """In a forked process: analyse documents `first` to `end` (as a segment of `ix`, if given); what
        it gathered goes back, its postings first, in `part`s. whoosh names the segment at random: the
        first half from `state`, as the build seeded it, the second from a seed of its own."""
        if first:
            random.seed(f"minutebook-{len(self.docs)}-second")  # segment names must differ from the first's
        else:
            random.setstate(state)
        postings, digests, words = _Postings(), bytearray(), _Words()
        writer = _Writer(ix, postings, first, _lk=False, limitmb=256) if ix is not None else None
        self._add(writer, first, end, postings, digests, words)
        segment = writer._finalize_segment() if writer else None
        # The postings go in batches of terms, and the words in pieces: sent in one piece (~65 MB of
        # postings pickled at 10,000 meetings), the receiving process held them twice over, and that
        # was the build's peak of memory.
        for field, table in enumerate(postings.fields):
            batch: dict[str, tuple] = {}
            size = 0
            for term in list(table):
                batch[term] = entry = table.pop(term)
                size += len(entry[0])
                if len(batch) == TERMS_PER_BATCH or size >= POSTINGS_PER_BATCH:  # (the terms found first are
                    part(("postings", field, batch))  # the most frequent: 500 of them, most of the postings)
                    batch, size = {}, 0
            if batch:
                part(("postings", field, batch))
        return segment, postings, _sent_words(digests, words, part)

    @staticmethod
    def _fields(doc: SearchDoc, docnum: int) -> dict[str, Any]:
        """A document's whoosh fields but its text; `n` is its docnum in the export, which a document
        replaced in place no longer has in whoosh."""
        fields: dict[str, Any] = {"id": doc.url, "n": docnum, "kind": doc.kind}
        if doc.authority is not None:
            fields["authority"] = doc.authority.id
            fields["org"] = f"{doc.authority.id}/{doc.body_id}" if doc.body_id else doc.authority.id
        if doc.date is not None:
            fields["year"] = str(doc.date.year)
        if doc.key:
            fields["key"] = "yes"
        if doc.kind == "item" and doc.item is not None and doc.item.decisions:
            fields["decided"] = "yes"
        if doc.verbs:
            fields["verb"] = ",".join(sorted(doc.verbs))
        if doc.wards:
            fields["ward"] = ",".join(_comma_free(_ward_key(doc.authority, w)) for w in doc.wards)
        return fields

    # -- related decisions

    def relate(self) -> None:
        """Each public item's related decisions, from what `export` gathered (call that first).

        This is whoosh's more-like-this made to scale: an item's key terms are the ones whoosh's
        Bo1 expansion model rates highest in its body; a candidate's score is the sum over those
        terms of the key-term weight times the candidate's BM25F score for the term, as in the
        weighted `Or` that `Searcher.more_like` runs. Only the best `RELATED_CANDIDATES` items with
        decisions are kept per term, so each item costs the same however large the archive;
        running whoosh's own `more_like` for every item costs time in proportion to the archive
        (about 25 ms an item at 1,000 meetings).
        """
        items = self._key_terms.keys()
        digests = self._related_digests(items)
        kept = self._kept_related()
        again = [docnum for n, docnum in enumerate(items)
                 if kept.get(docnum, (b"",))[0] != digests[n * DIGEST:(n + 1) * DIGEST]]
        half = len(again) // 2 if self._in_two() and len(again) >= PARALLEL_FROM else len(again)
        aside = forked(lambda part: self._related_of(again[half:])) if half < len(again) else None
        found_again = self._related_of(again[:half])
        if aside is not None:
            found_again.extend(wait_forked(aside, "finding related decisions"))
        self.related_again = len(again)
        related = array("i")  # as `_related_of` gives them, for every item
        made = iter(found_again)
        for n, docnum in enumerate(items):
            was = kept.get(docnum)
            if was is not None and was[0] == digests[n * DIGEST:(n + 1) * DIGEST]:
                others = was[1]
            else:
                count = next(made)
                others = [next(made) for _ in range(count)]
            related.append(len(others))
            related.extend(others)
            self.docs[docnum].item.related = [self.docs[other].item for other in others] or NONE
        self._keep_related(items, digests, related)

    def _related_digests(self, items: array) -> bytes:
        """For each item, a digest of all its related decisions are found from: its key terms' weights, in
        order, and each one's best items with their scores. The next build finds again the related
        decisions of the items whose digest changed, and keeps the others' (`_kept_related`)."""
        best = {seq: hashlib.blake2b(docs.tobytes() + scores.tobytes(), digest_size=DIGEST).digest()
                for seq, (docs, scores) in self._best.items()}
        last = (1 << _SEQ_BITS) - 1
        digests, key_terms = bytearray(), self._key_terms
        pieces: dict[int, bytes] = {}  # key → its part of what is digested (items share most keys)
        for docnum in items:
            keys = key_terms.get(docnum, KEY_TERMS)
            for key in keys:  # type: ignore[union-attr]
                if key not in pieces:
                    pieces[key] = (key >> _SEQ_BITS).to_bytes(8, "little") + best.get(last - (key & last), b"-")
            digests += hashlib.blake2b(b"".join(map(pieces.__getitem__, keys)), digest_size=DIGEST).digest()  # type: ignore[arg-type]
        return bytes(digests)

    def _kept_related(self) -> dict[int, tuple[bytes, list[int]]]:
        """What the previous build kept of each item's related decisions (item docnum → the digest of what
        they were found from, their docnums), if it kept them, of the same documents; else nothing."""
        found = kept_pickled(self.kept_related, self._previous) if self.kept_related is not None else None
        if found is None:
            return {}
        items, digests, related = found
        kept, at = {}, 0
        for n, docnum in enumerate(items):
            count = related[at]
            kept[docnum] = (digests[n * DIGEST:(n + 1) * DIGEST], related[at + 1:at + 1 + count].tolist())
            at += 1 + count
        return kept

    def _keep_related(self, items: array, digests: bytes, related: array) -> None:
        if self.kept_related is not None:
            keep_pickled(self.kept_related, _kept_header(self._urls, self.digests), (items, digests, related))

    def _related_of(self, items: list[int]) -> array:
        """For each item (by docnum; its key terms: `_key_terms`), the number of its related decisions,
        then their docnums."""
        best_of, nothing = self._best, ((), ())
        parts: dict[int, tuple[float, int]] = {}  # key → `_key_term_parts`: items share most keys
        related = array("i")
        key_terms = self._key_terms
        for docnum in items:
            scores: dict[int, float] = {}
            add = scores.get
            for key in key_terms.get(docnum, KEY_TERMS):  # type: ignore[union-attr]
                weight_seq = parts.get(key)
                if weight_seq is None:
                    weight_seq = parts[key] = _key_term_parts(key)
                weight, seq = weight_seq
                for other, score in zip(*best_of.get(seq, nothing)):
                    scores[other] = add(other, 0.0) + weight * score
            scores.pop(docnum, None)
            best = _best_scored(scores, RELATED)
            related.append(len(best))
            related.extend(best)
        return related

    # -- the static export

    def export(self, keep: Callable[[str], bool] = lambda path: False,
               previous: Callable[[str], Optional[bytes]] = lambda path: None) -> Iterator[tuple[str, bytes]]:
        """(path under search/, bytes) of every file the browser may fetch (docs/search-format.md).

        Terms are encoded in batches, in two other processes for a large archive; the batches come
        back in order, so the files are the same either way. A term whose postings did not change
        since the previous build, scored with the same statistics, is not encoded again: its
        dictionary entry is the one that build kept (`_kept_terms`) and its files are kept as they
        are in output/ (`keep(path)`: False if that build's file is not there, and it is encoded).
        One whose postings are as they were but whose scores changed (a document's length did) takes
        its facets from that build's file (`previous(path)`: its bytes, None if it is not as that
        build wrote it), as the preview does (`_scored_again`).
        """
        self._file_before = previous
        global _EXPORTING
        facets = self._facet_columns()
        lengths = dict(zip(FIELDS, self.postings.lengths))
        terms = sorted({t for table in self.postings.fields for t in table}, key=_utf16)
        numbers = _file_numbers(terms)
        if not self._few_terms_changed():  # (an edit's few terms are read as they are: ~0.4 s at 10,000 meetings)
            self.postings.compact()  # before the export's processes are forked
            _give_back_freed_memory()
        self._expansion = Bo1Model(len(self.docs), self.postings.totals[FIELDS.index("body")])
        scored_with = self._scored_with()
        # term → (dictionary entry, best items if a key term), in term order: what the next build keeps, and
        # the dictionary (its shards, and each term's df, are made from it once the postings are let go)
        kept_now: dict[str, tuple[list, Optional[tuple[array, array]]]] = {}
        dict_size = 0
        _EXPORTING = (self, facets, lengths)
        try:
            # The export's processes are forked before the key terms are chosen (each batch says which
            # of its terms are key terms): a forked process holds all that this one did, and the key
            # terms were ~230 MiB of it at 100,000 meetings.
            with _pool(len(self.docs)) as pool:
                kept, kept_keys = self._kept_terms(scored_with)
                before = self._files_before  # the terms whose positions file may be kept as it is

                def to_encode(seq: int, text: str, key: bool) -> tuple[int, str, Optional[list], bool]:
                    was = before.get(text)
                    return seq, text, was if was is not None and was[2] == numbers[text] else None, key

                # An update's few terms whose postings changed are encoded whatever the key terms are: they go
                # to the export's processes before the key terms are chosen (which took ~1.5 s while those
                # processes waited, at 10,000 meetings after a paragraph added to an item), each noting its
                # best items, which are taken for the key terms alone (`_took_best`).
                ahead = ([to_encode(seq, text, True) for seq, text in enumerate(terms) if text not in kept]
                         if kept and pool is not None and self._few_terms_changed() else [])
                sent = [pool.apply_async(_export_batch, (batch,)) for batch in _batches(ahead)] if ahead else []
                keys_now = self._choose_key_terms(terms, kept_keys)
                del kept_keys
                reused: dict[int, tuple[list, Optional[tuple[array, array]]]] = {}
                for seq, text in enumerate(terms) if kept else ():
                    entry, best = kept.get(text, (None, None))
                    if entry is None or (best is None and seq in self._key_seqs):
                        continue  # changed (or not kept), or now a key term whose best items were not kept
                    if isinstance(entry[2], int) and not (entry[2] == numbers[text] and keep(f"post/{entry[2]}.bin")
                                                          and keep(f"pos/{entry[2]}.bin")):
                        continue
                    reused[seq] = (entry, best)
                del kept
                key_seqs = self._key_seqs
                sent_seqs = {seq for seq, *_ in ahead}
                encode = [to_encode(seq, text, seq in key_seqs) for seq, text in enumerate(terms)
                          if seq not in reused and seq not in sent_seqs]
                self.encoded = len(ahead) + len(encode)
                batches = _batches(encode)
                done = _ahead(pool, _export_batch, batches) if pool and encode else map(_export_batch, batches)
                encoded = chain.from_iterable(self._took_best(batch) for batch in done)
                if ahead:  # both in the terms' order
                    encoded = (found for _, found in heapq.merge(
                        zip(sorted(sent_seqs), chain.from_iterable(self._took_best(result.get()) for result in sent)),
                        zip((seq for seq, *_ in encode), encoded), key=operator.itemgetter(0)))
                for seq, text in enumerate(terms):
                    if seq % TERMS_PER_BATCH == 0 and len(encode) > TERMS_PER_BATCH:
                        _give_back_freed_memory()  # what encoding the last terms held
                    if seq in reused:
                        entry, best = reused.pop(seq)
                        if best is not None and len(best[0]) and seq in key_seqs:
                            self._best[seq] = best
                    else:
                        _, df, core, facet, positions, top = next(encoded)
                        if positions is None:  # as the previous build's file has them
                            if top is not None and keep(f"pos/{numbers[text]}.bin"):
                                self.positions_kept += 1
                            else:  # (its file gone, or now too small to have files: rare)
                                (_, df, core, facet, positions, top), = self._export_batch(
                                    [(seq, text, None, seq in key_seqs)], facets, lengths)[0]
                        entry, files = _entry(numbers[text], df, core, facet, positions, top)
                        yield from files
                    kept_now[text] = (entry, self._best.get(seq, _NO_BEST if seq in key_seqs else None))
                    dict_size += len(text) + 30 + sum(len(e) for e in entry[2:] if isinstance(e, str))
        finally:
            _EXPORTING = None
        # The postings' last use (`relate`, which follows, works from each key term's best items):
        # ~0.5 GB at 100,000 meetings, not carried into relate's processes, nor held while what
        # the export made is kept.
        self.postings.release()
        _give_back_freed_memory()
        self._keep_terms(scored_with, kept_now, keys_now)
        del keys_now
        dict_shards = max(1, -(-dict_size // DICT_SHARD_BYTES))
        shards: list[dict[str, list]] = [{} for _ in range(dict_shards)]
        found: dict[str, int] = {}  # term → df_title + df_body, for the words/ shards
        for text, (entry, _) in kept_now.items():
            shards[dict_shard(text, dict_shards)][text] = entry
            found[text] = entry[0] + entry[1]
        del kept_now
        for n, shard in enumerate(shards):
            yield f"dict/{n}.json", _json(shard)
        words_first = yield from self._words(found)
        may = self._may
        for n in range(0, len(self.docs), PER_DOCS_FILE):
            path = f"docs/{n // PER_DOCS_FILE}.json"
            # the same documents in the same order, but for those that may have changed: kept if none is here
            if may is None or not may.isdisjoint(range(n, n + PER_DOCS_FILE)) or not keep(path):
                yield path, _json([self._record(doc) for doc in self.docs[n:n + PER_DOCS_FILE]])
        yield "facets.json", _json(self._facet_labels())
        yield "root.json", _json({
            "version": FORMAT_VERSION, "docs": len(self.docs), "per_docs_file": PER_DOCS_FILE,
            "dict_shards": dict_shards, "words": words_first, "years": self._runs,
            "prefix": {"min": PREFIX_MIN, "expansions": PREFIX_EXPANSIONS}})

    def _few_terms_changed(self) -> bool:
        """Whether the export will encode only a few terms, those an edit changed, and keep the others'
        entries as the previous build made them (`_kept_terms`)."""
        return (self._touched is not None and len(self._touched) <= TERMS_PER_BATCH
                and self.kept_terms is not None and self.kept_terms.is_file())

    def _facet_columns(self) -> list[list[bytes]]:
        """Each document's org, flags and wards, encoded (`_facets`), as three columns by docnum; notes the
        years' runs of documents (`_runs`) and the facets' values (`_facet_values`)."""
        self._runs, self._facet_values, self._facets_alike = [], [], {}
        self._number_facets()
        facets = []
        for doc in self.docs:
            year = doc.date.year if doc.date else None
            if not self._runs or self._runs[-1][1] != year:
                self._runs.append([len(facets), year])
            values, encoded = self._facets(doc)
            self._facet_values.append(values)
            facets.append(encoded)
        self._facet_values = [list(column) for column in zip(*self._facet_values)] or [[]] * 3
        return [list(column) for column in zip(*facets)] or [[], [], []]

    def _took_best(self, batch: tuple[list, dict]) -> list:
        """A batch's encoded terms; the best items of its key terms go to `_best`."""
        encoded, best = batch
        key_seqs = self._key_seqs
        self._best.update((seq, found) for seq, found in best.items() if seq in key_seqs)
        return encoded

    def _scored_with(self) -> tuple:
        """Everything but its own postings that a term's encoding depends on: the number of documents,
        the fields' average lengths (rounded: `_average`), how facets are numbered, the years' runs."""
        return (len(self.docs), [_average(total, len(self.docs)) for total in self.postings.totals],
                self.orgs, self.wards, self.verbs, self._runs)

    def _kept_terms(self, scored_with: tuple) -> tuple[dict[str, tuple[list, Optional[tuple[array, array]]]],
                                                       Optional[tuple]]:
        """What the previous build's export made of each term whose postings did not change since
        (term → dictionary entry, best items if a key term), and the key terms it chose
        (`_choose_key_terms`), if it kept them, of the same documents as this build updated, scored
        with the same statistics; else nothing."""
        if self._touched is None or self.kept_terms is None:
            return {}, None
        kept, keys = kept_pickled(self.kept_terms, (self._previous, scored_with)) or ({}, None)
        for term in self._touched:
            entry, _ = kept.pop(term, (None, None))
            if term in self._rescored and entry is not None and isinstance(entry[2], int):
                self._files_before[term] = entry
        return kept, keys

    def _keep_terms(self, scored_with: tuple, terms: dict[str, tuple[list, Optional[tuple[array, array]]]],
                    keys: tuple) -> None:
        """Keep what this export made of each term, and the key terms chosen, for the next build (`_kept_terms`)."""
        if self.kept_terms is not None:
            keep_pickled(self.kept_terms, (_kept_header(self._urls, self.digests), scored_with), (terms, keys))

    def _export_batch(self, batch: list[tuple[int, str, Optional[list], bool]], facets: list[list[bytes]],
                      lengths: dict[str, Any]) -> tuple[list, dict]:
        """Encoded postings of a batch of terms (numbered: `seq`), and the best items of those that are
        key terms (for `relate`). A term whose positions file may be kept (its postings are as they
        were: given with its dictionary entry then, from `_files_before`) comes without positions
        (None) if it still has files of its own."""
        best: dict[int, tuple[array, array]] = {}
        encoded = [self._encoded(text, facets, lengths, before, (seq, best) if key else None)
                   for seq, text, before, key in batch]
        return encoded, best

    def _encoded(self, text: str, facets: list[list[bytes]], lengths: dict[str, Any], before: Optional[list] = None,
                 key: Optional[tuple[int, dict[int, tuple[array, array]]]] = None, inline: bool = False) -> tuple:
        """A term's (text, df, core, facet, positions, top): its postings encoded (`_postings`); `top`
        (`_top`) and the rest compressed if it has files of its own, None if it is inline in the
        dictionary (small, or `inline` asked for). Given its dictionary entry then (`before`: its
        positions file may be kept), no positions; and if it is in place, its facets from its file then
        (`_scored_again`). A key term (`key`: its number, and where its best items go) notes its best items."""
        again = (self._scored_again(text, before, lengths)
                 if before is not None and text in self._in_place and not inline else None)
        if again is not None:  # its facets as they were, from its file then
            top, core, facet, per_field = again
            if key is not None:
                self._gather_candidates(key[0], per_field[1], key[1])
            return text, [len(found.docs) if found else 0 for found in per_field], core, facet, None, top
        core, facet, positions, df, per_field, docnums = self._postings(text, facets, lengths, before is not None)
        if key is not None:
            self._gather_candidates(key[0], per_field[1], key[1])
        top = None
        if len(core) + len(facet) >= INLINE_BYTES and not inline:  # a file of its own, compressed but for its top
            top = self._top(per_field, docnums)
            core, facet = zlib.compress(core, 6), zlib.compress(facet, 6)
            positions = zlib.compress(positions, 6) if positions is not None else None
        elif positions is None:
            positions = self._positions(per_field)
        return text, df, core, facet, positions, top

    def _scored_again(self, term: str, old: list, lengths: dict[str, Any]
                      ) -> Optional[tuple[bytes, bytes, bytes, list[Optional[_Scored]]]]:
        """A term with files of its own that is in the same documents as before, none of whose facets may
        have changed (`_Postings.replace`'s in place; its dictionary entry then: `old`), encoded from its
        postings file then, if that is there as it was (`_file_before`): the documents' facets, and
        their counts by facet, are those of that file, and only the term's scores and best documents
        are worked out again (a frequent term's facets were half the time of each save, and every term
        of a document whose length changed is scored again). Its top, core and facets (compressed, as
        `_entry` puts them in its file), and its postings in each field (`_Scored`), for its positions.
        None if it must be encoded whole."""
        number, top_size, core_size = old[2:5]
        was = self._file_before(f"post/{number}.bin")
        if was is None:
            return None
        per_field = self._scored(term, lengths)
        core, _ = self._core(per_field)
        facet = was[top_size + core_size:]
        if len(core) < INLINE_BYTES and len(core) + len(zlib.decompress(facet)) < INLINE_BYTES:
            return None  # inline now (`_encoded` decides from the core and facets together)
        top = self._best_documents(per_field) + was[_facet_counts_at(was):top_size]
        return top, zlib.compress(core, 6), facet, per_field

    def _choose_key_terms(self, terms: list[str], kept: Optional[tuple]) -> tuple:
        """Each item's key terms: the `KEY_TERMS` terms whoosh's Bo1 expansion model rates highest in its
        body (ties: the earlier term), as whoosh's `Expander` ranks them.

        A term's rating in an item depends only on its count there and in every body (the model's
        `weight_in_collection`). With the best terms the previous build kept (`kept`), only the items
        an edit may have changed them in are gone through again (`_key_terms_again`); otherwise every
        item's are chosen (`_key_terms_of_all`). Returns what to keep for the next build: (the terms,
        each one's count in every body, each item's best terms, the items whose best terms are all theirs).
        """
        found = self._key_terms_again(terms, *kept) if kept is not None else None
        if found is None:
            found = self._key_terms_of_all(terms)
            self.keyed_again = sum(self._items)
        best, complete, collections = found
        self._key_terms = best
        self._key_seqs = best.seqs_among(KEY_TERMS)
        return terms, collections, best, complete

    def _key_terms_of_all(self, terms: list[str]) -> tuple[_BestTerms, set[int], dict[str, int]]:
        """Every item's best `KEPT_KEYS` terms, best first; the items with no more terms than those (whose
        best terms are all their terms); and each term's count in every body.

        Each (term, count) has one key (`_key_term`); going through them best first, an item takes the
        first `KEPT_KEYS` it has. Only that many postings per item are touched in Python; the rest are
        passed over in C.
        """
        model, items = self._expansion, self._items
        body = self.postings.fields[FIELDS.index("body")]
        collections: dict[str, int] = {}
        keyed: list[tuple[int, array]] = []  # (key, the items with the term that many times, as `_gaps`:
        # all of them are most of the body's postings: 21.6 -> 8.4 MiB at 10,000 meetings, held with them)
        for seq, text in enumerate(terms):
            entry = body.get(text)
            if entry is None:
                continue
            docs, counts = _docnums(entry[0]), entry[1]
            collections[text] = collection = sum(counts)  # in every body (whoosh's `frequency`)
            # as bytes and arrays, not lists (8 bytes a posting): a frequent term's, freed, left holes in
            # glibc's heap between the `keyed` made meanwhile (10,000 meetings: search peak 512.5 -> 508.2 MiB)
            in_items = bytes(map(items.__getitem__, docs))
            item_docs = array("i", compress(docs, in_items))
            if not item_docs:
                continue
            item_counts = array(counts.typecode, compress(counts, in_items))
            found = set(item_counts)
            for count in found:
                key = _key_term(model.score(count, float(collection), 0), seq)
                keyed.append((key, _gaps(item_docs if len(found) == 1
                                         else array("i", compress(item_docs, map(count.__eq__, item_counts))))))
        keyed.sort(key=operator.itemgetter(0), reverse=True)
        best = _BestTerms(len(self.docs), map(operator.itemgetter(0), keyed))
        taken, places, width = best.counts, best.places, best.width
        for place, (_, gaps) in enumerate(keyed):
            docs = _docnums(gaps)
            for docnum in compress(docs, map(width.__gt__, map(taken.__getitem__, docs))):
                places[docnum * width + taken[docnum]] = place
                taken[docnum] += 1
        return best, best.complete(), collections

    def _key_terms_again(self, terms: list[str], old_terms: list[str], old_collections: dict[str, int],
                         old_best: _BestTerms, old_complete: set[int]
                         ) -> Optional[tuple[_BestTerms, set[int], dict[str, int]]]:
        """The best terms the previous build kept of each item (`_key_terms_of_all`), put right for this
        one; None if so many items must be gone through again that going through all of them costs less.

        The items an edit changed are gone through again. In the others, a term whose count in every body
        changed is rated anew and put in its place among the item's best terms, as long as it is still
        rated higher than every term not kept (it was, or it is now rated at least as high as the lowest
        kept term was); if not, it is left out of them, and the item keeps fewer. An item left with fewer
        than `KEY_TERMS` is gone through again. Keeping more best terms than key terms is what spares
        those items: a key term rated a little lower after an edit elsewhere (a common word used once
        more) still knows its place.

        Only the items that kept such a term, or in which it is now rated at least as high as their
        lowest kept term, are looked at in Python: a common word's other postings (hundreds of
        thousands after an edit that adds a paragraph, at 10,000 meetings) are passed over in C.

        Terms are in the same order in both builds (by their text), so the kept keys are only
        renumbered if terms came or went.
        """
        model, items = self._expansion, self._items
        body = self.postings.fields[FIELDS.index("body")]
        last = (1 << _SEQ_BITS) - 1
        seq_of = {text: seq for seq, text in enumerate(terms)}
        collections = dict(old_collections)
        for text in self._touched:  # type: ignore[union-attr]
            entry = body.get(text)
            if entry is None:
                collections.pop(text, None)
            else:
                collections[text] = sum(entry[1])
        changed = set(self._changed)
        best = old_best.copy()
        for docnum in changed:  # (the same documents as the previous build's: `_kept_terms`)
            best.counts[docnum] = 0
        kept_rows = len(best)
        complete = old_complete - changed
        if old_terms != terms:  # a term that went was only in changed items
            best.renumber({last - seq: last - seq_of[text] for seq, text in enumerate(old_terms) if text in seq_of})
        again = {docnum for docnum in changed if items[docnum]}
        rated_anew = [text for text in self._touched  # type: ignore[union-attr]
                      if text in body and old_collections.get(text, collections[text]) != collections[text]]
        # (the others are gone, or only in changed items, or rated as they were in every item)
        holders = best.holding({last - seq_of[text] for text in rated_anew})
        lowest = best.lowest()
        for text in rated_anew:
            entry = body[text]
            seq, now = seq_of[text], collections[text]
            mine = last - seq  # the low bits of its keys
            docs, counts = _docnums(entry[0]), entry[1]
            in_items = bytes(map(items.__getitem__, docs))
            item_docs, item_counts = array("i", compress(docs, in_items)), array(counts.typecode, compress(counts, in_items))
            rated = {count: _key_term(model.score(count, float(now), 0), seq) for count in set(item_counts)}
            upper = {count: key >> _SEQ_BITS for count, key in rated.items()}
            looked = dict(compress(zip(item_docs, item_counts),
                                   map(operator.ge, map(upper.__getitem__, item_counts), map(lowest.__getitem__, item_docs))))
            for docnum in holders.get(mine, ()):
                looked[docnum] = counts[bisect.bisect_left(docs, docnum)]
            for docnum, count in looked.items():
                keys = best.get(docnum)
                if docnum in again or keys is None:
                    again.add(docnum)
                    continue
                key, at = rated[count], next((n for n, k in enumerate(keys) if k & last == mine), None)
                if at is not None:
                    lowest_key = keys[-1]
                    keys = keys[:at] + keys[at + 1:]
                    if key < lowest_key and docnum not in complete:  # a term not kept may be rated higher now
                        if len(keys) < KEY_TERMS:
                            again.add(docnum)
                            continue
                        best.put(docnum, keys)
                        lowest[docnum] = keys[-1] >> _SEQ_BITS
                        continue
                elif docnum in complete or key < keys[-1]:
                    continue  # (all its terms kept: this one cannot be missing) or still not among them
                keys = sorted([*keys, key], reverse=True)[:KEPT_KEYS]
                best.put(docnum, keys)
                lowest[docnum] = keys[-1] >> _SEQ_BITS
            if len(again) > AGAIN_SHARE * kept_rows:
                return None
        self.keyed_again = len(again)
        bodies = self._changed_bodies
        found: dict[int, list[int]] = {docnum: [_key_term(model.score(count, float(collections[text]), 0),
                                                          seq_of[text]) for text, count in bodies[docnum].items()]
                                       for docnum in again & bodies.keys()}
        unread = again - bodies.keys()  # items this build did not analyse: their terms are found in the postings
        if unread:
            found.update((docnum, []) for docnum in unread)
            for seq, text in enumerate(terms):
                entry = body.get(text)
                docs = _docnums(entry[0]) if entry is not None else ()
                hits = unread.intersection(docs)
                if hits:
                    counts = entry[1]
                    collection = float(collections[text])
                    for docnum in hits:
                        found[docnum].append(_key_term(model.score(counts[bisect.bisect_left(docs, docnum)],
                                                                   collection, 0), seq))
        for docnum, keys in found.items():
            complete.discard(docnum)
            best.put(docnum, sorted(keys, reverse=True)[:KEPT_KEYS])
            if keys and len(keys) < KEPT_KEYS:
                complete.add(docnum)
        return best.compacted(), complete, collections

    def _postings(self, text: str, facets: list[list[bytes]], lengths: dict[str, Any], kept: bool = False
                  ) -> tuple[bytes, bytes, Optional[bytes], list[int], list[Optional[_Scored]], Any]:
        """A term's postings (documents and scores; their facets apart, since a search of two words needs
        the facets of only one) and positions, merged over the fields (None if `kept`), with whoosh's
        score of each (`bm25` as whoosh's BM25F scorer calls it, with the statistics of the documents
        analysed)."""
        per_field = self._scored(text, lengths)
        core, docnums = self._core(per_field)
        orgs, flags, wards = facets
        facet = b"".join(map(orgs.__getitem__, docnums)) + b"".join(map(flags.__getitem__, docnums)) \
            + b"".join(map(wards.__getitem__, docnums))
        return (core, facet, None if kept else self._positions(per_field),
                [len(found.docs) if found else 0 for found in per_field], per_field, docnums)

    def _scored(self, text: str, lengths: dict[str, Any]) -> list[Optional[_Scored]]:
        """A term's postings in each field (None where it is not), with their scores."""
        per_field: list[Optional[_Scored]] = []
        docs_in_all = len(self.docs)
        for field, table, total, boost in zip(FIELDS, self.postings.fields, self.postings.totals, BOOSTS):
            entry = table.get(text)
            if entry is None:
                per_field.append(None)
                continue
            docs, counts, sizes, positions = _docnums(entry[0]), *entry[1:]
            # (term count, field length) as one int, count << _COUNT_SHIFT | length: ints count faster than pairs
            pairs = list(map(operator.or_, map(operator.lshift, counts, repeat(_COUNT_SHIFT)),
                             map(lengths[field].__getitem__, docs)))
            uses = Counter(pairs)
            order = sorted(uses, key=lambda pair: -uses[pair])  # most used first (one-byte indexes);
            index_of = {pair: n for n, pair in enumerate(order, 1)}  # ties in order of first use
            idf, average = _idf(docs_in_all, len(docs)), _average(total, docs_in_all)
            scores = [bm25(idf, (pair >> _COUNT_SHIFT) * boost, pair & _LENGTH_MASK, average, _BM25F.B, _BM25F.K1)
                      for pair in order]
            per_field.append(_Scored(docs, counts, sizes, positions, scores,
                                     list(map(index_of.__getitem__, pairs))))
        return per_field

    @staticmethod
    def _core(per_field: list[Optional[_Scored]]) -> tuple[bytes, Any]:
        """A term's postings section (docs/search-format.md): each field's scores, then its documents and
        the score of each in each field; and those documents' numbers."""
        title, body = per_field
        if title is None or body is None:
            docnums = (title or body).docs
        else:
            docnums = sorted(set(title.docs).union(body.docs))
        core = bytearray()
        for found in per_field:
            scores = found.scores if found else []
            core += _varint(len(scores))
            core += struct.pack(f"<{len(scores)}d", *scores)
        core += _varint(len(docnums))
        core += _varints(list(map(operator.sub, docnums, chain((0,), docnums))))
        for found in per_field:
            if found is None:
                core += bytes(len(docnums))
            elif found.docs is docnums:
                core += _varints(found.score_of)
            else:
                core += _varints(list(map(dict(zip(found.docs, found.score_of)).get, docnums, repeat(0))))
        return bytes(core), docnums

    @staticmethod
    def _positions(per_field: list[Optional[_Scored]]) -> bytes:
        """A term's positions: each document's in the title, then in the body (docs/search-format.md)."""
        title, body = per_field
        if title is None or body is None:
            return bytes((title or body).positions)
        pos = bytearray()
        b_docs, b_starts, b_positions = body.docs, _starts(body.sizes), body.positions
        t_starts, t_positions = _starts(title.sizes), title.positions
        done = 0
        for n, docnum in enumerate(title.docs):
            upto = bisect.bisect_left(b_docs, docnum, done)
            if upto > done:
                pos += b_positions[b_starts[done]:b_starts[upto]]
            pos += t_positions[t_starts[n]:t_starts[n + 1]]
            done = upto
        if done < len(b_docs):
            pos += b_positions[b_starts[done]:]
        return bytes(pos)

    def _top(self, per_field: list[Optional[_Scored]], docnums: Any) -> bytes:
        """The top of a frequent term's postings file: what a search for the term alone shows first.

        Its best `TOP_POSTINGS` documents in whoosh's order, each with the score whoosh gives it for
        the term (title + body), then the counts of all its documents by facet, so that a one-word
        search needs only this (docs/search-format.md).
        """
        return self._best_documents(per_field) + self._facet_counts(docnums)

    @staticmethod
    def _best_documents(per_field: list[Optional[_Scored]]) -> bytes:
        """The first part of a postings file's top (`_top`): the term's best documents, with their scores."""
        title, body = per_field
        scores: dict[int, float] = dict(zip(body.docs, body.each_score())) if body else {}
        if title:
            for d, score in zip(title.docs, title.each_score()):
                other = scores.get(d)
                scores[d] = score if other is None else score + other
        best = heapq.nlargest(TOP_POSTINGS, zip(scores.values(), map(operator.neg, scores)))
        out = bytearray(_varint(len(best)))
        for score, negative in best:
            out += _varint(-negative) + struct.pack("<d", score)
        return bytes(out)

    def _facet_counts(self, docnums: Any) -> bytes:
        """The rest of a postings file's top (`_top`): the counts of the term's documents by facet."""
        org, flags, wards = self._facet_values
        orgs = Counter(map(org.__getitem__, docnums))
        orgs.pop(0, None)
        runs: dict[int, int] = {}  # docnums are in order, and so are the years' runs of them
        ends = [bisect.bisect_left(docnums, first) for first, _ in self._runs[1:]] + [len(docnums)]
        for run, (start, end) in enumerate(zip([0, *ends], ends)):
            if end > start:
                runs[run] = end - start
        verbs: Counter = Counter()
        key = 0
        kinds = [0] * len(KINDS)
        for value, count in Counter(map(flags.__getitem__, docnums)).items():  # a few hundred distinct flags
            key += count if value & 1 else 0
            kinds[value >> 1 & 3] += count
            bit, mask = 0, value >> 4
            while mask:
                if mask & 1:
                    verbs[bit] += count
                bit, mask = bit + 1, mask >> 1
        counts = [orgs, runs, verbs, Counter(chain.from_iterable(map(wards.__getitem__, docnums)))]
        out = bytearray()
        for facet in counts:
            out += _varint(len(facet))
            for v in sorted(facet):
                out += _varint(v) + _varint(facet[v])
        out += _varint(key) + b"".join(map(_varint, kinds))
        return bytes(out)

    def _gather_candidates(self, seq: int, body: _Scored, best: dict[int, tuple[array, array]]) -> None:
        """Note a key term's (numbered `seq`) best-scoring items with decisions, as arrays: these are held
        until `relate`."""
        decided, docs = self._decided, body.docs
        candidates = heapq.nlargest(RELATED_CANDIDATES, compress(zip(body.each_score(), map(operator.neg, docs)),
                                                                 map(decided.__getitem__, docs)))
        if candidates:
            best[seq] = (array("i", [-d for _, d in candidates]), array("d", [score for score, _ in candidates]))

    def _number_facets(self) -> None:
        """Number bodies, verbs and wards most frequent first, so most postings spend one byte on each."""
        orgs: Counter = Counter(doc.org for doc in self.docs if doc.org is not None)
        wards: Counter = Counter(_ward_key(doc.authority, w) for doc in self.docs for w in doc.wards)
        verbs: Counter = Counter(v for doc in self.docs for v in doc.verbs)
        order = lambda counts: sorted(counts, key=lambda v: -counts[v])  # noqa: E731  (stable: ties keep first use)
        self.orgs = [None, *order(orgs)]
        self._org_ids = {org: n for n, org in enumerate(self.orgs) if org is not None}
        self.wards = [None, *order(wards)]
        self._ward_ids = {ward: n for n, ward in enumerate(self.wards) if ward is not None}
        self.verbs = sorted(VERBS, key=lambda v: -verbs[v])
        self._verb_bits = {verb: n for n, verb in enumerate(self.verbs)}

    def _facets(self, doc: SearchDoc) -> tuple[tuple, tuple[bytes, bytes, bytes]]:
        """A document's org, flags and wards, and them encoded (docs/search-format.md); worked out once for
        all the documents alike in them (72,586 documents at 10,000 meetings have ~2,000 different ones)."""
        key = (doc.org, doc.key, doc.kind, doc.verbs, doc.wards, doc.authority.id if doc.authority else None)
        found = self._facets_alike.get(key)
        if found is None:
            org = doc.org
            wards = [self._ward_ids[_ward_key(doc.authority, w)] for w in doc.wards]
            flags = int(doc.key) | KINDS.index(doc.kind) << 1 | bool(wards) << 3
            verbs = sorted(self._verb_bits[v] for v in doc.verbs)
            for bit in verbs:
                flags |= 1 << (4 + bit)
            org_id = self._org_ids[org] if org is not None else 0
            found = self._facets_alike[key] = (
                (org_id, flags, wards),
                (_varint(org_id), _varint(flags),
                 _varint(len(wards)) + b"".join(_varint(w) for w in wards) if wards else b""))
        return found

    def _facet_labels(self) -> dict:
        """facets.json: the labels of the values in postings, as compact arrays (docs/search-format.md)."""
        authorities = [a for a in self.site.authorities]
        position = {a.id: n for n, a in enumerate(authorities)}
        bodies = {(a.id, b.id): b for a in authorities for b in a.bodies}
        orgs: list[Optional[list]] = [None]
        for authority, body in self.orgs[1:]:
            orgs.append([position[authority], body, bodies[(authority, body)].name if body else None])
        wards: list[Optional[list]] = [None]
        for key in self.wards[1:]:
            authority, _, name = key.partition("/")
            wards.append([position.get(authority, -1), name])
        return {"authorities": [[a.id, a.short_name] for a in authorities], "orgs": orgs, "verbs": self.verbs,
                "wards": wards, "kinds": list(KINDS)}

    @staticmethod
    def _record(doc: SearchDoc) -> dict:
        return {"u": doc.url.lstrip("/"), "t": doc.title, "k": KINDS.index(doc.kind),
                "d": doc.date.isoformat() if doc.date else None, "m": doc.meta, "x": doc.excerpt(), "l": doc.lang}

    def _words(self, df: dict[str, int]) -> Iterator[tuple[str, bytes]]:
        """words/ shards: every word of the archive → its stem and the stem's document frequency
        (`df`: every term's, as the dictionary gives it; a word whose stem is no term is left out)."""
        words = {w.lower() for w in self.words.found()}  # what UNSTEMMED gives, at the regular expression engine's speed
        first: list[str] = []
        shard: dict[str, list] = {}
        size = 0
        for word in sorted(words, key=_utf16):
            if len(word) < 2 or word in STOP_WORDS:
                continue
            s = stem(word)
            if not df.get(s):
                continue
            entry = [s, df[s]]
            if not shard:
                first.append(word)
            shard[word] = entry
            size += len(word) + len(entry[0]) + 12
            if size >= WORDS_SHARD_BYTES:
                yield f"words/{len(first) - 1}.json", _json(shard)
                shard, size = {}, 0
        if shard:
            yield f"words/{len(first) - 1}.json", _json(shard)
        return first


class LiveSearch(Index):
    """The search index the preview (`serve`) shows, brought up to date by each save of a meeting's or
    person's file linked in place (`saved`), as its pages are, rather than only by the whole build that
    follows saves (~10 s at 10,000 meetings).

    It starts from the last whole build: the postings and words it kept beside output/, and the site
    it was made of (`of`). A save analyses again the documents of that meeting (or person) and of the
    nodes linking touched, and refiles those whose facets changed; the terms whose postings
    changed are encoded again in place of theirs, as that build would encode them: their files, the
    dictionary shards that hold them; so are the documents' display records. (A term with files of
    its own that is in the same documents as before keeps their facets from its file: most terms of
    a save, since every term of a document whose length changed scores anew.) Their words go in the
    words/ shards where a search as one types looks for them. What waits for the whole build that
    follows: the scores of the terms the save did not touch, should it move a field's average length
    (rounded to three figures, it rarely does), and the words/ shards cut as a build cuts them. That
    build then writes all of it, exactly. Held in memory from one save to the next: ~150 MiB at
    10,000 meetings (the documents, postings and words).
    """

    def __init__(self, site: Site, output: Path, digests: bytearray, docs: list[SearchDoc], postings: _Postings,
                 words: _Words, root: dict):
        # (not Index's: nothing is analysed or written until a save)
        self.site, self.output, self.digests, self.docs, self.postings = site, output, digests, docs, postings
        self.words = words
        self._word_list = list(words.numbers)  # each word, by its number
        self._dict_shards = 0
        self._words_first: list[bytes] = []
        self._shards_cut(root)
        self._docnum = {doc.url: n for n, doc in enumerate(docs)}
        self._of_source: dict[Optional[str], list[int]] = {}  # meeting file → its documents
        for n, doc in enumerate(docs):
            self._of_source.setdefault(doc.source, []).append(n)
        self._columns = self._facet_columns()
        self._file_before = self._search_file

    def _search_file(self, path: str) -> Optional[bytes]:
        """A file of the search index as it is in output/ (written by the last build, or by a save since)."""
        try:
            return (self.output / "search" / path).read_bytes()
        except OSError:
            return None

    @classmethod
    def of(cls, site: Site, output: Path, state: dict) -> Optional["LiveSearch"]:
        """The search index that output/'s last whole build made of `site`, as it recorded it (`state`,
        `Index.state`); None if that build kept no postings of these documents."""
        if not state:
            return None  # (no whole build yet: making the documents would be ~1.3 s at 10,000 meetings for nothing)
        docs = documents(site)
        urls = _urls_digest(docs)
        if state.get("urls") != urls:
            return None
        digests = bytearray(base64.b64decode(state["docs"]))
        postings = _Postings.kept(kept_path(output, "postings"), _kept_header(urls, digests))
        words = _Words.kept(kept_path(output, "words"), _kept_header(urls, digests))
        try:
            root = orjson.loads((output / "search" / "root.json").read_bytes())
        except (OSError, ValueError):
            return None
        if postings is None or words is None or root.get("docs") != len(docs):
            return None
        return cls(site, output, digests, docs, postings, words, root)

    def rebuilt(self) -> bool:
        """Take in how the whole build that followed the saves shown here cut the shards (it made the
        rest of the index of the same documents as these); False if its search index is not there."""
        try:
            root = orjson.loads((self.output / "search" / "root.json").read_bytes())
        except (OSError, ValueError):
            return False
        if root.get("docs") != len(self.docs):
            return False
        self._shards_cut(root)
        return True

    def _shards_cut(self, root: dict) -> None:
        self._dict_shards = root["dict_shards"]
        self._words_first = [_utf16(word) for word in root["words"]]  # each words/ shard's first word

    def saved(self, meeting: Optional[MeetingNode], others: Iterable[Any] = ()) -> Optional[list[tuple[str, bytes]]]:
        """The search files (path under output/, bytes) that change with a save of `meeting`'s file,
        linked in place (`link.relink_text`, or `relink_meeting` when it changed more than text), or of a
        person's (`meeting` None), with the documents of the nodes linking touched (`others`); None if
        their documents are not the ones indexed, or in another order (a date changed), or the
        numbering of the facets they are filtered by changed (the whole build shows the save then)."""
        fresh: dict[str, SearchDoc] = {}  # by address
        for node in [meeting, *others] if meeting is not None else others:
            if isinstance(node, ItemNode):
                node = node.meeting
            if isinstance(node, MeetingNode):
                if node.url in fresh:
                    continue  # (the meeting saved, or one of its items)
                source = source_name(self.site.root, node)
                first = _meeting_doc(node)
                made = [first, *(_item_doc(item, first) for item in node.items if item.exempt is None)]
                if sorted(self._docnum.get(doc.url, -1) for doc in made) != self._of_source.get(source):
                    return None  # (a build shows an item made exempt or public, a meeting added or taken out)
                for doc in made:
                    doc.source = source
            elif isinstance(node, (PersonNode, IssueNode)):
                made = [_person_doc(node) if isinstance(node, PersonNode) else _issue_doc(node)]
                if made[0].url not in self._docnum:
                    return None
                if isinstance(node, PersonNode):  # (undated, people are numbered as their authority lists them)
                    numbers = [self._docnum.get(person.url, -1) for person in node.authority.people]
                    if numbers != sorted(numbers):
                        return None
            else:
                continue
            fresh.update((doc.url, doc) for doc in made)
        docnums = [self._docnum[url] for url in fresh]
        if any(doc.date != self.docs[n].date for doc, n in zip(fresh.values(), docnums)):
            return None  # (documents are numbered in date order)
        digests = bytearray()
        texts = list(_texts(list(fresh.values()), digests))
        now = {n: (doc, digests[k * DOC_DIGEST:(k + 1) * DOC_DIGEST], text)
               for k, (n, doc, text) in enumerate(zip(docnums, fresh.values(), texts))}
        refiled = sorted(n for n, (_, digest, _) in now.items()
                         if digest[:DIGEST] != self.digests[n * DOC_DIGEST:n * DOC_DIGEST + DIGEST])
        changed = [n for n in sorted(now) if now[n][1] != self.digests[n * DOC_DIGEST:(n + 1) * DOC_DIGEST]]
        for n, (doc, digest, _) in now.items():
            self.docs[n] = doc
            self.digests[n * DOC_DIGEST:(n + 1) * DOC_DIGEST] = digest
        if refiled and not self._refiled(refiled):
            return None
        analysed = [_analysed(now[n][2]) for n in changed]
        touched, rescored, repositioned, in_place = self.postings.replace(
            changed, [(title, body) for title, body, _ in analysed], set(refiled))
        found = {word.lower() for _, _, words in analysed for word in words}
        found_before = {self._word_list[n].lower() for docnum in changed for n in self._words_of(docnum)}
        self.words.replace(changed, [words for _, _, words in analysed])
        self._word_list += list(self.words.numbers)[len(self._word_list):]
        lengths = dict(zip(FIELDS, self.postings.lengths))
        shards: dict[int, dict[str, list]] = {}
        files: list[tuple[str, bytes]] = []
        df: dict[str, int] = {}  # each touched term's df now (0: gone)
        for term in sorted(touched, key=_utf16):
            n = dict_shard(term, self._dict_shards)
            if n not in shards:
                shards[n] = self._shard(f"dict/{n}.json")
            old = shards[n].get(term)
            df[term] = 0
            if all(term not in table for table in self.postings.fields):
                shards[n].pop(term, None)
                continue
            if term in repositioned and old is not None:  # its documents and scores are as they were
                df[term] = old[0] + old[1]
                positions = self._positions([_Scored(*table[term], [], []) if term in table else None
                                             for table in self.postings.fields])
                if isinstance(old[2], int):
                    files.append((f"pos/{old[2]}.bin", zlib.compress(positions, 6)))
                else:
                    old[3] = _b64(positions)
                continue
            numbered = old[2] if old is not None and isinstance(old[2], int) else None  # (it has files)
            if term in in_place and numbered is not None:
                again = self._scored_again(term, old, lengths)
                if again is not None:
                    top, core, facet, per_field = again
                    shards[n][term] = [old[0], old[1], numbered, len(top), len(core)]
                    df[term] = old[0] + old[1]
                    files.append((f"post/{numbered}.bin", top + core + facet))
                    if term not in rescored:  # (its positions changed too)
                        files.append((f"pos/{numbered}.bin", zlib.compress(self._positions(per_field), 6)))
                    continue
            number = numbered if numbered is not None else _file_number(term)
            encoded = self._encoded(term, self._columns, lengths)
            if encoded[5] is not None and numbered is None and (self.output / "search" / f"post/{number}.bin").exists():
                encoded = self._encoded(term, self._columns, lengths, inline=True)  # the number is another term's
            shards[n][term], term_files = _entry(number, *encoded[1:])
            df[term] = encoded[1][0] + encoded[1][1]
            files += term_files
        files += [(f"dict/{n}.json", _sorted_json(shard)) for n, shard in sorted(shards.items())]
        files += self._words_saved(found, found_before, df)
        for n in sorted({docnum // PER_DOCS_FILE for docnum in docnums}):
            start = n * PER_DOCS_FILE
            files.append((f"docs/{n}.json", _json([self._record(doc) for doc in self.docs[start:start + PER_DOCS_FILE]])))
        return [(f"search/{path}", data) for path, data in files]

    def _refiled(self, docnums: list[int]) -> bool:
        """Put the facets of documents `docnums` as they are now in place of theirs; False if the facets'
        values are no longer numbered as they were (most frequent first): every term's postings would
        change."""
        numbered = (self.orgs, self.wards, self.verbs)
        self._number_facets()
        if (self.orgs, self.wards, self.verbs) != numbered:
            return False
        for n in docnums:
            values, encoded = self._facets(self.docs[n])
            for column, value in zip(self._facet_values, values):
                column[n] = value
            for column, value in zip(self._columns, encoded):
                column[n] = value
        return True

    def _words_of(self, docnum: int) -> array:
        """The numbers of a document's words (`_Words`)."""
        ends = self.words.ends
        return self.words.ids[ends[docnum - 1] if docnum else 0:ends[docnum]]

    def _words_saved(self, found: set[str], had: set[str], df: dict[str, int]) -> list[tuple[str, bytes]]:
        """The words/ shards that change with a save of documents that now have the words `found` and had
        `had` (lower-cased), the terms it touched having now `df`: a word new to the archive goes in the
        shard where a prefix search looks for it (the whole build cuts the shards again), a word whose
        stem no document has any more goes, and the others' df are brought up to date. (A word no
        document has any more, but whose stem some document has, stays until the whole build: it
        completes to a term that is there.)"""
        shards: dict[int, dict[str, list]] = {}
        changed: set[int] = set()
        for word in found | had:
            s = stem(word)
            if len(word) < 2 or word in STOP_WORDS or s not in df:
                continue  # (a stem the save did not touch has the same df)
            n = max(bisect.bisect_right(self._words_first, _utf16(word)) - 1, 0)
            if n not in shards:
                shards[n] = self._shard(f"words/{n}.json")
            entry = [s, df[s]] if df[s] and (word in found or word in shards[n]) else None
            if shards[n].get(word) != entry:
                if entry is None:
                    del shards[n][word]
                else:
                    shards[n][word] = entry
                changed.add(n)
        return [(f"words/{n}.json", _sorted_json(shards[n])) for n in sorted(changed)]

    def _shard(self, path: str) -> dict[str, list]:
        return orjson.loads((self.output / "search" / path).read_bytes())


def _facet_counts_at(top: bytes) -> int:
    """Where the facet counts start in a postings file's top (`Index._top`): after its best documents
    (their count, then each one's number, a varint, and its score, 8 bytes)."""
    best, at = _varint_from(top, 0)
    for _ in range(best):
        at = _varint_from(top, at)[1] + 8
    return at


def _sorted_json(shard: dict[str, list]) -> bytes:
    """A dictionary or words/ shard, its keys in JavaScript's order, as the export writes them."""
    return _json(dict(sorted(shard.items(), key=lambda entry: _utf16(entry[0]))))


TERMS_PER_BATCH = 500
POSTINGS_PER_BATCH = 1_000_000  # … or fewer, with this many postings (~10 MB), that a forked process sends at once
DOCS_PER_PIECE = 20_000  # documents whose words a forked process sends at a time (~8 MB of ids)
AGAIN_SHARE = 0.1  # of items: choosing this many items' key terms again costs about as much as all
_SEQ_BITS = 32


_BM25F = BM25F()
_COUNT_SHIFT = 40  # a field length as whoosh stores it (`byte_to_length`) is at most 106,374
_LENGTH_MASK = (1 << _COUNT_SHIFT) - 1
BOOSTS = (TITLE_BOOST, 1.0)  # by field, as FIELDS


def _idf(docs: int, df: int) -> float:
    """whoosh's inverse document frequency (`WeightingModel.idf`) of a term in `df` of `docs` documents."""
    return log(docs / (df + 1)) + 1


def _average(total: int, docs: int) -> float:
    """whoosh's average field length (`Searcher.avg_field_length`, as BM25FScorer takes it) to three
    significant figures: the export and `minutebook search` both score with this. Every score depends
    on it; rounded, an edit to a few documents almost never moves it, and so leaves the scores (and
    the postings files) of the terms it did not touch as they were."""
    return float(f"{total / (docs or 1):.3g}") or 1


def _key_term(score: float, seq: int) -> int:
    """A key term as one int that orders as (score, -seq) does: a third of the memory of that tuple."""
    bits = struct.unpack("<Q", struct.pack("<d", score + 0.0))[0]  # + 0.0: -0.0 orders as 0.0
    bits ^= 0xFFFF_FFFF_FFFF_FFFF if bits >> 63 else 1 << 63     # IEEE order as unsigned order
    return bits << _SEQ_BITS | ((1 << _SEQ_BITS) - 1 - seq)


def _key_term_parts(key: int) -> tuple[float, int]:
    """(score, seq) of a `_key_term`."""
    bits = key >> _SEQ_BITS
    bits ^= 1 << 63 if bits >> 63 else 0xFFFF_FFFF_FFFF_FFFF
    return struct.unpack("<d", struct.pack("<Q", bits))[0], (1 << _SEQ_BITS) - 1 - (key & ((1 << _SEQ_BITS) - 1))


class _BestTerms:
    """Each item's best terms (`_key_term`s), best first, at most `KEPT_KEYS`: item docnum → list of keys.

    In arrays: as a dict of lists (16 pointers an item, to ints the items share) it was ~150 MB at
    100,000 meetings, the largest thing the search process made while it held the postings, and it
    held it to its end. Each key is stored once, in `scores` (its upper 64 bits) and `seqs` (the lower
    `_SEQ_BITS`); a docnum's `counts[docnum]` keys are the places in them that its row of `places`
    (`width` a row) holds, best first. Lists come out only for the items asked for; a later build puts
    rows right in place (`put`), its new keys after the others (`_key_terms_again`).
    """

    def __init__(self, docs: int, keys: Iterable[int]) -> None:
        low = (1 << _SEQ_BITS) - 1
        self.width = KEPT_KEYS
        self.scores, self.seqs = array("Q"), array("I")
        for key in keys:
            self.scores.append(key >> _SEQ_BITS)
            self.seqs.append(key & low)
        self.counts = bytearray(docs)
        self.places = array("I", [0]) * (docs * self.width)  # (from bytes, it would be made twice)
        self._made = len(self.scores)  # how many keys it had when made whole (`compacted`)
        self._place: Optional[dict[int, int]] = None  # key → its place, while rows are put right

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_place": None}

    def copy(self) -> _BestTerms:
        other = _BestTerms(0, ())
        other.width, other.counts, other._made = self.width, bytearray(self.counts), self._made
        other.scores, other.seqs, other.places = array("Q", self.scores), array("I", self.seqs), array("I", self.places)
        return other

    def get(self, docnum: int, first: Optional[int] = None) -> Optional[list[int]]:
        """The item's keys (only the `first` so many if given), or None if it has none."""
        count = self.counts[docnum]
        if not count:
            return None
        scores, seqs, at = self.scores, self.seqs, docnum * self.width
        return [scores[n] << _SEQ_BITS | seqs[n] for n in self.places[at:at + min(count, first or count)]]

    def put(self, docnum: int, keys: list[int]) -> None:
        """Make the item's keys these (best first; none: it has none)."""
        place = self._place
        if place is None:
            place = self._place = {score << _SEQ_BITS | seq: n for n, (score, seq) in enumerate(zip(self.scores, self.seqs))}
        low = (1 << _SEQ_BITS) - 1
        for key in keys:
            if key not in place:
                place[key] = len(self.scores)
                self.scores.append(key >> _SEQ_BITS)
                self.seqs.append(key & low)
        at = docnum * self.width
        self.counts[docnum] = len(keys)
        self.places[at:at + len(keys)] = array("I", map(place.__getitem__, keys))

    def renumber(self, lows: dict[int, int]) -> None:
        """Give each key the low bits `lows` maps its own to (terms came or went); 0 if none."""
        self.seqs = array("I", map(lows.get, self.seqs, repeat(0)))
        self._place = None

    def lowest(self) -> array:
        """Each item's lowest key's upper bits (as `scores`), by docnum; 0 if it has none."""
        scores, places, width = self.scores, self.places, self.width
        return array("Q", [scores[places[docnum * width + count - 1]] if count else 0
                           for docnum, count in enumerate(self.counts)])

    def holding(self, lows: set[int]) -> dict[int, list[int]]:
        """The items whose keys have these low bits (a term's: `_key_term`): low bits → docnums."""
        wanted = {place for place, low in enumerate(self.seqs) if low in lows}
        found: dict[int, list[int]] = {}
        places, seqs, counts, width = self.places, self.seqs, self.counts, self.width
        for slot in compress(range(len(places)), map(wanted.__contains__, places)):
            docnum, at = divmod(slot, width)
            if at < counts[docnum]:  # (a row's slots past its count hold what it had before)
                found.setdefault(seqs[places[slot]], []).append(docnum)
        return found

    def compacted(self) -> _BestTerms:
        """Itself without the keys no item has, once it has as many again as when it was made whole."""
        if len(self.scores) < 2 * self._made:
            return self
        width, scores, seqs = self.width, self.scores, self.seqs
        used = b"".join(map([b"\1" * n + b"\0" * (width - n) for n in range(width + 1)].__getitem__, self.counts))
        keep = sorted(set(compress(self.places, used)), key=lambda n: (scores[n], seqs[n]), reverse=True)
        place = {n: new for new, n in enumerate(keep)}
        self.scores, self.seqs = array("Q", map(scores.__getitem__, keep)), array("I", map(seqs.__getitem__, keep))
        self.places = array("I", map(place.get, self.places, repeat(0)))
        self._made, self._place = len(keep), None
        return self

    def keys(self) -> array:
        """The docnums of the items with key terms, in order."""
        return array("i", compress(range(len(self.counts)), self.counts))

    def items(self) -> Iterator[tuple[int, list[int]]]:
        return ((docnum, self.get(docnum)) for docnum in self.keys())  # type: ignore[misc]

    def __len__(self) -> int:
        return len(self.counts) - self.counts.count(0)

    def complete(self) -> set[int]:
        """The items with fewer keys than they may keep: their best terms are all their terms."""
        return {docnum for docnum in self.keys() if self.counts[docnum] < self.width}

    def seqs_among(self, first: int) -> set[int]:
        """The terms (by number) among some item's `first` best."""
        last, found = (1 << _SEQ_BITS) - 1, set()
        for docnum in self.keys():
            at = docnum * self.width
            found.update(map(self.seqs.__getitem__, self.places[at:at + min(first, self.counts[docnum])]))
        return {last - low for low in found}


_NO_BEST = (array("i"), array("d"))  # a key term's best items with decisions, when it has none
_EXPORTING: Optional[tuple] = None  # (index, facets, lengths) for the export's worker processes, which fork


def _best_scored(scores: dict[int, float], count: int) -> list[int]:
    """The `count` docnums with the highest scores, ties in docnum order: as `heapq.nsmallest` gives them
    with the key (-score, docnum), in a third of the time (an item's candidates are hundreds): those
    that score at least the `count`-th highest score, sorted."""
    floor = heapq.nlargest(count, scores.values())[-1] if len(scores) > count else float("-inf")
    return [other for _, other in sorted([(-score, other) for other, score in scores.items() if score >= floor])[:count]]


def related_state(site: Site) -> str:
    """Each item's related decisions, by address, for a later preview build to show (`related_by_address`).

    One string, which a build's state holds unparsed (only a preview reads it): the addresses of the
    items concerned, separated by spaces, then '|' and, packed, for each of them the number of its
    related items and their places in that list. By address with JSON it was ~20 MB at 10,000
    meetings, and the forked search process that reports it, and the build, held it twice over.
    """
    return "".join(related_pieces(site))


def related_pieces(site: Site) -> Iterator[str]:
    """`related_state` in pieces, as the search process reports it (`StringPieces`): made whole
    (~60 MB at 100,000 meetings), it and its JSON were that process's last and highest peak."""
    place: dict[str, int] = {}
    numbers = array("i")
    for item in site.items:
        if item.related:
            numbers.append(place.setdefault(item.url, len(place)))
            numbers.append(len(item.related))
            numbers.extend(place.setdefault(other.url, len(place)) for other in item.related)
    addresses, between = iter(place), ""
    for first in addresses:
        yield between + " ".join(chain((first,), islice(addresses, ADDRESSES_PER_PIECE - 1)))
        between = " "
    yield "|"
    packed = memoryview(numbers).cast("B")
    for at in range(0, len(packed), 3 * ADDRESSES_PER_PIECE):  # whole groups of 3 bytes: base64 of the whole
        yield base64.b64encode(packed[at:at + 3 * ADDRESSES_PER_PIECE]).decode("ascii")


ADDRESSES_PER_PIECE = 20_000


def related_by_address(state: str) -> dict[str, list[str]]:
    """What `related_state` recorded: item address → the addresses of its related items."""
    addresses, _, packed = state.partition("|")
    if not packed:
        return {}
    urls = addresses.split(" ")
    numbers = array("i")
    numbers.frombytes(base64.b64decode(packed))
    found, at = {}, 0
    while at < len(numbers):
        item, count = numbers[at], numbers[at + 1]
        found[urls[item]] = [urls[n] for n in numbers[at + 2:at + 2 + count]]
        at += 2 + count
    return found


def keep_related(site: Site, addresses: dict[str, list[str]]) -> set[ItemNode]:
    """Give items the related decisions found (`related_by_address`) in another process, or by an
    earlier build (those still published) for a build that shows them before it finds them again (or
    a preview, which does not index). Returns the items whose related decisions changed."""
    items = {item.url: item for item in site.items}
    changed = set()
    for item in items.values():
        related = [items[url] for url in addresses.get(item.url, ()) if url in items] or NONE
        if related != item.related:
            item.related = related
            changed.add(item)
    return changed


def _batches(encode: list) -> list[list]:
    """The terms to encode in batches; a few (an edit's) in small ones, so that both of the export's
    processes take some: a term's cost goes with its postings, and an item's terms include some of the
    archive's most frequent."""
    size = min(TERMS_PER_BATCH, max(1, -(-len(encode) // 16)))
    return [encode[at:at + size] for at in range(0, len(encode), size)]


def _export_batch(batch: list[tuple[int, str, Optional[list], bool]]) -> tuple[list, dict]:
    index, facets, lengths = _EXPORTING  # type: ignore[misc]
    return index._export_batch(batch, facets, lengths)


PARALLEL_FROM = 3000  # documents; below this, starting processes costs more than it saves
DIGEST = 8  # bytes of a digest (an item's related decisions'; each half of a document's)
DOC_DIGEST = 2 * DIGEST  # a document's: of its fields (what its facets are made of), then of all it is
STALE_SHARE = 0.05  # the whoosh index is written anew once more than this share of documents were replaced
STATS_FILE = "minutebook.json"  # in the whoosh folder: the collection statistics the export scored with


def _texts(docs: list[SearchDoc], digests: bytearray) -> Iterator[tuple[str, str]]:
    """Each document's (title, text), to analyse; notes in `digests` a digest of its fields, then one of
    all that whoosh holds of it (its fields, title and text), by which the next build knows whether it
    changed, and whether its facets may have."""
    for doc in docs:
        title, text = doc.title, doc.text()
        fields = repr(Index._fields(doc, 0))  # (its export number apart: the same addresses in order have the same)
        digests += hashlib.blake2b(fields.encode("utf-8"), digest_size=DIGEST).digest()
        digests += hashlib.blake2b(repr((fields, title, text)).encode("utf-8"), digest_size=DIGEST).digest()
        yield title, text


def _digested(docs: list[SearchDoc]) -> tuple[bytearray, _Words]:
    """`docs`' digests (`_texts`) and the words of their text, as `_analysed` finds them."""
    digests: bytearray = bytearray()
    words = _Words()
    for title, text in _texts(docs, digests):
        words.add(set(TOKEN.findall(title)).union(TOKEN.findall(text)))
    return digests, words


def _give_back_freed_memory() -> None:
    """Give the free pages in the middle of C's heap back to the system (glibc's `malloc_trim`): many
    arrays freed there would otherwise stay in the process's resident set, since Python's own objects
    are not made from that heap. Elsewhere, nothing."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _sent_words(digests: bytearray, words: _Words, part: Callable[[Any], None]) -> bytearray:
    """In a forked process: send its words in pieces (`_Words.pieces`); returns `digests`."""
    for piece in words.pieces():
        part(("words", piece))
    return digests


def _kept_header(urls: str, digests: bytes) -> tuple:
    """What kept postings are of: this code, and the documents (their addresses in order, and digests)."""
    return ("minutebook postings", 2, code_version(), urls, hashlib.blake2b(digests, digest_size=16).hexdigest())


def _file_numbers(terms: list[str]) -> dict[str, int]:
    """Each term's number, which names its files (`post/<n>.bin`, `pos/<n>.bin`), from its text alone (48
    bits of its blake2b digest, less than JavaScript's 2**53; a collision takes the next free number, in
    term order): other terms coming and going leave a term's files where they were."""
    numbers: dict[str, int] = {}
    taken: set[int] = set()
    for term in terms:
        n = _file_number(term)
        while n in taken:
            n = (n + 1) % (1 << 48)
        taken.add(n)
        numbers[term] = n
    return numbers


def _file_number(term: str) -> int:
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=6).digest(), "big")


def _urls_digest(docs: list[SearchDoc]) -> str:
    """The documents' addresses in docnum order: a whoosh index is updated in place only for the same."""
    return hashlib.blake2b("\n".join(doc.url for doc in docs).encode("utf-8"), digest_size=16).hexdigest()


def _commit(ix: Any, segments: list) -> None:
    """Make `segments`, written by forked processes, the whoosh index `ix`, as whoosh's writer commits
    its own (`SegmentWriter._commit_toc` and `_finish`): a new table of contents under the index's
    lock, then the writers' temporary files removed."""
    lock = ix.lock("WRITELOCK")
    if not lock.acquire():
        raise whoosh_index.LockError(f"the search index in {ix.storage.folder} is being written by another build")
    try:
        info = ix._read_toc()
        whoosh_index.TOC(info.schema, segments, info.generation + 1).write(ix.storage, ix.indexname)
        whoosh_index.clean_files(ix.storage, ix.indexname, info.generation + 1, segments)
    finally:
        ix.storage.temp_storage(f"{ix.indexname}.tmp").destroy()
        lock.release()


@contextlib.contextmanager
def _seeded(seed: str) -> Iterator[None]:
    """whoosh names segments at random: seeded, the same build writes the same files."""
    state = random.getstate()
    random.seed(seed)
    try:
        yield
    finally:
        random.setstate(state)


def _merge_updates(writer: Any, segments: list) -> list:
    """whoosh merge policy for an update in place: the segments of the last whole index (each at least a
    quarter of the documents) stay as they are; smaller ones, earlier updates', merge into the new one.
    (whoosh's own MERGE_SMALL would rewrite the whole index, small as the update is.)"""
    total = sum(segment.doc_count_all() for segment in segments)
    kept = []
    for segment in segments:
        if segment.doc_count_all() * 4 >= total:
            kept.append(segment)
        else:
            writer.add_reader(SegmentReader(writer.storage, writer.schema, segment))
    return kept


@contextlib.contextmanager
def _pool(documents: int) -> Iterator[Optional[multiprocessing.pool.Pool]]:
    """Two processes to analyse text while this one writes the index, for a large archive."""
    if documents < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield None
        return
    with multiprocessing.get_context("fork").Pool(2) as pool:
        yield pool


def _ahead(pool: multiprocessing.pool.Pool, work: Callable[[Any], Any], tasks: Iterable[Any],
           ahead: int = 4) -> Iterator[Any]:
    """`pool.imap(work, tasks)`, with no more than `ahead` tasks sent and not yet taken back. `imap`
    sends every task at once, and what the pool's processes make faster than it is taken piles up
    in this one: the export's encoded files, while this process writes them out."""
    waiting: deque = deque()
    for task in tasks:
        if len(waiting) == ahead:
            yield waiting.popleft().get()
        waiting.append(pool.apply_async(work, (task,)))
    while waiting:
        yield waiting.popleft().get()


_STEMS: dict[str, str] = {}  # word → whoosh's stem of it, for this process's life


def _analyse(text: str, words: Optional[set[str]] = None) -> list[str]:
    """The terms whoosh's analyzer (`ANALYZER`) gives for `text`, in order, five times faster.

    The same four steps, without a Token object per word: its tokenizer's pattern, lower case,
    stop words and words of one letter dropped (StopFilter's minsize=2), whoosh's stemmer (kept
    for every word, as StemFilter's cache keeps the last 50,000). tests/test_analyzer_parity.py
    compares the two over whole archives.
    """
    stems = _STEMS
    found = []
    tokens = TOKEN.findall(text)
    if words is not None:
        words.update(tokens)
    for word in tokens:
        word = word.lower()
        if len(word) < 2 or word in STOP_WORDS:
            continue
        s = stems.get(word)
        if s is None:
            s = stems[word] = stem(word)
        found.append(s)
    return found


def _analysed(texts: tuple[str, str]) -> tuple[list[str], list[str], set[str]]:
    """A document's title and body as whoosh's analyzer gives their terms, in order, and the words of
    both as `TOKEN` finds them (for the words/ shards).

    whoosh indexes a list of strings as those terms, so the analysis can run in other processes.
    (It then numbers positions from 0 rather than from the first word's place before stop words
    were removed; phrases only compare positions with each other, so they match as before.)
    """
    words: set[str] = set()
    return _analyse(texts[0], words), _analyse(texts[1], words), words


class _ReproducibleStorage(FileStorage):
    """whoosh records each file's modification time inside the segment; record none, so builds repeat."""

    def file_modified(self, name: str) -> float:
        return 0.0


def _ward_key(authority: Optional[AuthorityNode], ward: str) -> str:
    return f"{authority.id if authority else ''}/{ward}"


def _comma_free(value: str) -> str:
    """A value for a whoosh KEYWORD(commas=True) field, which would split it at a comma."""
    return value.replace("%", "%25").replace(",", "%2C")


def dict_shard(term: str, shards: int) -> int:
    """The dictionary shard that holds `term`: FNV-1a (32 bits) of its UTF-8 bytes, modulo the number of
    shards. search.js computes the same, so root.json, which every visitor fetches, need not list where
    each shard begins (that list was two thirds of its size)."""
    h = 0x811C9DC5
    for byte in term.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def _utf16(text) -> bytes:
    """Sort key: JavaScript's string order (UTF-16 code units), so the browser finds shards by `<`."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return text.encode("utf-16-be")


_SMALL = [bytes([n]) for n in range(128)]


def _varint(n: int) -> bytes:
    if n < 128:
        return _SMALL[n]
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


_VARINTS = _SMALL + [bytes([n & 0x7F | 0x80, n >> 7]) for n in range(128, 1 << 14)]  # every one of two bytes


def _varints(values: list[int]) -> bytes:
    """Each of `values` as a varint: looked up for all but the few over two bytes (docnum gaps in rare terms)."""
    if not values:
        return b""
    top = max(values)
    if top < 128:
        return bytes(values)
    if top < len(_VARINTS):
        return b"".join(map(_VARINTS.__getitem__, values))
    return b"".join([_VARINTS[n] if n < len(_VARINTS) else _varint(n) for n in values])


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _entry(number: int, df: list[int], core: bytes, facet: bytes, positions: Optional[bytes],
           top: Optional[bytes]) -> tuple[list, list[tuple[str, bytes]]]:
    """A term's dictionary entry, and its files (numbered `number`) if it has any, from what `_encoded`
    made of it (docs/search-format.md); no positions file when its positions are kept (None)."""
    if top is None:
        return [df[0], df[1], _b64(core), _b64(positions), _b64(facet)], []
    files = [(f"post/{number}.bin", top + core + facet)]
    if positions is not None:
        files.append((f"pos/{number}.bin", positions))
    return [df[0], df[1], number, len(top), len(core)], files


def _json(value: Any) -> bytes:
    """`value` as `json.dumps(value, ensure_ascii=False, separators=(",", ":"))` writes it, as UTF-8 (orjson:
    ~3 times as fast; the search files hold no floats, which it may write otherwise)."""
    return orjson.dumps(value)


# --- queries ---------------------------------------------------------------------------------

@dataclasses.dataclass
class Part:
    """One part of a query: a term, a phrase (several terms) or a prefix (completed to stems)."""

    kind: str  # "term", "phrase" or "prefix"
    terms: list[str]
    text: str  # as the resident typed it; for a prefix, the prefix
    quoted: bool = False


@dataclasses.dataclass
class Hit:
    docnum: int
    url: str
    score: Optional[float]
    record: dict = dataclasses.field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.record.get("t", "")


@dataclasses.dataclass
class Results:
    total: int
    hits: list[Hit]
    unknown: list[str]
    ignored: list[str]
    expanded: dict[str, list[str]]


def _words(text: str) -> list[str]:
    """Tokens lower-cased and without stop words, not stemmed (analyze.js's `tokenize`)."""
    return [t.text for t in UNSTEMMED(text)]


def parse(query: str) -> list[Part]:
    """Rules 1 and 2 of docs/search-format.md, before anything is looked up."""
    parts: list[Part] = []
    for quoted, word in re.findall(r'"([^"]*)"?|(\S+)', query):
        if word.endswith("*") and word.rstrip("*"):
            raw = word.rstrip("*")
            tokens = _words(raw)
            if len(tokens) == 1:
                parts.append(Part("prefix", [], tokens[0]))
                continue
            word = raw
        text = word or quoted
        terms = _analyse(text)
        parts.append(Part("phrase" if len(terms) > 1 else "term", terms, text, quoted=not word))
    return parts


class Searcher:
    """Queries against a built site's whoosh index (output/search/whoosh) and its words shards."""

    def __init__(self, output: Path):
        self.output = Path(output)
        folder = self.output / "search" / "whoosh"
        self.ix = whoosh_index.open_dir(str(folder))
        self.root = json.loads((self.output / "search" / "root.json").read_text(encoding="utf-8"))
        self.weighting = _Scoring(json.loads((folder / STATS_FILE).read_text(encoding="utf-8")))
        self._words: dict[int, dict] = {}

    def df(self, reader, term: str) -> tuple[int, int]:
        return tuple(_live_df(reader, f, term) for f in FIELDS)  # type: ignore[return-value]

    def expand(self, prefix: str) -> list[tuple[str, int]]:
        """The stems a prefix stands for: the most frequent among words beginning with it (rule 4)."""
        first = self.root["words"]
        start = max(bisect.bisect_right([_utf16(w) for w in first], _utf16(prefix)) - 1, 0)
        stems: dict[str, int] = {}
        for n in range(start, len(first)):
            if n > start and not first[n].startswith(prefix) and _utf16(first[n]) > _utf16(prefix):
                break
            shard = self._words.get(n)
            if shard is None:
                shard = self._words[n] = json.loads(
                    (self.output / "search" / "words" / f"{n}.json").read_text(encoding="utf-8"))
            for word, (s, df) in shard.items():
                if word.startswith(prefix):
                    stems[s] = df
        ranked = sorted(stems.items(), key=lambda sd: (-sd[1], _utf16(sd[0])))
        return ranked[:self.root["prefix"]["expansions"]]

    def query(self, text: str, reader) -> tuple[Optional[Any], list[str], list[str], dict[str, list[str]]]:
        """(whoosh query or None, unknown words, ignored words, prefix expansions) for `text`."""
        parts = parse(text)
        last = parts[-1] if parts else None
        if (last is not None and not text[-1].isspace() and last.kind == "term" and not last.quoted
                and len(last.terms) == 1 and sum(self.df(reader, last.terms[0])) == 0):
            parts[-1] = Part("prefix", [], _words(last.text)[0])  # rule 3: type-ahead
        subqueries, unknown, ignored, expanded = [], [], [], {}
        for part in parts:
            if part.kind == "prefix":
                if len(part.text) < self.root["prefix"]["min"]:
                    ignored.append(part.text)
                    continue
                stems = self.expand(part.text)
                if not stems:
                    unknown.append(part.text)
                    continue
                expanded[part.text] = [s for s, _ in stems]
                subs = [self._term(reader, s) for s, _ in stems]
                subqueries.append(subs[0] if len(subs) == 1 else Or(subs))
            elif not part.terms:
                ignored.append(part.text)
            elif part.kind == "term":
                q = self._term(reader, part.terms[0])
                if q is None:
                    unknown.append(part.text)
                else:
                    subqueries.append(q)
            else:
                fields = [f for f in FIELDS if all(_live_df(reader, f, t) for t in part.terms)]
                if not fields:
                    unknown.append(part.text)
                    continue
                phrases = [Phrase(f, part.terms) for f in fields]
                subqueries.append(phrases[0] if len(phrases) == 1 else Or(phrases))
        if unknown or not subqueries:
            return None, unknown, ignored, expanded
        return (subqueries[0] if len(subqueries) == 1 else And(subqueries)), unknown, ignored, expanded

    @staticmethod
    def _term(reader, term: str) -> Optional[Any]:
        subs = [Term(f, term) for f in FIELDS if _live_df(reader, f, term)]
        return None if not subs else subs[0] if len(subs) == 1 else Or(subs)

    def search(self, text: str, filters: Optional[dict[str, str]] = None, sort: str = "relevance",
               limit: Optional[int] = 10) -> Results:
        with self.ix.searcher(weighting=self.weighting) as searcher:
            reader = searcher.reader()
            q, unknown, ignored, expanded = self.query(text, reader)
            if q is None:
                return Results(0, [], unknown, ignored, expanded)
            f = _filter(filters or {})
            if sort == "relevance":
                found = searcher.search(q, filter=f, limit=None)
                hits = [Hit(h["n"], h["id"].lstrip("/"), h.score) for h in found]
                hits.sort(key=lambda h: (-h.score, h.docnum))  # a replaced document has another docnum in whoosh
            else:
                found = searcher.search(q, filter=f, limit=None, scored=False, sortedby=None)
                hits = sorted((Hit(h["n"], h["id"].lstrip("/"), None) for h in found),
                              key=lambda h: h.docnum, reverse=sort == "oldest")
            total = len(hits)
            hits = hits[:limit] if limit is not None else hits
            for hit in hits:
                hit.record = self.record(hit.docnum)
            return Results(total, hits, unknown, ignored, expanded)

    def record(self, docnum: int) -> dict:
        """The display record of a document (docs/<n>.json), as the browser shows it."""
        n = docnum // self.root["per_docs_file"]
        records = json.loads((self.output / "search" / "docs" / f"{n}.json").read_text(encoding="utf-8"))
        return records[docnum % self.root["per_docs_file"]]


class _Scoring(BM25F):
    """whoosh's BM25F with the statistics of the documents in the index now (`stats`: as the export scored
    with), for the same scores as the browser's after an update in place: whoosh still counts the
    documents it replaced, and their lengths, until it writes the index anew."""

    def __init__(self, stats: dict):
        super().__init__()
        self.docs, self.lengths = stats["docs"], dict(zip(FIELDS, stats["lengths"]))

    def idf(self, searcher, fieldname: str, text: str) -> float:
        return _idf(self.docs, _live_df(searcher.reader(), fieldname, text))

    def scorer(self, searcher, fieldname: str, text: str, qf: int = 1) -> Any:
        if fieldname not in self.lengths:
            return super().scorer(searcher, fieldname, text, qf)
        return _Scorer(searcher, fieldname, text, self.B, self.K1, qf, _average(self.lengths[fieldname], self.docs))


class _Scorer(BM25FScorer):
    """whoosh's BM25F scorer, but for the average field length, which it is given."""

    def __init__(self, searcher, fieldname: str, text: str, B: float, K1: float, qf: int, average: float):
        self.idf = searcher.get_parent().idf(fieldname, text)
        self.avgfl, self.B, self.K1, self.qf = average, B, K1, qf
        self.setup(searcher, fieldname, text)


def _live_df(reader, field: str, term: str) -> int:
    """How many documents the index holds with `term` in `field`, not counting those replaced."""
    if not reader.has_deletions():
        return reader.doc_frequency(field, term)
    if (field, term) not in reader:
        return 0
    return sum(1 for _ in reader.postings(field, term).all_ids())


FILTERS = {"authority": "authority", "body": "org", "year": "year", "verb": "verb", "ward": "ward",
           "key": "key", "kind": "kind"}


def _filter(filters: dict[str, str]) -> Optional[Any]:
    terms = []
    for name, value in sorted(filters.items()):
        if name not in FILTERS:
            raise ValueError(f"unknown filter '{name}'; use one of {', '.join(FILTERS)}")
        value = value.upper() if name == "verb" else _comma_free(value) if name == "ward" else value
        terms.append(Term(FILTERS[name], value))
    return None if not terms else terms[0] if len(terms) == 1 else And(terms)


def search(output: Path, query: str, filters: Optional[dict[str, str]] = None, sort: str = "relevance",
           limit: Optional[int] = 10) -> Results:
    return Searcher(output).search(query, filters, sort, limit)
