"""The `minutebook` command: a thin layer over the pipeline load → validate → link → render → write."""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.metadata
import itertools
import json
import os
import re
import sys
import time
from pathlib import Path
from collections import defaultdict
from types import MappingProxyType
from typing import Any, Callable, Collection, Iterable, Iterator, Mapping, NamedTuple, Optional

import click

from .depend import (ATTENDANCE_READ, READ, TEXT_READ, Inputs, Plan, changed_since, content_stamps, file_stamp,
                     folder_digest, pack, page_parts, page_record, source_digests, source_name, sources_digest, unpack)
from .link import (NONE, AuthorityNode, BodyNode, ItemNode, MeetingNode, PersonNode, Site, YearNode,
                   link_archive, relink_meeting, relink_person, relink_text, same_but_attendance, same_links)
from . import scaffold
from .feeds import calendar_files, feed_files, feed_links, reach_from_state, reach_state, ward_feeds
from .index import Index, LiveSearch, keep_related, related_by_address, related_pieces, related_state
from .kept import OTHER_RECORDS, KeptRecords
from .index import search as search_index
from .opendata import data_files, data_links
from .model import BODY_KINDS, SLUG_PATTERN, json_schemas
from .load import FileCache, is_meeting_file, is_person_file, load_archive, read_meeting, read_person
from .problems import ContentError, Problems, format_problem
from .render import COMPILED, SITEMAP_PART, TEMPLATES, Renderer, assets, normalise_site_url, page_file
from .requirements import check_meeting, check_requirements
from .serve import Preview, serve
from .validate import RESERVED, slugify, validate_archive, validated_meeting, validated_person
from .write import (REWRITTEN, BuildLocked, StagedOutput, StringPieces, UpdatedOutput, file_digest, kept_to_the_end,
                    previous_build, remove_file, replace_file)


def read_archive(content: Path, build_date: dt.date, strict: bool = False,
                 cache: Optional[FileCache] = None, positions: bool = True,
                 kept: Optional[KeptRecords] = None, kept_others: Optional[KeptRecords] = None
                 ) -> tuple[Site, Problems]:
    """Load, validate and link everything, and check what the law requires; nothing is written.
    A `cache` kept from run to run (as `serve` does) spares reading again the meetings not saved since.
    Without `positions`, each record lets go of its file's YAML once it is made, and a later error
    reads the file again for its line (a one-off build: the memory goes to rendering and search);
    then the meeting records the previous build `kept` are used for the files that did not change,
    and the other records it kept (`kept_others`: authorities', bodies', people's, issues')."""
    problems = Problems()
    others = None if positions else kept_others
    raw = load_archive(content, problems, cache, defer=others is not None)
    archive = validate_archive(raw, problems, cache, positions, None if positions else kept, others)
    del raw
    site = link_archive(archive, problems, build_date)
    check_requirements(site, problems, strict)
    return site, problems


DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


# the libraries whose versions may change the bytes of what a build writes
OUTPUT_LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "pyyaml", "pydantic", "whoosh", "feedgen",
                    "icalendar", "babel", "rjsmin", "holidays", "lxml", "markupsafe", "orjson")


def build_signature(templates: Path, site_url: str, build_date: dt.date) -> str:
    """What, besides the content, every page depends on: the code (the libraries' too), the templates,
    the address and the date.

    A previous build made with another signature is not brought up to date but replaced.
    """
    digest = hashlib.blake2b(f"{site_url}\n{build_date.isoformat()}\n{sys.version}\n".encode("utf-8"), digest_size=16)
    for library in OUTPUT_LIBRARIES:
        digest.update(f"{library} {importlib.metadata.version(library)}\n".encode("utf-8"))
    for folder in (Path(__file__).resolve().parent, templates):
        folder_digest(folder, digest)
    return digest.hexdigest()


