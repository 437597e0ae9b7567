// Search of the static index in the browser (docs/search-format.md): the query rules 1-8, with the
// scores whoosh computed at build time added up in whoosh's order, so the ranking is whoosh's.
// openIndex(base) → index; runQuery(index, text, {filters, sort, counts}) → results; loadRecords(index, docnums).
import { analyze, tokenize } from "./analyze.js";

// Python's str.isspace(), which is what the build's query parser splits on (JavaScript's \s differs).
const WS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PARTS = new RegExp(`"([^"]*)"?|([^${WS}]+)`, "g");
const ENDS_IN_SPACE = new RegExp(`[${WS}]$`);
const codePoints = (s) => [...s].length;

export const FACETS = ["authority", "body", "year", "verb", "ward", "key", "kind"];
export const KINDS = ["item", "meeting", "person", "issue"]; // a document's kind, by its number

// -- fetching, once per file ----------------------------------------------------------------------

export async function openIndex(base) {
  const index = { base: new URL(base, location.href), files: new Map(), postings: new Map(), info: new Map() };
  index.root = await fetchFile(index, "root.json");
  return index;
}

function fetchFile(index, path, binary = false) {
  if (!index.files.has(path)) {
    const promise = fetch(new URL(path, index.base)).then((r) => {
      if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
      return binary ? r.arrayBuffer() : r.json();
    });
    promise.catch(() => index.files.delete(path)); // a failed fetch may be tried again
    index.files.set(path, promise);
  }
  return index.files.get(path);
}

// facets.json's compact arrays as objects: orgs[i] = {authority, authority_name, body, body_name},
// wards[i] = {authority, name}; index 0 of each is "none".
export function facets(index) {
  if (!index.facets) {
    index.facets = fetchFile(index, "facets.json").then((f) => {
      const authority = (i) => f.authorities[i] || ["", ""];
      return {
        ...f,
        orgs: f.orgs.map((o) => o && { authority: authority(o[0])[0], authority_name: authority(o[0])[1],
          body: o[1], body_name: o[2] }),
        wards: f.wards.map((w) => w && { authority: authority(w[0])[0], name: w[1] }),
      };
    });
  }
  return index.facets;
}

// The dictionary shard of a term: FNV-1a (32 bits) of its UTF-8 bytes, modulo the shards (generator.index.dict_shard).
function dictShard(term, shards) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(term)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h % shards;
}

// The last i with list[i] <= key (UTF-16 order, as the words shards are cut), or -1.
function shardOf(list, key) {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key < list[mid]) hi = mid; else lo = mid + 1;
  }
  return lo - 1;
}

// [df_title, df_body, postings] of a term; [0, 0] when it is in neither field.
async function entry(index, term) {
  const shard = await fetchFile(index, `dict/${dictShard(term, index.root.dict_shards)}.json`);
  return Object.hasOwn(shard, term) ? shard[term] : [0, 0];
}

const base64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

// Bytes `start` to `end` (exclusive; null: to the end) of a file, by an HTTP range request; a server
// that ignores ranges sends the whole file, which is then kept for the other ranges.
function range(index, path, start, end) {
  const key = `${path} ${start}-${end}`;
  if (!index.files.has(key)) {
    const whole = index.files.get(path);
    const last = end === null ? "" : end - 1;
    const promise = whole ? whole.then((buf) => buf.slice(start, end === null ? undefined : end))
      : fetch(new URL(path, index.base), { headers: { Range: `bytes=${start}-${last}` } }).then(async (r) => {
        if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
        const buf = await r.arrayBuffer();
        if (r.status === 206) return buf;
        index.files.set(path, Promise.resolve(buf));
        return buf.slice(start, end === null ? undefined : end);
      });
    promise.catch(() => index.files.delete(key));
    index.files.set(key, promise);
  }
  return index.files.get(key).then((buf) => new Uint8Array(buf));
}

const inflate = async (buf) =>
  new Uint8Array(await new Response(new Blob([buf]).stream().pipeThrough(new DecompressionStream("deflate"))).arrayBuffer());

