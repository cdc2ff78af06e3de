// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // Filters start closed on small screens, so that the results come first.
  for (const details of document.querySelectorAll("details[data-collapse-below]")) {
    if (!window.matchMedia(`(min-width: ${details.dataset.collapseBelow})`).matches) details.open = false;
  }
});
