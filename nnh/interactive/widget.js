// nnh interactive figures and answer boxes. No math here: every curve, number and position
// was computed by nnh in Python when the page was built; this script only looks frames up.
// Each widget calls init/initAnswer with its own container (found via document.currentScript),
// so identical widgets on one page never share state.
(function () {
  "use strict";
  if (window.nnhInteractive) { return; }

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function setFrame(root, frame) {
    Object.keys(frame.paths).forEach(function (name) {
      each(root, '[data-path="' + name + '"]', function (el) { el.setAttribute("d", frame.paths[name]); });
    });
    Object.keys(frame.markers || {}).forEach(function (name) {
      var m = frame.markers[name];
      each(root, '[data-marker="' + name + '"]', function (el) {
        el.setAttribute("visibility", m === null ? "hidden" : "visible");
        if (m !== null) { el.setAttribute("cx", m[0]); el.setAttribute("cy", m[1]); }
      });
    });
    Object.keys(frame.readouts).forEach(function (name) {
      each(root, '[data-readout="' + name + '"]', function (el) { el.textContent = frame.readouts[name]; });
    });
    each(root, "[data-description]", function (el) { el.setAttribute("aria-label", frame.description); });
  }

  // The frame layout is defined once, in Python (nnh.interactive.geometry.FrameGrid):
  // the page carries its strides and the frame index is sum(position * stride).
  function frameIndex(inputs, strides) {
    return inputs.reduce(function (index, input, k) { return index + Number(input.value) * strides[k]; }, 0);
  }

  function init(root) {
    var spec = JSON.parse(root.querySelector("script[type='application/json']").textContent);
    var inputs = spec.sliders.map(function (slider, k) { return root.querySelector('[data-slider="' + k + '"]'); });
    spec.sliders.forEach(function (slider, k) {
      var input = inputs[k];
      var shown = root.querySelector('[data-slider-value="' + k + '"]');
      input.addEventListener("input", function () {
        var text = slider.labels[Number(input.value)];
        shown.textContent = text;
        input.setAttribute("aria-valuetext", slider.name + " = " + text);
        setFrame(root, spec.frames[frameIndex(inputs, spec.strides)]);
      });
    });
    root.setAttribute("data-ready", "true");
  }

  // A typed number: "4.6", "4,6", "-0.5", "1/4", "1e-6", "1,234.5", "1.234,5", "1 234".
  // A lone comma is a decimal comma, except "1,234", which could be either: then ask.
  function parseNumber(text) {
    var s = String(text).trim().replace(/[\u2212\u2013\u2012]/g, "-").replace(/[\s\u00a0\u202f']/g, "");
    if (s === "") { return { error: "Please enter a number." }; }
    var fraction = /^([^/]+)\/([^/]+)$/.exec(s);
    if (fraction) {
      var top = parseNumber(fraction[1]), bottom = parseNumber(fraction[2]);
      if (top.error || bottom.error || bottom.value === 0) { return { error: "Please enter a number, such as 0.25 or 1/4." }; }
      return { value: top.value / bottom.value };
    }
    var commas = (s.match(/,/g) || []).length, dots = (s.match(/\./g) || []).length;
    if (commas && dots) {
      // Both: the last one is the decimal mark, the other groups thousands.
      var decimal = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
      s = s.split(decimal === "," ? "." : ",").join("").replace(",", ".");
    } else if (commas === 1) {
      if (/^[-+]?[1-9]\d{0,2},\d{3}$/.test(s)) {
        return { error: "Is " + s + " a decimal number or a thousand-separated one? " +
                        "Please write it with a decimal point, e.g. " + s.replace(",", ".") + " or " + s.replace(",", "") + "." };
      }
      s = s.replace(",", ".");
    } else if (commas > 1) {
      s = s.split(",").join("");
    } else if (dots > 1) {
      s = s.split(".").join("");
    }
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) {
      return { error: "Please enter a number, such as 0.25 or 1/4." };
    }
    return { value: Number(s) };
  }

  // The number of the exercise around the box, as the page shows it ("Exercise 2.1").
  function exerciseLabel(root) {
    var exercise = root.closest(".exercise, .admonition");
    var title = exercise && exercise.querySelector(".admonition-title");
    var match = title && /^\s*(Exercise\s+[\d.]+)/.exec(title.textContent);
    return match ? match[1] : null;
  }

  function initAnswer(root) {
    var input = root.querySelector("input");
    var verdict = root.querySelector(".nnh-verdict");
    var label = exerciseLabel(root);
    if (label) { root.querySelector("legend").textContent = label + ": check your answer"; }
    var expected = Number(root.getAttribute("data-answer"));
    var tolerance = Number(root.getAttribute("data-tolerance"));
    function show(result, icon, text) {
      verdict.setAttribute("data-result", result);
      root.setAttribute("data-result", result);
      verdict.textContent = "";
      var mark = document.createElement("span");
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = icon + " ";
      verdict.appendChild(mark);
      verdict.appendChild(document.createTextNode(text));
    }
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var given = parseNumber(input.value);
      if (given.error) {
        show("invalid", "?", given.error);
      } else if (Math.abs(given.value - expected) <= tolerance) {
        show("correct", "\u2714", "Correct.");
      } else {
        show("wrong", "\u2718", "Not quite: try again, or open the solution.");
      }
    });
    root.setAttribute("data-ready", "true");
  }

  function container(script) { return script.closest(".nnh-widget"); }

  window.nnhInteractive = { init: init, initAnswer: initAnswer, parseNumber: parseNumber, container: container };
})();
