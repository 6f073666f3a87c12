/* The book's own script: accessibility and keyboard support that the theme, plotly and the
 * widget manager lack. Loaded on every page; each part does nothing where it has no target.
 * See CONTRIBUTING.md ("What the checks enforce") and the Accessibility statement. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  /* 1. The primary sidebar (book title and table of contents) is not a landmark, so its
   *    title sits outside every region. Make it a labelled navigation region. */
  function labelSidebar() {
    var sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "navigation");
      sidebar.setAttribute("aria-label", "Book");
    }
  }

  /* 2. ipywidgets slider handles (role="slider") carry no accessible name: give each the
   *    text of its slider's label. Widgets render after load, so watch for them. */
  function nameWidgetSliders() {
    document.querySelectorAll(".widget-slider").forEach(function (box) {
      var label = box.querySelector(".widget-label");
      box.querySelectorAll("[role=slider]").forEach(function (handle) {
        if (label && label.textContent.trim() && !handle.hasAttribute("aria-label")) {
          handle.setAttribute("aria-label", label.textContent.trim());
        }
      });
    });
  }

  /* 3. Plotly's sliders are drawn in SVG and answer only to the mouse. Under each one, add a
   *    native range input (hidden until it has keyboard focus) that switches between the
   *    same precomputed steps, and keep the two in step. */
  function applyStep(gd, sliderIndex, stepIndex) {
    var step = gd.layout.sliders[sliderIndex].steps[stepIndex];
    var active = {};
    active["sliders[" + sliderIndex + "].active"] = stepIndex;
    var args = step.args || [];
    if (step.method === "update") {
      return window.Plotly.update(gd, args[0] || {}, Object.assign({}, args[1] || {}, active));
    }
    if (step.method === "restyle") {
      return window.Plotly.restyle(gd, args[0] || {}, args[1]).then(function () {
        return window.Plotly.relayout(gd, active);
      });
    }
    return window.Plotly.relayout(gd, Object.assign({}, args[0] || {}, active));
  }

  /* The indices of a slider's steps that are shown (a menu may hide some: chapter 7's viewer
   * shows one plane's slices at a time). */
  function shownSteps(gd, i) {
    var steps = (gd.layout.sliders[i] && gd.layout.sliders[i].steps) || [];
    var shown = [];
    steps.forEach(function (step, k) { if (step.visible !== false) shown.push(k); });
    return shown;
  }

  function addSliderKeys(gd) {
    if (!window.Plotly || !gd.layout || !(gd.layout.sliders || gd.layout.updatemenus) || gd.dataset.msbookKeys) return;
    gd.dataset.msbookKeys = "1";
    var box = document.createElement("div");
    box.className = "msbook-slider-keys";
    (gd.layout.sliders || []).forEach(function (slider, i) {
      if ((slider.steps || []).length < 2) return;
      var id = gd.id + "-keys-" + i;
      var prefix = ((slider.currentvalue && slider.currentvalue.prefix) || "Step").replace(/[:\s]+$/, "");
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = prefix + " (keyboard control)";
      var input = document.createElement("input");
      input.type = "range";
      input.id = id;
      input.min = "0";
      input.step = "1";
      var output = document.createElement("output");
      output.setAttribute("for", id);
      function show(stepIndex) {
        var shown = shownSteps(gd, i);
        var position = Math.max(0, shown.indexOf(stepIndex));
        var steps = gd.layout.sliders[i].steps;
        input.max = String(shown.length - 1);
        input.value = String(position);
        output.textContent = steps[stepIndex] ? steps[stepIndex].label : "";
        input.setAttribute("aria-valuetext", prefix + ": " + output.textContent);
      }
      show(slider.active || 0);
      input.addEventListener("input", function () {
        var stepIndex = shownSteps(gd, i)[Number(input.value)];
        show(stepIndex);
        applyStep(gd, i, stepIndex);
      });
      gd.on("plotly_sliderchange", function (event) {
        if (event.slider === gd._fullLayout.sliders[i]._input || event.slider._index === i) {
          show(event.slider.active);
        }
      });
      // A menu that shows other steps (or moves the slider) is followed too.
      gd.on("plotly_relayout", function () { show(gd.layout.sliders[i].active || 0); });
      gd.on("plotly_update", function () { show(gd.layout.sliders[i].active || 0); });
      var row = document.createElement("div");
      row.className = "msbook-slider-keys__row";
      row.append(label, input, output);
      box.append(row);
    });
    addMenuKeys(gd, box);
    if (box.childElementCount) gd.insertAdjacentElement("afterend", box);
  }

  /* Plotly's menus (Play/Pause buttons, button rows, dropdowns) are SVG too and answer only to
   * the mouse: give each a row of native buttons (or a native select for a dropdown) that
   * runs the same method with the same arguments. */
  function runMenuItem(gd, menuIndex, buttonIndex) {
    var item = gd.layout.updatemenus[menuIndex].buttons[buttonIndex];
    var args = item.args || [];
    var done = null;
    if (item.method === "animate") done = window.Plotly.animate(gd, args[0], args[1]);
    else if (item.method === "update") done = window.Plotly.update(gd, args[0] || {}, args[1] || {}, args[2]);
    else if (item.method === "restyle") done = window.Plotly.restyle(gd, args[0] || {}, args[1]);
    else if (item.method === "relayout") done = window.Plotly.relayout(gd, args[0] || {});
    // Mark the chosen button, as a click on plotly's own button does.
    if (item.method !== "animate" && gd.layout.updatemenus[menuIndex].showactive !== false) {
      var active = {};
      active["updatemenus[" + menuIndex + "].active"] = buttonIndex;
      return Promise.resolve(done).then(function () { return window.Plotly.relayout(gd, active); });
    }
    return done;
  }

  function addMenuKeys(gd, box) {
    (gd.layout.updatemenus || []).forEach(function (menu, m) {
      var items = [];
      (menu.buttons || []).forEach(function (b, k) {
        if (b.visible !== false && b.method !== "skip") items.push(k);
      });
      if (!items.length) return;
      var row = document.createElement("div");
      row.className = "msbook-slider-keys__row";
      var first = menu.buttons[items[0]];
      var name = menu.name || (items.length === 2 && first.method === "animate" ? "Animation" : "Options");
      if (menu.type === "dropdown" || menu.type === undefined) {
        var id = gd.id + "-menu-" + m;
        var label = document.createElement("label");
        label.setAttribute("for", id);
        label.textContent = name + " (keyboard control)";
        var select = document.createElement("select");
        select.id = id;
        items.forEach(function (k) {
          var option = document.createElement("option");
          option.value = String(k);
          option.textContent = menu.buttons[k].label;
          select.append(option);
        });
        select.value = String(items.indexOf(menu.active) >= 0 ? menu.active : items[0]);
        select.addEventListener("change", function () { runMenuItem(gd, m, Number(select.value)); });
        row.append(label, select);
      } else {
        var group = document.createElement("span");
        group.textContent = name + " (keyboard control):";
        group.id = gd.id + "-menu-" + m;
        row.setAttribute("role", "group");
        row.setAttribute("aria-labelledby", group.id);
        row.append(group);
        items.forEach(function (k) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "msbook-menu-key";
          button.textContent = menu.buttons[k].label;
          button.addEventListener("click", function () { runMenuItem(gd, m, k); });
          row.append(button);
        });
      }
      box.append(row);
    });
  }

  function enhancePlotly() {
    document.querySelectorAll(".msbook-plotly .plotly-graph-div").forEach(addSliderKeys);
  }

  // Figures are drawn late, as they come into view (msbook-figures.js): enhance each one then.
  document.addEventListener("msbook:figure-drawn", function (event) {
    if (event.target.matches && event.target.matches(".msbook-plotly .plotly-graph-div")) addSliderKeys(event.target);
  });

  /* 4. A table wider than the column scrolls sideways: say so above it, while it does. */
  function markScrollingTables() {
    document.querySelectorAll(".pst-scrollable-table-container").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      var hint = box.previousElementSibling;
      var hasHint = hint && hint.classList.contains("msbook-scroll-hint");
      box.classList.toggle("msbook-scrolls", scrolls);
      box.classList.toggle(
        "msbook-scrolled-end",
        box.scrollLeft + box.clientWidth >= box.scrollWidth - 1
      );
      if (scrolls && !box.dataset.msbookScroll) {
        box.dataset.msbookScroll = "1";
        box.addEventListener("scroll", markScrollingTables, { passive: true });
      }
      if (scrolls && !hasHint) {
        hint = document.createElement("p");
        hint.className = "msbook-scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "Scroll sideways to see the whole table \u2192";
        box.insertAdjacentElement("beforebegin", hint);
      } else if (!scrolls && hasHint) {
        hint.remove();
      }
    });
  }

  ready(function () {
    labelSidebar();
    // Measured when the browser lays the page out anyway (a ResizeObserver reports after
    // layout), not by reading sizes as the page loads, which would force an extra layout
    // of the whole page while the theme's scripts are still changing it.
    var tables = document.querySelectorAll(".pst-scrollable-table-container");
    if (tables.length && "ResizeObserver" in window) {
      var sized = new ResizeObserver(function () { markScrollingTables(); });
      tables.forEach(function (box) { sized.observe(box); });
    } else if (tables.length) {
      window.requestAnimationFrame(markScrollingTables);
      window.addEventListener("resize", markScrollingTables);
    }
    enhancePlotly();
    nameWidgetSliders();
    new MutationObserver(nameWidgetSliders).observe(document.body, { childList: true, subtree: true });
  });
})();
