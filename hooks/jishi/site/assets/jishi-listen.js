/* jishi: 朗读 (read aloud), on story pages (templates/jishi/story.html).
 *
 * The browser's own speech synthesis with a Chinese voice (zh-CN first, then
 * any other Chinese one); where there is none, or no speechSynthesis, the
 * button stays hidden. It reads the title, then the story's text block by
 * block, in page order, leaving out controls (复制链接) and anything hidden;
 * the block being read is marked. Leaving the page, or hiding it, stops it.
 * A long block is read in pieces of whole sentences: some browsers stop an
 * utterance after about fifteen seconds.
 */
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  var button = document.querySelector(".jishi-listen");
  if (!button || !synth || typeof window.SpeechSynthesisUtterance !== "function") return;

  var BLOCKS = ["h1", ".jishi-photo figcaption", ".jishi-body p", ".jishi-body li", ".jishi-body h2", ".jishi-body h3",
                ".jishi-body h4", ".jishi-body td", ".jishi-body th", ".jishi-voices li", ".jishi-changes li",
                ".jishi-figures tbody tr"].join(", ");
  var SKIP = "button, .jishi-copy-link, .headerlink, [hidden], [aria-hidden=true], script, style, .jishi-sr";
  var PIECE = 60;  // characters: about fifteen seconds of Chinese
  var CURRENT = "jishi-listen-current";
  var label = button.querySelector(".jishi-listen__label") || button;
  var voice = null, queue = [], spoken = null, reading = false;

  function chineseVoice() {
    var voices = synth.getVoices() || [], lang = function (v) { return (v.lang || "").replace("_", "-").toLowerCase(); };
    var exact = voices.filter(function (v) { return lang(v) === "zh-cn" || lang(v) === "cmn-hans-cn"; });
    var any = voices.filter(function (v) { return /^(zh|cmn)(-|$)/.test(lang(v)); });
    return exact[0] || any[0] || null;
  }

  function textOf(node) {
    var copy = node.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(SKIP), function (el) { el.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  // Text cut after the marks given (closing quotes and brackets kept with them).
  function cut(text, marks) {
    var re = new RegExp("[^" + marks + "]+[" + marks + "”’」』）)]*|[" + marks + "]+", "g");
    return text.match(re) || [text];
  }

  // Whole sentences (a long one at its commas), no piece longer than PIECE unless one clause is.
  function pieces(text) {
    if (text.length <= PIECE) return [text];
    var out = [], piece = "";
    cut(text, "。！？!?；;").forEach(function (sentence) {
      (sentence.length > PIECE ? cut(sentence, "，、,：:") : [sentence]).forEach(function (part) {
        if (piece && piece.length + part.length > PIECE) { out.push(piece); piece = ""; }
        piece += part;
      });
    });
    if (piece) out.push(piece);
    return out;
  }

  // [{text, node}] of the story, in page order: the innermost blocks only.
  function story() {
    var article = button.closest("article") || document;
    var out = [];
    Array.prototype.forEach.call(article.querySelectorAll(BLOCKS), function (node) {
      if (node.querySelector(BLOCKS) || node.closest(SKIP)) return;
      var text = textOf(node);
      if (text) pieces(text).forEach(function (piece) { out.push({ text: piece, node: node }); });
    });
    return out;
  }

  function mark(node) {
    var old = document.querySelector("." + CURRENT);
    if (old && old !== node) old.classList.remove(CURRENT);
    if (node) node.classList.add(CURRENT);
  }

  function show(on) {
    reading = on;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    label.textContent = on ? "停止" : "朗读";
  }

  function next() {
    var item = queue.shift();
    if (!reading || !item) { stop(); return; }
    var utterance = new window.SpeechSynthesisUtterance(item.text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.onend = utterance.onerror = function () {
      if (spoken === utterance) { spoken = null; next(); }
    };
    spoken = utterance;
    mark(item.node);
    synth.speak(utterance);
  }

  function start() {
    if (synth.speaking || synth.pending) synth.cancel();  // anything left from an earlier page
    queue = story();
    show(true);
    next();
  }

  function stop() {
    if (!reading && !spoken) return;
    spoken = null;
    queue = [];
    show(false);
    mark(null);
    synth.cancel();
  }

  function findVoice() {
    voice = chineseVoice();
    button.hidden = !voice;
    if (!voice) stop();
  }

  button.addEventListener("click", function () { if (reading) stop(); else start(); });
  window.addEventListener("pagehide", stop);
  document.addEventListener("visibilitychange", function () { if (document.hidden) stop(); });
  // Voices often arrive after the page loads (Chrome reads them asynchronously).
  if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", findVoice);
  else synth.onvoiceschanged = findVoice;
  findVoice();
})();
