"""Chapter 12: the pregnancy and lifestyle data files (against the fact pack, the bibliography and
the chapter's table), the rate-to-share teaching model, and the figures built from them."""

from __future__ import annotations

import math
import re

import pytest
from pybtex.database import parse_file

from msbook.book import ROOT
from msbook.data import (
    CERTAINTY, PREGNANCY_STUDIES, lifestyle_evidence, pregnancy_relapses, read_table,
)
from msbook.models.pregnancy import (
    PARAMS, relative_rate, relative_rates, share_with_relapse, study_rates, study_ranges,
)
from msbook.plots.living import (
    AXIS_PERIODS, STEPS, STUDIES, evidence_map_figure, pregnancy_figure, pregnancy_print_figure,
    share_figure,
)

FACT_PACK = ROOT.parent / "shared" / "sources" / "ms-facts.md"
CHAPTER = ROOT / "book" / "ch12-living-with-ms.md"
BIB = ROOT / "book" / "references.bib"


def _facts() -> dict[int, str]:
    text = FACT_PACK.read_text(encoding="utf-8")
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^(\d+)\. (.*)$", text, re.M)}


# ------------------------------------------------------------------ the data files
def test_every_study_has_a_rate_before_pregnancy_and_rows_are_sourced():
    keys = set(parse_file(str(BIB)).entries)
    for study in PREGNANCY_STUDIES:
        rows = pregnancy_relapses(study)
        assert rows and "before" in study_rates(study), study
        for r in rows:
            assert r.citation in keys and r.where and r.window, (study, r.period)


@pytest.mark.skipif(not FACT_PACK.exists(), reason="the source pack is not on this machine")
def test_rows_with_a_fact_number_match_the_verified_fact():
    facts = _facts()
    for r in pregnancy_relapses():
        if r.fact is None:
            continue
        fact = facts[r.fact]
        assert "VERIFIED" in fact and r.citation in fact, (r.study, r.period)
        for value in filter(None, (r.value, r.low, r.high)):
            assert f"{value:g}" in fact, (r.study, r.period, value)


def test_every_published_value_is_printed_in_the_chapter_table():
    text = CHAPTER.read_text(encoding="utf-8")
    table = text[text.index(":name: tbl-ch12-pregnancy"):]
    table = table[: table.index("\n:::")]
    for r in pregnancy_relapses():
        for value in filter(None, (r.value, r.low, r.high)):
            assert f"{value:g}" in table, (r.study, r.period, value)


def test_a_row_needs_a_value_or_a_range(tmp_path, monkeypatch):
    import msbook.data as data

    bad = tmp_path / "pregnancy_relapses.csv"
    bad.write_text("study,period,value,low,high,window,citation,where,fact\n"
                   "PRIMS,t1,0.5,0.1,0.2,x,confavreux1998prims,abstract,\n")
    monkeypatch.setattr(data, "HERE", tmp_path)
    with pytest.raises(ValueError, match="either a value or a range"):
        data.pregnancy_relapses()


def test_unknown_study_is_refused():
    with pytest.raises(ValueError, match="study must be one of"):
        pregnancy_relapses("Nowhere")


def test_evidence_rows_are_graded_with_a_reason_and_a_known_source():
    keys = set(parse_file(str(BIB)).entries)
    rows = lifestyle_evidence()
    assert len({r.id for r in rows}) == len(rows)
    for r in rows:
        assert r.citation in keys, r.id
        assert r.certainty in CERTAINTY and r.rationale.strip() and r.effect.strip(), r.id
    # the issue asks for these factors at least
    text = " ".join(r.factor.lower() for r in rows)
    for factor in ("exercise", "smoking", "vitamin d", "diet", "sleep", "obesity"):
        assert factor in text, factor


# ------------------------------------------------------------------ the teaching model
def test_share_matches_the_poisson_formula():
    assert share_with_relapse(1.2, 3) == pytest.approx(1 - math.exp(-0.3))
    assert share_with_relapse(0.0, 12) == 0.0


def test_share_rises_with_rate_and_with_time():
    assert share_with_relapse(0.5, 6) < share_with_relapse(1.0, 6) < share_with_relapse(1.0, 12)


