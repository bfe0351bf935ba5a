// Enhances each checklist form: live summary, guidance for the current count, and opt-in storage
// on this device. Makes no network request (the page's CSP forbids it anyway).
for (const root of document.querySelectorAll("[data-checklist]")) {
  const boxes = [...root.querySelectorAll(".checklist-items input[type=checkbox]")];
  const summary = root.querySelector(".checklist-summary");
  const guidance = [...root.querySelectorAll(".guidance")];
  const remember = root.querySelector(".remember-answers");
  const key = root.dataset.storageKey;
  const total = boxes.length;
  // The words come from the page, in its language (the theme's `site.words`).
  const words = root.dataset;
  const store = {
    get() { try { return localStorage.getItem(key); } catch { return null; } },
    set(v) { try { localStorage.setItem(key, v); } catch { /* storage off: answers stay in the page */ } },
    clear() {
      try {
        // Stale versions of this checklist go too.
        const prefix = key.slice(0, key.lastIndexOf(":") + 1);
        for (let i = localStorage.length - 1; i >= 0; i--) {
          const k = localStorage.key(i);
          if (k && k.startsWith(prefix)) localStorage.removeItem(k);
        }
      } catch { /* nothing stored */ }
    },
  };
  const ticked = () => boxes.filter((b) => b.checked);
  const update = () => {
    const n = ticked().length;
    summary.textContent = words.summary.replace("{n}", n).replace("{total}", total);
    for (const g of guidance) {
      const on = n >= +g.dataset.min && n <= +g.dataset.max;
      g.hidden = !on;
      g.classList.toggle("current", on);
    }
    for (const b of boxes) b.closest("li").classList.toggle("ticked", b.checked);
    if (remember.checked) store.set(JSON.stringify(ticked().map((b) => b.name)));
  };
  const saved = store.get();
  if (saved) {
    try {
      const names = new Set(JSON.parse(saved));
      for (const b of boxes) b.checked = names.has(b.name);
      remember.checked = true;
    } catch { store.clear(); }
  }
  root.classList.add("enhanced");
  root.querySelector(".checklist-actions").hidden = false;
  for (const b of boxes) b.addEventListener("change", update);
  remember.addEventListener("change", () => (remember.checked ? update() : store.clear()));
  root.querySelector(".clear-answers").addEventListener("click", () => {
    for (const b of boxes) b.checked = false;
    remember.checked = false;
    store.clear();
    update();
  });
  root.querySelector(".print-answers").addEventListener("click", () => {
    document.body.classList.add("printing-checklist");
    root.classList.add("print-target");
    window.print();
    root.classList.remove("print-target");
    document.body.classList.remove("printing-checklist");
  });
  const status = root.querySelector(".copy-status");
  root.querySelector(".copy-answers").addEventListener("click", async () => {
    const current = guidance.find((g) => !g.hidden);
    const lines = [root.querySelector("legend").textContent.trim(), ""];
    for (const b of boxes) lines.push(`[${b.checked ? "x" : " "}] ${b.labels[0].textContent.trim()}`);
    if (current) lines.push("", current.innerText.trim());
    try {
      await navigator.clipboard.writeText(lines.join("\n"));
      status.textContent = words.copied;
    } catch {
      status.textContent = words.copyRefused;
    }
  });
  update();
}
