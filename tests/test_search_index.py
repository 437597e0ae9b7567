"""The search index: what whoosh indexes, what the static export holds, and `minutebook search`.

`StaticIndex` below reads only the exported files, as the browser does, and follows the rules of
docs/search-format.md; comparing it with whoosh on many queries proves that the export carries
enough to rank exactly as whoosh does (scores equal to the last bit), independently of the
browser's script (tests/test_search_browser.py compares the browser with whoosh too).
"""
from __future__ import annotations

import base64
import bisect
import json
import struct
import zlib
from collections import Counter
from itertools import accumulate
from pathlib import Path
from typing import Optional

import pytest
from hypothesis import given, settings, strategies as st

from conftest import BUILD_DATE, minutebook
from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer

from generator.index import FIELDS, Searcher, dict_shard, parse, search

QUERIES = [
    "council", "children", "ofsted", "procurement", "ICS procurement", "children social care",
    "budget savings review", "report", '"integrated children"', '"social care"', "procur", "procurem",
    "chil", "the", "the council", "xyzzy", "council xyzzy", "co-ordination", "2010/11", "CS17089",
    "agreed recommendations", "executive decision report", '"children" services', "plan*", "safeguard*",
    "school transport consultation", "housing", "libraries budget", "waste collection", "councillor",
]


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


class StaticIndex:
    """The browser's side of docs/search-format.md, in Python, over the exported files only."""

    def __init__(self, output: Path):
        self.base = output / "search"
        self.root = self._json("root.json")
        self.searcher = Searcher(output)  # only for parsing and prefix expansion, which read words/ shards

    def _json(self, path: str):
        return json.loads((self.base / path).read_text(encoding="utf-8"))

    def entry(self, term: str):
        return self._json(f"dict/{dict_shard(term, self.root['dict_shards'])}.json").get(term)

    def postings(self, term: str) -> dict[int, list]:
        """docnum → [title score or None, body score or None, title positions, body positions]."""
        entry = self.entry(term)
        if entry is None:
            return {}
        if isinstance(entry[2], int):
            file = (self.base / f"post/{entry[2]}.bin").read_bytes()
            data = zlib.decompress(file[entry[3]:entry[3] + entry[4]])
            facets = zlib.decompress(file[entry[3] + entry[4]:])
            pos = zlib.decompress((self.base / f"pos/{entry[2]}.bin").read_bytes())
        else:
            data, pos, facets = (base64.b64decode(x) for x in entry[2:5])
        at = 0
        tables = []
        for _ in FIELDS:
            n, at = _varint(data, at)
            tables.append(struct.unpack_from(f"<{n}d", data, at))
            at += 8 * n
        n, at = _varint(data, at)
        docnums, docnum = [], 0
        for _ in range(n):
            delta, at = _varint(data, at)
            docnums.append(docnum := docnum + delta)
        scores = [[], []]
        for f in range(2):
            for _ in range(n):
                idx, at = _varint(data, at)
                scores[f].append(tables[f][idx - 1] if idx else None)
        assert at == len(data)
        orgs, flags, at = [], [], 0
        for column in (orgs, flags):
            for _ in range(n):
                value, at = _varint(facets, at)
                column.append(value)
        found, p = {}, 0
        for j, docnum in enumerate(docnums):
            row: list = [scores[0][j], scores[1][j], [], []]
            for f in range(2):
                if row[f] is not None:
                    count, p = _varint(pos, p)
                    last = 0
                    for _ in range(count):
                        d, p = _varint(pos, p)
                        last += d
                        row[2 + f].append(last)
            wards = []
            if flags[j] & 8:
                count, at = _varint(facets, at)
                for _ in range(count):
                    ward, at = _varint(facets, at)
                    wards.append(ward)
            found[docnum] = row + [orgs[j], flags[j], wards]
        assert at == len(facets) and p == len(pos)
        return found

    def top(self, term: str) -> tuple[list[tuple[int, float]], list]:
        """The top section of a frequent term's postings file: its best documents, and facet counts."""
        entry = self.entry(term)
        data = (self.base / f"post/{entry[2]}.bin").read_bytes()[:entry[3]]
        n, at = _varint(data, 0)
        best = []
        for _ in range(n):
            docnum, at = _varint(data, at)
            best.append((docnum, struct.unpack_from("<d", data, at)[0]))
            at += 8
        counts = []
        for _ in range(4):  # orgs, year runs, verbs, wards
            n, at = _varint(data, at)
            pairs = {}
            for _ in range(n):
                value, at = _varint(data, at)
                pairs[value], at = _varint(data, at)
            counts.append(pairs)
        key, at = _varint(data, at)
        kinds = []
        for _ in range(4):
            k, at = _varint(data, at)
            kinds.append(k)
        assert at == len(data)
        return best, counts + [key, kinds]

    def search(self, text: str) -> list[tuple[int, float]]:
        parts = parse(text)
        df = lambda t: [e[0], e[1]] if (e := self.entry(t)) else [0, 0]  # noqa: E731
        last = parts[-1] if parts else None
        if (last and not text[-1].isspace() and last.kind == "term" and not last.quoted and len(last.terms) == 1
                and sum(df(last.terms[0])) == 0):
            from generator.index import _words
            last.kind, last.text, last.terms = "prefix", _words(last.text)[0], []
        groups = []  # (estimate, {docnum: score})
        for part in parts:
            if part.kind == "prefix":
                if len(part.text) < self.root["prefix"]["min"]:
                    continue
                stems = [s for s, _ in self.searcher.expand(part.text)]
                if not stems:
                    return []
                scored = [self._term(s) for s in stems]
                merged: dict[int, float] = {}
                for _, scores in scored:
                    for d, s in scores.items():
                        merged[d] = merged[d] + s if d in merged else s
                groups.append((self._or_estimate([e for e, _ in scored]), merged))
            elif not part.terms:
                continue
            elif part.kind == "term":
                if sum(df(part.terms[0])) == 0:
                    return []
                groups.append(self._term(part.terms[0]))
            else:
                groups.append(self._phrase(part.terms))
                if not groups[-1][1] and groups[-1][0] == 0:
                    return []
        if not groups:
            return []
        # And: whoosh's make_weighted_tree with weight -estimate
        items = sorted(([-e, scores] for e, scores in groups), key=lambda x: x[0])
        while len(items) > 1:
            (wa, a), (wb, b) = items.pop(0), items.pop(0)
            merged = {d: a[d] + b[d] for d in a if d in b}
            w = wa + wb
            at = next((i for i, (wi, _) in enumerate(items) if wi > w), len(items))
            items.insert(at, [w, merged])
        return sorted(items[0][1].items(), key=lambda ds: (-ds[1], ds[0]))

    def _term(self, term: str) -> tuple[int, dict[int, float]]:
        entry = self.entry(term)
        scores = {}
        for d, (ts, bs, *_) in self.postings(term).items():
            scores[d] = ts + bs if ts is not None and bs is not None else ts if ts is not None else bs
        return self._or_estimate([df for df in entry[:2] if df]), scores

    def _or_estimate(self, estimates: list[int]) -> int:
        """whoosh's estimate of an Or is the sum of its parts', at most the number of documents."""
        return estimates[0] if len(estimates) == 1 else min(sum(estimates), self.root["docs"])

    def _phrase(self, terms: list[str]) -> tuple[int, dict[int, float]]:
        lists = [self.postings(t) for t in terms]
        entries = [self.entry(t) or [0, 0] for t in terms]
        estimates, result = [], {}
        for f in range(2):
            if not all(e[f] for e in entries):
                continue
            estimates.append(min(e[f] for e in entries))
            for d in set.intersection(*(set(d for d, row in lst.items() if row[f] is not None) for lst in lists)):
                starts = set(lists[0][d][2 + f])
                for k, lst in enumerate(lists[1:], 1):
                    starts &= {p - k for p in lst[d][2 + f]}
                if starts:
                    score = _tree([lst[d][f] for lst in lists])
                    result[d] = result[d] + score if d in result else score
        return (self._or_estimate(estimates) if estimates else 0), result


