/* Tables and code blocks that scroll sideways can be scrolled from the keyboard.
 *
 * Material wraps each table in .md-typeset__scrollwrap and makes an overflowing
 * code block focusable only where the device can hover. Here every such box
 * that is wider than its frame gets tabindex="0" (and a table's box a name, as
 * a focusable group needs one), so arrow keys scroll it; one that fits loses
 * them again. The cue that a box scrolls is drawn in docs/stylesheets/annals.css.
 */
(function () {
  "use strict";

  var BOXES = ".md-typeset__scrollwrap, .md-typeset pre > code";

  function mark(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls === box.hasAttribute("data-annals-scrolls")) return;
    if (scrolls) {
      box.setAttribute("data-annals-scrolls", "");
      box.setAttribute("tabindex", "0");
      if (!box.matches("code")) {
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", "Table, scrolls sideways");
      }
    } else {
      ["data-annals-scrolls", "tabindex", "role", "aria-label"].forEach(function (name) {
        box.removeAttribute(name);
      });
    }
  }

  // Each box is measured when first laid out and whenever its size changes (a turned phone, a font loaded).
  var sizes = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { mark(entry.target); });
  });

  function watchAll() {
    document.querySelectorAll(BOXES).forEach(function (box) { sizes.observe(box); });
  }

  // Material wraps the tables when its document$ emits (each page, also after instant navigation).
  if (window.document$) window.document$.subscribe(watchAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchAll);
  else watchAll();
})();
