// Starts the Pagefind search UI on the search page; a query in ?q= (from the search form in the
// header) is searched right away. No third-party code: Pagefind's files come from this site.
(function () {
  var element = document.getElementById("portal-suche");
  if (!element || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#portal-suche",
    // The search page lives at <site>/suche/; results are relative to the site root, which may be
    // a sub-path on GitHub Pages.
    baseUrl: new URL("../", window.location.href).pathname,
    showSubResults: true,
    showImages: false,
    openFilters: ["Art"],
    resetStyles: true,
    translations: { placeholder: "Suchbegriff, z. B. Wasserstoff oder TeamMit" }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
