/* The site's search index, read in the browser: an ES module that annals-search.js imports the first time a
 * reader opens the search box.
 *
 * The index is a trie of words written by Annals into search/ at the site's root (annals/search/index.py, whose
 * docstring gives the format); this module fetches only the files on the path of each word typed, then one small
 * file per result shown. Words are split as annals/search/words.py splits them (tests/test_search_words.py checks
 * in Chromium that both give the same terms).
 *
 *   search(query) -> Promise<{results: [{page, score, data() -> Promise<{url, title, text, locations}>}]}>
 *
 * `locations` are the positions, in text.split(" "), of the words that match the query, for the excerpt.
 */

const BUCKETS = 64;  // annals.search.index.BUCKETS
const WORD = /[\p{L}\p{N}_]+/gu;  // Python's \w
const SEGMENTED = /[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\u{20000}-\u{3134f}]+/gu;
const LATIN_ACCENTS = /(?<=[\u0000-\u024f\u1e00-\u1eff])[\u0300-\u036f]+/gu;

const root = new URL("../", import.meta.url);  // this module is javascripts/annals-index.js
const nodes = new Map();

/** Text as search compares it: lower case, compatibility forms folded, no accents on Latin letters. */
export function normalized(text) {
  const lowered = text.toLowerCase();
  if (/^[\x00-\x7f]*$/.test(lowered)) return lowered;
  return lowered.normalize("NFKD").replace(LATIN_ACCENTS, "").normalize("NFC");
}

function pieces(text) {
  const found = [];
  for (const word of normalized(text).match(WORD) || []) {
    let at = 0;
    for (const run of word.matchAll(SEGMENTED)) {
      if (run.index > at) found.push({ text: word.slice(at, run.index), segmented: false });
      found.push({ text: run[0], segmented: true });
      at = run.index + run[0].length;
    }
    if (at < word.length) found.push({ text: word.slice(at), segmented: false });
  }
  return found;
}

function pairs(characters) {
  const found = [];
  for (let index = 0; index + 1 < characters.length; index++) found.push(characters[index] + characters[index + 1]);
  return found;
}

/** The terms a text is indexed under: its words, and each character and pair of neighbours of a CJK run. */
export function terms(text) {
  const found = [];
  for (const piece of pieces(text)) {
    if (!piece.segmented) {
      found.push(piece.text);
      continue;
    }
    const characters = Array.from(piece.text);
    found.push(...characters, ...pairs(characters));
  }
  return found;
}

/** Whether the query's last word is still being typed: a word of a script written with spaces, no space after. */
function typing(query) {
  const last = pieces(query).pop();
  return Boolean(last && !last.segmented && !/\s$/.test(query));
}

/** What a query asks for: each word (the last one also as the start of a longer word, as it is being typed);
 * a CJK run by its pairs of neighbours, or by its one character. */
export function queryTerms(query) {
  const asked = [];
  for (const piece of pieces(query)) {
    if (!piece.segmented) {
      asked.push({ term: piece.text, prefix: false });
      continue;
    }
    const characters = Array.from(piece.text);
    const parts = characters.length === 1 ? characters : pairs(characters);
    for (const part of parts) asked.push({ term: part, prefix: false });
  }
  if (typing(query)) asked[asked.length - 1].prefix = true;
  const seen = new Set();
  return asked.filter((one) => !seen.has(one.term + one.prefix) && seen.add(one.term + one.prefix));
}

/** The pairs of neighbouring words of a query (not Korean, Japanese or Chinese), as the index keeps the pairs of a
 * title (annals/search/words.py title_pairs): " first second", the last as typed if its second word is. */
export function queryPairs(query) {
  const words = pieces(query).filter((piece) => !piece.segmented).map((piece) => piece.text);
  const asTyped = typing(query);
  return words.slice(1).map((second, index) => ({
    term: ` ${words[index]} ${second}`, prefix: asTyped && index === words.length - 2,
  }));
}

