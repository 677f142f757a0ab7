/* The public edition's search: our own few lines, no library, nothing fetched.  It reads
   window.PUBLIC_SEARCH, set by search-index.js (built by generator/features/public/search.py):
   every typed word other than a stop word is matched as the start of a word of an entry (its
   words, their other forms and the glossary's everyday words), and entries matching the most
   typed words come first. */
(function () {
  "use strict";
  var index = window.PUBLIC_SEARCH;
  var box = document.querySelector(".search");
  if (!index || !box) { return; }
  var form = box.querySelector("form");
  var input = form.querySelector("input");
  var out = box.querySelector(".search-results");
  var root = form.getAttribute("data-root") || "";
  var stop = {};
  index.stop.forEach(function (w) { stop[w] = true; });

  function words(text) {
    return text.toLowerCase().replace(/['\u2019]s\b/g, "").match(/[a-z0-9]+/g) || [];
  }
  var entries = index.entries.map(function (e, i) {
    return { entry: e, order: i, fields: [words(e.title + " " + e.where), words(e.text), words(e.words)] };
  });

  function startsAWord(list, term) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].lastIndexOf(term, 0) === 0) { return true; }
    }
    return false;
  }

  function search(query) {
    var typed = words(query);
    var terms = typed.filter(function (t) { return !stop[t]; });
    if (!terms.length) { terms = typed; }
    if (!terms.length) { return []; }
    var needed = Math.ceil(terms.length / 2);
    var found = [];
    entries.forEach(function (e) {
      var matched = 0, weight = 0;
      terms.forEach(function (t) {
        // its own words count most, then where it is, then the other forms and everyday words
        if (startsAWord(e.fields[1], t)) { matched++; weight += 3; }
        else if (startsAWord(e.fields[0], t)) { matched++; weight += 2; }
        else if (startsAWord(e.fields[2], t)) { matched++; weight += 1; }
      });
      if (matched >= needed) { found.push({ e: e, matched: matched, weight: weight }); }
    });
    found.sort(function (a, b) { return b.matched - a.matched || b.weight - a.weight || a.e.order - b.e.order; });
    return found.slice(0, 20).map(function (f) { return f.e.entry; });
  }

  function shorten(text) {
    return text.length > 220 ? text.slice(0, text.lastIndexOf(" ", 220)) + " \u2026" : text;
  }

  function show(query) {
    out.textContent = "";
    if (!query.trim()) { return; }
    var found = search(query);
    var said = document.createElement("p");
    said.textContent = (found.length ? found.length + (found.length === 1 ? " result" : " results") : "No results") +
      " for \u201c" + query.trim() + "\u201d";
    out.appendChild(said);
    if (!found.length) { return; }
    var list = document.createElement("ol");
    found.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry.url;
      link.textContent = shorten(entry.text);
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = entry.title + (entry.where ? " \u00b7 " + entry.where : "");
      item.appendChild(link);
      item.appendChild(where);
      list.appendChild(item);
    });
    out.appendChild(list);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
  input.addEventListener("input", function () { show(input.value); });
  box.hidden = false;
})();
