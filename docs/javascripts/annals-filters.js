/* Filters for the chronology: by person, organization, place, status, kind, tag and years.
 *
 * The choice lives in the address (?person=ann&status=reported&from=2010); a key given twice means both
 * (?person=ann&person=ben: the events both took part in). Each change is a step Back undoes.
 *
 * On a chronology of one page, the filters hide the rows, years, table-of-contents links and timeline
 * marks that do not match; each row's <span class="annals-facets" data-facets="p:ann,ben s:reported y:2012">
 * says what it matches on (annals/render/timelines.py). On a chronology split by year, a filtered view
 * answers from the filter index of every event (filters/ at the site's root, annals/render/filters.py):
 * it reads the smallest list chosen, a chunk of 100 rows at a time, and lists the matches of every year.
 * Without JavaScript every page lists its own events. Entry text is only ever set with textContent.
 */
(function () {
  "use strict";

  var ROOT = new URL("../", document.currentScript ? document.currentScript.src : location.href).href;
  var INDEX = ROOT + "filters/";
  var SCREENFUL = 100;  // matches shown before "Show more"
  var STEP_CHUNKS = 8;  // chunks read at most per step: what one step downloads is bounded
  var LISTS = ["person", "organization", "place", "tag", "status", "kind"];  // the index's lists, by address key
  var FIELDS = [
    { key: "person", label: "Person", all: "Anyone", row: "p" },
    { key: "organization", label: "Organization", all: "Any organization", row: "o" },
    { key: "place", label: "Place", all: "Anywhere", row: "l" },
    { key: "status", label: "Status", all: "Any status", row: "s" },
    { key: "kind", label: "Kind", all: "Any kind", row: "k" },
    { key: "tag", label: "Tag", all: "Any tag", row: "t" },
    { key: "from", label: "From year", all: "Earliest" },
    { key: "to", label: "To year", all: "Latest" },
  ];
  var ROW_FIELD = {};
  FIELDS.forEach(function (f) { if (f.row) ROW_FIELD[f.key] = f.row; });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function getJson(path) {
    return fetch(INDEX + path).then(function (response) { return response.ok ? response.json() : null; });
  }

  /* ---- The state: {person: [ids], ..., from: "2010", to: ""}, read from and written to the address. ---- */

  function stateFrom(search) {
    var params = new URLSearchParams(search);
    var state = {};
    FIELDS.forEach(function (f) {
      state[f.key] = f.row ? params.getAll(f.key).filter(Boolean) : (params.get(f.key) || "");
    });
    return state;
  }

  function queryOf(state) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (f) {
      [].concat(state[f.key]).forEach(function (value) { if (value) params.append(f.key, value); });
    });
    var query = params.toString();
    return query ? "?" + query : "";
  }

  function isEmpty(state) { return queryOf(state) === ""; }

  /* A row of the index, or a row of the page read into the same shape, matches every choice. */
  function matches(row, state) {
    return inYears([row.y, row.y], state) && LISTS.every(function (key) {
      var have = [].concat(row[ROW_FIELD[key]] || []);
      return state[key].every(function (value) { return have.indexOf(value) >= 0; });
    });
  }

  /* Whether years ``span[0]`` to ``span[1]`` (a row's year twice, or a chunk's first and last) meet the range. */
  function inYears(span, state) {
    return !(state.from && span[1] < Number(state.from)) && !(state.to && span[0] > Number(state.to));
  }

  /* ---- The page's own rows ---- */

  /* "p:ann,ben l:port s:reported y:2012" -> {p: ["ann", "ben"], l: ["port"], s: ["reported"], y: 2012} */
  function parseFacets(text) {
    var row = {};
    text.split(" ").forEach(function (part) {
      var colon = part.indexOf(":");
      if (colon > 0) row[part.slice(0, colon)] = part.slice(colon + 1).split(",").filter(Boolean);
    });
    row.y = Number((row.y || ["0"])[0]);
    return row;
  }

  function pageRows(article) {
    return Array.from(article.querySelectorAll("span.annals-facets")).map(function (span) {
      return { element: span.closest("tr"), facets: parseFacets(span.getAttribute("data-facets") || "") };
    }).filter(function (row) { return row.element; });
  }

  /* The names the page gives its ids: organizations in its names span, people and places in its links. */
  function pageNames(article) {
    var names = { person: {}, organization: {}, place: {} };
    var span = article.querySelector("span.annals-facet-names");
    try {
      names.organization = span ? JSON.parse(span.getAttribute("data-names")) : {};
    } catch (error) { /* no names: ids stand in */ }
    article.querySelectorAll("td a[href]").forEach(function (a) {
      var match = /(?:^|\/)(people|places)\/([^\/#?]+?)\/?(?:[#?].*)?$/.exec(a.getAttribute("href"));
      if (match) names[match[1] === "people" ? "person" : "place"][match[2]] = a.textContent;
    });
    return names;
  }

  /* ---- The form ---- */

  function addOption(select, value, text) {
    var option = el("option", "", text);
    option.value = value;
    select.appendChild(option);
    return option;
  }

  /* The values a field offers: those of this page's rows and of the whole index's vocabulary. */
  function offered(rows, values, names) {
    var found = {};
    FIELDS.forEach(function (f) { found[f.key] = new Map(); });
    rows.forEach(function (row) {
      LISTS.forEach(function (key) {
        (row.facets[ROW_FIELD[key]] || []).forEach(function (id) {
          found[key].set(id, (names[key] || {})[id] || id);
        });
      });
    });
    ["status", "kind"].forEach(function (key) { (values[key] || []).forEach(function (v) { found[key].set(v, v); }); });
    var years = values.years || [];
    for (var year = years[0]; year <= years[1]; year++) {
      found.from.set(String(year), String(year));
      found.to.set(String(year), String(year));
    }
    return found;
  }

  function buildForm(found) {
    var form = el("form", "annals-filters");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the chronology");
    var labels = {};
    FIELDS.forEach(function (field) {
      var label = el("label");
      label.appendChild(el("span", "", field.label));
      var select = el("select");
      select.name = field.key;
      addOption(select, "", field.all);
      Array.from(found[field.key].entries()).sort(function (a, b) {
        return field.row ? a[1].localeCompare(b[1]) : 0;
      }).forEach(function (pair) { addOption(select, pair[0], pair[1]); });
      label.appendChild(select);
      form.appendChild(label);
      labels[field.key] = label;
    });
    var error = el("p", "annals-filters__error");
    error.id = "annals-filters-error";
    error.setAttribute("role", "alert");
    error.hidden = true;
    labels.to.after(error);
    var reset = el("button", "md-button", "Show all");
    reset.type = "button";
    form.appendChild(reset);
    var finder = el("label", "annals-filters__finder");
    finder.appendChild(el("span", "", "Find a name"));
    var input = el("input");
    input.type = "search";
    input.autocomplete = "off";
    input.setAttribute("aria-describedby", "annals-filters-found");
    finder.appendChild(input);
    var found = el("ul", "annals-filters__found");
    found.id = "annals-filters-found";
    found.setAttribute("aria-live", "polite");
    form.insertBefore(found, form.firstChild);
    form.insertBefore(finder, found);
    return { form: form, labels: labels, error: error, reset: reset, input: input, found: found };
  }

  /* The form shows ``state``: one select per chosen value ("And person" for a second one), values kept. */
  function showState(ui, state, names) {
    FIELDS.forEach(function (field) {
      var label = ui.labels[field.key];
      var chosen = [].concat(state[field.key]);
      var selects = ui.form.querySelectorAll("select[name='" + field.key + "']");
      selects.forEach(function (select, i) { if (i > 0) select.closest("label").remove(); });
      var previous = label;
      chosen.forEach(function (value, i) {
        var select = i === 0 ? label.querySelector("select") : null;
        if (!select) {
          var more = label.cloneNode(true);
          more.firstChild.textContent = "And " + field.label.toLowerCase();
          previous.after(more);
          previous = more;
          select = more.querySelector("select");
        }
        var known = Array.from(select.options).some(function (o) { return o.value === value; });
        if (!known) addOption(select, value, (names[field.key] || {})[value] || value);
        select.value = value;
      });
      if (chosen.length === 0) label.querySelector("select").value = "";
    });
  }

  function formState(ui) {
    var state = {};
    FIELDS.forEach(function (field) {
      var values = Array.from(ui.form.querySelectorAll("select[name='" + field.key + "']"))
        .map(function (s) { return s.value; }).filter(Boolean);
      state[field.key] = field.row ? values : (values[0] || "");
    });
    return state;
  }

  /* ---- Finding a name: filters/names/<first letters>.json, the names in most events for each start ---- */

  /* The words of a name or of what is typed, folded as the index folds them (annals/render/filters.py). */
  function words(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  }

  var nameFiles = new Map();

  /* The names whose words start with every word typed: [[facet, id, name, events], ...]. */
  function namesFor(typed) {
    var wanted = words(typed);
    if (wanted.length === 0) return Promise.resolve([]);
    var prefix = wanted[0].slice(0, 3);
    if (!nameFiles.has(prefix)) {
      nameFiles.set(prefix, getJson("names/" + prefix + ".json").catch(function () { return null; }));
    }
    return nameFiles.get(prefix).then(function (data) {
      return ((data && data.names) || []).filter(function (entry) {
        var have = words(entry[2]);
        return wanted.every(function (w) { return have.some(function (h) { return h.indexOf(w) === 0; }); });
      }).slice(0, 8);
    });
  }

  /* As the reader types, buttons for the names found; one pressed adds its value to the filter. */
  function finding(ui, choose) {
    var asked = 0;
    ui.input.addEventListener("input", function () {
      var mine = ++asked;
      namesFor(ui.input.value).then(function (entries) {
        if (mine !== asked) return;
        ui.found.textContent = "";
        entries.forEach(function (entry) {
          var button = el("button", "md-button", entry[2] + " (" + entry[0] + ", " + plural(entry[3]) + ")");
          button.type = "button";
          button.addEventListener("click", function () {
            ui.input.value = "";
            ui.found.textContent = "";
            choose(entry[0], entry[1], entry[2]);
          });
          ui.found.appendChild(el("li")).appendChild(button);
        });
      });
    });
  }

  /* ---- The index view: every year's matches, from the filter index ---- */

  /* The smallest list the choice names (or every event), with its head. */
  function smallestList(state) {
    var paths = [];
    LISTS.forEach(function (key) {
      state[key].forEach(function (value) { paths.push(key + "/" + encodeURIComponent(value)); });
    });
    if (paths.length === 0) paths = ["all"];
    return Promise.all(paths.map(function (path) { return getJson(path + ".json"); })).then(function (heads) {
      var best = null;
      heads.forEach(function (head, i) {
        var entry = { path: paths[i], head: head || { count: 0, years: {}, chunks: [] } };
        if (!best || entry.head.count < best.head.count) best = entry;
      });
      return best;
    });
  }

  /* Exact when the list holds only matches but for years: its count for the years chosen; else null. */
  function knownCount(list, state) {
    var named = LISTS.reduce(function (n, key) { return n + state[key].length; }, 0);
    if (named > 1) return null;
    return Object.keys(list.head.years).reduce(function (n, year) {
      return inYears([Number(year), Number(year)], state) ? n + list.head.years[year] : n;
    }, 0);
  }

  function Query(list, state) {
    this.list = list;
    this.state = state;
    this.next = 0;  // the next chunk to read
    this.found = 0;
  }

  Query.prototype.more = function () { return this.next < this.list.head.chunks.length; };

  /* Read chunks until a screenful more matches (or STEP_CHUNKS chunks); hand each chunk's matches to ``show``. */
  Query.prototype.step = function (show) {
    var query = this;
    var goal = query.found + SCREENFUL;
    var read = 0;
    function loop() {
      while (query.more() && !inYears(query.list.head.chunks[query.next], query.state)) query.next += 1;
      if (!query.more() || query.found >= goal || read >= STEP_CHUNKS) return Promise.resolve();
      var number = ++query.next;
      read += 1;
      var chunk = query.list.head.rows ? Promise.resolve(query.list.head) : getJson(query.list.path + "/" + number + ".json");
      return chunk.then(function (data) {
        var rows = (data ? data.rows : []).filter(function (row) { return matches(row, query.state); });
        query.found += rows.length;
        show(rows, data ? data.names : {});
        return loop();
      });
    }
    return loop();
  };

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  /* One index row in the look of the page's rows: date, event, place, status, participants. */
  function rowElement(row, names, pages) {
    var tr = el("tr");
    var date = el("td", "", row.d);
    if (row.x) {
      date.append(" (", link(ROOT + row.u + "#where-sources-disagree", "date disputed"), ")");
    }
    var event = el("td");
    event.appendChild(link(ROOT + row.u, row.e));
    var place = el("td");
    if (row.l) {
      if (row.q) place.append(row.q + " ");
      place.appendChild(link(ROOT + pages.place + row.l + "/", (names.place || {})[row.l] || row.l));
    }
    var status = el("td");
    var badge = el("span", "annals-status", row.s);
    if (/^[a-z-]+$/.test(row.s)) badge.classList.add("annals-status--" + row.s);
    status.appendChild(badge);
    var people = el("td");
    (row.p || []).forEach(function (id, i) {
      if (i > 0) people.append(", ");
      people.appendChild(link(ROOT + pages.person + id + "/", (names.person || {})[id] || id));
    });
    [date, event, place, status, people].forEach(function (td) { tr.appendChild(td); });
    return tr;
  }

  function newTable() {
    var wrap = el("div", "md-typeset__scrollwrap");
    var inner = el("div", "md-typeset__table");
    var table = el("table");
    var head = el("tr");
    ["Date", "Event", "Place", "Status", "Participants"].forEach(function (h) { head.appendChild(el("th", "", h)); });
    table.appendChild(el("thead")).appendChild(head);
    table.appendChild(el("tbody"));
    inner.appendChild(table);
    wrap.appendChild(inner);
    return wrap;
  }

  /* ---- The table of contents (Material's right sidebar) ---- */

  function tocLinks() {
    return Array.from(document.querySelectorAll(".md-nav--secondary a.md-nav__link[href^='#']"));
  }

  /* On a page filtered in place: hide the links to headings the filter hid. */
  function hideTocLinks() {
    tocLinks().forEach(function (a) {
      var target = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
      a.closest("li").hidden = !!(target && target.hidden);
    });
  }

  /* In the index view: the page's own contents give way to the years shown (``years`` null: back to them). */
  function showTocYears(years) {
    document.querySelectorAll("nav.md-nav--secondary").forEach(function (nav) {
      var own = nav.querySelector("ul[data-md-component='toc']");
      var ours = nav.querySelector("ul.annals-filters__toc");
      if (own) own.hidden = years !== null;
      if (ours) ours.remove();
      if (years === null) return;
      ours = el("ul", "md-nav__list annals-filters__toc");
      years.forEach(function (year) {
        var li = el("li", "md-nav__item");
        var a = link("#annals-year-" + year, "");
        a.className = "md-nav__link";
        a.appendChild(el("span", "md-ellipsis", year));
        li.appendChild(a);
        ours.appendChild(li);
      });
      nav.appendChild(ours);
    });
  }

  /* ---- The page filtered in place (a chronology of one page) ---- */

  /* Hide a year's heading and tables when none of its rows is shown. */
  function hideEmptyParts(article) {
    var blocks = Array.from(article.children);
    blocks.forEach(function (block) {
      var table = block.matches("table") ? block : block.querySelector("table");
      if (table && table.querySelector("span.annals-facets")) {
        block.hidden = table.querySelectorAll("tbody tr:not([hidden])").length === 0;
      }
    });
    blocks.forEach(function (block, index) {
      if (!/^H[23]$/.test(block.tagName)) return;
      var hasRows = false;
      var anyShown = false;
      for (var i = index + 1; i < blocks.length; i++) {
        var next = blocks[i];
        if (next.tagName === "H2" || (block.tagName === "H3" && next.tagName === "H3")) break;
        if (next.querySelector && next.querySelector("span.annals-facets")) {
          hasRows = true;
          if (!next.hidden) anyShown = true;
        }
      }
      if (hasRows) block.hidden = !anyShown;
    });
  }

  /* The visual timeline shows the marks of the events shown, matched by the event's address. */
  function hideMarks(article, rows) {
    var shownPages = new Set();
    rows.forEach(function (row) {
      if (row.element.hidden) return;
      var facets = row.element.querySelector("span.annals-facets");
      var a = facets && facets.closest("td").querySelector("a[href]");
      if (a) shownPages.add(a.href);
    });
    article.querySelectorAll(".annals-visual svg a").forEach(function (mark) {
      if (shownPages.has(new URL(mark.getAttribute("href"), location.href).href)) {
        mark.removeAttribute("display");
      } else {
        mark.setAttribute("display", "none");
      }
    });
  }

  function plural(n) { return n === 1 ? "1 event" : n + " events"; }

  function matching(n) { return n === 1 ? "1 event matches." : n + " events match."; }

  /* ---- Putting it together ---- */

  function start() {
    var article = document.querySelector("article.md-content__inner");
    var chronology = new URL("chronology/", ROOT).pathname;
    if (!article || location.pathname.indexOf(chronology) !== 0) return;
    var rows = pageRows(article);
    var inPlace = rows.length > 0 && location.pathname === chronology;  // the whole chronology is on this page
    if (rows.length === 0 && location.pathname !== chronology) return;
    var names = pageNames(article);
    getJson("values.json").catch(function () { return null; }).then(function (values) {
      setUp(article, rows, inPlace, names, values || {});
    });
  }

  function setUp(article, rows, inPlace, names, values) {
    var ui = buildForm(offered(rows, values, names));
    var anchor = article.querySelector("h2") || article.querySelector("ul");
    if (anchor && anchor.tagName === "UL" && anchor.previousElementSibling && anchor.previousElementSibling.tagName === "P") {
      anchor = anchor.previousElementSibling;
    }
    // Folded on a phone, where the form would fill the first screen; open on wider screens.
    var details = el("details", "annals-filters__box");
    details.appendChild(el("summary", "", "Filter events"));
    details.appendChild(ui.form);
    details.open = window.matchMedia("(min-width: 45em)").matches || location.search.length > 1;
    var count = el("p", "annals-filters__count");
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    var results = el("div", "annals-filters__results");
    results.hidden = true;
    article.insertBefore(details, anchor);
    article.insertBefore(count, anchor);
    article.insertBefore(results, anchor);
    // What the index view hides: the page's own years and its timeline, or the split index's list of years.
    var own = Array.from(article.children).filter(function (block) {
      var after = results.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING;
      return block.matches(".annals-visual") || (after && !/^P$/.test(block.tagName)) || block === anchor && block.tagName === "P";
    });
    var generation = 0;

    function showInPlace(state) {
      var shown = 0;
      rows.forEach(function (row) {
        row.element.hidden = !matches(row.facets, state);
        if (!row.element.hidden) shown += 1;
      });
      hideEmptyParts(article);
      hideMarks(article, rows);
      hideTocLinks();
      count.textContent = isEmpty(state) ? "Showing all " + plural(rows.length) + "." : matching(shown);
    }

    function showFromIndex(state) {
      var mine = ++generation;
      own.forEach(function (block) { block.hidden = !isEmpty(state); });
      results.hidden = isEmpty(state);
      results.textContent = "";
      if (isEmpty(state)) {
        count.textContent = "";
        showTocYears(null);
        return;
      }
      count.textContent = "Searching the index…";
      smallestList(state).then(function (list) {
        if (mine !== generation) return;
        var query = new Query(list, state);
        var exact = knownCount(list, state);
        var years = [];
        var tbody = null;
        var more = el("button", "md-button annals-filters__more", "Show more");
        more.type = "button";
        function show(found, chunkNames) {
          if (mine !== generation) return;
          found.forEach(function (row) {
            var year = String(row.y);
            if (years[years.length - 1] !== year) {
              years.push(year);
              var heading = el("h2", "", year);
              heading.id = "annals-year-" + year;
              var table = newTable();
              results.insertBefore(heading, more.parentNode ? more : null);
              results.insertBefore(table, more.parentNode ? more : null);
              tbody = table.querySelector("tbody");
            }
            tbody.appendChild(rowElement(row, chunkNames, values.pages || {}));
          });
          LISTS.forEach(function (key) {  // the names of the values chosen, once the index gives them
            state[key].forEach(function (id) {
              var name = (chunkNames[key] || {})[id];
              ui.form.querySelectorAll("select[name='" + key + "'] option").forEach(function (o) {
                if (name && o.value === id) o.textContent = name;
              });
            });
          });
        }
        function step() {
          more.disabled = true;
          return query.step(show).then(function () {
            if (mine !== generation) return;
            more.disabled = false;
            if (query.more()) { results.appendChild(more); } else { more.remove(); }
            var total = exact !== null ? exact : (query.more() ? null : query.found);
            count.textContent = total !== null ? matching(total)
              : "Showing the first " + plural(query.found) + " that match; more may follow.";
            showTocYears(years);
          });
        }
        more.addEventListener("click", step);
        return step();
      });
    }

    var shownQuery = null;

    function show(state) {
      shownQuery = queryOf(state);
      if (inPlace) { showInPlace(state); } else { showFromIndex(state); }
    }

    /* A change in the form: refused if the years are the wrong way round, else a step of history. */
    function changed() {
      var state = formState(ui);
      var wrong = state.from && state.to && Number(state.from) > Number(state.to);
      ui.error.hidden = !wrong;
      ui.error.textContent = wrong ? "“From year” (" + state.from + ") is after “To year” (" + state.to +
        "): choose a from year no later than the to year." : "";
      ["from", "to"].forEach(function (key) {
        var select = ui.labels[key].querySelector("select");
        if (wrong) {
          select.setAttribute("aria-invalid", "true");
          select.setAttribute("aria-describedby", ui.error.id);
        } else {
          select.removeAttribute("aria-invalid");
          select.removeAttribute("aria-describedby");
        }
      });
      if (wrong || queryOf(state) === location.search) return;
      history.pushState(null, "", location.pathname + queryOf(state) + location.hash);
      show(state);
    }

    ui.form.addEventListener("change", function (event) {
      if (event.target.tagName === "SELECT") changed();
    });
    finding(ui, function (facet, id, name) {
      var state = formState(ui);
      if (state[facet].indexOf(id) < 0) state[facet].push(id);
      var known = {};
      known[facet] = {};
      known[facet][id] = name;
      showState(ui, state, known);
      changed();
    });
    ui.reset.addEventListener("click", function () {
      showState(ui, stateFrom(""), names);
      changed();
    });
    window.addEventListener("popstate", function () {
      var state = stateFrom(location.search);
      if (queryOf(state) === shownQuery) return;  // Back from a jump to a year: the view stays as it is
      ui.error.hidden = true;
      showState(ui, state, names);
      show(state);
    });
    var first = stateFrom(location.search);
    showState(ui, first, names);
    show(first);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
