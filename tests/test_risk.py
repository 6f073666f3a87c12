"""Chapter 3: the risk-factor data file, the liability model and their figures."""

import math
import re

import pytest

from msbook.data import read_table, risk_factors
from msbook.models import liability
from msbook.models.liability import FACTORS, absolute_risk, per_thousand, relative_risk, shift_for_ratio
from msbook.plots.risk import COMBINATIONS, forest_figure, liability_slider_figure


def test_data_rows_are_complete_and_consistent():
    rows = risk_factors()
    assert len(rows) >= 5
    for r in rows:
        assert r.measure in {"OR", "HR", "RR"}
        assert r.ci_low <= r.estimate <= r.ci_high
        assert r.citation and r.population and r.comparison


def test_published_values_as_in_the_sources():
    rows = {r.id: r for r in risk_factors()}
    assert (rows["ebv"].estimate, rows["ebv"].ci_low, rows["ebv"].ci_high) == (32.4, 4.3, 245.3)
    assert (rows["hla"].estimate, rows["hla"].ci_low, rows["hla"].ci_high) == (3.92, 3.74, 4.12)
    assert (rows["vitamin_d"].estimate, rows["vitamin_d"].ci_high) == (0.38, 0.75)


def test_unknown_table_names_what_exists():
    with pytest.raises(ValueError, match="risk_factors"):
        read_table("nothing")


def _odds_ratio(risk: float, k: float) -> float:
    return (risk / (1 - risk)) / (k / (1 - k))


def test_single_factor_reproduces_its_odds_ratio():
    k = 0.003
    for factor in FACTORS.values():
        if factor.copies != 1:
            continue
        risk = absolute_risk([factor.id], k)
        assert _odds_ratio(risk, k) == pytest.approx(factor.ratio, rel=1e-6), factor.id


def test_homozygote_term_comes_from_the_data_file_with_its_source():
    terms = {r.id: r for r in risk_factors(include_terms=True) if r.kind == "term"}
    row = terms["hla_homozygote"]
    # Bycroft et al. 2018, Table 1, IMSGC column: homozygote correction 0.54 (0.47-0.61),
    # from the same table and cohort as the per-copy odds ratio 3.92.
    assert (row.estimate, row.ci_low, row.ci_high) == (0.54, 0.47, 0.61)
    assert row.citation == {r.id: r for r in risk_factors()}["hla"].citation
    assert "hla_homozygote" not in {r.id for r in risk_factors()}  # a model term, not a plotted estimate
    assert FACTORS["hla2"].homozygote == row.estimate


@pytest.mark.parametrize("k", [0.0005, 0.003, 0.02])
def test_two_copies_reproduce_the_sources_product(k):
    # Two copies alone multiply the odds by the per-copy ratio twice times the homozygote
    # term (the source's logistic model), whatever the baseline.
    rows = {r.id: r for r in risk_factors(include_terms=True)}
    expected = rows["hla"].estimate ** 2 * rows["hla_homozygote"].estimate
    assert _odds_ratio(absolute_risk(["hla2"], k), k) == pytest.approx(expected, rel=1e-6)


def test_second_copy_adds_less_than_the_first():
    k = 0.003
    one = _odds_ratio(absolute_risk(["hla"], k), k)
    two = _odds_ratio(absolute_risk(["hla2"], k), k)
    # More risk than one copy, but less than the square of one copy (the homozygote term < 1),
    # so the second copy multiplies the odds by less than the first did.
    assert one < two < one**2
    assert two / one < one
    assert absolute_risk(["hla2"]) < absolute_risk([], k) * one**2


def test_most_carriers_never_develop_ms():
    for combo in COMBINATIONS:
        assert absolute_risk(combo) < 0.1, combo


def test_never_having_had_ebv_is_strongly_protective():
    # The reference group has had EBV (as most adults have); never having had it divides
    # the odds by the published hazard ratio, about 32.
    assert relative_risk(["no_ebv"]) == pytest.approx(1 / 32.4, rel=0.01)
    assert absolute_risk(["hla2", "no_ebv"]) < absolute_risk([])


def test_factors_combine_and_protective_factor_lowers_risk():
    assert absolute_risk(["hla", "smoking"]) > absolute_risk(["hla"]) > absolute_risk([])
    assert absolute_risk(["hla2"]) > absolute_risk(["hla"])
    assert absolute_risk(["vitamin_d"]) < absolute_risk([])
    assert absolute_risk(["hla", "vitamin_d"]) < absolute_risk(["hla"])
    # Shifts add on the liability scale, so the same factor adds more cases (in absolute
    # terms) when other factors have already moved the curve towards the threshold.
    alone = absolute_risk(["smoking"]) - absolute_risk([])
    on_top = absolute_risk(["hla2", "smoking"]) - absolute_risk(["hla2"])
    assert on_top > 5 * alone


def test_baseline_is_the_reference_risk():
    for k in (0.0005, 0.003, 0.02):
        assert absolute_risk([], k) == pytest.approx(k)
        assert shift_for_ratio(1.0, k) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: absolute_risk(["coffee"]), "factors: unknown factor 'coffee'"),
        (lambda: absolute_risk(["hla", "hla2"]), "factors: each factor may appear once"),
        (lambda: absolute_risk([], baseline_risk=0.5), r"baseline_risk.*0.0005 to 0.02"),
        (lambda: shift_for_ratio(0.0), r"ratio.*0.01 to 1000"),
        (lambda: per_thousand(1.5), r"risk.*0 to 1"),
    ],
)
def test_bad_input_raises_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_forest_points_trace_to_their_citations():
    fig = forest_figure()
    keys = {row[1] for trace in fig.data for row in trace.customdata}
    assert keys == {r.citation for r in risk_factors()}
    assert sum(len(trace.x) for trace in fig.data) == len(risk_factors())


def test_liability_slider_steps_differ_and_stay_light():
    import plotly.io as pio

    fig = liability_slider_figure()
    steps = fig.layout.sliders[0].steps
    assert len(steps) == len(COMBINATIONS)
    # The people who develop MS are the squares ("M x,y H ... Z") of one layout shape's path.
    paths = [[v for k, v in s.args[1].items() if re.fullmatch(r"shapes\[\d+\]\.path", k)] for s in steps]
    assert all(len(p) == 1 for p in paths), "each step must redraw exactly one shape: the filled squares"
    filled = [len(re.findall(r"M[^MZ]+H[^MZ]+Z", p[0])) for p in paths]
    assert filled == [per_thousand(absolute_risk(c)) for c in COMBINATIONS]
    grid = [s.path for s in fig.layout.shapes if s.type == "path" and not s.fillcolor]
    assert len(grid) == 1 and len(re.findall(r"M[^MZ]+H[^MZ]+Z", grid[0])) == 1000, "the grid of 1,000 people"
    assert len({s.args[1]["title.text"] for s in steps}) == len(steps)
    assert len(pio.to_html(fig, include_plotlyjs=False, full_html=False)) < 120_000
