// nnh interactive figures and answer boxes. No math here: every curve, number and position
// was computed by nnh in Python when the page was built; this script only looks frames up.
// Each widget calls init/initAnswer with its own container (found via document.currentScript),
// so identical widgets on one page never share state.
(function () {
  "use strict";
  var VERSION = 3;   // an output left by an older nnh may have defined another version first
  if (window.nnhInteractive && window.nnhInteractive.version === VERSION) { return; }

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

  var NOT_A_NUMBER = { error: "Please enter a number, such as 0.25, 1/4 or 9.1e-5 (that is, 9.1 \u00d7 10^-5)." };
  var SUPERSCRIPTS = { "\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2074": "4",
                       "\u2075": "5", "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9",
                       "\u207b": "-", "\u207a": "+" };
  // "9.1 × 10^-5", "9.1x10^(-5)", "9.1*10**-5", "9.1·10⁻⁵", "10^-5": mantissa and exponent.
  var POWER_OF_TEN = /^(?:(.*?)\s*[x\u00d7*\u00b7\u22c5]\s*)?10\s*(?:\^|\*\*)\s*\(?\s*([-+]?\d+)\s*\)?$/i;

  // "1,234,567" or "1.234.567": digits in groups of three after a separator.
  function grouped(text, separator) {
    return new RegExp("^[-+]?\\d{1,3}(\\" + separator + "\\d{3})+$").test(text);
  }

  // A typed number: "4.6", "4,6", "-0.5", "1/4", "1e-6", "1,234.5", "1.234,5", "1,234,567".
  // A lone comma is a decimal comma, except in "1,234", which could be either: then ask.
  function parseNumber(text) {
    var s = String(text).trim().replace(/^[\u2212\u2013\u2012]/, "-");
    if (s === "") { return { error: "Please enter a number." }; }
    s = s.replace(/10([\u2070\u00b9\u00b2\u00b3\u2074-\u2079\u207b\u207a]+)$/, function (all, sup) {
      return "10^" + sup.split("").map(function (c) { return SUPERSCRIPTS[c]; }).join("");
    }).replace(/\^\s*\(?\s*[\u2212\u2013]/, "^-");
    var power = POWER_OF_TEN.exec(s);
    if (power) {
      var mantissa = power[1] === undefined ? { value: 1 } : parseNumber(power[1]);
      if (mantissa.error) { return NOT_A_NUMBER; }
      // Through the decimal text, so that 9.1 × 10^-5 is exactly the number 9.1e-5.
      var digits = String(mantissa.value);
      var value = /e/i.test(digits) ? mantissa.value * Math.pow(10, Number(power[2]))
                                    : Number(digits + "e" + power[2]);
      return isFinite(value) ? { value: value } : NOT_A_NUMBER;
    }
    var fraction = /^([^/]+)\/([^/]+)$/.exec(s);
    if (fraction) {
      var top = parseNumber(fraction[1]), bottom = parseNumber(fraction[2]);
      return top.error || bottom.error || bottom.value === 0 ? NOT_A_NUMBER : { value: top.value / bottom.value };
    }
    var commas = (s.match(/,/g) || []).length, dots = (s.match(/\./g) || []).length;
    if (commas && dots) {
      // Both: the last one is the decimal mark, the other groups thousands.
      var decimal = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
      var parts = s.split(decimal), group = decimal === "," ? "." : ",";
      if (parts.length !== 2 || !grouped(parts[0], group)) { return NOT_A_NUMBER; }
      s = parts[0].split(group).join("") + "." + parts[1];
    } else if (commas === 1) {
      if (/^[-+]?[1-9]\d{0,2},\d{3}$/.test(s)) {
        return { error: "Is " + s + " a decimal number or a thousand-separated one? Please write it " +
                        "with a decimal point, as " + s.replace(",", ".") + " or " + s.replace(",", "") + "." };
      }
      s = s.replace(",", ".");
    } else if (commas > 1 || dots > 1) {
      var separator = commas > 1 ? "," : ".";
      if (!grouped(s, separator)) { return NOT_A_NUMBER; }
      s = s.split(separator).join("");
    }
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) { return NOT_A_NUMBER; }
    return { value: Number(s) };
  }

  // The number of the sphinx-exercise exercise around the box, as the page shows it
  // ("Exercise 2.1"): <div class="exercise admonition"><p class="admonition-title">
  // <span class="caption-number">Exercise 2.1 </span> (title)</p>...; null outside one.
  function exerciseLabel(root) {
    var exercise = root.closest(".exercise");
    var title = exercise && exercise.querySelector(".admonition-title .caption-number, .admonition-title");
    var match = title && /^\s*(Exercise\s+\d[\d.]*)/.exec(title.textContent);
    return match ? match[1].replace(/\.$/, "") : null;
  }

  function initAnswer(root) {
    var input = root.querySelector("input");
    var verdict = root.querySelector(".nnh-verdict");
    var label = exerciseLabel(root);
    if (label) { root.querySelector("legend").textContent = label + ": check your answer"; }
    var expected = Number(root.getAttribute("data-answer"));
    var tolerance = Number(root.getAttribute("data-tolerance"));
    var close = Number(root.getAttribute("data-close") || 0);
    var whole = root.getAttribute("data-whole") === "true";
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
    function clear() {
      verdict.removeAttribute("data-result");
      root.removeAttribute("data-result");
      verdict.textContent = "";
    }
    function check() {
      var given = parseNumber(input.value);
      if (given.error) {
        show("invalid", "?", given.error);
      } else if (whole && !Number.isInteger(given.value)) {
        show("wrong", "\u2718", "The answer is a whole number: decide which whole number the question asks for.");
      } else if (whole ? given.value === expected : Math.abs(given.value - expected) <= tolerance) {
        show("correct", "\u2714", "Correct.");
      } else if (Math.abs(given.value - expected) <= close) {
        show("close", "\u2248", root.getAttribute("data-close-hint"));
      } else {
        show("wrong", "\u2718", "Not quite: try again, or open the solution.");
      }
    }
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      check();
    });
    // Enter checks here, whatever the page around does with keys (a notebook's shortcuts
    // listen on the document); keys typed into the box stay in the box.
    input.addEventListener("keydown", function (event) {
      event.stopPropagation();
      if (event.key === "Enter") {
        event.preventDefault();
        check();
      }
    });
    input.addEventListener("input", clear);      // a changed number has no verdict yet
    root.setAttribute("data-ready", "true");
  }

  function container(script) { return script.closest(".nnh-widget"); }

  window.nnhInteractive = { version: VERSION, init: init, initAnswer: initAnswer, parseNumber: parseNumber, container: container };
})();
