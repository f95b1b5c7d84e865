/* Linli: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Close <details> menus when clicking elsewhere or pressing Escape.
  function openMenus() {
    return document.querySelectorAll("details.menu[open]");
  }

  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) {
        menu.removeAttribute("open");
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    openMenus().forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) {
        summary.focus();
      }
    });
  });

  // Mark the results region busy while htmx fetches it, for screen readers.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var results = document.getElementById("results");
    if (results && event.detail.target === results) {
      results.setAttribute("aria-busy", "true");
    }
  });

  // Any element with data-confirm asks before its form is submitted.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
