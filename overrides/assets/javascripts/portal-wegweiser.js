/* The Wegweiser ("Hilfe finden"), on the home page, on hilfe/ and on each answer page hilfe/<land>/.

   The answers are pre-rendered (portal/pages/wegweiser.py, portal/templates/hilfe-land.md.j2): a page
   per Land with a section per topic, so everything works without JavaScript. This script
   - shows the three questions (the form is hidden without it) and, on submit, goes to the Land's
     answer with the topic and kind of help in the address: hilfe/de-sn/?thema=wasserstoff&bedarf=beratung;
   - on an answer page, shows only the chosen topic and only the offers for the chosen kind of help
     (events only for "Termine", the advice on funding for "Förderung"), and answers at once when a
     question changes, keeping the address up to date so it can be shared;
   - says in a polite live region what is shown. */
(() => {
  "use strict";

  const form = document.querySelector(".portal-wegweiser");
  if (!form) return;
  const hilfe = new URL(form.dataset.hilfe, window.location.href);
  const status = document.querySelector(".portal-wegweiser__status");
  const topics = Array.from(document.querySelectorAll(".portal-wegweiser__topic"));
  const params = new URLSearchParams(window.location.search);

  const land = form.elements.land;
  const topic = form.elements.thema;
  const need = () => (form.querySelector("input[name=bedarf]:checked") || {}).value || "";
  const label = (select) => select.options[select.selectedIndex].textContent.trim();

  function answerAddress() {
    const url = new URL(`${land.value}/`, hilfe);
    if (topic.value) url.searchParams.set("thema", topic.value);
    if (need()) url.searchParams.set("bedarf", need());
    if (topic.value) url.hash = `thema-${topic.value}`;
    return url;
  }

  // On an answer page: show what the questions ask for.
  function show() {
    const chosenTopic = topic.value;
    const chosenNeed = need();
    let offers = 0;
    for (const section of topics) {
      section.hidden = Boolean(chosenTopic) && section.dataset.thema !== chosenTopic;
      const items = section.querySelectorAll(".portal-wegweiser__offers li[data-bedarf]");
      let visible = 0;
      for (const item of items) {
        item.hidden = Boolean(chosenNeed) && !item.dataset.bedarf.split(" ").includes(chosenNeed);
        if (!item.hidden) visible += 1;
      }
      const none = section.querySelector(".portal-wegweiser__none");
      if (none) none.hidden = visible > 0;
      section.querySelector(".portal-wegweiser__offers").hidden = chosenNeed === "termine";
      section.querySelector(".portal-wegweiser__events").hidden = Boolean(chosenNeed) && chosenNeed !== "termine";
      if (!section.hidden) offers += visible;
    }
    const programmes = document.querySelector(".portal-wegweiser__programmes");
    if (programmes) programmes.hidden = Boolean(chosenNeed) && chosenNeed !== "foerderung";
    const nav = document.querySelector(".portal-wegweiser__topics");
    if (nav) nav.hidden = Boolean(chosenTopic);
    if (status) {
      const what = chosenTopic ? `Thema „${label(topic)}“` : "alle Themen";
      const kind = chosenNeed ? `, ${form.querySelector("input[name=bedarf]:checked").parentElement.textContent.trim()}` : "";
      status.textContent = chosenNeed === "termine" ? `Angezeigt: ${what}${kind}.`
        : `Angezeigt: ${what}${kind} – ${offers} passende${offers === 1 ? "s" : ""} Angebot${offers === 1 ? "" : "e"}.`;
    }
    const url = answerAddress(); // the hash takes visitors without JavaScript to the topic
    window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }

  const onAnswerPage = topics.length > 0;
  if (params.get("thema") && Array.from(topic.options).some((o) => o.value === params.get("thema"))) {
    topic.value = params.get("thema");
  }
  const fromAddress = form.querySelector(`input[name=bedarf][value="${CSS.escape(params.get("bedarf") || "")}"]`);
  if (fromAddress) fromAddress.checked = true;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!land.value) {
      land.focus();
      return;
    }
    window.location.assign(answerAddress().href);
  });
  if (onAnswerPage) {
    form.addEventListener("change", (event) => {
      if (event.target === land) window.location.assign(answerAddress().href);
      else show();
    });
    show();
  }
  form.hidden = false;
  // The list of Länder is the way in without JavaScript; the first question replaces it.
  for (const list of document.querySelectorAll(".portal-land-list")) list.hidden = true;
})();
