"""What each page read, so that the next build renders again only the pages an edit can change.

While a page renders, every attribute its templates read goes through `TrackingEnvironment.getattr`, which notes
the content files that the object read, and any node or list of nodes it gives back, came from.
The next build renders a page again when one of those files changed or went, when the page is new,
or when its own node's `shape` changed: the nodes it links to and the values `link` worked out for it
(a meeting added to a body, a related decision replaced, a count of meetings). Every other page is
kept as the previous build wrote it; `tests/test_incremental.py` holds the result to a clean build.
When the edit changed only text that `link` does not read (`link.same_links`), the graph is the one
the previous build made, and the shapes it recorded are taken as they are. Which files' text, and
which meetings' attendance, each page read is noted apart: the preview renders again only the pages
that read what a save changed (`cli.LiveSite`).
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import hashlib
import os
import stat
from array import array
from itertools import islice
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional

from jinja2 import Environment
from markupsafe import Markup

from .model import TEXT_SAID
from .write import Pieces, ReportParts, digest_of, file_digest

_SCALARS = (str, int, float, bool, dt.date, type(None))
_PLAIN = frozenset([*_SCALARS, dt.datetime, Markup])  # values a template reads that are no node, view or list
_VIEW_DEPTH = 3  # how far `shape` follows views (decisions, attendance …) inside a node
# What rendering remembers of the nodes and views it met (their files, their shapes) is let go when it
# reaches this many entries of each, and found again as needed: held for the whole build, it grew with
# the archive (~130 bytes an entry; 100,000 meetings: ~3.8 million entries in each rendering process).
MEMO_ENTRIES = 100_000
PAGES_PER_PART = 20_000  # pages another rendering process reports at a time (`Plan.report`)


# Reads of what a node or view says, as opposed to what it links to: the text that `link.relink_text`
# lets an edit change without linking again. A page that reads none of a file's text is not rendered
# again when only that text changes (a person's page lists a meeting, but shows none of its minutes;
# a year's register shows whether each decision is a key one, not what it says). A node's own text:
_TEXT = frozenset(["narrative", "preamble", "tables"])
# what a node or view says, as its file has it: what is read of it by a name in `model.TEXT_SAID` is text
_SAYING = frozenset(["record", "facts"])
# Reads of who attended a meeting: a meeting's attendance (its node's, its facts'), the meetings a person
# attended. A page that reads none of a meeting file's attendance is not rendered again when only the
# attendance changes (a role renamed: the year's register lists the meeting's decisions, not who was there).
_ATTENDANCE = frozenset(["attendance", "attended"])

# What a page read, as `Reads.page_files` gives it and a build's state keeps it after the page's shape: the
# files it read, those whose text it read, those whose attendance it read
READ, TEXT_READ, ATTENDANCE_READ = range(3)


class Reads:
    """What the page being rendered read (by `TrackingEnvironment.getattr`; None when no page is
    tracked), in the order first read: each object an attribute was read of, by its id, and each
    value read that is not a plain one, by the complement of its id (`read`); each object a text
    attribute was read of (`text_read`); each object attendance was read of, and each attendance
    read, by the complement of its id (`attendance_read`). Then the content files they come from
    (`page_files`)."""

    def __init__(self, root: Path):
        self.root = root
        self.read: Optional[dict[int, Any]] = None
        self.text_read: dict[int, Any] = {}
        self.attendance_read: dict[int, Any] = {}
        # what a node's or view's record or facts hold (by id, held in `read`) → that node or view
        self.said_by: dict[int, Any] = {}
        self.names: list[str] = []           # file number → path relative to the content folder
        self._numbers: dict[str, int] = {}
        self._paths: dict[Path, int] = {}
        self.by_id: dict[int, tuple[int, ...]] = {}  # id of a node or view → its files (up to `MEMO_ENTRIES`)
        # ... and those nodes and views, kept alive while their ids are in `by_id`, so that no other
        # object takes one: the memo then holds across `serve`'s relinks, which let go of old views and
        # make new ones (a save that links a meeting again renders ~65 pages, reading thousands of views)
        self._alive: list[Any] = []
        self._same: dict[tuple[int, ...], tuple[int, ...]] = {}  # each tuple of files, once: the views of
        # one meeting have the same (1,000 meetings: 37,710 entries in one process's `by_id`, 1,991 tuples)

    def number(self, path: Path) -> int:
        n = self._paths.get(path)
        if n is None:
            n = self._paths[path] = self.name_number(path.relative_to(self.root).as_posix())
        return n

    def name_number(self, name: str) -> int:
        """The number of the file at `name` (relative to the content folder), as the next build will know it."""
        n = self._numbers.get(name)
        if n is None:
            n = self._numbers[name] = len(self.names)
            self.names.append(name)
        return n

    def forget(self) -> None:
        """Forget the files of every node and view (and let them go)."""
        self.by_id.clear()
        self._same.clear()
        self._alive.clear()

    def files(self, obj: Any) -> tuple[int, ...]:
        """The files `obj` comes from: a node's own file; for a view, the files of the nodes it holds."""
        kind = _kind(type(obj))
        if kind is _OTHER:
            return ()  # values, facts, and tuples (made afresh, so never remembered by their id)
        key = id(obj)
        found = self.by_id.get(key)
        if found is None:
            if len(self.by_id) >= MEMO_ENTRIES:
                self.forget()
            if kind is _NODE:
                found = (self.number(obj.record.source.path),)
            else:
                found = tuple(self.number(v.record.source.path) for v in (getattr(obj, name)
                              for name in _fields(type(obj))) if _kind(type(v)) is _NODE)
            found = self.by_id[key] = self._same.setdefault(found, found)
            self._alive.append(obj)
        return found

    def track(self) -> None:
        """Note what the next page reads."""
        self.read, self.text_read, self.attendance_read, self.said_by = {}, {}, {}, {}

    def apart(self) -> tuple[dict, ...]:
        """Note what a part of the page reads apart from the rest (an item's body: `Renderer.item_body`),
        from no notes, until `rejoin`; returns the page's notes so far. (Only while a page is tracked.)"""
        page = self.read, self.text_read, self.attendance_read, self.said_by
        self.track()
        return page  # type: ignore[return-value]

    def rejoin(self, page: tuple[dict, ...]) -> tuple[dict, ...]:
        """Go on noting into the page's notes (as `apart` returned them), with what the part read added as
        if noted there; returns the part's notes, for another page that shows the same part (`replay`)."""
        part = self.read, self.text_read, self.attendance_read, self.said_by
        self.read, self.text_read, self.attendance_read, self.said_by = page
        self.replay(part)  # type: ignore[arg-type]
        return part  # type: ignore[return-value]

    def replay(self, part: tuple[dict, ...]) -> None:
        """Note, for the page being rendered, what a part of another page read (`rejoin`): in the order it
        was read, each object the page has not read yet after those it has, as if the part were rendered here."""
        for notes, read in zip((self.read, self.text_read, self.attendance_read, self.said_by), part):
            notes.update(read)  # type: ignore[union-attr]

    def page_files(self, node: Any) -> tuple[set[int], set[int], set[int]]:
        """The files the page of `node` read since `track`, those whose text it read, and those whose
        attendance it read; and stop noting. Those of `node` and the nodes it belongs to (its body,
        its authority: crumbs name them), then those of each node and view it read, or read of, and
        of each one in a list or tuple it read, or in a pair in one. (Files are numbered in the order
        found.)"""
        files, by_id, kinds = self.files, self.by_id, _KINDS
        read, self.read = self.read, None
        page: set[int] = set()
        if node is not None:
            page.update(files(node))
            page.update(n for name in _fields(type(node)) for n in files(getattr(node, name))
                        if _kind(type(getattr(node, name))) is _NODE)
        # (~70 objects a page: a node or view remembered is looked up here, and a value of no file passed
        # over, without a call of `files` each: it was a third of the cost of tracking)
        for part in _parts(read) if read is not None else ():
            found = by_id.get(id(part))
            if found is None:
                if kinds.get(type(part)) is _OTHER:
                    continue
                found = files(part)
            page.update(found)
        text: set[int] = set()
        for obj in self.text_read.values():
            text.update(files(obj))
        attendance: set[int] = set()  # (a person's meetings attended: each one's meeting's file)
        for obj in self.attendance_read.values():
            for part in obj if type(obj) is list or type(obj) is tuple else (obj,):
                attendance.update(files(part))
        self.text_read, self.attendance_read, self.said_by = {}, {}, {}
        return page, text, attendance