def build_site(site: Site, output: Path, templates: Path = TEMPLATES, progress: bool = False,
               site_url: str = DEFAULT_SITE_URL, clean: bool = False, preview: bool = False,
               rewritten: Collection[str] = (), digests: Mapping[str, str] = MappingProxyType({}),
               before_and_now: Callable[[str, Optional[str]], Optional[tuple]] = lambda name, digest: None,
               linked_alike: bool = False, jobs: Optional[int] = None) -> StagedOutput:
    """Render the site and write it atomically; returns what was written (`.files`, `.changed`).

    When output/ holds a previous build of the same code, templates, address and date, only the files
    whose bytes differ are written (unless `clean`); otherwise the whole site is written anew.
    A `preview` build (for `serve`) brings only the pages up to date, keeping the previous build's
    search index, feeds, calendars and open data and its related decisions (with no previous build,
    it writes the pages alone, showing no related decisions); a build that is not a preview brings
    those up to date again. An update renders the pages while the search index is made beside it,
    with the related decisions the previous build found, then renders again the pages of the items
    whose related decisions changed (a whole build waits for them). Files `rewritten` in output/
    since the previous build (pages and search files: `LiveSite.update`) are written again whatever
    that build's manifest says of them, or removed if this build does not make them. `digests` are
    those of content files taken before they were read (`KeptRecords.digests_under`; `LiveSite.build`
    takes every file's), not read again.
    `before_and_now(name, digest)` gives the records of a meeting file (by its path under the content
    folder) when its bytes had `digest` and now, if known (`KeptRecords.before_and_now`); `linked_alike`
    says that `link` made the graph the previous build did, whatever the files (`LiveSite`: only text
    that link does not read was saved since). The pages are rendered by `jobs` processes at most (None:
    as many as `renderers` finds room for).
    The result also holds the `.renderer`, whose `jobs()` are the pages made (address, node, and how to render it).
    """
    signature = build_signature(templates, site_url, site.build_date)
    COMPILED.take_kept(output)
    with kept_to_the_end():  # until the build ends
        previous = None if clean else previous_build(output, signature)
    if previous is not None and rewritten:  # written again, or removed if this build does not make them
        previous["files"].update(dict.fromkeys(rewritten, REWRITTEN))
    kept = preview and previous is not None and "related" in (previous.get("state") or {})
    # An update shows the related decisions the previous build found while the search process finds
    # them anew; the pages whose items' related decisions then differ are rendered again. (Taken out of
    # the state, which is not carried into every process forked.)
    related_before = None if previous is None or preview else (previous.get("state") or {}).pop("related", None)
    # both raise BuildLocked if another build is writing there
    staged = StagedOutput(output) if previous is None else UpdatedOutput(output, previous)
    staged.signature = signature
    previous_state = staged.previous_state if isinstance(staged, UpdatedOutput) else {}
    inputs = Inputs(previous_state.get("inputs"), staged.keep,  # of the feeds, calendars and open data
                    reach_from_state(previous_state.get("reach")), previous_state.get("register"), output)
    sources = source_digests(site.root, digests)
    previous_sources = previous_state.get("sources")  # (read here: a forked process forgets the previous state)
    changed = changed_since(previous_sources, previous_state.get("inputs_from"), sources)
    # When the only files changed since the previous build are meeting files whose records differ from
    # those it read only in text that `link` does not read (`link.same_links`), `link` made the graph it
    # made then, and every page's node has the shape it had (working them out: ~2 s of CPU at 10,000).
    shapes_kept = linked_alike or changed is not None and all(
        (records := before_and_now(name, previous_sources.get(name))) is not None  # type: ignore[union-attr]
        and same_links(*records) for name in changed)
    only_meetings = changed is not None and changed <= {source_name(site.root, m) for m in site.meetings}

    def same(meeting: Any) -> bool:
        """Whether the files a meeting's open data is made from are those the previous build's was: its
        own file and every file but other meetings' (they change nothing in it)."""
        return only_meetings and source_name(site.root, meeting) not in changed  # type: ignore[operator]
    searching = False  # whether the search process is still at work while pages are rendered
    try:
        if preview:
            if kept:
                keep_related(site, related_by_address(previous_state["related"]))
            staged.start_writer()
        else:
            staged.write_aside(lambda: itertools.chain(feed_files(site, site_url, inputs, same),
                                                       calendar_files(site, site_url, inputs),
                                                       data_files(site, site_url, inputs, same)),
                               report=lambda: (inputs.digests, reach_state(inputs.reach), inputs.register))
            staged.start_writer()
            whoosh = staged.folder("search/whoosh")

            searched: list[Index] = []
            builder = os.getpid()

            def search_files() -> Iterator[tuple[str, bytes]]:
                before = previous_state.get("search")
                if isinstance(staged, UpdatedOutput) and os.getpid() != builder:  # forked
                    staged.forget_previous("search/")
                search = Index(site, whoosh, before, staged.output / "search" / "whoosh", kept=staged.output,
                               sources=(previous_sources, sources))
                searched.append(search)
                for path, data in search.export(keep=lambda path: staged.keep(f"search/{path}"),
                                                previous=lambda path: staged.previous_bytes(f"search/{path}")):
                    yield f"search/{path}", data
                search.relate()  # from what the export gathered; item pages show related decisions

            # In a forked process, so that what indexing holds and leaves behind is never part of this
            # one, from which the other rendering processes are forked (10,000 meetings: ~300 MiB less).
            staged.write_aside(search_files, report=lambda: {"related": StringPieces(lambda: related_pieces(site)),
                                                             "search": searched[0].state()})
            searching = not searched and related_before is not None  # forked, and an update
            if searching:
                keep_related(site, related_by_address(related_before))
            else:
                search_state, reach, _, related = _searched(staged.join_aside(), site, inputs, searched)
        renderer = Renderer(site, templates, site_url, feed_links)
        renderer.env.globals.update(ward_feeds=ward_feeds, data_links=data_links)
        plan = Plan(renderer.reads, sources, previous_state, shapes_kept)
        # The pages' jobs are made afresh by each pass over them (~0.4 µs a page), not kept in a list:
        # one was ~390 bytes a page (its address, crumbs and arguments), in both rendering processes.
        pages = sum(1 for _ in renderer.jobs())
        # An update of the graph the previous build linked (`shapes_kept`: nodes' shapes are not worked out
        # again) finds here, once, the pages an edit may have changed (~0.5 s at 10,000 meetings), and the
        # other processes, if there are enough of them to share, render those and report only those. Each
        # process went over every page of its share, and reported them all (~37,000 at 10,000 meetings,
        # ~2 s of CPU in all for the 16 pages an edit to a meeting's text renders again).
        again: Optional[bytearray] = None  # (by the pages' places in `renderer.jobs()`)
        if plan.shapes_kept and isinstance(staged, UpdatedOutput):
            again = bytearray(not (plan.unchanged(path, node) and staged.keep(path))
                              for path, node, _ in renderer.jobs())
            plan.report_rendered_only()
        shares = renderers(jobs) if (pages if again is None else again.count(1)) >= SHARE_FROM else 1

        def to_write(share: int, entries: Iterable[tuple[tuple[str, Any, Any], int]]) -> Iterator[tuple[str, str]]:
            """The pages of one share to write: those an edit may have changed (the others are kept)."""
            if again is not None:
                for n, ((path, node, make), mine) in enumerate(entries):
                    if mine == share and again[n]:
                        yield path, plan.render(path, node, make)
                return
            for (path, node, make), mine in entries:
                if mine == share and not (plan.unchanged(path, node) and staged.keep(path)):
                    yield path, plan.render(path, node, make)

        with renderer.sharing_item_bodies():  # (each share holds a meeting's pages and its items')
            for share in range(1, shares):  # other processes render a share of the pages each
                staged.write_aside(lambda share=share: ((path, html.encode("utf-8")) for path, html in
                                                        to_write(share, _shares(renderer.jobs(), shares))),
                                   report=plan.report, yielding=searching)  # the search is what the build waits on
            if progress:  # a bar on a terminal; click draws nothing when stderr is not one (CI logs)
                with click.progressbar(_shares(renderer.jobs(), shares), length=pages, label="Writing pages",
                                       file=sys.stderr) as entries:
                    staged.write_pages(to_write(0, entries))
            else:
                staged.write_pages(to_write(0, _shares(renderer.jobs(), shares)))
        # While the other processes finish, and before what they report is taken in: a sitemap of
        # 800,000 addresses is ~100 MB while it is made.
        for path, xml in renderer.sitemaps(path for path, _, _ in renderer.jobs()):
            staged.write_text(path, xml)
        staged.write_text("robots.txt", renderer.robots())
        reports = staged.join_aside(take=plan.merge)  # (what the other rendering processes recorded)
        if searching:  # the feeds' and the search's reports; then the pages of items whose related
            search_state, reach, related_again, related = _searched(reports, site, inputs, searched)
            plan.shapes_kept = False  # decisions are not those shown (their shapes are not those recorded)
            for path, node, make in renderer.jobs():
                if node in related_again:
                    plan.unchanged(path, node)  # its shape, with them
                    staged.write_again(path, plan.render(path, node, make))
        staged.state, staged.rendered = {**plan.state(), "related": related if not preview else related_state(site)}, \
            plan.rendered
        if not preview:
            staged.state["search"], staged.state["inputs"] = search_state, inputs.digests
            staged.state["reach"], staged.state["register"] = reach, inputs.register
            staged.state["inputs_from"] = sources_digest(sources)
        elif kept:  # what made the search files, feeds and calendars it keeps
            staged.state.update({key: previous_state[key] for key in ("search", "inputs", "inputs_from", "reach",
                                                                      "register") if key in previous_state})
        for path, data in assets(templates / "assets"):
            staged.write_bytes(f"assets/{path}", data)
        for source, url in site.documents:
            staged.copy(source, url.lstrip("/"))
        if kept:
            staged.keep_others(remade=SITEMAP_PART.fullmatch)  # (a part of the sitemap too many now)
        staged.commit()
        COMPILED.keep(output)
    except BaseException:
        staged.discard()
        raise
    staged.renderer = renderer
    return staged