def _tree(scores: list[float]) -> float:
    """whoosh's make_binary_tree of IntersectionMatchers: left half + right half."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _tree(scores[:half]) + _tree(scores[half:])


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    result = minutebook("demo", "--meetings", "150", "--seed", "3", "--content", str(root / "content"))
    assert result.returncode == 0, result.stderr
    result = minutebook("build", "--content", str(root / "content"), "--output", str(root / "output"),
                        "--build-date", BUILD_DATE)
    assert result.returncode == 0, result.stderr
    return root / "output"


@pytest.mark.parametrize("which", ["sample", "demo"])
def test_the_exported_files_rank_exactly_as_whoosh_does(which, site, demo_site):
    output = site if which == "sample" else demo_site
    static = StaticIndex(output)
    compared = 0
    for query in QUERIES:
        expected = search(output, query, limit=None)
        got = static.search(query)
        assert len(got) == expected.total, query
        assert [d for d, _ in got[:10]] == [h.docnum for h in expected.hits[:10]], query
        assert [s for _, s in got] == [h.score for h in expected.hits], query  # equal to the last bit
        compared += expected.total > 0
    assert compared >= 12  # most queries find something, so the comparison means something


def test_a_frequent_term_begins_with_its_best_documents_and_its_counts(demo_site):
    static = StaticIndex(demo_site)
    starts = [start for start, _ in static.root["years"]]
    checked = 0
    for term in ["council", "report", "children", "plan", "budget", "licens"]:
        entry = static.entry(term)
        if entry is None or not isinstance(entry[2], int):
            continue
        best, (orgs, runs, verbs, wards, key, kinds) = static.top(term)
        whoosh = search(demo_site, term, limit=20)
        assert best == [(h.docnum, h.score) for h in whoosh.hits], term
        postings = static.postings(term)
        assert sum(kinds) == len(postings) == whoosh.total
        assert sum(orgs.values()) == sum(1 for row in postings.values() if row[4])
        assert runs == dict(Counter(bisect.bisect_right(starts, d) - 1 for d in postings))
        assert key == sum(row[5] & 1 for row in postings.values())
        assert wards == dict(Counter(w for row in postings.values() for w in row[6]))
        assert sum(verbs.values()) == sum(bin(row[5] >> 4).count("1") for row in postings.values())
        checked += 1
    assert checked >= 3


def test_documents_are_numbered_newest_first(demo_site):
    root = json.loads((demo_site / "search" / "root.json").read_text())
    years = [y for _, y in root["years"]]
    dated = [y for y in years if y is not None]
    assert dated == sorted(dated, reverse=True) and len(dated) == len(set(dated))
    assert None not in years[:len(dated)]
    newest = search(demo_site, "council", sort="newest", limit=None).hits
    dates = [h.record["d"] for h in newest if h.record["d"]]
    assert dates == sorted(dates, reverse=True)


def test_the_root_file_is_small_and_shards_are_fetched_by_term(demo_site):
    base = demo_site / "search"
    assert (base / "root.json").stat().st_size <= 10_000
    static = StaticIndex(demo_site)
    assert static.entry("council") is not None and static.entry("xyzzy") is None
    # the root names no terms: a term's shard is its hash, and the hash spreads terms evenly
    sizes = [(base / "dict" / f"{n}.json").stat().st_size for n in range(static.root["dict_shards"])]
    assert len(sizes) >= 10 and len(list((base / "dict").iterdir())) == len(sizes)
    assert max(sizes) < 2 * sum(sizes) / len(sizes)


def test_filters_narrow_results_to_what_they_name(site):
    everything = search(site, "children", limit=None)
    bolton = search(site, "children", {"authority": "bolton"}, limit=None)
    assert 0 < bolton.total < everything.total
    assert all(h.url.startswith(("bolton/", "issues/")) for h in bolton.hits)  # an issue of Bolton alone
    people = search(site, "council", {"kind": "person"}, limit=None)
    assert people.total and all(h.record["k"] == 2 for h in people.hits)
    noted = search(site, "report", {"verb": "NOTED"}, limit=None)
    assert noted.total and all(h.record["k"] == 0 for h in noted.hits)
    year = search(site, "children", {"year": "2009"}, limit=None)
    assert year.total and all(h.record["d"].startswith("2009") for h in year.hits)


def test_type_ahead_completes_an_unknown_last_word(site):
    results = search(site, "procurem")
    assert results.expanded == {"procurem": ["procur"]}
    assert any("Integrated Children" in h.title for h in results.hits)
    assert search(site, "procurem ").unknown == ["procurem"]  # a finished word is not a prefix


def test_parse_follows_the_documented_rules():
    whoosh = StemmingAnalyzer()
    parts = parse('"integrated children\'s system" co-ordination Plan* the')
    assert [(p.kind, p.terms, p.text) for p in parts] == [
        ("phrase", [t.text for t in whoosh("integrated children's system")], "integrated children's system"),
        ("phrase", [t.text for t in whoosh("co-ordination")], "co-ordination"), ("prefix", [], "plan"),
        ("term", [], "the")]


def test_exempt_items_are_never_indexed(content, tmp_path):
    meeting = next(content.glob("bolton/meetings/*/2009/*.md"))
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text + "\n## 99. Land at Quixotic Lane\n\n```yaml\nexempt:\n  paragraph: 3\n"
                       "  reason: Information relating to the financial or business affairs of any particular person\n"
                       "```\n\nThe zanzibarine offer was accepted.\n", encoding="utf-8")
    out = tmp_path / "output"
    result = minutebook("build", "--content", str(content), "--output", str(out), "--build-date", BUILD_DATE)
    assert result.returncode == 0, result.stderr
    for path in (out / "search").rglob("*"):
        if path.is_file():
            assert b"zanzibar" not in path.read_bytes(), path
    assert search(out, "zanzibarine").total == 0
    # its title is public (the meeting page lists it), but the item itself is not a search result
    found = search(out, "quixotic", limit=None)
    assert found.total and all("/99/" not in h.url and h.record["k"] == 1 for h in found.hits)


def test_item_pages_show_related_decisions_of_public_items(page, site):
    shown = 0
    for path in site.glob("*/*/*/*/index.html"):  # item pages: authority/body/meeting/item/
        soup = page(str(path.relative_to(site)))
        related = soup.find(id="related")
        if related is None:
            continue
        for link in related.find_all("a"):
            target = (path.parent / link["href"] / "index.html").resolve()
            assert target != path.resolve(), f"{path} lists itself"
            other = page(str(target.relative_to(site)))
            assert other.select(".decision"), (path, link["href"])
            shown += 1
    assert shown >= 10
    soup = page("/bolton/executive-member-looked-after-children-safeguarding/2009-11-23/24/")
    assert "Strategic Resource Options" in soup.find(id="related").get_text()


def test_minutebook_search_answers_from_the_built_index(site):
    result = minutebook("search", "ICS procurement", "--output", str(site))
    assert result.returncode == 0, result.stderr
    assert "Integrated Children" in result.stdout and result.stdout.startswith("3 results")
    result = minutebook("search", "xyzzy", "--output", str(site))
    assert "No record in the archive contains 'xyzzy'" in result.stderr
    data = json.loads(minutebook("search", "children", "--output", str(site), "--authority", "bolton",
                                 "--format", "json").stdout)
    assert data["total"] and all(r["url"].startswith(("bolton/", "issues/")) for r in data["results"])
    missing = minutebook("search", "x", "--output", str(site / "nowhere"))
    assert missing.returncode == 1 and "run 'minutebook build' first" in missing.stderr


def test_working_in_other_processes_gives_the_same_index(demo_site, tmp_path, monkeypatch):
    import datetime as dt

    from generator import index as index_module
    from generator.cli import read_archive
    site, _ = read_archive(demo_site.parent / "content", dt.date.fromisoformat(BUILD_DATE))
    exports, related, kept_files = [], [], []
    for parallel_from in (10**9, 0):
        monkeypatch.setattr(index_module, "PARALLEL_FROM", parallel_from)
        monkeypatch.setattr(index_module, "TERMS_PER_BATCH", 97)
        monkeypatch.setattr(index_module, "POSTINGS_PER_BATCH", 5_000)  # frequent terms come a few at a time
        monkeypatch.setattr(index_module, "DOCS_PER_PIECE", 300)  # and the words of a few hundred documents
        output = tmp_path / str(parallel_from) / "output"
        output.parent.mkdir()
        built = index_module.Index(site, output.parent / "whoosh", kept=output)
        exports.append(dict(built.export()))
        built.relate()
        related.append([[other.url for other in item.related] for item in site.items])
        header = index_module._kept_header(built._urls, built.digests)
        kept_files.append(({path.name: path.read_bytes() for path in output.parent.glob(".output.*")
                            if path.suffix != ".postings"},
                           _as_lists(index_module._Postings.kept(index_module.kept_path(output, "postings"), header))))
    assert exports[0] == exports[1] and len(exports[0]) > 100
    # what the next build reads is the same too: the words of each record (which a whole build's search
    # process writes out piece by piece as it takes them in), the postings (in another order)
    assert kept_files[0] == kept_files[1] and ".output.words" in kept_files[0][0]
    assert related[0] == related[1] and sum(map(bool, related[0])) > 100
    # and whoosh's index in two segments (the second's documents numbered from the half) holds what it
    # holds in one: every term's postings, their documents, weights and positions, and its statistics
    whoosh = []
    for parallel_from in (10**9, 0):
        with whoosh_index.open_dir(str(tmp_path / str(parallel_from) / "whoosh")).reader() as reader:
            assert len(list(reader.leaf_readers())) == (1 if parallel_from else 2)
            whoosh.append([(term, reader.doc_frequency(*term), reader.frequency(*term),
                            list(reader.postings(*term).items_as("positions")) if term[0] in index_module.FIELDS
                            else list(reader.postings(*term).all_ids()))
                           for term in reader.all_terms()])
    assert whoosh[0] == whoosh[1] and sum(len(postings) > 128 for *_, postings in whoosh[0]) > 100
    # as a build's state keeps them for a preview build, and as the search process reports them
    kept = index_module.related_by_address(index_module.related_state(site))
    assert kept == {item.url: urls for item, urls in zip(site.items, related[0]) if urls}
    for item in site.items:
        item.related = []
    assert index_module.related_by_address(index_module.related_state(site)) == {}
    index_module.keep_related(site, kept)
    assert [[other.url for other in item.related] for item in site.items] == related[0]


def test_the_whoosh_index_is_what_whoosh_alone_writes(demo_site, tmp_path, monkeypatch):
    """The build hands whoosh's codec the text postings itself (index._Writer); whoosh's own writer, given
    the same documents, writes the same segment, byte for byte."""
    import datetime as dt
    import random

    from generator import index as index_module
    from generator.cli import read_archive
    site, _ = read_archive(demo_site.parent / "content", dt.date.fromisoformat(BUILD_DATE))
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 10**9)  # one segment, as whoosh's writer makes
    built = index_module.Index(site, tmp_path / "build")
    random.seed(f"minutebook-{len(built.docs)}")
    (tmp_path / "whoosh").mkdir()
    ix = index_module._ReproducibleStorage(str(tmp_path / "whoosh")).create_index(index_module.schema())
    writer = ix.writer()
    for n, doc in enumerate(index_module.documents(site)):
        title, body, _ = index_module._analysed((doc.title, doc.text()))
        writer.add_document(**built._fields(doc, n), title=title, body=body)  # plain lists: whoosh's own way
    writer.commit()
    files = {p.name: p.read_bytes() for p in (tmp_path / "build").iterdir()}
    files.pop(index_module.STATS_FILE)
    assert {p.name: p.read_bytes() for p in (tmp_path / "whoosh").iterdir() if p.name != "MAIN_WRITELOCK"} == files
    assert sum(map(len, files.values())) > 500_000 and len(built.docs) > 1_000


def test_a_ward_whose_name_has_a_comma_can_be_filtered_on(content, tmp_path):
    meeting = next(content.glob("bolton/meetings/*/2009/*.md"))
    meeting.write_text(meeting.read_text(encoding="utf-8") + "\n## 98. Parking in Hulme\n\n```yaml\ndecisions:\n"
                       "  - verb: AGREED\n    text: to consult on parking charges.\n"
                       "    wards: ['Hulme, Moss Side']\n```\n", encoding="utf-8")
    out = tmp_path / "output"
    result = minutebook("build", "--content", str(content), "--output", str(out), "--build-date", BUILD_DATE)
    assert result.returncode == 0, result.stderr
    found = search(out, "parking", {"ward": "bolton/Hulme, Moss Side"}, limit=None)
    assert [h.title for h in found.hits] == ["Parking in Hulme"]
    assert search(out, "parking", {"ward": "bolton/Hulme"}, limit=None).total == 0


def test_a_word_said_hundreds_of_times_in_one_record_keeps_its_count():
    """Term counts, and the sizes of each document's positions, are held in one byte each until one
    outgrows it; the halves built in two processes join whichever of them did."""
    from generator.index import _Places, _Postings

    def postings(first: int, counts: list[int]) -> _Postings:
        made = _Postings()
        for docnum, n in enumerate(counts, first):
            made.add(docnum, _Places([]), _Places(["plan", *["budget", "x"] * n]))
        return made

    for before, after in [([3, 300], [2]), ([3], [1000, 1]), ([2], [5]), ([256], [70000])]:
        whole = postings(0, before)
        whole.extend(postings(len(before), after))
        docs, counts, sizes, positions = whole.fields[1]["budget"]
        assert list(docs) == list(range(len(before + after))) and list(counts) == before + after
        starts = list(accumulate(sizes, initial=0))
        assert starts[-1] == len(positions)
        assert [_varint_at(positions, start) for start in starts[:-1]] == before + after  # each document's count
        assert list(whole.fields[1]["plan"][1]) == [1] * len(before + after)
        assert whole.totals == [0, sum(1 + 2 * n for n in before + after)]  # the body's length, summed


def _varint_at(data: bytes, at: int) -> int:
    value = shift = 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value
        at, shift = at + 1, shift + 7


def _as_lists(postings) -> tuple:
    """What a `_Postings` holds, as plain values (a term count array's width apart)."""
    fields = tuple({term: (list(docs), list(counts), list(sizes), bytes(positions))
                    for term, (docs, counts, sizes, positions) in table.items()} for table in postings.fields)
    return fields, [list(lengths) for lengths in postings.lengths], postings.totals


_TERMS = st.lists(st.sampled_from(["plan", "budget", "road", "school", "ward", "x"]), max_size=12)
_FIELD = st.tuples(_TERMS, st.sampled_from([1, 1, 1, 30, 300])).map(lambda made: made[0] * made[1])


@given(st.lists(st.integers(0, 2**31 - 1), unique=True).map(sorted), st.integers(1, 70000))
def test_docnums_held_as_the_gaps_between_them_read_back_as_they_were(docnums, spread):
    """The export holds each term's docnums as gaps (`_Postings.compact`): one byte each for a term in
    documents a few apart, two if they are further, four (as they were) if further still."""
    from array import array

    from generator.index import _docnums, _gaps

    assert list(_docnums(_gaps(array("i", docnums)))) == docnums
    evenly = [n * spread for n in range(10)]
    held = _gaps(array("i", evenly))
    assert list(_docnums(held)) == evenly
    assert held.itemsize == (1 if spread < 256 else 2 if spread < 65536 else 4)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_FIELD, _FIELD), min_size=1, max_size=12), st.data())
