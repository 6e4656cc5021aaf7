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
  // Lists of items: one more empty row (without script, saving adds one).
  Array.prototype.forEach.call(form.querySelectorAll("button.add-item"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var items = button.closest("fieldset").querySelectorAll(".item");
      var last = items[items.length - 1];
      var row = last.cloneNode(true);
      var n = items.length;
      var pattern = new RegExp("^i-" + button.dataset.field + "-\\d+-");
      Array.prototype.forEach.call(row.querySelectorAll("[id],[for],[name]"), function (el) {
        ["id", "for", "name"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(pattern, "i-" + button.dataset.field + "-" + n + "-"));
        });
        if (el.value !== undefined && el.tagName !== "BUTTON") el.value = "";
      });
      row.querySelector(".item-no").textContent = "第 " + (n + 1) + " 条";
      last.parentNode.insertBefore(row, last.nextSibling);
      row.querySelector("input, select, textarea").focus();
    });
  });
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
