"""The McDonald criteria teaching engine (chapter 8): every rule, its edge cases, and the JavaScript twin.

The expected verdicts in msbook/data/mcdonald_cases.csv were written by hand from the rules
that chapter 8 states (Thompson et al. 2018; Montalban et al. 2025); the engines are checked
against them, and the JavaScript version of the page against the Python one on every case.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from msbook.models.mcdonald import EDITIONS, FIELDS, RULE_TEXT, Case, case_table, evaluate, evaluate_both

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "book" / "assets" / "mcdonald.js"
CASES = case_table()


def as_json(case: Case) -> dict:
    return {name: (dict(getattr(case, name)) if name in ("lesions", "enhancing") else getattr(case, name))
            for name in FIELDS}


@pytest.mark.parametrize("row", CASES, ids=[row["id"] for row in CASES])
@pytest.mark.parametrize("edition", EDITIONS)
def test_worked_case_gives_the_expected_verdict(row, edition):
    verdict = evaluate(row["case"], edition)
    assert f"{verdict.status}|{verdict.dis_rule}|{verdict.dit_rule}" == row[f"expect_{edition}"], row["description"]
    # What is missing matches the verdict.
    if verdict.dis_rule != "no-attack":
        assert ("space" in verdict.missing) == (not verdict.dis)
        assert any(m.startswith("time") for m in verdict.missing) == (not verdict.dit)
    if verdict.status != "outside":
        assert (verdict.status == "met") == (verdict.dis and verdict.dit)
    else:  # not decided, with the reason in a note
        assert verdict.notes
    assert verdict.explain().startswith({"met": "Criteria met", "not met": "Criteria not met",
                                         "outside": "Not covered"}[verdict.status])


def test_the_table_covers_every_rule_and_outcome():
    seen = {(e, part, rule) for row in CASES for e in EDITIONS
            for part, rule in zip(("status", "dis", "dit"), row[f"expect_{e}"].split("|"))}
    for edition in EDITIONS:
        rules = {r for (e, part, r) in seen if e == edition and part in ("dis", "dit")}
        # 2017 has no four-areas or central-vein route; 2024 assesses a case without an attack.
        expected = set(RULE_TEXT) - ({"four-areas", "cvs"} if edition == 2017 else {"no-attack"})
        assert rules == expected, f"{edition}: rules not exercised: {expected - rules}"
    assert {r for (e, p, r) in seen if p == "status"} == {"met", "not met", "outside"}
    # Cases where the two editions disagree: the teaching point of the chapter.
    differ = [row["id"] for row in CASES if row["expect_2017"] != row["expect_2024"]]
    assert len(differ) >= 5


def test_optic_nerve_counts_only_in_2024():
    case = Case(attacks=1, clinical_lesions=1, lesions={"periventricular": 1, "optic_nerve": 1})
    assert not evaluate(case, 2017).dis and evaluate(case, 2024).dis
    assert evaluate(case, 2017).areas == 1 and evaluate(case, 2024).areas == 2


def test_optic_nerve_evidence_never_counts_as_a_lesion_of_another_age():
    # Enhancing brain and cord lesions; the only other "lesion" is optic-nerve evidence (findings 1-2).
    case = Case(attacks=1, clinical_lesions=1, lesions={"periventricular": 1, "spinal_cord": 1, "optic_nerve": 1},
                enhancing={"periventricular": 1, "spinal_cord": 1})
    for edition in EDITIONS:
        assert evaluate(case, edition).dit is False
    with_brain = replace(case, lesions=dict(case.lesions, cortical=1))
    assert evaluate(with_brain, 2017).dit_rule == "simultaneous"
    assert evaluate(with_brain, 2024).dit  # by four of five areas


def test_four_of_five_areas_replaces_time_in_2024_only_from_four():
    three = {"periventricular": 1, "cortical": 1, "infratentorial": 1}
    for lesions, met in ((three, False), (dict(three, spinal_cord=1), True), (dict(three, optic_nerve=1), True)):
        verdict = evaluate(Case(attacks=1, clinical_lesions=1, lesions=lesions), 2024)
        assert verdict.dit is met and (verdict.status == "met") is met
        assert evaluate(Case(attacks=1, clinical_lesions=1, lesions=lesions), 2017).status == "not met"


def test_csf_stands_in_for_time_but_never_for_space():
    base = Case(attacks=1, clinical_lesions=1, lesions={"periventricular": 1, "spinal_cord": 1}, ocb="positive")
    assert evaluate(base, 2017).dit_rule == "csf"
    one_area = replace(base, lesions={"periventricular": 5})
    assert evaluate(one_area, 2017).status == "not met" and evaluate(one_area, 2017).missing == ("space", "time")
    kflc = replace(base, ocb="not done", kflc="positive")
    assert evaluate(kflc, 2017).status == "not met" and evaluate(kflc, 2024).status == "met"


def test_no_attack_meets_2024_only_with_space_and_one_more_route():
    two_areas = Case(attacks=0, clinical_lesions=0, lesions={"periventricular": 6, "spinal_cord": 1})
    assert evaluate(two_areas, 2024).status == "not met"
    assert evaluate(two_areas, 2024).missing == ("time-no-attack",)
    for extra, rule in ((dict(follow_up="new lesion"), "follow-up"), (dict(ocb="positive"), "csf"),
                        (dict(kflc="positive"), "csf"), (dict(cvs="positive"), "cvs"),
                        (dict(enhancing={"periventricular": 1}), "simultaneous")):
        verdict = evaluate(replace(two_areas, **extra), 2024)
        assert (verdict.status, verdict.dit_rule) == ("met", rule), extra
        assert evaluate(replace(two_areas, **extra), 2017).status == "not met"  # never on imaging alone in 2017
    assert evaluate(replace(two_areas, prl="positive"), 2024).status == "not met"  # rim lesions are not used
    one_area = replace(two_areas, lesions={"periventricular": 7}, ocb="positive", cvs="positive")
    assert evaluate(one_area, 2024).missing == ("space", "time-no-attack")
    four = Case(attacks=0, clinical_lesions=0, lesions=dict.fromkeys(("periventricular", "cortical",
                                                                       "infratentorial", "spinal_cord"), 1))
    assert evaluate(four, 2024).status == "not met"
    assert evaluate(replace(four, attacks=1, clinical_lesions=1), 2024).dit_rule == "four-areas"


def test_central_vein_sign_stands_in_for_time_in_2024_only():
    case = Case(attacks=1, clinical_lesions=1, lesions={"periventricular": 6, "cortical": 1}, cvs="positive")
    assert evaluate(case, 2024).dit_rule == "cvs" and evaluate(case, 2024).status == "met"
    assert evaluate(case, 2017).status == "not met"
    # CSF comes first in the report when both are there.
    assert evaluate(replace(case, ocb="positive"), 2024).dit_rule == "csf"
    # The published route is lesions in two or three areas, not clinical evidence of two lesions.
    clinical = replace(case, clinical_lesions=2, lesions={"periventricular": 6})
    assert evaluate(clinical, 2024).status == "not met"
    # One area, a marker of time and a central vein sign or rim lesions: rules the engine does not apply.
    for marker in (dict(ocb="positive"), dict(follow_up="new lesion")):
        for sign in (dict(cvs="positive"), dict(prl="positive")):
            one = replace(case, **{"lesions": {"periventricular": 6}, "cvs": "not done", **marker, **sign})
            assert evaluate(one, 2024).status == "outside", (marker, sign)
            assert evaluate(one, 2017).status == "not met"


def test_2024_does_not_decide_a_case_without_mri_evidence():
    clinical_only = Case(attacks=2, clinical_lesions=2)
    assert evaluate(clinical_only, 2017).status == "met"
    verdict = evaluate(clinical_only, 2024)
    assert verdict.status == "outside" and "paraclinical" in verdict.notes[0]
    assert evaluate(replace(clinical_only, lesions={"spinal_cord": 1}), 2024).status == "met"
    # Optic-nerve evidence (which may be OCT or VEP) is not a lesion on MRI.
    assert evaluate(replace(clinical_only, lesions={"optic_nerve": 1}), 2024).status == "outside"


def test_adding_evidence_never_takes_a_met_verdict_away():
    for row in CASES:
        case = row["case"]
        for edition in EDITIONS:
            before = evaluate(case, edition).status
            for extra in (replace(case, follow_up="new lesion") if case.total_lesions else case,
                          replace(case, ocb="positive"), replace(case, attacks=max(case.attacks, 2),
                                                                  clinical_lesions=max(case.clinical_lesions, 1))):
                if before == "met":
                    assert evaluate(extra, edition).status == "met", (row["id"], edition, extra)


@pytest.mark.parametrize("bad, field", [
    (dict(attacks=-1), "attacks"), (dict(attacks=10), "attacks"), (dict(attacks=1.5), "attacks"),
    (dict(attacks=True), "attacks"), (dict(clinical_lesions=0), "clinical_lesions"),
    (dict(attacks=0, clinical_lesions=1), "clinical_lesions"),
    (dict(lesions={"cerebellum": 1}), "lesions"), (dict(lesions={"cortical": 100}), "lesions[cortical]"),
    (dict(enhancing={"spinal_cord": 1}), "enhancing[spinal_cord]"),
    (dict(lesions={"optic_nerve": 1}, enhancing={"optic_nerve": 1}), "enhancing[optic_nerve]"),
    (dict(follow_up="maybe"), "follow_up"), (dict(ocb="yes"), "ocb"), (dict(kflc=None), "kflc"),
    (dict(cvs="positive", lesions={}), "cvs"), (dict(follow_up="new lesion", lesions={}), "follow_up"),
    (dict(attacks=0, clinical_lesions=0, lesions={}), "lesions"),
])
def test_incomplete_or_contradictory_cases_are_refused_by_name(bad, field):
    fields = dict(attacks=1, clinical_lesions=1, lesions={"periventricular": 1})
    fields.update(bad)
    with pytest.raises(ValueError, match=field.replace("[", r"\[").replace("]", r"\]")):
        Case(**fields)


def test_a_case_missing_a_field_is_refused_naming_it():
    data = as_json(CASES[0]["case"])
    del data["follow_up"]
    with pytest.raises(ValueError, match="missing field.*follow_up"):
        evaluate(data, 2017)
    with pytest.raises(ValueError, match="edition"):
        evaluate(CASES[0]["case"], 2010)


@pytest.fixture(scope="module")
def js_verdicts():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = (
        "const m = require(process.argv[1]); let s = '';"
        "process.stdin.on('data', d => s += d); process.stdin.on('end', () => {"
        "  const out = JSON.parse(s).map(c => { try { return [2017, 2024].map(e => m.evaluate(c, e)); }"
        "    catch (err) { return {error: err.message}; } });"
        "  process.stdout.write(JSON.stringify(out)); });"
    )
    bad = dict(as_json(CASES[0]["case"]), enhancing={"cortical": 1})
    cases = [as_json(row["case"]) for row in CASES] + [bad]
    result = subprocess.run([node, "-e", script, str(JS)], input=json.dumps(cases), capture_output=True,
                            text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def test_javascript_engine_agrees_with_python_on_every_case(js_verdicts):
    assert len(js_verdicts) == len(CASES) + 1
    for row, pair in zip(CASES, js_verdicts):
        python = evaluate_both(row["case"])
        for js in pair:
            py = python[js["edition"]]
            assert {k: js[k] for k in py.codes()} == py.codes(), (row["id"], js["edition"])
            assert js["notes"] == list(py.notes), (row["id"], js["edition"])


def test_javascript_engine_refuses_a_contradictory_case(js_verdicts):
    assert "enhancing[cortical]" in js_verdicts[-1]["error"]
