/* McDonald criteria case builder (chapter 8). Teaches the criteria; it does not diagnose anyone.
 *
 * The rules are the same as msbook/models/mcdonald.py (the Python engine); tests/test_mcdonald_model.py
 * runs this file with node on every case in msbook/data/mcdonald_cases.csv and checks that both agree.
 * In a browser it builds a small form inside <div id="msbook-mcdonald"> and shows both verdicts.
 */
(function (root) {
  "use strict";
  var REGIONS = ["periventricular", "cortical", "infratentorial", "spinal_cord", "optic_nerve"];
  var REGIONS_2017 = REGIONS.slice(0, 4);
  var NAMES = {
    periventricular: "Periventricular", cortical: "Cortical or juxtacortical",
    infratentorial: "Infratentorial", spinal_cord: "Spinal cord", optic_nerve: "Optic nerve"
  };
  var FOLLOW_UP = ["none", "new lesion", "no new lesion"];
  var RESULT = ["not done", "positive", "negative"];
  var FIELDS = ["attacks", "clinical_lesions", "lesions", "enhancing", "follow_up", "ocb", "kflc", "cvs", "prl"];

  function count(name, value, high) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > high) {
      throw new Error(name + " must be a whole number from 0 to " + high + "; got " + JSON.stringify(value));
    }
  }
  function choice(name, value, options) {
    if (options.indexOf(value) < 0) {
      throw new Error(name + " must be one of " + options.join(", ") + "; got " + JSON.stringify(value));
    }
  }
  function n(map, region) { return (map && map[region]) || 0; }

  function check(c) {
    FIELDS.forEach(function (f) { if (!(f in c)) { throw new Error("incomplete case: missing field " + f); } });
    count("attacks", c.attacks, 9);
    count("clinical_lesions", c.clinical_lesions, 9);
    ["lesions", "enhancing"].forEach(function (name) {
      Object.keys(c[name]).forEach(function (r) {
        if (REGIONS.indexOf(r) < 0) { throw new Error(name + ": unknown area " + r); }
        count(name + "[" + r + "]", c[name][r], 99);
      });
    });
    if (n(c.enhancing, "optic_nerve")) {
      throw new Error("enhancing[optic_nerve] must be 0: the optic-nerve area records evidence (MRI, VEP or OCT), " +
                      "and this engine does not use optic-nerve enhancement for dissemination in time");
    }
    REGIONS.forEach(function (r) {
      if (n(c.enhancing, r) > n(c.lesions, r)) {
        throw new Error("enhancing[" + r + "] is more than lesions[" + r + "]: an enhancing lesion is one of the lesions");
      }
    });
    choice("follow_up", c.follow_up, FOLLOW_UP);
    ["ocb", "kflc", "cvs", "prl"].forEach(function (f) { choice(f, c[f], RESULT); });
    var total = REGIONS.reduce(function (s, r) { return s + n(c.lesions, r); }, 0);
    if (c.attacks === 0 && c.clinical_lesions > 0) { throw new Error("clinical_lesions must be 0 when attacks is 0"); }
    if (c.attacks > 0 && c.clinical_lesions === 0) { throw new Error("clinical_lesions must be 1 to 9 when there was an attack"); }
    if (c.attacks === 0 && total === 0) { throw new Error("lesions: with no attack and no lesion there is nothing to evaluate"); }
    if (total === 0) {
      ["cvs", "prl"].forEach(function (f) {
        if (c[f] !== "not done") { throw new Error(f + " needs lesions to be read on; lesions are all 0"); }
      });
      if (c.follow_up === "new lesion") { throw new Error("follow_up 'new lesion' contradicts lesions all 0"); }
    }
    return total;
  }

  function evaluate(c, edition) {
    if (edition !== 2017 && edition !== 2024) { throw new Error("edition must be 2017 or 2024"); }
    var total = check(c);
    var areas = (edition === 2017 ? REGIONS_2017 : REGIONS).filter(function (r) { return n(c.lesions, r) > 0; }).length;
    var csf = c.ocb === "positive" || (edition === 2024 && c.kflc === "positive");
    var notes = [];
    if (c.attacks === 0 && edition === 2017) {
      notes.push("Under 2017 a radiologically isolated syndrome is not diagnosed as MS on imaging alone.");
      return { edition: edition, status: "not met", dis: false, dis_rule: "no-attack",
               dit: false, dit_rule: "no-attack", missing: ["attack"], notes: notes, areas: areas };
    }
    var dis, disRule;
    if (c.clinical_lesions >= 2) { dis = true; disRule = "clinical"; }
    else if (areas >= 2) { dis = true; disRule = "mri"; }
    else { dis = false; disRule = "none"; }
    // Only brain and spinal cord lesions count for "enhancing and non-enhancing lesions together".
    var enh = REGIONS_2017.reduce(function (s, r) { return s + n(c.enhancing, r); }, 0);
    var scan = REGIONS_2017.reduce(function (s, r) { return s + n(c.lesions, r); }, 0);  // brain and cord
    var cvs = edition === 2024 && c.cvs === "positive";
    var dit, ditRule;
    if (edition === 2024 && areas >= 4 && c.attacks > 0) { dit = true; ditRule = "four-areas"; }
    else if (c.attacks >= 2) { dit = true; ditRule = "attacks"; }
    else if (enh >= 1 && scan - enh >= 1) { dit = true; ditRule = "simultaneous"; }
    else if (c.follow_up === "new lesion") { dit = true; ditRule = "follow-up"; }
    else if (dis && csf) { dit = true; ditRule = "csf"; }
    else if (areas >= 2 && cvs) { dit = true; ditRule = "cvs"; }  // the published route: two or three areas
    else { dit = false; ditRule = "none"; }
    var status = dis && dit ? "met" : "not met";
    if (c.attacks === 0) {
      notes.push("No attack: the 2024 rules for a radiologically isolated syndrome ask for dissemination in " +
                 "space plus dissemination in time, positive CSF or a positive central vein sign.");
      if (areas >= 4 && !dit) {
        notes.push("Lesions in four or five areas are enough after an attack, but are not among the routes " +
                   "the revision's panel lists for a radiologically isolated syndrome.");
      }
    } else if (edition === 2024 && scan === 0 && status === "met") {
      notes.push("Reports of the 2024 revision say that paraclinical evidence (typically MRI) is now needed; " +
                 "this tool does not decide a case with no brain or spinal cord lesion on MRI.");
      status = "outside";
    } else if (edition === 2024 && !dis && (csf || ditRule === "simultaneous" || ditRule === "follow-up") &&
               (c.cvs === "positive" || c.prl === "positive")) {
      notes.push("The 2024 revision may allow a diagnosis with lesions in a single area when further markers " +
                 "are present; this tool does not apply those rules.");
      status = "outside";
    }
    if (edition === 2017 && c.kflc === "positive") { notes.push("A kFLC index was not part of the 2017 criteria."); }
    if (edition === 2017 && n(c.lesions, "optic_nerve") > 0) { notes.push("The optic nerve was not one of the 2017 areas."); }
    if (edition === 2017 && (c.cvs === "positive" || c.prl === "positive")) {
      notes.push("The central vein sign and rim lesions were not part of the 2017 criteria.");
    }
    if (cvs && areas < 2 && status !== "outside") {
      notes.push("This tool uses a positive central vein sign only together with lesions in two or more areas.");
    }
    if (edition === 2024 && c.prl === "positive") {
      notes.push("Rim lesions add supportive evidence; where the 2024 revision lets them count could not be " +
                 "confirmed for this book, so this tool does not use them.");
    }
    var untested = c.ocb === "not done" && (edition === 2017 || c.kflc === "not done");
    if (dis && !dit && untested) { notes.push("CSF testing could stand in for dissemination in time."); }
    var missing = [];
    if (!dis) { missing.push("space"); }
    if (!dit) { missing.push(c.attacks === 0 ? "time-no-attack" : "time"); }
    return { edition: edition, status: status, dis: dis, dis_rule: disRule, dit: dit,
             dit_rule: ditRule, missing: missing, notes: notes, areas: areas };
  }

  var RULE_TEXT = {
    clinical: "objective clinical evidence of two or more lesions",
    mri: "{what} in {n} of the {total} areas",
    attacks: "two or more attacks",
    simultaneous: "enhancing and non-enhancing lesions on the same scan",
    "follow-up": "a new lesion on the follow-up scan",
    csf: "CSF ({which}) in place of dissemination in time",
    cvs: "a positive central vein sign (select six) in place of dissemination in time",
    "four-areas": "not needed: lesions in {n} of the 5 areas",
    none: "not met",
    "no-attack": "not assessed: no clinical attack"
  };
  var MISSING_TEXT = {
    space: "a lesion in a second area, or a further attack at a different site",
    time: "a new lesion on a later scan, an enhancing and a non-enhancing lesion together, CSF bands, or a second attack",
    attack: "a clinical attack (under 2017 imaging alone is not enough)",
    // 2024, no attack: the routes of the radiologically isolated syndrome rules.
    "time-no-attack": "a new lesion on a later scan, an enhancing and a non-enhancing lesion together, " +
      "CSF bands or a raised kFLC index, or a positive central vein sign"
  };
  function ruleText(code, v) {
    return RULE_TEXT[code].replace("{n}", v.areas).replace("{total}", v.edition === 2017 ? 4 : 5)
      .replace("{what}", v.edition === 2017 ? "a T2 lesion" : "lesions or optic-nerve evidence")
      .replace("{which}", v.edition === 2017 ? "oligoclonal bands" : "oligoclonal bands or kFLC index");
  }

  function missingText(code, v) {
    if (code === "time" && v.edition === 2024) {
      return "a new lesion on a later scan, an enhancing and a non-enhancing lesion together, CSF bands or a " +
        "raised kFLC index, a positive central vein sign, or a second attack" +
        (v.areas === 3 ? ", or lesions in a fourth area" : "");
    }
    return MISSING_TEXT[code];
  }

  var api = { REGIONS: REGIONS, evaluate: evaluate, ruleText: ruleText, missingText: missingText };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  if (typeof document === "undefined") { return; }

  /* ---- The form (browser only) ---- */
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    return e;
  }
  function select(id, label, options, parent) {
    var wrap = el("div", { "class": "mcd-field" });
    wrap.appendChild(el("label", { "for": id }, label));
    var s = el("select", { id: id });
    options.forEach(function (o) { var opt = el("option", { value: o[0] }, o[1]); s.appendChild(opt); });
    wrap.appendChild(s);
    parent.appendChild(wrap);
    return s;
  }
  // Schematic positions (viewBox 0 0 120 150): a head seen from the side with the cord below.
  var SPOTS = {
    periventricular: [52, 48], cortical: [30, 30], infratentorial: [70, 82],
    spinal_cord: [78, 128], optic_nerve: [18, 62]
  };

  function build(box) {
    var form = el("form", { "class": "mcd-form", "aria-describedby": "mcd-notice" });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var notice = el("p", { id: "mcd-notice", "class": "mcd-notice" },
      "Teaches the criteria; it does not diagnose anyone. Fictional cases only.");
    box.appendChild(notice);
    var grid = el("div", { "class": "mcd-grid" });
    form.appendChild(grid);

    var clin = el("fieldset", { "class": "mcd-set" });
    clin.appendChild(el("legend", {}, "1. Clinical history"));
    var attacks = select("mcd-attacks", "Attacks", [["1", "One attack (clinically isolated syndrome)"],
      ["2", "Two or more attacks"], ["0", "None: lesions found by chance"]], clin);
    var clinical = select("mcd-clinical", "Lesions found on examination",
      [["1", "One"], ["2", "Two or more"]], clin);
    grid.appendChild(clin);

    var mri = el("fieldset", { "class": "mcd-set mcd-mri" });
    mri.appendChild(el("legend", {}, "2. First MRI: tick each area with a lesion"));
    var svgNS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", "0 0 120 150");
    svg.setAttribute("class", "mcd-schematic");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var outline = document.createElementNS(svgNS, "path");
    outline.setAttribute("d", "M20 60 C14 20 60 4 92 24 C112 38 110 70 96 84 L84 96 L84 146 L72 146 L72 100 C52 100 30 92 20 60 Z");
    outline.setAttribute("class", "mcd-outline");
    svg.appendChild(outline);
    var dots = {};
    REGIONS.forEach(function (r, i) {
      var g = document.createElementNS(svgNS, "circle");
      g.setAttribute("cx", SPOTS[r][0]); g.setAttribute("cy", SPOTS[r][1]); g.setAttribute("r", 8);
      g.setAttribute("class", "mcd-spot");
      var t = document.createElementNS(svgNS, "text");
      t.setAttribute("x", SPOTS[r][0]); t.setAttribute("y", SPOTS[r][1] + 3.5);
      t.setAttribute("class", "mcd-spot-label"); t.textContent = String(i + 1);
      g.addEventListener("click", function () { boxes[r].lesion.click(); });
      svg.appendChild(g); svg.appendChild(t);
      dots[r] = g;
    });
    var mriRow = el("div", { "class": "mcd-mri-row" });
    mriRow.appendChild(svg);
    var list = el("ul", { "class": "mcd-regions" });
    var boxes = {};
    REGIONS.forEach(function (r, i) {
      var li = el("li");
      var lid = "mcd-les-" + r, eid = "mcd-enh-" + r;
      var lesion = el("input", { type: "checkbox", id: lid });
      var enh = el("input", { type: "checkbox", id: eid, disabled: "" });
      var l1 = el("label", { "for": lid }, (i + 1) + ". " + NAMES[r] + (r === "optic_nerve" ? " evidence (MRI, VEP or OCT; 2024 only)" : ""));
      var row1 = el("div", { "class": "mcd-check" });
      row1.appendChild(lesion); row1.appendChild(l1);
      li.appendChild(row1);
      if (r !== "optic_nerve") {  // the optic-nerve area is evidence (MRI, VEP or OCT); no enhancement used
        var l2 = el("label", { "for": eid, "class": "mcd-enh" }, "enhances");
        l2.appendChild(el("span", { "class": "mcd-sr" }, " (" + NAMES[r].toLowerCase() + ")"));
        var row2 = el("div", { "class": "mcd-check mcd-sub" });
        row2.appendChild(enh); row2.appendChild(l2);
        li.appendChild(row2);
      }
      list.appendChild(li);
      boxes[r] = { lesion: lesion, enh: enh };
    });
    mriRow.appendChild(list);
    mri.appendChild(mriRow);
    grid.appendChild(mri);

    var more = el("fieldset", { "class": "mcd-set" });
    more.appendChild(el("legend", {}, "3. More tests"));
    var follow = select("mcd-follow", "Follow-up MRI", [["none", "Not done"], ["new lesion", "New lesion"],
      ["no new lesion", "No new lesion"]], more);
    var tests = [["ocb", "CSF oligoclonal bands"], ["kflc", "CSF kFLC index (2024)"], ["cvs", "Central vein sign (select six, 2024)"],
                 ["prl", "Paramagnetic rim lesions"]];
    var selects = {};
    tests.forEach(function (t) {
      selects[t[0]] = select("mcd-" + t[0], t[1], [["not done", "Not done"], ["positive", "Positive"],
        ["negative", "Negative"]], more);
    });
    grid.appendChild(more);
    box.appendChild(form);

    var summary = el("p", { "class": "mcd-summary", "aria-live": "polite" });
    box.appendChild(summary);
    var results = el("div", { "class": "mcd-results", "aria-live": "polite" });
    box.appendChild(results);

    function current() {
      var a = parseInt(attacks.value, 10), lesions = {}, enhancing = {};
      REGIONS.forEach(function (r) {
        lesions[r] = boxes[r].lesion.checked ? 1 : 0;
        enhancing[r] = r !== "optic_nerve" && boxes[r].lesion.checked && boxes[r].enh.checked ? 1 : 0;
      });
      return { attacks: a, clinical_lesions: a === 0 ? 0 : parseInt(clinical.value, 10), lesions: lesions,
               enhancing: enhancing, follow_up: follow.value, ocb: selects.ocb.value, kflc: selects.kflc.value,
               cvs: selects.cvs.value, prl: selects.prl.value };
    }
    function panel(v) {
      var p = el("section", { "class": "mcd-verdict mcd-" + v.status.replace(" ", "-"), "aria-label": "Verdict under " + v.edition });
      var head = { met: "met", "not met": "not met", outside: "not covered by this tool" }[v.status];
      p.appendChild(el("h4", {}, v.edition + " criteria: " + head));
      var dl = el("ul");
      dl.appendChild(el("li", {}, "Space: " + (v.dis ? "met, by " : "") + ruleText(v.dis_rule, v)));
      dl.appendChild(el("li", {}, "Time: " + (v.dit ? "met, by " : "") + ruleText(v.dit_rule, v)));
      v.missing.forEach(function (m) { dl.appendChild(el("li", {}, "Missing: " + missingText(m, v))); });
      v.notes.forEach(function (m) { dl.appendChild(el("li", {}, "Note: " + m)); });
      p.appendChild(dl);
      return p;
    }
    function update() {
      var none = attacks.value === "0";
      clinical.disabled = none;
      REGIONS.forEach(function (r) {
        boxes[r].enh.disabled = !boxes[r].lesion.checked;
        if (!boxes[r].lesion.checked) { boxes[r].enh.checked = false; }
        dots[r].setAttribute("class", "mcd-spot" + (boxes[r].lesion.checked ? (boxes[r].enh.checked ? " mcd-on mcd-gd" : " mcd-on") : ""));
      });
      var c = current();
      var areas = REGIONS.filter(function (r) { return c.lesions[r]; }).map(function (r) {
        return NAMES[r].toLowerCase() + (c.enhancing[r] ? " (enhancing)" : "");
      });
      summary.textContent = "Case: " + attacks.options[attacks.selectedIndex].text.toLowerCase() +
        (none ? "" : ", " + clinical.options[clinical.selectedIndex].text.toLowerCase() + " on examination") +
        "; lesions: " + (areas.length ? areas.join(", ") : "none") + "; follow-up: " + follow.value +
        "; bands: " + c.ocb + "; kFLC: " + c.kflc + "; central vein: " + c.cvs + "; rim: " + c.prl + ".";
      results.textContent = "";
      try {
        results.appendChild(panel(evaluate(c, 2017)));
        results.appendChild(panel(evaluate(c, 2024)));
      } catch (err) {
        results.appendChild(el("p", { "class": "mcd-error", role: "alert" }, "This case cannot be evaluated: " + err.message + "."));
      }
    }
    form.addEventListener("change", update);
    update();
  }

  function start() {
    var box = document.getElementById("msbook-mcdonald");
    if (box && !box.dataset.ready) {
      box.dataset.ready = "1";
      var fallback = box.querySelector(".mcd-fallback");
      if (fallback) { fallback.remove(); }
      build(box);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})(this);