function hex(text) {
  return Array.from(new TextEncoder().encode(text), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function node(name) {
  if (!nodes.has(name)) {
    const loading = fetch(new URL(`search/t/${name}.json`, root)).then((response) => {
      if (!response.ok) throw new Error(`search index: ${response.status} for ${name}`);
      return response.json();
    });
    loading.catch(() => nodes.delete(name));
    nodes.set(name, loading);
  }
  return nodes.get(name);
}

/** A posting as a Map of page -> score. */
function pagesOf(posting) {
  const found = new Map();
  if (!posting) return found;
  let page = 0;
  const flat = posting[1];
  for (let index = 0; index < flat.length; index += 2) {
    page += flat[index];
    found.set(page, flat[index + 1]);
  }
  return found;
}

const LONGER_WORD = 0.5;  // a word that only starts with what was typed counts half as much as the word itself

/** Postings, each with a factor for its scores, as one: {count, pages: Map page -> best score}. */
function joined(weighted) {
  const found = new Map();
  let count = 0;
  for (const [posting, factor] of weighted) {
    if (!posting) continue;
    count = Math.max(count, posting[0]);
    for (const [page, score] of pagesOf(posting)) found.set(page, Math.max(found.get(page) || 0, score * factor));
  }
  return { count: Math.max(count, found.size), pages: found };
}

/** The pages of one term (or of every word it starts, for a prefix): {count, pages: Map page -> score, total}.
 * From the bucket of its first character down the trie: each node's `next` says what its children's words start
 * with after the node's own prefix. */
async function lookUp(term, prefix) {
  const characters = Array.from(term);
  let current = await node(`_${characters[0].codePointAt(0) % BUCKETS}`);
  let key = "";
  const total = current.pages;
  const none = { count: 0, pages: new Map(), total };
  while (current.next) {
    const rest = term.slice(key.length);
    if (!rest) {
      return { ...joined([[current.exact, 1], ...(prefix ? [[current.prefix, LONGER_WORD]] : [])]), total };
    }
    const child = current.next.find((start) => Array.from(start)[0] === Array.from(rest)[0]);
    if (!child || !(rest.startsWith(child) || (prefix && child.startsWith(rest)))) return none;
    key += child;
    current = await node(hex(key));
    if (!rest.startsWith(child)) {  // every word below starts with what was typed
      const below = current.next ? [current.prefix] : Object.values(current.terms);
      return { ...joined(below.map((posting) => [posting, LONGER_WORD])), total };
    }
  }
  const words = Object.keys(current.terms).filter((word) => (prefix ? word.startsWith(term) : word === term));
  return { ...joined(words.map((word) => [current.terms[word], word === term ? 1 : LONGER_WORD])), total };
}

/** Pages that hold every word, and pages titled by the query's pairs of words, best first. A word on more pages
 * than its posting keeps (a hub's name) cannot rule a page out: only the words whose every page is known must all
 * be there; the pairs find the pages named by a famous name all the same. */
function ranked(found, pairs) {
  const weight = (one) => Math.log(1 + (one.total - one.count + 0.5) / (one.count + 0.5));
  const complete = found.filter((one) => one.count <= one.pages.size);
  const deciding = complete.length ? complete : found;
  const inAll = (lists) => [...lists[0].pages.keys()].filter((page) => lists.every((one) => one.pages.has(page)));
  let candidates = inAll(deciding);
  if (!candidates.length && !complete.length) {  // only famous words, whose kept pages do not meet: any of them
    candidates = [...new Set(found.flatMap((one) => [...one.pages.keys()]))];
  }
  if (pairs.length) candidates = [...new Set([...candidates, ...inAll(pairs)])];
  const every = [...found, ...pairs];
  const scores = candidates.map((page) => ({
    page, score: every.reduce((sum, one) => sum + weight(one) * (one.pages.get(page) || 0), 0),
  }));
  return scores.sort((a, b) => b.score - a.score || a.page - b.page);
}

function matches(word, asked) {
  const own = terms(word);
  return asked.some((one) => own.some((term) => (one.prefix ? term.startsWith(one.term) : term === one.term)));
}

async function pageData(page, asked) {
  const response = await fetch(new URL(`search/p/${page}.json`, root));
  if (!response.ok) throw new Error(`search index: ${response.status} for page ${page}`);
  const data = await response.json();
  const locations = [];
  data.text.split(" ").forEach((word, index) => { if (matches(word, asked)) locations.push(index); });
  return { url: new URL(data.url, root).pathname, title: data.title, text: data.text, locations };
}

/** The pages that match `query`, best first; each result's text is fetched only when its data() is called. */
export async function search(query) {
  const asked = queryTerms(query);
  if (!asked.length) return { results: [] };
  const [found, pairs] = await Promise.all([asked, queryPairs(query)].map(
    (terms) => Promise.all(terms.map((one) => lookUp(one.term, one.prefix)))));
  const results = ranked(found, pairs).map(({ page, score }) => ({ page, score, data: () => pageData(page, asked) }));
  return { results };
}
