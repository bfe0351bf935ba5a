// cited serve: live reload and the diagnostics overlay. Served only by `cited serve`.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me ? new URL(me.src).searchParams.get("build") : null;
  var box = null;

  function hide() {
    if (box) { box.remove(); box = null; }
  }

  function show(diagnostics) {
    hide();
    if (!diagnostics || diagnostics.length === 0) { return; }
    box = document.createElement("div");
    box.setAttribute("role", "alert");
    box.id = "cited-serve-overlay";
    var s = box.style;
    s.position = "fixed"; s.left = "1rem"; s.right = "1rem"; s.bottom = "1rem";
    s.maxHeight = "60vh"; s.overflow = "auto"; s.zIndex = "2147483647";
    s.background = "#fff5f5"; s.color = "#1a1a1a"; s.border = "3px solid #b00020";
    s.borderRadius = "6px"; s.padding = "0.75rem 1rem"; s.font = "14px/1.4 ui-monospace, monospace";
    s.boxShadow = "0 4px 24px rgba(0,0,0,0.3)";
    var title = document.createElement("strong");
    title.textContent = "cited: the last change did not build; this is the last good version. " +
      diagnostics.length + " problem" + (diagnostics.length === 1 ? "" : "s") + ":";
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.margin = "0.5rem 0 0"; list.style.paddingLeft = "1.2rem";
    diagnostics.forEach(function (d) {
      var item = document.createElement("li");
      var where = document.createElement("b");
      where.textContent = d.file + ":" + d.line + ":" + d.column;
      item.appendChild(where);
      item.appendChild(document.createTextNode(" " + d.severity + "[" + d.code + "] " + d.message));
      if (d.hint) {
        var hint = document.createElement("div");
        hint.style.opacity = "0.8";
        hint.textContent = "hint: " + d.hint;
        item.appendChild(hint);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  var events = new EventSource("/__cited/events");
  events.addEventListener("hello", function (e) {
    var state = JSON.parse(e.data);
    if (build !== null && String(state.build) !== build && state.build > 0) { location.reload(); return; }
    show(state.errors);
  });
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("errors", function (e) { show(JSON.parse(e.data)); });
})();
