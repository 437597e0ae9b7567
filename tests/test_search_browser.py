"""Search in the browser, as a resident uses it: the built site's search page in real headless Chromium,
on plain static hosting, ranks exactly as whoosh does (generator.index.search) and says what it did."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from browser import browser, serve, static_search
from conftest import BUILD_DATE, minutebook
from generator import index

# One word, two words, three and more, phrases, prefixes and type-ahead, filters and sorts, stop words only,
# unknown words, words the analyser splits.
SAMPLE_QUERIES = [
    "Ofsted", "ICS procurement", "Murray", "CS17089", "children", "integrated children's system",
    "budget savings options 2010/11", '"integrated children"', '"strategic resource options"', '"looked after',
    "procur", "procurem", "repl", "children* services", "inte", "co-ordination", "the", "the of and",
    "xyzzy", "children xyzzy", "zz", "executive member decisions monitoring", "Bolton executive",
    ("children", {"authority": "bolton"}, "relevance"), ("children", {"kind": "item"}, "newest"),
    ("council", {}, "oldest"), ("services", {"year": "2009"}, "relevance"),
    ("decision", {"verb": "NOTED"}, "relevance"), ("system", {"ward": "central-bedfordshire/All"}, "relevance"),
    ("children", {"body": "bolton/executive-member-childrens-services", "kind": "item"}, "relevance"),
]
DEMO_QUERIES = [
    "minutes", "council", "children", "corporate property review", "declarations of interest",
    '"corporate property"', '"minutes of the meeting"', "fostering service annual report",
    "executive member finance resources", "council tax", "Integrated Children's System", "2026/27 budget",
    "proc", "procur", "licens* policy", "app", "care home", "the and", "xyzzy council", "Mereby", '"all"',
    ("minutes", {"year": "2024"}, "relevance"), ("council", {"kind": "person"}, "relevance"),
    ("interest", {"verb": "NOTED"}, "relevance"), ("children", {"key": "yes"}, "relevance"),
    ("children", {"ward": "holmley/Mereby"}, "relevance"), ("report", {"authority": "eastdon"}, "newest"),
    ("report", {}, "oldest"), ("council tax", {"authority": "eastdon"}, "relevance"),
    ('"corporate property"', {"key": "yes"}, "newest"), ("licens* policy", {"verb": "NOTED"}, "relevance"),
]


def case(query) -> tuple[str, dict, str]:
    return query if isinstance(query, tuple) else (query, {}, "relevance")


# -- fixtures ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    """A synthetic archive of 200 meetings, built by the real commands."""
    folder = tmp_path_factory.mktemp("demo")
    result = minutebook("demo", "--meetings", "200", "--seed", "7", "--content", str(folder / "content"))
    assert result.returncode == 0, result.stderr
    result = minutebook("build", "--content", str(folder / "content"), "--output", str(folder / "output"),
                        "--build-date", BUILD_DATE)
    assert result.returncode == 0, result.stderr
    return folder / "output"


@pytest.fixture
def page(chromium):
    """A page that records script errors (CSP violations included) and fails the test on any."""
    context = chromium.new_context()
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error"
         and not m.location.get("url", "").endswith("favicon.ico") else None)
    yield p
    context.close()
    assert errors == []


def settle(page) -> None:
    """Wait until the search the page is running (typing is debounced) has finished."""
    page.wait_for_selector("#search:not([aria-busy])", state="attached")


def open_search(page, base: str, query: str = "") -> None:
    page.goto(base + "/search/" + (f"?q={query}" if query else ""))
    page.wait_for_selector("#search-q", state="visible")
    settle(page)


def type_query(page, text: str) -> None:
    page.locator("#search-q").fill(text)
    settle(page)


def open_filters(page) -> None:
    """Open the filters, as a resident does to narrow a search, and wait for their counts."""
    page.locator("#search-filter-panel > summary").click()
    page.locator("#filter-kind option[value=item]").filter(has_text=re.compile(r"\(\d+\)$")).wait_for(state="attached")
    settle(page)


def status(page) -> str:
    return " ".join(page.locator("#search-status").inner_text().split())


def result_urls(page, base: str) -> list[str]:
    """The pages the result links lead to, relative to the site root."""
    hrefs = page.eval_on_selector_all("#search-results a", "els => els.map((a) => a.href)")
    return [h.removeprefix(base + "/") for h in hrefs]


# -- what a resident sees ---------------------------------------------------------------------------

def test_typing_a_word_lists_its_records_ranked_as_whoosh_ranks_them(page, base, site):
    open_search(page, base)
    type_query(page, "Ofsted")
    expected = index.search(site, "Ofsted", limit=None)
    assert expected.total > 0
    assert status(page).startswith(f"{expected.total} result{'s' if expected.total > 1 else ''} for “Ofsted”")
    assert result_urls(page, base) == [h.url for h in expected.hits][:10]
    marks = page.eval_on_selector_all("#search-results mark", "els => els.map((m) => m.textContent)")
    assert {m.lower() for m in marks} <= {"ofsted"}  # only the word searched for is marked
    assert page.locator("#search-results li .meta").first.inner_text().count(" · ") >= 1


def test_two_words_find_the_ics_procurement_decision(page, base, site):
    open_search(page, base)
    type_query(page, "ICS procurement")
    expected = index.search(site, "ICS procurement")
    assert result_urls(page, base) == [h.url for h in expected.hits]
    assert "central-bedfordshire/executive/2011-07-12/integrated-childrens-system-replacement/" in \
        result_urls(page, base)
    assert {"procurement", "ics"} <= {m.lower() for m in page.eval_on_selector_all(
        "#search-results mark", "els => els.map((m) => m.textContent)")}


def test_a_councillors_name_and_a_report_reference_find_their_pages(page, base):
    open_search(page, base)
    type_query(page, "Murray")
    assert "bolton/people/cllr-murray/" in result_urls(page, base)
    assert "Person" in page.locator("#search-results").inner_text()
    type_query(page, "CS17089")
    assert "bromley/executive/2017-01-11/152/" in result_urls(page, base)


def test_a_quoted_phrase_matches_only_the_words_in_that_order(page, base, site):
    open_search(page, base)
    type_query(page, '"integrated children"')
    phrase = index.search(site, '"integrated children"', limit=None)
    words = index.search(site, "integrated children", limit=None)
    assert 0 < phrase.total < words.total  # the phrase is narrower than the two words
    assert status(page).startswith(f"{phrase.total} results for “\"integrated children\"”")
    assert result_urls(page, base) == [h.url for h in phrase.hits][:10]


def test_type_ahead_completes_the_last_word(page, base, site):
    open_search(page, base)
    type_query(page, "procur")
    assert "central-bedfordshire/executive/2011-07-12/integrated-childrens-system-replacement/" in \
        result_urls(page, base)
    type_query(page, "procurem")
    assert index.search(site, "procurem").expanded  # the build also completes it
    assert "Showing results for words beginning with ‘procurem’: procurement" in status(page)
    assert result_urls(page, base) == [h.url for h in index.search(site, "procurem").hits]
    type_query(page, "procurem ")  # a finished word is not completed
    assert status(page).startswith("No document contains ‘procurem’")


def test_an_unknown_word_is_named_and_common_words_are_reported(page, base, site):
    open_search(page, base)
    type_query(page, "children xyzzy")
    assert status(page).startswith("No document contains ‘xyzzy’")
    assert page.locator("#search-results-section").is_hidden()
    type_query(page, "the children of Bolton")
    assert "Common words left out of the search: ‘the’, ‘of’" in status(page)
    assert page.locator("#search-results li").count() > 0
    type_query(page, "the of")
    assert status(page) == "Common words left out of the search: ‘the’, ‘of’"
    assert page.locator("#search-results-section").is_hidden()
    type_query(page, "children zq")  # too short to complete as it is typed: left out, like a common word
    assert status(page).endswith("‘zq’ is too short to complete: type at least 3 letters.")
    assert status(page).startswith(f"{index.search(site, 'children zq').total} results for “children zq”")


def test_a_ward_is_found_by_name_and_by_its_filter(page, demo_site):
    with serve(demo_site) as base:
        open_search(page, base)
        type_query(page, "Mereby")
        expected = index.search(demo_site, "Mereby", limit=None)
        assert expected.total > 0 and result_urls(page, base) == [h.url for h in expected.hits][:10]
        type_query(page, "children")
        open_filters(page)
        ward = page.locator("#filter-ward")
        label = ward.locator("option[value='holmley/Mereby']").inner_text()
        filtered = index.search(demo_site, "children", {"ward": "holmley/Mereby"}, limit=None)
        assert label == f"Mereby (Holmley) ({filtered.total})"
        ward.select_option("holmley/Mereby")
        settle(page)
        assert status(page).startswith(f"{filtered.total} result")
        assert result_urls(page, base) == [h.url for h in filtered.hits][:10]


def test_a_filter_narrows_the_results_and_shows_counts(page, base, site):
    open_search(page, base)
    type_query(page, "children")
    open_filters(page)
    everything = index.search(site, "children", limit=None)
    bolton = index.search(site, "children", {"authority": "bolton"}, limit=None)
    assert 0 < bolton.total < everything.total
    options = page.locator("#filter-authority option").all_inner_texts()
    assert f"Bolton ({bolton.total})" in options
    counts = [int(re.search(r"\((\d+)\)$", o).group(1)) for o in options[1:]]
    assert sum(counts) <= everything.total and len(counts) >= 3
    page.locator("#filter-authority").select_option("bolton")
    settle(page)
    assert status(page).startswith(f"{bolton.total} results for “children”")
    assert result_urls(page, base) == [h.url for h in bolton.hits][:10]
    # the authority's own counts stay those without its filter; the others now count Bolton only
    assert f"Bolton ({bolton.total})" in page.locator("#filter-authority option").all_inner_texts()
    items = index.search(site, "children", {"authority": "bolton", "kind": "item"}, limit=None)
    assert page.locator("#filter-kind option[value='item']").inner_text() == f"Items ({items.total})"


def test_the_filters_fetch_their_counts_only_when_opened(page, demo_site):
    """A search with the filters closed fetches no facets: neither facets.json nor any postings file's
    facets section (the open-ended range after its core). Opening the filters fetches them and shows
    whoosh's counts, without changing the results."""
    fetched: list[tuple[str, str]] = []
    page.on("request", lambda r: fetched.append((urlsplit(r.url).path, r.headers.get("range", ""))))
    with serve(demo_site) as base:
        open_search(page, base)
        fetched.clear()
        type_query(page, "council tax")
        expected = index.search(demo_site, "council tax", limit=None)
        assert status(page).startswith(f"{expected.total} results for “council tax”")
        urls = result_urls(page, base)
        assert urls == [h.url for h in expected.hits][:10]
        cores = [r for path, r in fetched if path.startswith("/search/post/")]
        assert cores and not [r for r in cores if r.endswith("-")]  # postings, but none of their facets
        assert not [path for path, _ in fetched if path.endswith("/facets.json")]
        assert page.locator("#search-filter-panel").get_attribute("open") is None
        assert page.locator("#search-applied").inner_text() == ""

        fetched.clear()
        open_filters(page)
        assert [path for path, _ in fetched if path.endswith("/facets.json")]
        assert [r for path, r in fetched if path.startswith("/search/post/") and r.endswith("-")]
        items = index.search(demo_site, "council tax", {"kind": "item"}, limit=None).total
        assert page.locator("#filter-kind option[value='item']").inner_text() == f"Items ({items})"
        for option in page.locator("#filter-authority option").all()[1:]:
            value, label = option.get_attribute("value"), option.inner_text()
            total = index.search(demo_site, "council tax", {"authority": value}, limit=None).total
            assert label.endswith(f" ({total})"), (value, label)
        assert result_urls(page, base) == urls

        page.locator("#filter-kind").select_option("item")
        settle(page)
        assert page.locator("#search-applied").inner_text() == "(1 applied)"
        assert status(page).startswith(f"{items} results for “council tax”")


