/* jishi: the share panel (templates/jishi/share.html).
 *
 * Inside WeChat, which blocks <a download>, the panel says to long-press the
 * QR code instead of offering the download links.
 *
 * On story pages, 分享海报 draws a poster in the browser: the site's name, the
 * story's title, date and summary, and the page's own QR code (qr.png, drawn
 * at build time by hooks/jishi/site/qr.py and loaded from this site, so the
 * canvas stays readable), in the page's own fonts (the CJK font stack of
 * jishi-modes.css; no web font). It is shown as an <img> with a data: URL,
 * which WeChat saves or sends on a long press. Nothing is fetched from any
 * other host.
 */
(function () {
  "use strict";

  var WIDTH = 1080, PAD = 84;  // the poster's pixels; shown at most 360 CSS px wide
  var INK = "#1a1a1a", MUTED = "#5c5c5c", LINE = "#e2e2e2";
  var NO_LINE_START = "，。、；：？！）》」』】〕〉”’…—·,.;:?!)%";
  var NO_LINE_END = "（《「『【〔〈“‘(";
  var LATIN = /[A-Za-z0-9@#&_\-.\/:%+=?~]/;

  var wechat = /MicroMessenger/i.test(navigator.userAgent);

  function showWeChatHint(panel) {
    if (!wechat) return;
    var hint = panel.querySelector(".jishi-share__hint");
    var downloads = panel.querySelector(".jishi-share__downloads");
    if (hint) hint.hidden = false;
    if (downloads) downloads.hidden = true;
  }

  // Text as pieces that never break inside: a Latin word or number, else one character;
  // in an address (url), the pieces end at each "/" and "-". A piece wider
  // than a line is cut into characters.
  function tokens(ctx, text, width, url) {
    var out = [], word = "";
    Array.from(text).forEach(function (c) {
      if (LATIN.test(c)) word += c;
      if (LATIN.test(c) && !(url && /[\/-]/.test(c))) return;
      if (word) { out.push(word); word = ""; }
      if (!LATIN.test(c)) out.push(c);
    });
    if (word) out.push(word);
    return out.reduce(function (all, t) {
      return all.concat(t.length > 1 && ctx.measureText(t).width > width ? Array.from(t) : [t]);
    }, []);
  }

  // Lines of text no wider than width (closing punctuation may hang past it),
  // at most max lines, the last ending with "…" when text is left over.
  function wrap(ctx, text, width, max, url) {
    var lines = [], line = "";
    tokens(ctx, text.replace(/\s+/g, " ").trim(), width, url).forEach(function (t) {
      if (!line && t === " ") return;
      if (!line || ctx.measureText(line + t).width <= width || NO_LINE_START.indexOf(t) >= 0) {
        line += t;
        return;
      }
      var carry = "";
      while (line.length > 1 && NO_LINE_END.indexOf(line.slice(-1)) >= 0) {
        carry = line.slice(-1) + carry;
        line = line.slice(0, -1);
      }
      lines.push(line.trim());
      line = carry + (t === " " ? "" : t);
    });
    if (line.trim()) lines.push(line.trim());
    if (lines.length > max) {
      var last = lines[max - 1];
      while (last && ctx.measureText(last + "…").width > width) last = last.slice(0, -1);
      lines = lines.slice(0, max - 1).concat([last.replace(/[，。、；：,.\s]+$/, "") + "…"]);
    }
    return lines;
  }

  // As wrap, with lines of even length (a title's last line not left with a word or two).
  function balanced(ctx, text, width, max) {
    var lines = wrap(ctx, text, width, max), step = 8;
    if (lines.length < 2 || lines.length > max) return lines;
    var narrower = width - step, tried;
    while (narrower > width / 2 && (tried = wrap(ctx, text, narrower, max + 1)).length === lines.length) {
      lines = tried;
      narrower -= step;
    }
    return lines;
  }

  // The accent colour as the canvas reads it, and the text colour that reads best on it.
  function accentColours(ctx) {
    var value = getComputedStyle(document.body).getPropertyValue("--jishi-accent").trim();
    ctx.fillStyle = "#333333";
    ctx.fillStyle = value || "#333333";
    var band = ctx.fillStyle, rgb = /^#([0-9a-f]{6})$/i.exec(band);
    if (!rgb) return { band: "#333333", text: "#ffffff" };
    var n = parseInt(rgb[1], 16), lum = [n >> 16, (n >> 8) & 255, n & 255].map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return { band: band, text: (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? "#ffffff" : INK };
  }

  function font(weight, size) {
    var family = getComputedStyle(document.body).fontFamily || "sans-serif";
    return weight + " " + size + "px " + family;
  }

  // Every block of the poster, measured: [{lines, font, colour, size, height, gap}].
  function layout(ctx, data) {
    var inner = WIDTH - 2 * PAD;
    function block(text, weight, size, leading, colour, max, gap, even) {
      ctx.font = font(weight, size);
      var lines = text ? (even ? balanced : wrap)(ctx, text, inner, max) : [];
      return { lines: lines, font: font(weight, size), colour: colour, size: size,
               step: Math.round(size * leading), gap: gap };
    }
    return [
      block(data.title, 700, 64, 1.4, INK, 4, 0, true),
      block(data.date, 400, 34, 1.5, MUTED, 1, 28),
      block(data.summary, 400, 40, 1.75, "#333333", 7, 56)
    ];
  }

  function loadImage(src) {
    return new Promise(function (done, fail) {
      var image = new Image();
      image.onload = function () { done(image); };
      image.onerror = fail;
      image.src = src;
    });
  }

  function drawLines(ctx, lines, x, y, step) {
    lines.forEach(function (line, i) { ctx.fillText(line, x, y + i * step); });
    return y + lines.length * step;
  }

  // The poster as a canvas: a band with the site's name, the story, a rule, the QR code.
  function drawPoster(data, qr) {
    var canvas = document.createElement("canvas"), ctx = canvas.getContext("2d");
    var colours = accentColours(ctx), blocks = layout(ctx, data);
    ctx.font = font(700, 40);
    var siteLines = balanced(ctx, data.site, WIDTH - 2 * PAD, 2);
    var bandHeight = 2 * 64 + siteLines.length * 56;
    var qrSize = qr.naturalWidth <= 480 ? qr.naturalWidth : Math.round(qr.naturalWidth / 2);
    var textHeight = blocks.reduce(function (h, b) { return h + b.gap + b.lines.length * b.step; }, 0);
    var footHeight = Math.max(qrSize, 200);
    canvas.width = WIDTH;
    canvas.height = bandHeight + 80 + textHeight + 64 + 2 + 56 + footHeight + 72;

    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = colours.band;
    ctx.fillRect(0, 0, WIDTH, bandHeight);
    ctx.textBaseline = "top";
    ctx.fillStyle = colours.text;
    ctx.font = font(700, 40);
    drawLines(ctx, siteLines, PAD, 64 + 4, 56);

    var y = bandHeight + 80;
    blocks.forEach(function (b) {
      y += b.gap;
      ctx.font = b.font;
      ctx.fillStyle = b.colour;
      y = drawLines(ctx, b.lines, PAD, y + Math.round((b.step - b.size) / 2), b.step) - Math.round((b.step - b.size) / 2);
    });
    y += 64;
    ctx.fillStyle = LINE;
    ctx.fillRect(PAD, y, WIDTH - 2 * PAD, 2);
    y += 2 + 56;

    // The QR code at its own pixels (or exactly half), never smoothed: every module stays sharp.
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(qr, PAD - 40 * qrSize / qr.naturalWidth, y, qrSize, qrSize);
    var x = PAD + qrSize - 40 * qrSize / qr.naturalWidth + 24, width = WIDTH - PAD - x;
    ctx.fillStyle = INK;
    ctx.font = font(700, 40);
    var ty = drawLines(ctx, wrap(ctx, "长按识别二维码", width, 2), x, y + 40, 56);
    ctx.fillStyle = MUTED;
    ctx.font = font(400, 34);
    ty = drawLines(ctx, wrap(ctx, "阅读全文", width, 1), x, ty + 8, 48);
    ctx.font = font(400, 26);
    drawLines(ctx, wrap(ctx, data.url, width, 4, true), x, ty + 20, 36);
    return canvas;
  }

  function setUpPoster(button) {
    var poster = document.getElementById(button.getAttribute("aria-controls"));
    if (!poster || !window.Promise || !document.createElement("canvas").getContext) return;
    var hint = poster.querySelector(".jishi-poster__hint"), save = poster.querySelector(".jishi-poster__save");
    var drawn = null, said = hint.textContent;

    function open() {
      var data = {};
      ["title", "summary", "site", "date", "url", "qr"].forEach(function (k) { data[k] = button.getAttribute("data-" + k) || ""; });
      drawn = drawn || loadImage(data.qr).then(function (qr) {
        var img = document.createElement("img");
        img.className = "jishi-poster__img";
        img.src = drawPoster(data, qr).toDataURL("image/png");
        img.alt = "分享海报：" + data.title + "，含本页二维码";
        poster.insertBefore(img, hint);
        if (save && !wechat) {
          save.href = img.src;
          save.setAttribute("download", save.getAttribute("data-name"));
          save.hidden = false;
        }
        return img;
      });
      button.disabled = true;
      return drawn.then(function () {
        hint.textContent = said;
        poster.hidden = false;
        button.setAttribute("aria-expanded", "true");
        poster.querySelector(".jishi-poster__close").focus();
        poster.scrollIntoView({ block: "nearest" });
      }, function () {
        drawn = null;
        hint.textContent = "海报生成失败，请稍后再试";
        poster.hidden = false;
      }).then(function () { button.disabled = false; });
    }

    function close() {
      poster.hidden = true;
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }

    button.addEventListener("click", function () {
      if (poster.hidden) open(); else close();
    });
    poster.querySelector(".jishi-poster__close").addEventListener("click", close);
    button.hidden = false;
  }

  function start() {
    var panels = document.querySelectorAll(".jishi-share");
    for (var i = 0; i < panels.length; i++) {
      showWeChatHint(panels[i]);
      var button = panels[i].querySelector(".jishi-poster-button");
      if (button) setUpPoster(button);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
