/* Progressive enhancement only: a "select all on this page" box on the bulk page. */
(function () {
  "use strict";
  var table = document.querySelector("table.cur-pick");
  if (!table) {
    return;
  }
  var boxes = table.querySelectorAll("tbody input[type=checkbox]");
  var cell = table.querySelector("thead th");
  var all = document.createElement("input");
  all.type = "checkbox";
  all.setAttribute("aria-label", cell.textContent.trim());
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
  cell.appendChild(all);
})();
