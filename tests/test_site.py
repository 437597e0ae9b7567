"""The built sample archive, read as a resident would: every page type, every link, every seed fact."""
import re
from pathlib import Path
from urllib.parse import unquote, urldefrag
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import seed, text_of

M2008 = "/bolton/executive-member-childrens-services/2008-12-15/"
M2009 = "/bolton/executive-member-looked-after-children-safeguarding/2009-11-23/"
BROMLEY = "/bromley/executive/2017-01-11/"
CBEDS = "/central-bedfordshire/executive/2011-07-12/"
CBEDS_ITEM = CBEDS + "integrated-childrens-system-replacement/"
TORBAY = "/torbay/audit-committee/undated-working-party-report/"
TORBAY_ITEM = TORBAY + "childrens-and-adult-services-working-party/"


def html_files(site: Path):
    return sorted(site.rglob("*.html"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_page_type_exists(site):
    for url in ["/", "/bolton/", "/bolton/executive-member-childrens-services/", M2008, M2008 + "42/",
                "/bolton/people/cllr-adia/", "/issues/", "/issues/integrated-childrens-system/", "/years/",
                "/years/2009/", "/years/undated/", "/decisions/", "/forward-plan/", "/accessibility/"]:
        assert (site / url.strip("/") / "index.html").is_file(), url
    assert (site / "404.html").is_file()
    assert (site / "assets" / "site.css").is_file()


def test_sitemap_robots_and_canonical_urls(site):
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()  # a real XML parser: the file must be well formed
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = sorted(p for p in site.rglob("index.html"))
    assert len(locs) == len(pages) and locs == sorted(locs)
    assert "http://127.0.0.1:8000/bolton/executive-member-childrens-services/2008-12-15/42/" in locs
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in (site / "robots.txt").read_text()
    item = soup_of(site / "bolton/executive-member-childrens-services/2008-12-15/42/index.html")
    assert item.find("link", rel="canonical")["href"] == locs[locs.index(
        "http://127.0.0.1:8000/bolton/executive-member-childrens-services/2008-12-15/42/")]
    for path in pages:
        description = soup_of(path).find("meta", attrs={"name": "description"})["content"]
        assert len(description) > 30, path


def test_every_internal_link_resolves(site):
    ids: dict[Path, set[str]] = {}
    broken = []
    for path in html_files(site):
        soup = soup_of(path)
        ids[path] = {tag["id"] for tag in soup.find_all(id=True)}
    for path in html_files(site):
        soup = soup_of(path)
        for tag in soup.find_all(["a", "link", "script", "img"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or re.match(r"^(https?:|mailto:)", ref):
                continue
            url, fragment = urldefrag(ref)
            if url.startswith("/"):
                assert path.name == "404.html", f"{path}: root-relative link {ref} breaks under a sub-path"
                target = site / unquote(url).lstrip("/")
            else:
                target = (path.parent / unquote(url)) if url else path
            if target.is_dir():
                target = target / "index.html"
            target = target.resolve()
            if not target.is_file() or (fragment and fragment not in ids.get(target, set())):
                broken.append(f"{path.relative_to(site)} → {ref}")
    assert broken == []


def test_urls_are_lower_case_and_readable(site):
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("search/whoosh/"):  # whoosh names its own files; no page links to them
            continue
        assert rel == rel.lower(), rel
        assert re.fullmatch(r"[a-z0-9./-]+", rel), rel
    assert (site / "bolton/executive-member-childrens-services/2008-12-15/42/index.html").is_file()


def test_pages_are_semantic_and_accessible(site):
    for path in html_files(site):
        soup = soup_of(path)
        name = path.relative_to(site)
        assert soup.html.get("lang") == "en-GB", name
        assert len(soup.find_all("h1")) == 1, name
        assert soup.find("main", id="main") is not None, name
        assert soup.find("a", class_="skip-link", href="#main") is not None, name
        assert soup.find("header") and soup.find("footer") and soup.find("nav"), name
        assert soup.title and soup.title.string.strip(), name
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert levels[0] == 1, name
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{name}: heading h{after} follows h{before}"
        for th in soup.select("thead th"):
            assert th.get("scope") == "col", name
        for th in soup.select("tbody th"):
            assert th.get("scope") in ("row", "rowgroup"), name


def test_no_request_to_any_other_site(site):
    for path in html_files(site):
        soup = soup_of(path)
        for tag in soup.find_all(["script", "img", "iframe", "link", "source", "video", "audio"]):
            if tag.name == "link" and set(tag.get("rel", [])) & {"canonical", "alternate"}:
                continue  # addresses of this page and its feeds, not requests
            ref = tag.get("src") or tag.get("href") or ""
            assert not re.match(r"^(https?:)?//", ref), f"{path}: {tag}"
        for script in soup.find_all("script"):
            assert script.get("src") and not script.string, f"{path}: only script files, nothing inline"
    css = (site / "assets" / "site.css").read_text()
    assert "url(" not in css and "@import" not in css


def test_no_pdf_page_litter_anywhere(site):
    for path in site.rglob("*.html"):
        assert not re.search(r"Page \d+ of \d+", path.read_text(encoding="utf-8")), path


# -- the seed records, fact by fact ----------------------------------------------------------

ATTENDEES_2009 = [
    ("Councillor Murray", "Executive Member for Looked After Children and Safeguarding"),
    ("Councillor Mrs Brierley", "Major Opposition Spokesperson"),
    ("Councillor Mrs Rothwell", "Minor Opposition Spokesperson"),
    ("Mr J. Daly", "Assistant Director, Staying Safe"),
    ("Mr D. Smith", "Policy Accountant"),
    ("Mr. S. Fazal", "Assistant Director, Access and Inclusion"),
    ("Mr. A. Jennings", "Democratic Services Manager"),
]


def attendance(soup) -> list[tuple[str, str]]:
    return [(li.a.get_text(), li.find(class_="role").get_text()) for li in soup.select("ul.attendance li")]


def test_2009_attendees_with_honorifics_roles_and_links(page):
    soup = page(M2009)
    assert attendance(soup) == ATTENDEES_2009
    assert soup.select_one("ul.attendance li a")["href"] == "../../people/cllr-murray/"


def test_2008_attendees_match_the_seed(page):
    lines = [l for l in seed("001").splitlines() if "\t" in l and re.match(r"^(Councillor|Mr|Mrs|Ms|Miss)", l)]
    expected = [tuple(l.split("\t")) for l in lines]
    assert len(expected) == 7
    assert attendance(page(M2008)) == [(n.replace("'", "'"), r) for n, r in expected]


def test_items_have_numbers_titles_and_permalinks(page):
    soup = page(M2009)
    headings = [h.get_text(" ", strip=True) for h in soup.select("article.item > h2")]
    assert headings == ["22. Monitoring of Executive Member Decisions",
                        "23. Children’s Services – Strategic Resource Options – 2010/112014/15",
                        "24. Integrated Children’s System"]
    assert [a["href"] for a in soup.select("article.item > h2 a")] == ["22/", "23/", "24/"]
    assert [h.get_text(" ", strip=True) for h in page(M2008).select("article.item > h2")] == [
        "41. Monitoring of Executive Member Decisions",
        "42. Children's Services Strategic Resource Options 2009/10 to 2011"]


def test_decisions_with_verbs_and_parts(page):
    d41 = text_of(page(M2008 + "41/").select_one(".decision"))
    assert "The Executive Member for Children's Services NOTED the progress on decisions previously taken." in d41
    d42 = page(M2008 + "42/").select_one(".decision")
    parts = [(li.select_one(".part-label").get_text(), li.select_one(".verb").get_text()) for li in d42.select("ol.parts > li")]
    assert parts == [("(i)", "NOTED"), ("(ii)", "AGREED")]
    assert d42.select_one("h2").get_text(strip=True) == "NOTED and AGREED"
    d24 = page(M2009 + "24/").select_one(".decision")
    assert "AGREED to Option 3, to procure an alternative" in text_of(d24)
    options = [text_of(li) for li in d24.select("ul.options li")]
    assert options[2].startswith("Option 3 – to reprocure an alternative ICS.") and "(chosen)" in options[2]
    assert all("(rejected)" in o for o in options[:2])


def seed_000_table() -> list[tuple[str, str]]:
    text = seed("000")
    block = text[text.index("£000"): text.index("TOTAL REDIRECTION OPTIONS 1,839") + 40]
    return [(m[1].strip(), m[2]) for m in re.finditer(r"^(.*\S) (\d[\d,]*)\s*$", block, re.M)]


def test_efficiency_options_table_has_every_figure_as_a_real_table(page):
    table = page(M2009 + "23/").select_one("table.figures")
    assert table.caption.get_text(" ", strip=True) == "Efficiency Options 2010/11 (£000)"
    rows = {tr.th.get_text(strip=True): tr.select_one("td").get_text(strip=True) for tr in table.select("tbody tr")
            if tr.select_one("td")}
    expected = seed_000_table()
    assert len(expected) == 16  # 12 options, their total, 1 income line, its total, the grand total
    for label, figure in expected:
        assert rows.get(label) == figure, label
    for td in table.select("tbody td"):
        assert "num" in td["class"]
    assert [tr.th.get_text() for tr in table.select("tr.total")] == [
        "Total Efficiency Options", "Total Increased Income", "TOTAL REDIRECTION OPTIONS"]


def test_total_that_does_not_add_up_is_flagged_on_the_page(page):
    check = text_of(page(M2009 + "23/").select_one(".check"))
    assert "“Total Efficiency Options” is printed as 1,525" in check and "add up to 1,575" in check


def test_2008_table_keeps_text_in_numeric_cells_and_totals(page):
    table = page(M2008 + "42/").select_one("table.figures")
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == ["Option", "Redirections £000", "FTE's", "Vacant Posts"]
    cells = [td.get_text() for td in table.select("td")]
    for figure in ["500", "6 (Estimated)", "187", "30", "139", "400", "15", "To be identified", "50", "250", "288",
                   "96"]:
        assert figure in cells, figure
    total = [td.get_text() for td in table.select("tr.total td")]
    assert total == ["1,940", "30", "13"]
    assert not page(M2008 + "42/").select(".check")  # these totals do add up


def test_money_in_several_notations_is_kept(page):
    body = text_of(page(M2008 + "42/"))
    for money in ["£37,429,000", "£1,870,000", "£70,000", "£1,940,000", "£1,066,800", "£1,034,800"]:
        assert money in body


def test_bromley_report_reference_resolutions_and_scrutiny(page):
    soup = page(BROMLEY + "152/")
    body = text_of(soup)
    assert "Report CS17089" in body
    parts = [text_of(li) for li in soup.select(".decision ol.parts > li")]
    assert parts[0].startswith("(1) The Phase 3 additional funding of £141, 000 part year and £795,000 in a full year")
    assert parts[1].startswith("(2) One-off funding of £150k")
    consulted = [a.get_text() for a in soup.select("ul.consultations a")]
    assert consulted == ["Executive and Resources PDS Committee", "Care Services PDS Committee"]
    pds = page("/bromley/executive-and-resources-pds-committee/")
    assert pds.find("a", href="../executive/2017-01-11/152/")


REPORT_HEADER = {
    "Report of": "Councillor Maurice Jones, Executive Member for Corporate Resources",
    "Advising officer": "John Unsworth, Interim Assistant Director of Finance",
    "Contact officer": "Clive Jones, Assistant Director of Customer & Systems",
    "Public or exempt": "Report Public. Business Case Exempt on commercial grounds as the Council will be going out to tender.",
    "Wards affected": "All",
    "Function of": "Executive",
    "Key decision": "No",
}


def test_central_bedfordshire_report_header_fields(page):
    soup = page(CBEDS_ITEM)
    header = soup.select_one("dl.report-header")
    fields = {dt.get_text(): text_of(dt.find_next_sibling("dd")) for dt in header.find_all("dt")}
    for key, value in REPORT_HEADER.items():
        assert fields[key] == value, key
    implications = [dt.get_text() for dt in soup.select("dl.implications dt")]
    assert implications == ["Council Priorities", "Financial", "Legal", "Risk Management",
                            "Staffing (including Trades Unions)", "Equalities/Human Rights", "Community Safety",
                            "Sustainability"]
    recs = soup.select_one(".report ol.parts")
    assert [s.get_text() for s in recs.select("ol.parts ol.parts .part-label")] == ["(a)", "(b)", "(c)"]
    assert "Reason for recommendations" in text_of(soup)


def test_central_bedfordshire_background_paragraphs_are_numbered_1_to_16(page):
    narrative = page(CBEDS_ITEM).select_one(".narrative")
    numbers = []
    for ol in narrative.find_all("ol", recursive=True):
        start = int(ol.get("start", 1))
        numbers += range(start, start + len(ol.find_all("li", recursive=False)))
    assert numbers == list(range(1, 17))
    subheads = [h.get_text() for h in narrative.find_all("h3")]
    assert subheads == ["Background", "Business Case Overview", "Proposed Project Governance",
                        "Conclusion and Next Steps"]


def test_ofsted_quotations_are_quotations(page):
    quotes = [text_of(q) for q in page(CBEDS_ITEM).select("blockquote")]
    assert any("Case file recording too often fails to reflect the actions required" in q for q in quotes)
    assert any("Recording of information relating to the timeliness of initial assessments" in q for q in quotes)
    assert "does not provide effective support to staff and managers" in text_of(page(CBEDS_ITEM))


def test_munro_review_background_paper_link(page):
    link = page(CBEDS_ITEM).find("a", href="http://www.education.gov.uk/munroreview/")
    assert link.get_text() == "Munro Review of Child Protection"
    assert "noopener" in link["rel"]


def test_exempt_business_case_is_shown_as_exempt_without_content(page, site):
    item = page(CBEDS + "16/")
    notice = text_of(item.select_one(".exempt"))
    assert "This item is not published" in notice and "commercial grounds" in notice
    assert not item.select(".decision, .narrative, .report")
    appendix = next(li for li in page(CBEDS_ITEM).select("ul.documents li") if "Business Case" in li.get_text())
    assert [a["href"] for a in appendix.find_all("a")] == ["../16/"]  # the item where it is taken; no content
    assert "This document is not published" in text_of(appendix)


def test_torbay_recommendations_i_1_to_11_and_ii(page):
    soup = page(TORBAY_ITEM)
    top = soup.select_one(".decision > ol.parts")
    labels = [li.select_one(".part-label").get_text() for li in top.find_all("li", recursive=False)]
    assert labels == ["(i)", "(ii)"]
    inner = top.find("li").select_one("ol.parts")
    assert [li.select_one(".part-label").get_text() for li in inner.find_all("li", recursive=False)] == \
        [f"{n}." for n in range(1, 12)]
    two = inner.find_all("li", recursive=False)[1]
    assert [s.get_text() for s in two.select(".part-label")][1:] == ["a)", "b)"]
    assert "Numbers of children who are the subject of Child Protection Plans" in text_of(soup)
    assert "compares with other authorities" in text_of(soup)


def test_unknown_date_is_said_honestly(page):
    soup = page(TORBAY)
    facts = {dt.get_text(): dd.get_text(" ", strip=True) for dt, dd in zip(soup.select("dl.meeting-facts dt"),
                                                                           soup.select("dl.meeting-facts dd"))}
    assert facts["Date"] == "Date not recorded"
    assert facts["Status"] == "Not recorded"
    assert page("/years/undated/").find("a", href="../../torbay/audit-committee/undated-working-party-report/")


@pytest.mark.parametrize("issue, items", [
    ("integrated-childrens-system", [M2009 + "24/", CBEDS_ITEM]),
    ("strategic-resource-options", [M2008 + "42/", M2009 + "23/"]),
    ("monitoring-executive-member-decisions", [M2008 + "41/", M2009 + "22/"]),
    ("childrens-services-improvement-bromley", [BROMLEY + "152/"]),
])
def test_issues_link_their_items_both_ways(page, issue, items):
    issue_url = f"/issues/{issue}/"
    soup = page(issue_url)
    linked = {a["href"] for a in soup.select("ol.timeline a")}
    for item in items:
        assert "../.." + item in linked, item
        assert page(item).select_one(".issues-line a")["href"].endswith(issue_url.lstrip("/").rstrip("/") + "/")


def test_issue_timeline_runs_across_authorities_in_date_order(page):
    soup = page("/issues/integrated-childrens-system/")
    whens = [text_of(p) for p in soup.select("ol.timeline .when")]
    assert whens[0].startswith("Monday 23 November 2009 · Bolton")
    assert whens[1].startswith("Tuesday 12 July 2011 · Central Bedfordshire")
    bromley = [text_of(p) for p in page("/issues/childrens-services-improvement-bromley/").select("ol.timeline .when")]
    assert [w.split(" · ")[0] for w in bromley] == ["Wednesday 14 September 2016", "Wednesday 4 January 2017",
                                                    "Tuesday 10 January 2017", "Wednesday 11 January 2017"]


def test_person_page_roles_meetings_and_reports(page):
    murray = page("/bolton/people/cllr-murray/")
    assert "Executive Member for Looked After Children and Safeguarding" in text_of(murray.select_one("table"))
    assert murray.find("a", href="../../executive-member-looked-after-children-safeguarding/2009-11-23/")
    jones = page("/central-bedfordshire/people/cllr-maurice-jones/")
    assert "Integrated Children's System Replacement (Report of)" in text_of(jones)


def test_a_post_passing_between_people_is_visible(page):
    posts = page("/bolton/")
    row = next(tr for tr in posts.select("tbody tr") if tr.th.get_text() == "Policy Accountant")
    assert [a.get_text() for a in row.select("a")] == ["Mrs B. Newman", "Mr D. Smith"]
    assert "Officer post" in row.get_text()
    spokes = [tr for tr in posts.select("tbody tr") if tr.th.get_text() == "Major Opposition Spokesperson"]
    assert len(spokes) == 2  # a councillor's role is held on a body: one row per executive member
    assert {a.get_text() for tr in spokes for a in tr.select("td:nth-of-type(1) a")} == {
        "Executive Member for Children's Services", "Executive Member for Looked After Children and Safeguarding"}


def test_body_page_lists_members_and_meetings_by_year(page):
    soup = page("/bolton/executive-member-childrens-services/")
    members = [a.get_text() for a in soup.select("tbody th a")]
    assert "Councillor Adia" in members and "Miss K. Treadwell" in members
    assert soup.find("h3", string="2008")
    assert soup.find("a", href="2008-12-15/")


def test_home_page_shows_latest_decisions_and_authorities(page):
    soup = page("/")
    latest = [a["href"] for a in soup.select("ul.latest a")]
    assert latest[0] == "bromley/executive/2017-01-11/152/"  # the newest dated decision first
    assert [a.get_text() for a in soup.select("ul.authorities a")] == [
        "Bolton Council", "Central Bedfordshire Council", "London Borough of Bromley", "Torbay Council"]


def test_decisions_register_lists_every_decision_newest_first_a_page_for_each_year(page):
    """Without JavaScript: the register's index names each year with its count; the year pages, read in
    that order, list every published decision newest first, the undated one last."""
    index = page("/decisions/")
    years = [(a.get_text(), a["href"], li.span.get_text()) for li in index.select("ul.years li") for a in [li.a]]
    assert [y[0] for y in years] == ["2017", "2009", "2008", "Date not recorded"]
    assert index.select_one('a[href$="data/decisions.csv"]')
    rows, counts = [], []
    for label, href, count in years:
        year = page("/decisions/" + href)
        found = year.select("#register tbody tr")
        assert count == f"({len(found)} decision{'' if len(found) == 1 else 's'})"
        current = year.select_one('nav a[aria-current="page"]')
        assert current.get_text() == label and [a.get_text() for a in year.select("nav .register-years a")] == \
            [y[0] for y in years]
        rows += found
    assert len(rows) == 7  # 41, 42, 22, 23, 24, Bromley 152, Torbay
    dates = [tr.td["data-value"] for tr in rows]
    assert dates[0] == "2017-01-11" and dates[-1] == ""  # the undated Torbay decision is last
    assert [d for d in dates if d] == sorted((d for d in dates if d), reverse=True)
    item_24 = next(tr for tr in rows if "24. Integrated" in tr.get_text())
    assert "AGREED" in item_24.get_text() and item_24.th.a["href"].endswith("2009-11-23/24/")
    assert "Call-in period not recorded" in item_24.get_text()
    assert "7 decisions in the archive" in index.get_text()


def test_meeting_pages_weigh_under_50_kb_transferred(site):
    """HTML, CSS and scripts of each meeting page, gzipped as a static host would send them; no web fonts."""
    import gzip
    weights = {}
    for path in site.glob("*/*/*/index.html"):
        if path.parent.parent.name == "people":
            continue
        soup = soup_of(path)
        files = [path] + [(path.parent / tag.get("href") or tag.get("src")).resolve()
                          for tag in soup.find_all(["link", "script"])
                          if (tag.name == "link" and "stylesheet" in tag.get("rel", [])) or tag.get("src")]
        weights[path.relative_to(site).as_posix()] = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    assert len(weights) == 5
    assert max(weights.values()) <= 50 * 1024, weights
    css = (site / "assets" / "site.css").read_text()
    assert "@font-face" not in css and "font-family: system-ui" in css


def test_every_page_links_its_open_data_and_the_licence(site):
    for path in html_files(site):
        if path.name == "404.html":
            continue
        line = soup_of(path).select_one("footer .data-links")
        assert [a.get_text() for a in line.find_all("a")] == ["JSON", "CSV", "Open Government Licence v3.0"], path
    item = soup_of(site / "bolton/executive-member-childrens-services/2008-12-15/42/index.html")
    assert item.select_one(".data-links a")["href"] == "../meeting.json"  # an item links its meeting's data
    assert (site / "bolton/executive-member-childrens-services/2008-12-15/meeting.json").is_file()