def _searched(reports: list, site: Site, inputs: Inputs, searched: list[Index]) -> tuple[dict, dict, set, str]:
    """Take in what the processes that made the feeds (and calendars and open data) and the search
    index reported: the inputs of the files they made (and where the register has each meeting's
    rows: `Inputs.register`), each item's related decisions. Returns, for
    the next build, the search index's state, what the feeds reach (`reach_state`) and the related
    decisions (`related_state`: the search process's, which the items now have); and the items whose
    related decisions are not those they had. Not forked, they left it all in this process."""
    if not reports:
        return searched[0].state(), reach_state(inputs.reach), set(), related_state(site)
    (inputs.digests, reach, inputs.register), search_report = reports
    related = search_report["related"]
    return search_report["search"], reach, keep_related(site, related_by_address(related)), related


def _pages_moved(written: StagedOutput) -> bool:
    """Whether a build changed a page (a build that wrote the site anew says nothing of it: it did)."""
    return any(path.endswith(".html") for path in getattr(written, "moved", ["index.html"]))


class Updated(NamedTuple):
    """What `LiveSite.update` did: the problems now, how many pages it rewrote, and how
    ("text": in place; "linked": the file's record linked again; "added" or "removed": a meeting's or
    person's file came, or a meeting's went; "error": the file has errors, nothing written)."""
    problems: Problems
    pages: int
    how: str