def test_results_sort_by_date(page, base, site):
    open_search(page, base)
    type_query(page, "children")
    for sort in ("newest", "oldest", "relevance"):
        page.locator("#search-sort").select_option(sort)
        settle(page)
        assert result_urls(page, base) == [h.url for h in index.search(site, "children", sort=sort).hits], sort
    page.locator("#search-sort").select_option("newest")
    settle(page)
    dates = [d for d in page.eval_on_selector_all("#search-results .meta", "els => els.map((e) => e.textContent)")]
    years = [int(m.group(0)) for d in dates for m in [re.search(r"\b(19|20)\d\d$", d)] if m]
    assert years == sorted(years, reverse=True) and len(years) >= 5


def test_more_results_adds_the_next_ten_and_moves_focus_to_them(page, base, site):
    open_search(page, base)
    type_query(page, "children")
    expected = index.search(site, "children", limit=20)
    assert expected.total > 10
    assert page.locator("#search-results li").count() == 10
    page.locator("#search-more").click()
    page.wait_for_selector("#search-results li:nth-child(11)")
    assert result_urls(page, base) == [h.url for h in expected.hits]
    assert page.evaluate("document.activeElement.href").endswith(expected.hits[10].url)
    assert f"Showing {min(20, expected.total)} of {expected.total}." in status(page) or expected.total <= 20


