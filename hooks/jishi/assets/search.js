/* jishi: mount Pagefind's UI in the header and make it work by keyboard and touch.
 *
 * The #__search checkbox (Material's search toggle) is the open/closed state:
 * the header button and the overlay are <label>s for it, CSS shows the panel.
 * The bundle path is made absolute from the page's own relative link to
 * pagefind/, so results work when the site is served from a sub-path.
 * The index holds one word per Han character (see hooks/jishi/search.py), so
 * the query's characters are spaced the same way, and the invisible word
 * breaks are taken out of titles and excerpts again.
 */
(function () {
  "use strict";

  var STRINGS = {
    placeholder: "搜索",
    clear_search: "清除",
    load_more: "更多结果",
    search_label: "站内搜索",
    filters_label: "筛选",
    zero_results: "无结果：没有找到与“[SEARCH_TERM]”相关的内容，请换个词试试",
    many_results: "找到 [COUNT] 条与“[SEARCH_TERM]”相关的结果",
    one_result: "找到 [COUNT] 条与“[SEARCH_TERM]”相关的结果",
    alt_search: "无结果：没有找到“[SEARCH_TERM]”，以下是“[DIFFERENT_TERM]”的结果",
    search_suggestion: "无结果：没有找到与“[SEARCH_TERM]”相关的内容，请换个词试试",
    searching: "正在搜索“[SEARCH_TERM]”……"
  };

  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var BETWEEN_HAN = new RegExp("([" + HAN + "])(?=[" + HAN + "])", "g");

  var lastTerm = "";

  function spaceHan(term) {
    lastTerm = term.trim();
    return term.replace(BETWEEN_HAN, "$1 ");
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // A page matches when it holds all the query's characters; the excerpt
  // should show where it holds the query itself, so cut it around the first
  // exact occurrence (Pagefind's own excerpt marks scattered characters).
  function phraseExcerpt(content, term) {
    var text = decodeAngles(content.replace(/\u200b/g, ""));
    var at = term ? text.toLowerCase().indexOf(term.toLowerCase()) : -1;
    if (at < 0) return null;
    var start = Math.max(0, at - 24), end = Math.min(text.length, at + term.length + 60);
    return (start > 0 ? "…" : "") + escapeHtml(text.slice(start, at)) +
      "<mark>" + escapeHtml(text.slice(at, at + term.length)) + "</mark>" +
      escapeHtml(text.slice(at + term.length, end)) + (end < text.length ? "…" : "");
  }

  // The index keeps < and > of the text as entities (see hooks/jishi/search.py).
  function decodeAngles(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  }

  // content is plain text; the title is shown as text by the UI.
  function tidy(result) {
    result.meta.title = decodeAngles((result.meta.title || "").replace(/\u200b/g, ""));
    result.excerpt = phraseExcerpt(result.content || "", lastTerm) ||
      result.excerpt.replace(/\u200b/g, "").replace(/<\/mark>(\s*)<mark>/g, "$1");
    return result;
  }

  function mount(root) {
    var toggle = document.getElementById("__search");
    var bundle = new URL(root.getAttribute("data-bundle"), location.href).pathname;
    new window.PagefindUI({
      element: "#jishi-search",
      bundlePath: bundle,
      baseUrl: bundle.replace(/pagefind\/$/, ""),
      showImages: false,
      showSubResults: false,
      showEmptyFilters: false,
      excerptLength: 40,
      debounceTimeoutMs: 150,
      processTerm: spaceHan,
      processResult: tidy,
      translations: STRINGS
    });
    var input = root.querySelector(".pagefind-ui__search-input");
    if (!input || !toggle) return;
    input.setAttribute("aria-label", STRINGS.search_label);

    function setOpen(open) {
      toggle.checked = open;
      document.documentElement.classList.toggle("jishi-search-open", open);
      if (open) input.focus();
    }
    toggle.addEventListener("change", function () { setOpen(toggle.checked); });
    input.addEventListener("focus", function () { if (!toggle.checked) setOpen(true); });
    input.addEventListener("input", function () {
      root.classList.toggle("jishi-search--typed", input.value.trim() !== "");
    });
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
    var links = Array.prototype.slice.call(root.querySelectorAll(".pagefind-ui__result-link"));
    var at = links.indexOf(document.activeElement);
    if (e.key === "Escape") {
      e.preventDefault();
      input.blur();
      setOpen(false);
    } else if (e.key === "ArrowDown" && links.length) {
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
    if (root && window.PagefindUI) mount(root);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