def test_postings_put_in_place_of_a_records_are_those_of_analysing_every_record_anew(records, data):
    """An incremental build analyses only the records that changed and puts their postings in place of the
    ones the previous build kept (`_Postings.replace`): the result is what analysing them all gives."""
    from generator.index import _Places, _Postings

    def analysed(fields_of: list) -> _Postings:
        made = _Postings()
        for docnum, fields in enumerate(fields_of):
            made.add(docnum, *map(_Places, fields))
        return made

    changed = sorted(data.draw(st.sets(st.integers(0, len(records) - 1))))
    refiled = data.draw(st.sets(st.sampled_from(changed))) if changed else set()  # their facets changed
    now = list(records)
    for docnum in changed:
        now[docnum] = data.draw(st.tuples(_FIELD, _FIELD))
    kept = analysed(records)
    touched, rescored, repositioned, in_place = kept.replace(changed, [now[docnum] for docnum in changed], refiled)
    assert _as_lists(kept) == _as_lists(analysed(now))

    # A term it does not call touched is encoded as it was: its postings, and its documents' lengths,
    # are the same in both fields, and none of its documents is one whose facets changed.
    def made_of(postings: _Postings, term: str) -> list:
        return [None if (entry := table.get(term)) is None else
                (list(entry[0]), list(entry[1]), bytes(entry[3]), [lengths[d] for d in entry[0]])
                for table, lengths in zip(postings.fields, postings.lengths)]

    before = analysed(records)
    for term in {term for postings in (before, kept) for table in postings.fields for term in table} - touched:
        assert made_of(before, term) == made_of(kept, term)
        assert not refiled & {d for postings in (before, kept) for table in postings.fields
                              for d in table.get(term, ([],))[0]}
    # One called rescored has the same postings (and positions) in both fields: only some scores differ.
    assert rescored <= touched
    for term in rescored:
        assert [made and made[:3] for made in made_of(before, term)] == \
            [made and made[:3] for made in made_of(kept, term)]  # (None: not in that field)
        assert made_of(before, term) != made_of(kept, term)
        assert not refiled & {d for table in kept.fields for d in table.get(term, ([],))[0]}
    # One called repositioned has the same documents, counts and field lengths in both fields (so the
    # same scores): only some positions differ.
    assert repositioned <= touched and not repositioned & rescored
    for term in repositioned:
        was, now_made = made_of(before, term), made_of(kept, term)
        assert [m and (m[0], m[1], m[3]) for m in was] == [m and (m[0], m[1], m[3]) for m in now_made]
        assert [m and m[2] for m in was] != [m and m[2] for m in now_made]
        assert not refiled & {d for table in kept.fields for d in table.get(term, ([],))[0]}
    # One called in place is in the same documents, in each field, as before, none of them refiled (so
    # the facets of its documents are those it had); the rescored and repositioned ones are among them.
    assert rescored | repositioned <= in_place <= touched
    for term in in_place:
        assert [m and m[0] for m in made_of(before, term)] == [m and m[0] for m in made_of(kept, term)]
        assert not refiled & {d for table in kept.fields for d in table.get(term, ([],))[0]}
    for term in touched - in_place:  # (the others: one of their documents came, went or was refiled)
        assert [m and m[0] for m in made_of(before, term)] != [m and m[0] for m in made_of(kept, term)] or \
            refiled & {d for postings in (before, kept) for table in postings.fields for d in table.get(term, ([],))[0]}