// A section of a term's postings: "core" (documents and scores), "facets" (theirs, fetched only where
// the results need them) or "pos" (positions, for phrases). A frequent term's sections are in files,
// zlib-compressed (static hosts do not compress .bin files), after the postings file's plain top section.
async function section(index, e, which) {
  if (typeof e[2] === "string") return base64(e[{ core: 2, pos: 3, facets: 4 }[which]]);
  if (which === "pos") return inflate(new Uint8Array(await fetchFile(index, `pos/${e[2]}.bin`, true)));
  const path = `post/${e[2]}.bin`;
  return inflate(await (which === "core" ? range(index, path, e[3], e[3] + e[4]) : range(index, path, e[3] + e[4], null)));
}

const topSection = (index, e) => range(index, `post/${e[2]}.bin`, 0, e[3]);

// A one-word search from the top section alone: the term's best documents in whoosh's order, with
// whoosh's scores, and the counts of all its documents by facet (docs/search-format.md), which are
// noted only when facets.json (`f`) is given.
async function fromTop(index, e, f, out) {
  const r = new Reader(await topSection(index, e));
  const hits = Array.from({ length: r.varint() }, () => ({ docnum: r.varint(), score: r.float64() }));
  const pairs = () => Array.from({ length: r.varint() }, () => [r.varint(), r.varint()]);
  const [orgs, runs, verbs, wards] = [pairs(), pairs(), pairs(), pairs()];
  const key = r.varint(), kinds = KINDS.map(() => r.varint());
  out.total = kinds.reduce((a, b) => a + b, 0);
  out.hits = hits;
  out.partial = hits.length < out.total; // the rest come with runQuery(…, {complete: true})
  if (!f) return out;
  const add = (name, value, n) => { if (n) out.counts[name].set(value, (out.counts[name].get(value) || 0) + n); };
  for (const [org, n] of orgs) {
    const o = f.orgs[org];
    add("authority", o.authority, n);
    if (o.body) add("body", `${o.authority}/${o.body}`, n);
  }
  for (const [run, n] of runs) if (index.root.years[run][1] !== null) add("year", String(index.root.years[run][1]), n);
  for (const [bit, n] of verbs) add("verb", f.verbs[bit], n);
  for (const [w, n] of wards) add("ward", `${f.wards[w].authority}/${f.wards[w].name}`, n);
  add("key", "yes", key);
  kinds.forEach((n, i) => add("kind", KINDS[i], n));
  return out;
}

// -- decoding ---------------------------------------------------------------------------------------

class Reader {
  constructor(buf) { this.buf = buf; this.at = 0; this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength); }
  varint() { // unsigned LEB128, exact up to 2^53
    let n = 0, scale = 1, b;
    do { b = this.buf[this.at++]; n += (b & 0x7f) * scale; scale *= 128; } while (b & 0x80);
    return n;
  }
  float64() { const x = this.view.getFloat64(this.at, true); this.at += 8; return x; }
  floats() { return Array.from({ length: this.varint() }, () => this.float64()); }
}

// A term's postings: [{doc, t, b}] with t/b the score in title/body (undefined where absent).
function postings(index, term, e) {
  if (!index.postings.has(term)) {
    index.postings.set(term, section(index, e, "core").then((buf) => {
      const r = new Reader(buf);
      const title = r.floats(), body = r.floats();
      const n = r.varint();
      let doc = 0;
      const list = Array.from({ length: n }, () => ({ doc: (doc += r.varint()), t: undefined, b: undefined }));
      for (const x of list) { const i = r.varint(); if (i) x.t = title[i - 1]; }
      for (const x of list) { const i = r.varint(); if (i) x.b = body[i - 1]; }
      return list;
    }));
  }
  return index.postings.get(term);
}

// The facets of a term's documents (org, flags, wards), noted in index.info for the filters and counts.
function facetsOf(index, term, e) {
  const key = "facets " + term;
  if (!index.postings.has(key)) {
    // after the postings: a host without ranges has sent the whole file by then, and is not asked again
    index.postings.set(key, postings(index, term, e).then(async (list) => {
      const r = new Reader(await section(index, e, "facets"));
      const orgs = list.map(() => r.varint()), flags = list.map(() => r.varint());
      list.forEach((x, j) => {
        const wards = flags[j] & 8 ? Array.from({ length: r.varint() }, () => r.varint()) : [];
        if (!index.info.has(x.doc)) index.info.set(x.doc, { org: orgs[j], flags: flags[j], wards });
      });
    }));
  }
  return index.postings.get(key);
}

