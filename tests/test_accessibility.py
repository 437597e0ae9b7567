"""Accessibility as auditors test it: axe-core in real Chromium, the keyboard, and the Nu HTML Checker."""
import shutil
from pathlib import Path

import axe_playwright_python
import pytest

from browser import browser, serve
from conftest import nu_checker

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PAGE_TYPES = {
    "home": "/", "authority": "/bolton/", "body": "/bolton/executive-member-childrens-services/",
    "meeting": "/bolton/executive-member-looked-after-children-safeguarding/2009-11-23/",
    "item with a table": "/bolton/executive-member-looked-after-children-safeguarding/2009-11-23/23/",
    "item with a report": "/central-bedfordshire/executive/2011-07-12/integrated-childrens-system-replacement/",
    "exempt item": "/central-bedfordshire/executive/2011-07-12/16/",
    "person": "/bolton/people/cllr-murray/", "issue": "/issues/integrated-childrens-system/",
    "issues": "/issues/", "years": "/years/", "year": "/years/2009/", "undated": "/years/undated/",
    "accessibility statement": "/accessibility/", "404": "/404.html", "decisions register": "/decisions/",
    "decisions register, a year": "/decisions/2009/",
    "forward plan": "/forward-plan/", "search with results": "/search/?q=children",
    "search with a filter": "/search/?q=children&authority=bolton",
}
READY = {  # what a page's script shows
    "search with results": "#search:not([aria-busy]) #search-results li",
    "search with a filter": "#search:not([aria-busy]) #search-filter-panel[open] #filter-authority",
}
WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_every_page_type_has_no_axe_violations(chromium, base, name, width):
    w, h = WIDTHS[width]
    context = chromium.new_context(viewport={"width": w, "height": h}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(base + PAGE_TYPES[name])
        if name in READY:
            page.wait_for_selector(READY[name])
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
        violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert violations == []
        assert len(result["passes"]) > 10  # axe really ran its rules on this page
    finally:
        context.close()


def test_keyboard_reaches_every_link_of_a_meeting_page_in_order(chromium, base):
    page = chromium.new_page()
    page.goto(base + PAGE_TYPES["meeting"])
    expected = page.evaluate("""() => [...document.querySelectorAll('a[href], [tabindex="0"], input, button, select')]
        .filter(el => el.offsetParent !== null || el.matches('.skip-link'))
        .map(el => el.outerHTML.slice(0, 120))""")
    reached = []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement === document.body ? null : "
                                "document.activeElement.outerHTML.slice(0, 120)")
        if focused is None or (reached and focused == reached[0]):
            break
        reached.append(focused)
    assert reached[0].startswith('<a class="skip-link"')
    assert reached[:len(expected)] == expected
    search = [n for n, html in enumerate(reached) if html.startswith('<input type="search" id="site-search-q"')]
    assert search and search[0] < 15  # the header's search field, before the page's own content
    page.goto(base + PAGE_TYPES["meeting"])  # and back again: Shift+Tab retraces the same order
    for _ in range(3):
        page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.outerHTML.slice(0, 120)") == reached[1]


def test_skip_link_moves_focus_to_the_main_content(chromium, base):
    page = chromium.new_page()
    page.goto(base + PAGE_TYPES["item with a table"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible(chromium, base):
    page = chromium.new_page()
    page.goto(base + PAGE_TYPES["meeting"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                     return [s.outlineStyle, s.outlineWidth, s.backgroundColor]; }""")
    assert style[0] == "solid" and style[1] == "3px" and style[2] == "rgb(255, 221, 0)"


def test_print_hides_navigation_and_keeps_the_record(chromium, base):
    page = chromium.new_page()
    page.goto(base + PAGE_TYPES["meeting"])
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.site-header nav', '.breadcrumbs', '.prev-next', '.site-footer']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none"] * 4
    assert page.locator("article.item").count() == 3 and page.locator("article.item").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_every_html_file_passes_the_nu_html_checker(site):
    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java: apt-get install default-jre-headless (.ci/run does this)"
    result = nu_checker(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list(site.rglob("*.html"))) > 50