def test_terms_that_only_moved_in_a_record_are_repositioned_and_terms_counted_anew_are_not():
    """What a save in the preview re-encodes whole, what only in its positions, and what in the same
    documents as before, whose facets it takes from the term's file (`LiveSearch.saved`)."""
    from generator.index import _Places, _Postings

    kept = _Postings()
    kept.add(0, _Places(["plan", "plan", "road"]), _Places(["budget"]))
    kept.add(1, _Places(["plan"]), _Places(["road"]))
    swapped = kept.replace([0], [(["road", "plan", "plan"], ["budget"])])
    assert swapped[1:] == (set(), {"plan", "road"}, {"plan", "road"})
    touched, rescored, repositioned, in_place = kept.replace([0], [(["road", "road", "plan"], ["budget"])])
    assert (touched, repositioned) == ({"plan", "road"}, set())  # the same length, but counted anew
    assert in_place == {"plan", "road"}  # (in the same documents)
    touched, rescored, repositioned, in_place = kept.replace([0], [(["road", "road", "plan"], ["budget", "school"])])
    assert (touched, repositioned) == ({"school", "budget"}, set())  # a body longer: budget scores anew
    assert (rescored, in_place) == ({"budget"}, {"budget"})  # school is in a document it was not in
    touched, rescored, repositioned, in_place = kept.replace([0], [(["road", "road", "plan"],
                                                                    ["school", "x", "budget"])])
    assert (touched, rescored, in_place) == ({"school", "x", "budget"}, set(), {"school", "budget"})  # they moved
    touched, rescored, repositioned, in_place = kept.replace([0], [(["road", "road"], ["school", "x", "budget"])])
    assert (touched, in_place) == ({"plan", "road"}, {"road"})  # the title shorter; plan gone from it


