// nnh interactive figures: looks up precomputed frames and redraws an SVG. No math here:
// every curve, number and position was computed by nnh in Python when the page was built.
(function () {
  "use strict";
  function setFrame(root, spec, index) {
    var frame = spec.frames[index];
    Object.keys(frame.paths).forEach(function (name) {
      var el = root.querySelector('[data-path="' + name + '"]');
      if (el) { el.setAttribute("d", frame.paths[name]); }
    });
    Object.keys(frame.markers || {}).forEach(function (name) {
      var el = root.querySelector('[data-marker="' + name + '"]');
      var m = frame.markers[name];
      if (!el) { return; }
      if (m === null) { el.setAttribute("visibility", "hidden"); return; }
      el.setAttribute("visibility", "visible");
      el.setAttribute("cx", m[0]);
      el.setAttribute("cy", m[1]);
    });
    Object.keys(frame.readouts).forEach(function (name) {
      var el = root.querySelector('[data-readout="' + name + '"]');
      if (el) { el.textContent = frame.readouts[name]; }
    });
    var svg = root.querySelector("svg");
    if (svg) { svg.setAttribute("aria-label", frame.description); }
  }
  function frameIndex(root, spec) {
    var index = 0;
    spec.sliders.forEach(function (slider, k) {
      var input = root.querySelector('[data-slider="' + k + '"]');
      index = index * slider.values.length + Number(input.value);
    });
    return index;
  }
  function init(root) {
    var spec = JSON.parse(root.querySelector("script[type='application/json']").textContent);
    spec.sliders.forEach(function (slider, k) {
      var input = root.querySelector('[data-slider="' + k + '"]');
      var shown = root.querySelector('[data-slider-value="' + k + '"]');
      input.addEventListener("input", function () {
        var text = slider.labels[Number(input.value)];
        shown.textContent = text;
        input.setAttribute("aria-valuetext", slider.name + " = " + text);
        setFrame(root, spec, frameIndex(root, spec));
      });
    });
    root.setAttribute("data-ready", "true");
  }
  function initAnswer(root) {
    var input = root.querySelector("input");
    var status = root.querySelector("[role='status']");
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var given = Number(String(input.value).trim().replace(",", "."));
      var expected = Number(root.getAttribute("data-answer"));
      var tolerance = Number(root.getAttribute("data-tolerance"));
      if (String(input.value).trim() === "" || !isFinite(given)) {
        status.textContent = "Please enter a number.";
        root.setAttribute("data-result", "invalid");
      } else if (Math.abs(given - expected) <= tolerance) {
        status.textContent = "Correct.";
        root.setAttribute("data-result", "correct");
      } else {
        status.textContent = "Not quite: try again, or open the solution.";
        root.setAttribute("data-result", "wrong");
      }
    });
    root.setAttribute("data-ready", "true");
  }
  window.nnhInteractive = window.nnhInteractive || { init: init, initAnswer: initAnswer };
})();
