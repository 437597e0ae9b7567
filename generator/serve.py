"""`minutebook serve`: a live preview for editors on 127.0.0.1.

Saving a content or template file rebuilds the site and reloads the open page (a same-origin
Server-Sent Events stream, so it works under the site's Content-Security-Policy). When the content
has an error, every page shows the errors, with file and line, until it is put right; the last good
site is kept, and nothing crashes.
"""
from __future__ import annotations

import contextlib
import gc
import html
import http.server
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from pathlib import Path
from typing import Any, Callable, Collection, Iterator, Optional, Protocol

import watchfiles

from .problems import Problems, format_problem
from .write import finish_interrupted, remove_later

RELOAD_PATH = "/__minutebook__/reload.js"
EVENTS_PATH = "/__minutebook__/events"
RELOAD_JS = b"""// Minutebook preview: reload this page when the site is rebuilt (the preview writes open pages first).
// The page names the build it was served from, so that a rebuild made before this script connects
// still reloads it.
const since = document.currentScript.dataset.generation;
new EventSource("/__minutebook__/events?since=" + since + "&page=" + encodeURIComponent(location.pathname))
  .addEventListener("rebuilt", () => location.reload());
"""


def reload_script(generation: int) -> str:
    return f'<script src="{RELOAD_PATH}" data-generation="{generation}"></script>'


class LiveSite(Protocol):
    """What the preview builds with (`cli.LiveSite`)."""

    content: Path
    templates: Path
    shown_in_search: bool  # whether the last `update` showed the save in the search index too

    def build(self, output: Path, preview: bool = False) -> tuple[Problems, bool]: ...

    def whole_build(self, output: Path) -> tuple[Problems, bool]: ...

    def update(self, path: Path, output: Path, first: Collection[str] = (),
               shown: Optional[Callable[[Problems], None]] = None) -> Any: ...

    def caught_up(self, output: Path) -> None: ...

    def prepare(self, output: Path) -> None: ...