_WORDS = st.sets(st.sampled_from(["Plan", "plan", "budget", "road", "School", "ward", "x", "Ealing"]), max_size=6)


@settings(max_examples=80, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=12), st.data())
def test_words_put_in_place_of_a_records_are_those_of_finding_every_records_anew(records, data):
    """The words of the records that changed go in place of those the previous build kept
    (`_Words.replace`, after `save` and `kept`): each record has the words it has now, and the
    archive those some record has (a word no record has any more is not in the words/ shards)."""
    import tempfile
    from unittest import mock

    from generator import index as index_module
    from generator.index import _Words

    def found(words_of: list) -> _Words:
        made = _Words()
        for words in words_of:
            made.add(words)
        return made

    def by_record(words: _Words) -> list[set[str]]:
        names = list(words.numbers)
        return [{names[n] for n in words.ids[start:end]} for start, end in zip([0, *words.ends], words.ends)]

    changed = sorted(data.draw(st.sets(st.integers(0, len(records) - 1))))
    now = list(records)
    for docnum in changed:
        now[docnum] = data.draw(_WORDS)
    half = data.draw(st.integers(0, len(records)))  # found in two processes, as for a large archive
    kept = found(records[:half])
    with mock.patch.object(index_module, "DOCS_PER_PIECE", 2):  # the second's sent in pieces
        for piece in found(records[half:]).pieces():
            kept.take(piece)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "words"
        kept.save(path, ("header",))
        assert _Words.kept(path, ("other",)) is None
        kept = _Words.kept(path, ("header",))
    kept.replace(changed, [now[docnum] for docnum in changed])
    assert by_record(kept) == now
    assert kept.found() == set().union(*now)


