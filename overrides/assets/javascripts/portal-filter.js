/* The filters of the overview pages (networks, events, offers, organisations).

   Loaded only by pages with a filter form (portal/templates/_macros.md.j2, filter_form, which
   renders the form hidden, and filter_item, which gives every listed record its facet values as
   data attributes, from portal/pages/facets.py). Without JavaScript the page shows the full list. This
   script
   - shows the form (a "Filter" panel with a group of checkboxes per facet) and narrows the list:
     several values of one group mean "or", values of different groups "and"; a record whose value
     is "*" matches every value of that group (an offer for all of Germany under every Land);
   - hides the sections (a Land, a year, a topic) whose items are all filtered out, and updates a
     section's "(n)" count;
   - counts next to each value how many records it would leave (besides the values chosen in the
     other groups) and says "n von m" with the chosen values in a polite live region, with a button
     beside it that lifts all filters;
   - keeps the chosen values in the address (?land=DE-SN&thema=wasserstoff, a parameter per value),
     so a filtered list can be bookmarked and shared, and restores them on load.
   A record listed several times (an offer under each of its topics) counts once. */
(() => {
  "use strict";

  const root = document.querySelector(".portal-filter");
  if (!root) return;

  const EVERY = "*";
  const $ = (selector) => root.querySelector(selector);
  const form = $(".portal-filter__form");
  const summaryElement = $(".portal-filter__panel > summary");
  const chosenLabel = $(".portal-filter__chosen");
  const resetButton = $(".portal-filter__reset");
  const status = $(".portal-filter__status");
  const noun = root.dataset.noun; // "Angebote": "Alle 40 Angebote"
  const nounDative = root.dataset.nounDative; // "Angeboten": "5 von 40 Angeboten"
  const boxes = Array.from(form.querySelectorAll("input[type=checkbox]"));
  const parameters = Array.from(new Set(boxes.map((box) => box.name)));
  const items = Array.from(document.querySelectorAll("[data-filter-item]"));
  const sections = Array.from(document.querySelectorAll("[data-filter-section]"));

  // record id -> { parameter: [values] }, once per record
  const records = new Map();
  for (const item of items) {
    if (records.has(item.dataset.id)) continue;
    const values = {};
    for (const parameter of parameters) values[parameter] = (item.dataset[parameter] || "").split(" ").filter(Boolean);
    records.set(item.dataset.id, values);
  }

  const countOf = (box) => box.parentElement.querySelector(".portal-filter__count");
  const labelOf = (box) => box.nextElementSibling.firstChild.textContent.trim();
  const number = (count) => count.toLocaleString("de-DE");

  // { land: ["DE-SN", "DE-TH"], thema: [...] } from the checked boxes
  function chosenFilters() {
    const chosen = {};
    for (const box of boxes) if (box.checked) (chosen[box.name] = chosen[box.name] || []).push(box.value);
    return chosen;
  }

  // Whether a record has one of the chosen values of every group (except `leftOut`).
  function matches(values, chosen, leftOut) {
    return Object.keys(chosen).every((parameter) => parameter === leftOut ||
      values[parameter].includes(EVERY) || values[parameter].some((value) => chosen[parameter].includes(value)));
  }

  function showCounts(chosen) {
    for (const box of boxes) {
      let count = 0;
      for (const values of records.values()) {
        const own = values[box.name];
        if ((own.includes(box.value) || own.includes(EVERY)) && matches(values, chosen, box.name)) count += 1;
      }
      countOf(box).textContent = `(${number(count)})`;
    }
  }

  function showSections() {
    for (const section of sections) {
      const listed = section.querySelectorAll("[data-filter-item]");
      const shown = section.querySelectorAll("[data-filter-item]:not([hidden])");
      section.hidden = listed.length > 0 && shown.length === 0;
      const counter = section.querySelector("[data-filter-count]");
      if (counter) counter.textContent = `(${number(shown.length)})`;
    }
  }

  // The chosen values live in the address; other parameters and the fragment stay.
  function remember(chosen) {
    const url = new URL(window.location.href);
    for (const parameter of parameters) {
      url.searchParams.delete(parameter);
      for (const value of chosen[parameter] || []) url.searchParams.append(parameter, value);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
  }

  function apply() {
    const chosen = chosenFilters();
    const filtered = Object.keys(chosen).length > 0;
    let visible = 0;
    const shownIds = new Set();
    for (const [id, values] of records) {
      if (matches(values, chosen)) {
        shownIds.add(id);
        visible += 1;
      }
    }
    for (const item of items) item.hidden = !shownIds.has(item.dataset.id);
    showSections();
    showCounts(chosen);
    const chosenCount = boxes.filter((box) => box.checked).length;
    chosenLabel.textContent = chosenCount ? `(${chosenCount} gewählt)` : "";
    resetButton.hidden = chosenCount === 0;
    const total = records.size;
    const labels = boxes.filter((box) => box.checked).map(labelOf).join(", ");
    if (!filtered) status.textContent = `Alle ${number(total)} ${noun}`;
    else if (visible === 0) status.textContent = `0 von ${number(total)} ${nounDative} (${labels}) – heben Sie einen Filter auf, um wieder Einträge zu sehen.`;
    else status.textContent = `${number(visible)} von ${number(total)} ${nounDative} (${labels})`;
    remember(chosen);
  }

  // The panel stays closed: the status line names the chosen values, and the list starts high.
  function restore() {
    const params = new URLSearchParams(window.location.search);
    for (const box of boxes) box.checked = params.getAll(box.name).includes(box.value);
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  resetButton.addEventListener("click", () => {
    for (const box of boxes) box.checked = false;
    apply();
    summaryElement.focus(); // the button hides itself; keyboard users go on at the filters
  });

  restore();
  root.hidden = false;
  apply();
})();