class LiveSite:
    """What `serve` keeps from one save to the next: what it read of each file (a FileCache), and the
    last good build's graph and pages, so that a save of one meeting's or person's file is shown without
    reading and linking the whole archive again (`update`)."""

    def __init__(self, content: Path, templates: Path, build_date: dt.date):
        self.content, self.templates, self.build_date = content, templates, build_date
        self.cache = FileCache()
        self._site: Optional[Site] = None  # of the last build, if it had no errors
        self._problems = Problems()
        self._renderer: Optional[Renderer] = None
        self._jobs: dict[str, tuple[Any, Any]] = {}  # page address → (its node, how to render it)
        self._pages = 0  # how many pages the sitemap lists
        self._state: dict = {}  # what the build recorded: each page's files ("pages"), their names, related
        # meeting or person file → the pages that read it, … that read its text, … its attendance
        self._readers: Optional[tuple[dict[str, list[str]], ...]] = None
        self._meetings: Optional[dict[str, MeetingNode]] = None  # file → its meeting
        self._persons: Optional[dict[str, PersonNode]] = None  # file → the person
        self._items: Optional[dict[str, ItemNode]] = None  # address → item
        self._rewritten: set[str] = set()  # pages written in place since the last build
        self._related_addresses: Optional[dict[str, list[str]]] = None  # `_related`
        # Each content file's digest and stamp (`content_stamps`) as the site holds it, taken before it
        # was read; None when not known (an update with errors, a save that only a build shows).
        self._digests: Optional[dict[str, str]] = None
        self._stamps: Optional[dict[str, tuple[int, int]]] = None
        # whether `link` made the graph that output/'s last build recorded each page's shape from: only
        # text that link does not read was saved since (`link.relink_text`)
        self._linked_alike = False
        # The search index in output/, brought up to date by each save linked in place (`LiveSearch`)
        # while it is of the site held (`_searchable`: since output/'s last whole build, only saves it showed),
        # and the search files those saves rewrote, which the next whole build writes again.
        self._search: Optional[LiveSearch] = None
        self._searchable = False
        self._patched: set[str] = set()
        self.shown_in_search = False  # whether the last update's save is shown in the search index too

    def build(self, output: Path, preview: bool = False) -> tuple[Problems, bool]:
        """Read, check and build; (the problems, whether a page changed)."""
        self._site, self._renderer, self._jobs = None, None, {}  # the old graph goes
        self._search, self._searchable = None, False
        self._forget()
        self._digests, self._stamps, self._linked_alike = None, None, False
        # Each file's digest is taken before it is read: a file saved while the build reads the others
        # is then recorded as it was before, and the next build sees it changed. Taken after (as
        # build_site would), it would be recorded as saved while the build made its search of the
        # bytes before, and the next build would keep that search. (The stamps, before the digests.)
        stamps = content_stamps(self.content)
        digests = source_digests(self.content)
        site, problems = read_archive(self.content, self.build_date, cache=self.cache)
        if problems.errors:
            return problems, False
        written = build_site(site, output, self.templates, preview=preview,
                             rewritten=self._rewritten if preview else self._rewritten | self._patched, digests=digests)
        self._rewritten = set()
        if not preview:  # (a preview build keeps the search files as they are)
            self._patched, self._searchable = set(), True
        self._site, self._problems, self._state, self._renderer = site, problems, written.state, written.renderer
        self._digests, self._stamps, self._linked_alike = digests, stamps, True
        self._jobs = {path: (node, make) for path, node, make in written.renderer.jobs()}
        self._pages = len(self._jobs)  # in the sitemap
        return problems, _pages_moved(written)

    def whole_build(self, output: Path) -> tuple[Problems, bool]:
        """The whole build that follows saves (search, feeds, data; `serve` makes it in another process)
        of the site the preview shows, saves linked in place and all, when every file is as the site read
        it (its stamp as taken then); else of the files read again (`build`). Reading and linking again
        was ~4 s of the 15 s such a build took at 10,000 meetings, before its search was shown."""
        if self._site is None or self._stamps is None or content_stamps(self.content) != self._stamps:
            return self.build(output)
        written = build_site(self._site, output, self.templates, rewritten=self._rewritten | self._patched,
                             digests=self._digests, linked_alike=self._linked_alike)
        return self._problems, _pages_moved(written)

    def caught_up(self, output: Path) -> None:
        """Take in what a whole build of the same content, made in another process, recorded in
        output/: the related decisions it found, and what each page read."""
        built = previous_build(output, build_signature(self.templates, DEFAULT_SITE_URL, self.build_date))
        if self._site is None or built is None:
            return
        self._state = built["state"]
        # It was made from this site (`whole_build`) if every file is still as the site read it (a save
        # stops it, and any update since would have been such a save).
        self._linked_alike = self._stamps is not None and content_stamps(self.content) == self._stamps
        self._forget()
        keep_related(self._site, self._related())
        self._rewritten, self._patched = set(), set()
        # The search index it made is the one the saves were shown in, shards cut anew: kept (reading
        # it back took ~1.6 s at 10,000 meetings, which a save right after the build waited for).
        self._searchable = self._linked_alike
        if self._search is not None and not (self._searchable and self._search.rebuilt()):
            self._search = None

    def _forget(self) -> None:
        self._readers = self._meetings = self._persons = self._items = None
        self._related_addresses = None

    def _related(self) -> dict[str, list[str]]:
        """The related decisions the last whole build found, by address (kept as a string in its state)."""
        if self._related_addresses is None:
            self._related_addresses = related_by_address(self._state.get("related", ""))
        return self._related_addresses

    def update(self, path: Path, output: Path, first: Collection[str] = (),
               shown: Optional[Callable[[Problems], None]] = None) -> Optional[Updated]:
        """Show a save of one meeting's file, or one person's, without a build: the file is read and
        checked again, and linked again in place of the old record (`link.relink_text` when only a
        meeting's text changed, else `link.relink_meeting` or `link.relink_person`); the pages that
        read it, or whose node linking changed, are rendered again and written in place (when only a
        meeting's attendance changed, `link.same_but_attendance`, only those that read its attendance,
        and those of the nodes that show what is worked out from it: `ATTENDANCE_SHOWN`). When the
        file has errors, the last good pages stay and the problems say what is wrong (the errors of
        another file do not keep this one's save from the pages; the preview shows them until they
        are put right). None if a build must show the save (see `relink_meeting`; a person's file
        deleted).

        The pages `first` (those open in a browser) and the file's own page are written first; then
        `shown(problems)` is called, so that they reload while the others are written."""
        site = self._site
        if site is None:
            return None
        try:
            name = Path(path).resolve().relative_to(self.content.resolve()).as_posix()
        except ValueError:
            return None  # a template, or the Welsh catalogue
        source = site.root / name
        parts = tuple(name.split("/"))
        if any(part.startswith(".") for part in parts) or source.is_symlink():
            return None
        self.shown_in_search = False
        stamp = file_stamp(source)  # (as `build` takes them: the stamp, then the digest, then the read)
        digest = file_digest(source) if stamp is not None else None
        if is_meeting_file(parts):
            updated = self._update_meeting(name, source, parts, output, first, shown)
        elif is_person_file(parts):
            updated = self._update_person(name, source, output, first, shown)
        else:
            return None
        self._took(name, stamp, digest, updated)
        self._linked_alike = self._linked_alike and updated is not None and updated.how == "text"
        if not self.shown_in_search:  # (the search index then waits for the whole build)
            self._search, self._searchable = None, False
        return updated

    def _took(self, name: str, stamp: Optional[tuple[int, int]], digest: Optional[str],
              updated: Optional[Updated]) -> None:
        """Note the stamp and digest of a file an update took in (None: it is gone). After an error, or a
        save that only a build shows, they are no longer known until the next build."""
        if self._digests is None or self._stamps is None:
            return
        if updated is None or updated.problems.errors:
            self._digests = self._stamps = None
        elif stamp is None or digest is None:
            self._digests.pop(name, None)
            self._stamps.pop(name, None)
        else:
            self._digests[name], self._stamps[name] = digest, stamp

    def _update_person(self, name: str, source: Path, output: Path, first: Collection[str],
                       shown: Optional[Callable[[Problems], None]]) -> Optional[Updated]:
        person, problems = self._person(name), self._problems_but(source)
        try:
            raw = self.cache.get(source, read_person)
        except ContentError as exc:
            problems.add(exc)
            return self._failed(problems)
        except OSError:
            return None  # gone: a build shows the site without them, or what still names them
        record, found = validated_person(raw)
        problems.extend(found)
        if record is None or _errors(found):
            return self._failed(problems)
        self._live_search(output)  # (made of the site as it was, if it is not yet)
        relinked = relink_person(self._site, person, record)
        if relinked is None:
            return None
        problems.extend(relinked.problems)
        if relinked.problems.errors:
            return self._failed(problems)
        self._problems = problems
        pages = dict.fromkeys(self._pages_reading(name))
        path, node, make = self._renderer.person_job(relinked.node)  # (its crumbs name them)
        self._jobs[path] = (node, make)
        if person is None:
            self._persons[name] = relinked.node
            self._sitemap(output)
        if person is not None:  # (a person added is a document the search does not have: the whole build's)
            shown = self._searched_when(shown, None, output, [*relinked.touched,
                                                              *(a.meeting for a in relinked.node.attended)])
        return self._write_changed(output, pages, relinked.touched, relinked.node, first, shown,
                                   "added" if person is None else "linked")

    def _update_meeting(self, name: str, source: Path, parts: tuple[str, ...], output: Path,
                        first: Collection[str], shown: Optional[Callable[[Problems], None]]) -> Optional[Updated]:
        site, meeting, problems = self._site, self._meeting(name), self._problems_but(source)
        try:
            raw = self.cache.get(source, read_meeting)
        except ContentError as exc:
            problems.add(exc)
            return self._failed(problems)
        except OSError:
            if meeting is None or source.exists():
                return None
            record = None  # the file was deleted
        else:
            record, found = validated_meeting(parts[0], raw, self.cache)
            problems.extend(found)
            if record is None or _errors(found):
                return self._failed(problems)
            if meeting is not None and relink_text(meeting, record):
                check_meeting(meeting, problems)
                self._problems = problems
                pages = self._pages_reading(name, TEXT_READ)
                written = self._write(output, pages, meeting, first, self._searched_when(shown, meeting, output))
                return Updated(problems, written, "text")
        self._live_search(output)  # (made of the site as it was, if it is not yet)
        attendance = meeting is not None and record is not None and same_but_attendance(meeting.record, record)
        relinked = relink_meeting(site, meeting, record)
        if relinked is None:
            return None
        problems.extend(relinked.problems)
        if relinked.problems.errors:
            self._relinked(name, meeting, relinked.node, output)
            return self._failed(problems)
        if relinked.node is not None:
            check_meeting(relinked.node, problems)
        self._problems = problems
        pages = dict.fromkeys(self._pages_reading(name, ATTENDANCE_READ if attendance else READ))
        self._relinked(name, meeting, relinked.node, output)
        how = "added" if meeting is None else "removed" if record is None else "linked"
        if how == "linked":  # (documents added or taken out are the whole build's)
            shown = self._searched_when(shown, relinked.node, output, relinked.touched)
        touched = [node for node in relinked.touched if isinstance(node, ATTENDANCE_SHOWN)] if attendance \
            else relinked.touched
        return self._write_changed(output, pages, touched, relinked.node, first, shown, how)

    def _write_changed(self, output: Path, pages: dict[str, None], touched: list[Any], node: Any,
                       first: Collection[str], shown: Optional[Callable[[Problems], None]], how: str) -> Updated:
        """Write the pages that read the file (`pages`), those of the nodes linking changed (`touched`),
        and the site-wide pages, which a build too renders every time."""
        for each in touched:
            pages.update(dict.fromkeys(_pages_of(each)))
        pages.update(dict.fromkeys(path for path, (node, _) in self._jobs.items() if node is None))
        written = self._write(output, [page for page in pages if page in self._jobs], node, first, shown, track=True)
        return Updated(self._problems, written, how)

    def _problems_but(self, source: Path) -> Problems:
        """The problems of every file but `source`, whose are found again."""
        problems = Problems()
        problems.extend(p for p in self._problems if p.where.path != source)
        return problems

    def _sitemap(self, output: Path) -> None:
        """The sitemap again: pages came or went (and with them, maybe, a part of it)."""
        written = set()
        for path, xml in self._renderer.sitemaps(self._jobs):
            replace_file(output, path, xml.encode("utf-8"))
            written.add(path)
        for part in output.glob("sitemap-*.xml"):
            if SITEMAP_PART.fullmatch(part.name) and part.name not in written:
                remove_file(output, part.name)
                written.add(part.name)
        self._rewritten |= written
        self._pages = len(self._jobs)

    def _failed(self, problems: Problems) -> Updated:
        self._problems = problems
        return Updated(problems, 0, "error")

    def _write(self, output: Path, pages: list[str], node: Any, first: Collection[str],
               shown: Optional[Callable[[Problems], None]], track: bool = False) -> int:
        """Render `pages` again and write those that changed, those open and the meeting's first;
        with `track`, note what each page read."""
        plan = Plan(self._renderer.reads, {}, None) if track else None
        own = page_file(node.url) if node is not None else None
        soon = [page for page in pages if page in first or page == own]
        changed = 0
        if not soon and shown is not None:
            shown(self._problems)
        for n, page in enumerate(soon + [page for page in pages if page not in soon], 1):
            about, make = self._jobs[page]
            html = make() if plan is None else plan.render(page, about, make)
            if replace_file(output, page, html.encode("utf-8")):
                self._rewritten.add(page)
                changed += 1
            if n == len(soon) and shown is not None:
                shown(self._problems)
        if plan is not None:
            names, numbers = self._state["names"], {name: n for n, name in enumerate(self._state["names"])}

            def number(name: str) -> int:
                if name not in numbers:
                    numbers[name] = len(names)
                    names.append(name)
                return numbers[name]

            recorded = self._state["pages"]
            for page, (shape_, *read) in plan.pages_by_name().items():
                before = recorded.get(page)
                recorded[page] = page_record(shape_, (pack(sorted(map(number, files))) for files in read))
                if self._readers is not None:
                    self._reread(page, before, read)
        return changed

    def _relinked(self, name: str, old: Optional[MeetingNode], new: Optional[MeetingNode], output: Path) -> None:
        """Take in a meeting's new node (None: its file went) in place of the old (None: a new file):
        its pages (those it no longer has are removed from output/), and the related decisions of its
        items and those that name them."""
        def pages(meeting: Optional[MeetingNode]) -> list[str]:
            return [page_file(n.url) for n in (meeting, *meeting.items)] if meeting is not None else []

        for page in pages(old):
            del self._jobs[page]
        self._meetings.pop(name, None)
        if new is not None:
            self._meetings[name] = new
            for path, node, make in self._renderer.meeting_jobs(new):
                self._jobs[path] = (node, make)
        gone = set(pages(old)) - set(pages(new))
        years = {path for path, (node, _) in self._jobs.items() if isinstance(node, YearNode)}
        for year in self._site.years:  # (a year may be a new node even where the site had one)
            for path, node, make in self._renderer.year_jobs(year):
                self._jobs[path] = (node, make)
                years.discard(path)
        gone |= years  # the pages of years with no meetings, or no decisions, now
        for page in gone:
            self._jobs.pop(page, None)
            remove_file(output, page)
            before = self._state["pages"].pop(page, None)
            if self._readers is not None:
                self._reread(page, before, [[], [], []])
            self._rewritten.add(page)
        if len(self._jobs) != self._pages or gone:
            self._sitemap(output)
        items = self._all_items()
        urls = set()
        for meeting, present in ((old, False), (new, True)):
            for item in meeting.items if meeting is not None else ():
                urls.add(item.url)
                if present:
                    items[item.url] = item
                else:
                    items.pop(item.url, None)
        for url, others in self._related().items():
            if url in urls or not urls.isdisjoint(others):
                item = items.get(url)
                if item is not None:
                    item.related = [items[other] for other in others if other in items] or NONE

    def prepare(self, output: Path) -> None:
        """Make now what the first edit after a build would otherwise wait for (0.2-0.3 s at
        10,000 meetings): the meetings and people by file, and the pages that read each; and the
        search index the next save is shown in (~2 s at 10,000 meetings)."""
        if self._site is not None:
            self._meeting(".")
            self._person(".")
            self._pages_reading(".")
            self._all_items()
            self._live_search(output)

    def _live_search(self, output: Path) -> Optional[LiveSearch]:
        """The search index in output/, to bring up to date with a save, if it is of the site held."""
        if self._searchable and self._search is None:
            self._search = LiveSearch.of(self._site, output, self._state.get("search"))
            self._searchable = self._search is not None
        return self._search

    def _searched_when(self, shown: Optional[Callable[[Problems], None]], meeting: Optional[MeetingNode],
                       output: Path, touched: Iterable[Any] = ()) -> Callable[[Problems], None]:
        """`shown`, then the save shown in the search index (`_show_in_search`): once the open pages
        are written, before the others (a save that links a meeting again rewrites dozens: ~1.5 s at
        10,000 meetings, which its search waited for)."""
        def searched(problems: Problems) -> None:
            if shown is not None:
                shown(problems)
            self._show_in_search(meeting, output, touched)
        return searched

    def _show_in_search(self, meeting: Optional[MeetingNode], output: Path, touched: Iterable[Any] = ()) -> None:
        """Show a save of a meeting's file (or a person's: `meeting` None) in output/'s search index, with
        the nodes linking `touched`, if it is of the site held (else the whole build that follows shows
        it there)."""
        search = self._live_search(output)
        try:
            files = search.saved(meeting, touched) if search is not None else None
        except (OSError, ValueError):  # a search file gone or damaged: the whole build writes it again
            files = None
        if files is None:
            self._search, self._searchable = None, False
            return
        for path, data in files:
            if replace_file(output, path, data):
                self._patched.add(path)
        self.shown_in_search = True

    def _person(self, name: str) -> Optional[PersonNode]:
        if self._persons is None:
            root = self._site.root
            self._persons = {p.record.source.path.relative_to(root).as_posix(): p for p in self._site.people}
        return self._persons.get(name)

    def _meeting(self, name: str) -> Optional[MeetingNode]:
        if self._meetings is None:
            root = self._site.root
            self._meetings = {mt.record.source.path.relative_to(root).as_posix(): mt for mt in self._site.meetings}
        return self._meetings.get(name)

    def _all_items(self) -> dict[str, ItemNode]:
        if self._items is None:
            self._items = {item.url: item for item in self._site.items}
        return self._items

    def _pages_reading(self, name: str, what: int = READ) -> list[str]:
        """The pages that read the meeting file `name` (or, as `what` says, its text or its attendance),
        as the build or update recorded."""
        if self._readers is None:
            self._meeting(".")
            names = self._state["names"]
            wanted = [self._read_by_pages(n) for n in names]
            self._readers = (defaultdict(list), defaultdict(list), defaultdict(list))
            for page, record in self._state["pages"].items():
                for readers, files in zip(self._readers, page_parts(record)[1:]):
                    for number in unpack(files) if files else ():
                        if wanted[number]:
                            readers[names[number]].append(page)
        return self._readers[what].get(name, [])

    def _read_by_pages(self, name: str) -> bool:
        """Whether `_pages_reading` keeps the pages that read the file `name`: a meeting's or a person's."""
        return name in self._meetings or is_person_file(tuple(name.split("/")))

    def _reread(self, page: str, before: Optional[str], read: list[list[str]]) -> None:
        """Bring `_pages_reading` up to date with what `page`, rendered again, read (the files it read,
        … whose text, … whose attendance; `before`: what the build or update before recorded of it).
        Making it again from every page's record took ~0.4 s at 10,000 meetings, after each save that
        links a meeting again."""
        names = self._state["names"]
        for readers, was, now in zip(self._readers, page_parts(before)[1:] if before else (None,) * 3, read):
            was, now = {names[n] for n in unpack(was)} if was else set(), set(now)
            for name in was - now:
                if page in readers.get(name, ()):
                    readers[name].remove(page)
            for name in now - was:
                if self._read_by_pages(name):
                    readers[name].append(page)


