"""templates/assets/search/analyze.js, run in real headless Chromium, analyses text exactly as whoosh 2.7.4's
StemmingAnalyzer() does: same tokens, same positions, same stems, so the browser looks up the indexed terms."""
from __future__ import annotations

import os
import random
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import whoosh
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer, StopFilter
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem

from browser import browser, serve

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "templates" / "assets"
CONTENT = ROOT / "content"
SEEDS = ROOT.parent / "shared" / "seeds"

STEMMING = StemmingAnalyzer()
TOKENS = RegexTokenizer() | LowercaseFilter() | StopFilter()  # StemmingAnalyzer() without its StemFilter
WORD = re.compile(r"\w+(\.?\w+)*")  # whoosh's default tokenizer pattern
BATCH = 20_000  # words per page.evaluate


def whoosh_result(text: str) -> dict:
    """What whoosh gives for a text, in the shape the page returns."""
    return {"tokens": [[t.text, t.pos] for t in TOKENS(text, positions=True)],
            "terms": [t.text for t in STEMMING(text)],
            "termPositions": [t.pos for t in STEMMING(text, positions=True)]}


JS_RESULT = """t => { const k = A.tokenize(t); return {tokens: k.map(x => [x.text, x.pos]), terms: A.analyze(t),
                       termPositions: k.map(x => x.pos)}; }"""


@pytest.fixture(scope="module")
def js():
    """A page on a static server that has imported analyze.js as window.A; launched once for the module."""
    assert whoosh.versionstring() == "2.7.4"
    errors: list[str] = []
    with serve(ASSETS) as base, browser() as b:
        page = b.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/")
        page.evaluate("async url => { window.A = await import(url); }", base + "/search/analyze.js")
        yield page
        assert errors == []


def words_of(text: str) -> set[str]:
    return {m.group(0).lower() for m in WORD.finditer(text)}


def content_files() -> list[Path]:
    return sorted(p for p in CONTENT.rglob("*") if p.is_file())


def stdlib_words() -> set[str]:
    """Every word of the comments and docstrings (triple-quoted strings) of the standard library's *.py files."""
    lib = Path(os.__file__).parent
    scan = re.compile(r'("""|\'\'\')(.*?)\1|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|#([^\n]*)', re.S)
    words: set[str] = set()
    for folder, dirs, files in os.walk(lib):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "dist-packages", "__pycache__"))
        for name in sorted(f for f in files if f.endswith(".py")):
            source = (Path(folder) / name).read_text(encoding="utf-8", errors="replace")
            for m in scan.finditer(source):  # strings are matched first, so a '#' inside one is no comment
                words |= words_of((m.group(2) if m.group(1) else m.group(3)) or "")
    return words


def synthetic_words() -> set[str]:
    """Made-up words that pile the stemmer's suffixes on each other, to drive every rule and their interplay."""
    rng = random.Random(2_7_4)
    stems = ["b", "c", "y", "tr", "st", "hop", "fil", "ag", "con", "gener", "rel", "sens", "oscil", "yell",
             "sky", "pony", "happ", "agr", "f", "ceas", "probat", "hous", "kn", "valu", "eyo", "a", "ou", "ie"]
    suffixes = ["s", "es", "ies", "sses", "ss", "ed", "eed", "ing", "y", "e", "ll", "l", "ational", "tional",
                "enci", "anci", "izer", "bli", "alli", "entli", "eli", "ousli", "ization", "ation", "ator",
                "alism", "iveness", "fulness", "ousness", "aliti", "iviti", "biliti", "logi", "icate", "ative",
                "alize", "iciti", "ical", "ful", "ness", "al", "ance", "ence", "er", "ic", "able", "ible", "ant",
                "ement", "ment", "ent", "ou", "ism", "ate", "iti", "ous", "ive", "ize", "sion", "tion", "ion",
                "at", "bl", "iz", "ly", "li"]
    words = set()
    while len(words) < 20_000:
        words.add(rng.choice(stems) + "".join(rng.choice(suffixes) for _ in range(rng.randint(1, 3))))
    return words


def vocabulary() -> tuple[set[str], dict[str, int]]:
    parts = {"content": set().union(*(words_of(p.read_text(encoding="utf-8")) for p in content_files())),
             "stdlib": stdlib_words(),
             "seeds": set().union(*(words_of(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))))}
    real = set().union(*parts.values())
    inflected = {w + s for w in real if w.isalpha() for s in ("s", "ed", "ing", "ly")}
    parts |= {"real": real, "inflected": inflected - real, "synthetic": synthetic_words() - real - inflected}
    return set().union(*parts.values()), {k: len(v) for k, v in parts.items()}


def js_stems(js, words: list[str]) -> list[str]:
    out: list[str] = []
    for i in range(0, len(words), BATCH):
        out += js.evaluate("ws => ws.map(A.stem)", words[i:i + BATCH])
    return out


