"""Under ``mkdocs serve`` only: a banner on every page with the entries' current problems and warnings.

With ``--dirty`` a page that did not change is not built again, so a banner in
its HTML would go stale. Instead the plugin adds one script to every page
(``extra_javascript``, only when serving) and writes, after every build, a small
JSON file with every problem (:func:`write_banner`). Material's live reload
reloads the page after each build, and the script fills the banner in again
from the file: it names the first few problems, says how many more there are,
and links to the full list (:data:`PROBLEM_LIST`). With no
problem left there is no banner.

The script builds its elements with ``textContent`` only: messages quote entry
text and file names. It loads nothing from another host, and a plain
``mkdocs build`` has neither the script nor the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from annals.problems import Problem, printable
from annals.render.drafts import PROBLEM_LIST

BANNER_FOLDER = "_annals"
BANNER_SCRIPT = f"{BANNER_FOLDER}/problems.js"
"""The script's address in the site, as ``extra_javascript`` names it."""
BANNER_DATA = f"{BANNER_FOLDER}/problems.json"
SHOWN = 5
"""How many problems the banner names; the rest are counted, and listed on the full list's page."""

_SCRIPT = r"""(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (!here) { return; }
  var STYLE = ".annals-banner{margin:0 0 1.5em;padding:.75em 1em;border-left:.3em solid #b3261e;" +
    "background:#fdecea;color:#1f1f1f;font-size:.75rem;line-height:1.5}" +
    ".annals-banner p{margin:0 0 .4em}.annals-banner ul{margin:0 0 .4em;padding-left:1.2em}" +
    ".annals-banner li{margin:0;overflow-wrap:anywhere}" +
    ".annals-banner code{color:#1f1f1f;background:#fff;padding:0 .2em;overflow-wrap:anywhere}" +
    ".annals-banner a,.annals-banner a:visited{color:#0b3d91;text-decoration:underline}" +
    ".annals-banner .annals-banner-warning{color:#6b4500;font-weight:700}" +
    ".annals-banner .annals-banner-error{color:#8c1d18;font-weight:700}" +
    ".annals-banner.annals-banner-warnings{border-left-color:#8a5a00;background:#fff4d6}";

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function counted(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function item(problem) {
    var li = element("li");
    li.appendChild(element("code", problem.where));
    li.appendChild(document.createTextNode(" "));
    var label = problem.warning ? "warning" : "error";
    li.appendChild(element("span", label + ":", "annals-banner-" + label));
    li.appendChild(document.createTextNode(" " + problem.message));
    return li;
  }

  function banner(data) {
    var box = element("div", "", data.errors ? "annals-banner" : "annals-banner annals-banner-warnings");
    box.id = "annals-banner";
    box.setAttribute("role", "status");
    var parts = [];
    if (data.errors) { parts.push(counted(data.errors, "problem")); }
    if (data.warnings) { parts.push(counted(data.warnings, "warning")); }
    var heading = element("p");
    heading.appendChild(element("strong", "Annals preview: " + parts.join(", ") + " in the entries."));
    if (data.errors) {
      heading.appendChild(document.createTextNode(" Entries with problems are left out until fixed."));
    }
    box.appendChild(heading);
    var list = element("ul");
    data.shown.forEach(function (problem) { list.appendChild(item(problem)); });
    box.appendChild(list);
    var more = element("p");
    if (data.more) { more.appendChild(document.createTextNode("and " + data.more + " more. ")); }
    var link = element("a", "See the full list");
    link.href = new URL("../" + data.list, here).href;
    more.appendChild(link);
    box.appendChild(more);
    return box;
  }

  function show(data) {
    var old = document.getElementById("annals-banner");
    if (old) { old.remove(); }
    if (!data || !(data.errors || data.warnings)) { return; }
    var style = element("style", STYLE);
    document.head.appendChild(style);
    var place = document.querySelector(".md-content__inner") || document.body;
    place.insertBefore(banner(data), place.firstChild);
  }

  fetch(new URL("problems.json", here).href, {cache: "no-store"})
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(show, function () {});
})();
"""


def list_address(directory_urls: bool) -> str:
    """The full list's address in the site (``PROBLEM_LIST`` built), as MkDocs' ``use_directory_urls`` makes it."""
    return PROBLEM_LIST.removesuffix(".md") + ("/" if directory_urls else ".html")


def banner_data(problems: list[Problem], list_address: str) -> dict:
    """What the banner shows: the counts, the first :data:`SHOWN` problems (errors first), how many more,
    and the full list's address in the site (``_annals/problems/``)."""
    ordered = sorted(problems, key=lambda p: (p.is_warning, p))
    errors = sum(1 for p in problems if not p.is_warning)
    shown = [{"where": printable(f"{p.path}:{p.line}:{p.column}"), "message": printable(p.message),
              "warning": p.is_warning} for p in ordered[:SHOWN]]
    return {"errors": errors, "warnings": len(problems) - errors, "shown": shown,
            "more": max(0, len(problems) - SHOWN), "list": list_address}


def write_banner(site_dir: str, problems: list[Problem], directory_urls: bool) -> None:
    """Write the banner's script and its data (``problems``: errors and warnings) into the built site."""
    folder = Path(site_dir) / BANNER_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "problems.js").write_text(_SCRIPT, encoding="utf-8")
    data = json.dumps(banner_data(problems, list_address(directory_urls)), ensure_ascii=True)
    (folder / "problems.json").write_text(data, encoding="utf-8")
