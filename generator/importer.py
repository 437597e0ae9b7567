"""`minutebook import`: a plain-text decision record → a DRAFT meeting file for an editor to review.

The input is text as copied out of a council's PDF or web page (see the five records in the shared
`seeds/` folder): a record of decisions, minutes, a ModernGov "Issue - meetings" page, a report to a
meeting with a "Key: value" header, or an agenda item. The output is a meeting file in the archive's
own format (README "Writing a record"): YAML facts between `---` lines, then one `## ` section per
item, each with an optional ```yaml block of facts and the narrative.

What the importer promises:

- It never drops text. Every line of the source is either turned into a structured field (and where
  the field does not hold every word of the line, the line is kept as printed in a YAML comment next
  to it) or kept in a narrative. PDF litter ("Page 1 of 4", <u>underlining</u>, ===== rules) is
  removed, and each removal is listed in `Draft.unparsed`.
- It never guesses a fact the source does not give: no date → `date: unknown`; no body → `body:
  unknown`, with a comment saying so.
- The draft always loads (`generator.load.read_meeting` does not raise on it); its tables are valid
  `Table` models; its ids are valid slugs. It checks once the editor has created the people and body
  files it names (suggested in comments, and in `Draft.people` / `Draft.bodies`).

What it reads is described with each stage below; what it cannot read goes into `Draft.unparsed` as
"line N: …" notes, and the text stays in the narrative.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import textwrap
import unicodedata
from collections import Counter
from decimal import Decimal
from typing import Any, Optional

from pydantic import ValidationError

from . import model as m
from .validate import check_totals, slugify

__all__ = ["Draft", "import_record"]


@dataclasses.dataclass
class Draft:
    """A draft meeting file and what the importer made of its source."""

    markdown: str
    unparsed: list[str]
    fields: dict[str, int]
    people: dict[str, dict] = dataclasses.field(default_factory=dict)  # suggested people files: id → facts
    bodies: dict[str, dict] = dataclasses.field(default_factory=dict)  # suggested body files: id → facts


def import_record(text: str, source_name: str) -> Draft:
    """Turn the plain text of one decision record into a draft meeting file."""
    return _Importer(text, source_name).run()


# --------------------------------------------------------------------------------------------------
# Vocabulary

HONORIFICS = ("Councillor", "Cllr", "Cllr.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dr", "Dr.")
_COUNCILLOR = {"councillor", "cllr", "cllr."}
_HONORIFIC_RE = re.compile(r"^(?:Councillors?|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)(?=\s|$)")
# words that begin a role, so end a name, in "Councillor Murray Executive Member for …"
_ROLE_WORDS = {
    "executive", "major", "minor", "director", "assistant", "deputy", "policy", "democratic", "chair",
    "chairman", "chairwoman", "chairperson", "vice", "vice-chair", "vice-chairman", "leader", "head", "chief",
    "senior", "principal", "interim", "acting", "member", "officer", "manager", "solicitor", "clerk", "lead",
    "portfolio", "cabinet", "mayor", "strategic", "service", "services", "corporate", "monitoring", "finance",
    "legal", "independent", "co-opted", "substitute", "secretary", "treasurer", "accountant", "auditor",
    "opposition", "committee", "scrutiny", "team", "programme", "project", "borough", "county", "group",
    "spokesperson", "representative", "advisor", "adviser", "consultant", "governance", "administrator",
}
VERBS = tuple(sorted(m.VERBS, key=len, reverse=True))  # NOT APPROVED before APPROVED
_VERB = "|".join(re.escape(v) for v in VERBS)
_VERB_RE = re.compile(rf"(?<![A-Za-z])({_VERB})(?![A-Za-z])")
_MONTHS = {name: n for n, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
_DATE_WORDS = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b", re.I)
_DATE_US = re.compile(rf"\b(?P<m>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I)
_DATE_NUM = re.compile(r"(?<![\d/.])(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})(?![\d/.])")
_DATE_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_LITTER = [
    (re.compile(r"\s*\bPage\s+\d+\s+of\s+\d+\b", re.I), "a PDF page number"),
]
_ITEM = re.compile(r"^(?P<num>(?:[A-Z]{1,4}\.?)?\d{1,4}(?:/\d{2,4})?[a-z]?|[A-Z])[.)]\s+(?P<title>\S.*)$")
_ITEM_NO_DOT = re.compile(r"^(?P<num>\d{1,4}/\d{2,4}|[A-Z]{1,4}\.?\d{1,4}(?:/\d{2,4})?)\s+(?P<title>\S.*)$")
_TIME = re.compile(r"\bat\s+(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?(?![\w/])", re.I)
_MODERNGOV = re.compile(r"^Meeting:\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*[-–]\s*(?P<body>.+?)\s*"
                        r"\(Item\s+(?P<item>[\w/.]+?)\.?\)\s*$", re.I)
_LABEL = re.compile(r"^(?:[-•·▪]\s+)?(?P<label>\((?:[ivxlc]{1,6}|\d{1,3}|[a-zA-Z])\)|(?:[ivxlc]{1,6}|[a-z]|\d{1,3})\)"
                    r"|\d{1,3}\.(?!\d))\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^(?:[-•·▪◦*]|\uf0b7)\s+(?P<text>\S.*)$")
_OPTION = re.compile(r"^Option\s+(?P<n>\d+|[A-Z])\s*[–—-]\s*(?P<text>.*)$")
_NUMBER = r"\(?-?£?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?|\(?-?£?\d+(?:\.\d+)?\)?"
_FIGURE_ROW = re.compile(rf"^(?P<label>.*?[A-Za-z)].*?)(?P<figs>(?:\s+(?:{_NUMBER}))+)\s*$")
_UNIT = re.compile(r"^\(?(?:£|\$|€)?\s?'?(?:000s?|m|k|million)\)?$|^\(?£'?000s?\)?$", re.I)
_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "the",
                "to", "with", "via", "per", "vs"}
_ACRONYMS = {"ICS", "ICT", "IT", "PDS", "OJEU", "NHS", "SEN", "SEND", "CCTV", "HR", "UK", "EU", "CIL", "LGA", "CBC",
             "PHSE", "OLM", "DCSF", "PFI", "HRA", "CQC", "ASB", "CSE", "FTE", "CS", "ICO", "SLT"}
_DOC_LABELS = {
    "agenda item": "agenda-item", "issue - meetings": "issue-page", "issue – meetings": "issue-page",
    "record of decisions": "record-of-decisions", "minutes": "minutes", "decision notice": "decision-notice",
    "report": "report",
}
_TERMINAL = ".!?"
_HEADING = re.compile(r"^(?P<number>\S+?)[.)]\s+(?P<title>\S.*)$")  # how validate reads '## 22. Title'
_DECISION_KEY = re.compile(r"^(?P<key>Reasons? for (?:the )?(?:decisions?|resolutions?)|Reasons?|"
                           r"Alternative options? (?:considered )?(?:and rejected)?|Options? (?:considered and )?rejected)"
                           r"\s*[:–—-]\s*", re.I)
_MARKUP = re.compile(r"</?(?:u|b|i|em|strong)>", re.I)  # layout markup copied with the text: litter


def _norm_space(text: str) -> str:
    return re.sub(r"[ \u00a0]+", " ", text).strip()


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[^\W_]+", text.casefold())


def _covered(text: str, *values: Any) -> bool:
    """Whether every word of `text` appears in the values the importer made of it."""
    have = Counter(_tokens(" ".join(str(v) for v in values if v is not None)))
    need = Counter(_tokens(text))
    return not (need - have)


def _mostly_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def title_case(text: str) -> str:
    """'MONITORING OF EXECUTIVE MEMBER DECISIONS' → 'Monitoring of Executive Member Decisions'."""
    if not _mostly_caps(text):
        return text
    out = []
    for n, word in enumerate(text.split(" ")):
        letters = "".join(c for c in word if c.isalpha())
        bare = re.sub(r"[^\w'’]", "", word)
        if not letters or any(c.isdigit() for c in word) or bare in _ACRONYMS \
                or (len(letters) > 1 and not re.search(r"[AEIOUY]", letters.upper())):
            out.append(word)
        elif n > 0 and word.lower() in _SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def body_slug(name: str) -> str:
    """'Executive Member for Looked After Children and Safeguarding' → 'executive-member-looked-after-children-safeguarding'."""
    words = [w for w in re.split(r"\s+", name.replace("&", " and ")) if w.lower() not in {"for", "and", "of", "the"}]
    return slugify(" ".join(words)) or "unknown"


def body_kind(name: str) -> str:
    low = name.lower()
    if "executive member" in low or "cabinet member" in low or "portfolio holder" in low:
        return "executive-member"
    if re.search(r"\b(executive|cabinet)\b", low) and "committee" not in low:
        return "executive"
    if re.search(r"\b(scrutiny|pds|overview)\b", low):
        return "scrutiny-committee"
    if re.search(r"\b(working party|working group|task group)\b", low):
        return "working-party"
    if "committee" in low or "panel" in low or "board" in low:
        return "committee"
    if re.search(r"\bcouncil\b", low):
        return "council"
    return "other"


def parse_date(text: str) -> Optional[tuple[dt.date, str]]:
    """The first date written out in `text` (day-month-year; numeric dates read as UK dd/mm/yyyy)."""
    found = []
    for pattern in (_DATE_WORDS, _DATE_US, _DATE_NUM, _DATE_ISO):
        for match in pattern.finditer(text):
            month = match["m"]
            month_n = int(month) if month.isdigit() else _MONTHS[month.lower()]
            try:
                found.append((match.start(), dt.date(int(match["y"]), month_n, int(match["d"])), match.group(0)))
            except ValueError:
                continue
    if not found:
        return None
    _, date, printed = min(found, key=lambda f: f[0])
    return date, printed


def _number(text: str) -> Optional[Decimal]:
    t = text.replace(",", "").replace("£", "").strip()
    negative = t.startswith("(") and t.endswith(")")
    t = t.strip("()")
    if re.fullmatch(r"-?\d+(\.\d+)?", t):
        value = Decimal(t)
        return -value if negative else value
    return None


# --------------------------------------------------------------------------------------------------
# YAML writing: comments where an editor needs them, quotes only where YAML needs them

class Comment(str):
    """A YAML comment line; a dict value or list entry of this type is written as '# …'."""


_PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@`")


def _plain_ok(text: str, flow: bool = False) -> bool:
    if not text or text != text.strip() or "\n" in text or "\t" in text:
        return False
    if text[0] in _PLAIN_BAD_START or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and any(c in text for c in ",[]{}#"):
        return False
    low = text.lower()
    if low in {"y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"}:
        return False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", low):
        return not flow  # a date: the content model reads it as one
    if re.fullmatch(r"[-+]?[\d_,.]+([eE][-+]?\d+)?|[-+]?\.(inf|nan)|\d+:\d+(:\d+)?|\d{4}-\d{2}-\d{2}.*", low):
        return False
    return text.strip() not in {"---", "..."}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _block_line_ok(line: str) -> bool:
    s = line.strip()
    return s not in {"---", "..."} and not s.startswith(("```", "~~~")) and "\t" not in line


def _scalar(prefix: str, value: Any, indent: int, width: int = 100) -> list[str]:
    if isinstance(value, bool):
        return [f"{prefix} {'true' if value else 'false'}"]
    if isinstance(value, int):
        return [f"{prefix} {value}"]
    text = str(value)
    if text == "":
        return [f"{prefix} ''"]
    pad = " " * (indent + 2)
    if "\n" in text:
        lines = text.split("\n")
        if lines[0][:1] not in (" ", "") and all(_block_line_ok(l) for l in lines) \
                and all(l == l.rstrip() for l in lines):
            return [f"{prefix} |-"] + [pad + l if l else "" for l in lines]
        return [f"{prefix} {_q(text)}"]
    if len(prefix) + 1 + len(text) > width and "  " not in text and text == text.strip() and "\t" not in text:
        wrapped = textwrap.wrap(text, width=max(40, width - len(pad)), break_long_words=False,
                                break_on_hyphens=False)
        if wrapped and all(_block_line_ok(w) for w in wrapped) and " ".join(wrapped) == text:
            return [f"{prefix} >-"] + [pad + w for w in wrapped]
    return [f"{prefix} {text if _plain_ok(text) else _q(text)}"]


def _flow_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow_scalar(v)}" for k, v in value.items()) + "}"
    text = str(value)
    if text == "":
        return "''"
    return text if _plain_ok(text, flow=True) else _q(text)


def _comment(text: str, indent: int) -> str:
    return " " * indent + "# " + " ".join(text.split())


def to_yaml(value: dict, indent: int = 0) -> list[str]:
    out: list[str] = []
    sp = " " * indent
    for key, item in value.items():
        if isinstance(item, Comment):
            out.append(_comment(item, indent))
        elif isinstance(item, dict):
            if not item:
                out.append(f"{sp}{key}: {{}}")
            else:
                out.append(f"{sp}{key}:")
                out += to_yaml(item, indent + 2)
        elif isinstance(item, list):
            if not item:
                out.append(f"{sp}{key}: []")
            elif all(isinstance(x, str) and not isinstance(x, Comment) for x in item) \
                    and len(", ".join(item)) < 70:
                out.append(f"{sp}{key}: [" + ", ".join(_flow_scalar(x) for x in item) + "]")
            else:
                out.append(f"{sp}{key}:")
                out += _yaml_list(item, indent + 2)
        else:
            out += _scalar(f"{sp}{key}:", item, indent)
    return out


def _yaml_list(items: list, indent: int, flow_rows: bool = False) -> list[str]:
    out: list[str] = []
    sp = " " * indent
    for item in items:
        if isinstance(item, Comment):
            out.append(_comment(item, indent))
        elif isinstance(item, dict):
            keys = list(item)
            lead = 0
            while lead < len(keys) and isinstance(item[keys[lead]], Comment):
                lead += 1
            out += [_comment(item[k], indent) for k in keys[:lead]]
            rest = {k: item[k] for k in keys[lead:]}
            if not rest:
                continue
            if flow_rows and all(not isinstance(v, (dict, list, Comment)) or _flowable(v) for v in rest.values()):
                inner = [f"{k}: " + (_flow_row(v) if isinstance(v, list) else _flow_scalar(v)) for k, v in rest.items()]
                out.append(f"{sp}- {inner[0]}")
                out += [f"{sp}  {line}" for line in inner[1:]]
                continue
            lines = to_yaml(rest, indent + 2)
            out.append(f"{sp}- {lines[0][indent + 2:]}")
            out += lines[1:]
        elif isinstance(item, list):
            if flow_rows and _flowable(item) and len(_flow_row(item)) + indent < 110:
                out.append(f"{sp}- {_flow_row(item)}")
            else:
                lines = _yaml_list(item, indent + 2)
                out.append(f"{sp}- {lines[0][indent + 2:]}")
                out += lines[1:]
        else:
            lines = _scalar(f"{sp}-", item, indent)
            out += lines
    return out


def _flowable(value: list) -> bool:
    return all(not isinstance(v, (list, Comment)) for v in value)


def _flow_row(cells: list) -> str:
    return "[" + ", ".join(_flow_scalar(c) for c in cells) + "]"


# --------------------------------------------------------------------------------------------------
# The source, as lines and blocks

@dataclasses.dataclass
class Line:
    no: int  # 1-based line number in the source
    raw: str  # as printed (non-breaking spaces kept), litter removed
    text: str  # spaces normalised; tabs kept

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclasses.dataclass
class Block:
    kind: str  # para, label, bullet, option, heading, pipe, table
    text: str
    first: int
    last: int
    label: Optional[str] = None
    after_blank: bool = True
    table: Optional[dict] = None
    rows: Optional[list[str]] = None  # the lines of a pipe table
    verb: Optional[str] = None


@dataclasses.dataclass
class ItemDraft:
    number: Optional[str]
    title: str
    heading_lines: list[int]
    lines: list[Line]
    facts: dict = dataclasses.field(default_factory=dict)
    narrative: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)  # comments at the top of the yaml block


class _Importer:
    def __init__(self, text: str, source_name: str):
        self.source_name = source_name
        self.text = text
        self.unparsed: list[tuple[int, str]] = []
        self.fields: Counter = Counter()
        self.people: dict[str, dict] = {}
        self.bodies: dict[str, dict] = {}
        self.front: dict = {}
        self.front_comments: list[str] = []
        self.preamble: list[str] = []
        self.items: list[ItemDraft] = []
        self.table_count = 0

    def note(self, line: int, message: str) -> None:
        self.unparsed.append((line, message))

    # ---- stage 1: lines, litter -----------------------------------------------------------------
    def _lines(self) -> list[Line]:
        text = self.text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        text = re.sub(r"[\u2028\u2029\x85]", "\n", text)
        text = "".join(c for c in text if c in "\t\n" or not unicodedata.category(c).startswith("C")
                       or unicodedata.category(c) == "Co")
        lines = []
        for n, raw in enumerate(text.split("\n"), start=1):
            for pattern, what in _LITTER:
                for hit in pattern.finditer(raw):
                    self.note(n, f"removed {what}, '{hit.group(0).strip()}'")
                    self.fields["litter_removed"] += 1
                raw = pattern.sub("", raw)
            norm = re.sub(r"[ \u00a0\u2000-\u200b\u202f\u3000]+", " ", raw).strip(" ")
            lines.append(Line(n, raw.rstrip("\n"), norm))
        return lines

    # ---- stage 2: where the items are -----------------------------------------------------------
    def _is_item_heading(self, line: Line) -> Optional[tuple[str, str]]:
        if "\t" in line.text or len(line.text) > 160:
            return None
        match = _ITEM.match(line.text.strip()) or _ITEM_NO_DOT.match(line.text.strip())
        if not match or not _mostly_caps(match["title"]) or _VERB_RE.match(match["title"]):
            return None
        if _FIGURE_ROW.match(line.text.strip()) and not re.search(r"[A-Za-z]", match["title"][-6:]):
            return None
        return match["num"], match["title"].strip()

    def _find_items(self, lines: list[Line], start: int) -> list[tuple[int, str, Optional[str], list[int], int]]:
        """(index, number, title, heading line numbers, index of the first body line) per item."""
        found = []
        i = start
        while i < len(lines):
            line = lines[i]
            modern = _MODERNGOV.match(line.text.strip())
            if modern:
                found.append((i, modern["item"], None, [line.no], i + 1))
                i += 1
                continue
            heading = self._is_item_heading(line)
            if heading:
                number, title = heading
                used = [line.no]
                j = i + 1
                # a title broken over two lines: the next non-blank line is also in capitals
                k = j
                while k < len(lines) and lines[k].blank and k - j < 2:
                    k += 1
                if k < len(lines) and not lines[k].blank and _mostly_caps(lines[k].text) \
                        and "\t" not in lines[k].text and len(lines[k].text) < 100 \
                        and not self._is_item_heading(lines[k]) and not lines[k].text.rstrip().endswith((":", ".")) \
                        and not _VERB_RE.match(lines[k].text.strip()):
                    title = f"{title} {lines[k].text.strip()}"
                    used.append(lines[k].no)
                    j = k + 1
                found.append((i, number, title, used, j))
                i = j
                continue
            i += 1
        return found

    # ---- stage 3: the record's header -----------------------------------------------------------
    def _report_header(self, lines: list[Line]) -> Optional[tuple[int, list[tuple[str, str, list[Line]]]]]:
        """A report's 'Key: value' header (Meeting, Date, Subject, Report of …), if the record opens with one."""
        entries: list[tuple[str, str, list[Line]]] = []
        i, seen_nonblank, end = 0, 0, 0
        while i < len(lines) and seen_nonblank < 40:
            line = lines[i]
            if line.blank:
                i += 1
                continue
            seen_nonblank += 1
            text = line.text.strip()
            used = [line]
            if text.startswith("**") and not text.endswith("**"):  # a bold key over several lines
                j = i + 1
                while j < len(lines) and j - i < 5 and not lines[j].text.strip().endswith("**"):
                    j += 1
                if j < len(lines) and lines[j].text.strip().endswith("**"):
                    used = lines[i:j + 1]
                    text = " ".join(l.text.strip() for l in used)
            key, value = self._header_key(text)
            if key is None:
                if entries and not line.blank and i > 0 and not lines[i - 1].blank and entries[-1][0] != "urgency":
                    entries[-1] = (entries[-1][0], f"{entries[-1][1]} {text}".strip(), entries[-1][2] + [line])
                    end = i + 1
                    i += 1
                    continue
                if entries:
                    break
                if seen_nonblank > 3:
                    return None
                i += 1
                continue
            entries.append((key, value, used))
            i = lines.index(used[-1]) + 1
            end = i
        keys = {e[0] for e in entries}
        if len(entries) < 3 or not keys & {"title", "author"}:
            return None
        return end, entries

    _HEADER_KEYS = [
        ("meeting", "meeting"), ("date of meeting", "date"), ("date", "date"), ("subject", "title"),
        ("title", "title"), ("report of", "author"), ("report by", "author"), ("report author", "author"),
        ("summary", "summary"), ("purpose", "summary"), ("advising officer", "advising_officer"),
        ("contact officer", "contact_officer"), ("lead officer", "contact_officer"),
        ("public/exempt", "public"), ("exempt/public", "public"), ("public or exempt", "public"),
        ("wards affected", "wards"), ("ward(s) affected", "wards"), ("ward affected", "wards"),
        ("function of", "function_of"), ("key decision reference", "key_decision_reference"),
        ("forward plan reference", "key_decision_reference"), ("key decision", "key_decision"),
        ("reason for urgency", "urgency"), ("report reference", "reference"), ("report number", "reference"),
    ]

    def _header_key(self, text: str) -> tuple[Optional[str], str]:
        bare = text.strip()
        bold = re.fullmatch(r"\*\*(.+?)\*\*\s*(.*)", bare)
        if bold:
            key_text, value = bold[1], bold[2]
        else:
            match = re.fullmatch(r"(?P<key>[A-Za-z][A-Za-z/() '-]{1,60}?)\s*:\s*(?P<value>.*)", bare) \
                or re.fullmatch(r"(?P<key>Key Decision)\s+(?P<value>Yes|No)\b\.?", bare, re.I)
            if not match:
                return None, ""
            key_text, value = match["key"], match["value"]
        key_norm = _norm_space(key_text.lower().replace("*", ""))
        for prefix, field in self._HEADER_KEYS:
            if key_norm == prefix or (field == "urgency" and key_norm.startswith(prefix)):
                return field, value.strip()
        return None, ""

    def _person_ref(self, value: str, default_kind: str = "officer") -> dict:
        """'Cllr Maurice Jones, Executive Member for Corporate Resources' → {person: cllr-maurice-jones, role: …}."""
        name, _, role = value.partition(",")
        name, role = name.strip(), role.strip()
        tokens = name.split()
        looks_like_name = bool(tokens) and (
            bool(_HONORIFIC_RE.match(name)) or (
                1 < len(tokens) <= 4 and all(re.fullmatch(r"[A-Z][\w'’.-]*", t) for t in tokens)
                and not any(t.lower() in _ROLE_WORDS for t in tokens)))
        if not looks_like_name:
            return {"role": value.strip()} if value.strip() else {}
        person = self._person(tokens, default_kind)
        out = {"person": person} if person else {"name": name}
        if role:
            out["role"] = role
        return out

    def _person(self, tokens: list[str], default_kind: str = "officer") -> Optional[str]:
        honorifics, initials, names = [], [], []
        for t in tokens:
            if not names and not initials and t.rstrip(".").lower() in {h.rstrip(".").lower() for h in HONORIFICS}:
                honorifics.append(t)
            elif not names and re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]", t):
                initials.append(t)
            else:
                names.append(t)
        if not names:
            return None
        councillor = any(h.lower().rstrip(".") in {"councillor", "cllr"} for h in honorifics)
        family = names[-1]
        given = names[:-1]
        letters = [c for i in initials for c in i if c.isalpha()]
        ident = slugify(" ".join([*letters, *given, family]))
        if councillor:
            ident = slugify("cllr " + ident.replace("-", " "))
        if not ident or not re.fullmatch(m.SLUG_PATTERN, ident):
            return None
        facts: dict = {"kind": "councillor" if councillor else default_kind}
        other = [h for h in honorifics if h.lower().rstrip(".") not in {"councillor", "cllr"}]
        if other:
            facts["honorific"] = " ".join(other)
        if given:
            facts["given_name"] = " ".join(given)
        if initials:
            facts["initials"] = " ".join(initials)
        facts["family_name"] = family
        self.people.setdefault(ident, facts)
        return ident

    def _attendee(self, line: Line) -> tuple[Optional[dict], str]:
        """One line of an attendance list → ({person, role}, printed name)."""
        raw = line.raw.strip(" \u00a0\t")
        if "\t" in raw:
            name, _, role = raw.partition("\t")
            role = " ".join(p.strip() for p in role.split("\t") if p.strip())
        elif "\u00a0" in raw and " " in raw:
            name, _, role = raw.partition(" ")  # words joined by no-break spaces; name and role by a space
            if not _HONORIFIC_RE.match(name.replace("\u00a0", " ")):
                name, role = self._split_name_role(_norm_space(raw))
        else:
            name, role = self._split_name_role(_norm_space(raw))
        name, role = _norm_space(name), _norm_space(role)
        person = self._person(name.split())
        if person is None:
            return None, name
        entry = {"person": person}
        chair = re.search(r"\s*\((?:in the )?chair(?:man|woman|person)?\)|\s*\bin the chair\b", f"{name} {role}", re.I)
        if chair:
            entry["chair"] = True
            printed = _norm_space(f"{name} {role}")
            name_part = re.sub(re.escape(chair.group(0).strip()), "", name).strip()
            role = _norm_space(role.replace(chair.group(0).strip(), ""))
            if name_part != name:
                name = name_part
            person = self._person(name.split()) or person
            entry["person"] = person
            name = printed  # the printed form, with '(Chair)', goes in the comment
        if role:
            entry["role"] = role
        return entry, name

    @staticmethod
    def _split_name_role(text: str) -> tuple[str, str]:
        tokens = text.split()
        i = 0
        while i < len(tokens) and _HONORIFIC_RE.match(tokens[i]):
            i += 1
        initials = 0
        while i < len(tokens) and re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]", tokens[i]):
            i += 1
            initials += 1
        if i < len(tokens):
            i += 1  # the family name
        if not initials:
            # a given name as well? only when a role word follows it
            if i < len(tokens) - 1 and tokens[i][:1].isupper() and tokens[i].lower() not in _ROLE_WORDS \
                    and tokens[i + 1].lower() in _ROLE_WORDS:
                i += 1
        return " ".join(tokens[:i]), " ".join(tokens[i:])

    def _parse_header(self, lines: list[Line]) -> None:
        """The lines before the first item: the record's kind, body, date and attendance."""
        attendance: dict[str, list] = {}
        group: Optional[str] = None
        last: Optional[dict] = None
        last_raw = ""
        previous_blank = True
        kept: list[Line] = []
        for line in lines:
            text = line.text.strip()
            if line.blank:
                previous_blank = True
                kept.append(line)
                continue
            low = text.lower().rstrip(":-– ")
            if not self.front.get("source") and low in _DOC_LABELS and all(l.blank for l in kept):
                self.front["source"] = {"kind": _DOC_LABELS[low], "title": text}
                self.fields["source_kind"] = 1
                previous_blank = False
                continue
            modern = _MODERNGOV.match(text)
            if modern:
                continue  # read by the item finder
            marker = re.match(r"^(?P<what>present|in attendance|also (?:present|in attendance)|apologies(?: for absence)?"
                              r"|absent)\s*[:\-–]?\s*$", text, re.I)
            if marker:
                what = marker["what"].lower()
                group = "apologies" if what.startswith("apolog") else "absent" if what == "absent" \
                    else "in_attendance" if "attendance" in what else "present"
                self.front_comments.append(f"line {line.no}: {text}")
                previous_blank = False
                continue
            plural = re.match(r"^Councillors\s+(?P<names>.+)$", text)
            if group and plural and "\t" not in line.raw:
                names = [n.strip() for n in re.split(r",\s*|\s+and\s+|\s*&\s*", plural["names"].rstrip(".")) if n.strip()]
                added = 0
                for name in names:
                    entry, printed = self._attendee(Line(line.no, f"Councillor {name}", f"Councillor {name}"))
                    if entry is not None:
                        attendance.setdefault(group, []).append(
                            {"#": Comment(f"line {line.no} as printed: {text}") if not added else
                             Comment(f"(line {line.no})"), **entry})
                        self.fields["attendees"] += 1
                        added += 1
                if added:
                    last, previous_blank = None, False
                    continue
            if group and _HONORIFIC_RE.match(text):
                entry, printed = self._attendee(line)
                if entry is not None:
                    entry = {"#": Comment(f"line {line.no} as printed: {printed}"), **entry}
                    attendance.setdefault(group, []).append(entry)
                    self.fields["attendees"] += 1
                    last, last_raw = entry, line.raw
                    previous_blank = False
                    continue
            apologies = re.match(r"^Apologies(?: for absence)? (?:were|was) (?:received|submitted|given) "
                                 r"(?:from|on behalf of) (?P<names>.+?)\.?$", text, re.I)
            if apologies:
                who = apologies["names"]
                councillors = re.match(r"^Councillors?\s+", who)
                for name in re.split(r",\s*|\s+and\s+|\s*&\s*", who[councillors.end():] if councillors else who):
                    name = name.strip()
                    if not name:
                        continue
                    full = f"Councillor {name}" if councillors and not _HONORIFIC_RE.match(name) else name
                    if not _HONORIFIC_RE.match(full):
                        continue
                    entry, _printed = self._attendee(Line(line.no, full, full))
                    if entry is not None:
                        entry.pop("role", None) if not entry.get("role") else None
                        attendance.setdefault("apologies", []).append(
                            {"#": Comment(f"line {line.no}: read from the sentence kept in the preamble"), **entry})
                        self.fields["attendees"] += 1
                kept.append(line)  # the sentence stays in the narrative
                previous_blank = False
                continue
            if group and last is not None and not _HONORIFIC_RE.match(text) and len(text) <= 60 \
                    and ":" not in text and not parse_date(text):
                role = last.get("role", "")
                joins = (not previous_blank) or text[:1].islower() or last_raw.endswith(("\u00a0", " ")) \
                    or re.search(r"(\b(and|of|for|the|to|in|with)|[,&–-])$", role)
                if joins:
                    last["role"] = _norm_space(f"{role} {text}")
                    last_raw = line.raw
                    previous_blank = False
                    continue
            # the meeting's date: a line that is (nearly) only a date
            date = parse_date(text)
            if date and "date" not in self.front:
                rest = text.replace(date[1], " ")
                rest = re.sub(rf"(?i)\b{_WEEKDAY}\b|\b(held|on|at|date|the|of)\b|[\d.:]+\s*(am|pm|a\.m\.|p\.m\.)?|[,:;.()-]",
                              " ", rest)
                if len(rest.split()) <= 2:
                    self._time(text)
                    self.front["date"] = date[0]
                    self.front_comments.append(f"line {line.no} as printed: {text}")
                    self.fields["date"] = 1
                    previous_blank = False
                    continue
            held = re.search(r"\bheld\s+(?:on\s+)?(?:at\s+.+?\s+on\s+)?", text, re.I)
            if date and held and "date" not in self.front and date[1] in text[held.start():]:
                self.front["date"] = date[0]  # read from a heading kept in the narrative
                self.fields["date"] = 1
                self._time(text)
            if re.search(r"\bpresence of\b", text, re.I) and text.rstrip().endswith((":", ":-", "-")):
                group = "present"
            kept.append(line)
            previous_blank = False
        if attendance:
            self.front["attendance"] = attendance
        self.preamble_lines = kept

    def _time(self, text: str) -> None:
        match = _TIME.search(text)
        if not match or "time" in self.front:
            return
        hour, minute = int(match["h"]), int(match["m"] or 0)
        ampm = (match["ampm"] or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if not ampm and not match["m"]:
            return  # 'at 7' alone: not clearly a time
        if 0 <= hour <= 23 and 0 <= minute <= 59:
            self.front["time"] = f"{hour:02d}:{minute:02d}"
            self.fields["time"] = 1

    def _body_from_text(self, text: str) -> Optional[str]:
        flat = _norm_space(text)
        match = re.search(r"made by (?:the )?(?P<who>Executive Member|Cabinet Member|Portfolio Holder|Leader)"
                          r"(?: with responsibility)? for (?P<what>.+?)(?: on\b|[:.,]|$)", flat, re.I)
        if match:
            return f"{match['who']} for {match['what'].strip()}"
        match = re.search(r"(?:minutes|record) of (?:the |a )?(?:meeting of (?:the )?)?(?P<body>[A-Z][\w&'’ ]+?)"
                          r"\s+held\b", flat, re.I)
        if match:
            return match["body"].strip()
        return None

    # ---- stage 4: an item's lines → blocks -------------------------------------------------------
    def _find_tables(self, lines: list[Line], item_label: str) -> dict[int, tuple[int, Optional[dict]]]:
        """Tables of figures: {first index: (index after the last line, table data or None)}."""
        tables: dict[int, tuple[int, Optional[dict]]] = {}
        i = 0
        while i < len(lines):
            if "\t" in lines[i].raw and len(lines[i].raw.split("\t")) >= 2 and not lines[i].blank:
                j, last = i, i
                while j < len(lines) and (lines[j].blank or "\t" in lines[j].raw):
                    if not lines[j].blank:
                        last = j
                    j += 1
                region = [l for l in lines[i:last + 1] if not l.blank]
                if len(region) >= 2:
                    tables[i] = (last + 1, self._tab_table(region, item_label))
                    i = last + 1
                    continue
            row = self._figure_row(lines[i])
            if row:
                j, rows, last = i, 0, i
                while j < len(lines):
                    line = lines[j]
                    if line.blank:
                        j += 1
                        continue
                    if self._figure_row(line):
                        rows += 1
                        last = j
                    elif not self._section_line(lines, j):
                        break
                    j += 1
                if rows >= 3:
                    start = i
                    # a unit line (£000) and a caption line just above
                    k = i - 1
                    while k >= 0 and lines[k].blank:
                        k -= 1
                    unit_line = caption_line = None
                    if k >= 0 and _UNIT.match(lines[k].text.strip()):
                        unit_line, start = k, k
                        k -= 1
                        while k >= 0 and lines[k].blank:
                            k -= 1
                    if k >= 0 and self._caption_line(lines[k]) and (k == 0 or lines[k - 1].blank):
                        caption_line, start = k, k
                    region = lines[i:last + 1]
                    tables[start] = (last + 1, self._figure_table(
                        region, lines[caption_line] if caption_line is not None else None,
                        lines[unit_line] if unit_line is not None else None, item_label))
                    i = last + 1
                    continue
            i += 1
        return tables

    def _figure_row(self, line: Line) -> Optional[tuple[str, list[str]]]:
        text = line.text.strip()
        if not text or "\t" in text or len(text) > 120 or text.endswith(tuple(_TERMINAL)):
            return None
        match = _FIGURE_ROW.match(text)
        if not match:
            return None
        label = match["label"].strip()
        if re.search(r"\b(was|were|is|are|of|by|to|in|for|and|the|at|on|about|around|from|with)$", label, re.I):
            return None
        if len(label.split()) > 14:
            return None
        return label, match["figs"].split()

    def _section_line(self, lines: list[Line], j: int) -> bool:
        text = lines[j].text.strip()
        if not text or len(text) > 50 or len(text.split()) > 6 or text[0].islower() or text.endswith(tuple(_TERMINAL + ":")):
            return False
        if re.search(r"\d$", text):
            return False
        k = j + 1
        while k < len(lines) and lines[k].blank:
            k += 1
        return k < len(lines) and bool(self._figure_row(lines[k]))

    @staticmethod
    def _caption_line(line: Line) -> bool:
        text = line.text.strip()
        return bool(text) and len(text) <= 70 and not text.endswith(tuple(_TERMINAL + ":;,")) \
            and text[0].isupper() and "\t" not in text and len(text.split()) <= 10

    def _clean_cell(self, cell: str, line: int) -> str:
        cleaned = re.sub(r"</?(?:u|b|i|strong|em)>", "", cell, flags=re.I)
        cleaned = re.sub(r"\s*(?:={2,}|-{3,}|_{3,})\s*$", "", cleaned)
        cleaned = _norm_space(cleaned)
        if cleaned != _norm_space(cell):
            self.note(line, f"removed underlining from the figure '{_norm_space(cell)}' (kept as '{cleaned}')")
            self.fields["litter_removed"] += 1
        return cleaned

    def _tab_table(self, region: list[Line], item_label: str) -> Optional[dict]:
        raw_rows = []
        for line in region:
            cells = [c.strip() for c in line.raw.replace("\u00a0", " ").split("\t")]
            cells = [_norm_space(c) for c in cells]
            if all(re.fullmatch(r"[-=_\s]*", c) for c in cells):
                self.note(line.no, "removed a ruled line under a table ('" + " ".join(c for c in cells if c) + "')")
                self.fields["litter_removed"] += 1
                continue
            raw_rows.append((line, cells))
        if not raw_rows:
            return None
        header: Optional[list[str]] = None
        first_line, first = raw_rows[0]
        if len(first) > 1 and all(c and _number(c) is None for c in first[1:] if c) and any(first[1:]) \
                and not first[0]:
            header = first
            raw_rows = raw_rows[1:]
        width = max(len(cells) for _, cells in raw_rows) if raw_rows else len(header or [])
        if header:
            width = max(width, len(header))
        for line, cells in raw_rows:
            filled = len(cells)
            while filled and not cells[filled - 1]:
                filled -= 1
            if header and filled > len(header):
                self.note(line.no, f"a table whose columns could not be aligned (this row has {filled} cells, the "
                                   f"heading {len(header)}); kept as text in {item_label}'s narrative")
                return None
        grid: list[tuple[str, list[str], int]] = []  # (label, figures, line)
        for line, cells in raw_rows:
            cells = [self._clean_cell(c, line.no) for c in cells] + [""] * (width - len(cells))
            label, figures = cells[0], cells[1:width]
            if not any(figures) and grid:
                previous = grid[-1][0]
                # a label broken over lines: it goes on in lower case or in brackets, or the line
                # above left a bracket open or ended on a joining word
                if label[:1].islower() or label.startswith("(") \
                        or previous.count("(") > previous.count(")") \
                        or re.search(r"(\b(and|of|for|the|to|in|with)|[,&–-])$", previous):
                    grid[-1] = (_norm_space(f"{previous} {label}"), grid[-1][1], grid[-1][2])
                    continue
            grid.append((label, figures, line.no))
        if not any(any(g[1]) for g in grid):
            self.note(first_line.no, f"tab-separated lines with no figures; kept as text in {item_label}'s narrative")
            return None
        columns_data = (header or []) + [""] * (width - len(header or []))
        numeric = []
        for col in range(1, width):
            values = [g[1][col - 1] for g in grid if g[1] and g[1][col - 1]]
            numeric.append(bool(values) and sum(_lead_number(v) is not None for v in values) >= 0.6 * len(values))
        columns: list = [columns_data[0] or "Item"]
        for col in range(1, width):
            label = columns_data[col] or f"Column {col + 1}"
            columns.append({"label": label, "numeric": True} if numeric[col - 1] else label)
        data_rows: list[tuple[str, list, int]] = []
        for label, figures, line_no in grid:
            if not any(figures):
                data_rows.append(("section", [label], line_no))
                continue
            cells: list = [label]
            for col, value in enumerate(figures):
                cells.append(_cell_value(value, numeric[col]))
            kind = "total" if re.match(r"(?i)(grand\s+|sub-?\s*|net\s+)?total\b", label) else "row"
            data_rows.append((kind, cells, line_no))
        caption = Comment("the source prints no caption; write one")
        return self._make_table(None, None, columns, data_rows, item_label, first_line.no, caption,
                                header_comment=header is None or not header[0])

    def _figure_table(self, region: list[Line], caption: Optional[Line], unit: Optional[Line],
                      item_label: str) -> Optional[dict]:
        data_rows: list[tuple[str, list, int]] = []
        width = 0
        for line in region:
            if line.blank:
                continue
            row = self._figure_row(line)
            if row is None:
                data_rows.append(("section", [line.text.strip()], line.no))
                continue
            label, figures = row
            width = max(width, len(figures))
            kind = "total" if re.match(r"(?i)(grand\s+|sub-?\s*|net\s+)?total\b", label) else "row"
            data_rows.append((kind, [label, *figures], line.no))
        for kind, cells, line_no in data_rows:
            if kind != "section" and len(cells) - 1 != width:
                self.note(line_no, f"a table whose columns could not be aligned (rows have {len(cells) - 1} and "
                                   f"{width} figures); kept as text in {item_label}'s narrative")
                return None
        fixed = [(kind, cells if kind == "section" else [cells[0], *[_cell_value(c, True) for c in cells[1:]]], n)
                 for kind, cells, n in data_rows]
        unit_text = unit.text.strip() if unit else None
        label = unit_text or "Figure"
        columns: list = ["Item"] + [{"label": label if width == 1 else f"{label} ({n + 1})", "numeric": True}
                                    for n in range(width)]
        return self._make_table(caption.text.strip() if caption else None, unit_text, columns, fixed, item_label,
                                region[0].no, Comment("the source prints no caption; write one"),
                                header_comment=True)

    def _make_table(self, caption: Optional[str], unit: Optional[str], columns: list, rows: list, item_label: str,
                    first_line: int, no_caption: Comment, header_comment: bool) -> Optional[dict]:
        # a total covers its section, or all rows when it follows another total (a grand total) or
        # when its figure is the sum of all rows but not of its section
        out_rows: list = []
        section: list[list] = []
        everything: list[list] = []
        for kind, cells, _line in rows:
            if kind == "section":
                out_rows.append({"section": cells[0]})
                section = []
                continue
            if kind == "row":
                out_rows.append(cells)
                section.append(cells)
                everything.append(cells)
                continue
            stated = _cell_number(cells[1]) if len(cells) > 1 else None
            scope = "section"
            if not section:
                scope = "all"
            elif stated is not None:
                in_section = sum((_cell_number(r[1]) or 0 for r in section), Decimal(0))
                in_all = sum((_cell_number(r[1]) or 0 for r in everything), Decimal(0))
                if stated == in_all and stated != in_section:
                    scope = "all"
            out_rows.append({"total": cells, "of": scope})
            section = []
        self.table_count += 1
        data: dict = {}
        if caption:
            data["caption"] = caption
        else:
            data["#"] = no_caption
            data["caption"] = f"Table {self.table_count} ({item_label})"
        if unit:
            data["unit"] = unit
        if header_comment:
            data["#columns"] = Comment("column headings not printed in the source are the importer's; check them")
        data["columns"] = columns
        data["rows"] = out_rows
        try:
            table = m.Table.model_validate({k: v for k, v in data.items() if not isinstance(v, Comment)})
        except ValidationError as exc:
            self.note(first_line, f"a table that did not make a valid table ({exc.errors()[0]['msg']}); kept as text")
            return None
        for row, col, stated, summed in check_totals(table):
            self.note(first_line, f"in the table '{table.caption}', '{table.rows[row].cells[0].text}' states "
                                  f"{stated:,} but the rows it totals add up to {summed:,}; kept as printed "
                                  "(add an editor's note)")
        self.fields["tables"] += 1
        self.fields["table_rows"] += len(out_rows)
        return data

    def _blocks(self, lines: list[Line], item_label: str) -> list[Block]:
        tables = self._find_tables(lines, item_label)
        blocks: list[Block] = []
        group: list[Line] = []

        def flush() -> None:
            if group:
                blocks.extend(self._group_blocks(list(group)))
                group.clear()

        i = 0
        while i < len(lines):
            if i in tables:
                flush()
                end, data = tables[i]
                region = [l for l in lines[i:end] if not l.blank]
                if data is not None:
                    blocks.append(Block("table", "", region[0].no, region[-1].no, table=data))
                else:  # kept as text, a line each
                    for line in region:
                        text = _norm_space(line.text.replace("\t", " "))
                        blocks.append(Block("para", text, line.no, line.no))
                i = end
                continue
            if lines[i].blank:
                flush()
            else:
                group.append(lines[i])
            i += 1
        flush()
        return self._join_broken(blocks)

    def _group_blocks(self, group: list[Line]) -> list[Block]:
        """A run of non-blank lines → blocks: labelled parts, bullets, options, a pipe table, paragraphs."""
        out: list[Block] = []
        longest = max(len(l.text) for l in group)
        for n, line in enumerate(group):
            text = _norm_space(line.text.replace("\t", " "))
            if text.startswith("|"):
                if out and out[-1].kind == "pipe":
                    out[-1].rows.append(text)
                    out[-1].last = line.no
                else:
                    out.append(Block("pipe", "", line.no, line.no, rows=[text], after_blank=n == 0))
                continue
            label = _LABEL.match(text)
            bullet = _BULLET.match(text)
            option = _OPTION.match(text)
            first = n == 0  # a group begins after a blank line (or a table)
            if label:
                out.append(Block("label", label["text"], line.no, line.no, label=label["label"], after_blank=first))
            elif option:
                out.append(Block("option", text, line.no, line.no, after_blank=first))
            elif bullet:
                out.append(Block("bullet", bullet["text"], line.no, line.no, after_blank=first))
            elif out and out[-1].kind != "pipe" and not (
                    out[-1].text.endswith(tuple(_TERMINAL)) and text[:1].isupper()
                    and len(group[n - 1].text) < 0.7 * longest and out[-1].kind == "para"):
                out[-1].text = f"{out[-1].text} {text}".strip()
                out[-1].last = line.no
                if out[-1].kind == "para" and out[-1].first != line.no:
                    self.fields["rejoined_lines"] += 1
            else:
                out.append(Block("para", text, line.no, line.no, after_blank=first))
        if len(out) == 1 and out[0].kind == "para" and out[0].first == out[0].last:
            out[0].kind = "maybe-heading"
        return out

    def _join_broken(self, blocks: list[Block]) -> list[Block]:
        """Re-join paragraphs that a PDF broke mid-sentence across blank lines."""
        out: list[Block] = []
        for n, block in enumerate(blocks):
            prev = out[-1] if out else None
            if prev is not None and block.kind in ("para", "maybe-heading") \
                    and prev.kind in ("para", "label", "bullet", "option", "maybe-heading") \
                    and block.text[:1].islower() and not prev.text.endswith(tuple(_TERMINAL)):
                prev.text = f"{prev.text} {block.text}"
                prev.last = block.last
                if prev.kind == "maybe-heading":
                    prev.kind = "para"
                self.fields["rejoined_lines"] += 1
                continue
            out.append(block)
        for n, block in enumerate(out):
            if block.kind == "maybe-heading":
                nxt = out[n + 1] if n + 1 < len(out) else None
                block.kind = "heading" if nxt is not None and _heading_like(block.text) \
                    and not _VERB_RE.search(block.text) else "para"
        return out

    # ---- stage 5: facts from blocks ---------------------------------------------------------------
    def _decision_from(self, block: Block) -> Optional[dict]:
        text = block.text
        if _mostly_caps(text) and not re.fullmatch(rf"\s*(?:It was\s+)?({_VERB})\b\s*[-–—:]*\s*(that)?\s*", text, re.I):
            return None
        match = _VERB_RE.search(text)
        lead = re.match(r"^(Resolved|Agreed|Noted|Approved|Deferred|Withdrawn)\s*[:–—-]\s*", text)
        if lead and not match:
            verb, before, after = lead[1].upper(), "", text[lead.end():]
        elif match:
            verb, before, after = match[1], text[:match.start()].strip(), text[match.end():]
        else:
            return None
        if before and not before[:1].isupper():
            return None
        after = re.sub(r"^\s*[-–—:,]+\s*", "", after).strip()
        after = after.lstrip()
        decision: dict = {"verb": verb}
        if before and not re.fullmatch(r"(?i)(?:and\s+)?it\s+was(?:\s+(?:therefore|unanimously|further))?", before):
            decision["by"] = before
        if after:
            decision["text"] = after
        return decision

    def _part_tree(self, blocks: list[Block]) -> list[dict]:
        root: list[dict] = []
        stack: list[list] = []  # [style, siblings, last label]
        pending: Optional[str] = None
        for block in blocks:
            if block.kind == "label":
                text = block.text
                node: dict = {"label": block.label}
                lead = re.match(rf"^({_VERB})\b\s*[-–—:]?\s*", text)
                if lead:
                    node["verb"], text = lead[1], text[lead.end():]
                elif pending:
                    node["verb"] = pending
                pending = None
                trail = re.search(rf"\s+({_VERB})\s*[-–—:]*\s*$", text)
                if trail and not _mostly_caps(text):
                    pending, text = trail[1], text[:trail.start()].rstrip()
                node["text"] = text
                style = _label_style(block.label, stack)
                level = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == style), None)
                if level is not None:
                    del stack[level + 1:]
                    siblings = stack[level][1]
                elif stack:
                    siblings = stack[-1][1][-1].setdefault("parts", [])
                    stack.append([style, siblings, None])
                else:
                    siblings = root
                    stack.append([style, root, None])
                siblings.append(node)
                stack[-1][2] = block.label
                self.fields["parts"] += 1
                continue
            target = stack[-1][1][-1] if stack else None
            piece = f"- {block.text}" if block.kind in ("bullet", "option") else block.text
            if block.kind == "heading":
                piece = block.text
            if target is None:
                root.append({"text": piece})
                stack.append(["none", root, None])
                continue
            joiner = "\n" if block.kind in ("bullet", "option") and target.get("_last") in ("bullet", "option") \
                else "\n\n"
            target["text"] = f"{target.get('text', '')}{joiner}{piece}".strip("\n")
            target["_last"] = block.kind
        _strip_private(root)
        return root

    def _item_facts(self, item: ItemDraft, blocks: list[Block], report: Optional[dict]) -> list[Block]:
        """Fill item.facts from the blocks; return the blocks that stay in the narrative."""
        label = f"item {item.number}" if item.number else f"item '{item.title}'"
        keep: list[Block] = []
        decisions: list[dict] = []
        reports: list[dict] = [report] if report is not None else []
        consumed: set[int] = set()
        n_blocks = len(blocks)

        # who submitted the report
        for block in blocks:
            if block.kind != "para":
                continue
            who = re.match(r"^(?:The|A)\s+(?:joint\s+)?report\s+of\s+the\s+(?P<who>.+?)\s+was\s+submitted", block.text) \
                or re.match(r"^The\s+(?P<who>[A-Z][^.]+?)\s+submitted\s+a\s+(?:joint\s+)?report\b", block.text)
            who = who or re.search(r"\b(?:considered|received)\s+(?:a\s+|the\s+)?(?:joint\s+)?report\s+(?:\S*\d\S*\s+)?"
                                   r"(?:of|by|from)\s+the\s+(?P<who>(?:Director|Head|Chief|Assistant|Deputy|Executive|"
                                   r"Strategic|Corporate|Monitoring|Interim|Acting)[^.,;]*?)(?=[.,;]|\s+which\b|"
                                   r"\s+that\b|\s+on\b|\s+regarding\b|\s+about\b|$)", block.text)
            body = re.match(r"^Members\s+(?:considered|received)\s+a\s+report\s+(?:of|from)\s+the\s+(?P<who>.+?)"
                            r"(?:,|\s+which\b|\s+that\b|\.)", block.text)
            if (who or body) and not reports:
                rep: dict = {}
                if who:
                    rep["author"] = {"role": _norm_space(who["who"])}
                else:
                    name = _norm_space(body["who"])
                    ident = body_slug(name)
                    rep["from_body"] = ident
                    self.bodies.setdefault(ident, {"name": name, "kind": body_kind(name)})
                reports.append(rep)
                self.fields["report_authors"] += 1
                break
        # a report reference such as CS17089
        for text in [item.title] + [b.text or " ".join(b.rows or []) for b in blocks]:
            ref = re.search(r"\b[Rr]eport\s+(?:[Nn]o\.?\s*|[Rr]ef(?:erence)?\.?:?\s*)?"
                            r"(?P<ref>[A-Z]{1,6}(?:[-/]?\d+)+(?:[-/][A-Z0-9]+)*)\b", text)
            if ref and len(re.sub(r"\D", "", ref["ref"])) < 3:
                ref = None
            if ref:
                if not reports:
                    reports.append({})
                if not reports[0].get("reference"):
                    reports[0] = {"reference": ref["ref"], **reports[0]}
                    self.fields["report_reference"] += 1
                break

        # decisions with a verb, and the parts that follow them
        i = 0
        while i < n_blocks:
            block = blocks[i]
            decision = self._decision_from(block) if block.kind == "para" else None
            if decision is None:
                i += 1
                continue
            consumed.add(i)
            if not _covered(block.text, decision.get("by"), decision.get("verb"), decision.get("text")):
                decision = {"#": Comment(f"line {block.first} as printed: {block.text}"), **decision}
            j = i + 1
            if j < n_blocks and blocks[j].kind == "label":
                end = j
                while end < n_blocks and blocks[end].kind in ("label", "para", "bullet", "option") \
                        and not (blocks[end].kind == "para" and (self._decision_from(blocks[end])
                                                                  or _DECISION_KEY.match(blocks[end].text))):
                    end += 1
                if end < n_blocks:  # not the end of the item: trailing capitalised paragraphs are narrative
                    while end > j and blocks[end - 1].kind == "para" and blocks[end - 1].text[:1].isupper():
                        end -= 1
                parts = self._part_tree(blocks[j:end])
                consumed.update(range(j, end))
                if any(p.get("verb") for p in _walk(parts)) and decision.get("verb"):
                    if not parts[0].get("verb"):
                        parts[0] = {"label": parts[0].get("label"), "verb": decision["verb"],
                                    **{k: v for k, v in parts[0].items() if k not in ("label", "verb")}}
                        if parts[0]["label"] is None:
                            del parts[0]["label"]
                    decision.pop("verb")
                decision["parts"] = parts
                i = end
            else:
                i += 1
            # 'Reason for decision: …', 'Alternative options considered: …' straight after it
            while i < n_blocks and blocks[i].kind == "para" and _DECISION_KEY.match(blocks[i].text):
                key = _DECISION_KEY.match(blocks[i].text)
                field = "reasons" if key["key"].lower().startswith("reason") else "alternatives_rejected"
                if field in decision:
                    break
                decision[f"#{field}"] = Comment(f"line {blocks[i].first} as printed: {key.group(0).strip()}")
                decision[field] = blocks[i].text[key.end():].strip()
                self.fields["decision_reasons"] += 1
                consumed.add(i)
                i += 1
            decisions.append(decision)

        # parts with no verb running to the end of the item: resolutions given without a verb
        tail = None
        for k in range(n_blocks):
            if k in consumed:
                continue
            block = blocks[k]
            if block.kind == "label" and _label_style(block.label, []) in ("roman-paren", "digit-paren", "alpha-paren") \
                    and all(b.kind in ("label", "para", "bullet", "option") and x not in consumed
                            for x, b in enumerate(blocks[k:], start=k)) \
                    and not any(self._decision_from(b) for b in blocks[k:] if b.kind == "para"):
                tail = k
                break
        if tail is not None and report is None:
            parts = self._part_tree(blocks[tail:])
            consumed.update(range(tail, n_blocks))
            labels = [p.get("label") for p in parts if p.get("label")]
            self.note(blocks[tail].first, f"the parts {labels[0]}–{labels[-1]} of {label} are given without a "
                                          "decision verb or words introducing them; recorded as a decision "
                                          "without a verb: check against the source" if len(labels) > 1 else
                      f"the part {labels[0] if labels else ''} of {label} is given without a decision verb; "
                      "recorded as a decision without a verb")
            decisions.append({"#": Comment("the source gives these parts without a verb; add the verb if known"),
                              "parts": parts})

        # options considered (Option 1 – …), and which one a decision chose
        options = [(k, _OPTION.match(b.text)) for k, b in enumerate(blocks) if b.kind == "option"]
        if options and decisions:
            for decision in decisions:
                chosen = re.findall(r"\bOption\s+(\d+|[A-Z])\b", decision.get("text", ""))
                if not chosen:
                    continue
                decision["options"] = []
                for _k, match in options:
                    outcome = "chosen" if match["n"] in chosen else "rejected"
                    decision["options"].append({"label": f"Option {match['n']}", "text": match["text"].strip(),
                                                "outcome": outcome})
                    self.fields["options"] += 1
                decision["#options"] = Comment("the options' outcomes are the importer's reading of the decision; "
                                               "check them")
                break

        for k, block in enumerate(blocks):
            if k not in consumed:
                keep.append(block)
        if reports:
            item.facts["reports"] = [_order_model(r, m.Report) for r in reports]
        if decisions:
            item.facts["decisions"] = [_reorder_decision(d) for d in decisions]
            self.fields["decisions"] += len(decisions)
            self.fields["decision_verbs"] += sum(1 for d in decisions if d.get("verb"))
            self.fields["decision_verbs"] += sum(1 for d in decisions for p in _walk(d.get("parts", []))
                                                 if p.get("verb"))
            self.fields["decision_parts"] += sum(1 for d in decisions for p in _walk(d.get("parts", []))
                                                 if p.get("label"))
        return keep

    # ---- a report with a 'Key: value' header (Central Bedfordshire style) ---------------------------
    def _report_fields(self, entries: list[tuple[str, str, list[Line]]]) -> tuple[dict, dict]:
        report: dict = {}
        meta: dict = {}
        for key, value, used in entries:
            printed = " ".join(l.text.strip() for l in used)
            comment = Comment(f"line {used[0].no} as printed: {printed}")
            if key == "meeting":
                meta["meeting"] = (value, used[0].no, printed)
                continue
            if key == "date":
                meta["date"] = (value, used[0].no, printed)
                continue
            if key in ("author", "advising_officer", "contact_officer"):
                ref = self._person_ref(value, "councillor" if re.match(r"(?i)cllr|councillor", value) else "officer")
                if not ref:
                    continue
                report[f"#{key}"] = comment
                report[key] = ref
            elif key == "wards":
                report[f"#{key}"] = comment
                report["wards"] = [w.strip() for w in re.split(r",|;|\band\b", value) if w.strip()]
            elif key == "key_decision":
                report[f"#{key}"] = comment
                if value.lower().startswith(("yes", "no")):
                    report["key_decision"] = value.lower().startswith("yes")
                else:
                    self.note(used[0].no, f"the key-decision entry '{value}' is neither Yes nor No; not read")
                    report.pop(f"#{key}")
                    self.preamble.append(printed)
                    continue
            elif key == "urgency":
                report[f"#{key}"] = comment
                report["urgency"] = value
            else:
                if not _covered(printed, value):
                    report[f"#{key}"] = comment
                report[key] = value
            self.fields["report_fields"] += 1
        return report, meta

    def _report_sections(self, report: dict, blocks: list[Block], item: ItemDraft) -> list[Block]:
        """Implications, scrutiny comments, recommendations, reasons, appendices and papers of a report."""
        keep: list[Block] = []
        zone = "narrative"
        current: Optional[dict] = None
        rec_blocks: list[Block] = []

        def close_recommendations() -> None:
            nonlocal rec_blocks
            if rec_blocks:
                parts = self._part_tree(rec_blocks)
                report["recommendations"] = parts
                self.fields["recommendations"] += sum(1 for p in _walk(parts) if p.get("label"))
                self.fields["parts"] -= sum(1 for p in _walk(parts) if p.get("label"))
                rec_blocks = []

        for block in blocks:
            heading = block.text.strip().rstrip(":").strip() if block.kind == "heading" else None
            low = (heading or "").lower()
            if heading is not None:
                new_zone = None
                if re.fullmatch(r"(corporate )?implications", low):
                    new_zone = "implications"
                elif re.match(r"(summary of )?(overview and )?scrutiny comments", low):
                    new_zone = "scrutiny"
                elif re.fullmatch(r"recommendations?", low):
                    new_zone = "recommendations"
                elif re.fullmatch(r"appendi(ces|x)", low):
                    new_zone = "appendices"
                elif re.fullmatch(r"background papers?|list of background papers", low):
                    new_zone = "papers"
                elif re.fullmatch(r"location of (the )?papers", low):
                    new_zone = "location"
                elif zone == "implications" and block.text.rstrip().endswith(":"):
                    new_zone = "implications"
                if new_zone is None and zone in ("appendices", "papers", "location"):
                    heading = None  # a listed document or place, not a heading
                if heading is None:
                    pass
                elif new_zone is not None:
                    close_recommendations()
                    zone = new_zone
                    if zone == "implications" and block.text.rstrip().endswith(":") and \
                            not re.fullmatch(r"(corporate )?implications", low):
                        current = {"heading": heading, "text": ""}
                        report.setdefault("implications", []).append(current)
                        self.fields["report_fields"] += 1
                    else:
                        key = {"implications": "#implications", "scrutiny": "#scrutiny_comments",
                               "recommendations": "#recommendations", "appendices": "#documents",
                               "papers": "#documents", "location": "#location_of_papers"}[zone]
                        previous = report.get(key)
                        text = f"line {block.first} as printed: {block.text}"
                        report[key] = Comment(f"{previous}; {text}" if previous else text)
                    continue
                else:
                    close_recommendations()
                    zone = "narrative"
                    keep.append(block)
                    continue
            if zone == "implications" and current is not None and block.kind in ("para", "bullet", "label"):
                piece = f"- {block.text}" if block.kind == "bullet" else \
                    f"{block.label} {block.text}" if block.kind == "label" else block.text
                current["text"] = f"{current['text']}\n\n{piece}".strip()
                continue
            if zone == "scrutiny" and block.kind in ("para", "bullet", "label"):
                piece = f"- {block.text}" if block.kind == "bullet" else \
                    f"{block.label} {block.text}" if block.kind == "label" else block.text
                if "scrutiny_comments" not in report:
                    self.fields["report_fields"] += 1
                report["scrutiny_comments"] = f"{report.get('scrutiny_comments', '')}\n{piece}".strip()
                continue
            if zone == "recommendations" and block.kind in ("label", "para", "bullet"):
                rec_blocks.append(block)
                continue
            if block.kind == "pipe":
                rest = self._pipe_fields(block, report)
                if rest:
                    keep.append(rest)
                close_recommendations()
                zone = "narrative" if zone == "recommendations" else zone
                continue
            if zone in ("appendices", "papers") and block.kind in ("para", "bullet", "label", "heading"):
                self._document(block, report, item, "appendix" if zone == "appendices" else "background-paper")
                continue
            if zone == "location" and block.kind in ("para", "heading"):
                report["location_of_papers"] = _norm_space(f"{report.get('location_of_papers', '')} {block.text}")
                self.fields["report_fields"] += 1
                continue
            close_recommendations()
            if zone != "narrative":
                zone = "narrative"
            keep.append(block)
        close_recommendations()
        return keep

    def _pipe_fields(self, block: Block, report: dict) -> Optional[Block]:
        rows = [r for r in block.rows or [] if not re.fullmatch(r"\|?[\s:|-]*\|?", r)]
        kept = []
        for row in rows:
            cells = [c.strip() for c in row.strip().strip("|").split("|")]
            plain = [_norm_space(re.sub(r"</?(?:i|b|u|em|strong)>|\*\*", "", c, flags=re.I)) for c in cells]
            if len(plain) >= 2 and re.fullmatch(r"(?i)reasons? for (the )?recommendations?:?", plain[0]):
                report["#reason_for_recommendations"] = Comment(f"line {block.first} as printed: {plain[0]}")
                report["reason_for_recommendations"] = " ".join(p for p in plain[1:] if p)
                self.fields["report_fields"] += 1
                if plain != cells:
                    self.note(block.first, "removed <i>…</i> markup from a table cell")
                    self.fields["litter_removed"] += 1
            elif any(plain):
                kept.append(row)
        dropped = len(block.rows or []) - len(rows)
        if dropped and not kept:
            self.note(block.first, f"removed {dropped} empty or ruled line(s) of a text table")
        if kept:
            return Block("pipe", "", block.first, block.last, rows=kept)
        return None

    def _document(self, block: Block, report: dict, item: ItemDraft, kind: str) -> None:
        text = f"{block.label} {block.text}" if block.kind == "label" else block.text
        doc: dict = {}
        url = re.search(r"<?(https?://[^\s<>]+?)>?(?=[\s.,;)]*$|\s)", text)
        title = text
        if url:
            doc_url = url[1]
            title = text[:url.start()] + text[url.end():]
            title = re.sub(r"\s*\b(can be found at|is available at|available at|at|see)\s*$", "", title.strip(),
                           flags=re.I)
        exempt = re.search(r"\bExempt\s+Item\s*[-–—]\s*", title, re.I)
        agenda = re.search(r"\s*\((?:set out in|see|at)\s+Agenda\s+Item\s+(?P<n>[\w/.]+)\)", title, re.I)
        if agenda:
            title = title[:agenda.start()] + title[agenda.end():]
        if exempt:
            title = title[:exempt.start()] + title[exempt.end():]
        title = _norm_space(title).rstrip(" .;:")
        doc["title"] = title or text
        doc["kind"] = kind if not re.match(r"(?i)appendix", title) else "appendix"
        if url:
            doc["url"] = doc_url
        if agenda:
            doc["item"] = agenda["n"]
        if exempt:
            grounds = _exempt_ground(report.get("public", ""))
            doc["exempt"] = {"reason": grounds or "The source marks it as an exempt item and gives no ground."}
        if not _covered(text, *doc.values(), *(doc.get("exempt") or {}).values()):
            doc = {"#": Comment(f"line {block.first} as printed: {text}"), **doc}
        report.setdefault("documents", []).append(doc)
        self.fields["documents"] += 1
        if agenda and exempt:
            self.exempt_items.append((agenda["n"], title, doc["exempt"]["reason"], block.first))

    # ---- stage 6: putting it together --------------------------------------------------------------
    def run(self) -> Draft:
        lines = self._lines()
        self.exempt_items: list[tuple[str, str, str, int]] = []
        self.preamble_lines: list[Line] = []
        header = self._report_header(lines)
        report: Optional[dict] = None
        if header is not None:
            end, entries = header
            report, meta = self._report_fields(entries)
            title_entry = next((e for e in entries if e[0] == "title"), None)
            title = title_entry[1] if title_entry else "Report"
            self.front["source"] = {"kind": "report", "title": title}
            if "meeting" in meta:
                value, line_no, printed = meta["meeting"]
                self._set_body(value, line_no, printed)
            if "date" in meta:
                value, line_no, printed = meta["date"]
                date = parse_date(value)
                if date:
                    self.front["date"] = date[0]
                    self.fields["date"] = 1
                    self.front_comments.append(f"line {line_no} as printed: {printed}")
                else:
                    self.note(line_no, f"the date '{value}' could not be read; date: unknown")
                    self.front_comments.append(f"line {line_no} as printed: {printed}")
            first_header_line = entries[0][2][0].no
            self._parse_header([l for l in lines if l.no < first_header_line])
            item = ItemDraft(None, title_case(title), [title_entry[2][0].no] if title_entry else [], lines[end:])
            items = [item]
        else:
            found = self._find_items(lines, 0)
            if found:
                header_lines = lines[:found[0][0]]
            else:
                header_lines, found = self._untitled_item(lines)
            self._parse_header(header_lines)
            items = []
            for n, (index, number, title, used, body_start) in enumerate(found):
                end = found[n + 1][0] if n + 1 < len(found) else len(lines)
                body = lines[body_start:end]
                modern = _MODERNGOV.match(lines[index].text.strip())
                if modern:
                    self._modern_gov(modern, lines[index])
                if title is None:
                    title, body = self._title_from_body(number, body)
                items.append(ItemDraft(number, title_case(title), used, body))
        self._header_facts()
        for item in items:
            item_label = f"item {item.number}" if item.number else f"item '{item.title}'"
            blocks = self._blocks(item.lines, item_label)
            if report is not None and item is items[0]:
                blocks = self._report_sections(report, blocks, item)
                if report.get("reference"):
                    self.fields["report_reference"] += 1
            keep = self._item_facts(item, blocks, report if item is items[0] else None)
            item.narrative = self._narrative(keep)
            self.fields["items"] += 1
        for number, title, reason, line_no in self.exempt_items:
            if any(i.number == number for i in items):
                continue
            title = re.sub(r"^Appendix\s+\w+\s*[-–—:]\s*", "", title, flags=re.I) or title
            extra = ItemDraft(number, title_case(title), [], [])
            extra.facts["exempt"] = {"reason": reason}
            extra.notes.append(f"an exempt item made from the listing on line {line_no}; its content is not "
                               "published. Check the item number and title")
            items.append(extra)
            self.fields["items"] += 1
        self._unique_headings(items)
        self.items = items
        # the preamble: header text that is not a structured field
        self.preamble = self._narrative(self._blocks(self.preamble_lines, "the preamble")) + self.preamble
        markdown = self._markdown()
        markdown = self._safety_net(markdown, lines)
        notes = [f"line {n}: {msg}" if n else msg for n, msg in sorted(self.unparsed, key=lambda x: x[0])]
        fields = {k: v for k, v in self.fields.items()}
        fields.pop("parts", None)
        for key in ("body", "date", "attendees", "items", "decisions", "decision_verbs", "decision_parts",
                    "tables", "table_rows", "recommendations", "report_reference", "report_fields"):
            fields.setdefault(key, 0)
        return Draft(markdown, notes, fields, dict(self.people), dict(self.bodies))

    def _unique_headings(self, items: list[ItemDraft]) -> None:
        """Each item's page needs its own number or title; a repeated one is kept, but out of the heading."""
        seen: set[str] = set()
        for item in items:
            where = item.heading_lines[0] if item.heading_lines else 0
            number = item.number
            if number is None:
                match = _HEADING.match(item.title)
                number = match["number"] if match else None
            slug = slugify(number) if number else slugify(item.title) or "item"
            if slug in seen and item.number:
                item.notes.append(f"the source numbers this item {item.number}, as it does an earlier item; the "
                                  "number is left out of the heading so that the draft loads: check it")
                self.note(where, f"item number {item.number} is used twice; the second is left out of its heading")
                item.number = None
                slug = slugify(item.title) or "item"
            if not item.number and _HEADING.match(item.title):
                self.note(where, f"the unnumbered title '{item.title}' will be read as item "
                                 f"'{_HEADING.match(item.title)['number']}'; check the heading")
            n, base = 2, item.title
            while slug in seen:
                item.title = f"{base} (item {n} so titled)"
                slug = slugify(item.title) or f"item-{n}"
                n += 1
            if item.title != base:
                self.note(where, f"the heading '{base}' is used twice; the second is '{item.title}' so that the "
                                 "draft loads")
            seen.add(slug)

    def _untitled_item(self, lines: list[Line]) -> tuple[list[Line], list]:
        """No numbered items: the record is one item, titled by its first heading-like line."""
        seen = 0
        for k, line in enumerate(lines):
            if line.blank:
                continue
            seen += 1
            text = line.text.strip()
            if seen > 8:
                break
            if text.lower().rstrip(":-– ") in _DOC_LABELS or parse_date(text) or ":" in text \
                    or _HONORIFIC_RE.match(text):
                continue
            if _heading_like(text) and len(text) <= 100:
                return lines[:k], [(k, None, text, [line.no], k + 1)]
        self.note(0, "the record has no numbered items and no title line; its text is one untitled item")
        start = next((k for k, l in enumerate(lines) if not l.blank), 0)
        return lines[:0], [(0, None, "Untitled item", [], start)]

    def _title_from_body(self, number: Optional[str], body: list[Line]) -> tuple[str, list[Line]]:
        for k, line in enumerate(body[:12]):
            text = line.text.strip()
            if not text:
                continue
            if _heading_like(text) and not text.endswith(tuple(_TERMINAL)) and len(text) <= 100:
                self.note(line.no, f"the source gives no title for item {number}; the heading uses the line "
                                   f"'{text}': write the item's title")
                return text, body[:k] + body[k + 1:]
        self.note(body[0].no if body else 0, f"the source gives no title for item {number}; write one")
        return f"Item {number}", body

    def _modern_gov(self, match: re.Match, line: Line) -> None:
        date = parse_date(match["date"])
        if date and "date" not in self.front:
            self.front["date"] = date[0]
            self.fields["date"] = 1
            self.note(line.no, f"the date {match['date']} is read as day/month/year")
        if "body" not in self.front:
            self._set_body(match["body"], line.no, None)
        self.front_comments.append(f"line {line.no} as printed: {line.text.strip()}")

    def _set_body(self, name: str, line_no: int, printed: Optional[str]) -> None:
        name = title_case(_norm_space(name))
        ident = body_slug(name)
        if not re.fullmatch(m.SLUG_PATTERN, ident):
            return
        self.front["body"] = ident
        self.front["#body_name"] = Comment(f"body as printed: {name}")
        self.bodies.setdefault(ident, {"name": name, "kind": body_kind(name)})
        self.fields["body"] = 1
        if printed:
            self.front_comments.append(f"line {line_no} as printed: {printed}")

    def _header_facts(self) -> None:
        if "body" not in self.front:
            text = " ".join(l.text for l in self.preamble_lines)
            name = self._body_from_text(text)
            if name:
                self._set_body(name, 0, None)
        source = self.front.get("source")
        low = " ".join(l.text.lower() for l in self.preamble_lines)
        if source is None:
            if "record of decisions" in low:
                self.front["source"] = {"kind": "record-of-decisions"}
            elif "minutes" in low:
                self.front["source"] = {"kind": "minutes"}
        kind = (self.front.get("source") or {}).get("kind")
        if kind == "record-of-decisions":
            self.front["title"] = "Record of decisions"
        elif kind == "minutes":
            self.front["title"] = "Minutes"
        if "date" not in self.front:
            self.note(0, "no meeting date was found in the record's heading; date: unknown (never guessed)")
        if "body" not in self.front:
            self.note(0, "the record does not name the body that met; body: unknown — write the body's id")

    # ---- writing ---------------------------------------------------------------------------------
    def _narrative(self, blocks: list[Block]) -> list[str]:
        out: list[str] = []
        previous = None
        for block in blocks:
            if block.kind == "table":
                lines = ["```table", *_yaml_table(block.table), "```"]
                out += ([""] if out else []) + lines
                previous = "table"
                continue
            if block.kind == "pipe":
                out += ([""] if out else []) + [_escape(r) for r in block.rows or []]
                previous = "pipe"
                continue
            if block.kind == "heading":
                text = f"### {block.text.rstrip(':').strip()}"
            elif block.kind in ("bullet", "option"):
                text = f"- {block.text}"
            elif block.kind == "label":
                text = _escape(f"{block.label} {block.text}")
            else:
                text = _escape(block.text)
            tight = block.kind in ("bullet", "option") and previous in ("bullet", "option")
            out += ([] if tight or not out else [""]) + [text]
            previous = block.kind
        return out

    def _markdown(self) -> str:
        fm: list[str] = ["---",
                         f"# DRAFT imported from {' '.join(self.source_name.split())} by 'minutebook import': check every "
                         "value against the source before publishing.",
                         "# Notes on what could not be read are printed by the import command."]
        facts: dict = {}  # the meeting's facts; '#…' keys are comments
        if "body" in self.front:
            facts["#body"] = Comment("an id made from the printed name; use the archive's id if it already has this "
                                     "body, or create content/<authority>/bodies/<id>.yaml")
            facts["#body_name"] = self.front["#body_name"]
            facts["body"] = self.front["body"]
        else:
            facts["#body"] = Comment("the source does not name the body that met: write its id here")
            facts["body"] = "unknown"
        if "date" in self.front:
            facts["date"] = self.front["date"].isoformat()
        else:
            facts["#date"] = Comment("the source gives no date; write it as YYYY-MM-DD if known from elsewhere")
            facts["date"] = "unknown"
        if self.front.get("time"):
            facts["time"] = self.front["time"]
        kind = (self.front.get("source") or {}).get("kind")
        facts["#status"] = Comment("the importer's reading of the record: check it")
        facts["status"] = "held" if kind in ("record-of-decisions", "minutes", "issue-page") and "date" in self.front \
            else "unknown"
        if self.front.get("title"):
            facts["title"] = self.front["title"]
        if self.front.get("source"):
            facts["source"] = dict(self.front["source"])
        for comment in self.front_comments:
            facts[f"#{len(facts)}"] = Comment(comment)
        if self.front.get("attendance"):
            facts["#attendance"] = Comment(
                "person ids are the importer's: this draft will not check until each person has a file in "
                "content/<authority>/people/ (suggested at the end of these facts) or the id is changed to an "
                "existing one")
            facts["attendance"] = self.front["attendance"]
        yaml_lines = to_yaml({k: v for k, v in facts.items()})
        fm += yaml_lines
        if self.people:
            fm.append("# people files to create (content/<authority>/people/<id>.yaml):")
            for ident, person in self.people.items():
                fm.append("#   " + ident + ".yaml: " + ", ".join(f"{k}: {v}" for k, v in person.items()))
        if self.bodies:
            fm.append("# body files to create if the archive has none (content/<authority>/bodies/<id>.yaml):")
            for ident, body in self.bodies.items():
                fm.append("#   " + ident + ".yaml: " + ", ".join(f"{k}: {v}" for k, v in body.items()))
        fm.append("---")
        out = fm + [""]
        if self.preamble:
            out += self.preamble + [""]
        for item in self.items:
            heading = f"## {item.number}. {item.title}" if item.number else f"## {item.title}"
            out.append(_norm_space(heading))
            out.append("")
            facts = {}
            for n, note in enumerate(item.notes):
                facts[f"#note{n}"] = Comment(note)
            facts.update(_order(item.facts, ["reports", "decisions", "exempt"]))
            if facts:
                out += ["```yaml", *to_yaml(facts), "```", ""]
            if item.narrative:
                out += item.narrative + [""]
        return "\n".join(out).rstrip("\n") + "\n"

    def _safety_net(self, markdown: str, lines: list[Line]) -> str:
        """Any source line whose words did not reach the draft is kept, as a comment, and reported."""
        have = Counter(_tokens(markdown))
        missing_lines = []
        for line in lines:
            need = Counter(_tokens(_MARKUP.sub(" ", line.text)))
            if need - have:
                missing_lines.append(line)
            else:
                have -= need
        if not missing_lines:
            return markdown
        head, sep, rest = markdown.partition("\n---\n")
        extra = ["# lines of the source the importer could not place (kept here so that no text is lost):"]
        for line in missing_lines:
            extra.append(f"# line {line.no}: {_norm_space(line.text.replace(chr(9), ' '))}")
            self.note(line.no, "text the importer could not place; kept as a comment in the draft's facts")
            self.fields["unplaced_lines"] += 1
        return head + "\n" + "\n".join(extra) + sep + rest