def test_module_exports_whooshs_stop_words(js):
    assert sorted(js.evaluate("[...A.STOP_WORDS]")) == sorted(STOP_WORDS)
    assert js.evaluate("Object.keys(A).sort()") == ["STOP_WORDS", "analyze", "stem", "tokenize"]


def test_stem_agrees_with_whoosh_on_a_large_real_vocabulary(js):
    words, sizes = vocabulary()
    words = sorted(words)
    assert sizes["content"] > 1_000 and sizes["stdlib"] > 20_000 and sizes["seeds"] > 500, sizes
    assert sizes["real"] > 30_000 and len(words) > 100_000, sizes
    got = js_stems(js, words)
    assert len(got) == len(words)
    expected = [stem(w) for w in words]
    mismatches = [(w, e, g) for w, e, g in zip(words, expected, got) if e != g]
    changed = sum(e != w for w, e in zip(words, expected))
    print(f"\nvocabulary: {len(words)} distinct words {sizes}; "
          f"whoosh changes {changed}; mismatches: {len(mismatches)}")
    assert mismatches == [], mismatches[:50]
    assert changed > 20_000  # the stemmer really had work to do


def test_stem_of_mixed_case_and_non_word_strings(js):
    """stem() is only fed lower-cased tokens, but it is whoosh's function for any token-like string too."""
    content = set().union(*(words_of(p.read_text(encoding="utf-8")) for p in content_files()))
    words = sorted({w.capitalize() for w in content} | {w.upper() for w in content} |
                   {"", "s", "ss", "ab", "abs", "ies", "ied", "eed", "yed", "sses", "ying", "yying", "Yyying", "Yes",
                    "YES", "yelling", "yellowly", "sky", "skys", "Caresses", "OfSTED", "ÉTUDES", "straßes",
                    "a.b.es", "x_yies", "3.5ed", "_ing", "𝐀s", "𝐀𝐀s", "𝐀𝐀𝐀s", "𐐨𐐨ing", "ba𝐀ing", "ba𝐀ed", "𝐀a𝐀e",
                    "b𝐀𝐀ing"})
    assert js_stems(js, words) == [stem(w) for w in words]


@pytest.mark.parametrize("path", content_files(), ids=lambda p: str(p.relative_to(CONTENT)))
def test_analyze_agrees_with_whoosh_on_every_content_file(js, path):
    text = path.read_text(encoding="utf-8")
    expected = whoosh_result(text)
    assert expected["terms"]  # not vacuous
    assert js.evaluate(JS_RESULT, text) == expected


def test_analyze_agrees_with_whoosh_on_the_seeds(js):
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert js.evaluate(JS_RESULT, text) == whoosh_result(text), path.name


TRICKY = [
    "", "   ", "\n\t", "the and of a to", "A an THE", "I", "tbd TBD us US will Will wills", "The the THE cat sat",
    "x the cat", "a b c d e the cat, a dog", "Testing is testing and testing",
    # numbers, money, dates
    "2010/11", "£1,839", "£1,839.50", "£000", "1.5m", "30.11.2009", "23rd November 2009", "10:30am", "3.141",
    "v1.2.3", "1,000,000", "0 00 007", "1st 2nd 3rd 4th", "1990s 2010s", "Option 2010/11 (£000) 400 130 530",
    "para 3 of Schedule 12A", "−5 -5 +5 5%", "½ ² ٣ Ⅻ ⑦",
    # dots
    "e.g.", "i.e.", "U.K.", "a.b", "...", "a..b", "end. Next", "x.", ".x", "x.y.z. ..a..b", "www.bolton.gov.uk",
    "os.path.join", "3..5",
    # apostrophes and quotes
    "Children's", "Children’s", "children‘s", "'quoted'", "“smart quotes”", "don't", "o'clock", "Members' views",
    # hyphens and dashes
    "co-ordination", "long‐term", "cost–benefit", "non—stop", "co\u00adordination", "well-being",
    # capitals and acronyms
    "OfSTED", "SEND", "CAMHS", "ICT", "CSC", "JSNA", "Ofsted's",
    # Unicode letters
    "café", "cafe\u0301", "naïve", "nai\u0308ve", "Zoë", "façade", "Ørsted", "straße", "STRASSE", "İstanbul", "İ",
    "I\u0307", "ΟΔΟΣ", "ΑΣ.Β", "Α.Σ", "σ Σ ΣΣ", "Ελληνικά", "Привет мир", "日本語テキスト", "中文", "한국어",
    "עברית", "العربية", "हिन्दी", "ǅemal", "ǆ Ǆ", "ﬁnance", "Ⅻs", "𝐀", "𝐀𝐀", "𝐀s", "𝐀𝐀s", "𐐀𐐀", "𐐀s",
    "🙂 emoji", "a🙂b", "Look\u00a0After", "zero\u200bwidth", "\ufeffBOM", "tab\tline\nline\r\nsep\u2028end",
    # underscores
    "under_score", "__init__", "_", "__", "snake_case_words", "_private", "a_", "_a",
    # stemmer quirks
    "hopping conflated agreed feed generalizations relational controlling fitting",
    "yes yelled yyying syzygy crying enjoying", "wills ands caresses ponies ties caress cats",
    "#hashtag @mention http://example.com/path?x=1&y=2 email@example.org",
    "a." * 2000, "ab " * 3000,
]


