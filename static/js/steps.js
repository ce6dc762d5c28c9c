/* Sen: long forms in short steps. Without this file every step shows at once and the form still works. */
(function () {
  "use strict";

  function setup(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset.step"));
    if (steps.length < 2) { return; }
    var current = 0;
    var firstError = steps.findIndex(function (s) { return s.querySelector(".has-error"); });
    if (firstError >= 0) { current = firstError; }

    var bar = document.createElement("div");
    bar.className = "step-bar";
    var progress = document.createElement("p");
    progress.className = "step-progress";
    progress.setAttribute("aria-live", "polite");
    var back = button(form.getAttribute("data-back"), "button secondary");
    var next = button(form.getAttribute("data-next"), "button");
    bar.appendChild(back);
    bar.appendChild(next);
    form.insertBefore(progress, steps[0]);
    form.appendChild(bar);

    function show(index) {
      current = index;
      steps.forEach(function (step, i) { step.hidden = i !== index; });
      back.hidden = index === 0;
      next.hidden = index === steps.length - 1;
      progress.textContent = form.getAttribute("data-progress")
        .replace("{n}", String(index + 1)).replace("{total}", String(steps.length));
    }

    // The step's fields are checked with the server's rules and messages (validate.js) before moving on.
    function stepIsValid(step) {
      return !(window.Sen && window.Sen.validate) || window.Sen.validate(step);
    }

    // A field found broken elsewhere (on submit) is shown in its step.
    form.addEventListener("sen:invalid", function (event) {
      var index = steps.findIndex(function (s) { return s.contains(event.target); });
      if (index >= 0 && index !== current) { show(index); }
    });

    next.addEventListener("click", function () {
      if (stepIsValid(steps[current])) { show(current + 1); scrollTo(0, 0); steps[current].querySelector("legend").focus(); }
    });
    back.addEventListener("click", function () { show(current - 1); scrollTo(0, 0); });
    steps.forEach(function (step) { var legend = step.querySelector("legend"); if (legend) { legend.tabIndex = -1; } });
    show(current);
  }

  function button(label, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.textContent = label;
    return b;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-steps]").forEach(setup);
  });
})();