def test_following_a_result_opens_its_page(page, base, site):
    open_search(page, base)
    type_query(page, "CS17089")
    first = page.locator("#search-results a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    expected = index.search(site, "CS17089").hits[0]
    assert page.url == f"{base}/{expected.url}"
    assert title in page.locator("h1").inner_text()


def test_the_address_carries_the_search_and_back_restores_it(page, base, site):
    open_search(page, base)
    page.locator("#search-q").fill("Ofsted")
    page.keyboard.press("Enter")
    settle(page)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Ofsted"]}
    page.locator("#search-q").fill("children")
    page.keyboard.press("Enter")
    settle(page)
    open_filters(page)
    page.locator("#filter-authority").select_option("bolton")
    settle(page)
    page.wait_for_timeout(1100)  # changes a second apart are separate entries
    page.locator("#search-sort").select_option("oldest")
    settle(page)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["children"], "authority": ["bolton"], "sort": ["oldest"]}
    shared = page.url
    page.go_back()
    settle(page)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["children"], "authority": ["bolton"]}
    assert page.locator("#search-sort").input_value() == "relevance"
    page.go_back()
    settle(page)
    assert page.locator("#filter-authority").input_value() == ""
    assert status(page).startswith(f"{index.search(site, 'children').total} results for “children”")
    page.go_back()
    settle(page)
    assert page.locator("#search-q").input_value() == "Ofsted"
    assert status(page).startswith(f"{index.search(site, 'Ofsted').total} result")
    # a shared address opens the same search
    page.goto(shared)
    settle(page)
    expected = index.search(site, "children", {"authority": "bolton"}, sort="oldest")
    assert page.locator("#search-q").input_value() == "children"
    assert page.locator("#filter-authority").input_value() == "bolton"
    assert result_urls(page, base) == [h.url for h in expected.hits]


