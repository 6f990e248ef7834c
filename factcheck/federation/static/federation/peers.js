// "Checked elsewhere?": while a claim is typed on the claim form, ask our peers (other
// factcheck installations, Google's Fact Check Tools) in a request of its own, started
// after our own matches were asked for, so that ours never wait for a peer. An import
// button posts the review's address back; the answer replaces the button. The answers sit
// inside the claim's form, so they hold no form of their own (a nested form is dropped by
// the HTML parser, and its button would save the claim): the buttons are posted from here.
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
      // Below the field and its help, full width: beside it, the text box would be squeezed
      // between our matches and theirs.
      field.parentElement.parentElement.appendChild(el);
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

  document.addEventListener("click", function (event) {
    const button = event.target instanceof Element ? event.target.closest("button.peer-import") : null;
    const answers = button ? button.closest(".peer-answers") : null;
    if (!button || !answers) return;
    event.preventDefault();
    const body = new FormData();
    body.append("csrfmiddlewaretoken", answers.dataset.csrf || "");
    body.append("peer", button.dataset.peer || "");
    body.append("text", answers.dataset.text || "");
    body.append("url", button.dataset.url || "");
    // The same review may be listed under several peers: its buttons are one import.
    const url = button.dataset.url || "";
    const same = Array.prototype.filter.call(
      document.querySelectorAll("button.peer-import"),
      function (other) { return (other.dataset.url || "") === url; }
    );
    same.forEach(function (other) { other.disabled = true; });
    fetch(answers.dataset.importUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.text().then(function (html) { return { ok: response.ok, html: html }; });
      })
      .then(function (answered) {
        // Done: every button for this review gives way to the answer. Refused: only the
        // one clicked says why, and the others may be tried.
        (answered.ok ? same : [button]).forEach(function (other) {
          const answer = document.createElement("span");
          answer.innerHTML = answered.html;
          other.replaceWith(answer);
        });
        if (!answered.ok) same.forEach(function (other) { other.disabled = false; });
      })
      .catch(function () {
        same.forEach(function (other) { other.disabled = false; });
        button.textContent = "Import failed (no answer): try again";
      });
  });

  document.addEventListener("DOMContentLoaded", function () {
    const main = document.getElementById("id_text");
    if (main && main.value.trim()) setTimeout(function () { lookup(main); }, DELAY);
  });
})();
