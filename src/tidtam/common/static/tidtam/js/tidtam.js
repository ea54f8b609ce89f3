// Tidtam's small page behaviours. No inline scripts: the CSP allows only files from our origin.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    // Phone menu: the toggle opens and closes it; Escape closes it and returns focus to the toggle.
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (toggle && nav) {
      var setOpen = function (open) {
        nav.classList.toggle("open", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      };
      toggle.addEventListener("click", function () { setOpen(!nav.classList.contains("open")); });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && nav.classList.contains("open")) { setOpen(false); toggle.focus(); }
      });
    }
    // A <select data-autosubmit> submits its form when it changes; .js-hide hides a no-JS fallback.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
    // Forms that ask before they act: <form data-confirm="...">.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
    // A form sent back with errors: move focus to its summary so screen readers announce it.
    var summary = document.querySelector(".form-errors");
    if (summary) { summary.focus(); }
    // Tables wider than the screen can be scrolled with the keyboard.
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        if (!wrap.hasAttribute("role")) { wrap.setAttribute("role", "region"); }
        if (!wrap.hasAttribute("aria-label")) {
          var caption = wrap.querySelector("caption");
          if (caption) { wrap.setAttribute("aria-label", caption.textContent.trim()); }
        }
      }
    });
  });
})();
