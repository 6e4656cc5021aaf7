/* jishi: the header search, a small UI over Pagefind's JS API (pagefind/pagefind.js).
 *
 * The #__search checkbox (Material's search toggle) is the open/closed state:
 * the header button and the overlay are <label>s for it, CSS shows the panel.
 * Nothing of Pagefind is fetched until the reader opens the box; the filter
 * counts (one file per filter, the biggest part of the bundle after the index
 * itself) only when the reader opens a filter. The bundle path comes from the
 * page's own relative link to pagefind/, so a site served from a sub-path works.
 * The index holds one word per Han character (see hooks/jishi/search.py), so
 * the query's characters are spaced the same way, and the invisible word
 * breaks are taken out of titles and excerpts again.
 */
(function () {
  "use strict";

  var PAGE = 5;  // results shown at once; each needs its own fragment file
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var BETWEEN_HAN = new RegExp("([" + HAN + "])(?=[" + HAN + "])", "g");
  var SAY = {
    searching: function (q) { return "正在搜索“" + q + "”……"; },
    found: function (q, n) { return "找到 " + n + " 条与“" + q + "”相关的结果"; },
    none: function (q) { return "无结果：没有找到与“" + q + "”相关的内容，请换个词试试"; },
    failed: "搜索暂时无法使用，请稍后再试",
    loading: "正在载入……",
    empty: "本次结果中没有"
  };

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // The index keeps < and > of the text as entities (see hooks/jishi/search.py).
  // Pagefind joins block elements with ". ", which after Chinese reads as a
  // stray half-width full stop: a space separates them instead.
  function joinBlocks(text) {
    return text.replace(/\u200b/g, "").replace(/([\u3400-\u9fff\uff01-\uff5e\u3001-\u3011\u201c-\u201d])\. ?/g, "$1 ");
  }

  function decodeAngles(text) {
    return joinBlocks(text).replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  }

  // A page matches when it holds all the query's characters; the excerpt
  // shows where it holds the query itself, cut around the first exact
  // occurrence. Otherwise Pagefind's excerpt, with only its <mark>s as markup.
  function excerptHtml(data, term) {
    var text = decodeAngles(data.content || "");
    var at = term ? text.toLowerCase().indexOf(term.toLowerCase()) : -1;
    if (at < 0) {
      return joinBlocks(data.excerpt || "").replace(/<(?!\/?mark>)/g, "&lt;")
        .replace(/<\/mark>(\s*)<mark>/g, "$1");
    }
    var start = Math.max(0, at - 24), end = Math.min(text.length, at + term.length + 60);
    return (start > 0 ? "…" : "") + escapeHtml(text.slice(start, at)) +
      "<mark>" + escapeHtml(text.slice(at, at + term.length)) + "</mark>" +
      escapeHtml(text.slice(at + term.length, end)) + (end < text.length ? "…" : "");
  }

  function resultItem(data, term) {
    var li = document.createElement("li");
    li.className = "jishi-search__result";
    li.innerHTML = '<a class="jishi-search__link"><span class="jishi-search__title"></span>' +
      '<span class="jishi-search__kind"></span><span class="jishi-search__excerpt"></span></a>';
    li.firstChild.href = data.url;
    li.querySelector(".jishi-search__title").textContent = decodeAngles(data.meta.title || data.url);
    var kind = li.querySelector(".jishi-search__kind");
    kind.textContent = decodeAngles(data.meta["类型"] || "");
    kind.hidden = !kind.textContent;
    li.querySelector(".jishi-search__excerpt").innerHTML = excerptHtml(data, term);
    return li;
  }

  function mount(root) {
    var el = function (name) { return root.querySelector(".jishi-search__" + name); };
    var toggle = document.getElementById("__search");
    var input = el("input"), form = el("form"), clear = el("clear"), drawer = el("drawer");
    var status = el("status"), list = el("results"), more = el("more"), filterRow = el("filters");
    var blocks = Array.prototype.slice.call(root.querySelectorAll(".jishi-search__filter"));
    var bundle = new URL(root.getAttribute("data-bundle"), location.href).href;
    var shards = (root.getAttribute("data-shards") || "").split(" ").filter(Boolean);
    var pagefind = null, filtersState = "unloaded";
    var now = { seq: 0, term: "", hits: [], shown: 0, counts: {} };
    var chosen = {};  // filter name -> values ticked

    function api() {
      pagefind = pagefind || import(bundle + "pagefind.js").then(function (pf) {
        var baseUrl = new URL(bundle).pathname.replace(/pagefind\/$/, "");
        return pf.options({ excerptLength: 40, baseUrl: baseUrl }).then(function () {
          // A large site's other shards (data-shards), searched as one index.
          return Promise.all(shards.map(function (dir) {
            return pf.mergeIndex(new URL(dir, bundle).href, { baseUrl: baseUrl });
          }));
        }).then(function () { pf.init(); return pf; });
      });
      return pagefind;
    }

    // Values ticked in one filter are alternatives (any), filters combine (all).
    function filterQuery(except) {
      var query = {};
      Object.keys(chosen).forEach(function (name) {
        if (chosen[name].length && name !== except) query[name] = { any: chosen[name] };
      });
      return query;
    }

    // The counts Pagefind gives are for the results as filtered, so a filter
    // with a value ticked would offer nothing else: its counts come from the
    // same search without it (the index chunks are loaded already).
    function filterCounts(pf, query, found) {
      var counts = found.filters || {};
      var ticked = Object.keys(chosen).filter(function (name) { return chosen[name].length; });
      return Promise.all(ticked.map(function (name) {
        return pf.search(query, { filters: filterQuery(name) }).then(function (all) {
          counts[name] = (all.filters || {})[name] || {};
        });
      })).then(function () { return counts; });
    }

    function search() {
      var term = input.value.trim(), seq = ++now.seq;
      root.classList.toggle("jishi-search--typed", term !== "");
      clear.hidden = drawer.hidden = term === "";
      if (!term) { list.textContent = status.textContent = ""; more.hidden = true; return; }
      status.textContent = SAY.searching(term);
      var query = term.replace(BETWEEN_HAN, "$1 ");
      api().then(function (pf) {
        return pf.debouncedSearch(query, { filters: filterQuery() }, 150).then(function (found) {
          if (!found || seq !== now.seq) return;  // a later keystroke took over
          return filterCounts(pf, query, found).then(function (counts) {
            now.term = term; now.hits = found.results; now.shown = 0; now.counts = counts;
            return show(seq, true);
          });
        });
      }).catch(function () { if (seq === now.seq) status.textContent = SAY.failed; });
    }

    // Render the next PAGE results once all their fragments are in, so the
    // list never shows half-loaded entries.
    function show(seq, fresh) {
      var batch = now.hits.slice(now.shown, now.shown + PAGE);
      return Promise.all(batch.map(function (hit) { return hit.data(); })).then(function (datas) {
        if (seq !== now.seq) return;
        if (fresh) list.textContent = "";
        datas.forEach(function (data) { list.appendChild(resultItem(data, now.term)); });
        now.shown += batch.length;
        more.hidden = now.shown >= now.hits.length;
        status.textContent = now.hits.length ? SAY.found(now.term, now.hits.length) : SAY.none(now.term);
        filterRow.hidden = !now.hits.length && !Object.keys(filterQuery()).length;  // nothing to narrow
        if (fresh) showFilters();
      });
    }

    function showFilters() {
      if (filtersState !== "loaded") return;
      blocks.forEach(function (block) {
        var name = block.getAttribute("data-filter"), box = block.querySelector("fieldset");
        var counts = now.counts[name] || {}, ticked = chosen[name] || [];
        var values = Object.keys(counts).filter(function (v) { return counts[v] > 0 || ticked.indexOf(v) >= 0; });
        values.sort(function (a, b) { return counts[b] - counts[a] || a.localeCompare(b, "zh"); });
        box.innerHTML = values.length ? "" : "<p>" + SAY.empty + "</p>";
        values.forEach(function (value) {
          var label = document.createElement("label"), tick = document.createElement("input");
          tick.type = "checkbox";
          tick.value = value;
          tick.checked = ticked.indexOf(value) >= 0;
          label.appendChild(tick);
          label.appendChild(document.createTextNode(" " + decodeAngles(value) + " (" + counts[value] + ")"));
          box.appendChild(label);
        });
      });
    }

    function onTick(e) {
      var block = e.target.closest(".jishi-search__filter");
      if (!block || e.target.type !== "checkbox") return;
      chosen[block.getAttribute("data-filter")] = Array.prototype.slice
        .call(block.querySelectorAll("input:checked")).map(function (tick) { return tick.value; });
      search();
    }

    function onFilterOpen(e) {
      if (!e.target.open || filtersState !== "unloaded") return;
      filtersState = "loading";
      blocks.forEach(function (b) { b.querySelector("fieldset").insertAdjacentHTML("beforeend", "<p>" + SAY.loading + "</p>"); });
      api().then(function (pf) { return pf.filters(); }).then(function () {
        filtersState = "loaded";
        search();  // again, now with counts for this query
      });
    }

    function setOpen(open) {
      toggle.checked = open;
      document.documentElement.classList.toggle("jishi-search-open", open);
      if (open) { api(); input.focus(); input.select(); }  // typing replaces the last query
    }

    toggle.addEventListener("change", function () { setOpen(toggle.checked); });
    input.addEventListener("focus", function () { if (!toggle.checked) setOpen(true); });
    input.addEventListener("input", function (e) { if (!e.isComposing) search(); });
    input.addEventListener("compositionend", search);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { search(); input.focus(); }); });
    more.addEventListener("click", function () { show(now.seq, false); });
    blocks.forEach(function (b) { b.addEventListener("toggle", onFilterOpen); });
    root.addEventListener("change", onTick);
    root.addEventListener("keydown", function (e) { onPanelKey(e, root, input, setOpen); });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (!typing && (e.key === "/" || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k"))) {
        e.preventDefault();
        setOpen(true);
      }
    });
  }

  // Arrow keys move between the input and the result links, Enter on the
  // input opens the first result, Escape closes the panel.
  function onPanelKey(e, root, input, setOpen) {
    var links = Array.prototype.slice.call(root.querySelectorAll(".jishi-search__link"));
    var at = links.indexOf(document.activeElement);
    if (e.key === "Escape") {
      e.preventDefault();
      input.blur();
      setOpen(false);
    } else if (e.key === "ArrowDown" && links.length && (at >= 0 || e.target === input)) {
      e.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (e.key === "ArrowUp" && at >= 0) {
      e.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (e.key === "Enter" && e.target === input && links.length) {
      e.preventDefault();
      links[0].click();
    }
  }

  function start() {
    var root = document.querySelector("[data-jishi-search]");
    if (root && document.getElementById("__search")) mount(root);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