# --------------------------------------------------------------------------------------------------
# helpers

def _heading_like(text: str) -> bool:
    text = text.strip()
    if not text or len(text) > 80 or not text[0].isupper() or text.endswith(tuple(_TERMINAL + ";,")):
        return False
    if text.startswith(("|", "-", "(")) or _LABEL.match(text) or _BULLET.match(text):
        return False
    words = re.findall(r"[A-Za-z][\w'’/-]*", text)
    if not words or len(words) > 12:
        return False
    if text.endswith(":"):
        return len(words) <= 8
    capital = [w for w in words if w[0].isupper()]
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    return len(capital) >= max(1, 0.75 * len(significant))


def _label_style(label: Optional[str], stack: list) -> str:
    if not label:
        return "none"
    core = label.strip("().")
    if label.startswith("(") and label.endswith(")"):
        wrap = "paren"
    elif label.endswith(")"):
        wrap = "close"
    else:
        wrap = "dot"
    if core.isdigit():
        return f"digit-{wrap}"
    if re.fullmatch(r"[ivxlc]+", core):
        # (i) after (h) is a letter, not a roman numeral
        alpha = f"alpha-{wrap}"
        for style, _siblings, last in reversed(stack):
            if style == alpha and last and len(core) == 1 and ord(last.strip("().")[-1:] or "a") + 1 == ord(core):
                return alpha
        if len(core) > 1 or core in ("i", "v", "x"):
            return f"roman-{wrap}"
    return f"alpha-{wrap}"