_VOCABULARY = st.sampled_from([f"w{n}" for n in range(30)] + ["common"] * 20 + ["usual"] * 10)


def _key_terms_chosen(items: list[bool], bodies: list[list[str]], before: Optional[list[list[str]]] = None,
                      kept: Optional[tuple] = None, analysed: bool = True) -> tuple:
    """An index of documents with these bodies (items or not) that chooses their key terms: all afresh,
    or again after an edit from the `before` bodies, with the best terms kept then (`kept`); the changed
    documents' terms known as the build analysed them (`analysed`) or found in the postings."""
    from unittest import mock

    from whoosh.classify import Bo1Model

    from generator import index as index_module
    from generator.index import Index, _Places, _Postings, _utf16

    postings = _Postings()
    for docnum, body in enumerate(bodies):
        postings.add(docnum, _Places([]), _Places(body))
    index = Index.__new__(Index)
    index.postings, index._items, index.docs = postings, items, bodies
    index._expansion = Bo1Model(len(bodies), postings.totals[1])
    index._touched, index._changed, index._changed_bodies = None, None, {}
    if before is not None:  # what `_Postings.replace` finds: the terms whose postings changed
        index._changed = [docnum for docnum, body in enumerate(bodies) if body != before[docnum]]
        index._touched = {term for docnum in index._changed for term in {*before[docnum], *bodies[docnum]}
                          if before[docnum].count(term) != bodies[docnum].count(term)}
        if analysed:
            index._changed_bodies = {docnum: Counter(bodies[docnum]) for docnum in index._changed}
    terms = sorted({t for table in postings.fields for t in table}, key=_utf16)
    postings.compact()  # as the export chooses them
    with mock.patch.object(index_module, "AGAIN_SHARE", len(bodies) + 1.0):  # never every item's instead
        return index, index._choose_key_terms(terms, kept)


def _key_terms_of(index) -> dict[int, list[int]]:
    """Each item's key terms (the index holds its best terms, of which they are the first KEY_TERMS)."""
    from generator.index import KEY_TERMS
    return {docnum: keys[:KEY_TERMS] for docnum, keys in index._key_terms.items()}


def _terms_of(terms: list[str], keys: list[int]) -> list[str]:
    return [terms[(1 << 32) - 1 - (key & ((1 << 32) - 1))] for key in keys]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.lists(_VOCABULARY, min_size=10, max_size=40)), min_size=2, max_size=14),
       st.sampled_from([0, 1, 4]), st.booleans(), st.data())
def test_key_terms_chosen_again_after_an_edit_are_those_chosen_afresh(records, more_kept, analysed, data):
    """After an edit, the export chooses again only the key terms of the items it may have changed
    (`_key_terms_again`: the changed items, and those with a term whose count in every body changed,
    put right in place or gone through again); every item's are what choosing all anew gives, and the
    best terms it keeps for the next build are the best of those chosen anew."""
    from unittest import mock

    from generator import index as index_module
    from generator.index import KEY_TERMS

    items, before = [item for item, _ in records], [body for _, body in records]
    now = list(before)
    for docnum in data.draw(st.sets(st.integers(0, len(records) - 1), max_size=3)):
        now[docnum] = data.draw(st.lists(_VOCABULARY, min_size=10, max_size=40))
    with mock.patch.object(index_module, "KEPT_KEYS", KEY_TERMS + more_kept):
        _, kept = _key_terms_chosen(items, before)
        again, (_, _, best_again, complete_again) = _key_terms_chosen(items, now, before, kept, analysed)
        fresh, (_, _, best_fresh, complete_fresh) = _key_terms_chosen(items, now)
    assert _key_terms_of(again) == _key_terms_of(fresh) and again._key_seqs == fresh._key_seqs
    assert complete_again == complete_fresh and best_again.keys() == best_fresh.keys()
    for docnum, keys in best_again.items():
        assert keys == best_fresh.get(docnum)[:len(keys)] and (len(keys) >= KEY_TERMS or docnum in complete_again)
    assert again.keyed_again <= fresh.keyed_again


def _twelfth_and_thirteenth(others_before: list[list[str]], others_now: list[list[str]],
                            more_kept: int) -> tuple[list[str], list[str], int]:
    """An item with eleven rare terms of its own, then "twelfth" and "thirteenth", then terms rated lower; the other records (all but the last items) edited from `others_before` to
    `others_now`, with `KEY_TERMS + more_kept` best terms kept. The item's key terms, put right after
    the edit, are those chosen afresh: returns its key terms before and after the edit, and how many
    items were gone through again."""
    from unittest import mock

    from generator import index as index_module
    from generator.index import KEY_TERMS

    # terms every record has once: whoosh's Bo1 model rates a term lowest where its share of the records'
    # words matches its count in the item (rarer terms and more common ones both rate higher)
    common = [f"common{n}" for n in range(6)]
    item = [f"rare{n}" for n in range(KEY_TERMS - 1)] + ["twelfth", "thirteenth"] + common
    others_before = [[*others, *common] for others in others_before]
    others_now = [[*others, *common] for others in others_now]
    items = [True, True, True, False]
    with mock.patch.object(index_module, "KEPT_KEYS", KEY_TERMS + more_kept):
        first, kept = _key_terms_chosen(items, [item, *others_before])
        again, (terms, _, _, _) = _key_terms_chosen(items, [item, *others_now], [item, *others_before], kept)
        fresh, (terms_fresh, _, _, _) = _key_terms_chosen(items, [item, *others_now])
    assert _key_terms_of(again) == _key_terms_of(fresh) and terms == terms_fresh
    return _terms_of(kept[0], _key_terms_of(first)[0]), _terms_of(terms, _key_terms_of(again)[0]), again.keyed_again