def _parts(read: dict[int, Any]) -> Iterator[Any]:
    """Each object a page read (`Reads.read`), and each in a list or tuple it read, or in a pair in one."""
    for key, value in read.items():
        if key < 0 and (type(value) is list or type(value) is tuple):
            for element in value:
                yield from element if type(element) is tuple else (element,)
        else:
            yield value


class TrackingEnvironment(Environment):
    """Jinja's environment, noting in `reads` what each attribute access reads (when a page is tracked)."""

    reads: Optional[Reads] = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                value = obj[attribute]
            except (TypeError, LookupError, AttributeError):
                return self.undefined(obj=obj, name=attribute)
        reads = self.reads
        if reads is None or reads.read is None:
            return value
        # This runs for every attribute a template reads (~250 a page): it only notes what was read,
        # each object once, held until the page is done (so that no other takes its id meanwhile);
        # which files they come from is worked out then (`Reads.page_files`), once per object.
        read = reads.read
        read[id(obj)] = obj
        if attribute in _TEXT:
            reads.text_read[id(obj)] = obj
        said_by = reads.said_by.get(id(obj)) if reads.said_by else None
        if said_by is not None and attribute in TEXT_SAID:
            reads.text_read[id(said_by)] = said_by
        if attribute in _ATTENDANCE:  # of a meeting (or its facts), or a person's meetings attended
            owner = obj if said_by is None else said_by
            reads.attendance_read[id(owner)] = owner
            reads.attendance_read[~id(value)] = value
        if type(value) not in _PLAIN:
            read[~id(value)] = value  # (a value, by the complement of its id: it may also be read of)
            if said_by is not None:  # (a decision's vote, an item's exempt notice: still what the file says)
                reads.said_by[id(value)] = said_by
            elif attribute in _SAYING:
                reads.said_by[id(value)] = obj
        return value