def _walk(parts: list[dict]):
    for part in parts:
        yield part
        yield from _walk(part.get("parts", []))


def _strip_private(parts: list[dict]) -> None:
    for part in parts:
        part.pop("_last", None)
        if "text" in part and part["text"] is not None:
            part["text"] = part["text"].strip()
        _strip_private(part.get("parts", []))


def _reorder_decision(d: dict) -> dict:
    order = ["#", "verb", "by", "text", "parts", "#reasons", "reasons", "#options", "options",
             "#alternatives_rejected", "alternatives_rejected"]
    out = {k: d[k] for k in order if k in d}
    out.update({k: v for k, v in d.items() if k not in out})
    return out


def _order_model(d: dict, cls: type) -> dict:
    """A record's keys in the model's order, each '#key' comment just before its key."""
    out: dict = {k: v for k, v in d.items() if k == "#"}
    for name in cls.model_fields:
        if f"#{name}" in d:
            out[f"#{name}"] = d[f"#{name}"]
        if name in d:
            out[name] = d[name]
    out.update({k: v for k, v in d.items() if k not in out})
    return out


def _order(d: dict, keys: list[str]) -> dict:
    out = {k: d[k] for k in keys if k in d}
    out.update({k: v for k, v in d.items() if k not in out})
    return out


