/* Offers the page in the reader's own language, when the browser prefers one the page
   is not in: a link under the header ("اقرأ هذه الصفحة بالعربية"), in that language.
   The page itself never depends on Accept-Language (one page per address, cached as
   such); this runs in the reader's browser only. Served as a file: the CSP runs no
   inline script. */
(function () {
  "use strict";
  var page = (document.documentElement.lang || "").toLowerCase();
  var links = document.querySelectorAll("nav.languages a[hreflang]");
  if (!links.length || !navigator.languages) { return; }
  var offered = {};
  Array.prototype.forEach.call(links, function (link) {
    offered[link.getAttribute("hreflang")] = link;
  });
  var wanted = Array.prototype.map.call(navigator.languages, function (tag) {
    return String(tag).toLowerCase().split("-")[0];
  });
  for (var i = 0; i < wanted.length; i++) {
    if (wanted[i] === page) { return; }  /* the reader reads this one first */
    var link = offered[wanted[i]];
    if (link) {
      var hint = document.createElement("p");
      hint.className = "language-hint";
      hint.lang = wanted[i];
      hint.dir = link.dir || "auto";
      var a = document.createElement("a");
      a.href = link.getAttribute("href");
      a.hreflang = wanted[i];
      a.textContent = link.getAttribute("data-hint");
      hint.appendChild(a);
      var header = document.querySelector("header.site");
      if (header && header.parentNode) { header.parentNode.insertBefore(hint, header.nextSibling); }
      return;
    }
  }
})();