@pytest.mark.parametrize("text", TRICKY, ids=lambda t: ascii(t[:30]))
def test_analyze_agrees_with_whoosh_on_tricky_strings(js, text):
    assert js.evaluate(JS_RESULT, text) == whoosh_result(text)


def test_analyze_agrees_with_whoosh_on_random_strings(js):
    rng = random.Random(11)
    alphabet = list("aeiouyYsStTlLdDgnNbBzZIi.,'’-_ 019\n") + ["é", "ß", "İ", "Σ", "ς", "𝐀", "\u0301", "½", "ǅ"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    got = js.evaluate(f"ts => ts.map({JS_RESULT})", texts)
    bad = [(t, e, g) for t, g in zip(texts, got) if g != (e := whoosh_result(t))]
    assert bad == [], bad[:10]


def test_every_code_point_tokenizes_and_lowercases_as_in_whoosh(js):
    """For each code point c, `c cc cs ba<c>ing` is analysed alike: Python's \\w, str.lower(), len(), and the
    stemmer's one-character classes (ba<c> is consonant-vowel-consonant) must treat c as whoosh does."""
    def sample(c: str) -> str:
        return f"{c} {c}{c} {c}s ba{c}ing"

    def whoosh_line(c: str) -> str:
        s = sample(c)
        return f"{' '.join(f'{t.text}@{t.pos}' for t in TOKENS(s, positions=True))}\t" \
               f"{' '.join(t.text for t in STEMMING(s))}"

    # A character that is no word character gives the baseline ("ba" and "ing" only); the page reports the
    # code points whose result differs from it, and whoosh analyses those, every Python \w character, and all
    # of Latin-1 (which holds the one non-word character with a role in the pattern, ".").
    baseline = whoosh_line(" ")
    word = re.compile(r"\w")
    python_words = set(range(0x100)) | {cp for cp in range(0x110000) if word.match(chr(cp))}
    with ThreadPoolExecutor(1) as pool:  # whoosh works on them while the browser does its loop
        whoosh_lines = pool.submit(lambda: {cp: whoosh_line(chr(cp)) for cp in python_words})
        lines = js.evaluate("""baseline => {
        const out = [];
        for (let cp = 0; cp < 0x110000; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            const c = String.fromCodePoint(cp), k = A.tokenize(`${c} ${c}${c} ${c}s ba${c}ing`);
            const line = k.map(x => x.text + '@' + x.pos).join(' ') + '\\t' + k.map(x => A.stem(x.text)).join(' ');
            if (line !== baseline) out.push(cp + '\\t' + line);
        }
        return out.join('\\n');
    }""", baseline)
        lines_of_python_words = whoosh_lines.result()
    got = dict(line.split("\t", 1) for line in lines.split("\n"))
    got = {int(cp): line for cp, line in got.items()}
    checked = sorted(set(got) | python_words)
    expected = {cp: line for cp in checked
                if (line := lines_of_python_words.get(cp) or whoosh_line(chr(cp))) != baseline}
    differ = [cp for cp in checked if got.get(cp) != expected.get(cp)]
    # Chromium's Unicode tables are newer than this Python's: letters added since (unassigned, category Cn,
    # for Python) are words in the browser only. That is a difference of data versions, not of the port;
    # every character this Python knows must agree.
    known = [cp for cp in differ if unicodedata.category(chr(cp)) != "Cn"]
    print(f"\ncode points that form words: {len(expected)} (whoosh), {len(got)} (browser); "
          f"differ: {len(differ)}, of which known to Python's Unicode {unicodedata.unidata_version}: {len(known)}")
    assert len(expected) > 100_000
    assert known == [], [(hex(cp), got.get(cp), expected.get(cp)) for cp in known[:20]]


def test_the_builds_own_analysis_gives_whooshs_terms():
    """generator.index analyses each document without whoosh's Token objects (faster); whoosh's terms all the same,
    over the sample archive, the seeds, the tricky strings, random strings and the stdlib's vocabulary."""
    from generator.index import _analyse

    rng = random.Random(12)
    alphabet = list("aeiouyYsStTlLdDgnNbBzZIi.,'’-_ 019\n") + ["é", "ß", "İ", "Σ", "ς", "𝐀", "\u0301", "½", "ǅ"]
    texts = [p.read_text(encoding="utf-8") for p in content_files() + sorted(SEEDS.glob("*.txt"))]
    texts += TRICKY + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    texts.append(" ".join(sorted(stdlib_words())))
    bad = [t[:80] for t in texts if _analyse(t) != [tok.text for tok in STEMMING(t)]]
    assert bad == []
    assert sum(len(_analyse(t)) for t in texts) > 40_000  # not vacuous
