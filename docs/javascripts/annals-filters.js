/* Filters for the chronology: by person, organization, place, status, kind, tag and years.
 *
 * Each chronology row carries an empty <span class="annals-facets" data-facets="p:ann,ben s:reported y:2012">
 * and the page one <span class="annals-facet-names" data-names="{...}"> with the names of the
 * organizations (people and places are named by the row's links), written by Annals
 * (annals/render/timelines.py). Without JavaScript the whole
 * chronology shows; with it, a form above the first year narrows the rows, the
 * count of shown events is announced, and the choice lives in the address
 * (?person=...&status=...), so a filtered view can be shared, cited and reloaded.
 * Names are only ever set with textContent.
 */
(function () {
  "use strict";

  var FIELDS = [
    { key: "person", label: "Person", all: "Anyone" },
    { key: "organization", label: "Organization", all: "Any organization" },
    { key: "place", label: "Place", all: "Anywhere" },
    { key: "status", label: "Status", all: "Any status" },
    { key: "kind", label: "Kind", all: "Any kind" },
    { key: "tag", label: "Tag", all: "Any tag" },
    { key: "from", label: "From year", all: "Earliest" },
    { key: "to", label: "To year", all: "Latest" },
  ];

  function namesOf(article) {
    var span = article.querySelector("span.annals-facet-names");
    try {
      return span ? JSON.parse(span.getAttribute("data-names")) : {};
    } catch (error) {
      return {};
    }
  }

  /* The names of the people and places a row links to, by id: "../people/ann/" gives "ann". */
  function linkedNames(row) {
    var found = { people: {}, places: {} };
    row.querySelectorAll("td a[href]").forEach(function (a) {
      var match = /(?:^|\/)(people|places)\/([^\/#?]+?)(?:\/|\.html)?(?:[#?].*)?$/.exec(a.getAttribute("href"));
      if (match) found[match[1]][match[2]] = a.textContent;
    });
    return found;
  }

  /* "p:ann,ben l:port s:reported y:2012" -> {people: [[id, name], ...], place: [id, name], status, ...} */
  function parseFacets(text, names, linked) {
    var fields = {};
    text.split(" ").forEach(function (part) {
      var colon = part.indexOf(":");
      if (colon > 0) fields[part.slice(0, colon)] = part.slice(colon + 1).split(",").filter(Boolean);
    });
    var named = function (known, ids) {
      return (ids || []).map(function (id) { return [id, known[id] || id]; });
    };
    return {
      people: named(linked.people, fields.p),
      organizations: named(names, fields.o),
      place: named(linked.places, fields.l)[0] || null,
      status: (fields.s || [""])[0],
      kind: (fields.k || [""])[0],
      tags: fields.t || [],
      year: Number((fields.y || ["0"])[0]),
    };
  }

  function rowsOf(article) {
    var names = namesOf(article);
    var rows = [];
    article.querySelectorAll("span.annals-facets").forEach(function (span) {
      var row = span.closest("tr");
      if (row) {
        rows.push({ element: row, facets: parseFacets(span.getAttribute("data-facets") || "", names, linkedNames(row)) });
      }
    });
    return rows;
  }

  /* The values each field can take on this page: [value, name] pairs, sorted by name. */
  function choices(rows) {
    var found = {};
    FIELDS.forEach(function (field) { found[field.key] = new Map(); });
    rows.forEach(function (row) {
      var f = row.facets;
      (f.people || []).forEach(function (p) { found.person.set(p[0], p[1]); });
      (f.organizations || []).forEach(function (o) { found.organization.set(o[0], o[1]); });
      if (f.place) found.place.set(f.place[0], f.place[1]);
      found.status.set(f.status, f.status);
      found.kind.set(f.kind, f.kind);
      (f.tags || []).forEach(function (t) { found.tag.set(t, t); });
      found.from.set(String(f.year), String(f.year));
      found.to.set(String(f.year), String(f.year));
    });
    var sorted = {};
    Object.keys(found).forEach(function (key) {
      sorted[key] = Array.from(found[key].entries()).sort(function (a, b) {
        return key === "from" || key === "to" ? Number(a[0]) - Number(b[0]) : a[1].localeCompare(b[1]);
      });
    });
    return sorted;
  }

  function matches(facets, chosen) {
    var ids = function (pairs) { return (pairs || []).map(function (p) { return p[0]; }); };
    if (chosen.person && ids(facets.people).indexOf(chosen.person) < 0) return false;
    if (chosen.organization && ids(facets.organizations).indexOf(chosen.organization) < 0) return false;
    if (chosen.place && !(facets.place && facets.place[0] === chosen.place)) return false;
    if (chosen.status && facets.status !== chosen.status) return false;
    if (chosen.kind && facets.kind !== chosen.kind) return false;
    if (chosen.tag && (facets.tags || []).indexOf(chosen.tag) < 0) return false;
    if (chosen.from && facets.year < Number(chosen.from)) return false;
    if (chosen.to && facets.year > Number(chosen.to)) return false;
    return true;
  }

  function buildForm(options) {
    var form = document.createElement("form");
    form.className = "annals-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter the chronology");
    var controls = {};
    FIELDS.forEach(function (field) {
      if (options[field.key].length === 0) return;
      var label = document.createElement("label");
      var caption = document.createElement("span");
      caption.textContent = field.label;
      var select = document.createElement("select");
      select.name = field.key;
      var any = document.createElement("option");
      any.value = "";
      any.textContent = field.all;
      select.appendChild(any);
      options[field.key].forEach(function (pair) {
        var option = document.createElement("option");
        option.value = pair[0];
        option.textContent = pair[1];
        select.appendChild(option);
      });
      label.appendChild(caption);
      label.appendChild(select);
      form.appendChild(label);
      controls[field.key] = select;
    });
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button";
    reset.textContent = "Show all";
    form.appendChild(reset);
    var count = document.createElement("p");
    count.className = "annals-filters__count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    return { form: form, controls: controls, reset: reset, count: count };
  }

  /* Hide a year's heading and tables when none of its rows is shown. */
  function hideEmptyParts(article) {
    var blocks = Array.from(article.children);
    blocks.forEach(function (block) {
      var table = block.matches("table") ? block : block.querySelector("table");
      if (table && table.querySelector("span.annals-facets")) {
        var shown = table.querySelectorAll("tbody tr:not([hidden])").length;
        block.hidden = shown === 0;
      }
    });
    blocks.forEach(function (block, index) {
      if (!/^H[23]$/.test(block.tagName)) return;
      var level = block.tagName;
      var anyShown = false;
      for (var i = index + 1; i < blocks.length; i++) {
        var next = blocks[i];
        if (next.tagName === "H2" || (level === "H3" && next.tagName === "H3")) break;
        if (next.querySelector && next.querySelector("span.annals-facets") && !next.hidden) anyShown = true;
      }
      var hasRows = false;
      for (var j = index + 1; j < blocks.length; j++) {
        var candidate = blocks[j];
        if (candidate.tagName === "H2" || (level === "H3" && candidate.tagName === "H3")) break;
        if (candidate.querySelector && candidate.querySelector("span.annals-facets")) hasRows = true;
      }
      if (hasRows) block.hidden = !anyShown;
    });
  }

  /* The visual timeline shows the marks of the events shown, matched by the event's address. */
  function hideMarks(article, rows) {
    var shownPages = new Set();
    rows.forEach(function (row) {
      if (row.element.hidden) return;
      // The event's own link, beside its facets: a disputed date's link comes first in the row.
      var facets = row.element.querySelector("span.annals-facets");
      var link = facets && facets.closest("td").querySelector("a[href]");
      if (link) shownPages.add(link.href);
    });
    article.querySelectorAll(".annals-visual svg a").forEach(function (mark) {
      var href = new URL(mark.getAttribute("href"), location.href).href;
      if (shownPages.has(href)) {
        mark.removeAttribute("display");
      } else {
        mark.setAttribute("display", "none");
      }
    });
  }

  function start() {
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var rows = rowsOf(article);
    if (rows.length === 0) return;
    var ui = buildForm(choices(rows));
    var firstYear = article.querySelector("h2");
    // Folded on a phone, where the form would fill the first screen; open on wider screens.
    var details = document.createElement("details");
    details.className = "annals-filters__box";
    var summary = document.createElement("summary");
    summary.textContent = "Filter events";
    details.appendChild(summary);
    details.appendChild(ui.form);
    details.open = window.matchMedia("(min-width: 45em)").matches || location.search.length > 1;
    article.insertBefore(details, firstYear);
    article.insertBefore(ui.count, firstYear);

    function chosen() {
      var values = {};
      Object.keys(ui.controls).forEach(function (key) { values[key] = ui.controls[key].value; });
      return values;
    }

    function apply(updateAddress) {
      var values = chosen();
      var shown = 0;
      rows.forEach(function (row) {
        var visible = matches(row.facets, values);
        row.element.hidden = !visible;
        if (visible) shown += 1;
      });
      hideEmptyParts(article);
      hideMarks(article, rows);
      ui.count.textContent = shown === rows.length
        ? "Showing all " + rows.length + " events."
        : "Showing " + shown + " of " + rows.length + " events.";
      if (updateAddress) {
        var params = new URLSearchParams();
        Object.keys(values).forEach(function (key) { if (values[key]) params.set(key, values[key]); });
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    var params = new URLSearchParams(location.search);
    Object.keys(ui.controls).forEach(function (key) {
      var wanted = params.get(key);
      var select = ui.controls[key];
      if (wanted && Array.from(select.options).some(function (o) { return o.value === wanted; })) {
        select.value = wanted;
      }
    });
    Object.keys(ui.controls).forEach(function (key) {
      ui.controls[key].addEventListener("change", function () { apply(true); });
    });
    ui.reset.addEventListener("click", function () {
      Object.keys(ui.controls).forEach(function (key) { ui.controls[key].value = ""; });
      apply(true);
    });
    apply(false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
