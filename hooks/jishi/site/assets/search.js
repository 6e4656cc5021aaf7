/* jishi: the header search, a small UI over Pagefind's JS API (pagefind/pagefind.js).
 *
 * The #__search checkbox (Material's search toggle) is the open/closed state:
 * the header button and the overlay are <label>s for it, CSS shows the panel.
 * Nothing of Pagefind is fetched until the reader opens the box; the filter
 * counts (one file per filter, the biggest part of the bundle after the index
 * itself) only when the reader opens a filter. The bundle path comes from the
 * page's own relative link to pagefind/, so a site served from a sub-path works.
 *
 * The index holds Han text as overlapping character pairs (see
 * hooks/jishi/search/text.py), so the query is written the same way: folded
 * first (full-width to half-width, traditional to simplified with the
 * bundle's jishi-fold.json), then 同吃同住 is asked for as the phrase
 * "同吃 吃同 同住". Only pages holding the query as written are shown when
 * there are any; otherwise pages holding all its pairs, then all its
 * two-character pieces, anywhere. Titles and excerpts are joined back from
 * pairs into the text as written.
 *
 * A word on very many pages (职工 in a union's archive) is Pagefind's
 * slowest query: its answer holds every page with every place the word
 * stands. For those words the build ranked the first pages already
 * (hooks/jishi/search/frequent.py): the box shows them from that list and
 * the fragments it names, and asks Pagefind only for more than the list
 * holds, or when a filter is open or ticked.
 *
 * After a republish (hooks/jishi/search/delta.py), jishi-fold.json names a
 * delta bundle, merged last, and the pages it masks in the older bundles:
 * their results are dropped before anything is shown or counted.
 *
 * Older browsers: Pagefind's WebAssembly needs reference types (iOS 15.1,
 * Chrome 96). Where a tiny module using them does not validate, the box says
 * so in Chinese (SAY.old) and loads nothing. Without DecompressionStream
 * (iOS 16.4) the frequent words' lists cannot be read: Pagefind answers.
 */
