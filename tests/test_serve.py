"""`minutebook serve` in a real browser: save a file, see the page change; make a mistake, see it there."""
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from browser import browser
from conftest import ROOT

MEETING = Path("bolton/meetings/executive-member-childrens-services/2008/2008-12-15.md")


@pytest.fixture
def preview(content):
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--content", str(content),
                                "--port", "0", "--build-date", "2026-11-23"], cwd=ROOT,
                               stderr=subprocess.PIPE, text=True)
    url, lines = None, []
    deadline = time.time() + 60
    while url is None and time.time() < deadline:
        line = process.stderr.readline()
        lines.append(line)
        match = re.search(r"Serving the preview on (http://127\.0\.0\.1:\d+/)", line)
        url = match and match[1]
    assert url, "".join(lines)
    yield url
    process.terminate()
    process.wait(10)


def test_saving_a_file_updates_the_open_page_and_errors_show_in_it(preview, content):
    path = content / MEETING
    original = path.read_text()
    with browser() as b:
        page = b.new_page()
        page.goto(preview + "bolton/executive-member-childrens-services/2008-12-15/")
        assert page.locator("h1").inner_text().endswith("Executive Member for Children's Services")
        path.write_text(original.replace("## 41. Monitoring of Executive Member Decisions",
                                         "## 41. Monitoring of Decisions, Edited"))
        page.wait_for_selector("text=41. Monitoring of Decisions, Edited", timeout=20000)

        path.write_text(original.replace("person: cllr-adia", "person: cllr-adie"))
        page.wait_for_selector("text=The content has 1 error", timeout=20000)
        problem = page.locator("ol.problems li").inner_text()
        assert f"{path}:" in problem and "attendee 'cllr-adie' is not a known person; did you mean 'cllr-adia'?" in problem

        path.write_text(original)
        page.wait_for_selector("h1 >> text=Executive Member for Children's Services", timeout=20000)
        assert page.locator("text=41. Monitoring of Executive Member Decisions").count() >= 1


def test_the_preview_shows_a_save_first_and_its_search_catches_up(preview, content):
    path = content / MEETING
    with browser() as b:
        page = b.new_page()
        page.goto(preview + "bolton/executive-member-childrens-services/2008-12-15/")
        assert page.locator("h1").inner_text().endswith("Executive Member for Children's Services")
        path.write_text(path.read_text().replace("## 41. Monitoring of Executive Member Decisions",
                                                 "## 41. Monitoring of Quarterly Zanzibarite Decisions"))
        page.wait_for_selector("text=41. Monitoring of Quarterly Zanzibarite Decisions", timeout=20000)
        deadline, found = time.time() + 60, []
        while not found and time.time() < deadline:
            page.goto(preview + "search/?q=zanzibarite")
            page.wait_for_selector("#search:not([aria-busy])", state="attached")
            found = page.eval_on_selector_all("#search-results a", "els => els.map((a) => a.textContent)")
            time.sleep(0.5)
        assert any("Zanzibarite" in text for text in found), found
