// "Checked elsewhere?": while a claim is typed on the claim form, ask our peers (other
// factcheck installations, Google's Fact Check Tools) in a request of its own, started
// after our own matches were asked for, so that ours never wait for a peer. An import
// button posts the review's address back; the answer replaces the button.
"use strict";
(function () {
  const root = window.location.pathname.match(/^(.*?\/)claims\/claim\//);
  if (!root) return;
  const endpoint = root[1] + "federation/peer/search/";
  const DELAY = 700; // ms after the last keystroke: after ours (400 ms), never before
  let timer = null;
  let last = null;

  function box(field) {
    let el = document.getElementById("peer-answers");
    if (!el) {
      el = document.createElement("div");
      el.id = "peer-answers";
      el.className = "help peer-answers-box";
      el.setAttribute("aria-live", "polite");
      field.parentElement.appendChild(el);
    }
    return el;
  }

  function lookup(field) {
    const text = field.value.trim();
    if (text === last) return;
    last = text;
    const params = new URLSearchParams({ text: text });
    fetch(endpoint + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (field.value.trim() === text) box(field).innerHTML = html; })
      .catch(function () { box(field).textContent = ""; });
  }

  document.addEventListener("input", function (event) {
    const field = event.target;
    if (!(field instanceof HTMLTextAreaElement) || field.id !== "id_text") return;
    clearTimeout(timer);
    timer = setTimeout(function () { lookup(field); }, DELAY);
  });

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("peer-import")) return;
    event.preventDefault();
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        const answer = document.createElement("span");
        answer.innerHTML = html;
        form.replaceWith(answer);
      });
  });

  document.addEventListener("DOMContentLoaded", function () {
    const main = document.getElementById("id_text");
    if (main && main.value.trim()) setTimeout(function () { lookup(main); }, DELAY);
  });
})();
