// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-autofocus]");
    if (summary) {
      summary.focus();
    }
  }

  // Auto-submit filter forms marked data-autosubmit when a control changes (the submit button stays for no-JS use).
  function wireAutosubmit(root) {
    (root || document).querySelectorAll("form[data-autosubmit]").forEach(function (form) {
      form.addEventListener("change", function () {
        if (window.htmx) {
          window.htmx.trigger(form, "submit");
        } else {
          form.requestSubmit();
        }
      });
    });
  }

  // Buttons that ask before a destructive action: <button data-confirm="...">.
  function wireConfirm(root) {
    (root || document).querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.getAttribute("data-confirm"))) {
          event.preventDefault();
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
    wireAutosubmit(document);
    wireConfirm(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.target);
    wireConfirm(event.target);
  });
})();