_NODE, _VIEW, _OTHER, _SCALAR, _SEQUENCE = "node", "view", "other", "scalar", "sequence"


def _kind(cls: type) -> str:
    """A node (a dataclass made from a record of a content file), a view (another dataclass of `link`), or other."""
    kind = _KINDS.get(cls)
    if kind is None:
        if not dataclasses.is_dataclass(cls):
            kind = _OTHER
        else:
            kind = _NODE if {"record", "url"} <= {f.name for f in dataclasses.fields(cls)} else _VIEW
        _KINDS[cls] = kind
    return kind


_KINDS: dict[type, str] = {}  # what `_kind` found for each type


def _shape_kind(cls: type) -> str:
    """What `shape` makes of a value of type `cls`: a scalar, a list (or tuple), or as `_kind` says."""
    kind = _SHAPE_KINDS.get(cls)
    if kind is None:
        kind = _SHAPE_KINDS[cls] = (_SCALAR if issubclass(cls, _SCALARS) else
                                    _SEQUENCE if issubclass(cls, (list, tuple)) else _kind(cls))
    return kind


_SHAPE_KINDS: dict[type, str] = {}


def shape(node: Any, memo: Optional[dict[int, str]] = None) -> str:
    """A digest of what `link` gave `node` besides its own file: the nodes it links to (by address),
    in order, and the values worked out for it and its views. None (a site-wide page) has no shape.

    `memo` keeps what each view came to (by its id and depth) for the life of the graph: one build's
    plan. A view is read from many pages (a decision from its item, its meeting, its year's register).
    """
    if node is None:
        return ""
    memo = {} if memo is None else memo
    parts: list[str] = []
    kinds = _SHAPE_KINDS

    def walk(value: Any, depth: int, parts: list[str]) -> None:
        # every page's node is walked on every build: one lookup of the value's type decides
        kind = kinds.get(type(value)) or _shape_kind(type(value))
        if kind is _SCALAR:
            parts.append(repr(value))
        elif kind is _SEQUENCE:
            parts.append("[")
            for element in value:
                if kinds.get(type(element)) is _NODE:  # most lists are of nodes
                    parts.append(element.url)
                else:
                    walk(element, depth, parts)
            parts.append("]")
        elif kind is _NODE:
            parts.append(value.url)
        elif kind is _VIEW and depth < _VIEW_DEPTH:
            key = id(value) << 2 | depth
            found = memo.get(key)
            if found is None:
                inner: list[str] = []
                for name in _fields(type(value)):
                    walk(getattr(value, name), depth + 1, inner)
                found = memo[key] = _digest(inner)
            parts.append(found)

    for name in _fields(type(node)):
        walk(getattr(node, name), 0, parts)
    return _digest(parts)


