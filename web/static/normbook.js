// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // A form with data-unsaved warns before the page is left with changes not yet saved; a page shown
  // again after an error or a preview starts out changed, since its text is not saved.
  for (const form of document.querySelectorAll("form[data-unsaved]")) {
    let changed = form.dataset.unsaved === "changed";
    form.addEventListener("input", () => { changed = true; });
    form.addEventListener("change", () => { changed = true; });
    form.addEventListener("submit", () => { changed = false; });
    window.addEventListener("beforeunload", (event) => {
      if (changed) { event.preventDefault(); event.returnValue = ""; }
    });
  }
  // A list of tick boxes with a filter: typing part of a name shows only the matching ones.
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  for (const input of document.querySelectorAll("input[data-filters]")) {
    const list = document.getElementById(input.dataset.filters);
    input.parentElement.hidden = false;
    input.addEventListener("input", () => {
      const wanted = fold(input.value.trim());
      for (const item of list.querySelectorAll("li")) {
        item.hidden = wanted !== "" && !fold(item.textContent).includes(wanted);
      }
    });
  }
  const summary = document.querySelector(".error-summary[tabindex]");
  if (summary) summary.focus();
  // A page about work in progress reloads itself every few seconds until its button stops it.
  for (const notice of document.querySelectorAll("[data-refresh]")) {
    const timer = window.setTimeout(() => window.location.reload(), Number(notice.dataset.refresh) * 1000);
    const stop = notice.querySelector("button");
    stop.hidden = false;
    stop.addEventListener("click", () => { window.clearTimeout(timer); stop.hidden = true; });
  }
  // Filters start closed on small screens, so that the results come first.
  for (const details of document.querySelectorAll("details[data-collapse-below]")) {
    if (!window.matchMedia(`(min-width: ${details.dataset.collapseBelow})`).matches) details.open = false;
  }
});
