/* Accessibility and elder-mode tools (REQUIREMENTS R67-R68). No framework, no
   third-party code; preferences live in localStorage so that the cached HTML of
   public pages stays the same for every visitor. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "cluster-a11y";
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  function apply(state) {
    var scale = (state.scale || 1) * (state.elder ? 1.25 : 1);
    root.style.setProperty("--font-scale", String(scale));
    root.classList.toggle("elder", !!state.elder);
    root.classList.toggle("big-cursor", !!state.elder);
    root.classList.toggle("contrast", !!state.contrast);
    var buttons = document.querySelectorAll("[data-a11y=elder],[data-a11y=contrast]");
    for (var i = 0; i < buttons.length; i++) {
      var name = buttons[i].getAttribute("data-a11y");
      buttons[i].setAttribute("aria-pressed", state[name] ? "true" : "false");
    }
  }
  var state = load();
  apply(state);
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-a11y]") : null;
    if (!button) { return; }
    var action = button.getAttribute("data-a11y");
    var scale = state.scale || 1;
    if (action === "font-up") { state.scale = Math.min(2, Math.round((scale + 0.125) * 1000) / 1000); }
    else if (action === "font-down") { state.scale = Math.max(0.875, Math.round((scale - 0.125) * 1000) / 1000); }
    else if (action === "font-reset") { state.scale = 1; }
    else if (action === "elder") { state.elder = !state.elder; }
    else if (action === "contrast") { state.contrast = !state.contrast; }
    else if (action === "print") { window.print(); return; }
    save(state);
    apply(state);
  });
  document.addEventListener("DOMContentLoaded", function () { apply(state); });
})();
