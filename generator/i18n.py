"""The interface's languages: English (the source strings) and Welsh, through Babel catalogues.

Every interface string in the templates goes through Jinja's i18n extension (`{% trans %}`, `_()`,
`ngettext`, `pgettext`); the few made in Python (breadcrumbs, dates, the "Councillor" of a name) go
through the same catalogue. Record content (titles, narrative, names, roles, decision text) is never
translated. A page's language is its authority's `language` ("en" or "cy"); site-wide pages are
English.

The Welsh catalogue is `locale/cy/LC_MESSAGES/messages.po`, compiled in memory when first needed,
so no binary .mo file is kept in the repository. How to re-extract and update it:
`locale/README.md`.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path
from typing import Optional

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "cy")
HTML_LANG = {"en": "en-GB", "cy": "cy"}  # the <html lang> and lang="" value for each language

# CLDR patterns. English output is the same as the `f"{d:%A} {d.day} {d:%B %Y}"` it replaced, which
# locale "en" gives ("Sep", where en_GB would give "Sept").
_BABEL_LOCALE = {"en": Locale.parse("en"), "cy": Locale.parse("cy")}  # parsed once: parsing took most of each call
_LONG, _DAY, _SHORT = "EEEE d MMMM y", "d MMMM y", "d MMM y"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(lang: str) -> NullTranslations:
    """The gettext translations for `lang`: identity for English, the compiled .po otherwise.

    Compiled again only when the .po file changes, so `minutebook serve` picks up an edited catalogue.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"'{lang}' is not an interface language; use one of {', '.join(LANGUAGES)}")
    if lang == SOURCE_LANGUAGE:
        return _source()
    path = po_path(lang)
    return _compiled(lang, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=1)
def _source() -> NullTranslations:
    return NullTranslations()


@functools.lru_cache(maxsize=8)
def _compiled(lang: str, mtime: int) -> Translations:
    with open(po_path(lang), "rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # fuzzy and empty entries fall back to English
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@functools.lru_cache(maxsize=None)  # (date, pattern, language): a few per day of the archive's span
def _format(value: dt.date, pattern: str, lang: str) -> str:
    return format_date(value, pattern, locale=_BABEL_LOCALE[lang])


def long_date(value: Optional[dt.date], lang: str = SOURCE_LANGUAGE) -> str:
    """"Monday 23 November 2009", "Dydd Llun 23 Tachwedd 2009"."""
    if value is None:
        return translations(lang).gettext("Date not recorded")
    return _format(value, _LONG, lang)


def day_date(value: Optional[dt.date], lang: str = SOURCE_LANGUAGE) -> str:
    """"23 November 2009", "23 Tachwedd 2009"."""
    if value is None:
        return translations(lang).gettext("Date not recorded")
    return _format(value, _DAY, lang)


def short_date(value: Optional[dt.date], lang: str = SOURCE_LANGUAGE) -> str:
    """"23 Nov 2009", "23 Tach 2009"."""
    if value is None:
        return translations(lang).gettext("Date not recorded")
    return _format(value, _SHORT, lang)
