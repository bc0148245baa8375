// kcmodel analyst report: optional. The pages work without it; this only lets Escape dismiss a
// figure's tooltip (until the pointer moves or focus changes), as WCAG 1.4.13 asks of tooltips.
(function () {
  "use strict";
  var body = document.body;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      body.classList.add("tips-off");
    }
  });
  function show() {
    if (body.classList.contains("tips-off")) {
      body.classList.remove("tips-off");
    }
  }
  document.addEventListener("focusin", show);
  document.addEventListener("pointermove", show);
})();