def _digest(parts: list[str]) -> str:
    """What a node or view came to, as a short digest: the memo keeps one for every view of the graph
    (a whole view's text was ~200 bytes each, the largest part of what rendering keeps)."""
    return hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=12).hexdigest()


@functools.lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[str, ...]:
    """The fields `shape` follows: all but the record (the node's own file, which is compared apart)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != "record")


def source_digests(root: Path, known: Mapping[str, str] = MappingProxyType({})) -> dict[str, str]:
    """Every file of the content folder (relative path → digest of its bytes); those `known` (the
    meeting files this build digested as it read them) are not read again."""
    names: list[str] = []
    for folder, _, files in os.walk(root):  # (pathlib's rglob, and a Path per file, took 0.4 s for 16,000 files)
        base = Path(folder).relative_to(root).as_posix()
        names += files if base == "." else [f"{base}/{name}" for name in files]
    found = {}
    for name in sorted(names, key=lambda name: name.split("/")):  # in the order of their paths' parts
        digest = known.get(name)
        if digest is None and (root / name).is_file():  # (a name os.walk gives may be a pipe)
            digest = file_digest(root / name)
        if digest is not None:
            found[name] = digest
    return found


def content_stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Every file of the content folder that `load` reads (relative path → its modification time, in ns,
    and size): taken with `source_digests`, they tell at the cost of a stat per file whether any file
    came, went or was saved since (`cli.LiveSite.whole_build`). As `load` does, they leave out what
    begins with '.' (an editor's swap file comes and goes while a meeting is open in it)."""
    found = {}
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if not name.startswith(".")]
        base = Path(folder).relative_to(root).as_posix()
        for name in files:
            if name.startswith("."):
                continue
            stamp = file_stamp(Path(folder, name))
            if stamp is not None:
                found[name if base == "." else f"{base}/{name}"] = stamp
    return found


def file_stamp(path: Path) -> Optional[tuple[int, int]]:
    """A regular file's modification time (ns) and size; None if it is not one, or not there."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size) if stat.S_ISREG(found.st_mode) else None


def sources_digest(sources: Mapping[str, str]) -> str:
    """The content files' digests (`source_digests`) in one: what a build's search index or files made
    beside the pages were made from, for the next build to know which files changed since."""
    return hashlib.blake2b("\n".join(f"{name}\0{digest}" for name, digest in sorted(sources.items())).encode("utf-8"),
                           digest_size=16).hexdigest()


def changed_since(before: Optional[Mapping[str, str]], made_from: Optional[str],
                  now: Mapping[str, str]) -> Optional[set[str]]:
    """The content files changed or gone since the previous build (`before`: its `source_digests`), if
    what a build kept was made from those (`made_from`: their `sources_digest`); else None (not known:
    a preview build since records the files its pages were made from, and keeps the rest as it was)."""
    if before is None or made_from != sources_digest(before):
        return None
    return {name for name in before.keys() | now.keys() if before.get(name) != now.get(name)}


def source_name(root: Path, node: Any) -> str:
    """The content file a node's record comes from, relative to the content folder `root`."""
    return node.record.source.path.relative_to(root).as_posix()


def folder_digest(folder: Path, digest: Any = None) -> Any:
    """`digest` (a new blake2b if None) updated with every file under `folder`: its path and bytes."""
    digest = hashlib.blake2b(digest_size=16) if digest is None else digest
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(folder).as_posix()}\n".encode("utf-8"))
            digest.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return digest


def pack(numbers: Any) -> str:
    """File numbers as the build's state keeps them: one short string, not a list of ints (10,000
    meetings: a previous build's record of what 74,556 pages read took 88 MiB as lists, 15 as strings)."""
    return base64.b64encode(array("I", numbers).tobytes()).decode("ascii")


def unpack(packed: str) -> array:
    numbers = array("I")
    numbers.frombytes(base64.b64decode(packed))
    return numbers


