/* The site's search, in Material's search box (templates/theme/partials/search.html).
 *
 * The index is Annals' own, written after each build into search/ at the site's root
 * (annals/search/index.py). Its reader, annals-index.js beside this script, is loaded
 * the first time a reader opens the box or types, and it fetches only the files of
 * the index for the words typed, so what a reader downloads does not grow with the
 * site. Keys as in Material's search: "/", "s" or "f" open it, arrows move through the
 * results, Enter opens one, Escape closes the box.
 *
 * Entry text is hostile: every title and excerpt is set as text (textContent, text
 * nodes), and the only element made from an excerpt is <mark>, for the words found.
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  var PAGE_SIZE = 10;
  var EXCERPT_WORDS = 30;
  var DELAY_MS = 200;

  var toggle = document.getElementById("__search");
  var form = document.getElementById("annals-search-form");
  var query = document.getElementById("annals-search-query");
  var meta = document.getElementById("annals-search-meta");
  var list = document.getElementById("annals-search-list");
  if (!SCRIPT || !toggle || !form || !query || !meta || !list) return;

  /* The site's root, from this script's own address: javascripts/annals-search.js is one folder down.
   * It holds under a sub-path too (GitHub Pages project sites: https://owner.github.io/repo/). */
  var root = new URL("../", SCRIPT.src);
  var loading = null;
  var shown = { results: [], next: 0 };
  var asked = 0;
  var timer = null;

  function index() {
    if (!loading) {
      loading = import(new URL("annals-index.js", SCRIPT.src).href);
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* The count line, and the list no longer busy: what is shown answers what was typed. */
  function say(text) {
    meta.textContent = text;
    list.removeAttribute("aria-busy");
  }

  function countLine(count) {
    if (count === 0) return meta.getAttribute("data-none");
    if (count === 1) return meta.getAttribute("data-one");
    return meta.getAttribute("data-other").replace("#", String(count));
  }

  /* Where the excerpt of a page starts: of the windows of EXCERPT_WORDS words centred on a word found, the first
   * that holds the most words found. */
  function excerptStart(positions) {
    var best = 0, most = -1;
    positions.slice(0, 100).forEach(function (position) {
      var start = Math.max(0, position - Math.floor(EXCERPT_WORDS / 2));
      var held = positions.filter(function (p) { return p >= start && p < start + EXCERPT_WORDS; }).length;
      if (held > most) { best = start; most = held; }
    });
    return best;
  }

  /* The excerpt is made here, as plain text, from the page's indexed text: word n of that text is
   * text.split(" ")[n], as annals-index.js counts the locations of the words found. */
  function excerptInto(paragraph, data) {
    var words = String(data.text || "").split(" ");
    var found = (data.locations || []).slice().sort(function (a, b) { return a - b; });
    var marked = {};
    found.forEach(function (position) { marked[position] = true; });
    var start = excerptStart(found);
    var end = Math.min(words.length, start + EXCERPT_WORDS);
    var run = [];
    function flush() {
      if (run.length) paragraph.appendChild(document.createTextNode(run.join(" ")));
      run = [];
    }
    for (var index = start; index < end; index++) {
      if (!marked[index]) {
        run.push(words[index]);
        continue;
      }
      if (index > start) run.push("");  // the space before the mark
      flush();
      var mark = document.createElement("mark");
      mark.textContent = words[index];
      paragraph.appendChild(mark);
      if (index < end - 1) run.push("");  // the space after it
    }
    flush();
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.tabIndex = -1;
    link.href = new URL(data.url, root).href;  // the address's path, made whole
    var article = document.createElement("div");
    article.className = "md-search-result__article md-search-result__article--document md-typeset";
    var title = document.createElement("h1");
    title.textContent = data.title || data.url;
    var paragraph = document.createElement("p");
    paragraph.className = "md-search-result__teaser";  // Material's: wraps, two lines at most
    excerptInto(paragraph, data);
    article.appendChild(title);
    article.appendChild(paragraph);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  /* The next page of results, appended; only the fragments of those results are fetched. */
  function showMore(number, first) {
    var batch = shown.results.slice(shown.next, shown.next + PAGE_SIZE);
    shown.next += batch.length;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (number !== asked) return;
      if (first) list.replaceChildren();
      pages.forEach(function (data) { list.appendChild(item(data)); });
    });
  }

  function search() {
    var term = query.value.trim();
    var number = ++asked;
    if (!term) {
      list.replaceChildren();
      say(meta.getAttribute("data-placeholder"));
      return;
    }
    index().then(function (module) {
      return module.search(term);
    }).then(function (found) {
      if (number !== asked || !found) return;
      shown = { results: found.results, next: 0 };
      return showMore(number, true).then(function () {
        if (number === asked) say(countLine(found.results.length));
      });
    }).catch(function () {
      if (number === asked) say(meta.getAttribute("data-failed"));
    });
  }

  /* Set Material's search toggle and tell Material, which locks the page's scrolling under the open search on a
     phone (else the page behind it widens the phone's viewport); setting `checked` alone sends no event. */
  function setOpen(state) {
    if (toggle.checked === state) return;
    toggle.checked = state;
    toggle.dispatchEvent(new Event("change"));
  }

  function open() {
    setOpen(true);
    index();
  }

  function close() {
    setOpen(false);
    query.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
  }

  /* Focus moves through the box and the results, round, as in Material's search. */
  function move(step) {
    var stops = [query].concat(links());
    var at = stops.indexOf(document.activeElement);
    var next = stops[(Math.max(at, 0) + step + stops.length) % stops.length];
    next.focus();
  }

  function typingElsewhere(element) {
    if (!element || element === document.body) return false;
    return element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName);
  }

  query.addEventListener("focus", open);
  query.addEventListener("input", function () {
    list.setAttribute("aria-busy", "true");
    clearTimeout(timer);
    timer = setTimeout(search, DELAY_MS);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) query.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    clearTimeout(timer);
    setTimeout(function () { search(); query.focus(); }, 0);  // after the box is emptied
  });
  list.parentNode.parentNode.addEventListener("scroll", function (event) {
    var wrap = event.currentTarget;
    if (shown.next < shown.results.length && wrap.scrollTop + wrap.clientHeight >= wrap.scrollHeight - 40) {
      showMore(asked);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (!toggle.checked) {
      if ((event.key === "/" || event.key === "s" || event.key === "f") && !typingElsewhere(document.activeElement)) {
        event.preventDefault();
        query.focus();
        query.select();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter" && document.activeElement === query) {
      event.preventDefault();
      var first = links()[0];
      if (first) first.click();
    } else if (event.key.length === 1 && document.activeElement !== query) {
      query.focus();  // typing on a result goes on in the box, as in Material's search
    }
  });
})();
