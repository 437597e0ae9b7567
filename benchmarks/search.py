#!/usr/bin/env python3
"""Benchmark of the static search index: the build stage alone, then what a browser fetches per query.

    .venv/bin/python benchmarks/search.py                       # ≥ 50,000 decisions (11,200 meetings), 1 repetition
    .venv/bin/python benchmarks/search.py --meetings 1000       # a quick run; 3 repetitions, the median quoted

A measurement, not a test: it prints the figures beside the targets and marks the ones missed, and
exits 0 either way (non-zero only when it cannot measure at all).

1. Writes (or reuses, keyed by --meetings and --seed) the demo archive under
   <workdir>/corpus/m<N>-s<S>/content, the same folder benchmarks/run.py uses.
2. Times the search stage alone in a child process (peak RSS and CPU from os.wait4's rusage):
   read_archive (reported, not counted as index time), Index(...) (whoosh), export() written through
   StagedOutput under <site>/search/ exactly as build_site writes it, and relate(). Counts the files
   and bytes written under search/.
3. Serves <site> (plus the search scripts and a tiny harness page, <site>/bench/index.html) to
   Debian's headless Chromium and, for a fixed list of queries, each in a fresh browser context after
   root.json is loaded, counts the bytes and requests the browser made (raw, and gzip-compressed as a
   static host would send JSON and JavaScript; .bin files count raw in both), and checks the browser's
   top 10 against generator.index.search's top 10: same documents, same order.

Every Minutebook module and script used comes from a snapshot of generator/, templates/ and schemas/
taken at the start (<workdir>/search/snapshot), so that the Python index and search.js being edited
while the benchmark runs cannot make the two sides disagree.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import hashlib
import http.server
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Optional

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from run import BUILD_DATE, ensure_corpus, git_revision, log, median, require_minutebook  # noqa: E402  (run.py)

DEFAULT_MEETINGS = 11_200  # the demo writes ~4.5 decisions a meeting: 11,200 meetings → 50,897 decisions (seed 1)
KB = 1000                  # targets in kilobytes of 1,000 bytes (the stricter reading)
TARGET_BEFORE_KB = 10
TARGET_ONE_WORD_KB = 25
TARGET_TWO_WORDS_KB = 60
TARGET_FILES = 20_000
TARGET_INDEX_EXPORT_S = 120
GZIP_LEVEL = 6             # what nginx's gzip_comp_level and most static hosts use by default
SEARCH_FOLDERS = ("whoosh", "dict", "post", "pos", "words", "docs")

# The fixed queries. Words are the demo archive's own vocabulary (generator/demo.py), chosen by their
# document frequency in the seed-1 archive; each run prints the frequency it finds.
# (label, query, filters, target category)
QUERIES: list[tuple[str, str, dict, str]] = [
    ("one word, rare", "bitumen", {}, "one"),
    ("one word, medium", "licensing", {}, "one"),
    ("one word, frequent", "council", {}, "one"),
    ("two words", "parking charges", {}, "two"),
    ("phrase", '"capital programme"', {}, "two*"),
    ("type-ahead prefix", "procurem", {}, "two*"),   # "procur" itself is a stem in the index: a term, not a prefix
    ("explicit prefix", "plan*", {}, "two*"),
    ("word + authority", "licensing", {"authority": "@authority"}, "two"),
    ("word + year", "licensing", {"year": "@year"}, "two"),
    ("word + verb", "licensing", {"verb": "APPROVED"}, "two"),
]


# --------------------------------------------------------------------------------------------
# The code snapshot
# --------------------------------------------------------------------------------------------

def snapshot(workdir: Path, reuse: bool) -> tuple[Path, str]:
    """<workdir>/search/snapshot: generator/, templates/, schemas/ as they are now; returns it and a hash."""
    snap = workdir / "search" / "snapshot"
    if not (reuse and (snap / "generator").is_dir()):
        shutil.rmtree(snap, ignore_errors=True)
        for name in ("generator", "templates", "schemas"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, snap / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        (snap / "snapshot.json").write_text(json.dumps({
            "git": git_revision(), "taken_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}) + "\n")
    digest = hashlib.sha256()
    for path in sorted(p for p in snap.rglob("*")
                       if p.is_file() and "__pycache__" not in p.parts and p.name != "snapshot.json"):
        digest.update(path.relative_to(snap).as_posix().encode() + b"\0" + path.read_bytes())
    return snap, digest.hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# 2. The search stage, in a child process
# --------------------------------------------------------------------------------------------

def stage(content: Path, site_dir: Path, build_date: str, result: Path) -> None:
    """The child: read the archive, then index, export and relate as build_site does; figures → result."""
    import resource
    from generator.cli import read_archive
    from generator.index import Index
    from generator.write import StagedOutput

    t0 = time.perf_counter()
    site, problems = read_archive(content, dt.date.fromisoformat(build_date))
    t1 = time.perf_counter()
    rss_after_read = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    staged = StagedOutput(site_dir)
    try:
        index = Index(site, staged.folder("search/whoosh"))
        t2 = time.perf_counter()
        for path, data in index.export():
            staged.write_bytes(f"search/{path}", data)
        staged.commit()
        t3 = time.perf_counter()
        index.relate()
        t4 = time.perf_counter()
    except BaseException:
        staged.discard()
        raise
    meetings = [m for a in site.authorities for b in a.bodies for m in b.meetings]
    items = [i for m in meetings for i in m.items]
    kinds: dict[str, int] = {}
    for doc in index.docs:
        kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    result.write_text(json.dumps({
        "read_s": t1 - t0, "index_s": t2 - t1, "export_s": t3 - t2, "relate_s": t4 - t3,
        "rss_after_read_mb": rss_after_read / 1024,
        "errors": len(problems.errors), "warnings": len(problems.warnings),
        "meetings": len(meetings), "items": len(items), "exempt_items": sum(i.exempt is not None for i in items),
        "decisions": sum(len(i.decisions) for i in items), "documents": len(index.docs), "kinds": kinds,
        "authorities": [a.id for a in site.authorities],
    }) + "\n")


def timed_stage(code: Path, content: Path, site_dir: Path, build_date: str, logfile: Path) -> dict:
    """Run `stage` in a child (this script, with the snapshot first on its path); wall, CPU, peak RSS."""
    result = site_dir.parent / "stage.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stage", str(content), str(site_dir), build_date,
           str(result)]
    env = {**os.environ, "PYTHONPATH": str(code) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with open(logfile, "ab") as out:
        out.write(("$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=code, env=env, stdout=out, stderr=subprocess.STDOUT,
                                 stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        tail = logfile.read_text(errors="replace").splitlines()[-20:]
        raise SystemExit(f"the search stage failed; the end of {logfile}:\n" + "\n".join(tail))
    figures = json.loads(result.read_text())
    figures.update(wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime, peak_rss_mb=usage.ru_maxrss / 1024)
    figures["index_export_s"] = figures["index_s"] + figures["export_s"]
    figures["search_stage_s"] = figures["index_export_s"] + figures["relate_s"]
    return figures


def count_files(search: Path) -> dict:
    """Files and bytes under search/, by folder (whoosh/, dict/, post/, pos/, words/, docs/, the rest)."""
    groups = {name: [0, 0] for name in (*SEARCH_FOLDERS, "rest")}
    for folder, _, names in os.walk(search):
        top = Path(folder).relative_to(search).parts
        group = top[0] if top and top[0] in SEARCH_FOLDERS else "rest"
        for name in names:
            groups[group][0] += 1
            groups[group][1] += os.path.getsize(os.path.join(folder, name))
    return {"groups": {k: {"files": f, "bytes": b} for k, (f, b) in groups.items()},
            "files": sum(f for f, _ in groups.values()), "bytes": sum(b for _, b in groups.values())}


# --------------------------------------------------------------------------------------------
# 3. The browser
# --------------------------------------------------------------------------------------------

HARNESS = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>search benchmark</title>
<!-- the search page's own script (it does nothing without #search), then the module under test -->
<script type="module" src="../assets/search/page.js"></script>
<script type="module">
import * as search from "../assets/search/search.js";
window.bench = search;
</script>
</head>
<body></body>
</html>
"""


