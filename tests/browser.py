"""Real headless Chromium (Debian's package) driven by Playwright, for tests of what runs in a browser."""
from __future__ import annotations

import contextlib
import functools
import http.server
import io
import re
import shutil
import threading
from pathlib import Path
from typing import Iterator

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RuntimeError("Debian's chromium is not installed: apt-get install chromium (.ci/run does this)")
    return path


@contextlib.contextmanager
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


# One search by the site's own search.js, its index opened once per page: the first ten hits and their records.
QUERY_JS = """async ([module, base, text, options]) => {
  const S = await import(module);
  window.__index = window.__index || await S.openIndex(base);
  const r = await S.runQuery(window.__index, text, options);
  const top = r.hits.slice(0, 10);
  const records = await S.loadRecords(window.__index, top.map((h) => h.docnum));
  return {total: r.total, docnums: top.map((h) => h.docnum), urls: records.map((x) => x.u),
          scores: top.map((h) => h.score), unknown: r.unknown, ignored: r.ignored, expanded: r.expanded};
}"""


def static_search(page, base: str, text: str, filters: dict | None = None, sort: str = "relevance") -> dict:
    """Search the site served at `base` as its search page does, from `page` (a page of that site)."""
    return page.evaluate(QUERY_JS, [base + "/assets/search/search.js", base + "/search/", text,
                                    {"filters": filters or {}, "sort": sort}])


@contextlib.contextmanager
def serve(root: Path, ranges: bool = True) -> Iterator[str]:
    """Serve a folder on a free loopback port, as a static host would; yields the base URL.

    Like static hosts (GitHub Pages, Netlify, S3, nginx), it answers single HTTP range requests,
    unless `ranges` is False (Python's own http.server does not).
    """
    handler = functools.partial(RangeHandler if ranges else _QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class RangeHandler(_QuietHandler):
    """Answers "Range: bytes=a-b" (one range) with 206 Partial Content."""

    def send_head(self):
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = self.translate_path(self.path)
        if match is None or not Path(path).is_file():
            return super().send_head()
        data = Path(path).read_bytes()
        start = int(match.group(1))
        end = min(int(match.group(2) or len(data) - 1), len(data) - 1)
        if start > end:
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return io.BytesIO(data[start:end + 1])
