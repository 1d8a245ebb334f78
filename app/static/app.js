/* Progressive enhancement only: every page works without it. */
(function () {
  "use strict";
  var cite = document.querySelector(".cite[data-copy]");
  if (!cite || !navigator.clipboard) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = cite.getAttribute("data-copy");
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(cite.textContent.trim()).then(function () {
      button.textContent = cite.getAttribute("data-copied");
    });
  });
  cite.insertAdjacentElement("afterend", button);
})();