_MORE_COMMON = ([["twelfth", "thirteenth"], ["thirteenth"], ["other"]],
                [["twelfth", "thirteenth"], ["thirteenth"], ["twelfth"] * 3])  # another record uses "twelfth"
_RARER = ([["twelfth"], ["thirteenth"] * 3, ["other"]], [["twelfth"], ["another"], ["other"]])  # or stops using "thirteenth"


def test_a_key_term_an_edit_elsewhere_makes_common_gives_way_in_place_in_an_item_it_did_not_change():
    """An item's twelfth key term, rated lower once another record uses it more, gives way to its
    thirteenth: the item keeps more best terms than its key terms, so no item is gone through again."""
    before, after, keyed_again = _twelfth_and_thirteenth(*_MORE_COMMON, more_kept=4)
    assert "twelfth" in before and "thirteenth" not in before
    assert "thirteenth" in after and "twelfth" not in after and keyed_again == 0


def test_an_item_left_with_too_few_best_terms_is_gone_through_again():
    """Kept no more best terms than its key terms, the item whose twelfth gives way cannot tell what
    comes next, and is gone through again (it alone)."""
    before, after, keyed_again = _twelfth_and_thirteenth(*_MORE_COMMON, more_kept=0)
    assert "twelfth" in before and "thirteenth" in after and "twelfth" not in after and keyed_again == 1


def test_a_term_an_edit_elsewhere_makes_rarer_becomes_a_key_term_of_an_item_it_did_not_change():
    """An item's thirteenth term, rated higher once another record stops using it, takes the place of its
    twelfth key term in place (the edited record, an item, is the one gone through again)."""
    for more_kept in (0, 4):
        before, after, keyed_again = _twelfth_and_thirteenth(*_RARER, more_kept=more_kept)
        assert "twelfth" in before and "thirteenth" not in before
        assert "thirteenth" in after and "twelfth" not in after and keyed_again == 1


@given(st.dictionaries(st.integers(0, 500), st.sampled_from([0.1, 0.3, 2.5, 7.0]) | st.floats(0, 100), max_size=60),
       st.integers(1, 8))
def test_an_items_related_decisions_are_its_best_scored_candidates_ties_in_docnum_order(scores, count):
    """The best candidates are those `heapq.nsmallest` picks by (-score, docnum), which `_related_of`
    used, whatever the ties."""
    import heapq

    from generator.index import _best_scored

    assert _best_scored(scores, count) == [other for other, _ in heapq.nsmallest(
        count, scores.items(), key=lambda scored: (-scored[1], scored[0]))]


@pytest.mark.parametrize("in_two", [False, True])
def test_a_term_whose_postings_only_scores_anew_keeps_its_positions_file(demo_site, tmp_path, monkeypatch, in_two):
    """Words added to an item's narrative change its body's length as whoosh stores it, and so the score
    of every term the item has: those terms are encoded again, but the positions file of each one that
    has files and whose postings are as they were is kept as it is, and its documents' facets, and their
    counts, are taken from its postings file then. The export is a fresh one's, whether the terms are
    encoded in this process or in two others (as for a large archive)."""
    import datetime as dt
    import shutil

    from generator import index as index_module
    from generator.cli import read_archive
    from generator.depend import source_digests
    from generator.index import Index

    if in_two:
        monkeypatch.setattr(index_module, "PARALLEL_FROM", 0)

    content, kept = tmp_path / "content", tmp_path / "output"
    shutil.copytree(demo_site.parent / "content", content)
    when = dt.date.fromisoformat(BUILD_DATE)
    sources = source_digests(content)
    first = Index(read_archive(content, when)[0], tmp_path / "first", kept=kept, sources=(None, sources))
    first_files = dict(first.export())
    first.relate()
    meeting = sorted(content.glob("*/meetings/*/*/*.md"))[40]
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text + "\nThe committee asked officers for a further note on the figures.\n" * 3,
                       encoding="utf-8")
    site = read_archive(content, when)[0]
    again = Index(site, tmp_path / "again", first.state(), tmp_path / "first", kept=kept,
                  sources=(sources, source_digests(content)))
    assert again.analysed == 1
    kept_files: set[str] = set()
    scored_again: list[bool] = []  # for each rescored term: whether its facets came from its file then
    real = Index._scored_again
    monkeypatch.setattr(Index, "_scored_again",
                        lambda self, *args: (lambda found: scored_again.append(found is not None) or found)(
                            real(self, *args)))
    exported = dict(again.export(keep=lambda path: kept_files.add(path) or path in first_files,
                                 previous=first_files.get))
    assert again.positions_kept > 10 and again.encoded > again.positions_kept
    if not in_two:  # (the processes that encode in two note theirs apart)
        assert sum(scored_again) == again.positions_kept
    rescored = {path for path in kept_files if path.startswith("pos/") and path.replace("pos/", "post/") in exported}
    assert len(rescored) == again.positions_kept  # their postings files written anew, their positions kept
    fresh = Index(site, tmp_path / "fresh")
    assert {**exported, **{path: first_files[path] for path in kept_files}} == dict(fresh.export())