# The nodes whose pages show what `link` works out from a meeting's attendance (the meetings people attended,
# the roles they held, a body's members, an authority's posts): rendered again after a save that changed only
# the attendance, with the pages that read it; not the other nodes linking touched (its items, its year …).
ATTENDANCE_SHOWN = (MeetingNode, PersonNode, BodyNode, AuthorityNode)


def _errors(found: list) -> bool:
    return any(p.severity == "error" for p in found)


def _pages_of(node: Any) -> list[str]:
    """The pages about `node` (a year has two: its meetings, and its decisions in the register)."""
    pages = [page_file(node.url)]
    if isinstance(node, YearNode) and node.decisions:
        pages.append(page_file(node.register_url))
    return pages


SHARE_FROM = 300  # pages; below this, a second process costs more than it saves


def _shares(jobs: Iterable[tuple[str, Any, Any]], shares: int) -> Iterator[tuple[tuple[str, Any, Any], int]]:
    """Each page's job, and which of `shares` processes renders it (0 to shares - 1): pages take turns,
    but an item's page goes with its meeting's, since both render the same texts and each process keeps
    what it rendered."""
    turn = shares - 1
    for job in jobs:
        if not isinstance(job[1], ItemNode):
            turn = turn + 1 if turn + 1 < shares else 0
        yield job, turn


