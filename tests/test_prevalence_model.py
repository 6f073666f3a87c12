"""Chapter 6: the epidemiology data file (against the fact pack and the claims register),
the bathtub model of prevalence, and the figures built from them."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

from msbook.book import ROOT
from msbook.data import EPI_TABLES, epidemiology, read_table
from msbook.models.prevalence import PARAMS, prevalence_course, steady_state, years_to_half_way

FACT_PACK = ROOT.parent / "shared" / "sources" / "ms-facts.md"
REGISTER = ROOT / "book" / "claims" / "ch06-who-gets-ms.yml"


# ------------------------------------------------------------------ the data file
def _facts() -> dict[int, str]:
    """Numbered facts of the source pack: number -> text of the fact."""
    text = FACT_PACK.read_text(encoding="utf-8")
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^(\d+)\. (.*)$", text, re.M)}


def test_every_table_has_rows_and_every_row_is_consistent():
    rows = epidemiology()
    assert {r.table for r in rows} == set(EPI_TABLES)
    for r in rows:
        assert r.citation and r.where and r.unit and r.population, r.id
        if r.ci_low is not None:
            assert r.ci_low <= r.value <= r.ci_high, r.id
    assert len({r.id for r in rows}) == len(rows)


def test_unknown_table_is_refused():
    with pytest.raises(ValueError, match="table must be one of"):
        epidemiology("nonsense")


@pytest.mark.skipif(not FACT_PACK.exists(), reason="the project's source pack (../shared/sources) is not here")
def test_rows_with_a_fact_number_match_a_verified_fact_of_the_pack():
    """Each value (as written in the CSV) appears in the fact it names, which is VERIFIED
    and cites the row's source key."""
    facts = _facts()
    raw = {row["id"]: row for row in read_table("ms_epidemiology")}
    problems = []
    for r in epidemiology():
        if r.fact is None:
            continue
        fact = facts.get(r.fact, "")
        value = raw[r.id]["value"]
        if "VERIFIED" not in fact:
            problems.append(f"{r.id}: fact {r.fact} is not tagged VERIFIED")
        if f"`{r.citation}`" not in fact:
            problems.append(f"{r.id}: fact {r.fact} does not cite {r.citation}")
        if not re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", fact):
            problems.append(f"{r.id}: value {value} is not in fact {r.fact}")
    assert not problems, "\n".join(problems)


def test_rows_without_a_fact_are_verified_claims_of_the_chapter():
    """A value the author checked in the source (no fact number) must be printed in the chapter
    and registered there as a verified claim from the same source."""
    register = yaml.safe_load(REGISTER.read_text(encoding="utf-8"))
    raw = {row["id"]: row for row in read_table("ms_epidemiology")}
    problems = []
    for r in epidemiology():
        if r.fact is not None:
            continue
        value = raw[r.id]["value"]
        ok = any(
            value in (c.get("numbers") or []) and r.citation in str(c.get("source", "")).split(";")
            and c.get("verdict") in {"verified", "corrected", "hedged"}
            for c in register["claims"]
        )
        if not ok:
            problems.append(f"{r.id}: {value} ({r.citation}) is in no verified claim of the chapter")
    assert not problems, "\n".join(problems)


def test_intervals_are_printed_in_the_chapter_as_in_the_data():
    text = (ROOT / "book" / "ch06-who-gets-ms.md").read_text(encoding="utf-8")
    for r in epidemiology("us_incidence") + epidemiology("us_prevalence_kpsc"):
        assert f"({r.ci_low:g} to {r.ci_high:g})" in text or f"{r.ci_low:g} to {r.ci_high:g}" in text, r.id


# ------------------------------------------------------------------ the model
def test_steady_state_is_incidence_times_duration():
    assert steady_state(5, 30) == pytest.approx(150)
    assert steady_state(2.1, 17) == pytest.approx(35.7)


def test_nothing_changes_without_a_change():
    run = prevalence_course(5, 30, 30, 0.6, 0.6)
    assert np.allclose(run["true"], 150) and np.allclose(run["counted"], 90)
    assert np.allclose(run["incidence"], 5)


def test_longer_lives_raise_prevalence_slowly_towards_the_new_level():
    run = prevalence_course(5, 30, 40, 0.6, 0.6, years=200, change_year=20)
    true = run["true"]
    assert np.all(np.diff(true) >= -1e-9)
    assert true[20] == pytest.approx(150) and true[-1] == pytest.approx(200, rel=0.01)
    half = 20 + round(years_to_half_way(40))
    assert true[half] == pytest.approx(175, rel=0.02)  # half way from 150 to 200


def test_better_counting_raises_the_count_at_once_but_not_the_true_number():
    run = prevalence_course(5, 30, 30, 0.6, 0.9)
    assert np.allclose(run["true"], 150)
    assert run["counted"][19] == pytest.approx(90) and run["counted"][20] == pytest.approx(135)


def test_shorter_lives_lower_prevalence():
    run = prevalence_course(5, 40, 20, 1.0, 1.0)
    assert run["true"][-1] < run["true"][0]


@pytest.mark.parametrize("name, value", [
    ("incidence", 0), ("incidence", 25), ("duration_before", 5), ("duration_after", 80),
    ("counted_before", 0.1), ("counted_after", 1.5),
])
def test_inputs_out_of_range_name_the_parameter(name, value):
    with pytest.raises(ValueError, match=name):
        prevalence_course(**{name: value})


def test_years_and_change_year_are_checked():
    with pytest.raises(ValueError, match="years"):
        prevalence_course(years=5)
    with pytest.raises(ValueError, match="change_year"):
        prevalence_course(change_year=100)


def test_params_defaults_are_inside_their_ranges():
    for p in PARAMS.values():
        assert p.low <= p.default <= p.high


# ------------------------------------------------------------------ the figures
def test_us_figure_steps_carry_the_data_values():
    from msbook.plots.epidemiology import US_STEPS, us_groups_figure

    fig = us_groups_figure()
    steps = fig.layout.sliders[0].steps
    assert len(steps) == len(US_STEPS)
    for step, (table, *_rest) in zip(steps, US_STEPS):
        assert list(step.args[0]["y"][0]) == [r.value for r in epidemiology(table)]
        rows = epidemiology(table)
        if rows[0].ci_low is not None:
            assert list(step.args[0]["error_y.array"][0]) == pytest.approx([r.ci_high - r.value for r in rows])


def test_latitude_lines_are_the_published_slopes():
    from msbook.plots.epidemiology import latitude_figure

    fig = latitude_figure()
    for trace, r in zip(fig.data, epidemiology("latitude_slope")):
        for x, y in zip(trace.x, trace.y):
            assert y == pytest.approx(r.value * x, abs=0.06)
    assert len(fig.data) == len(epidemiology("latitude_slope"))  # no invented data points


def test_bathtub_slider_keeps_incidence_flat_in_every_step():
    from msbook.plots.epidemiology import prevalence_slider_figure

    fig = prevalence_slider_figure()
    for step in fig.layout.sliders[0].steps:
        inflow = step.args[0]["y"][2]
        assert len(set(inflow)) == 1
    assert math.isclose(fig.layout.sliders[0].steps[0].args[0]["y"][0][-1], 90)