def page_record(shape_: str, read: Iterable[str]) -> str:
    """What a build's state keeps of a page, in one string: its node's shape, then the files it read,
    those whose text it read and those whose attendance it read (each `pack`ed), space-separated. (As a
    list of four strings, a page's record took ~180 bytes more: at 100,000 meetings, ~130 MB in the
    process that takes in both rendering processes' records.)"""
    return " ".join((shape_, *read))


def page_parts(record: str) -> list[str]:
    """A `page_record`'s shape and its three `pack`ed lists of files."""
    return record.split(" ")


class Plan:
    """Which pages this build must render, from what the previous one recorded (`previous`, its `state()`).

    A page is kept when it is not site-wide, the previous build rendered it, its node has the same
    `shape`, and none of the files it read changed or went. With `shapes_kept` (the caller knows that
    `link` made the same graph as for the previous build), every node's shape is taken to be the one
    the previous build recorded, not worked out again.
    """

    def __init__(self, reads: Reads, sources: dict[str, str], previous: Optional[dict], shapes_kept: bool = False):
        self.reads, self.sources, self.shapes_kept = reads, sources, shapes_kept
        # page → its `page_record` (or, between `unchanged` and `render`, its shape alone)
        self.pages: dict[str, str] = {}
        self._old_pages: dict[str, str] = {}
        self._old_names: list[str] = []
        self._changed: set[int] = set()  # numbers (in the previous build's list) of files changed or gone
        if previous and previous.get("sources") is not None:
            self._old_pages, self._old_names = previous["pages"], previous["names"]
            self._changed = {n for n, name in enumerate(self._old_names)
                             if previous["sources"].get(name) != sources.get(name)}
        self.rendered = 0
        self._rendered_paths: Optional[list[str]] = None  # the pages rendered, if only they are reported
        self._shapes: dict[int, str] = {}  # see `shape`; up to `MEMO_ENTRIES`
        for name in sources:  # numbered before another process is forked to render, so that both agree
            reads.name_number(name)
        self._known = len(reads.names)
        self._theirs: list[int] = []  # our number of each file a rendering process numbered after those (`merge`)
        # whether the previous build numbered the files as this one does (then its lists are kept as they are)
        self._same_numbers = reads.names[:len(self._old_names)] == self._old_names

    def unchanged(self, path: str, node: Any) -> bool:
        """Whether the page at `path`, about `node`, would come out as the previous build wrote it. With
        `shapes_kept`, the files changed differ only in text that `link` does not read: a page that read
        none of their text (a year's register lists a meeting's decisions, not what they say) is kept."""
        record = self._old_pages.get(path)
        old = page_parts(record) if record is not None else None
        node_shape = old[0] if self.shapes_kept and old is not None else self._shape(node)
        if node is None or old is None or old[0] != node_shape or \
                not self._changed.isdisjoint(unpack(old[2] if self.shapes_kept else old[1])):
            self.pages[path] = node_shape  # what it reads is recorded as it is rendered
            return False
        if self._same_numbers:
            self.pages[path] = record  # type: ignore[assignment]  # (the same string: held once)
        else:
            number, names = self.reads.name_number, self._old_names
            self.pages[path] = page_record(node_shape, (pack(sorted(number(names[n]) for n in unpack(files)))
                                                        for files in old[1:]))
        return True

    def _shape(self, node: Any) -> str:
        if len(self._shapes) >= MEMO_ENTRIES:
            self._shapes.clear()
        return shape(node, self._shapes)

    def render(self, path: str, node: Any, make: Any) -> str:
        """`make()`, noting the files it reads (and `node`'s own) as what the page at `path` depends on."""
        reads = self.reads
        reads.track()
        try:
            html = make()
        finally:
            read = reads.page_files(node)
        entry = self.pages.get(path)  # (None: rendered without asking `unchanged` first)
        node_shape = self._shape(node) if entry is None else entry.partition(" ")[0]
        self.pages[path] = page_record(node_shape, (pack(sorted(files)) for files in read))
        self.rendered += 1
        if self._rendered_paths is not None:
            self._rendered_paths.append(path)
        return html

    def report_rendered_only(self) -> None:
        """From now on, `report` only the pages rendered: the process it is merged into asked `unchanged`
        of every page itself, and knows the others."""
        self._rendered_paths = []

    def state(self) -> dict:
        return {"sources": self.sources, "names": self.reads.names, "pages": self.pages}

    def report(self) -> ReportParts:
        """What this plan recorded, from a process that rendered some of the pages, in parts of
        `PAGES_PER_PART` pages for `merge`: whole, it was the largest thing the build took in at its
        end (~120 MB of JSON at 100,000 meetings, and what it was parsed into beside it). Files are by
        the numbers every process gave them (every content file's), and by name if numbered since; the
        first part of each process's report says so, since each numbers those from where they began."""
        def parts() -> Iterator[dict]:
            pages = iter(self.pages.items()) if self._rendered_paths is None else \
                ((path, self.pages[path]) for path in self._rendered_paths)
            yield {"first": True, "rendered": self.rendered, "names": self.reads.names[self._known:],
                   "pages": dict(islice(pages, PAGES_PER_PART))}
            while part := dict(islice(pages, PAGES_PER_PART)):
                yield {"first": False, "rendered": 0, "names": [], "pages": part}
        return ReportParts(parts())

    def pages_by_name(self) -> dict[str, list]:
        """What this plan recorded of each page, with files by name: [shape, files read, … whose text, … whose
        attendance]."""
        names = self.reads.names
        found = {}
        for path, record in self.pages.items():
            shape_, *read = page_parts(record)
            found[path] = [shape_, *([names[n] for n in unpack(files)] for files in read)]
        return found

    def merge(self, report: dict) -> None:
        """Take in a part of what another process's plan recorded (`report`), each process's in the order it
        sent them."""
        if report["first"]:
            self._theirs = []
        known, more = self._known, self._theirs
        more.extend(self.reads.name_number(name) for name in report["names"])
        self.rendered += report["rendered"]
        for path, entry in report["pages"].items():  # (taken as it is if it can be)
            if more:
                shape_, *read = page_parts(entry)
                entry = page_record(shape_, (pack(sorted(n if n < known else more[n - known] for n in unpack(files)))
                                             for files in read))
            self.pages[path] = entry


