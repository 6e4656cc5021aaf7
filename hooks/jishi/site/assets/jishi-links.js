/* jishi: a “复制链接” control at the end of every anchored paragraph of a story,
   quiet until wanted: shown while the paragraph is hovered, holds the focus,
   or was tapped (jishi.css), and always reachable by Tab. Copies this page's
   address plus the paragraph's stable anchor. Uses the
   asynchronous clipboard API where allowed, else a hidden textarea and
   execCommand (older WeChat browsers); shows the link to copy by hand if both fail. */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function linkTo(id) {
    return location.origin + location.pathname + "#" + id;
  }

  function addControl(para) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "jishi-copy-link";
    button.textContent = "复制链接";
    button.addEventListener("click", function () {
      var url = linkTo(para.id);
      copy(url).then(function (ok) {
        if (!ok) { window.prompt("请复制本段链接：", url); return; }
        button.textContent = "已复制";
        button.classList.add("is-done");
        setTimeout(function () {
          button.textContent = "复制链接";
          button.classList.remove("is-done");
        }, 2000);
      });
    });
    para.appendChild(button);
  }

  var paras = document.querySelectorAll(".jishi-body p[id]");
  for (var i = 0; i < paras.length; i++) addControl(paras[i]);

  // A tap on a paragraph (not on a link or button in it) shows its control; a tap elsewhere hides it.
  var shown = null;
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest && target.closest("a, button")) return;
    var para = target.closest ? target.closest(".jishi-body p[id]") : null;
    if (shown && shown !== para) shown.classList.remove("is-active");
    if (para) para.classList.add("is-active");
    shown = para;
  });
})();
