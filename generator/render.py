"""Stage 4, render: the linked site → HTML pages, one template per page type on a shared base.

Pages are yielded one at a time so the writer can stream them to disk. Links are written relative
to the page that holds them, so the site works from any folder of any static host (and from a
file:// URL); only the 404 page, which a host serves at any address, uses root-relative links.

Every interface string goes through Jinja's i18n extension (see `i18n`). There is one Jinja
environment per interface language: an authority's pages are in its `language`, site-wide pages in
English. Record content from an authority of the other language is marked with `lang` on its element
(the `langattr` and `inlang` filters), so that screen readers switch voice.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import posixpath
import re
import types
from collections import ChainMap
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

import jinja2
import jinja2.runtime
import rjsmin
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.utils import internalcode
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markupsafe import Markup, escape
from mdit_py_plugins.footnote import footnote_plugin

from . import i18n
from .depend import Reads, TrackingEnvironment
from .i18n import HTML_LANG, SOURCE_LANGUAGE, translations
from .kept import code_version, keep_pickled, kept_path, kept_pickled
from .link import AuthorityNode, ItemNode, MeetingNode, PersonNode, Site, YearNode
from .load import table_key
from .validate import TableRecord

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


def safe_link(url: str) -> bool:
    """Links in content may go to web pages, e-mail, or within the site; nothing else runs."""
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table").use(footnote_plugin)
    md.validateLink = safe_link

    def heading_open(self, tokens, idx, options, env):
        level = min(int(tokens[idx].tag[1]) + env.get("offset", 0), 6)
        return f"<h{level}>"

    def heading_close(self, tokens, idx, options, env):
        level = min(int(tokens[idx].tag[1]) + env.get("offset", 0), 6)
        return f"</h{level}>\n"

    def link_open(self, tokens, idx, options, env):
        href = tokens[idx].attrGet("href") or ""
        if href.startswith(("http://", "https://", "//")):
            tokens[idx].attrSet("rel", "noopener noreferrer")
            tokens[idx].attrSet("class", "external")
        return self.renderToken(tokens, idx, options, env)

    def image(self, tokens, idx, options, env):
        # Images from other sites would make residents' browsers contact them: link instead.
        token = tokens[idx]
        alt = escape(self.renderInlineAsText(token.children or [], options, env) or "image")
        src = escape(token.attrGet("src") or "")
        return f'<a href="{src}" rel="noopener noreferrer" class="external">{alt}</a>'

    def fence(self, tokens, idx, options, env):
        token = tokens[idx]
        if token.info.strip().split()[:1] == ["table"]:
            record = env.get("tables", {}).get(table_key(token.content))
            if record is not None:
                return env["render_table"](record, env.get("offset", 0))
        return RendererHTML.fence(self, tokens, idx, options, env)

    for name, rule in [("heading_open", heading_open), ("heading_close", heading_close),
                       ("link_open", link_open), ("image", image), ("fence", fence)]:
        md.add_render_rule(name, rule)
    return md


_MD = _markdown()
_MARKDOWN_CACHE = 512  # texts `Renderer.markdown` keeps (a meeting and its items have a few dozen)


# What, in a text, can make markdown other than plain paragraphs and headings: a character that starts
# markup, or a line that could open another block or part of one ('#' is plain but at a line's start).
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&|~\x00-\x09\x0b-\x1f\x7f]|^(?:[=+\-]|[0-9]+[.)])", re.MULTILINE)
_HEADING = re.compile(r"(#{1,6}) ([^#]+)")


def plain_html(text: str, offset: int = 0) -> Optional[str]:
    """`text` as HTML, exactly as `Renderer.markdown` renders it, when it is nothing but paragraphs of
    plain prose and headings (most of a council's texts); None when it may be anything else. Parsing
    those with markdown-it was ~60% of the time markdown took in a build.

    No character that starts markup (emphasis, code, links, entities, HTML, tables, escapes), no line
    that could open another block (a list, a rule, a heading's underline, indented code), no space at
    either end of a line (a hard break, or what markdown-it trims): then paragraphs are the runs of
    lines between blank lines and headings, and the text needs only its quotes escaped.
    `tests/test_link_render.py` holds this to markdown-it on generated texts."""
    if _NOT_PLAIN.search(text):
        return None
    html, lines = [], []
    for line in [*text.split("\n"), ""]:  # a blank line at the end closes the last paragraph
        if line and line != line.strip():
            return None
        if line and line[0] != "#":
            lines.append(line)
            continue
        if lines:
            html.append("<p>" + "\n".join(lines).replace('"', "&quot;") + "</p>\n")
            lines = []
        if line:
            heading = _HEADING.fullmatch(line)
            if heading is None or heading[2] != heading[2].strip():
                return None
            level = min(len(heading[1]) + offset, 6)
            html.append(f"<h{level}>" + heading[2].replace('"', "&quot;") + f"</h{level}>\n")
    return "".join(html)


@functools.lru_cache(maxsize=4096)
def _inline(text: str) -> str:
    return _MD.renderInline(text)


def long_date(value: Optional[dt.date], lang: str = SOURCE_LANGUAGE) -> str:
    """"Monday 23 November 2009" (or in `lang`)."""
    return i18n.long_date(value, lang)


def short_date(value: Optional[dt.date], lang: str = SOURCE_LANGUAGE) -> str:
    """"23 Nov 2009" (or in `lang`)."""
    return i18n.short_date(value, lang)


def person_label(person: PersonNode, lang: str = SOURCE_LANGUAGE) -> str:
    """A person's name as `PersonNode.name` gives it, with "Councillor" in the page's language."""
    name = person.name
    prefix = "Councillor "  # what link.person_name puts before a councillor's name
    if person.facts.kind == "councillor" and name.startswith(prefix):
        return translations(lang).gettext("Councillor %(name)s") % {"name": name[len(prefix):]}
    return name


def decision_verbs(decision: Any) -> list[str]:
    """The verbs that `DecisionView.heading` joins with "and", for the templates to translate and join."""
    first = [decision.facts.verb] if decision.facts.verb else []
    return first + [p.verb for p in decision.facts.parts if p.verb and p.verb not in first]


def item_crumb(item: ItemNode, lang: str = SOURCE_LANGUAGE) -> str:
    if item.number:
        return translations(lang).gettext("Item %(number)s") % {"number": item.number}
    return item.title


_FEED_TITLE = re.compile(r"^(Decisions|Meetings) – (.+) \((Atom|iCalendar)\)$")


def feed_title(title: str, node: Any, lang: str) -> tuple[str, str]:
    """(title, language of the title) of a feed link on a page in `lang`.

    feeds.py names feeds in English ("Decisions – Bolton Council (Atom)"); on a page in another
    language the wording around the name is translated. A title of another form stays English, and
    is marked so.
    """
    if lang == SOURCE_LANGUAGE:
        return title, lang
    match = _FEED_TITLE.match(title)
    if match is None:
        return title, SOURCE_LANGUAGE
    what, name, kind = match.groups()
    if isinstance(node, PersonNode) and name == node.name:
        name = person_label(node, lang)
    t = translations(lang)
    if (what, kind) == ("Decisions", "Atom"):
        return t.gettext("Decisions – %(name)s (Atom)") % {"name": name}, lang
    if (what, kind) == ("Meetings", "iCalendar"):
        return t.gettext("Meetings – %(name)s (iCalendar)") % {"name": name}, lang
    return title, SOURCE_LANGUAGE


@functools.lru_cache(maxsize=16384)
def _segments(path: str) -> tuple[str, ...]:
    """The segments of an absolute site path, normalised as `posixpath.relpath` normalises them."""
    return tuple(x for x in posixpath.normpath(path).split("/") if x)


@functools.lru_cache(maxsize=16384)
def relative(url: str, page: str) -> str:
    """The link from the page at `page` to `url` (both site paths beginning with '/').

    This is `posixpath.relpath` for absolute paths, without its per-call normalising of both paths
    (the segments of each page and target are cached): every page makes dozens of links.
    """
    if page is None:
        return url
    base = page if page.endswith("/") else posixpath.dirname(page) + "/"
    if url.startswith("/") and base.startswith("/"):
        start, path = _segments(base), _segments(url)
        common = 0
        for a, b in zip(start, path):
            if a != b:
                break
            common += 1
        parts = ("..",) * (len(start) - common) + path[common:]
        target = "/".join(parts) if parts else "."
    else:
        target = posixpath.relpath(url, base)
    if url.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target == "./" else target


def normalise_site_url(url: str) -> str:
    """The address the site is published at, ending in '/': canonical links, sitemap and feeds use it."""
    url = url.strip()
    if not re.fullmatch(r"https?://[^\s<>\"']+", url):
        raise ValueError(f"'{url}' is not a web address; give e.g. https://example.github.io/minutes/")
    return url if url.endswith("/") else url + "/"


# An item's body rendered once for its page and its meeting's (`Renderer.item_body`): the page address
# it is rendered at, where each link it makes is marked (the site path between two NULs, which no record's
# text holds: YAML refuses them, markdown replaces them) to be made relative to each page showing it; and
# its headings, to be moved to each page's levels.
_MARK_LINKS = "\x00"
_MARKED = re.compile("\x00([^\x00]*)\x00")
_HEADING_TAG = re.compile(r"(</?h)([1-6])(?=[\s>])")


@pass_context
def in_page(context: Any, item: ItemNode, h: int) -> Markup:
    """The macro `item_body` rendered in a module made with the page's context: its links made for the page itself."""
    return context.environment.get_template("partials/macros.html").make_module(context.get_all()).item_body(item, h)


def _linked(html: str, page: str) -> str:
    """`html` with each link marked in it (`_MARK_LINKS`) made relative to the page at `page`, as `rel` makes it."""
    return _MARKED.sub(lambda m: escape(relative(Markup(m[1]).unescape(), page)), html)


def _moved(html: str, by: int) -> Optional[str]:
    """`html` with every heading `by` levels lower (higher when negative); None when a heading would
    fall outside h1-h6, or when one is an h6 (markdown's headings stop at h6: it may have been lower)."""
    if not by:
        return html
    levels = {int(level) for _, level in _HEADING_TAG.findall(html)}
    if levels and (max(levels) == 6 or max(levels) + by > 6 or min(levels) + by < 1):
        return None
    return _HEADING_TAG.sub(lambda m: f"{m[1]}{int(m[2]) + by}", html)


SITEMAP_URLS = 50_000  # the most addresses one sitemap file may list (sitemaps.org)
SITEMAP_PART = re.compile(r"sitemap-[0-9]+\.xml")  # the name of each part of a sitemap too long for one file


def _sitemap(root: str, entry: str, urls: list[str]) -> str:
    """A sitemap's XML: a `urlset` of pages, or a `sitemapindex` of sitemaps."""
    body = "".join(f"  <{entry}><loc>{escape(u)}</loc></{entry}>\n" for u in urls)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</{root}>\n')


class Renderer:
    def __init__(self, site: Site, templates: Path = TEMPLATES, site_url: str = "http://127.0.0.1:8000/",
                 feed_links: Callable[[Any, str], list[tuple[str, str]]] = lambda node, url: []):
        """`feed_links(node, site_url)` names the feeds of a page's node, for autodiscovery links.

        `env` is the English environment, which site-wide pages use; globals added to it are seen by
        every language's environment too.
        """
        self.site = site
        self.site_url = normalise_site_url(site_url)
        self.feed_links = feed_links
        self.templates = templates
        self.envs: dict[str, Environment] = {}
        self.reads = Reads(site.root)  # what each page reads, when a build tracks it (depend.py)
        self._html: dict[tuple, tuple[Optional[dict], Markup]] = {}
        self._tokens: dict[str, list] = {}
        self._page: Optional[str] = None  # the address of the page being rendered (`page`)
        self.share_item_bodies = False  # while true, an item's body is rendered once for two pages (`item_body`)
        self._bodies: dict[int, tuple[ItemNode, int, str, Optional[tuple]]] = {}
        self._body_macros: dict[Environment, Any] = {}  # each environment's `item_body` that marks its links
        self._marks = 0  # links marked (`_MARK_LINKS`) by `rel` since the process began
        self.env = self.environment(SOURCE_LANGUAGE)

    def environment(self, lang: str) -> Environment:
        """The Jinja environment whose gettext, dates and filters are in `lang`, made when first needed."""
        env = self.envs.get(lang)
        if env is not None:
            return env
        env = TrackingEnvironment(
            loader=FileSystemLoader(str(self.templates)), autoescape=True, undefined=StrictUndefined,
            bytecode_cache=COMPILED,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, extensions=["jinja2.ext.i18n"],
            auto_reload=False,  # a Renderer serves one build; `serve` makes a new one for each
        )
        env.template_class, env.context_class = _Template, _Context
        env.reads = self.reads
        env.cache_key = f"{lang}\n{self.site_url}\n{self.templates}\n"
        env.install_gettext_translations(translations(lang), newstyle=True)
        env.globals.update(_gettext_functions(translations(lang)))
        env.filters.update(md=functools.partial(self.markdown, lang=lang), mdi=self.inline,
                           longdate=functools.partial(i18n.long_date, lang=lang),
                           shortdate=functools.partial(i18n.short_date, lang=lang),
                           daydate=functools.partial(i18n.day_date, lang=lang),
                           person=functools.partial(person_label, lang=lang),
                           langattr=functools.partial(_langattr, lang=lang),
                           inlang=functools.partial(_inlang, lang=lang),
                           decision_verbs=decision_verbs, rel=self._rel)
        own = dict(page_lang=lang, html_lang=HTML_LANG[lang], item_body=self.item_body)
        if lang == SOURCE_LANGUAGE:
            env.globals.update(site=self.site, site_url=self.site_url, **own)
        else:  # this language's gettext and filters, then whatever the English environment has (and is given later)
            env.globals = ChainMap({**env.globals, **own}, self.environment(SOURCE_LANGUAGE).globals)
        self.envs[lang] = env
        # The labels (`L`) and the macros of partials/ are every template's globals, made once for each
        # language: imported by each page, the macros' module was made again for every page ("with
        # context", for the links' page) or every global's name looked through to see that it need not
        # be (Jinja's `_get_default_module`), ~7% of rendering. The links' page is `_page`.
        env.globals["L"] = self._module(env, "partials/labels.html")
        macros = self._module(env, "partials/macros.html")
        env.globals.update({name: value for name, value in vars(macros).items()
                            if isinstance(value, jinja2.runtime.Macro) and name not in own})
        self._body_macros[env] = self._module(env, "partials/macros.html", _MARK_LINKS).item_body
        return env

    def _module(self, env: Environment, name: str, page_url: Optional[str] = None) -> Any:
        """The template `name`'s module in `env` (with `page_url` if given): made untracked, since making one
        reads nothing of the site, though it may be made while a page is rendered (another language's)."""
        tracked, self.reads.read = self.reads.read, None
        try:
            template = env.get_template(name)
            return template.module if page_url is None else template.make_module({"page_url": page_url})
        finally:
            self.reads.read = tracked

    @pass_context
    def _rel(self, context: Any, url: str) -> str:
        page = context.get("page_url", self._page)  # (a macro's context is its module's, not the page's)
        if page is _MARK_LINKS:
            self._marks += 1
            return f"{_MARK_LINKS}{url}{_MARK_LINKS}"
        return relative(url, page)

    @contextlib.contextmanager
    def sharing_item_bodies(self) -> Iterator[None]:
        """Render each item's body once for its meeting's page and its own, while in this block: a build's
        pages, in the order `jobs` gives them (a meeting's, then its items'), from a graph that does not
        change meanwhile. (`serve` changes the graph in place between the pages it renders: every body is
        rendered anew there.)"""
        self.share_item_bodies = True
        try:
            yield
        finally:
            self.share_item_bodies = False
            self._bodies.clear()

    @pass_context
    def item_body(self, context: Any, item: ItemNode, h: int) -> Markup:
        """The macro `item_body` of partials/macros.html (an item's issues, decisions, reports, narrative
        and documents, headed at level `h`) for the page being rendered.

        An item's body is on its meeting's page and on its own, headed at other levels, with links relative
        to another address: ~40% of rendering was rendering it twice. It is rendered with its links marked
        (`_MARK_LINKS`), which are then made relative to the page, and what it reads is noted apart
        (`Reads.apart`) and added to the page's reads. While `share_item_bodies`, the meeting's page keeps it
        for the item's page, which moves its headings (`_moved`) and notes what it read as its own."""
        page, reads = context.get("page_url"), self.reads
        tracked = reads.read is not None
        kept = self._bodies.pop(id(item), None) if self.share_item_bodies else None
        if kept is not None and kept[0] is item and (kept[3] is not None) == tracked:
            html = _moved(kept[2], h - kept[1])
            if html is not None:
                if tracked:
                    reads.replay(kept[3])  # type: ignore[arg-type]
                return Markup(_linked(html, page))
        macro = self._body_macros[context.environment]
        saved = reads.apart() if tracked else None
        marks = self._marks
        try:
            html = str(macro(item, h))
        finally:
            part = reads.rejoin(saved) if saved is not None else None
        if html.count(_MARK_LINKS) != 2 * (self._marks - marks):  # a NUL of the record's own (none reaches here)
            return in_page(context, item, h)
        if self.share_item_bodies:
            self._bodies[id(item)] = (item, h, html, part)
        return Markup(_linked(html, page))

    def markdown(self, text: Optional[str], offset: int = 0, tables: Optional[dict] = None,
                 lang: str = SOURCE_LANGUAGE) -> Markup:
        """`text` as HTML, headings moved down `offset` levels, ```table blocks from `tables`.

        Plain paragraphs and headings, most texts, are written without markdown-it (`plain_html`).
        Of the rest, an item's texts appear on its meeting's page and on its own page: when its body is
        rendered for each (`serve`, which does not share bodies: `item_body`), the HTML is kept for the
        next page (`_html`), and the parse for the same text at another heading offset (`_tokens`); both
        are bounded, since a meeting's pages are rendered one after another.
        """
        if not text:
            return Markup("")
        plain = plain_html(text, offset)
        if plain is not None:
            return Markup(plain)
        key = (text, offset, lang, id(tables) if tables else None)
        hit = self._html.get(key)
        if hit is not None and (hit[0] is tables or not tables):
            return hit[1]
        tokens = self._tokens.get(text)
        if tokens is None:
            if len(self._tokens) >= _MARKDOWN_CACHE:
                self._tokens.clear()
            tokens = self._tokens[text] = _MD.parse(text, {})
        env = {"offset": offset, "tables": tables or {},
               "render_table": functools.partial(self._table_html, lang=lang)}
        html = Markup(_MD.renderer.render(tokens, _MD.options, env))
        if len(self._html) >= _MARKDOWN_CACHE:
            self._html.clear()
        self._html[key] = (tables, html)
        return html

    @staticmethod
    def inline(text: Optional[str]) -> Markup:
        return Markup(_inline(text)) if text else Markup("")

    def _table_html(self, record: TableRecord, offset: int, lang: str = SOURCE_LANGUAGE) -> str:
        return self.environment(lang).get_template("partials/table.html").render(record=record, table=record.table)

    def page(self, template: str, url: str, node: Any = None, lang: str = SOURCE_LANGUAGE, **context: Any) -> str:
        """The page at `url` from `template`, with its interface in `lang`."""
        canonical = self.site_url + url.lstrip("/") if url is not None else None
        feeds = []
        if node is not None:
            for title, href in self.feed_links(node, self.site_url):
                title, title_lang = feed_title(title, node, lang)
                feeds.append((title, href, "application/atom+xml" if href.endswith(".xml") else "text/calendar",
                              title_lang))
        self._page = url
        return self.environment(lang).get_template(template).render(page_url=url, canonical=canonical, feeds=feeds,
                                                                    **context)

    def sitemaps(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        """The sitemap (sitemaps.org 0.9) of every page at `paths` but the 404 page, in a stable order, as
        (site path, XML): sitemap.xml alone; or, with more pages than one sitemap may list
        (`SITEMAP_URLS`), sitemap-1.xml, sitemap-2.xml, … each listing that many, and sitemap.xml the
        index of them (the address robots.txt gives either way). One file of every page was ~100 MB of
        text at 100,000 meetings, and search engines refuse a sitemap of over 50,000 addresses."""
        urls = sorted(self.site_url + p.removesuffix("index.html") for p in paths if p != "404.html")
        if len(urls) <= SITEMAP_URLS:
            yield "sitemap.xml", _sitemap("urlset", "url", urls)
            return
        parts = []
        for start in range(0, len(urls), SITEMAP_URLS):
            parts.append(f"sitemap-{len(parts) + 1}.xml")
            yield parts[-1], _sitemap("urlset", "url", urls[start:start + SITEMAP_URLS])
        yield "sitemap.xml", _sitemap("sitemapindex", "sitemap", [self.site_url + part for part in parts])

    def robots(self) -> str:
        return f"User-agent: *\nAllow: /\nSitemap: {self.site_url}sitemap.xml\n"

    def pages(self) -> Iterator[tuple[str, str]]:
        """(site path, HTML) for every page; paths end in index.html except 404.html."""
        for path, _, make in self.jobs():
            yield path, make()

    def jobs(self) -> Iterator[tuple[str, Any, Callable[[], str]]]:
        """(site path, the node the page is about or None for a site-wide page, a function that renders
        it) for every page, so that a build can keep a page that no edit touched without rendering it."""
        site = self.site
        _ = translations(SOURCE_LANGUAGE).gettext  # site-wide pages are English
        page = functools.partial
        yield "index.html", None, page(self.page, "home.html", "/", site, crumbs=[])
        for authority in site.authorities:
            yield from self._authority(authority)
        yield "issues/index.html", None, page(self.page, "issues.html", "/issues/", crumbs=[(_("Issues"), None)])
        for issue in site.issues:
            yield page_file(issue.url), issue, page(self.page, "issue.html", issue.url, issue, issue=issue,
                                                crumbs=[(_("Issues"), "/issues/"), (issue.title, None)])
        yield "years/index.html", None, page(self.page, "years.html", "/years/", crumbs=[(_("Years"), None)])
        for year in site.years:
            yield self._year_job(year)
        yield "decisions/index.html", None, page(self.page, "decisions.html", "/decisions/",
                                                 crumbs=[(_("Decisions register"), None)])
        for year in site.register_years:
            yield self._register_job(year)
        yield "forward-plan/index.html", None, page(self.page, "forward-plan.html", "/forward-plan/",
                                                    crumbs=[(_("Forward plan"), None)])
        yield "search/index.html", None, page(self.page, "search.html", "/search/", crumbs=[(_("Search"), None)])
        yield "accessibility/index.html", None, page(self.page, "accessibility.html", "/accessibility/",
                                                     crumbs=[(_("Accessibility statement"), None)])
        yield "404.html", None, page(self.page, "404.html", None, crumbs=[])

    def year_jobs(self, year: YearNode) -> list[tuple[str, Any, Callable[[], str]]]:
        """A year's pages: its meetings, and its decisions in the register if it has any."""
        return [self._year_job(year), *([self._register_job(year)] if year.decisions else [])]

    def _year_job(self, year: YearNode) -> tuple[str, Any, Callable[[], str]]:
        _ = translations(SOURCE_LANGUAGE).gettext
        label = str(year.year) if year.year is not None else _("Date not recorded")
        return page_file(year.url), year, functools.partial(self.page, "year.html", year.url, year=year,
                                                            crumbs=[(_("Years"), "/years/"), (label, None)])

    def _register_job(self, year: YearNode) -> tuple[str, Any, Callable[[], str]]:
        _ = translations(SOURCE_LANGUAGE).gettext
        label = str(year.year) if year.year is not None else _("Date not recorded")
        return page_file(year.register_url), year, functools.partial(
            self.page, "register-year.html", year.register_url, year=year,
            crumbs=[(_("Decisions register"), "/decisions/"), (label, None)])

    def _authority(self, authority: AuthorityNode) -> Iterator[tuple[str, Any, Callable[[], str]]]:
        """The pages of an authority, in its language."""
        lang = authority.facts.language
        a_crumb = (authority.short_name, authority.url)
        page = functools.partial
        yield page_file(authority.url), authority, page(self.page, "authority.html", authority.url, authority, lang,
                                                    authority=authority, crumbs=[(authority.short_name, None)])
        for person in authority.people:
            yield self.person_job(person, lang)
        for body in authority.bodies:
            yield page_file(body.url), body, page(self.page, "body.html", body.url, body, lang, body=body,
                                              crumbs=[a_crumb, (body.name, None)])
            for meeting in body.meetings:
                yield from self.meeting_jobs(meeting, lang)

    # A person's, meeting's or item's page (most of a site's pages) is rendered by a method given the
    # node and the language, which makes its crumbs as it renders. Made with each job, they took ~1 KB
    # a page, held for the whole build (100,000 meetings: ~1 GB).

    def person_job(self, person: PersonNode, lang: Optional[str] = None) -> tuple[str, Any, Callable[[], str]]:
        return page_file(person.url), person, functools.partial(self._person_page, person,
                                                                lang or person.authority.facts.language)

    def meeting_jobs(self, meeting: MeetingNode, lang: Optional[str] = None
                     ) -> Iterator[tuple[str, Any, Callable[[], str]]]:
        """The pages of a meeting and of its items (`LiveSite` makes them again for a meeting linked again)."""
        lang = lang or meeting.authority.facts.language
        page = functools.partial
        yield page_file(meeting.url), meeting, page(self._meeting_page, meeting, lang)
        item_page = self._item_page
        for item in meeting.items:
            yield page_file(item.url), item, page(item_page, item, lang)

    def _person_page(self, person: PersonNode, lang: str) -> str:
        authority = person.authority
        return self.page("person.html", person.url, person, lang, person=person,
                         crumbs=[(authority.short_name, authority.url), (person_label(person, lang), None)])

    @staticmethod
    def _meeting_crumbs(meeting: MeetingNode) -> list[tuple[str, Optional[str]]]:
        return [(meeting.authority.short_name, meeting.authority.url), (meeting.body.name, meeting.body.url)]

    def _meeting_page(self, meeting: MeetingNode, lang: str) -> str:
        self._bodies.clear()  # (kept for the pages of the last meeting's items, which are rendered by now)
        return self.page("meeting.html", meeting.url, lang=lang, meeting=meeting,
                         crumbs=[*self._meeting_crumbs(meeting), (long_date(meeting.date, lang), None)])

    def _item_page(self, item: ItemNode, lang: str) -> str:
        meeting = item.meeting
        return self.page("item.html", item.url, lang=lang, item=item,
                         crumbs=[*self._meeting_crumbs(meeting), (long_date(meeting.date, lang), meeting.url),
                                 (item_crumb(item, lang), None)])


def escaped_output(value: Any) -> str:
    """What a template writes for `{{ value }}`: markupsafe's `escape`, character for character, but a
    plain string (most values) is escaped by `str.replace` alone. `escape` is two Python calls and a new
    Markup for every value (~2 million for a 2,000-meeting demo: ~13% of rendering its pages), and what
    a template writes is joined into one string anyway (a macro's output is made Markup then, once)."""
    if type(value) is not str:
        if hasattr(value, "__html__"):
            return value.__html__()
        value = str(value)
    return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


class _Template(jinja2.Template):
    """Jinja's template, writing its output through `escaped_output` (its compiled code calls the
    `escape` of its module's namespace for each `{{ value }}` when it autoescapes, and nowhere else)."""

    @classmethod
    def _from_namespace(cls, environment: Environment, namespace: Any, globals: Any) -> jinja2.Template:
        namespace["escape"] = escaped_output
        return super()._from_namespace(environment, namespace, globals)


class _Context(jinja2.runtime.Context):
    """Jinja's context, calling a macro, or a function that is not given the context, the environment
    or the evaluation context, straight away: Jinja's `call` looks through each callable for those first
    (~650,000 calls, ~7% of rendering a 2,000-meeting demo's pages under the profiler; most are a
    macro, or `_()` of a constant text), and only then drops the `_loop_vars` and `_block_vars` it was
    given for them."""

    @internalcode
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's own)
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja's `call` answers it
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")


_PLAIN_CALLABLES = frozenset({types.FunctionType, types.MethodType, jinja2.runtime.Macro})


class _CompiledTemplates(BytecodeCache):
    """Compiled templates, kept for the life of the process: `serve` makes a Renderer for every save,
    and compiling the templates again took most of a second. Jinja checks each template's source
    against what was compiled, so an edited template is compiled afresh. Compiling folds constant
    expressions, through filters that depend on the language and the site's address, so each
    environment keeps its own (`cache_key`). A build also keeps them beside output/ for the next
    (`take_kept`, `keep`): compiling was ~0.65 s of each rendering process's time in every build,
    most of a rebuild's rendering after one edit."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}
        self.changes = 0  # templates compiled since the process began
        self._kept: dict[Path, int] = {}  # each file read or written → `changes` then (-1: nothing read)

    def load_bytecode(self, bucket: Any) -> None:
        code = self.compiled.get(bucket.environment.cache_key + bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Any) -> None:
        self.compiled[bucket.environment.cache_key + bucket.key] = bucket.bytecode_to_string()
        self.changes += 1

    def take_kept(self, output: Path) -> None:
        """Take in what a build into `output` kept (`keep`), unless this process did already."""
        path = kept_path(output, "templates")
        if path in self._kept:
            return
        kept = kept_pickled(path, _compiled_header())
        for key, code in kept.items() if isinstance(kept, dict) else ():
            self.compiled.setdefault(key, code)
        self._kept[path] = self.changes if isinstance(kept, dict) else -1

    def keep(self, output: Path) -> None:
        """Keep beside `output` the templates compiled, if any was compiled since they were taken in."""
        path = kept_path(output, "templates")
        if self._kept.get(path) != self.changes:
            keep_pickled(path, _compiled_header(), self.compiled)
            self._kept[path] = self.changes


def _compiled_header() -> tuple:
    return ("minutebook templates", 1, code_version(), jinja2.__version__)


COMPILED = _CompiledTemplates()


def _gettext_functions(t: Any) -> dict[str, Callable[..., Markup]]:
    """Jinja's newstyle gettext, ngettext, pgettext and npgettext for `t`, called directly.

    They do what `install_gettext_translations(t, newstyle=True)` installs for an autoescaping
    template (every template here autoescapes): the translation is markup, formatted with
    `%(name)s` variables that are escaped, `num` defaults to the count, and `%%` is a percent sign.
    Jinja's own versions go through the template's context twice on every call, which slows the
    rendering of a large site noticeably; these do not, and keep each constant translation.
    """
    cache: dict[Any, Markup] = {}    # translations, to format
    constant: dict[Any, Markup] = {}  # translations formatted without variables, which most are

    def gettext(message: str, **variables: Any) -> Markup:
        if not variables:
            rv = constant.get(message)
            if rv is None:
                rv = constant[message] = Markup(t.gettext(message)) % {}
            return rv
        rv = cache.get(message)
        if rv is None:
            rv = cache[message] = Markup(t.gettext(message))
        return rv % variables

    def ngettext(singular: str, plural: str, num: int, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return Markup(t.ngettext(singular, plural, num)) % variables

    def pgettext(context: str, message: str, **variables: Any) -> Markup:
        key = (context, message)
        if not variables:
            rv = constant.get(key)
            if rv is None:
                rv = constant[key] = Markup(t.pgettext(context, message)) % {}
            return rv
        return Markup(t.pgettext(context, message)) % variables

    def npgettext(context: str, singular: str, plural: str, num: int, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return Markup(t.npgettext(context, singular, plural, num)) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def _langattr(value: Any, lang: str) -> Markup:
    """' lang="cy"' when `value` (an authority, or a language code) is not in the page's language `lang`."""
    code = value if isinstance(value, str) or value is None else value.facts.language
    return Markup(f' lang="{HTML_LANG[code]}"') if code is not None and code != lang else Markup("")


def _inlang(text: Any, value: Any, lang: str) -> Markup:
    """`text`, in a <span lang> when `value` (an authority, or a language code) is not in the page's language."""
    attr = _langattr(value, lang)
    return Markup(f"<span{attr}>{escape(text)}</span>") if attr else escape(text)


def page_file(url: str) -> str:
    return url.strip("/") + "/index.html"


def assets(folder: Path) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of the site's own assets; scripts minified, since a phone fetches them before searching."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield path.relative_to(folder).as_posix(), rjsmin.jsmin(data.decode("utf-8")).encode("utf-8") \
                if path.suffix == ".js" else data
