/* Draws the book's plotly figures, late: loaded (deferred) only on pages with figures by
 * msbook/web.py. Each figure is an empty container written by msbook/figures.py:
 *
 *   <div class="msbook-plotly" role="group" aria-label="...">
 *     <div id="fig-NAME" class="plotly-graph-div msbook-figure" data-msbook-figure
 *          style="height:720px;--msbook-narrow-height:900px" data-narrow-height="900"></div>
 *     <script type="application/json" class="msbook-figure-data">{"data":…,"layout":…}</script>
 *   </div>
 *
 * plotly.js (the small "basic" bundle) is fetched once, when the first figure comes near the
 * viewport, and each figure is drawn when it comes near. Then the figure
 *   - follows the theme (html[data-theme] = light | dark), also when the reader switches it;
 *   - below 600 CSS px of container width, takes the figure's own narrow-screen overrides
 *     (layout.meta.msbook.narrow: Plotly.relayout-style updates; "height" is applied by CSS);
 * and the container gets data-msbook-state="drawn" and the event "msbook:figure-drawn"
 * (bubbling; detail: {id}), which msbook.js uses to add the keyboard slider. */
(function () {
  "use strict";

  var NARROW = 600;
  var script = document.currentScript;
  var PLOTLY_SRC = script ? script.src.replace(/msbook-figures\.js.*$/, "vendor/plotly/plotly-basic.min.js") : "";
  var touch = window.matchMedia && window.matchMedia("(hover: none)").matches;
  var CONFIG = { displaylogo: false, responsive: true, displayModeBar: touch ? false : "hover" };
  var plotlyPromise = null;
  var figures = [];

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyPromise) {
      plotlyPromise = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = PLOTLY_SRC;
        tag.async = true;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () { reject(new Error("could not load " + PLOTLY_SRC)); };
        document.head.appendChild(tag);
      });
    }
    return plotlyPromise;
  }

  /* ---- paths such as "sliders[0].currentvalue.font.color" ---- */
  function parsePath(path) {
    var parts = [];
    path.split(".").forEach(function (piece) {
      var re = /([^\[\]]+)|\[(\d+)\]/g, m;
      while ((m = re.exec(piece))) parts.push(m[1] !== undefined ? m[1] : Number(m[2]));
    });
    return parts;
  }
  function getPath(obj, path) {
    var parts = parsePath(path);
    for (var i = 0; i < parts.length; i++) {
      if (obj === null || typeof obj !== "object") return undefined;
      obj = obj[parts[i]];
    }
    return obj;
  }
  function setPath(obj, path, value) {
    var parts = parsePath(path);
    for (var i = 0; i < parts.length - 1; i++) {
      if (obj[parts[i]] === null || typeof obj[parts[i]] !== "object") {
        if (value === undefined) return;
        obj[parts[i]] = typeof parts[i + 1] === "number" ? [] : {};
      }
      obj = obj[parts[i]];
    }
    var last = parts[parts.length - 1];
    if (value === undefined || value === null) delete obj[last];
    else obj[last] = value;
  }
  function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  /* ---- colours ---- */
  var probe = null;
  var colourCache = {};
  function rgba(colour) {
    if (typeof colour !== "string") return null;
    if (colour in colourCache) return colourCache[colour];
    if (!probe) {
      probe = document.createElement("span");
      probe.style.display = "none";
      document.body.appendChild(probe);
    }
    probe.style.color = "";
    probe.style.color = colour;
    var m = probe.style.color ? getComputedStyle(probe).color.match(/[\d.]+/g) : null;
    var result = m ? [Number(m[0]), Number(m[1]), Number(m[2]), m.length > 3 ? Number(m[3]) : 1] : null;
    colourCache[colour] = result;
    return result;
  }
  function luminance(c) {
    var v = [c[0], c[1], c[2]].map(function (x) {
      x /= 255;
      return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function css(c) {
    return c[3] < 1 ? "rgba(" + c.slice(0, 3).map(Math.round).join(",") + "," + c[3] + ")"
                    : "rgb(" + c.slice(0, 3).map(Math.round).join(",") + ")";
  }
  /* A colour that keeps at least `ratio` contrast on the dark background: near-black becomes
   * the text colour (light grey); other colours are mixed with white just enough. */
  function onDark(colour, theme, ratio) {
    var c = rgba(colour);
    if (!c) return colour;
    var opaque = c.slice(0, 3);
    if (contrast(opaque, theme.bg) >= ratio) return colour;
    if (luminance(opaque) < 0.03) return css(theme.text.concat([c[3]]));
    for (var t = 0.1; t <= 1.0001; t += 0.1) {
      var mixed = opaque.map(function (x) { return x + (255 - x) * t; });
      if (contrast(mixed, theme.bg) >= ratio) return css(mixed.concat([c[3]]));
    }
    return css([255, 255, 255, c[3]]);
  }
  /* A background that was light becomes the page background, at the same opacity. */
  function darkBackground(colour, theme) {
    var c = rgba(colour);
    if (!c || c[3] === 0 || luminance(c) < 0.35) return colour;
    return css(theme.bg.concat([c[3]]));
  }

  function currentTheme() {
    var dark = document.documentElement.dataset.theme === "dark";
    if (!dark) return { dark: false };
    var style = getComputedStyle(document.documentElement);
    var bg = rgba(style.getPropertyValue("--pst-color-background").trim() || "#14181e") || [20, 24, 30, 1];
    var text = rgba(style.getPropertyValue("--pst-color-text-base").trim() || "#ced6dd") || [206, 214, 221, 1];
    return { dark: true, bg: bg.slice(0, 3), text: text.slice(0, 3) };
  }

  /* Every colour attribute set in a figure (template and slider steps aside), with its path. */
  function colourPaths(node, path, out, inTrace) {
    if (Array.isArray(node)) {
      node.forEach(function (item, i) { colourPaths(item, path + "[" + i + "]", out, inTrace); });
    } else if (node && typeof node === "object") {
      Object.keys(node).forEach(function (key) {
        if (key === "template" || key === "steps" || key === "meta") return;
        var sub = path ? path + "." + key : key;
        var value = node[key];
        if (/color$/.test(key) && typeof value === "string") out.push(sub);
        else if (key === "colorway" && Array.isArray(value)) out.push(sub);
        else colourPaths(value, sub, out, inTrace);
      });
    }
    return out;
  }

  /* Layout updates for the dark theme: {path: value}; in light, {path: original or undefined}. */
  function themeUpdates(fig, theme) {
    var layout = fig.spec.layout;
    var L = {}, D = [];
    var text = theme.dark ? css(theme.text) : undefined;
    var muted = theme.dark ? css(theme.text.concat([0.75])) : undefined;
    var grid = theme.dark ? css(theme.text.concat([0.16])) : undefined;
    var panel = theme.dark ? css(theme.bg.concat([0.85])) : undefined;
    function put(path, darkValue) {
      L[path] = theme.dark ? darkValue : copy(getPath(layout, path));
    }
    colourPaths(layout, "", []).forEach(function (path) {
      var value = getPath(layout, path);
      if (!theme.dark) return put(path);
      if (Array.isArray(value)) return put(path, value.map(function (c) { return onDark(c, theme, 3); }));
      if (/bgcolor$/.test(path)) return put(path, darkBackground(value, theme));
      put(path, onDark(value, theme, /font\.color$/.test(path) ? 4.5 : 3));
    });
    var colorway = getPath(layout, "colorway") || getPath(layout, "template.layout.colorway");
    if (colorway) put("colorway", theme.dark ? colorway.map(function (c) { return onDark(c, theme, 3); }) : undefined);
    put("paper_bgcolor", "rgba(0,0,0,0)");
    put("plot_bgcolor", "rgba(0,0,0,0)");
    put("font.color", text);
    put("legend.bgcolor", panel);
    put("legend.bordercolor", muted);
    put("legend.font.color", text);
    put("title.font.color", text);
    Object.keys(layout).concat(["xaxis", "yaxis"]).forEach(function (key) {
      if (!/^[xy]axis\d*$/.test(key)) return;
      put(key + ".gridcolor", grid);
      put(key + ".linecolor", muted);
      put(key + ".zerolinecolor", muted);
      put(key + ".tickcolor", muted);
      put(key + ".tickfont.color", text);
      put(key + ".title.font.color", text);
      // Only where the figure has minor ticks: plotly would otherwise mix a light minor grid.
      if (layout[key] && layout[key].minor) put(key + ".minor.gridcolor", theme.dark ? css(theme.text.concat([0.09])) : undefined);
    });
    (layout.sliders || []).forEach(function (_, i) {
      var s = "sliders[" + i + "].";
      put(s + "bgcolor", theme.dark ? "#39424d" : undefined);
      put(s + "activebgcolor", theme.dark ? "#5b6673" : undefined);
      put(s + "bordercolor", muted);
      put(s + "tickcolor", muted);
      put(s + "font.color", text);
      put(s + "currentvalue.font.color", text);
    });
    (layout.updatemenus || []).forEach(function (_, i) {
      var u = "updatemenus[" + i + "].";
      put(u + "bgcolor", theme.dark ? "#39424d" : undefined);
      put(u + "bordercolor", muted);
      put(u + "font.color", text);
    });
    (layout.annotations || []).forEach(function (a, i) {
      var path = "annotations[" + i + "].font.color";
      var own = getPath(layout, path);
      put(path, theme.dark ? (own ? onDark(own, theme, 4.5) : text) : undefined);
    });
    // Trace colours: [traceIndex, path, value]
    fig.spec.data.forEach(function (trace, i) {
      colourPaths(trace, "", []).forEach(function (path) {
        var value = getPath(trace, path);
        if (!theme.dark) return D.push([i, path, copy(value)]);
        D.push([i, path, Array.isArray(value)
          ? value.map(function (c) { return onDark(c, theme, 3); })
          : onDark(value, theme, /font\.color$/.test(path) ? 4.5 : 3)]);
      });
    });
    return { layout: L, data: D };
  }

  /* Layout updates for the container's width: the figure's own narrow overrides, or back. */
  function narrowUpdates(fig, narrow) {
    var overrides = getPath(fig.spec.layout, "meta.msbook.narrow") || {};
    var L = {};
    Object.keys(overrides).forEach(function (path) {
      if (path === "height" || path === "width") return; // the container's CSS sizes the figure
      L[path] = narrow ? copy(overrides[path]) : copy(getPath(fig.spec.layout, path));
    });
    return L;
  }

  function isNarrow(fig) {
    return fig.box.clientWidth > 0 && fig.box.clientWidth < NARROW;
  }

  /* The figure as it should look now: from `base` (the current data and layout, so that a
   * slider's state is kept), with the width and theme updates applied. */
  function target(fig, base) {
    var data = copy(base.data), layout = copy(base.layout);
    fig.narrow = isNarrow(fig);
    fig.dark = currentTheme().dark;
    var n = narrowUpdates(fig, fig.narrow);
    Object.keys(n).forEach(function (p) { setPath(layout, p, n[p]); });
    var t = themeUpdates(fig, currentTheme());
    Object.keys(t.layout).forEach(function (p) { setPath(layout, p, t.layout[p]); });
    t.data.forEach(function (u) { if (data[u[0]]) setPath(data[u[0]], u[1], u[2]); });
    delete layout.height; // the container's height (CSS) decides; plotly fills it
    delete layout.width;
    layout.autosize = true;
    return { data: data, layout: layout };
  }

  function draw(fig) {
    if (fig.state) return;
    fig.state = "loading";
    fig.gd.setAttribute("data-msbook-state", "loading");
    loadPlotly().then(function (Plotly) {
      var spec = JSON.parse(fig.json.textContent);
      fig.spec = spec;
      var now = target(fig, spec);
      return Plotly.newPlot(fig.gd, {
        data: now.data, layout: now.layout, frames: spec.frames || [], config: CONFIG
      }).then(function () {
        fig.state = "drawn";
        fig.gd.setAttribute("data-msbook-state", "drawn");
        fig.gd.dispatchEvent(new CustomEvent("msbook:figure-drawn", { bubbles: true, detail: { id: fig.gd.id } }));
      });
    }).catch(function (error) {
      fig.state = "failed";
      fig.gd.setAttribute("data-msbook-state", "failed");
      console.error("msbook: figure " + fig.gd.id + " could not be drawn:", error);
    });
  }

  /* Redraw a drawn figure when the theme or the width class changed. */
  function refresh(fig, force) {
    if (fig.state !== "drawn" || !window.Plotly) return;
    if (!force && fig.narrow === isNarrow(fig) && fig.dark === currentTheme().dark) {
      return window.Plotly.Plots.resize(fig.gd);
    }
    var now = target(fig, { data: fig.gd.data, layout: fig.gd.layout });
    return window.Plotly.react(fig.gd, now.data, now.layout, CONFIG);
  }

  function init() {
    document.querySelectorAll("[data-msbook-figure]").forEach(function (gd) {
      var box = gd.closest(".msbook-plotly") || gd.parentElement;
      var json = box.querySelector("script.msbook-figure-data");
      if (json) figures.push({ gd: gd, box: box, json: json, state: null });
    });
    if (!figures.length) return;
    if ("IntersectionObserver" in window) {
      var seen = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          seen.unobserve(entry.target);
          figures.forEach(function (fig) { if (fig.gd === entry.target) draw(fig); });
        });
      }, { rootMargin: "300px 0px" });
      figures.forEach(function (fig) { seen.observe(fig.gd); });
    } else {
      figures.forEach(draw);
    }
    // Printing from the browser: draw everything (plotly may still be on its way).
    window.addEventListener("beforeprint", function () { figures.forEach(draw); });
    // A reader who moves with the keyboard gets every figure (and its keyboard slider,
    // added by msbook.js) at the first Tab, before focus can pass a figure not yet drawn.
    document.addEventListener("keydown", function onTab(event) {
      if (event.key !== "Tab") return;
      document.removeEventListener("keydown", onTab);
      figures.forEach(draw);
    });
    new MutationObserver(function () {
      figures.forEach(function (fig) { refresh(fig); });
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    if ("ResizeObserver" in window) {
      var sized = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
          figures.forEach(function (fig) { if (fig.box === entry.target) refresh(fig); });
        });
      });
      figures.forEach(function (fig) { sized.observe(fig.box); });
    }
  }

  // For tests and the console: draw every figure now; resolves when all are drawn.
  window.msbookFigures = {
    drawAll: function () {
      figures.forEach(draw);
      return new Promise(function (resolve) {
        (function wait() {
          if (figures.every(function (f) { return f.state === "drawn" || f.state === "failed"; })) resolve();
          else setTimeout(wait, 50);
        })();
      });
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
