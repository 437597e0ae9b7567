"""Stage 4, render: the linked site → HTML pages, one template per page type on a shared base.

Pages are yielded one at a time so the writer can stream them to disk. Links are written relative
to the page that holds them, so the site works from any folder of any static host (and from a
file:// URL); only the 404 page, which a host serves at any address, uses root-relative links.
"""
from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markupsafe import Markup, escape
from mdit_py_plugins.footnote import footnote_plugin

from .link import AuthorityNode, BodyNode, IssueNode, ItemNode, MeetingNode, PersonNode, Site, YearNode
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


@functools.lru_cache(maxsize=4096)
def _inline(text: str) -> str:
    return _MD.renderInline(text)


def long_date(value: Optional[dt.date]) -> str:
    if value is None:
        return "Date not recorded"
    return f"{value:%A} {value.day} {value:%B %Y}"


def short_date(value: Optional[dt.date]) -> str:
    if value is None:
        return "Date not recorded"
    return f"{value.day} {value:%b %Y}"


def relative(url: str, page: str) -> str:
    """The link from the page at `page` to `url` (both site paths beginning with '/')."""
    if page is None:
        return url
    base = page if page.endswith("/") else posixpath.dirname(page) + "/"
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


class Renderer:
    def __init__(self, site: Site, templates: Path = TEMPLATES, site_url: str = "http://127.0.0.1:8000/",
                 feed_links: Callable[[Any, str], list[tuple[str, str]]] = lambda node, url: []):
        """`feed_links(node, site_url)` names the feeds of a page's node, for autodiscovery links."""
        self.site = site
        self.site_url = normalise_site_url(site_url)
        self.feed_links = feed_links
        self.env = Environment(
            loader=FileSystemLoader(str(templates)), autoescape=True, undefined=StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        )
        self.env.filters.update(md=self.markdown, mdi=self.inline, longdate=long_date, shortdate=short_date,
                                rel=self._rel, figure=lambda c: c.text)
        self.env.globals.update(site=site, render_table=self.table, site_url=self.site_url)

    @staticmethod
    @pass_context
    def _rel(context: Any, url: str) -> str:
        return relative(url, context.get("page_url"))

    def markdown(self, text: Optional[str], offset: int = 0, tables: Optional[dict] = None) -> Markup:
        if not text:
            return Markup("")
        env = {"offset": offset, "tables": tables or {}, "render_table": self._table_html}
        return Markup(_MD.render(text, env))

    @staticmethod
    def inline(text: Optional[str]) -> Markup:
        return Markup(_inline(text)) if text else Markup("")

    def _table_html(self, record: TableRecord, offset: int) -> str:
        return self.env.get_template("partials/table.html").render(record=record, table=record.table)

    def table(self, record: TableRecord) -> Markup:
        return Markup(self._table_html(record, 0))

    def page(self, template: str, url: str, node: Any = None, **context: Any) -> str:
        canonical = self.site_url + url.lstrip("/") if url is not None else None
        feeds = [(title, href, "application/atom+xml" if href.endswith(".xml") else "text/calendar")
                 for title, href in self.feed_links(node, self.site_url)] if node is not None else []
        return self.env.get_template(template).render(page_url=url, canonical=canonical, feeds=feeds, **context)

    def sitemap(self, paths: list[str]) -> str:
        """sitemap.xml (sitemaps.org 0.9) of every page but the 404 page, in a stable order."""
        urls = sorted(self.site_url + (p.removesuffix("index.html")) for p in paths if p != "404.html")
        body = "".join(f"  <url><loc>{escape(u)}</loc></url>\n" for u in urls)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</urlset>\n")

    def robots(self) -> str:
        return f"User-agent: *\nAllow: /\nSitemap: {self.site_url}sitemap.xml\n"

    def pages(self) -> Iterator[tuple[str, str]]:
        """(site path, HTML) for every page; paths end in index.html except 404.html."""
        site = self.site
        yield "index.html", self.page("home.html", "/", site, crumbs=[])
        for authority in site.authorities:
            yield from self._authority(authority)
        yield "issues/index.html", self.page("issues.html", "/issues/", crumbs=[("Issues", None)])
        for issue in site.issues:
            yield _file(issue.url), self.page("issue.html", issue.url, issue, issue=issue,
                                              crumbs=[("Issues", "/issues/"), (issue.title, None)])
        yield "years/index.html", self.page("years.html", "/years/", crumbs=[("Years", None)])
        for year in site.years:
            yield _file(year.url), self.page("year.html", year.url, year=year,
                                             crumbs=[("Years", "/years/"), (year.label, None)])
        yield "decisions/index.html", self.page("decisions.html", "/decisions/", crumbs=[("Decisions register", None)])
        yield "forward-plan/index.html", self.page("forward-plan.html", "/forward-plan/",
                                                   crumbs=[("Forward plan", None)])
        yield "accessibility/index.html", self.page("accessibility.html", "/accessibility/",
                                                    crumbs=[("Accessibility statement", None)])
        yield "404.html", self.page("404.html", None, crumbs=[])

    def count(self) -> int:
        """How many pages `pages()` yields, for a progress bar."""
        site = self.site
        per_authority = sum(1 + len(a.people) + len(a.bodies) + sum(len(b.meetings) + sum(len(m.items)
                            for m in b.meetings) for b in a.bodies) for a in site.authorities)
        return 1 + per_authority + 1 + len(site.issues) + 1 + len(site.years) + 4

    def _authority(self, authority: AuthorityNode) -> Iterator[tuple[str, str]]:
        a_crumb = (authority.short_name, authority.url)
        yield _file(authority.url), self.page("authority.html", authority.url, authority, authority=authority,
                                              crumbs=[(authority.short_name, None)])
        for person in authority.people:
            yield _file(person.url), self.page("person.html", person.url, person, person=person,
                                               crumbs=[a_crumb, (person.name, None)])
        for body in authority.bodies:
            b_crumb = (body.name, body.url)
            yield _file(body.url), self.page("body.html", body.url, body, body=body, crumbs=[a_crumb, (body.name, None)])
            for meeting in body.meetings:
                m_label = long_date(meeting.date) if meeting.date else "Date not recorded"
                yield _file(meeting.url), self.page("meeting.html", meeting.url, meeting=meeting,
                                                    crumbs=[a_crumb, b_crumb, (m_label, None)])
                for item in meeting.items:
                    yield _file(item.url), self.page(
                        "item.html", item.url, item=item,
                        crumbs=[a_crumb, b_crumb, (m_label, meeting.url), (item_crumb(item), None)])


def item_crumb(item: ItemNode) -> str:
    return f"Item {item.number}" if item.number else item.title


def _file(url: str) -> str:
    return url.strip("/") + "/index.html"
