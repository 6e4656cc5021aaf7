/* jishi: filter a list of links as the reader types (the 404 page's directory).
   Progressive: without this script the full list is simply there. */
(function () {
  var form = document.querySelector("form[data-jishi-filter]");
  if (!form) return;
  var box = document.getElementById(form.getAttribute("data-jishi-filter"));
  var input = form.querySelector("input");
  var empty = box.querySelector("[data-jishi-filter-empty]");
  function apply() {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    box.querySelectorAll("li").forEach(function (li) {
      var hit = !q || li.textContent.toLowerCase().indexOf(q) !== -1;
      li.hidden = !hit;
      if (hit) shown += 1;
    });
    box.querySelectorAll(".jishi-directory__group").forEach(function (g) {
      g.hidden = !g.querySelector("li:not([hidden])");
    });
    empty.hidden = shown > 0;
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  input.addEventListener("input", apply);
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; }
  apply();
})();