(function () {
  "use strict";

  var PAGE = 5;  // results shown at once; each needs its own fragment file
  var DEBOUNCE = 150;  // ms after the last keystroke before searching
  var SIGNATURE = "pagefind_dcd";  // what Pagefind's files begin with, once gunzipped
  var INDEX_LANGUAGE = "und";  // as hooks/jishi/search/text.py: words split at spaces only
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var H = "[" + HAN + "]";
  var HAN_RUN = new RegExp(H + "+", "g");
  var HAN_BESIDE_OTHER = new RegExp("(" + H + ")(?=[^\\s" + HAN + "])|([^\\s" + HAN + "])(?=" + H + ")", "g");
  var PAIRED = new RegExp("(" + H + ") \\1", "g");  // 同吃 吃同 同住: each inner character twice
  var HAN_CHAR = new RegExp("^" + H + "$");
  var SAY = {
    searching: function (q) { return "正在搜索“" + q + "”……"; },
    found: function (q, n) { return "找到 " + n + " 条与“" + q + "”相关的结果"; },
    none: function (q) { return "无结果：没有找到与“" + q + "”相关的内容，请换个词试试"; },
    failed: "搜索暂时无法使用，请稍后再试",
    old: "当前浏览器版本较旧，无法使用站内搜索，请升级微信或浏览器",
    loading: "正在载入……",
    empty: "本次结果中没有"
  };

  // A module of one function doing `ref.null func; drop`: valid only where
  // WebAssembly has reference types (the bytes of wasm-feature-detect's check).
  var REFERENCE_TYPES = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 7, 1, 5, 0, 208, 112, 26, 11];

  function canRunPagefind() {
    try {
      return typeof WebAssembly === "object" && typeof WebAssembly.validate === "function" &&
        WebAssembly.validate(new Uint8Array(REFERENCE_TYPES)) === true;
    } catch (e) {
      return false;
    }
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // The indexed text as written (see hooks/jishi/search/text.py): the
  // pinyin of names taken out, pairs joined, Pagefind's ". " between blocks
  // dropped after Chinese, the spaces text.py put beside Han taken out
  // (whitespace holding a U+200C mark was really there), angle brackets
  // (kept as entities) decoded.
  function readable(text) {
    return text.replace(/[\s\u200c]*\u2063[^\u2063]*\u2063\.?/g, "").replace(PAIRED, "$1")
      .replace(/([\u3400-\u9fff\uff01-\uff5e\u3001-\u3011\u201c-\u201d])([\s\u200c]*)\.(?=\s|$)/g, "$1$2")
      .replace(/[\s\u200c]+/g, function (run, at, all) {
        if (run.indexOf("\u200c") >= 0) return " ";
        return HAN_CHAR.test(all.charAt(at - 1)) || HAN_CHAR.test(all.charAt(at + run.length)) ? "" : " ";
      }).trim().replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  }

  // Pagefind 1.5 takes the language to search in from <html lang> (zh-CN),
  // and for Chinese cuts the query with Intl.Segmenter, which would split
  // the pairs again (六有 into 六 and 有). Its init reads the attribute
  // synchronously, so the page's language is swapped for the index's for
  // that one call and put back before anything can render.
  function initIn(pf, language) {
    var html = document.documentElement, lang = html.getAttribute("lang");
    html.setAttribute("lang", language);
    try { pf.init(); } finally { if (lang === null) html.removeAttribute("lang"); else html.setAttribute("lang", lang); }
  }

  // What the reader typed, folded as the index is: NFKC (full-width Latin
  // and digits to half-width), lower case, traditional to simplified.
  function fold(term, map) {
    var text = (term.normalize ? term.normalize("NFKC") : term).replace(/[\u200b\u200c]/g, "");
    return Array.prototype.map.call(text.toLowerCase(), function (c) { return map[c] || c; }).join("").trim();
  }

  // The words of the index for a folded query: Han runs as overlapping pairs.
  function pairs(term) {
    return term.replace(HAN_BESIDE_OTHER, "$1$2 ").replace(HAN_RUN, function (run) {
      var out = [];
      for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
      return out.length ? out.join(" ") : run;
    }).replace(/\s+/g, " ").trim();
  }

  // The query cut into two-character pieces (工会职工 → 工会 职工): the last try.
  function pieces(term) {
    return term.replace(HAN_BESIDE_OTHER, "$1$2 ").replace(HAN_RUN, function (run) {
      return run.length > 2 ? run.match(new RegExp(H + H + "?", "g")).join(" ") : run;
    }).replace(/\s+/g, " ").trim();
  }

  // Where an excerpt may start: after punctuation or a space, never inside a word.
  var BOUNDARY = /[\s。！？；，、：:;,.!?“”‘’「」『』（）()《》—…]/;
  var OPENING = /[“‘「『（(《]/;  // kept at the start of an excerpt

  // An excerpt around the first place the text holds one of words (the
  // phrase first), starting at a clause boundary or at the word itself, with
  // "…" where text was cut; without a match, the opening of the text.
  function excerptHtml(data, words) {
    var text = readable(data.content || ""), title = readable(data.meta.title || "");
    if (title && text.indexOf(title) === 0) text = text.slice(title.length).replace(/^[.\s]+/, "");
    var lower = text.toLowerCase(), at = -1;
    for (var w = 0; w < words.length && at < 0; w++) at = lower.indexOf(words[w]);
    var start = 0;
    if (at > 0) {
      start = at;
      for (var i = at - 1; i >= Math.max(0, at - 24); i--) {
        if (BOUNDARY.test(text.charAt(i))) { start = OPENING.test(text.charAt(i)) ? i : i + 1; break; }
      }
    }
    var end = Math.min(text.length, Math.max(at, 0) + 72);
    return (start > 0 ? "…" : "") + markWords(text.slice(start, end), words) + (end < text.length ? "…" : "");
  }

  function decodeAngles(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  }

  // The queries to try, in order, each with the words to highlight: the
  // phrase, its pairs anywhere, its two-character pieces anywhere.
  function attempts(term) {
    var paired = pairs(term), loose = pieces(term), words = [term].concat(loose.split(" "));
    if (paired.indexOf(" ") < 0) return [{ query: paired, words: words }];
    var tries = [{ query: '"' + paired + '"', phrase: paired, words: [term] }, { query: paired, words: words }];
    if (loose !== paired) tries.push({ query: loose, words: words });
    return tries;
  }

  function markWords(text, words) {
    var lower = text.toLowerCase(), out = "", i = 0;
    while (i < text.length) {
      var hit = null;
      for (var w = 0; w < words.length && !hit; w++) {
        if (words[w] && lower.substr(i, words[w].length) === words[w]) hit = words[w];
      }
      if (hit) {
        out += "<mark>" + escapeHtml(text.substr(i, hit.length)) + "</mark>";
        i += hit.length;
      } else {
        out += escapeHtml(text.charAt(i));
        i += 1;
      }
    }
    return out.replace(/<\/mark>(\s*)<mark>/g, "$1");
  }

  function resultItem(data, words) {
    var li = document.createElement("li");
    li.className = "jishi-search__result";
    li.innerHTML = '<a class="jishi-search__link"><span class="jishi-search__title"></span>' +
      '<span class="jishi-search__kind"></span><span class="jishi-search__excerpt"></span></a>';
    li.firstChild.href = data.url;
    li.querySelector(".jishi-search__title").textContent = readable(data.meta.title || data.url);
    var kind = li.querySelector(".jishi-search__kind");
    kind.textContent = decodeAngles(data.meta["类型"] || "");
    kind.hidden = !kind.textContent;
    li.querySelector(".jishi-search__excerpt").innerHTML = excerptHtml(data, words);
    return li;
  }

  // The file of the frequent words' lists that holds word: FNV-1a over its
  // UTF-16 code units, as hooks/jishi/search/frequent.py's bucket().
  function bucket(word, count) {
    var h = 0x811c9dc5;
    for (var i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193) >>> 0;
    return h % count;
  }

  // A fragment file of Pagefind's, read without Pagefind: gunzipped by the
  // browser, the signature cut off, the JSON parsed.
  function readFragment(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url);
      return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    }).then(function (buffer) {
      var text = new TextDecoder().decode(buffer);
      if (text.slice(0, SIGNATURE.length) !== SIGNATURE) throw new Error(url);
      return JSON.parse(text.slice(SIGNATURE.length));
    });
  }

  function mount(root) {
    var el = function (name) { return root.querySelector(".jishi-search__" + name); };
    var toggle = document.getElementById("__search");
    var input = el("input"), form = el("form"), clear = el("clear"), drawer = el("drawer");
    var status = el("status"), list = el("results"), more = el("more"), filterRow = el("filters");
    var blocks = Array.prototype.slice.call(root.querySelectorAll(".jishi-search__filter"));
    var bundle = new URL(root.getAttribute("data-bundle"), location.href).href;
    var shards = (root.getAttribute("data-shards") || "").split(" ").filter(Boolean);
    var pagefind = null, folding = {}, filtersState = "unloaded";
    var lists = { files: 0, dir: "", loaded: {} };  // the frequent words' lists: where, how many files, each once
    var delta = { dir: "", masked: {}, gone: {} };  // a republish's delta bundle, the pages it masks, their words
    var canRead = typeof DecompressionStream === "function" && typeof TextDecoder === "function";
    var canSearch = canRunPagefind();
    var baseUrl = new URL(bundle).pathname.replace(/pagefind\/$/, "");
    var now = { seq: 0, term: "", words: [], hits: [], total: 0, rest: null, shown: 0, counts: {} };
    var chosen = {};  // filter name -> values ticked

    function api() {
      pagefind = pagefind || Promise.all([import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ excerptLength: 40, baseUrl: baseUrl }).then(function () {
          initIn(pf, INDEX_LANGUAGE);
          // A large site's other shards (data-shards), searched as one index.
          return Promise.all(shards.map(function (dir) { return merge(pf, dir); }));
        }).then(function () { return pf; });
      }), loadFolding()]).then(function (both) {
        if (!delta.dir) return both[0];
        shards.push(delta.dir);  // the delta is the last shard, also for the lists' "n:id"
        return merge(both[0], delta.dir).then(function () { return both[0]; });
      });
      return pagefind;
    }

    function merge(pf, dir) {
      return pf.mergeIndex(new URL(dir, bundle).href, { baseUrl: baseUrl, language: INDEX_LANGUAGE });
    }

    // Pagefind's answer without the pages the delta supersedes or the index no
    // longer holds (named with their filter values in jishi-fold.json): their
    // results dropped, the filter counts taken down by what they counted.
    function ask(pf, query, options) {
      return pf.search(query, options).then(function (found) {
        var counts = found.filters || {};
        found.results = found.results.filter(function (hit) {
          var values = Object.prototype.hasOwnProperty.call(delta.masked, hit.id) ? delta.masked[hit.id] : null;
          Object.keys(values || {}).forEach(function (name) {
            values[name].forEach(function (value) { if ((counts[name] || {})[value]) counts[name][value] -= 1; });
          });
          return !values;
        });
        return found;
      });
    }

    // Traditional → simplified pairs for the characters the index holds.
    function loadFolding() {
      return fetch(bundle + "jishi-fold.json", { cache: "no-cache" }).then(function (r) { return r.ok ? r.json() : { pairs: "" }; })
        .then(function (data) {
          var chars = Array.from(data.pairs || "");
          for (var i = 0; i + 1 < chars.length; i += 2) folding[chars[i]] = chars[i + 1];
          lists.files = data.listsDir ? data.lists || 0 : 0;
          lists.dir = data.listsDir || "";
          delta.dir = data.delta || "";
          delta.masked = data.masked || {};
          (data.gone || []).forEach(function (word) { delta.gone[word] = true; });
        }).catch(function () {});
    }

    // The build's list for word ([pages holding it, page ids best first …]), or null.
    function listOf(word) {
      if (!lists.files || !canRead || word.length < 2 || /\s/.test(word)) return Promise.resolve(null);
      var n = bucket(word, lists.files);
      lists.loaded[n] = lists.loaded[n] || fetch(bundle + lists.dir + n + ".json")
        .then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
      return lists.loaded[n].then(function (words) { return words[word] || null; });
    }

    // A listed page as Pagefind's results give it: its id and its data.
    // Ids of later shards carry the shard: "2:<id>".
    function listedHit(ref) {
      var at = ref.indexOf(":"), shard = at < 0 ? 1 : +ref.slice(0, at), id = ref.slice(at + 1);
      var folder = shard === 1 ? bundle : new URL(shards[shard - 2], bundle).href;
      var data = null;
      return { id: id, data: function () {
        data = data || readFragment(folder + "fragment/" + id + ".pf_fragment").then(function (f) {
          f.url = (baseUrl + "/" + f.url).replace(/\/+/g, "/");  // as Pagefind's own data()
          f.content = (f.content || "").replace(/\u200b/g, "");
          return f;
        });
        return data;
      } };
    }

    // The first results of a listed word; more from Pagefind when the reader
    // wants them (the pages already shown left out).
    function fromList(pf, attempt, list) {
      var hits = list.slice(1).map(listedHit);
      return {
        words: attempt.words, hits: hits, total: list[0], counts: {},
        rest: function () {
          var shown = {};
          hits.forEach(function (hit) { shown[hit.id] = true; });
          return ask(pf, attempt.query).then(function (found) {
            return found.results.filter(function (hit) { return !shown[hit.id]; });
          });
        }
      };
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
        return ask(pf, query, { filters: filterQuery(name) }).then(function (all) {
          counts[name] = (all.filters || {})[name] || {};
        });
      })).then(function () { return counts; });
    }

    // Too old a browser for Pagefind: say so instead of searching.
    function sayTooOld() {
      root.classList.add("jishi-search--typed");  // the message in place of the search hint
      drawer.hidden = false;
      filterRow.hidden = true;
      list.textContent = "";
      more.hidden = true;
      status.textContent = SAY.old;
    }

    function search() {
      if (!canSearch) { sayTooOld(); return; }
      var typed = input.value.trim(), seq = ++now.seq;
      root.classList.toggle("jishi-search--typed", typed !== "");
      clear.hidden = drawer.hidden = typed === "";
      if (!typed) { list.textContent = status.textContent = ""; more.hidden = true; return; }
      status.textContent = SAY.searching(typed);
      api().then(function (pf) {
        return new Promise(function (done) { setTimeout(done, DEBOUNCE); }).then(function () {
          if (seq !== now.seq) return;  // a later keystroke took over
          var tries = attempts(fold(typed, folding));
          var plain = tries.length === 1 && filtersState !== "loaded" && !Object.keys(filterQuery()).length;
          return (plain ? listOf(tries[0].query) : Promise.resolve(null)).then(function (listed) {
            if (seq !== now.seq) return;
            return listed ? fromList(pf, tries[0], listed) : searched(pf, tries);
          }).then(function (answer) {
            if (!answer || seq !== now.seq) return;
            return showAnswer(seq, typed, answer).catch(function (error) {
              if (!answer.rest) throw error;  // a listed page could not be read: ask Pagefind instead
              return searched(pf, tries).then(function (again) { return showAnswer(seq, typed, again); });
            });
          });
        });
      }).catch(function () { if (seq === now.seq) status.textContent = SAY.failed; });
    }

    function showAnswer(seq, typed, answer) {
      now.term = typed; now.words = answer.words; now.hits = answer.hits; now.total = answer.total;
      now.rest = answer.rest; now.shown = 0; now.counts = answer.counts;
      return show(seq, true);
    }

    // Pagefind leaves out of a query the words its index does not hold. A
    // word a correction removed may still be in an older bundle, held only by
    // masked pages (jishi-fold.json's "gone"): asked alone and found nowhere
    // else, it is left out, as a full build's index would leave it out.
    function withoutGone(pf, tries) {
      var asked = {};
      tries.forEach(function (t) {
        t.query.replace(/"/g, "").split(" ").forEach(function (w) { if (delta.gone[w] === true) asked[w] = true; });
      });
      return Promise.all(Object.keys(asked).map(function (word) {
        return ask(pf, word).then(function (found) { return found.results.length ? null : word; });
      })).then(function (dead) {
        dead = dead.filter(Boolean);
        return !dead.length ? tries : tries.map(function (t) {
          var kept = t.query.replace(/"/g, "").split(" ").filter(function (w) { return dead.indexOf(w) < 0; }).join(" ");
          var query = kept && t.query.charAt(0) === '"' ? '"' + kept + '"' : kept;
          return { query: query, phrase: t.phrase && kept, words: t.words };
        });
      });
    }

    // Pagefind's answer: the first attempt that finds anything, ranked, with the filter counts.
    function searched(pf, asked) {
      return withoutGone(pf, asked).then(function (tries) { return attempted(pf, tries); });
    }

    function attempted(pf, tries) {
      return ask(pf, tries[0].query, { filters: filterQuery() }).then(function (found) {
        return fallBack(pf, tries, 0, found);
      }).then(function (at) {
        return filterCounts(pf, tries[at.n].query, at.found).then(function (counts) {
          var hits = at.found.results;
          return { words: tries[at.n].words, hits: hits, total: hits.length, rest: null, counts: counts };
        });
      });
    }

    // The first of the attempts that finds anything (the index chunks of
    // the later ones are mostly loaded by then).
    function fallBack(pf, tries, n, found) {
      if (found.results.length) return ranked(pf, tries[n], found).then(function () { return { n: n, found: found }; });
      if (n + 1 >= tries.length) return Promise.resolve({ n: n, found: found });
      return ask(pf, tries[n + 1].query, { filters: filterQuery() }).then(function (next) {
        return fallBack(pf, tries, n + 1, next);
      });
    }

    // Pagefind gives every page of a quoted (phrase) search the same score:
    // its pages are put in the order the same words unquoted rank them in.
    function ranked(pf, attempt, found) {
      if (!attempt.phrase) return Promise.resolve();
      return ask(pf, attempt.phrase, { filters: filterQuery() }).then(function (all) {
        var order = {};
        all.results.forEach(function (hit, i) { order[hit.id] = i; });
        var last = all.results.length;
        found.results.sort(function (a, b) {
          return (a.id in order ? order[a.id] : last) - (b.id in order ? order[b.id] : last);
        });
      });
    }

    // Render the next PAGE results once all their fragments are in, so the
    // list never shows half-loaded entries.
    function show(seq, fresh) {
      var needMore = now.rest && now.shown + PAGE > now.hits.length && now.hits.length < now.total;
      var rest = needMore ? now.rest() : Promise.resolve(null);
      return rest.then(function (later) {
        if (seq !== now.seq) return;
        if (later) { now.hits = now.hits.concat(later); now.total = now.hits.length; now.rest = null; }
        var batch = now.hits.slice(now.shown, now.shown + PAGE);
        return Promise.all(batch.map(function (hit) { return hit.data(); })).then(function (datas) {
          if (seq !== now.seq) return;
          if (fresh) list.textContent = "";
          datas.forEach(function (data) { list.appendChild(resultItem(data, now.words)); });
          now.shown += batch.length;
          more.hidden = now.shown >= now.total;
          status.textContent = now.total ? SAY.found(now.term, now.total) : SAY.none(now.term);
          filterRow.hidden = !now.total && !Object.keys(filterQuery()).length;  // nothing to narrow
          if (fresh) showFilters();
        });
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
      if (!e.target.open || filtersState !== "unloaded" || !canSearch) return;
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
      if (open && !canSearch) sayTooOld();
      if (open) { if (canSearch) api(); input.focus(); input.select(); }  // typing replaces the last query
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
