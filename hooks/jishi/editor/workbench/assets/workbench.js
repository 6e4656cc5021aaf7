// The 编辑台's small helpers; every form works without them.
(function () {
  "use strict";
  var form = document.querySelector("form.story");
  if (!form) return;
  var csrf = form.querySelector("input[name=csrf]").value;
  var body = document.getElementById("f-body");
  var pane = document.getElementById("body-preview");
  var timer = null;
  function render() {
    var data = new FormData();
    data.append("csrf", csrf);
    data.append("body", body.value);
    fetch(form.action.replace(/\/(new|edit)$/, "/render"), {method: "POST", body: data, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { pane.innerHTML = html; pane.hidden = false; pane.parentNode.classList.add("live"); })
      .catch(function () {});
  }
  if (body && pane) {
    body.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(render, 300); });
    render();
  }
  // A new file: propose the slug from the title as `jishi new` does.
  var slug = document.getElementById("f-slug");
  var label = document.getElementById("f-" + form.dataset.label);
  if (slug && label && form.querySelector("input[name=kind]")) {
    label.addEventListener("change", function () {
      if (slug.value) return;
      var url = form.action.replace(/\/new$/, "/slug") + "?kind=" + encodeURIComponent(form.dataset.kind) +
        "&title=" + encodeURIComponent(label.value);
      fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); })
        .then(function (d) { if (!slug.value && d.slug) slug.placeholder = d.slug; }).catch(function () {});
    });
  }
})();