def inputs_digest(values: Any) -> bytes:
    """A digest of `values`: the bytes of a file made already (or its `Pieces`); or strings, numbers,
    dates, bytes and digests, and tuples, lists and dicts of them, whose `repr` says all they hold."""
    return digest_of(values if type(values) in (bytes, Pieces) else repr(values).encode("utf-8")).digest()


class Inputs:
    """What each file made beside the pages (feeds, calendars, open data) was made from, by path: the
    next build, of the same code, templates, address and date, keeps a file whose inputs are the same.

    Unlike a page's, these inputs are not found by tracking reads: the function that makes a file
    gathers them first, and they are whatever the bytes are made from (an Atom feed's entries, each
    entry's HTML included), so a kept file is the one that function would make.
    """

    def __init__(self, previous: Optional[Mapping[str, str]], keep: Callable[[str], bool],
                 previous_reach: Optional[Mapping[str, list[str]]] = None,
                 previous_register: Optional[Mapping[str, Any]] = None, folder: Optional[Path] = None):
        self.previous = previous or {}
        self.keep = keep  # keeps the previous build's file at a path; False if it cannot
        self.digests: dict[str, str] = {}
        # each meeting file → the feeds it may reach (`feeds.feed_reach`), as the previous build found
        # them (None: not known) and as this one does
        self.previous_reach = previous_reach if previous is not None else None
        self.reach: dict[str, list[str]] = {}
        # where the decisions register that the previous build wrote in `folder` has each meeting's rows,
        # and its digest (`opendata.register_csv`); and where this build's has them
        self.previous_register = previous_register if previous is not None else None
        self.folder = folder
        self.register: dict[str, Any] = {}

    def unchanged(self, path: str, values: Any) -> bool:
        """Whether the file at `path`, made from `values`, is kept as the previous build wrote it."""
        digest = self.digests[path] = inputs_digest(values).hex()
        return self.previous.get(path) == digest and self.keep(path)

    def same(self, path: str) -> bool:
        """Keep the file at `path` as the previous build wrote it, from inputs the caller knows are the
        same, if it can (else the caller makes it, and asks `unchanged`)."""
        digest = self.previous.get(path)
        if digest is None or not self.keep(path):
            return False
        self.digests[path] = digest
        return True