def test_prims_postpartum_rate_gives_a_share_near_the_observed_28_percent():
    # Vukusic 2004: 72% of women had no relapse in the 3 months after birth, so 28% did.
    share = share_with_relapse(study_rates("PRIMS")["pp1"], 3)
    assert 0.2 < share < 0.35


@pytest.mark.parametrize("name,value", [("rate", -0.1), ("rate", 3.5), ("months", 0), ("months", 25)])
def test_out_of_range_inputs_name_the_parameter(name, value):
    kwargs = {"rate": 1.0, "months": 3.0, name: value}
    with pytest.raises(ValueError, match=name):
        share_with_relapse(**kwargs)


def test_relative_rate_is_100_before_pregnancy_and_refuses_a_zero_baseline():
    for study in PREGNANCY_STUDIES:
        assert relative_rates(study)["before"] == pytest.approx(100)
    with pytest.raises(ValueError, match="before"):
        relative_rate(0.5, 0)


def test_pregnancy_lowers_the_rate_in_every_study():
    for study in PREGNANCY_STUDIES:
        rates = study_rates(study)
        during = [rates[p] for p in ("t1", "t2", "t3") if p in rates] + list(study_ranges(study).get("pregnancy", ()))
        assert during and max(during) < rates["before"], study


# ------------------------------------------------------------------ the figures
def _plotted(trace) -> list[float]:
    return [v for v in trace.y if v is not None]


@pytest.mark.parametrize("index", range(len(STEPS)))
def test_every_slider_step_plots_the_data_file(index):
    fig = pregnancy_figure(index)
    step = fig.layout.sliders[0].steps[index]
    data = step.args[0]
    measure = STEPS[index][2]
    for i, study in enumerate(STUDIES):
        rates = study_rates(study)
        if study not in STEPS[index][1]:
            assert all(v is None for v in data["y"][i]), (study, "not shown, so no data")
            continue
        for period, value in zip(AXIS_PERIODS, data["y"][i]):
            if period not in rates:
                assert value is None, (study, period)
            elif measure == "rate":
                assert value == rates[period], (study, period)
            else:
                assert value == pytest.approx(100 * rates[period] / rates["before"], abs=0.05)
        assert data["visible"][i] == (study in STEPS[index][1])
    low, high = study_ranges("Kaiser")["pregnancy"]
    box = data["y"][len(STUDIES)]
    if measure == "rate" and "Kaiser" in STEPS[index][1]:
        assert min(box) == low and max(box) == high
    # every step's data differs from the next one's (a slider step must change what is drawn)
    following = fig.layout.sliders[0].steps[(index + 1) % len(STEPS)].args[0]
    assert following["y"] != data["y"]
    # every plotted number of the starting state equals the step's data
    for i, trace in enumerate(fig.data[: len(STUDIES)]):
        assert list(trace.y) == list(fig.layout.sliders[0].steps[fig.layout.sliders[0].active].args[0]["y"][i])


def test_print_figure_shows_both_measures_for_all_studies():
    fig = pregnancy_print_figure()
    assert len(fig.data) == 2 * (len(STUDIES) + 1)
    for i, study in enumerate(STUDIES):
        assert _plotted(fig.data[i]) == list(study_rates(study).values()) or \
            sorted(_plotted(fig.data[i])) == sorted(study_rates(study).values())


def test_evidence_map_draws_each_row_once_with_its_certainty():
    fig = evidence_map_figure()
    rows = lifestyle_evidence()
    markers = [y for t in fig.data if t.type == "scatter" for y in t.y]
    bars = {y: x for t in fig.data if t.type == "bar" for x, y in zip(t.x, t.y)}
    assert len(markers) == len(rows) == len(bars)
    certainty = {r.certainty for r in rows}
    assert {CERTAINTY[x - 1] for x in bars.values()} == certainty


def test_share_figure_marks_the_observed_prims_share_from_the_data_file():
    from msbook.data import pregnancy_share

    observed = round(100 * pregnancy_share("PRIMS", "pp1"))
    fig = share_figure(1.2, 3)
    assert any(t.y and t.y[0] == observed and t.x[0] == 3 for t in fig.data)
    with pytest.raises(ValueError, match="no share"):
        pregnancy_share("PRIMS", "t1")


def test_every_data_file_row_has_a_citation_column():
    for name in ("pregnancy_relapses", "pregnancy_shares", "lifestyle_evidence"):
        assert all(row["citation"] for row in read_table(name)), name