def test_the_live_region_announces_the_count(page, base, site):
    open_search(page, base)
    region = page.locator("#search-status")
    assert region.get_attribute("role") == "status"
    type_query(page, "budget")
    total = index.search(site, "budget").total
    assert region.inner_text().splitlines()[0] == f"{total} result{'s' if total != 1 else ''} for “budget”"


def test_every_page_reaches_search_from_the_header(page, base, site):
    page.goto(base + "/bolton/")
    page.get_by_role("search", name="Site search").get_by_role("searchbox").fill("Ofsted")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Ofsted$"))
    settle(page)
    assert result_urls(page, base) == [h.url for h in index.search(site, "Ofsted").hits]


def test_without_javascript_the_page_offers_browsing(chromium, base):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "/search/?q=Ofsted")
        assert page.locator("#search").is_hidden()
        assert "needs JavaScript" in page.locator("#search-needs-js").inner_text()
        links = page.eval_on_selector_all("main a", "els => els.map((a) => a.getAttribute('href'))")
        for href in ["../bolton/", "../years/", "../issues/", "../decisions/",
                     "../bolton/executive-member-childrens-services/"]:
            assert href in links
        assert page.get_by_role("search", name="Site search").is_visible()
    finally:
        context.close()


# -- the browser ranks as whoosh ranks ------------------------------------------------------------

def browser_search(page, base: str, text: str, filters: dict, sort: str) -> dict:
    return static_search(page, base, text, filters, sort)


