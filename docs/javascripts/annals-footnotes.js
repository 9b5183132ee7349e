/* A footnote mark tapped (or activated from the keyboard) shows its citation in place.
 *
 * Without JavaScript a mark is a link that jumps to the list of sources at the
 * foot of the page. Material's content.footnote.tooltips shows the citation on
 * hover and on focus, which serves a mouse; a tap, though, jumps to the list.
 * Here a tap, a pen or Enter on a mark opens a small drawer instead: a
 * <dialog> named "Footnote N", holding a copy of the footnote's nodes (cloned,
 * never parsed from text), a link to the list and a close button. Escape, the
 * close button or a tap outside closes it, and focus goes back to the mark.
 * A mouse click still jumps, as before. While the drawer is open (and until
 * focus leaves the mark it returned to) Material's tooltip is hidden, so the
 * two never show the same citation twice.
 */
(function () {
  "use strict";

  var QUIET = "annals-footnote-quiet";
  var drawer = null;
  var pointer = "";
  var mark = null;

  function build() {
    var dialog = document.createElement("dialog");
    dialog.className = "annals-footnote";
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-labelledby", "annals-footnote-title");
    var inner = document.createElement("div");
    inner.className = "annals-footnote__inner md-typeset";
    var head = document.createElement("div");
    head.className = "annals-footnote__head";
    var title = document.createElement("p");
    title.id = "annals-footnote-title";
    title.className = "annals-footnote__title";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "annals-footnote__close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { dialog.close(); });
    head.append(title, close);
    var body = document.createElement("div");
    body.className = "annals-footnote__body";
    var list = document.createElement("a");
    list.className = "annals-footnote__list";
    list.textContent = "Go to the sources list";
    list.addEventListener("click", function () {
      mark = null; // the reader goes on to the list: focus follows the jump, not back to the mark
      document.documentElement.classList.remove(QUIET);
      dialog.close();
    });
    inner.append(head, body, list);
    dialog.append(inner);
    // A tap on the backdrop lands on the dialog itself, outside its inner box.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("close", restore);
    document.body.append(dialog);
    return { dialog: dialog, title: title, body: body, list: list, close: close };
  }

  function copyOf(item) {
    var nodes = [];
    item.childNodes.forEach(function (node) { nodes.push(node.cloneNode(true)); });
    nodes.forEach(function (node) {
      if (node.querySelectorAll) {
        node.querySelectorAll("a.footnote-backref").forEach(function (link) { link.remove(); });
        node.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
        if (node.id) node.removeAttribute("id");
      }
    });
    return nodes;
  }

  function open(link) {
    var id = decodeURIComponent(link.hash.slice(1));
    var item = document.getElementById(id);
    if (!item) return false;
    drawer = drawer || build();
    mark = link;
    drawer.title.textContent = "Footnote " + link.textContent;
    drawer.body.replaceChildren.apply(drawer.body, copyOf(item));
    drawer.list.href = "#" + id;
    document.documentElement.classList.add(QUIET);
    drawer.dialog.showModal();
    drawer.close.focus();
    return true;
  }

  function restore() {
    if (!mark) return;
    var returned = mark;
    mark = null;
    returned.focus({ preventScroll: true });
    // Focus back on the mark would bring Material's tooltip up again: it waits until focus moves on.
    returned.addEventListener("blur", function () {
      document.documentElement.classList.remove(QUIET);
    }, { once: true });
    if (document.activeElement !== returned) document.documentElement.classList.remove(QUIET);
  }

  document.addEventListener("pointerdown", function (event) { pointer = event.pointerType; }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.footnote-ref");
    if (!link) return;
    // A keyboard's Enter clicks with detail 0; a mouse's click keeps the jump to the list.
    var touch = event.detail === 0 || pointer === "touch" || pointer === "pen";
    pointer = "";
    if (touch && open(link)) event.preventDefault();
  });
})();