def _lead_number(text: str) -> Optional[Decimal]:
    match = re.match(rf"^\s*({_NUMBER})(?:\s+\(.*\))?\s*$", text)
    return _number(match[1]) if match else None


def _cell_value(text: str, numeric: bool) -> Any:
    text = _norm_space(text)
    if text == "":
        return ""
    if re.fullmatch(r"[1-9]\d{0,2}|0", text):
        return int(text)
    value = _number(text)
    if value is not None and text.startswith("(") and text.endswith(")"):
        return {"value": int(value) if value == int(value) else str(value), "text": text}  # (500) is -500
    if value is not None:
        return text  # the model reads '1,525' as 1525 and keeps the printed text
    lead = _lead_number(text)
    if numeric and lead is not None:
        return {"value": int(lead) if lead == int(lead) else str(lead), "text": text}
    return text


def _cell_number(cell: Any) -> Optional[Decimal]:
    if isinstance(cell, dict):
        return Decimal(str(cell.get("value"))) if cell.get("value") is not None else None
    if isinstance(cell, int):
        return Decimal(cell)
    return _number(str(cell))


def _exempt_ground(public: str) -> Optional[str]:
    for sentence in re.split(r"(?<=\.)\s+", public or ""):
        if re.search(r"\bexempt\b", sentence, re.I):
            return sentence.strip()
    return None


def _escape(text: str) -> str:
    """Narrative text that markdown (or the meeting-file reader) would take for structure."""
    if text.startswith("#"):
        return "\\" + text
    if text.startswith(("```", "~~~")):
        return "\\" + text
    if re.fullmatch(r"[=\-_*\s]{3,}", text):
        return "\\" + text
    return text


def _yaml_table(data: dict) -> list[str]:
    out: list[str] = []
    for key, value in data.items():
        if isinstance(value, Comment):
            out.append(_comment(value, 0))
        elif key == "columns":
            out.append("columns:")
            for col in value:
                out.append("  - " + _flow_scalar(col))
        elif key == "rows":
            out.append("rows:")
            out += _yaml_list(value, 2, flow_rows=True)
        else:
            out += _scalar(f"{key}:", value, 0)
    return out