def python_search(output: Path, text: str, filters: dict, sort: str) -> dict:
    r = index.search(output, text, filters, sort, 10)
    return {"total": r.total, "docnums": [h.docnum for h in r.hits], "urls": [h.url for h in r.hits],
            "scores": [h.score for h in r.hits], "unknown": r.unknown, "ignored": r.ignored, "expanded": r.expanded}


def check_parity(chromium, output: Path, queries: list) -> None:
    page = chromium.new_page()
    try:
        with serve(output) as base:
            page.goto(base + "/search/")
            with_results = 0
            for query in queries:
                text, filters, sort = case(query)
                got = browser_search(page, base, text, filters, sort)
                want = python_search(output, text, filters, sort)
                if sort != "relevance":  # whoosh does not score a sort by date
                    got["scores"] = want["scores"]
                assert got == want, (text, filters, sort)
                with_results += want["total"] > 0
            assert with_results >= len(queries) * 2 // 3  # the queries really exercise the ranking
    finally:
        page.close()


def test_the_browser_ranks_the_sample_archive_as_whoosh_does(chromium, site):
    check_parity(chromium, site, SAMPLE_QUERIES)


def test_the_browser_ranks_a_generated_archive_as_whoosh_does(chromium, demo_site):
    check_parity(chromium, demo_site, DEMO_QUERIES)


def test_only_the_files_a_query_needs_are_fetched(chromium, demo_site):
    page = chromium.new_page()
    fetched: list[str] = []
    ranges: list[tuple[str, str]] = []
    page.on("request", lambda r: (fetched.append(urlsplit(r.url).path),
                                  ranges.append((urlsplit(r.url).path, r.headers.get("range", "")))))
    try:
        with serve(demo_site) as base:
            page.goto(base + "/search/")
            fetched.clear()
            ranges.clear()
            got = browser_search(page, base, '"corporate property" review', {}, "relevance")
            assert got["total"] > 0
            files = [f.removeprefix("/search/") for f in fetched if f.startswith("/search/")]
            assert len(ranges) == len(set(ranges))  # nothing twice (a postings file: its sections, once each)
            assert all(files.count(f) <= 2 for f in files if f.startswith("post/"))
            assert files.count("root.json") == 1 and files.count("facets.json") == 1
            assert not [f for f in files if f.startswith("words/")]  # no prefix, no words shard
            assert len([f for f in files if f.startswith("docs/")]) <= 10
            assert len([f for f in files if f.startswith("dict/")]) <= 3
            fetched.clear()
            browser_search(page, base, "council", {}, "relevance")
            files = [f.removeprefix("/search/") for f in fetched if f.startswith("/search/")]
            assert not [f for f in files if f.startswith(("pos/", "root", "facets"))]  # no phrase; cached
    finally:
        page.close()


COUNTS_JS = """async ([module, base, text, complete]) => {
  const S = await import(module);
  const index = await S.openIndex(base);
  const r = await S.runQuery(index, text, {complete});
  const counts = Object.fromEntries(Object.entries(r.counts).map(([k, m]) => [k, Object.fromEntries(m)]));
  return {total: r.total, top: r.hits.slice(0, 20).map((h) => [h.docnum, h.score]), counts, partial: r.partial};
}"""


@pytest.mark.parametrize("ranges", [True, False], ids=["host with ranges", "host without ranges"])
def test_a_frequent_word_is_answered_from_the_top_of_its_postings_file(chromium, demo_site, ranges):
    page = chromium.new_page()
    responses = []
    page.on("response", lambda r: responses.append((urlsplit(r.url).path, r.status)))
    try:
        with serve(demo_site, ranges=ranges) as base:
            page.goto(base + "/search/")
            module, searched = base + "/assets/search/search.js", 0
            for word in ["council", "minutes", "children", "report", "interest"]:
                responses.clear()
                quick = page.evaluate(COUNTS_JS, [module, base + "/search/", word, False])
                postings = [status for path, status in responses if path.startswith("/search/post/")]
                whole = page.evaluate(COUNTS_JS, [module, base + "/search/", word, True])
                if not postings:  # a rare word, inline in its dictionary shard
                    continue
                assert postings == [206 if ranges else 200], word
                assert quick["partial"] == (whole["total"] > 20)
                assert quick["total"] == whole["total"] and quick["counts"] == whole["counts"], word
                assert quick["top"] == whole["top"], word
                searched += 1
            assert searched >= 3
    finally:
        page.close()


