// The search page: an enhancement of a page that, without JavaScript, offers browsing instead.
// Wording comes from the page's data- attributes (translated by the template); record text is only
// ever set as text, never as HTML.
import { openIndex, runQuery, loadRecords, facets, FACETS, KINDS } from "./search.js";
import { STOP_WORDS, stem } from "./analyze.js";

const app = document.getElementById("search");
const PAGE = 10;
const WORD = /[\p{L}\p{N}_]+(?:\.?[\p{L}\p{N}_]+)*/gu; // analyze.js's tokenizer pattern

if (app) {
  const $ = (id) => document.getElementById(id);
  const form = $("search-form"), field = $("search-q"), status = $("search-status");
  const options = $("search-options"), sortSelect = $("search-sort");
  const panel = $("search-filter-panel"), applied = $("search-applied");
  const section = $("search-results-section"), list = $("search-results"), more = $("search-more");
  const selects = Object.fromEntries(FACETS.map((name) => [name, $("filter-" + name)]));
  const text = app.dataset;
  const say = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
  const pageLang = (document.documentElement.lang || "en").split("-")[0];
  const dates = new Intl.DateTimeFormat(document.documentElement.lang || "en-GB",
    { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  // The fixed options' own wording ("Items", "Key decisions only"), before counts are added.
  for (const select of Object.values(selects)) {
    for (const option of select.options) option.dataset.label = option.textContent;
  }

  let index = null, current = null, shown = 0, run = 0, timer = 0, settling = 0;
  let committed = true; // whether the current history entry is final, so that the next search is a new one

  // -- state in the address: q, the filters and sort, as the form would submit them
  const stateFromUrl = () => {
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const name of FACETS) if (params.get(name)) filters[name] = params.get(name);
    const sort = ["newest", "oldest"].includes(params.get("sort")) ? params.get("sort") : "relevance";
    return { q: params.get("q") || "", filters, sort };
  };
  const stateFromForm = () => {
    const filters = {};
    for (const name of FACETS) if (selects[name].value) filters[name] = selects[name].value;
    return { q: field.value, filters, sort: sortSelect.value };
  };
  const urlOf = (state) => {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const name of FACETS) if (state.filters[name]) params.set(name, state.filters[name]);
    if (state.sort !== "relevance") params.set("sort", state.sort);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  };
  const remember = (state, push) => {
    const url = urlOf(state);
    if (url === location.pathname + location.search) return;
    history[push ? "pushState" : "replaceState"](null, "", url);
  };

  // -- the filters: each facet's values with their counts
  const setOptions = (name, counts, f, chosen) => {
    const select = selects[name];
    const names = new Map(f.orgs.filter(Boolean).map((o) => [o.authority, o.authority_name]));
    const label = (v) => {
      if (name === "authority") return names.get(v) || v;
      if (name === "body") {
        const o = f.orgs.find((x) => x && `${x.authority}/${x.body}` === v);
        return o ? `${o.body_name} (${o.authority_name})` : v;
      }
      if (name === "ward") {
        const [a, ...rest] = v.split("/");
        return `${rest.join("/")} (${names.get(a) || a})`;
      }
      return v;
    };
    const values = new Set([...counts.keys()]);
    if (chosen) values.add(chosen);
    if (name === "key" || name === "kind") {
      for (const o of select.options) {
        if (o.value) o.textContent = `${o.dataset.label} (${counts.get(o.value) || 0})`;
      }
    } else {
      const ordered = [...values].map((v) => [v, label(v)]);
      ordered.sort(name === "year" ? (a, b) => b[0].localeCompare(a[0]) : (a, b) => a[1].localeCompare(b[1]));
      if (name === "verb") ordered.sort((a, b) => (counts.get(b[0]) || 0) - (counts.get(a[0]) || 0));
      select.replaceChildren(select.options[0], ...ordered.map(([v, l]) => new Option(`${l} (${counts.get(v) || 0})`, v)));
    }
    select.value = chosen || "";
    select.closest(".search-field").hidden = values.size === 0;
  };

  const clearCounts = () => {
    for (const select of Object.values(selects)) {
      for (const o of [...select.options]) {
        if (!o.value) continue;
        if (o.dataset.label) o.textContent = o.dataset.label; else o.remove();
      }
    }
  };

  // -- a result: title link, what and where, and the excerpt with the query's words marked
  const marked = (parent, value, terms) => {
    let at = 0;
    for (const m of value.matchAll(WORD)) {
      const word = m[0].toLowerCase();
      if ([...word].length < 2 || STOP_WORDS.has(word) || !terms.has(stem(word))) continue;
      parent.append(value.slice(at, m.index));
      const mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.append(mark);
      at = m.index + m[0].length;
    }
    parent.append(value.slice(at));
    return parent;
  };
  const el = (tag, className) => Object.assign(document.createElement(tag), className ? { className } : {});
  const resultItem = (rec, terms) => {
    const li = el("li", "search-result");
    const foreign = rec.l && rec.l !== pageLang ? (rec.l === "en" ? "en-GB" : rec.l) : null;
    const heading = el("h3");
    const link = el("a");
    link.href = app.dataset.root + rec.u;
    marked(link, rec.t, terms);
    if (foreign) link.lang = foreign;
    heading.append(link);
    const meta = el("p", "meta");
    const kind = KINDS[rec.k];
    const where = el("span");
    where.textContent = rec.m || "";
    if (foreign) where.lang = foreign;
    meta.append(el("span", "search-kind"));
    meta.firstChild.textContent = text["kind" + kind[0].toUpperCase() + kind.slice(1)] || kind;
    if (rec.m) meta.append(" · ", where);
    if (rec.d) meta.append(" · ", dates.format(new Date(rec.d + "T00:00:00Z")));
    li.append(heading, meta);
    if (rec.x) {
      const snippet = marked(el("p", "snippet"), rec.x, terms);
      if (foreign) snippet.lang = foreign;
      li.append(snippet);
    }
    return li;
  };

  const showMore = async (focus) => {
    const mine = run;
    if (current.partial && shown + PAGE > current.hits.length) { // a one-word search began with its top only
      const all = await runQuery(index, current.text, { complete: true, counts: false }); // unfiltered, by relevance
      if (mine !== run) return;
      current.hits = all.hits;
      current.partial = false;
    }
    const slice = current.hits.slice(shown, shown + PAGE);
    const records = await loadRecords(index, slice.map((h) => h.docnum));
    if (mine !== run) return;
    const terms = new Set(current.terms);
    const items = records.map((rec) => resultItem(rec, terms));
    list.append(...items);
    shown += items.length;
    more.hidden = shown >= current.total;
    if (focus && items.length) items[0].querySelector("a").focus();
    return items.length;
  };

  const message = (lines) => {
    status.replaceChildren(...lines.filter(Boolean).map((line) => Object.assign(el("p"), { textContent: line })));
  };

  const announce = (r) => {
    const lines = [];
    if (r.unknown.length) {
      lines.push(...r.unknown.map((word) => say(text.unknown, { word })));
    } else if (!r.searched) {
      // nothing was left to look for: the lines below say why
    } else if (r.total === 0) {
      lines.push(say(text.noResults, { query: r.text.trim() }));
    } else {
      lines.push(say(r.total === 1 ? text.resultOne : text.resultMany, { num: r.total.toLocaleString(document.documentElement.lang || undefined), query: r.text.trim() }));
      if (r.total > shown) lines.push(say(text.shown, { shown, total: r.total }));
    }
    for (const [prefix, words] of Object.entries(r.words)) {
      const some = words.length > 8 ? [...words.slice(0, 8), "…"] : words;
      lines.push(say(text.expanded, { prefix, words: some.join(", ") }));
    }
    const common = r.ignored.filter((w) => w.trim() && !r.short.includes(w));
    if (common.length) lines.push(say(text.ignored, { words: common.map((w) => `‘${w}’`).join(", ") }));
    for (const word of r.short) lines.push(say(text.short, { word, min: index.root.prefix.min }));
    message(lines);
  };

  // -- searching
  // The page is aria-busy while a search or a count is under way.
  let pending = 0;
  const busyWhile = async (work) => {
    pending++;
    app.setAttribute("aria-busy", "true");
    try {
      await work();
    } finally {
      if (--pending === 0) app.removeAttribute("aria-busy");
    }
  };
  const search = (state) => {
    const mine = ++run;
    return busyWhile(() => searchNow(state, mine));
  };
  // Counts by facet need each match's facets, which a search without filters does not fetch: they
  // are counted while the filters are open (or in use), and when they are opened.
  const showCounts = (r, f, state) => {
    for (const name of FACETS) setOptions(name, r.counts[name], f, state.filters[name]);
  };
  const countNow = async () => {
    const r = current, mine = run;
    if (!r || r.counts || !r.searched || !r.total) return;
    const counted = await runQuery(index, r.text, { ...r.state, counts: true });
    const f = await facets(index);
    if (mine !== run || current !== r) return;
    r.counts = counted.counts;
    showCounts(r, f, r.state);
  };
  const showApplied = (state) => {
    const n = Object.keys(state.filters).length;
    applied.textContent = n ? say(text.applied, { num: n }) : "";
    if (n) panel.open = true;
  };

  const searchNow = async (state, mine) => {
    showApplied(state);
    if (!state.q.trim()) {
      current = null;
      list.replaceChildren();
      section.hidden = options.hidden = true;
      message([]);
      return;
    }
    try {
      if (!index) index = await openIndex(text.index);
      const counts = panel.open || Object.keys(state.filters).length > 0;
      const r = await runQuery(index, state.q, { ...state, counts });
      if (mine !== run) return;
      r.state = state;
      current = r;
      shown = 0;
      list.replaceChildren();
      await showMore(false);
      if (mine !== run) return;
      if (r.counts) showCounts(r, await facets(index), state);
      else clearCounts(); // the last search's counts are not this one's
      if (mine !== run) return;
      sortSelect.value = state.sort;
      options.hidden = r.unknown.length > 0 || (r.total === 0 && !Object.keys(state.filters).length);
      section.hidden = r.total === 0;
      announce(r);
    } catch (error) {
      if (mine !== run) return;
      message([text.failed]);
      console.error(error);
    }
  };

  // Typing refines the current entry of the history; a submitted search, a filter or a sort is a
  // new entry, so Back returns to it. (Arrowing through a select changes it at every step: the
  // changes made within a second of each other are one entry.)
  field.addEventListener("input", () => {
    clearTimeout(timer);
    app.setAttribute("aria-busy", "true");
    timer = setTimeout(() => {
      clearTimeout(settling);
      const state = stateFromForm();
      remember(state, committed);
      committed = false;
      search(state);
    }, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    const state = stateFromForm();
    remember(state, committed);
    committed = true;
    clearTimeout(settling);
    search(state);
  });
  form.addEventListener("change", (event) => {
    if (event.target === field) return;
    clearTimeout(timer);
    const state = stateFromForm();
    remember(state, committed);
    committed = false;
    clearTimeout(settling);
    settling = setTimeout(() => { committed = true; }, 1000);
    search(state);
  });
  panel.addEventListener("toggle", () => {
    if (panel.open) busyWhile(countNow).catch((error) => console.error(error));
  });
  more.addEventListener("click", async () => {
    await showMore(true);
    if (current) announce(current);
  });
  const restore = () => {
    clearTimeout(timer);
    clearTimeout(settling);
    const state = stateFromUrl();
    field.value = state.q;
    sortSelect.value = state.sort;
    for (const name of FACETS) {
      const select = selects[name];
      if (state.filters[name] && ![...select.options].some((o) => o.value === state.filters[name])) {
        select.append(new Option(state.filters[name], state.filters[name]));
      }
      select.value = state.filters[name] || "";
    }
    committed = true;
    return search(state);
  };
  window.addEventListener("popstate", restore);

  $("search-needs-js").hidden = true;
  app.hidden = false;
  restore();
}