def renderers(jobs: Optional[int] = None) -> int:
    """How many processes render the pages: `jobs` if given; else one on each core this process may
    run on, but no more than the memory available holds (each process forked to render comes to hold
    about as much as this one, as reference counts copy the pages it shares): with 100,000 meetings
    this process holds ~3.5 GB, and 16 cores do not mean 56 GB. Two where there are two cores, as
    before memory was counted."""
    if jobs is not None:
        return max(1, jobs)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores <= 2:
        return cores
    held, available = _memory()
    return max(2, min(cores, 1 + available // held)) if held and available else 2


def _memory() -> tuple[int, int]:
    """This process's resident memory and the memory available on the machine, in bytes (0 where not known)."""
    found = {}
    for path in ("/proc/self/status", "/proc/meminfo"):
        try:
            with open(path) as f:
                for line in f:
                    name, _, value = line.partition(":")
                    if name in ("VmRSS", "MemAvailable"):
                        found[name] = int(value.split()[0]) * 1024  # (in kB)
        except (OSError, ValueError):
            pass
    return found.get("VmRSS", 0), found.get("MemAvailable", 0)


def _report(problems: Problems, form: str = "text") -> None:
    """Problems for people (colour on a terminal, the line and a caret), for GitHub, or as JSON."""
    if form == "github":
        for p in problems:
            where = f"file={_escape_property(str(p.where.path))},line={p.where.line},col={p.where.col}"
            click.echo(f"::{p.severity} {where}::{_escape_data(p.message)}")
    elif form == "json":
        click.echo(json.dumps({
            "errors": len(problems.errors), "warnings": len(problems.warnings),
            "problems": [{"severity": p.severity, "file": str(p.where.path), "line": p.where.line,
                          "column": p.where.col, "message": p.message} for p in problems],
        }, indent=2, ensure_ascii=False))
        return
    colour = sys.stderr.isatty() and form == "text"
    if form == "text":
        for problem in problems:
            click.echo(format_problem(problem, colour=colour), err=True)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors or warnings:
        click.echo(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}", err=True)


def _escape_data(text: str) -> str:
    """GitHub workflow-command escaping (actions/toolkit: escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _date(ctx, param, value):
    if value is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:  # reproducible-builds.org: the build's date comes from its input, not the clock
            try:
                return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
            except (ValueError, OverflowError):
                raise click.BadParameter(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("write the date as YYYY-MM-DD") from None


content_option = click.option("--content", type=click.Path(path_type=Path), default=Path("content"),
                              show_default=True, help="Folder of content records.")
date_option = click.option("--build-date", callback=_date, default=None,
                           help="The date the site is built for (YYYY-MM-DD; default SOURCE_DATE_EPOCH, "
                                "else today): decides what is upcoming and what is still embargoed.")


@click.group()
@click.version_option(package_name="minutebook")
def main() -> None:
    """Minutebook: publish a council's record of decisions as a static website."""


@main.command()
@content_option
@date_option
@click.option("--strict", is_flag=True,
              help="Treat what the law requires of a record (reasons, alternatives, declarations, key decision "
                   "references, Schedule 12A paragraphs) as errors, not warnings.")
@click.option("--format", "form", type=click.Choice(["text", "github", "json"]), default="text", show_default=True,
              help="text for people; github for GitHub Actions annotations; json for programs.")
def check(content: Path, build_date: dt.date, strict: bool, form: str) -> None:
    """Validate every record; exit non-zero on any error."""
    with kept_to_the_end():
        _, problems = read_archive(content, build_date, strict)
    _report(problems, form)
    if problems.errors:
        sys.exit(1)
    if form == "text":
        click.echo(f"{content}: no errors", err=True)


@main.command()
@content_option
@click.option("--output", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Folder to write the site to (replaced only when the build succeeds).")
@click.option("--templates", type=click.Path(path_type=Path, exists=True, file_okay=False), default=TEMPLATES,
              help="Folder of Jinja templates.", show_default=True)
@date_option
@click.option("--site-url", envvar="MINUTEBOOK_SITE_URL", default=DEFAULT_SITE_URL, show_default=True,
              help="The address the site is published at (canonical links, sitemap, feeds); "
                   "or set MINUTEBOOK_SITE_URL.")
@click.option("--clean", is_flag=True,
              help="Read every meeting file and write the whole site anew, even where output/ holds a build "
                   "this one could bring up to date.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Render the pages in at most this many processes.  [default: one per core, as many as the "
                   "memory available holds]")
def build(content: Path, output: Path, templates: Path, build_date: dt.date, site_url: str, clean: bool,
          jobs: Optional[int]) -> None:
    """Check the records, then write the site; on any error, write nothing.

    When output/ holds a previous build (same code, templates, --site-url and --build-date), only the
    files that changed are written; the result is the same, byte for byte, as a clean build. The
    meeting files whose bytes did not change since the previous build are not read again.
    """
    started = time.perf_counter()
    try:
        site_url = normalise_site_url(site_url)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--site-url") from None
    kept = KeptRecords(output, reuse=not clean)
    others = KeptRecords(output, reuse=not clean, what=OTHER_RECORDS)
    with kept_to_the_end():
        site, problems = read_archive(content, build_date, positions=False, kept=kept, kept_others=others)
    _report(problems)
    if problems.errors:
        click.echo(f"build stopped: nothing was written to {output}", err=True)
        sys.exit(1)
    kept.save_aside()
    others.save_aside()
    try:
        written = build_site(site, output, templates, progress=sys.stderr.isatty() and not os.environ.get("CI"),
                             site_url=site_url, clean=clean,
                             digests={**kept.digests_under(content), **others.digests_under(content)},
                             before_and_now=functools.partial(kept.before_and_now, content), jobs=jobs)
    except BaseException as exc:
        kept.abandon()
        others.abandon()
        if not isinstance(exc, BuildLocked):
            raise
        click.echo(f"build stopped: {exc}", err=True)
        sys.exit(1)
    try:
        kept.save()
        others.save()
    except OSError as exc:
        click.echo(f"note: the records could not be kept for the next build ({exc}); "
                   "it will read every file again", err=True)
    took = time.perf_counter() - started
    read = f"{len(kept.made)} of {len(kept.digests)} meeting files read anew"
    if isinstance(written, UpdatedOutput):
        click.echo(f"updated {output}: {written.changed} of {written.files} files changed "
                   f"({written.rendered} pages rendered again; {read}), in {took:.1f}s", err=True)
    else:
        click.echo(f"wrote {written.files} files to {output} ({read}) in {took:.1f}s", err=True)


@main.command("search")
@click.argument("query")
@click.option("--output", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="The built site whose search index to use.")
@click.option("--authority", help="Only this authority (its id, e.g. bolton).")
@click.option("--body", help="Only this body: AUTHORITY/BODY, e.g. bolton/executive.")
@click.option("--year", help="Only this year, e.g. 2009.")
@click.option("--verb", help="Only decisions with this verb, e.g. NOTED.")
@click.option("--ward", help="Only decisions touching this ward: AUTHORITY/WARD NAME.")
@click.option("--key", is_flag=True, help="Only key decisions.")
@click.option("--kind", type=click.Choice(["item", "meeting", "person", "issue"]), help="Only this kind of record.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance", show_default=True)
@click.option("--limit", type=int, default=10, show_default=True, help="How many results to show.")
@click.option("--format", "form", type=click.Choice(["text", "json"]), default="text", show_default=True)
def search_command(query: str, output: Path, authority, body, year, verb, ward, key, kind, sort, limit, form) -> None:
    """Search the built site's index, as the site's search page does (same syntax and filters).

    Words are all required; "quoted words" are a phrase; a word ending in * is a prefix, and so is
    an unknown last word (type-ahead).
    """
    filters = {name: value for name, value in [("authority", authority), ("body", body), ("year", year),
                                               ("verb", verb), ("ward", ward), ("key", "yes" if key else None),
                                               ("kind", kind)] if value}
    if not (output / "search" / "root.json").is_file():
        click.echo(f"{output} has no search index: run 'minutebook build' first (or give --output)", err=True)
        sys.exit(1)
    results = search_index(output, query, filters, sort, limit)
    if form == "json":
        click.echo(json.dumps({"query": query, "filters": filters, "sort": sort, "total": results.total,
                               "unknown": results.unknown, "ignored": results.ignored,
                               "expanded": results.expanded,
                               "results": [{"docnum": h.docnum, "url": h.url, "title": h.title, "score": h.score,
                                            "date": h.record.get("d"), "context": h.record.get("m")}
                                           for h in results.hits]}, indent=2, ensure_ascii=False))
        return
    for word in results.unknown:
        click.echo(f"No record in the archive contains '{word}'.", err=True)
    if results.ignored:
        click.echo(f"Ignored (too common or too short): {', '.join(results.ignored)}", err=True)
    for prefix, stems in results.expanded.items():
        click.echo(f"'{prefix}' taken as the beginning of a word ({', '.join(stems)}…)", err=True)
    click.echo(f"{results.total} result{'s' * (results.total != 1)}")
    for n, hit in enumerate(results.hits, 1):
        meta = " · ".join(filter(None, [hit.record.get("m"), hit.record.get("d")]))
        click.echo(f"{n:>3}. {hit.title}\n     {meta}\n     /{hit.url}")


@main.command("serve")
@content_option
@click.option("--templates", type=click.Path(path_type=Path, exists=True, file_okay=False), default=TEMPLATES,
              help="Folder of Jinja templates.", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1 (0 picks a free one).")
@date_option
def serve_command(content: Path, templates: Path, port: int, build_date: dt.date) -> None:
    """Preview the site locally; saving a file rebuilds it and reloads the page."""

    def log(message: str) -> None:
        click.echo(message, err=True)

    serve(Preview(LiveSite(content, templates, build_date), log), port, log)


@main.group()
def new() -> None:
    """Write a new, commented record file in the right place (never overwriting one)."""


def _scaffolded(make, *args, **kwargs) -> None:
    try:
        path = make(*args, **kwargs)
    except scaffold.ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {path}; fill it in, then run 'minutebook check'")


def _slug(ctx, param, value):
    if value is not None and (not re.fullmatch(SLUG_PATTERN, value) or value in RESERVED):
        raise click.BadParameter(f"'{value}' cannot be an id: use lower-case letters, digits and single hyphens, "
                                 f"e.g. '{slugify(value) or 'cllr-murray'}'")
    return value


authority_option = click.option("--authority", required=True, callback=_slug, help="The authority's id (its folder).")
id_option = click.option("--id", "ident", required=True, callback=_slug, help="The new record's id (its file name).")


@new.command("meeting")
@content_option
@authority_option
@click.option("--body", required=True, callback=_slug, help="The id of the body that meets.")
@click.option("--date", "when", required=True, callback=lambda c, p, v: _date(c, p, v), help="YYYY-MM-DD")
@click.option("--time", default=None, help="HH:MM, 24-hour clock.")
@click.option("--venue", default=None)
def new_meeting(content, authority, body, when, time, venue):
    """A meeting file, with attendance started from the body's last meeting."""
    _scaffolded(scaffold.new_meeting, content, authority, body, when, dt.date.today(), time, venue)


@new.command("person")
@content_option
@authority_option
@id_option
@click.option("--family-name", required=True)
@click.option("--kind", type=click.Choice(["councillor", "officer", "other"]), required=True)
@click.option("--honorific", default=None)
@click.option("--given-name", default=None)
def new_person(content, authority, ident, family_name, kind, honorific, given_name):
    """A person: a councillor, officer or other."""
    _scaffolded(scaffold.new_person, content, authority, ident, family_name, kind, honorific, given_name)


@new.command("body")
@content_option
@authority_option
@id_option
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice(BODY_KINDS), required=True)
def new_body(content, authority, ident, name, kind):
    """A body that takes decisions: council, executive, committee …"""
    _scaffolded(scaffold.new_body, content, authority, ident, name, kind)


@new.command("issue")
@content_option
@id_option
@click.option("--title", required=True)
def new_issue(content, ident, title):
    """An issue followed across meetings and authorities."""
    _scaffolded(scaffold.new_issue, content, ident, title)


@new.command("authority")
@content_option
@id_option
@click.option("--name", required=True)
def new_authority(content, ident, name):
    """An authority (a council): its folder and authority.yaml."""
    _scaffolded(scaffold.new_authority, content, ident, name)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--output", type=click.Path(path_type=Path, file_okay=False), default=Path("drafts"),
              show_default=True, help="Folder for the drafts (never inside content/: an editor reviews them first).")
def import_command(files: tuple[Path, ...], output: Path) -> None:
    """Turn plain-text decision records into draft meeting files for an editor to review."""
    from .importer import import_record  # (here: importing it is ~50 ms that no other command needs)
    output.mkdir(parents=True, exist_ok=True)
    failed = 0
    show = sys.stderr.isatty() and not os.environ.get("CI") and len(files) > 1
    with click.progressbar(files, label="Importing", file=sys.stderr) if show else contextlib.nullcontext(files) as todo:
        for path in todo:
            target = output / f"{slugify(path.stem) or 'record'}.md"
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                click.echo(f"{path}: error: not UTF-8 text; save it as UTF-8 and import it again", err=True)
                failed += 1
                continue
            draft = import_record(text, path.name)
            try:
                with open(target, "x", encoding="utf-8") as f:
                    f.write(draft.markdown)
            except FileExistsError:
                click.echo(f"{path}: error: {target} already exists and was left as it is", err=True)
                failed += 1
                continue
            recovered = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in draft.fields.items() if v)
            click.echo(f"{path} → {target}: {recovered}", err=True)
            for note in draft.unparsed:
                click.echo(f"  {path}: {note}", err=True)
            if draft.people or draft.bodies:
                click.echo(f"  {path}: the draft needs {len(draft.people)} people and {len(draft.bodies)} body "
                           "files before it checks; its header lists them", err=True)
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--meetings", type=click.IntRange(1, 1_000_000), required=True, help="How many meetings to write.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed writes the same archive.")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="An empty or new folder to write the synthetic archive to.")
def demo(meetings: int, seed: int, content: Path) -> None:
    """Write a synthetic archive (for benchmarks and trying things out), deterministic for a seed."""
    if content.exists() and any(content.iterdir()):
        click.echo(f"error: {content} is not empty; give a new folder, so that no records are mixed or replaced",
                   err=True)
        sys.exit(1)
    from .demo import write_demo  # (here: importing it is ~90 ms that no other command needs)
    started = time.perf_counter()
    counts = write_demo(content, meetings, seed)
    summary = ", ".join(f"{v:,} {k}" for k, v in counts.items() if k != "bytes")
    click.echo(f"wrote {summary} ({counts.get('bytes', 0) / 1e6:.1f} MB) to {content} "
               f"in {time.perf_counter() - started:.1f}s", err=True)


@main.command()
@click.option("--output", type=click.Path(path_type=Path, file_okay=False), default=Path("schemas"),
              show_default=True, help="Folder to write the JSON Schemas to.")
def schemas(output: Path) -> None:
    """Write a JSON Schema for each kind of content file, for editors' completion and validation."""
    output.mkdir(parents=True, exist_ok=True)
    for kind, schema in json_schemas().items():
        (output / f"{kind}.schema.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n",
                                                    encoding="utf-8")
    click.echo(f"wrote {len(json_schemas())} schemas to {output}", err=True)


if __name__ == "__main__":
    main()