def test_counts_of_several_words_come_from_the_facets_of_one_of_them(chromium, demo_site):
    """Two words, a phrase, a prefix: the browser fetches the facets of only the part with the fewest
    postings, which hold every match; each count shown equals whoosh's total under that filter."""
    page = chromium.new_page()
    try:
        with serve(demo_site) as base:
            page.goto(base + "/search/")
            module = base + "/assets/search/search.js"
            for text in ["council tax", '"corporate property"', "licens* policy", "proc*", "children report"]:
                got = page.evaluate(COUNTS_JS, [module, base + "/search/", text, True])  # a fresh index each time
                assert got["total"] == index.search(demo_site, text, limit=None).total > 0, text
                checked = 0
                for facet, counts in got["counts"].items():
                    for value, n in sorted(counts.items(), key=lambda vn: -vn[1])[:3]:
                        assert index.search(demo_site, text, {facet: value}, limit=None).total == n, (text, facet)
                        checked += 1
                assert checked >= 10, text
    finally:
        page.close()


def test_more_results_go_past_the_top_of_a_frequent_word(page, demo_site):
    with serve(demo_site) as base:
        open_search(page, base, "council")
        expected = index.search(demo_site, "council", limit=30)
        assert expected.total > 30
        for shown in (20, 30):
            page.locator("#search-more").click()
            page.wait_for_selector(f"#search-results li:nth-child({shown})")
            settle(page)
        assert result_urls(page, base) == [h.url for h in expected.hits]


# -- the decisions register: filters and sorts, in the same browser, on the generated archive ---------

def test_the_registers_filters_and_sorts_work_in_the_browser(page, demo_site):
    """On the register's fullest year: each filter shows exactly the rows the plain table says it should."""
    from bs4 import BeautifulSoup
    pages = {p: BeautifulSoup(p.read_text(), "html.parser").select("#register tbody tr")
             for p in (demo_site / "decisions").glob("*/index.html")}
    path, rows = max(pages.items(), key=lambda kv: len(kv[1]))
    authorities = [tr["data-authority"] for tr in rows]
    assert len(set(authorities)) >= 2, "the fullest year should hold more than one authority's decisions"
    n = len(rows)
    authority = max(set(authorities), key=authorities.count)
    verb = max({tr["data-verb"] for tr in rows if tr["data-authority"] == authority},
               key=lambda v: sum(tr["data-verb"] == v for tr in rows))
    word = rows[-1].th.get_text().split()[-1].lower()
    with serve(demo_site) as base:
        page.goto(base + "/" + path.parent.relative_to(demo_site).as_posix() + "/")
        status = page.locator("#register-status")
        assert status.inner_text() == f"Showing {n} of {n} decisions"
        page.get_by_label("Search the register").fill(word)
        shown = sum(word in " ".join(tr.get_text().split()).lower() for tr in rows)
        assert 1 <= shown and status.inner_text() == f"Showing {shown} of {n} decisions"
        page.get_by_label("Search the register").fill("")
        page.get_by_label("Authority").select_option(authority)
        assert status.inner_text() == f"Showing {authorities.count(authority)} of {n} decisions"
        page.get_by_label("Decision", exact=True).select_option(verb)
        both = sum(tr["data-authority"] == authority and tr["data-verb"] == verb for tr in rows)
        assert status.inner_text() == f"Showing {both} of {n} decisions"
        assert page.locator("#register tbody tr:visible").count() == both
        page.get_by_label("Authority").select_option("")
        page.get_by_label("Decision", exact=True).select_option("")
        dates = sorted(tr.td["data-value"] for tr in rows)
        page.get_by_role("button", name="Date").click()
        assert page.locator("th:has(button:text('Date'))").get_attribute("aria-sort") == "ascending"
        first = page.locator("#register tbody tr").first.locator("td").first
        assert first.get_attribute("data-value") == dates[0]
        page.get_by_role("button", name="Date").click()
        assert first.get_attribute("data-value") == dates[-1] and dates[0] < dates[-1]
