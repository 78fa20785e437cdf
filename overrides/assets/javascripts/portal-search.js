/* The portal's search UI, on top of Pagefind's JavaScript API (pagefind/pagefind.js).

   Loaded by the search page only (docs/suche.md, which holds the markup: search field, filter
   panel, status line, result list). It
   - searches while the visitor types (and at once on Enter or for a query in ?q=, which the search
     form in the header sends) and keeps the query and the chosen filters in the address
     (?q=…&art=…&land=…&thema=…, a parameter per chosen value), so a search can be shared;
   - shows five results at a time (title as link, kind of entry, excerpt with Pagefind's <mark>
     highlights, up to three matching sections of the page); "Weitere Treffer anzeigen" adds five;
   - loads the filter values (Art, Land, Thema) only when the filter panel is opened, so a search
     without filters downloads no filter table. Several values of one filter mean "or", values of
     different filters "and"; the count next to a value says how many results have that value
     (besides the search term and the values chosen in the other filters);
   - announces loading, result counts and errors in a polite live region.
   Everything comes from this site (the site's CSP allows no other host); the base URL is taken
   from the page's address, so the site also works below a sub-path (GitHub Pages project sites).
   Without JavaScript the page shows links to the overviews instead (<noscript>). */
(() => {
  "use strict";

  const root = document.getElementById("portal-suche");
  if (!root) return;

  const PAGE_SIZE = 5;
  const DEBOUNCE_MS = 300;
  const FILTER_ORDER = ["Art", "Land", "Thema", "Format", "Kosten"];
  // filter -> its name in the address
  const PARAMETERS = { Art: "art", Land: "land", Thema: "thema", Format: "format", Kosten: "kosten" };
  const site = new URL("../", window.location.href); // the search page is <site>/suche/

  const $ = (selector) => root.querySelector(selector);
  const form = $(".portal-search__form");
  const input = $("#portal-suche-q");
  const panel = $(".portal-search__filters");
  const groups = $(".portal-search__filter-groups");
  const chosenLabel = $(".portal-search__chosen");
  const resetButton = $(".portal-search__reset");
  const status = $(".portal-search__status");
  const list = $(".portal-search__results");
  const moreButton = $(".portal-search__more");

  let loading = null; // promise of the Pagefind module, started on first use
  let counters = null; // filter name -> value -> the <span> with its count, once the panel is loaded
  let current = 0; // number of the latest search; answers to older ones are dropped
  let results = []; // results of the latest search
  let shown = 0; // how many of them are on the page
  let timer = null;
  let fromAddress = filtersInAddress(); // chosen filters named in the address, until the panel is loaded

  function pagefind() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", site).href).then(async (module) => {
        // Pagefind ranks short pages up (BM25 length normalisation, 0.75 by default), which put the
        // short pages of events and partners named after a network above the network's own page;
        // the page's own names carry the weight instead (portal/site/search_index.py, NAME_WEIGHT). Measured
        // with scripts/search_quality.py.
        await module.options({ baseUrl: site.pathname, ranking: { pageLength: 0.1 } });
        await module.init();
        return module;
      });
      loading.catch(() => { loading = null; }); // the next search tries again
    }
    return loading;
  }

  const quoted = (term) => `„${term}“`;
  const byGerman = (a, b) => a.localeCompare(b, "de");
  const checkedBoxes = () => groups.querySelectorAll("input:checked");

  // --- filters -----------------------------------------------------------------------------

  function chosenFilters() {
    if (!counters) return fromAddress;
    const chosen = {};
    for (const box of checkedBoxes()) (chosen[box.name] = chosen[box.name] || []).push(box.value);
    return chosen;
  }

  // ?land=Sachsen&land=Bayern&thema=Wasserstoff -> { Land: ["Sachsen", "Bayern"], Thema: [...] }
  function filtersInAddress() {
    const params = new URLSearchParams(window.location.search);
    const chosen = {};
    for (const [name, parameter] of Object.entries(PARAMETERS)) {
      const values = params.getAll(parameter).filter(Boolean);
      if (values.length) chosen[name] = values;
    }
    return chosen;
  }

  // Pagefind's filter object: any of the chosen values of each filter (except `leftOut`).
  function pagefindFilters(chosen, leftOut) {
    const filters = {};
    for (const name of Object.keys(chosen)) if (name !== leftOut) filters[name] = { any: chosen[name] };
    return filters;
  }

  function rank(name) {
    const position = FILTER_ORDER.indexOf(name);
    return position < 0 ? FILTER_ORDER.length : position;
  }

  function filterGroup(name, values, groupNumber) {
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    const options = document.createElement("div");
    legend.textContent = name;
    options.className = "portal-search__options";
    fieldset.append(legend, options);
    counters[name] = {};
    Object.keys(values).sort(byGerman).forEach((value, index) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      const text = document.createElement("span");
      const count = document.createElement("span");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.id = `portal-suche-f${groupNumber}-${index}`;
      box.checked = (fromAddress[name] || []).includes(value);
      label.htmlFor = box.id;
      count.className = "portal-search__count";
      count.textContent = `(${values[value]})`;
      text.append(`${value} `, count);
      label.append(box, text);
      options.append(label);
      counters[name][value] = count;
    });
    return fieldset;
  }

  async function loadFilters() {
    if (counters || !panel.open) return;
    counters = {};
    groups.textContent = "Filter werden geladen …";
    try {
      const module = await pagefind();
      const all = await module.filters(); // the only place that fetches Pagefind's filter tables
      groups.textContent = "";
      Object.keys(all).sort((a, b) => rank(a) - rank(b) || byGerman(a, b))
        .forEach((name, number) => groups.append(filterGroup(name, all[name], number)));
      const chosen = chosenFilters();
      const count = checkedBoxes().length;
      chosenLabel.textContent = count ? `(${count} gewählt)` : "";
      resetButton.hidden = count === 0;
      const term = input.value.trim();
      const number = current;
      if (term || count) {
        await showCounts(module, term, chosen, await module.search(term || null, { filters: pagefindFilters(chosen) }), number);
      }
    } catch (error) {
      counters = null;
      groups.textContent = "Die Filter konnten nicht geladen werden. Schließen und öffnen Sie „Filter“, um es erneut zu versuchen.";
    }
  }

  // Counts for the current search. For a filter without a chosen value Pagefind counts the results
  // each value would leave; for a filter with chosen values ("or") they come from a search with the
  // other filters only, so a count does not drop to 0 just because another value is chosen.
  async function showCounts(module, term, chosen, found, number) {
    for (const name of Object.keys(counters)) {
      let counts = found.filters && found.filters[name];
      if (chosen[name]) {
        const others = await module.search(term || null, { filters: pagefindFilters(chosen, name) });
        counts = others.filters && others.filters[name];
      }
      if (number !== current) return; // a newer search shows its own counts
      for (const [value, counter] of Object.entries(counters[name])) {
        counter.textContent = `(${(counts && counts[value]) || 0})`;
      }
    }
  }

  function filtersChanged() {
    const chosen = checkedBoxes().length;
    chosenLabel.textContent = chosen ? `(${chosen} gewählt)` : "";
    resetButton.hidden = chosen === 0;
    search();
  }

  // --- results -----------------------------------------------------------------------------

  // Pagefind's excerpt is page text with "<" and ">" written as &lt; and &gt; and the hits wrapped
  // in <mark>; "&" stays as it is. It is never parsed as HTML (an editor's "&lt;b&gt;" or "&#60;i&#62;"
  // would become markup): the text becomes text nodes, each hit a <mark> element.
  function excerpt(text) {
    const paragraph = document.createElement("p");
    paragraph.className = "portal-search__excerpt";
    String(text).split(/(<mark>[\s\S]*?<\/mark>)/).forEach((part) => {
      const hit = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
      const plain = (hit ? hit[1] : part).replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (!plain) return;
      if (hit) {
        const mark = document.createElement("mark");
        mark.textContent = plain;
        paragraph.append(mark);
      } else {
        paragraph.append(document.createTextNode(plain));
      }
    });
    return paragraph;
  }

  // Up to three sections of the page with the most hits, in page order (as Pagefind's Default UI).
  function sections(page) {
    let subs = page.sub_results || [];
    if (subs.length && subs[0].url === page.url) subs = subs.slice(1); // the page itself
    if (subs.length <= 3) return subs;
    const best = subs.slice().sort((a, b) => b.locations.length - a.locations.length).slice(0, 3);
    return subs.filter((sub) => best.includes(sub));
  }

  // Pagefind knows a page by its search document, "netzwerke/teammit.html" for the page
  // "netzwerke/teammit/" (portal/site/search_index.py, document_path); this is the page's address.
  function pageAddress(url) {
    return url.replace(/\.html(#|$)/, "/$1");
  }

  function resultItem(page) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    item.className = "portal-search__result";
    link.href = pageAddress(page.url);
    link.textContent = (page.meta && page.meta.title) || pageAddress(page.url);
    heading.append(link);
    item.append(heading);
    const kinds = page.filters && page.filters.Art;
    if (kinds && kinds.length) {
      const kind = document.createElement("p");
      kind.className = "portal-search__kind";
      kind.textContent = kinds.join(", ");
      item.append(kind);
    }
    item.append(excerpt(page.excerpt));
    const subs = sections(page);
    if (subs.length) {
      const subList = document.createElement("ul");
      subList.className = "portal-search__sections";
      for (const sub of subs) {
        const subItem = document.createElement("li");
        const subLink = document.createElement("a");
        subLink.href = pageAddress(sub.url);
        subLink.textContent = sub.title;
        subItem.append(subLink, excerpt(sub.excerpt));
        subList.append(subItem);
      }
      item.append(subList);
    }
    return item;
  }

  // Shows the next PAGE_SIZE results; returns the first new list item (null if outdated).
  async function showMore(number) {
    const pages = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((result) => result.data()));
    if (number !== current) return null;
    const items = pages.map(resultItem);
    list.append(...items);
    shown += items.length;
    moreButton.hidden = shown >= results.length;
    return items[0] || null;
  }

  function clearResults() {
    results = [];
    shown = 0;
    list.textContent = "";
    moreButton.hidden = true;
  }

  // The query and the chosen filters live in the address, so a search can be bookmarked and shared.
  function remember(term, chosen) {
    const url = new URL(window.location.href);
    if (term) url.searchParams.set("q", term);
    else url.searchParams.delete("q");
    for (const [name, parameter] of Object.entries(PARAMETERS)) {
      url.searchParams.delete(parameter);
      for (const value of chosen[name] || []) url.searchParams.append(parameter, value);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
  }

  function summary(count, term, filtered) {
    if (!count) {
      return (term ? `Keine Treffer für ${quoted(term)}` : "Keine Treffer") +
        (filtered ? " mit den gewählten Filtern." : ". Versuchen Sie einen anderen oder kürzeren Suchbegriff.");
    }
    const hits = `${count.toLocaleString("de-DE")} Treffer`;
    return term ? `${hits} für ${quoted(term)}` : `${hits} für die gewählten Filter`;
  }

  async function search() {
    clearTimeout(timer);
    const number = ++current;
    const term = input.value.trim();
    const chosen = chosenFilters();
    const filtered = Object.keys(chosen).length > 0;
    remember(term, chosen);
    if (!term && !filtered) {
      clearResults();
      status.textContent = "";
      return;
    }
    status.textContent = term ? `Suche nach ${quoted(term)} …` : "Suche …";
    list.setAttribute("aria-busy", "true");
    try {
      const module = await pagefind();
      const found = await module.search(term || null, { filters: pagefindFilters(chosen) });
      if (number !== current) return;
      clearResults();
      results = found.results;
      await showMore(number);
      if (number !== current) return;
      status.textContent = summary(results.length, term, filtered);
      if (counters && Object.keys(counters).length) await showCounts(module, term, chosen, found, number);
    } catch (error) {
      if (number !== current) return;
      clearResults();
      status.textContent = "Die Suche konnte nicht geladen werden. Bitte laden Sie die Seite neu oder nutzen Sie die Übersichten im Menü.";
    } finally {
      if (number === current) list.removeAttribute("aria-busy");
    }
  }

  // --- wiring ------------------------------------------------------------------------------

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, DEBOUNCE_MS);
  });
  input.addEventListener("focus", () => { pagefind(); }, { once: true }); // load while the visitor types
  panel.addEventListener("toggle", loadFilters);
  groups.addEventListener("change", filtersChanged);
  resetButton.addEventListener("click", () => {
    for (const box of checkedBoxes()) box.checked = false;
    filtersChanged();
  });
  moreButton.addEventListener("click", async () => {
    try {
      const first = await showMore(current);
      if (first) first.querySelector("a").focus(); // keyboard users go on at the first new result
    } catch (error) {
      status.textContent = "Weitere Treffer konnten nicht geladen werden. Bitte versuchen Sie es erneut.";
    }
  });

  root.hidden = false;
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) input.value = query;
  if (Object.keys(fromAddress).length) panel.open = true; // shows the chosen filters (loads them)
  if (query || Object.keys(fromAddress).length) search();
})();
