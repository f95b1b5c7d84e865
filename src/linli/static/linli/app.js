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

/* Contact form: the outcome opens what it calls for. Without this file every section is
   there to open by hand and the status confirmation is always shown. */
(function () {
  "use strict";

  function showForOutcome(form, outcome) {
    form.querySelectorAll("[data-show-for-outcomes]").forEach(function (block) {
      var wanted = block.getAttribute("data-show-for-outcomes").split(" ");
      var hasError = block.classList.contains("has-error");
      block.hidden = !hasError && wanted.indexOf(outcome) < 0;
    });
  }

  function checkedOutcome(form) {
    var checked = form.querySelector("input[name=outcome]:checked");
    return checked ? checked.value : "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(function (form) {
      if (form.querySelector("[data-show-for-outcomes]")) {
        showForOutcome(form, checkedOutcome(form));
      }
    });
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.name !== "outcome" || !input.form) {
      return;
    }
    showForOutcome(input.form, input.value);
    input.form.querySelectorAll("details[data-open-unless-outcome]").forEach(function (details) {
      if (input.value !== details.getAttribute("data-open-unless-outcome")) {
        details.open = true;
      }
    });
  });
})();