class Preview:
    """The state the server shows: the last good build, the current problems, a build counter.

    A save is shown in two steps. First the pages alone: a save of one meeting's or person's file is
    linked again in place, and just the pages that read that file or whose node changed are
    rewritten, the open ones first (`update`), and the save is shown in the search index too
    (`LiveSearch`) unless it adds or takes out a record or would number them otherwise (a date, a
    name's order); any other save makes a `preview` build, which keeps the previous
    search index, feeds and data. The open page reloads. Then, once no file has changed
    for a moment, the rest is rebuilt in another process (a save stops it), forked with the site as
    shown (`whole_build`: not read and linked again), and the page reloads again only if one of the
    pages changed.
    """

    def __init__(self, live: LiveSite, log: Callable[[str], None]):
        self.live, self._log = live, log
        self.content, self.templates = live.content, live.templates
        self._root = Path(tempfile.mkdtemp(prefix="minutebook-preview-"))
        self.output = self._root / "site"
        self.problems = Problems()
        self.generation = 0
        self.changed = threading.Condition()
        self.behind = False  # the search index, feeds and data wait for a whole build
        self._catching_up: Optional[tuple[Any, Any, float]] = None  # (process, pipe, start) of that build
        self._reapers: list[threading.Thread] = []  # waiting for stopped builds' processes to end
        self._starting = threading.RLock()  # held to start or stop that build, and to close
        self._closed = False
        self._open: dict[str, int] = {}  # page (as output/ names it) → how many browsers show it
        self._open_lock = threading.Lock()

    def opened(self, page: str, by: int) -> None:
        """A browser opened (`by` 1) or left (-1) the page at `page`, an address on the site."""
        path = page.split("?", 1)[0].strip("/")
        path = "index.html" if not path else path if path.endswith(".html") else f"{path}/index.html"
        with self._open_lock:
            self._open[path] = self._open.get(path, 0) + by
            if self._open[path] <= 0:
                del self._open[path]

    def open_pages(self) -> set[str]:
        with self._open_lock:
            return set(self._open)

    def close(self) -> None:
        """Stop a build under way, and remove the preview's folder (the site and its build's bookkeeping);
        the watcher, which may still be running, starts no build after this. The folder is renamed, then
        removed in a process of its own (`remove_later`): a large archive's preview is ~110,000 files at
        10,000 meetings, and removing them here kept the preview from ending for ~25-30 s."""
        with self._starting:
            self._closed = True
            self._stop_catching_up()
        going = self._root.with_name(f"{self._root.name}-removed")
        try:
            os.rename(self._root, going)
        except OSError:
            shutil.rmtree(self._root, ignore_errors=True)
        else:
            remove_later(going)

    def rebuild(self, saved: Collection[str] = ()) -> None:
        """Show the files as saved: one meeting's or person's file linked again in place, else a
        preview build; the open page reloads."""
        if len(saved) == 1 and self._update(next(iter(saved))):
            return  # (it makes no graph for the collector to free)
        self._reap()
        with _collected_after(previous_graph=True):
            self._build_pages()
            self.live.prepare(self.output)

    def _update(self, path: str) -> bool:
        started = time.perf_counter()
        shown: list[float] = []

        def show(problems: Problems) -> None:
            self._show(problems)
            shown.append(time.perf_counter() - started)

        updated = self.live.update(Path(path), self.output, self.open_pages(), show)
        if updated is None:
            return False
        problems, pages, how = updated
        took = time.perf_counter() - started
        if problems.errors:  # this file's, or another's still not put right
            self._errors(problems)
            self.behind = False  # a whole build would stop at the same errors
            if how == "error":
                self._show(problems)
        else:
            what = {"text": "text updated", "linked": "linked again; updated", "added": "added; updated",
                    "removed": "removed; updated"}[how]
            searched = " and in the search" if self.live.shown_in_search else ""
            self._log(f"{Path(path).name}: {what} on {pages} page{'s' if pages != 1 else ''}{searched} in {took:.2f}s"
                      f" (open pages shown after {shown[0]:.2f}s){self._warnings(problems)}; "
                      f"{'feeds and data' if searched else 'search, feeds and data'} follow")
            self.behind = True
        if how != "text":
            self.live.prepare(self.output)  # what the next save of a meeting reads, after the page is shown
        return True

    def _errors(self, problems: Problems) -> None:
        for problem in problems.errors:
            self._log(format_problem(problem))
        self._log(f"{len(problems.errors)} error(s): the preview shows them until they are put right"
                  f"{self._warnings(problems)}")

    @staticmethod
    def _warnings(problems: Problems) -> str:
        count = len(problems.warnings)
        return f"; {count} warnings ('minutebook check' lists them)" if count else ""

    def _build_pages(self) -> None:
        started = time.perf_counter()
        problems, _ = self.live.build(self.output, preview=True)
        took = time.perf_counter() - started
        if problems.errors:
            self._errors(problems)
        else:
            self._log(f"pages rebuilt in {took:.2f}s{self._warnings(problems)}; search, feeds and data follow")
        self.behind = not problems.errors
        self._show(problems)

    def _show(self, problems: Problems) -> None:
        """Have the open pages reload, showing these problems if they are errors."""
        with self.changed:
            self.problems = problems
            self.generation += 1
            self.changed.notify_all()

    def watch(self, stop: threading.Event, ready: threading.Event) -> None:
        """Watch the files and act on each save. The first build is made here too, once the files are
        watched, so that a save made while it runs is not missed; `ready` is set after it."""
        locale = Path(__file__).resolve().parent / "locale"  # the interface's Welsh catalogue
        saves = watchfiles.watch(self.content, self.templates, locale, stop_event=stop, debounce=100, step=50,
                                 rust_timeout=400, yield_on_timeout=True)
        try:
            next(saves, None)  # from here on the files are watched (this waits up to 0.4 s)
            self._safely(self.rebuild)  # the pages first; the rest in another process
            ready.set()
            for changes in saves:
                if changes:
                    self._safely(lambda: self._saved(changes))
                elif self._catching_up is not None:
                    self._safely(self._check_caught_up)
                elif self.behind:
                    self._safely(self._catch_up)
        finally:
            ready.set()
            self._stop_catching_up()

    def _saved(self, changes: set) -> None:
        if self._stop_catching_up():
            self._log("(stopped: a file was saved; it starts again once the files are still)")
        self.rebuild(saved={path for _, path in changes})

    def _safely(self, act: Callable[[], None]) -> None:
        try:
            act()
        except Exception:  # a template that does not compile, a file that cannot be read …
            self._log(f"the preview could not be rebuilt; it will try again on the next save:\n"
                      f"{traceback.format_exc()}")
            self.behind = False

    # The whole build that follows a save (search, feeds, data: minutes in a large archive) is made in
    # another process, so that the next save is shown at once: it stops that build, which starts again
    # once the files are still.

    def _catch_up(self) -> None:
        self._reap()
        with self._starting:
            if self._closed:
                return
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=self._whole_build, args=(send,))  # not a daemon: it starts processes
            process.start()
            send.close()
            self._catching_up = (process, receive, time.perf_counter())
        self._log("rebuilding the search index, feeds and data …")

    def _whole_build(self, send: Any) -> None:
        """In the other process."""
        as_whole_build()
        try:
            problems, pages_changed = self.live.whole_build(self.output)
            send.send((True, list(problems), pages_changed))
        except BaseException:
            send.send((False, traceback.format_exc(), False))

    def _check_caught_up(self) -> None:
        process, receive, started = self._catching_up
        if not receive.poll():
            if process.is_alive():
                return
            ok, found, pages_changed = False, f"the build stopped (exit code {process.exitcode})", False
        else:
            ok, found, pages_changed = receive.recv()
        process.join()
        self._catching_up, self.behind = None, False
        if not ok:
            self._log(f"the search index, feeds and data could not be rebuilt:\n{found}")
            return
        problems = Problems()
        problems.extend(found)
        with _collected_after():
            self.live.caught_up(self.output)
            self._log(f"rebuilt in {time.perf_counter() - started:.2f}s{self._warnings(problems)}")
            if pages_changed or problems.errors or self.problems.errors:
                self._show(problems)
            self.live.prepare(self.output)

    def _stop_catching_up(self) -> bool:
        """Stop the whole build at once, if one is under way (True): its processes are stopped, then
        killed; the memory they free (gigabytes, in a large archive; ~0.3 s) is waited for only
        before the next build, which must take output/'s lock from them."""
        with self._starting:
            if self._catching_up is None:
                return False
            process, receive, _ = self._catching_up
            self._catching_up = None
        stopped = _stop_group(process.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        if stopped:
            reaper = threading.Thread(target=process.join, daemon=True)
            reaper.start()
            self._reapers.append(reaper)
        else:
            process.join()
        receive.close()
        finish_interrupted(self.output)  # had it begun to move files in, what it wrote comes first
        return True

    def _reap(self) -> None:
        for reaper in self._reapers:
            reaper.join()
        self._reapers.clear()

    def error_page(self, generation: int) -> Optional[bytes]:
        errors = self.problems.errors
        if not errors:
            return None
        items = "\n".join(f"<li><pre>{html.escape(format_problem(p))}</pre></li>" for p in errors)
        return (f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'">
<title>Content errors – Minutebook preview</title><link rel="stylesheet" href="/assets/site.css"></head>
<body><main id="main" class="wrap"><h1>The content has {len(errors)} error{'s' if len(errors) != 1 else ''}</h1>
<p>Put them right and save: this page reloads by itself.</p><ol class="problems">{items}</ol></main>
{reload_script(generation)}</body></html>""").encode()


@contextlib.contextmanager
def _collected_after(previous_graph: bool = False) -> Iterator[None]:
    """Hold the cyclic garbage collector off while the site is built or taken in; then collect once, and
    freeze what is left (`gc.freeze`), so that later collections pass over none of it. With
    `previous_graph`, what was frozen before (the graph a build replaces) goes through that collection.
    The collector's passes over the whole site graph (millions of objects, all alive) were half of a
    preview build's time on a 2,000-meeting archive; what a whole build leaves (its record of what each
    page read, the search's postings) made a full collection in the next save ~0.35 s at 10,000 meetings."""
    gc.disable()
    try:
        yield
    finally:
        if previous_graph:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
        gc.enable()


def _stop_group(group: int, timeout: float = 2.0) -> bool:
    """Stop every process of a process group (SIGSTOP) and wait until none runs: True once they all
    have, False if that could not be seen (then the caller waits for them to end)."""
    if not os.path.isdir("/proc"):  # (not Linux)
        return False
    try:
        os.killpg(group, signal.SIGSTOP)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as f:
                        fields = f.read().rsplit(b")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[2]) == group:  # its process group
                    states.append(fields[0])
        if all(state in (b"T", b"t", b"Z", b"X") for state in states):
            return True
        time.sleep(0.002)
    return False


def make_handler(preview: Preview) -> type:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(preview.output), **kwargs)

        def log_message(self, *args) -> None:
            pass

        def send_header(self, keyword: str, value: str) -> None:
            if keyword.lower() == "cache-control":
                self._cache_control = True
            super().send_header(keyword, value)

        def end_headers(self) -> None:
            """Every file the preview serves is checked again on each use ("no-cache"): a rebuild changes
            them under the open browser, which would otherwise reuse one by its Last-Modified date
            alone (a search index file fetched before the rebuild, say)."""
            if not getattr(self, "_cache_control", False):
                super().send_header("Cache-Control", "no-cache")
            self._cache_control = False
            super().end_headers()

        def do_GET(self) -> None:
            if self.path == RELOAD_PATH:
                return self._send(200, "text/javascript", RELOAD_JS)
            if self.path.split("?", 1)[0] == EVENTS_PATH:
                return self._events()
            generation = preview.generation  # (before the page is read: a later rebuild reloads it)
            error_page = preview.error_page(generation)
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if error_page is not None and not path.startswith("/assets/"):
                return self._send(200, "text/html; charset=utf-8", error_page)
            target = Path(self.translate_path(path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                page = target.read_bytes().replace(b"</body>", f"{reload_script(generation)}\n</body>".encode())
                return self._send(200, "text/html; charset=utf-8", page)
            if not target.exists() and (preview.output / "404.html").is_file():
                return self._send(404, "text/html; charset=utf-8", (preview.output / "404.html").read_bytes())
            return super().do_GET()

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            since = query.get("since", [""])[0]
            seen = int(since) if since.isdigit() else preview.generation
            page = query.get("page", [""])[0]
            preview.opened(page, 1)
            try:
                while True:
                    with preview.changed:
                        preview.changed.wait_for(lambda: preview.generation != seen, timeout=15)
                    if preview.generation != seen:
                        seen = preview.generation
                        self.wfile.write(b"event: rebuilt\ndata: %d\n\n" % seen)
                    else:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return
            finally:
                preview.opened(page, -1)

    return Handler


def as_whole_build() -> None:
    """Make this (forked) process the preview's whole build: its own process group, so that it can be
    stopped with the processes it starts, and SIGTERM's default action (the end of the process) in place
    of the preview's `leave_nothing_behind`. A process that inherited that handler may outlive a
    SIGTERM: the search's pool of processes, ended by SIGTERM when its work is done, then now and then
    (about one pool in a few hundred) kept a worker waiting on the pool's lock, and the build waited
    on it for ever, its search never shown."""
    os.setpgrp()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def leave_nothing_behind(*_: Any) -> None:
    """The preview's handler of SIGTERM (a terminal closed, a process manager): exit, through the
    `finally` that removes its folder."""
    sys.exit(0)


def serve(preview: Preview, port: int, log: Callable[[str], None]) -> None:
    signal.signal(signal.SIGTERM, leave_nothing_behind)
    try:
        _serve(preview, port, log)
    finally:
        preview.close()


def _serve(preview: Preview, port: int, log: Callable[[str], None]) -> None:
    stop, ready = threading.Event(), threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop, ready), daemon=True)
    watcher.start()
    try:
        ready.wait()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(preview))
        server.daemon_threads = True
        log(f"Serving the preview on http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        stop.set()
        watcher.join(10)  # (a build under way ends first; the folder is removed after it)
