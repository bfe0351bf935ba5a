// Citation previews: shown beside the marker on hover and focus, moved inside the window at every
// width, closed by Escape (WCAG 1.4.13) or a tap elsewhere; on a touch screen the first tap on a
// marker shows the source and the second follows the link to the reference list.
// Makes no network request (the page's CSP forbids it anyway).
const GAP = 8;
let open = null;
let lastPointer = "mouse";

const place = (citation) => {
  const preview = citation.querySelector(".cite-preview");
  const marker = citation.querySelector("a.cite");
  if (!preview || !marker) return;
  const r = marker.getBoundingClientRect();
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const w = preview.offsetWidth;
  const h = preview.offsetHeight;
  const left = Math.max(GAP, Math.min(r.left + r.width / 2 - w / 2, vw - w - GAP));
  let top = r.bottom + 4;
  if (top + h > vh - GAP && r.top - h - 4 >= GAP) top = r.top - h - 4;
  preview.style.left = `${Math.round(left)}px`;
  preview.style.top = `${Math.round(Math.max(GAP, top))}px`;
};

const show = (citation, byTouch) => {
  if (open && open !== citation) hide(open);
  open = citation;
  citation.classList.add("open");
  citation.classList.toggle("by-touch", byTouch);
  place(citation);
};

const hide = (citation) => {
  citation.classList.remove("open", "by-touch");
  if (open === citation) open = null;
};

document.documentElement.classList.add("cite-js");
// What a second tap does, in the page's language (the theme's `site.words`); the stylesheet
// shows it under a preview opened by touch.
const tapAgain = document.body.dataset.tapAgain || "";
for (const citation of document.querySelectorAll(".citation")) {
  const marker = citation.querySelector("a.cite");
  const preview = citation.querySelector(".cite-preview");
  if (!marker || !preview) continue;
  preview.dataset.tapAgain = tapAgain;
  // A mouse hovering shows the preview; a finger passing over does not (its tap decides).
  citation.addEventListener("pointerenter", (event) => {
    if (event.pointerType === "mouse") show(citation, false);
  });
  citation.addEventListener("pointerleave", (event) => {
    if (event.pointerType === "mouse") hide(citation);
  });
  const touched = () => lastPointer === "touch" || lastPointer === "pen";
  marker.addEventListener("focus", () => {
    if (!touched()) show(citation, false);
  });
  marker.addEventListener("blur", () => hide(citation));
  marker.addEventListener("click", (event) => {
    if (touched() && !citation.classList.contains("by-touch")) {
      event.preventDefault();
      show(citation, true);
    }
  });
}
document.addEventListener("pointerdown", (event) => {
  lastPointer = event.pointerType || "mouse";
  if (open && !open.contains(event.target)) hide(open);
}, true);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && open) {
    hide(open);
  } else {
    lastPointer = "key";
  }
});
window.addEventListener("scroll", () => open && place(open), { passive: true });
window.addEventListener("resize", () => open && place(open));
