"""Stage 1, load: content files → raw records that remember where every value came from.

The archive's layout (one folder per authority; see README "Writing a record"):

    content/issues/<issue>.yaml
    content/<authority>/authority.yaml
    content/<authority>/bodies/<body>.yaml
    content/<authority>/people/<person>.yaml
    content/<authority>/meetings/<body>/<year or 'undated'>/<meeting>.md
    content/<authority>/documents/…            (files that documents link to)

A meeting file is markdown: YAML facts between `---` lines, then one `## ` section per item. An
item section may open with a ```yaml block of the item's facts; the rest is its narrative, in
which a ```table block holds a table of figures as YAML.

YAML is read with a deliberately small resolver (YAML 1.2-like): dates and times stay text until
the content model reads them (so "10:00" is not the base-60 number 600, and "No" is not False),
duplicate keys are errors (PyYAML silently keeps the last), and anchors/aliases are refused.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import re
from array import array
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import yaml

from .problems import ContentError, Position, Problems

MAX_FILE_BYTES = 5 * 1024 * 1024

try:
    _BaseLoader = yaml.CSafeLoader  # the C scanner and parser: ~10x faster on large archives
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


_COLUMNS = 1 << 20  # a position packs into one integer: line * _COLUMNS + column


def _place(mark: Any, offset: int) -> int:
    return (mark.line + offset) * _COLUMNS + min(mark.column + 1, _COLUMNS - 1)


def _position(place: int) -> tuple[int, int]:
    return divmod(place, _COLUMNS)


class PosDict(dict):
    """A mapping from YAML that knows the position (line, column) of itself, each key and each value.

    The positions are packed into one array of integers (itself, then each key's and its value's, in
    the order of the keys) rather than dicts of tuples, which took a fifth of a read archive's memory.
    Content is never changed after it is read, so a key's place in the order finds its position.
    """

    __slots__ = ("places", "mentions_exempt")
    places: array

    @property
    def start(self) -> tuple[int, int]:
        return _position(self.places[0])

    def key_at(self, key: str) -> tuple[int, int]:
        return _position(self.places[1 + 2 * self._order(key)])

    def value_at(self, key: str) -> tuple[int, int]:
        return _position(self.places[2 + 2 * self._order(key)])

    def _order(self, key: str) -> int:
        for n, k in enumerate(self):
            if k == key:
                return n
        raise KeyError(key)


class PosList(list):
    """A sequence from YAML that knows the position of itself and each entry (packed as PosDict's)."""

    __slots__ = ("places",)
    places: array

    @property
    def start(self) -> tuple[int, int]:
        return _position(self.places[0])

    def value_at(self, n: int) -> tuple[int, int]:
        return _position(self.places[1 + n])


_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_MAP, _SEQ, _MERGE = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = frozenset(("true", "True", "TRUE", "false", "False", "FALSE"))
_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT_RE = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Only the (C) scanner, parser and composer are used; `_Converter` builds the values."""

    def resolve(self, kind, value, implicit):  # noqa: D401 - PyYAML hook, called for every node
        """A small YAML 1.2-like resolver: null, true/false, decimal ints and floats; all else is text.

        So "10:00" is not the base-60 number 600, "No" is not False, and dates stay text until the
        content model reads them.
        """
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _NULLS:
                    return _NULL
                if value in _BOOLS:
                    return _BOOL
                if value[0] in "-+.0123456789":
                    if _INT_RE.fullmatch(value):
                        return _INT
                    if _FLOAT_RE.fullmatch(value):
                        return _FLOAT
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class _Converter:
    """Composed YAML nodes → PosDict/PosList/scalars, with file positions, in one pass.

    Much faster than PyYAML's generic constructor, and strict where content needs it: duplicate
    keys, anchors/aliases, merge keys and explicit tags are errors.
    """

    def __init__(self, path: Path, first_line: int):
        self.path, self.offset = path, first_line - 1
        self.seen: set[int] = set()

    def mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def error(self, node: yaml.Node, message: str) -> ContentError:
        return ContentError(Position(self.path, *self.mark(node)), message)

    def value(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            tag, text = node.tag, node.value
            if tag == _STR:
                return text
            if tag == _INT:
                return int(text)
            if tag == _FLOAT:
                return float(text)
            if tag == _BOOL:
                return text.lower() == "true"
            if tag == _NULL:
                return None
            raise self.error(node, f"YAML tags such as '{tag}' are not used in content; write the value as text")
        if id(node) in self.seen:
            raise self.error(node, "YAML anchors and aliases (& and *) are not allowed in content; "
                                   "write the value out in full")
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.error(node, f"YAML tags such as '{node.tag}' are not used in content")
            return self.mapping(node)
        if node.tag != _SEQ:
            raise self.error(node, f"YAML tags such as '{node.tag}' are not used in content")
        result = PosList(self.value(child) for child in node.value)
        offset = self.offset + 1
        result.places = array("q", [_place(node.start_mark, offset), *(_place(c.start_mark, offset) for c in node.value)])
        return result

    def mapping(self, node: yaml.MappingNode) -> PosDict:
        result = PosDict()
        offset = self.offset + 1
        places = [_place(node.start_mark, offset)]
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise self.error(key_node, "YAML merge keys (<<) are not allowed in content")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, "a key must be a plain word, not a list or a mapping")
            key = key_node.value.lower() if key_node.tag == _BOOL else key_node.value
            if key in result:
                first = _position(places[1 + 2 * list(result).index(key)])[0]
                raise self.error(key_node, f"duplicate key '{key}' (first given on line {first}); "
                                           "keep one of them")
            places.append(_place(key_node.start_mark, offset))
            places.append(_place(value_node.start_mark, offset))
            result[key] = self.value(value_node)
        result.places = array("q", places)  # made whole: an array grown by appending keeps room to spare
        return result


def read_yaml(text: str, path: Path, first_line: int = 1) -> Any:
    """Parse YAML text that starts at `first_line` of `path`; positions are file positions."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else _Converter(path, first_line).value(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        col = (mark.column + 1) if mark else 0
        raise ContentError(Position(path, line, col), _explain_yaml_error(exc, text)) from None
    except yaml.YAMLError as exc:
        raise ContentError(Position(path, first_line), f"YAML could not be read: {exc}") from None
    except RecursionError:
        raise ContentError(Position(path, first_line), "YAML is nested too deeply to be a record") from None
    finally:
        loader.dispose()
    if isinstance(data, PosDict):
        data.mentions_exempt = "exempt" in text  # lets validate skip withholding where nothing is exempt
    return data


def _explain_yaml_error(exc: yaml.MarkedYAMLError, text: str) -> str:
    """libyaml's messages, reworded for editors (they differ from pure-Python PyYAML's)."""
    problem = (exc.problem or exc.context or "").strip()
    mark = exc.problem_mark
    lines = text.split("\n")
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return "YAML syntax: a tab is used for indentation; indent with spaces only"
    if "mapping values are not allowed" in problem:
        return ("YAML syntax: a ':' appears where a value was expected; "
                "put text that contains ': ' in quotes, or check the indentation of this line")
    if "could not find expected ':'" in problem:
        return "YAML syntax: expected 'key: value' here; check the indentation or add the missing ':'"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "YAML syntax: this line's indentation does not match the lines above it"
    if "maximum nesting depth" in problem:  # PyYAML 6.0.3+ stops there before Python's recursion limit
        return "YAML is nested too deeply to be a record"
    if "found undefined tag handle" in problem or "found unknown escape" in problem:
        return f"YAML syntax: {problem}; put the value in quotes"
    return f"YAML syntax: {problem}"


def read_text(path: Path) -> str:
    """Read a content file as UTF-8 text, with an editor-friendly error for anything else."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ContentError(Position(path, 1, 1), f"cannot be read: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise ContentError(
            Position(path, 1, 1),
            f"is {size / 1048576:.1f} MB, larger than the {MAX_FILE_BYTES // 1048576} MB a record may be; "
            "split it, or move attachments into documents/",
        )
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise ContentError(Position(path, 1, 1), "is a binary file, not a text record; move it into documents/")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(
            Position(path, line, col),
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


@dataclasses.dataclass
class RawTable:
    where: Position
    data: Any
    key: str  # the block's text, normalised, by which the renderer finds the validated table


@dataclasses.dataclass
class RawItem:
    where: Position  # the item's heading
    heading: str
    facts: Any  # PosDict from the ```yaml block, or None
    facts_where: Position | None
    narrative: str
    narrative_where: Position
    tables: list[RawTable]


@dataclasses.dataclass
class RawMeeting:
    path: Path
    facts: Any  # PosDict from the front matter
    preamble: str  # narrative before the first item
    preamble_where: Position
    items: list[RawItem]
    preamble_tables: list[RawTable]


@dataclasses.dataclass
class RawRecord:
    """A YAML record file: authority, body, person or issue."""

    kind: str
    path: Path
    authority: str | None
    data: Any


@dataclasses.dataclass
class RawArchive:
    root: Path
    authorities: list[RawRecord] = dataclasses.field(default_factory=list)
    bodies: list[RawRecord] = dataclasses.field(default_factory=list)
    people: list[RawRecord] = dataclasses.field(default_factory=list)
    issues: list[RawRecord] = dataclasses.field(default_factory=list)
    meetings: list[tuple[str, RawMeeting]] = dataclasses.field(default_factory=list)
    documents: list[Path] = dataclasses.field(default_factory=list)
    unread: list[tuple[str, Path]] = dataclasses.field(default_factory=list)  # meeting files, by authority
    # the authority, body, person and issue files left unread (`load_archive`'s `defer`): kind, authority, path
    unread_records: list[tuple[str, Optional[str], Path]] = dataclasses.field(default_factory=list)

    def each_meeting(self, problems: Problems) -> Iterator[tuple[str, RawMeeting]]:
        """Every meeting: those read, then the `unread` files, each read as it is wanted and not kept.

        A caller that keeps only what it makes of each meeting holds one file's YAML at a time. Read
        all at once, the YAML of every meeting was freed after the records made from it, which left
        a third of a read archive's memory as holes the process kept (4,000 meetings: 432 → 280 MiB).
        """
        yield from self.meetings
        for authority, path in self.unread:
            try:
                yield authority, read_meeting(path)
            except ContentError as exc:
                problems.add(exc)


_FENCE = re.compile(r"^(?P<indent> {0,3}|\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")


def table_key(text: str) -> str:
    """Normalise a ```table block's text so the loader and the markdown renderer agree on it."""
    lines = [line.strip() for line in text.strip("\n").splitlines()]
    return "\n".join(line for line in lines if line)


def _find_fences(lines: list[str]):
    """Yield (start, end, info, indent) for each fenced block; end is the closing line or len."""
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m["fence"], m["info"].strip()
        j = i + 1
        while j < len(lines):
            close = _FENCE.match(lines[j])
            if close and close["fence"][0] == fence[0] and len(close["fence"]) >= len(fence) and not close["info"].strip():
                break
            j += 1
        yield i, j, info, len(m["indent"])
        i = j + 1


def _take_tables(lines: list[str], path: Path, first_line: int) -> tuple[list[str], list[RawTable]]:
    """Lift each ```table block out of a narrative, leaving a reference in its place.

    The narrative then never carries a table's YAML (which may hold an exempt note): only the
    validated, withheld table is published, by the renderer and every exporter alike. Lines keep
    their numbers, so positions in the narrative stay right.
    """
    lines, tables = list(lines), []
    for start, end, info, indent in _find_fences(lines):
        if info.split()[:1] != ["table"]:
            continue
        if end >= len(lines):
            raise ContentError(Position(path, first_line + start, indent + 1),
                               "this ```table block is never closed; end it with a line of ```")
        body = [line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in lines[start + 1:end]]
        data = read_yaml("\n".join(body), path, first_line + start + 1)
        key = f"table at line {first_line + start}"
        tables.append(RawTable(Position(path, first_line + start, indent + 1), data, table_key(key)))
        lines[start + 1:end] = [" " * indent + key] + [""] * (end - start - 2)
    return lines, tables


def read_meeting(path: Path) -> RawMeeting:
    text = read_text(path)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError(Position(path, 1, 1),
                           "a meeting file must begin with a line '---', then the meeting's facts in YAML, then '---'")
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise ContentError(Position(path, 1, 1),
                           "the meeting's facts are never closed; add a line '---' after them") from None
    facts = read_yaml("\n".join(lines[1:close]), path, 2)
    if not isinstance(facts, PosDict):
        raise ContentError(Position(path, 2, 1), "the meeting's facts between the '---' lines must be 'key: value' lines")

    body_first = close + 2  # file line number of lines[close + 1]
    body = lines[close + 1:]
    in_fence = set()
    for start, end, _info, _indent in _find_fences(body):
        in_fence.update(range(start, end + 1))
    starts = [i for i, line in enumerate(body) if i not in in_fence and line.startswith("## ")]
    for i, line in enumerate(body):
        if i not in in_fence and re.match(r"^#(?!#)\s", line):
            raise ContentError(Position(path, body_first + i, 1),
                               "a single '#' heading is not used in a meeting file; start each item with '## ' "
                               "and use '### ' for headings within an item")

    pre_start = 0
    pre_end = starts[0] if starts else len(body)
    while pre_start < pre_end and not body[pre_start].strip():
        pre_start += 1
    preamble_lines, preamble_tables = _take_tables(body[pre_start:pre_end], path, body_first + pre_start)
    meeting = RawMeeting(
        path=path, facts=facts, preamble="\n".join(preamble_lines).strip("\n"),
        preamble_where=Position(path, body_first + pre_start), items=[], preamble_tables=preamble_tables,
    )
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(body)
        meeting.items.append(_read_item(path, body[start:end], body_first + start))
    return meeting


def _read_item(path: Path, lines: list[str], first_line: int) -> RawItem:
    heading = lines[0][3:].strip()
    where = Position(path, first_line, 4)
    rest = lines[1:]
    facts, facts_where = None, None
    k = 0
    while k < len(rest) and not rest[k].strip():
        k += 1
    if k < len(rest):
        m = _FENCE.match(rest[k])
        if m and m["info"].strip().split()[:1] == ["yaml"] and not m["indent"]:
            fences = list(_find_fences(rest[k:]))
            _, end, _, _ = fences[0]
            if end + k >= len(rest):
                raise ContentError(Position(path, first_line + 1 + k, 1),
                                   "this item's ```yaml block is never closed; end it with a line of ```")
            facts_where = Position(path, first_line + 1 + k, 1)
            facts = read_yaml("\n".join(rest[k + 1:k + end]), path, first_line + 2 + k)
            if facts is not None and not isinstance(facts, PosDict):
                raise ContentError(facts_where, "an item's ```yaml block must hold 'key: value' lines")
            k = k + end + 1
        else:
            k = 0
    while k < len(rest) and not rest[k].strip():
        k += 1
    narrative_first = first_line + 1 + k
    narrative_lines, tables = _take_tables(rest[k:], path, narrative_first)
    return RawItem(
        where=where, heading=heading, facts=facts, facts_where=facts_where,
        narrative="\n".join(narrative_lines).strip("\n"),
        narrative_where=Position(path, narrative_first), tables=tables,
    )


RECORD_LISTS = {"authority": "authorities", "body": "bodies", "person": "people", "issue": "issues"}  # RawArchive's


def read_record(kind: str, path: Path, authority: str | None) -> RawRecord:
    """An authority's, body's, person's or issue's file, as `load_archive` reads it."""
    data = read_yaml(read_text(path), path)
    if not isinstance(data, PosDict):
        raise ContentError(Position(path, 1, 1), f"a {kind} file must hold 'key: value' lines")
    return RawRecord(kind, path, authority, data)


class FileCache:
    """What a long-lived process (`serve`) read of each file, by its path, modification time and size,
    and what later stages made of it (`derived`, keyed by the same object): a file not saved since the
    last build is not read again. Entries of files that were not seen in a run are dropped after it."""

    def __init__(self) -> None:
        self.entries: dict[Path, tuple[tuple[int, int], Any]] = {}
        self.derived: dict[int, tuple[Any, Any]] = {}  # id of what was read → (it, what was made of it)
        self._seen: set[Path] = set()

    def get(self, path: Path, read: Callable[[Path], Any]) -> Any:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        self._seen.add(path)
        hit = self.entries.get(path)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = read(path)
        self.entries[path] = (stamp, value)
        return value

    def made(self, read: Any, make: Callable[[], Any]) -> Any:
        """`make()`, or what it gave for the same object `read` in an earlier run."""
        hit = self.derived.get(id(read))
        if hit is not None and hit[0] is read:
            return hit[1]
        value = make()
        self.derived[id(read)] = (read, value)
        return value

    def forget_unseen(self) -> None:
        for path in self.entries.keys() - self._seen:
            del self.entries[path]
        kept = {id(value) for _, value in self.entries.values()}
        for key in self.derived.keys() - kept:
            del self.derived[key]
        self._seen.clear()


def load_archive(root: Path, problems: Problems, cache: Optional[FileCache] = None,
                 defer: bool = False) -> RawArchive:
    """Read every file under `root`; faults are collected in `problems`, not raised. The meeting files
    are left `unread` (`RawArchive.each_meeting` reads them) unless a `cache` keeps what was read; with
    `defer`, so are the other records' files (`unread_records`), which `validate` may take as a
    previous build kept them (`kept.py`) rather than read."""
    archive = RawArchive(root)
    if not root.is_dir():
        problems.error(Position(root), "the content folder does not exist; pass --content DIR")
        return archive
    for parts, link in _entries(root):
        path = root.joinpath(*parts)
        if link:
            problems.error(Position(path, 1, 1), "is a symbolic link; content must be real files inside the content folder")
            continue
        try:
            _load_file(archive, path, parts, problems, cache, defer)
        except ContentError as exc:
            problems.add(exc)
    if cache is not None:
        cache.forget_unseen()
    return archive


def _entries(root: Path) -> list[tuple[tuple[str, ...], bool]]:
    """Every file and symbolic link under `root`, but those whose name or folder's name begins with
    '.': (its path's parts, whether it is a link), in the order of their parts. (os.scandir knows what
    each entry is: pathlib's rglob, and a stat or two per path, took 0.5 s for 16,000 files.)"""
    found: list[tuple[tuple[str, ...], bool]] = []

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                here = (*parts, entry.name)
                if entry.is_symlink():
                    found.append((here, True))
                elif entry.is_dir():
                    walk(entry.path, here)
                else:
                    found.append((here, False))

    walk(str(root), ())
    found.sort()
    return found


def is_person_file(parts: tuple[str, ...]) -> bool:
    return len(parts) == 3 and parts[1] == "people" and parts[-1].endswith(".yaml")


def read_person(path: Path) -> RawRecord:
    """A person's file (<authority>/people/<id>.yaml), as `load_archive` reads it."""
    return read_record("person", path, authority=path.parent.parent.name)


def is_meeting_file(parts: tuple[str, ...]) -> bool:
    """Whether the file at `parts` (of its path in the content folder) is a meeting's record."""
    return len(parts) >= 3 and parts[1] == "meetings" and parts[-1].endswith(".md")


def _load_file(archive: RawArchive, path: Path, parts: tuple[str, ...], problems: Problems,
               cache: Optional[FileCache] = None, defer: bool = False) -> None:
    name = parts[-1]

    def record(kind: str, authority: str | None) -> None:
        if defer and cache is None:
            archive.unread_records.append((kind, authority, path))
            return
        read = functools.partial(read_record, kind, authority=authority)
        getattr(archive, RECORD_LISTS[kind]).append(read(path) if cache is None else cache.get(path, read))

    if parts[0] == "issues" and len(parts) == 2 and name.endswith(".yaml"):
        record("issue", None)
    elif len(parts) >= 3 and parts[1] == "documents":
        archive.documents.append(path)
    elif len(parts) == 2 and name == "authority.yaml":
        record("authority", parts[0])
    elif len(parts) == 3 and parts[1] == "bodies" and name.endswith(".yaml"):
        record("body", parts[0])
    elif is_person_file(parts):
        record("person", parts[0])
    elif is_meeting_file(parts):
        if cache is None:
            archive.unread.append((parts[0], path))
        else:
            archive.meetings.append((parts[0], cache.get(path, read_meeting)))
    elif name.endswith((".yaml", ".yml", ".md")):
        problems.warning(Position(path, 1, 1), _misplaced_hint(parts))
    elif name.lower() not in {"readme", "readme.txt", "license"}:
        problems.warning(Position(path, 1, 1), "is not part of the archive and is ignored; "
                                         "files that documents link to belong in <authority>/documents/")


def _misplaced_hint(parts: tuple[str, ...]) -> str:
    name = parts[-1]
    if name.endswith(".yml"):
        return "is ignored: content files end in '.yaml', not '.yml'; rename it"
    return ("is not where the archive looks and is ignored; records go in issues/<id>.yaml, "
            "<authority>/authority.yaml, <authority>/bodies/<id>.yaml, <authority>/people/<id>.yaml "
            "or <authority>/meetings/<body>/<year>/<meeting>.md")