// Positions of each posting, in the postings' order: [{t: [...], b: [...]}].
function positions(index, term, e) {
  const key = "positions " + term;
  if (!index.postings.has(key)) {
    index.postings.set(key, Promise.all([postings(index, term, e), section(index, e, "pos")]).then(([list, buf]) => {
      const r = new Reader(buf);
      const read = () => { let p = 0; return Array.from({ length: r.varint() }, () => (p += r.varint())); };
      return list.map((x) => ({ t: x.t !== undefined ? read() : null, b: x.b !== undefined ? read() : null }));
    }));
  }
  return index.postings.get(key);
}

// -- rules 1-4: the query's parts ---------------------------------------------------------------

const words = (text) => tokenize(text).map((t) => t.text); // lower-cased, no stop words, not stemmed

// Rules 1 and 2, before anything is looked up: [{kind: "term"|"phrase"|"prefix", terms, text, quoted}].
export function parse(query) {
  const parts = [];
  for (const [, quoted = "", word = ""] of String(query).matchAll(PARTS)) {
    let w = word;
    if (w.endsWith("*") && w.replace(/\*+$/, "")) {
      const raw = w.replace(/\*+$/, "");
      const tokens = words(raw);
      if (tokens.length === 1) { parts.push({ kind: "prefix", terms: [], text: tokens[0], quoted: false }); continue; }
      w = raw;
    }
    const text = w || quoted;
    const terms = analyze(text);
    parts.push({ kind: terms.length > 1 ? "phrase" : "term", terms, text, quoted: !w });
  }
  return parts;
}

// Rule 4: the stems a prefix stands for, and the archive's words that led to them.
async function expand(index, prefix) {
  const first = index.root.words;
  const start = Math.max(shardOf(first, prefix), 0);
  const stems = new Map(), found = [];
  for (let n = start; n < first.length; n++) {
    if (n > start && !first[n].startsWith(prefix) && first[n] > prefix) break;
    const shard = await fetchFile(index, `words/${n}.json`);
    for (const [word, [stem, df]] of Object.entries(shard)) {
      if (word.startsWith(prefix)) { stems.set(stem, df); found.push([word, stem]); }
    }
  }
  const ranked = [...stems].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const chosen = ranked.slice(0, index.root.prefix.expansions).map(([s]) => s);
  return { stems: chosen, words: found.filter(([, s]) => chosen.includes(s)).map(([w]) => w) };
}

// -- rules 6 and 7: matching and scores ----------------------------------------------------------
// A node is {est, docs: Map(docnum → score), cover}; its scores are added in the order whoosh adds
// them; cover: the [term, entry] pairs whose facets cover every document the node matches.

const union = (a, b, N) => { // whoosh's UnionMatcher: a + b where both match
  const docs = new Map(a.docs);
  for (const [d, s] of b.docs) docs.set(d, docs.has(d) ? docs.get(d) + s : s);
  return { est: Math.min(a.est + b.est, N), docs, cover: [...a.cover, ...b.cover] }; // Or.estimate_size is capped
};

const postingsOf = (cover) => cover.reduce((n, [, e]) => n + e[0] + e[1], 0);

const intersect = (a, b) => { // whoosh's IntersectionMatcher: a + b
  const docs = new Map();
  for (const [d, s] of a.docs) if (b.docs.has(d)) docs.set(d, s + b.docs.get(d));
  return docs;
};

// make_binary_tree: split at floor(n/2), left sum + right sum.
const treeSum = (xs) => xs.length === 1 ? xs[0]
  : treeSum(xs.slice(0, xs.length >> 1)) + treeSum(xs.slice(xs.length >> 1));

async function termNode(index, term, e) {
  const docs = new Map();
  for (const x of await postings(index, term, e)) {
    docs.set(x.doc, x.t !== undefined && x.b !== undefined ? x.t + x.b : x.t !== undefined ? x.t : x.b);
  }
  const est = e[0] && e[1] ? Math.min(e[0] + e[1], index.root.docs) : e[0] + e[1];
  return { est, docs, cover: [[term, e]] };
}