def test_an_edit_analyses_again_only_the_records_it_changed(demo_site, tmp_path, monkeypatch):
    """The postings a build kept beside output/ serve the next: it analyses only the records whose text
    changed, and exports what analysing every record anew would. Postings kept by another build (one that
    failed, say) than the one whose state the next build starts from are not used."""
    import datetime as dt
    import shutil

    from generator import index as index_module
    from generator.cli import read_archive
    from generator.depend import source_digests
    from generator.index import Index

    def doc_source(path: Path) -> str:
        return path.relative_to(content).as_posix()

    monkeypatch.setattr(index_module, "PARALLEL_FROM", 0)  # in two processes, as for a large archive
    content, kept = tmp_path / "content", tmp_path / "output"  # its postings are kept in .output.postings
    shutil.copytree(demo_site.parent / "content", content)
    when = dt.date.fromisoformat(BUILD_DATE)
    sources = source_digests(content)
    first = Index(read_archive(content, when)[0], tmp_path / "first", kept=kept, sources=(None, sources))
    postings, terms = tmp_path / ".output.postings", tmp_path / ".output.terms"
    assert first.analysed == len(first.docs) > 1000 and postings.stat().st_size > 100_000
    first_files = dict(first.export())
    first.relate()
    assert first.encoded > 1000 and terms.is_file() and first.related_again > 100
    first_terms = terms.read_bytes()
    meeting = next(path for path in sorted(content.glob("*/meetings/*/*/*.md"))[40:]
                   if "\nMinutes of a meeting" in path.read_text(encoding="utf-8"))
    text = meeting.read_text(encoding="utf-8")
    edited = text.replace("\nMinutes of a meeting", "\nMinutes, with the tenants' petition, of a meeting", 1)
    assert edited != text
    meeting.write_text(edited, encoding="utf-8")
    site = read_archive(content, when)[0]
    now = source_digests(content)
    # a person's file changed too, or the files the previous state was built from are not known: every
    # record's text is made again to find which changed
    person = next(name for name in sources if "/people/" in name)
    for which in ((sources, {**now, person: "edited"}), ({**sources, person: "edited"}, now)):
        for part in ("postings", "words"):  # (each build keeps its own in place of those it was given)
            shutil.copy(tmp_path / f".output.{part}", tmp_path / f".copy.{part}")
        every = Index(site, tmp_path / "every", first.state(), tmp_path / "first", kept=tmp_path / "copy",
                      sources=which)
        assert every.analysed == 1 and every.digested == len(first.docs)
        shutil.rmtree(tmp_path / "every")
    again = Index(site, tmp_path / "again", first.state(), tmp_path / "first", kept=kept, sources=(sources, now))
    assert again.analysed == 1 and again.replaced == 1
    people_and_issues = sum(doc.kind in ("person", "issue") for doc in again.docs)
    assert again.digested - people_and_issues == sum(doc.source == doc_source(meeting) for doc in again.docs) < 20
    fresh = Index(site, tmp_path / "fresh")
    assert _as_lists(again.postings) == _as_lists(fresh.postings)
    kept_files: set[str] = set()
    exported = dict(again.export(keep=lambda path: kept_files.add(path) or path in first_files))
    assert 0 < again.encoded < first.encoded / 10  # the terms the meeting had or has (and their files) only
    assert len(kept_files) > 100 and not kept_files & exported.keys()
    fresh_files = dict(fresh.export())
    assert {**exported, **{path: first_files[path] for path in kept_files}} == fresh_files
    # each item's related decisions: found again only for the items whose key terms or their best items
    # changed, the same as found afresh
    again.relate()
    assert _key_terms_of(again) == _key_terms_of(fresh) and again._key_seqs == fresh._key_seqs
    # (the edit changed a meeting's record, no item's: every item's key terms were put right in place)
    assert again.keyed_again == 0 and fresh.keyed_again >= len(again._key_terms) > 500
    assert 0 < again.related_again < first.related_again / 10
    related = {item.url: [other.url for other in item.related] for item in site.items}
    fresh.relate()
    assert fresh.related_again == first.related_again
    assert {item.url: [other.url for other in item.related] for item in site.items} == related
    assert sum(map(len, related.values())) > 500
    assert any(b"petition" in data for path, data in exported.items() if path.startswith("words/"))
    # what the export kept is of `again`'s documents: another build's, with the postings right, is not used
    terms.write_bytes(first_terms)
    same = Index(site, tmp_path / "same-terms", again.state(), tmp_path / "again", kept=kept)
    assert same.analysed == 0
    assert dict(same.export(keep=lambda path: path in first_files)) == fresh_files
    assert same.encoded == fresh.encoded
    unchanged = Index(site, tmp_path / "unchanged", same.state(), tmp_path / "same-terms", kept=kept)
    assert dict(unchanged.export(keep=lambda path: path in fresh_files)) == {
        path: data for path, data in fresh_files.items() if not path.startswith(("post/", "pos/"))}
    assert unchanged.analysed == unchanged.encoded == 0
    # the postings kept now are `again`'s: they do not go with `first`'s state
    other = Index(site, tmp_path / "other", first.state(), tmp_path / "first", kept=kept)
    assert other.analysed == len(other.docs)
    assert Index(site, tmp_path / "same", other.state(), tmp_path / "other", kept=kept).analysed == 0
    postings.write_bytes(postings.read_bytes()[:-1000])  # cut short: not used
    assert Index(site, tmp_path / "cut", other.state(), tmp_path / "other", kept=kept).analysed == len(other.docs)


def _squared(n: int) -> int:
    return n * n


def test_the_export_sends_its_processes_only_a_few_batches_ahead_of_what_it_takes_back():
    """What the export's processes encode faster than the search process writes it out must not pile
    up in it (`_ahead`; `Pool.imap` sends every batch at once): at 100,000 meetings it raised the search
    process from 3,778 to ~4,090 MiB through the export's loop."""
    import multiprocessing

    from generator.index import _ahead

    sent: list[int] = []

    def batches():
        for n in range(40):
            sent.append(n)
            yield n

    taken: list[int] = []
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for result in _ahead(pool, _squared, batches(), ahead=3):
            assert len(sent) - len(taken) <= 4  # three sent and not yet taken back, and the next, drawn
            taken.append(result)
    assert taken == [n * n for n in range(40)]  # in order, all of them
