// "Already checked?": while a claim is typed (on the claim form, or in an
// article's claim rows), list the claims on file that look alike.
"use strict";
(function () {
  const FIELD = /^id_(?:(.+)-)?text$/; // id_text, or id_claims-0-text in an inline row
  const root = window.location.pathname.match(/^(.*?\/)(?:claims|sources)\//);
  if (!root) return;
  const endpoint = root[1] + "claims/claim/similar/";
  const timers = new WeakMap();
  const last = new WeakMap();

  function currentClaimId(field, prefix) {
    if (prefix) {
      const hidden = document.getElementById("id_" + prefix + "-id");
      return hidden ? hidden.value : "";
    }
    const match = window.location.pathname.match(/\/claim\/(\d+)\/change\/$/);
    return match ? match[1] : "";
  }

  // Where the box goes: on the claim form, below the field and its help, full width (in
  // the row's flex container beside the label it would squeeze the text box to a narrow
  // column); ahead of the peers' answers (peers.js), when they came first. In an
  // article's claim rows (a table cell), below the text box in its cell.
  function holder(field) {
    const parent = field.parentElement;
    return parent.classList.contains("flex-container") && parent.parentElement
      ? parent.parentElement
      : parent;
  }

  function box(field) {
    const place = holder(field);
    let el = place.querySelector(".similar-claims-box");
    if (!el) {
      el = document.createElement("div");
      el.className = "help similar-claims-box";
      el.setAttribute("aria-live", "polite");
      if (field.id === "id_text") el.id = "similar-claims";
      const peers = place.querySelector(":scope > .peer-answers-box");
      place.insertBefore(el, peers);
    }
    return el;
  }

  function lookup(field, prefix) {
    const text = field.value.trim();
    if (text === last.get(field)) return;
    last.set(field, text);
    const params = new URLSearchParams({ text: text });
    const exclude = currentClaimId(field, prefix);
    if (exclude) params.set("exclude", exclude);
    fetch(endpoint + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { box(field).innerHTML = html; });
  }

  function claimField(target) {
    if (!(target instanceof HTMLTextAreaElement)) return null;
    const match = target.id.match(FIELD);
    if (!match) return null;
    if (match[1] === undefined && !/\/claim\//.test(window.location.pathname)) return null;
    return match;
  }

  document.addEventListener("input", function (event) {
    const match = claimField(event.target);
    if (!match) return;
    clearTimeout(timers.get(event.target));
    timers.set(event.target, setTimeout(function () { lookup(event.target, match[1]); }, 400));
  });

  document.addEventListener("DOMContentLoaded", function () {
    const main = document.getElementById("id_text");
    if (main && claimField(main) && main.value.trim()) lookup(main, undefined);
  });
})();
