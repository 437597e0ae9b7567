#!/usr/bin/env python3
"""How long an editor waits to see a save in `minutebook serve`, measured in a real browser.

    .venv/bin/python benchmarks/serve.py --meetings 10000 [--edits 7] [--workdir /tmp/minutebook-bench]

Starts `minutebook serve` on a copy of the demo corpus (the one benchmarks/run.py writes), waits for
its first build, and opens a meeting's page in headless Chromium (Debian's package, as the tests use).
Then, for each of several meetings in turn, saves an edit to the meeting's file and times from the
save until the open page shows it (the page reloads itself; the clock stops when the new words are
in it). Three kinds of edit, each on different meetings:

- text: a sentence added to the minutes' opening (what most saves are: a typo put right, a paragraph
  added); the meeting's page is open;
- facts: the meeting's start time changed (a fact that link reads: the meeting is linked again);
  the meeting's page is open;
- role: the first attendee's role changed, with that person's page open (the person's roles, their
  body's members and their authority's posts are worked out again);
- new: a meeting file added (a copy of the meeting, on another day of the same month, as
  `minutebook new meeting` would start it), with its body's page open: the clock stops when the
  page links to the new meeting.

The saves come a few seconds apart, as an editor's do: each stops the whole build (search, feeds,
data) that the one before started. Prints each time and the median of each kind, and what the
server logged for each save.

Then (`--searches`, default 3) it times how long the search takes to find a save: a sentence with a
word of its own is added to a meeting's minutes, and the clock stops when the preview's search page
finds the word (read again every 0.1 s until then). It also prints when the whole build that follows
logged its end ("rebuilt in …"), and each save waits for it, and then `PAUSE` (2 s), as an editor who
saves, then searches, then saves again a while later would (right after a whole build the preview
reads what it recorded, ~0.5 s at 10,000 meetings, and a save made then waits for it). Then
(`--role-searches`, default 3) the same for a save of an attendee's role, renamed to a word of its
own: the clock stops when the search finds that person's page, which lists the roles they held (a
save that links the meeting again). By default the search page is read every 0.1 s from the save
on, in the same cores as the preview taking the save in; with `--search-after-update` it is read
only once the preview has logged that the save is shown, as an editor who saves and then searches
would. (At 10,000 meetings the update the preview logs took about as long either way.)
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))


def _harness():
    spec = importlib.util.spec_from_file_location("minutebook_bench_run", HERE / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.dont_write_bytecode = True
    spec.loader.exec_module(module)
    return module


class Server:
    """`minutebook serve` in a child process; its log read line by line in a thread."""

    def __init__(self, content: Path, build_date: str):
        self.process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--content", str(content),
                                         "--port", "0", "--build-date", build_date], cwd=REPO,
                                        stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.times: list[float] = []  # when each line was read (time.perf_counter())
        self._new = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            with self._new:
                self.times.append(time.perf_counter())
                self.lines.append(line.rstrip("\n"))
                self._new.notify_all()

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 3600) -> str:
        deadline = time.time() + timeout
        with self._new:
            while True:
                for line in self.lines[after:]:
                    if re.search(pattern, line):
                        return line
                if time.time() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"{pattern!r} not logged:\n" + "\n".join(self.lines[-20:]))
                self._new.wait(1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def page_address(path: Path, content: Path) -> str:
    """The site address of a meeting file: /<authority>/<body>/<file name>/."""
    authority, _, body, _, name = path.relative_to(content).parts
    return f"{authority}/{body}/{name[:-3]}/"


PAUSE = 2.0  # seconds between the end of the whole build and the next save searched for
UPDATED = r"text updated|linked again|added;|pages rebuilt|error"  # the line the preview logs once a save is shown
_ROLE = re.compile(r'\n +- person: ([a-z0-9-]+)\n +role: "([^"]*)"')  # an attendee and the role they held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--edits", type=int, default=7, help="saves of each kind (default 7)")
    parser.add_argument("--searches", type=int, default=3, help="saves of text then searched for (default 3)")
    parser.add_argument("--role-searches", type=int, default=3,
                        help="saves of an attendee's role then searched for on their page (default 3)")
    parser.add_argument("--search-after-update", action="store_true",
                        help="read the search page only once the preview has logged the save's update (by "
                             "default it is read every 0.1 s from the save on)")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("MINUTEBOOK_BENCH_DIR",
                                                                             "/tmp/minutebook-bench")))
    parser.add_argument("--build-date", default="2026-11-23")
    args = parser.parse_args()
    from browser import browser
    from playwright.sync_api import Error as PlaywrightError

    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    corpus, _ = _harness().ensure_corpus(workdir, args.meetings, args.seed, fresh=False)
    content = workdir / "serve" / "content"
    shutil.rmtree(content.parent, ignore_errors=True)
    shutil.copytree(corpus, content)
    meetings = sorted(p for p in content.rglob("*.md") if "meetings" in p.parts)
    kinds = ["text", "facts", "role", "new"]
    chosen = meetings[len(meetings) // 3::max(1, len(meetings) // (5 * max(1, args.edits)))][:len(kinds) * args.edits]
    searched = meetings[len(meetings) // 5::max(1, len(meetings) // (5 * max(1, args.searches)))][:args.searches]
    with_roles = [path for path in meetings[len(meetings) // 4:] if _ROLE.search(path.read_text(encoding="utf-8"))]
    roles = with_roles[::max(1, len(with_roles) // max(1, args.role_searches))][:args.role_searches]

    print(f"minutebook serve on {args.meetings:,} meetings ({content}); first build …", flush=True)
    started = time.perf_counter()
    server = Server(content, args.build_date)
    try:
        url = re.search(r"(http://127\.0\.0\.1:\d+/)", server.wait_for("Serving the preview on"))[1]
        print(f"first build and serving: {time.perf_counter() - started:.1f}s", flush=True)
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        with browser() as b:
            page = b.new_page()
            for n, path in enumerate(chosen):
                kind = kinds[n % len(kinds)]
                text = path.read_text(encoding="utf-8")
                attendee = _ROLE.search(text)
                if kind == "role" and attendee is None:
                    kind = "facts"
                if kind == "role":
                    page.goto(f"{url}{path.relative_to(content).parts[0]}/people/{attendee[1]}/")
                elif kind == "new":
                    page.goto(url + page_address(path, content).rsplit("/", 2)[0] + "/")
                else:
                    page.goto(url + page_address(path, content))
                time.sleep(1)  # as an editor would: the whole build that follows a save has started
                if kind == "text":  # the first paragraph of the minutes, before the items (always shown)
                    marker = f"Benchmark sentence number {n}."
                    head, _, rest = text.partition("\n---\n")
                    edited = f"{head}\n---\n\n{marker}\n{rest}"
                elif kind == "facts":
                    marker = f"{10 + n % 8:02d}:{n % 60:02d}"
                    edited = re.sub(r'\ntime: "[^"]*"', f'\ntime: "{marker}"', text, count=1) \
                        if '\ntime: "' in text else text.replace("\ndate: ", f'\ntime: "{marker}"\ndate: ', 1)
                elif kind == "role":
                    marker = f"Benchmark Role {n}"
                    edited = text.replace(attendee[0], attendee[0].replace(f'"{attendee[2]}"', f'"{marker}"'), 1)
                else:
                    date = text.split("\ndate: ")[1][:10]
                    day = next(d for d in range(28, 0, -1) if not (path.parent / f"{date[:8]}{d:02d}.md").exists())
                    marker = f"{date[:8]}{day:02d}"
                    edited = text.replace(f"\ndate: {date}", f"\ndate: {marker}", 1)
                    path = path.parent / f"{marker}.md"
                seen = len(server.lines)
                saved = time.perf_counter()
                path.write_text(edited, encoding="utf-8")
                shows = ("marker => document.body && document.body.innerText.includes(marker)" if kind != "new" else
                         "slug => [...document.links].some((a) => a.href.endsWith('/' + slug + '/'))")
                page.wait_for_function(shows, arg=marker, timeout=1_200_000, polling=20)
                took = time.perf_counter() - saved
                times[kind].append(took)
                logged = server.wait_for(UPDATED, after=seen)
                print(f"{kind:5} {path.relative_to(content)}: shown after {took * 1000:,.0f} ms  [{logged}]",
                      flush=True)
            if searched or roles:
                page.goto("about:blank")  # (the page the edits opened reloads itself when a build ends)
                server.wait_for(r"^rebuilt in|could not be rebuilt", after=len(server.lines) - 1)
            saves = [("search", path) for path in searched] + [("role search", path) for path in roles]
            for n, (kind, path) in enumerate(saves):
                times.setdefault(kind, [])
                word = f"benchmarkword{n}x{os.getpid()}"
                text = path.read_text(encoding="utf-8")
                if kind == "search":  # a sentence at the top of the minutes; the meeting's page lists it
                    head, _, rest = text.partition("\n---\n")
                    edited = f"{head}\n---\n\nA sentence with {word} in it.\n{rest}"
                    address = page_address(path, content)
                else:  # an attendee's role: their page lists the roles they held
                    attendee = _ROLE.search(text)
                    renamed = attendee[0].replace(f'"{attendee[2]}"', f'"Benchmark Role {word}"')
                    edited = text.replace(attendee[0], renamed, 1)
                    address = f"{path.relative_to(content).parts[0]}/people/{attendee[1]}/"
                time.sleep(PAUSE)  # (as an editor would; right after a build, the preview takes in what it wrote)
                seen = len(server.lines)
                saved = time.perf_counter()
                path.write_text(edited, encoding="utf-8")
                if args.search_after_update:
                    server.wait_for(UPDATED, after=seen)
                while True:
                    try:
                        page.goto(f"{url}search/?q={word}")
                        page.wait_for_selector("#search:not([aria-busy])", state="attached", timeout=10_000)
                        found = page.eval_on_selector_all("#search-results a", "els => els.map((a) => a.href)")
                    except PlaywrightError:  # it reloaded itself as it was read (a build ended): read it again
                        found = []
                    if any(address in href for href in found):
                        break
                    if time.perf_counter() - saved > 600:
                        raise RuntimeError(f"{word} not found in the search: {server.lines[seen:]}")
                    time.sleep(0.1)
                took = time.perf_counter() - saved
                times[kind].append(took)
                updated = server.wait_for(UPDATED, after=seen)
                when = server.times[server.lines.index(updated, seen)] - saved
                logged = server.wait_for(r"^rebuilt in|could not be rebuilt", after=seen)
                print(f"{kind} {path.relative_to(content)}: found after {took * 1000:,.0f} ms  "
                      f"[logged after {when * 1000:,.0f} ms: {updated}]  [the whole build that followed: {logged}]",
                      flush=True)
        print()
        for kind, values in times.items():
            if values:
                print(f"{kind:5} median {statistics.median(values) * 1000:,.0f} ms, min {min(values) * 1000:,.0f}, "
                      f"max {max(values) * 1000:,.0f} (n={len(values)})")
    finally:
        stopping = time.perf_counter()
        server.stop()
        print(f"the preview ended {time.perf_counter() - stopping:.2f}s after SIGTERM")


if __name__ == "__main__":
    main()
