// Query analysis identical to whoosh 2.7.4's StemmingAnalyzer() (default arguments):
// RegexTokenizer | LowercaseFilter | StopFilter | StemFilter(whoosh.lang.porter.stem),
// so that the browser looks up exactly the terms the build indexed.
// tests/test_analyzer_parity.py proves it against whoosh in headless Chromium.

export const STOP_WORDS = new Set(("a an and are as at be by can for from have if in is it may not of " +
  "on or tbd that the this to us we when will with yet you your").split(" "));

// whoosh's default pattern \w+(\.?\w+)*, where Python's \w (str) is any letter, number or "_".
// Single inner dots are kept: "e.g." -> "e.g", "3.5" -> "3.5"; "2010/11", "co-ordination",
// "Children's" and "£1,839" split. Combining accents (café as e + U+0301) are not \w and split too.
const WORD = /[\p{L}\p{N}_]+(?:\.?[\p{L}\p{N}_]+)*/gu;

// Python counts code points, not UTF-16 units ("𝐀" is 1 long, "İ".lower() is 2).
const len = (s) => [...s].length;

// Tokens after LowercaseFilter and StopFilter (minsize 2, checked AFTER lower-casing):
// [{text, pos}], text not yet stemmed.
export function tokenize(text) {
  const out = [];
  let raw = 0, pos = null;
  for (const [match] of String(text).matchAll(WORD)) {
    const t = match.toLowerCase(); // like str.lower(), incl. final sigma: "ΟΔΟΣ" -> "οδος"
    raw++;
    if (len(t) < 2 || STOP_WORDS.has(t)) continue;
    // StopFilter(renumber=True) quirk: the first kept token keeps its raw position,
    // the next ones count on from it ("the cat sat" -> cat 1, sat 2).
    pos = pos === null ? raw - 1 : pos + 1;
    out.push({ text: t, pos });
  }
  return out;
}

// Terms, as [t.text for t in StemmingAnalyzer()(text)]. Stop words are tested before stemming,
// so "wills" -> "will" and "ands" -> "and" are kept.
export const analyze = (text) => tokenize(text).map((t) => stem(t.text));

// whoosh.lang.porter.stem: NOT the textbook Porter; its regexes are copied as they are, quirks
// included. "y" is a vowel in sv/cvc but neither vowel nor consonant in the m>0/m==1/m>1 tests.
const mgr0 = /^([^aeiouy]+)?[aeiou]+[^aeiouy]+/u; // m > 0 (a prefix test)
const meq1 = /^([^aeiouy]+)?[aeiou]+[^aeiouy]+([aeiou]+)?$/u; // m == 1
const mgr1 = /^([^aeiouy]+)?[aeiou]+[^aeiouy]+[aeiou]+[^aeiouy]+/u; // m > 1
const sv = /^([^aeiouy]+)?[aeiouy]/u; // has a vowel
const cvc = /^[^aeiouy]+[aeiouy][^aeiouwxy]$/u; // the WHOLE stem is consonants-vowel-consonant

const step2 = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/u;
const s2 = { ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble",
  alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate",
  alism: "al", iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive",
  biliti: "ble", logi: "log" };
const step3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/u;
const s3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" };
const step4 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/u;

export function stem(w) {
  if (len(w) < 3) return w;
  const y = w[0] === "y";
  if (y) w = "Y" + w.slice(1); // a leading y is a consonant ("Y" is outside [aeiouy])
  let m;
  // Step 1a
  if (w.endsWith("s")) {
    if (w.endsWith("sses") || w.endsWith("ies")) w = w.slice(0, -2);
    else if (w.at(-2) !== "s") w = w.slice(0, -1); // "1990s" -> "1990", "bus" -> "bu"
  }
  // Step 1b
  if (w.endsWith("eed")) {
    if (mgr0.test(w.slice(0, -3))) w = w.slice(0, -1);
  } else if ((m = /^(.*)(ed|ing)$/u.exec(w)) && sv.test(m[1])) {
    w = m[1];
    // whoosh tests these with re.match, i.e. anchored at BOTH ends: only a stem that is exactly
    // "at"/"bl"/"iz" gets its "e" back ("conflated" -> "conflat"), and its double-consonant rule
    // (whole stem == two equal consonants, yet it must hold a vowel) never fires: "hopping" -> "hopp".
    if (/^(at|bl|iz)$/u.test(w) || cvc.test(w)) w += "e"; // "filing" -> "file", "aging" -> "ag"
  }
  // Step 1c
  if (w.endsWith("y") && sv.test(w.slice(0, -1))) w = w.slice(0, -1) + "i";
  // Steps 2 and 3: the longest suffix wins; if its stem fails m > 0, no shorter one is tried.
  if ((m = step2.exec(w)) && mgr0.test(m[1])) w = m[1] + s2[m[2]];
  if ((m = step3.exec(w)) && mgr0.test(m[1])) w = m[1] + s3[m[2]];
  // Step 4: -ion is only tried when no other step-4 suffix matched.
  if ((m = step4.exec(w))) {
    if (mgr1.test(m[1])) w = m[1];
  } else if ((m = /^(.+?[st])ion$/u.exec(w)) && mgr1.test(m[1])) w = m[1];
  // Step 5
  if ((m = /^(.+?)e$/u.exec(w)) && (mgr1.test(m[1]) || (meq1.test(m[1]) && !cvc.test(m[1])))) w = m[1];
  if (w.endsWith("ll") && mgr1.test(w)) w = w.slice(0, -1);
  return y ? "y" + w.slice(1) : w;
}