class Log:
    """What the server sent: (path, body bytes) per request, recorded before the body is written."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: list[tuple[str, bytes]] = []
        self.failed: list[tuple[str, int]] = []

    def take(self) -> tuple[list[tuple[str, bytes]], list[tuple[str, int]]]:
        with self.lock:
            sent, failed = self.sent, self.failed
            self.sent, self.failed = [], []
            return sent, failed


class _Recording:
    """Mixed into tests/browser.py's RangeHandler: a static host that answers range requests, as
    GitHub Pages, Netlify, S3 and nginx do, and records what it sent."""

    record: Log

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        with self.record.lock:
            self.record.sent.append((self.path.split("?")[0], data))
        outputfile.write(data)

    def send_error(self, code, message=None, explain=None) -> None:
        with self.record.lock:
            self.record.failed.append((self.path, code))
        super().send_error(code, message, explain)

    def log_message(self, *args) -> None:
        pass


def serve(root: Path, record: Log):
    sys.path.insert(0, str(REPO / "tests"))
    from browser import RangeHandler
    handler = functools.partial(type("Handler", (_Recording, RangeHandler), {"record": record}), directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def sizes(sent: list[tuple[str, bytes]]) -> dict:
    """Requests, raw bytes and gzip bytes (.bin raw in both), and the files by name."""
    raw = gz = 0
    files = []
    for path, data in sent:
        z = len(data) if path.endswith(".bin") else len(gzip.compress(data, GZIP_LEVEL, mtime=0))
        raw += len(data)
        gz += z
        files.append([path, len(data), z])
    return {"requests": len(sent), "raw": raw, "gzip": gz, "files": files}


def browser_queries(code: Path, site_dir: Path, queries: list[tuple[str, str, dict, str]]) -> dict:
    sys.path.insert(0, str(REPO / "tests"))
    from browser import browser  # tests/browser.py: Debian's chromium through Playwright
    from generator.index import search as reference
    from generator.render import assets as site_assets  # the scripts as the build writes them (minified)

    assets = site_dir / "assets" / "search"
    shutil.rmtree(assets, ignore_errors=True)
    assets.mkdir(parents=True)
    for name, data in site_assets(code / "templates" / "assets" / "search"):
        (assets / name).write_bytes(data)
    (site_dir / "bench").mkdir(exist_ok=True)
    (site_dir / "bench" / "index.html").write_text(HARNESS, encoding="utf-8")

    record = Log()
    server, base = serve(site_dir, record)
    out: dict[str, Any] = {"queries": []}
    try:
        with browser() as b:
            exports = b.new_context().new_page()
            exports.goto(f"{base}/bench/index.html")
            exports.wait_for_function("window.bench !== undefined", timeout=30_000)
            out["exports"] = exports.evaluate("Object.keys(window.bench).sort()")
            exports.context.close()
            record.take()
            missing = [f for f in ("openIndex", "runQuery", "loadRecords") if f not in out["exports"]]
            if missing:
                out["missing"] = missing
                return out
            for label, text, filters, category in queries:
                context = b.new_context()
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(f"{base}/bench/index.html")
                page.wait_for_function("window.bench !== undefined", timeout=30_000)
                page.evaluate("async () => { window.ix = await window.bench.openIndex('/search/'); }")
                sent, failed = record.take()
                harness = [s for s in sent if s[0].startswith("/bench/")]
                before = sizes([s for s in sent if not s[0].startswith("/bench/")])
                # As the search page runs it: facet counts only when a filter is in use (the filters
                # are then open); opening them on an unfiltered search is measured after the records.
                found = page.evaluate("""async ([text, filters]) => {
                    const t0 = performance.now();
                    const counts = Object.keys(filters).length > 0;
                    const r = await window.bench.runQuery(window.ix, text, { filters, sort: "relevance", counts });
                    const ms = performance.now() - t0;
                    const top = r.hits.slice(0, 10);
                    return { total: r.total, docnums: top.map((h) => h.docnum), scores: top.map((h) => h.score),
                             unknown: r.unknown, ignored: r.ignored, expanded: r.expanded, ms };
                }""", [text, filters])
                query_sent, query_failed = record.take()
                urls = page.evaluate("""async (docnums) =>
                    (await window.bench.loadRecords(window.ix, docnums)).map((r) => r.u)""", found["docnums"])
                records_sent, records_failed = record.take()
                page.evaluate("""async ([text, filters]) => {
                    await window.bench.runQuery(window.ix, text, { filters, sort: "relevance", counts: true });
                }""", [text, filters])
                counts_sent, counts_failed = record.take()
                context.close()
                expected = reference(site_dir, text, filters or None, "relevance", 10)
                py = {"total": expected.total, "docnums": [h.docnum for h in expected.hits],
                      "urls": [h.url for h in expected.hits], "scores": [h.score for h in expected.hits],
                      "unknown": expected.unknown, "expanded": expected.expanded}
                same = (found["docnums"] == py["docnums"] and urls == py["urls"])
                out["queries"].append({
                    "label": label, "query_string": text, "filters": filters, "category": category,
                    "before": before, "harness_bytes": sum(len(d) for _, d in harness),
                    "query": sizes(query_sent), "records": sizes(records_sent), "counts": sizes(counts_sent),
                    "failed": failed + query_failed + records_failed + counts_failed, "page_errors": errors,
                    "browser": {**found, "urls": urls}, "python": py, "same_top10": same,
                    "same_total": found["total"] == py["total"],
                })
                log(f"    {label:<20} {text!r:<22} {json.dumps(filters):<26} {found['total']:>7,} hits, "
                    f"{(out['queries'][-1]['query']['gzip'] + out['queries'][-1]['records']['gzip']) / KB:.1f} KB gz, "
                    f"top 10 {'same' if same else 'DIFFERENT'}")
    finally:
        server.shutdown()
        server.server_close()
    return out


def document_frequencies(site_dir: Path, words: list[str]) -> dict[str, dict]:
    """Per word: its stem, df in title and body (whoosh), and the documents a query of it matches."""
    from whoosh import index as whoosh_index
    from generator.index import ANALYZER, FIELDS, search as reference
    ix = whoosh_index.open_dir(str(site_dir / "search" / "whoosh"))
    found = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for word in words:
            terms = [t.text for t in ANALYZER(word)]
            stem = terms[0] if len(terms) == 1 else None
            df = [reader.doc_frequency(f, stem) for f in FIELDS] if stem else [None, None]
            found[word] = {"stem": stem, "df_title": df[0], "df_body": df[1],
                           "matches": reference(site_dir, word, None, "relevance", 0).total}
    return found


def resolve_filters(stage_figures: dict, site_dir: Path) -> list[tuple[str, str, dict, str]]:
    """@authority: the authority with most matches of the filtered word; @year: its median year, by docs."""
    from generator.index import search as reference
    resolved = []
    for label, text, filters, category in QUERIES:
        filters = dict(filters)
        if filters.get("authority") == "@authority" or filters.get("year") == "@year":
            hits = reference(site_dir, text, None, "relevance", None).hits
            root = json.loads((site_dir / "search" / "root.json").read_text())
            years: dict[str, int] = {}
            authorities: dict[str, int] = {}
            for hit in hits:
                year = next((y for first, y in reversed(root["years"]) if first <= hit.docnum), None)
                if year is not None:
                    years[str(year)] = years.get(str(year), 0) + 1
                authorities[hit.url.split("/")[0]] = authorities.get(hit.url.split("/")[0], 0) + 1
            if filters.get("authority") == "@authority":
                filters["authority"] = max(sorted(authorities), key=lambda a: authorities[a])
            if filters.get("year") == "@year":
                filters["year"] = max(sorted(years), key=lambda y: years[y])
        resolved.append((label, text, filters, category))
    return resolved


# --------------------------------------------------------------------------------------------
# 4. The report
# --------------------------------------------------------------------------------------------

def mark(ok: Optional[bool]) -> str:
    return {True: "ok", False: "MISSED", None: "–"}[ok]


def print_report(report: dict) -> None:
    s, c, f = report["stage"], report["counts"], report["files"]
    print()
    print(f"Minutebook search benchmark: demo --meetings {report['meetings']:,} --seed {report['seed']}; "
          f"{s['runs']} repetition(s) of the search stage, median quoted")
    print(f"command: {report['command']}")
    print(f"machine: {report['machine']['cpus']} CPUs, load average {report['machine']['loadavg_before'][0]} before, "
          f"{report['machine']['loadavg_after'][0]} after; python {report['machine']['python']}")
    print(f"code: snapshot {report['code']['sha']} of {report['code']['git']}")
    print(f"archive: {c['meetings']:,} meetings, {c['items']:,} items ({c['exempt_items']:,} exempt, not indexed), "
          f"{c['decisions']:,} decisions; {c['documents']:,} indexed documents "
          f"({', '.join(f'{v:,} {k}s' for k, v in c['kinds'].items())}); "
          f"{c['errors']} errors, {c['warnings']} warnings from read_archive")
    print()
    print("Search stage (child process; wall seconds, median"
          + (f" of {s['runs']}: " + ", ".join(f"{x:.1f}" for x in s["all_search_stage_s"]) + " for the stage"
             if s["runs"] > 1 else "") + ")")
    rows = [
        ("read_archive (not index time)", f"{s['read_s']:.1f} s", ""),
        ("index build (Index(...), whoosh)", f"{s['index_s']:.1f} s", ""),
        ("export, written under search/", f"{s['export_s']:.1f} s", ""),
        ("index + export", f"{s['index_export_s']:.1f} s",
         f"≤ {TARGET_INDEX_EXPORT_S} s  {mark(s['index_export_s'] <= TARGET_INDEX_EXPORT_S)}"),
        ("relate()", f"{s['relate_s']:.1f} s", ""),
        ("total: index + export + relate", f"{s['search_stage_s']:.1f} s", ""),
        ("whole child (incl. read_archive)", f"{s['wall_s']:.1f} s wall, {s['cpu_s']:.1f} s CPU", ""),
        ("peak RSS (child, whole run)", f"{s['peak_rss_mb']:,.0f} MB", ""),
        ("  of which after read_archive", f"{s['rss_after_read_mb']:,.0f} MB", ""),
    ]
    for name, value, target in rows:
        print(f"  {name:<34} {value:>28}   {target}")
    print()
    print(f"Files under search/ ({f['files']:,} files, {f['bytes'] / 1e6:,.1f} MB; "
          f"target < {TARGET_FILES:,} files: {mark(f['files'] < TARGET_FILES)})")
    for name, g in f["groups"].items():
        print(f"  {name + '/' if name != 'rest' else 'the rest':<10} {g['files']:>8,} files {g['bytes'] / 1e6:>9.1f} MB")
    static = f["files"] - f["groups"]["whoosh"]["files"]
    print(f"  {'(static)':<10} {static:>8,} files {(f['bytes'] - f['groups']['whoosh']['bytes']) / 1e6:>9.1f} MB"
          "  (what the browser may fetch: all but whoosh/)")

    b = report.get("browser") or {}
    print()
    if not b:
        print("Browser: skipped")
        return
    if b.get("missing"):
        print(f"Browser: search.js does not export {', '.join(b['missing'])} (it exports {', '.join(b['exports'])}); "
              "no queries measured")
        return
    print("Word frequencies (whoosh: documents with the stem in the title / body; documents a query of it matches)")
    for word, d in report["words"].items():
        print(f"  {word:<12} stem {d['stem']!s:<10} df title {d['df_title']!s:>6}  body {d['df_body']!s:>7}  "
              f"matches {d['matches']:>7,}")
    q0 = b["queries"][0]["before"]
    print()
    print(f"Before the first search (scripts + root.json, fresh context; 1 KB = 1,000 bytes; "
          f"gzip level {GZIP_LEVEL}, .bin raw): {q0['requests']} requests, {q0['raw'] / KB:.1f} KB raw, "
          f"{q0['gzip'] / KB:.1f} KB gzip; target ≤ {TARGET_BEFORE_KB} KB: "
          f"gzip {mark(q0['gzip'] <= TARGET_BEFORE_KB * KB)}, raw {mark(q0['raw'] <= TARGET_BEFORE_KB * KB)}")
    for path, raw, gz in q0["files"]:
        print(f"    {path:<32} {raw:>8,} B raw {gz:>8,} B gzip")
    core = [x for x in q0["files"] if not x[0].endswith("/page.js")]
    print(f"    without page.js (the search page's UI script): {sum(x[1] for x in core) / KB:.1f} KB raw, "
          f"{sum(x[2] for x in core) / KB:.1f} KB gzip")
    print()
    print("Per query, each in a fresh context after root.json: bytes the browser fetched (KB), for the query "
          "(runQuery as the search page runs it: dict, words, post, pos, and facets only when filtered) and for "
          "the top 10's display records (loadRecords: docs/); then, apart, what opening the filters adds "
          "(the counts: facets.json and the facets of one term)")
    header = (f"{'query':<20} {'text':<22} {'filter':<20} {'hits':>7} {'req':>4} {'query raw':>9} {'gz':>6} "
              f"{'+recs raw':>9} {'gz':>6} {'total raw':>9} {'gz':>6} {'target':>7} {'gz':>6} {'raw':>6} "
              f"{'top10':>6} {'ms':>5} {'+counts gz':>10}")
    print(header)
    print("-" * len(header))
    targets = {"one": TARGET_ONE_WORD_KB, "two": TARGET_TWO_WORDS_KB, "two*": TARGET_TWO_WORDS_KB}
    for q in b["queries"]:
        t = targets[q["category"]]
        raw = q["query"]["raw"] + q["records"]["raw"]
        gz = q["query"]["gzip"] + q["records"]["gzip"]
        filt = ",".join(f"{k}={v}" for k, v in q["filters"].items()) or "–"
        print(f"{q['label']:<20} {q['query_string']:<22} {filt:<20} "
              f"{q['browser']['total']:>7,} {q['query']['requests'] + q['records']['requests']:>4} "
              f"{q['query']['raw'] / KB:>9.1f} {q['query']['gzip'] / KB:>6.1f} "
              f"{q['records']['raw'] / KB:>9.1f} {q['records']['gzip'] / KB:>6.1f} {raw / KB:>9.1f} {gz / KB:>6.1f} "
              f"{'≤ ' + str(t) + ('*' if q['category'] == 'two*' else ''):>7} {mark(gz <= t * KB):>6} "
              f"{mark(raw <= t * KB):>6} {'same' if q['same_top10'] else 'DIFF':>6} {q['browser']['ms']:>5.0f} "
              f"{q['counts']['gzip'] / KB:>10.1f}")
    print("targets: ≤ 25 KB one word; ≤ 60 KB two words or one filter (* a phrase or a prefix: no target was "
          "set; shown against two words'); verdicts on the total (query + the top 10's records), gzip and raw")
    same = all(q["same_top10"] for q in b["queries"])
    print(f"top 10 identical to generator.index.search on every query: {mark(same)}"
          + ("" if all(q["same_total"] for q in b["queries"]) else "; totals differ on some queries (below)"))
    for q in b["queries"]:
        notes = []
        if q["browser"]["expanded"]:
            notes.append("expanded " + json.dumps(q["browser"]["expanded"]))
        if q["browser"]["unknown"]:
            notes.append("unknown " + json.dumps(q["browser"]["unknown"]))
        if q["failed"]:
            notes.append(f"failed requests {q['failed']}")
        if q["page_errors"]:
            notes.append(f"page errors {q['page_errors']}")
        if not q["same_top10"] or not q["same_total"]:
            notes.append(f"browser total {q['browser']['total']}, docnums {q['browser']['docnums']}, urls "
                         f"{q['browser']['urls']}, scores {q['browser']['scores']}; python total {q['python']['total']}, "
                         f"docnums {q['python']['docnums']}, urls {q['python']['urls']}, scores {q['python']['scores']}")
        if notes:
            print(f"  {q['label']} ({q['query_string']}): " + "; ".join(notes))
    print()
    print("Files fetched per query (path, raw B, gzip B):")
    for q in b["queries"]:
        listed = lambda files: ", ".join(f"{p.removeprefix('/search/')} {r:,}/{z:,}" for p, r, z in files)  # noqa: E731
        opening = q["counts"]["files"]
        print(f"  {q['label']}: " + listed(q["query"]["files"] + q["records"]["files"])
              + (f"; opening the filters: {listed(opening)}" if opening else ""))


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--stage":
        _, _, content, site_dir, build_date, result = sys.argv
        stage(Path(content), Path(site_dir), build_date, Path(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=DEFAULT_MEETINGS,
                        help=f"meetings in the demo archive (default {DEFAULT_MEETINGS:,}: ≥ 50,000 decisions)")
    parser.add_argument("--seed", type=int, default=1, help="demo seed (default 1)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="timed repetitions of the search stage; the median is quoted "
                             "(default 3 below 3,000 meetings, else 1)")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("MINUTEBOOK_BENCH_DIR",
                                                                             "/tmp/minutebook-bench")),
                        help="corpora, the code snapshot, the built index and results "
                             "(default /tmp/minutebook-bench, or $MINUTEBOOK_BENCH_DIR)")
    parser.add_argument("--fresh", action="store_true", help="rewrite the demo archive even if cached")
    parser.add_argument("--reuse-snapshot", action="store_true",
                        help="use the previous run's copy of the code (<workdir>/search/snapshot)")
    parser.add_argument("--skip-browser", action="store_true", help="time the stage only; no Chromium")
    parser.add_argument("--build-date", default=BUILD_DATE, help=f"read_archive's build date (default {BUILD_DATE})")
    args = parser.parse_args()
    repeat = args.repeat if args.repeat is not None else (3 if args.meetings < 3000 else 1)
    if repeat < 1:
        parser.error("--repeat must be at least 1")
    workdir = args.workdir.resolve()
    if workdir == REPO or REPO in workdir.parents:
        parser.error(f"--workdir {workdir} is inside the repository; keep corpora and indexes outside it")
    require_minutebook()
    (workdir / "search").mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()

    code, sha = snapshot(workdir, args.reuse_snapshot)
    sys.path.insert(0, str(code))  # generator.index for the reference answers: the snapshot's
    taken = json.loads((code / "snapshot.json").read_text())
    log(f"code: snapshot {sha} of {taken['git']} in {code}")
    content, _ = ensure_corpus(workdir, args.meetings, args.seed, args.fresh, code)

    run_dir = workdir / "search" / f"m{args.meetings}-s{args.seed}"
    run_dir.mkdir(parents=True, exist_ok=True)
    site_dir = run_dir / "site"
    logfile = run_dir / "stage.log"
    logfile.unlink(missing_ok=True)
    runs = []
    for n in range(repeat):
        shutil.rmtree(site_dir, ignore_errors=True)  # not timed
        log(f"[{n + 1}/{repeat}] search stage: read_archive, Index, export, relate …")
        figures = timed_stage(code, content, site_dir, args.build_date, logfile)
        runs.append(figures)
        log(f"    read {figures['read_s']:.1f}s, index {figures['index_s']:.1f}s, export {figures['export_s']:.1f}s, "
            f"relate {figures['relate_s']:.1f}s; peak RSS {figures['peak_rss_mb']:,.0f} MB")
    keys = ("read_s", "index_s", "export_s", "relate_s", "index_export_s", "search_stage_s", "wall_s", "cpu_s",
            "peak_rss_mb", "rss_after_read_mb")
    stage_summary = {k: median([r[k] for r in runs]) for k in keys}
    stage_summary.update(runs=len(runs), all_search_stage_s=[round(r["search_stage_s"], 2) for r in runs])
    counts = {k: runs[-1][k] for k in ("meetings", "items", "exempt_items", "decisions", "documents", "kinds",
                                        "errors", "warnings")}
    files = count_files(site_dir / "search")
    log(f"archive: {counts['meetings']:,} meetings, {counts['items']:,} items, {counts['decisions']:,} decisions, "
        f"{counts['documents']:,} indexed documents; {files['files']:,} files under search/")

    report: dict[str, Any] = {
        "command": ".venv/bin/python benchmarks/search.py " + " ".join(sys.argv[1:]),
        "meetings": args.meetings, "seed": args.seed, "content": str(content), "site": str(site_dir),
        "code": {"sha": sha, **taken},
        "stage": stage_summary, "runs": runs, "counts": counts, "files": files,
    }
    if not args.skip_browser:
        queries = resolve_filters(runs[-1], site_dir)
        words = list(dict.fromkeys(w for _, text, _, _ in queries
                                   for w in text.replace('"', " ").replace("*", " ").split()))
        report["words"] = document_frequencies(site_dir, words)
        log("browser: one fresh context per query …")
        report["browser"] = browser_queries(code, site_dir, queries)
    report["machine"] = {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                         "loadavg_before": [round(x, 2) for x in load_before],
                         "loadavg_after": [round(x, 2) for x in os.getloadavg()]}
    path = workdir / "search" / f"results-m{args.meetings}-s{args.seed}.json"
    path.write_text(json.dumps(report, indent=1, default=str) + "\n")
    print_report(report)
    print(f"\nresults: {path}")


if __name__ == "__main__":
    main()