async function phraseNode(index, terms, entries) {
  const fields = ["t", "b"].filter((f, i) => entries.every((e) => e[i] > 0));
  const lists = await Promise.all(terms.map((t, i) => postings(index, t, entries[i])));
  const pos = await Promise.all(terms.map((t, i) => positions(index, t, entries[i])));
  const nodes = fields.map((f) => {
    const i = f === "t" ? 0 : 1;
    // docnum → [score, positions] of each term in this field
    const maps = lists.map((list, k) => {
      const m = new Map();
      list.forEach((x, j) => { if (x[f] !== undefined) m.set(x.doc, [x[f], new Set(pos[k][j][f])]); });
      return m;
    });
    const docs = new Map();
    for (const [d, [, starts]] of maps[0]) {
      const hits = maps.map((m) => m.get(d));
      if (hits.some((h) => !h)) continue;
      if (![...starts].some((p) => hits.every((h, k) => h[1].has(p + k)))) continue;
      docs.set(d, treeSum(hits.map((h) => h[0])));
    }
    return { est: Math.min(...entries.map((e) => e[i])), docs, cover: [] };
  });
  const node = nodes.length === 1 ? nodes[0] : union(nodes[0], nodes[1], index.root.docs);
  const rarest = entries.reduce((k, e, j) => (postingsOf([[0, e]]) < postingsOf([[0, entries[k]]]) ? j : k), 0);
  node.cover = [[terms[rarest], entries[rarest]]]; // a phrase's documents all hold each of its terms
  return node;
}

// whoosh's make_weighted_tree over the And's parts, weight -estimate.
function andNode(parts) {
  const ls = parts.map((p) => [-p.est, p.docs]).sort((a, b) => a[0] - b[0]); // stable
  while (ls.length > 1) {
    const [a, b] = ls.splice(0, 2);
    const pair = [a[0] + b[0], intersect({ docs: a[1] }, { docs: b[1] })];
    let at = 0;
    while (at < ls.length && ls[at][0] <= pair[0]) at++;
    ls.splice(at, 0, pair);
  }
  return ls[0][1];
}

// -- rule 8 and the facets ----------------------------------------------------------------------

function yearOf(index, doc) {
  const runs = index.root.years;
  let lo = 0, hi = runs.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (doc < runs[mid][0]) hi = mid; else lo = mid + 1; }
  const year = lo ? runs[lo - 1][1] : null;
  return year === null ? [] : [String(year)];
}

// The values a document has for each facet (filter values as generator.index.search takes them).
function facetValues(index, f, doc) {
  const { org, flags, wards } = index.info.get(doc);
  const o = f.orgs[org];
  const verbs = [];
  for (let mask = Math.floor(flags / 16), i = 0; mask > 0; mask = Math.floor(mask / 2), i++) {
    if (mask % 2) verbs.push(f.verbs[i]);
  }
  return {
    authority: o ? [o.authority] : [],
    body: o && o.body ? [`${o.authority}/${o.body}`] : [],
    year: yearOf(index, doc),
    verb: verbs,
    ward: wards.map((w) => f.wards[w]).filter(Boolean).map((w) => `${w.authority}/${w.name}`),
    key: flags & 1 ? ["yes"] : [],
    kind: [f.kinds[(flags >> 1) & 3]],
  };
}

// -- the query --------------------------------------------------------------------------------

