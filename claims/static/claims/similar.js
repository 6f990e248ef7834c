// "Already checked?": while a claim is typed, list the claims on file that look alike.
"use strict";
(function () {
  function init() {
    const field = document.getElementById("id_text");
    if (!field) return;
    const box = document.createElement("div");
    box.id = "similar-claims";
    box.setAttribute("aria-live", "polite");
    box.className = "help";
    field.closest(".form-row, .fieldBox, div").appendChild(box);
    const match = window.location.pathname.match(/\/claim\/(\d+)\/change\/$/);
    const base = window.location.pathname.replace(/\/claim\/.*$/, "/claim/similar/");
    let timer = null;
    let last = "";
    function lookup() {
      const text = field.value.trim();
      if (text === last) return;
      last = text;
      const params = new URLSearchParams({ text: text });
      if (match) params.set("exclude", match[1]);
      fetch(base + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { box.innerHTML = html; });
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 400);
    });
    if (field.value.trim()) lookup();
  }
  document.addEventListener("DOMContentLoaded", init);
})();