// counts: whether to count the matches by each facet's values (out.counts, else null). Without counts
// and filters, a query fetches no facets at all: the search page counts only when its filters are open.
export async function runQuery(index, text, { filters = {}, sort = "relevance", complete = false, counts = true } = {}) {
  text = String(text);
  const active = FACETS.filter((name) => filters[name]);
  const f = counts || active.length ? await facets(index) : null;
  const parts = parse(text);
  // unknown, ignored and expanded are generator.index.search's; short: prefixes too short to complete
  // (also in ignored); words: the archive's words each prefix was completed to; terms: to highlight.
  const out = { text, total: 0, hits: [], counts: null, unknown: [], ignored: [], short: [], expanded: {}, words: {},
    terms: [], partial: false };
  if (counts) out.counts = Object.fromEntries(FACETS.map((name) => [name, new Map()]));
  const termEntries = await Promise.all(parts.map((p) => Promise.all(p.terms.map((t) => entry(index, t)))));
  const last = parts.length - 1;
  if (last >= 0 && !ENDS_IN_SPACE.test(text) && parts[last].kind === "term" && !parts[last].quoted &&
      parts[last].terms.length === 1 && termEntries[last][0][0] + termEntries[last][0][1] === 0) {
    parts[last] = { kind: "prefix", terms: [], text: words(parts[last].text)[0], quoted: false }; // rule 3
  }
  // One frequent word, unfiltered, by relevance: the top of its postings file answers it.
  const only = parts.filter((p) => p.terms.length || p.kind === "prefix");
  const fast = !complete && sort === "relevance" && !active.length && only.length === 1 &&
    only[0].kind === "term" && typeof termEntries[parts.indexOf(only[0])][0][2] === "number";
  let fastEntry = null;
  const nodes = [];
  for (const [i, part] of parts.entries()) {
    if (part.kind === "prefix") {
      if (codePoints(part.text) < index.root.prefix.min) { out.ignored.push(part.text); out.short.push(part.text); continue; }
      const { stems, words: found } = await expand(index, part.text);
      if (!stems.length) { out.unknown.push(part.text); continue; }
      out.expanded[part.text] = stems;
      out.words[part.text] = found;
      out.terms.push(...stems);
      const subs = await Promise.all(stems.map(async (s) => termNode(index, s, await entry(index, s))));
      nodes.push(subs.length === 1 ? subs[0] : union(subs[0], subs[1], index.root.docs));
    } else if (!part.terms.length) {
      out.ignored.push(part.text);
    } else if (part.kind === "term") {
      const e = termEntries[i][0];
      if (e[0] + e[1] === 0) { out.unknown.push(part.text); continue; }
      out.terms.push(part.terms[0]);
      if (fast) { fastEntry = e; continue; }
      nodes.push(await termNode(index, part.terms[0], e));
    } else {
      const e = termEntries[i];
      if (![0, 1].some((k) => e.every((x) => x[k] > 0))) { out.unknown.push(part.text); continue; }
      out.terms.push(...part.terms);
      nodes.push(await phraseNode(index, part.terms, e));
    }
  }
  if (fastEntry) return fromTop(index, fastEntry, f, Object.assign(out, { searched: true }));
  out.searched = !out.unknown.length && nodes.length > 0; // false: nothing left to look for
  if (!out.searched) return out;
  const scores = nodes.length === 1 ? nodes[0].docs : andNode(nodes);
  const kept = [];
  if (!f) {
    for (const [doc, score] of scores) kept.push({ docnum: doc, score });
    return ordered(out, kept, sort);
  }
  // Every match is in each part's documents: the facets of the part with the fewest postings cover them.
  const cover = nodes.map((n) => n.cover).reduce((a, b) => (postingsOf(b) < postingsOf(a) ? b : a));
  await Promise.all(cover.map(([term, e]) => facetsOf(index, term, e)));

  // Filters, and each facet's counts with every other facet's filter applied.
  for (const [doc, score] of scores) {
    const values = facetValues(index, f, doc);
    const failing = active.filter((name) => !values[name].includes(filters[name]));
    if (!failing.length) kept.push({ docnum: doc, score });
    if (!counts) continue;
    for (const name of FACETS) {
      if (failing.length > 1 || (failing.length === 1 && failing[0] !== name)) continue;
      for (const v of values[name]) out.counts[name].set(v, (out.counts[name].get(v) || 0) + 1);
    }
  }
  return ordered(out, kept, sort);
}

// Rule 8: the kept matches in the order asked for; out.total and out.hits.
function ordered(out, kept, sort) {
  if (sort === "newest") kept.sort((a, b) => a.docnum - b.docnum);
  else if (sort === "oldest") kept.sort((a, b) => b.docnum - a.docnum);
  else kept.sort((a, b) => b.score - a.score || a.docnum - b.docnum);
  out.total = kept.length;
  out.hits = kept;
  return out;
}

// Display records ({u, t, k, d, m, x, l} and docnum) of the given documents, fetching only their shards.
export async function loadRecords(index, docnums) {
  const per = index.root.per_docs_file;
  return Promise.all(docnums.map(async (d) => {
    const shard = await fetchFile(index, `docs/${Math.floor(d / per)}.json`);
    return { docnum: d, ...shard[d % per] };
  }));
}
