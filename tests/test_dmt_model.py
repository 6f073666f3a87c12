"""Chapter 10: the teaching calculation of relapses avoided, the sites of action, and the filters."""

from __future__ import annotations

import pytest
from pybtex.database import parse_file

from msbook.book import ROOT
from msbook.models.dmt import (
    CLASSES,
    GROUPS,
    PARAMS,
    SITES,
    drug_class,
    rate_ratio,
    relapses_over,
    relative_reduction_pct,
    trials,
)
from msbook.plots.dmt import CELLS, MAP_STATES, mechanism_map_figure


def test_relapses_are_rate_times_people_times_years():
    r = relapses_over(0.8, 30, 2)
    assert r.without == pytest.approx(160)
    assert r.with_drug == pytest.approx(112)
    assert r.avoided == pytest.approx(48)


def test_same_relative_reduction_avoids_fewer_relapses_when_they_are_rarer():
    for cut in (10, 30, 60):
        assert relapses_over(0.3, cut, 2).avoided < relapses_over(0.8, cut, 2).avoided
    assert relapses_over(0.8, 0, 5).avoided == 0


@pytest.mark.parametrize("name,value", [("comparator_rate", 0.0), ("comparator_rate", 2.0),
                                        ("reduction", -5), ("reduction", 95), ("years", 0), ("years", 11)])
def test_out_of_range_inputs_name_the_parameter(name, value):
    kwargs = {k: p.default for k, p in PARAMS.items()}
    kwargs[name] = value
    with pytest.raises(ValueError, match=name):
        relapses_over(**kwargs)


def test_rate_ratio_validates_and_reproduces_reported_reductions():
    with pytest.raises(ValueError, match="arr_comparator"):
        rate_ratio(0.2, 0)
    with pytest.raises(ValueError, match="arr_drug"):
        rate_ratio(-1, 0.5)
    # Where a trial reported its relative reduction, the reduction computed from the (rounded)
    # rates in the data file must agree within a few points: a check on the rates themselves.
    checked = 0
    for t in trials():
        if t.plotted and t.reported_reduction_pct is not None:
            computed = relative_reduction_pct(t.arr_drug, t.arr_comparator)
            assert abs(computed - t.reported_reduction_pct) <= 3, (t.id, computed, t.reported_reduction_pct)
            checked += 1
    assert checked >= 10


def test_filters_validate():
    with pytest.raises(ValueError, match="group"):
        trials(group="nothing")
    with pytest.raises(ValueError, match="comparator_kind"):
        trials(comparator_kind="sham")
    assert {t.comparator_kind for t in trials()} == {"placebo", "active"}
    assert len(trials(comparator_kind="placebo")) + len(trials(comparator_kind="active")) == len(trials())


def test_every_class_has_known_sites_group_and_sources():
    keys = set(parse_file(str(ROOT / "book" / "references.bib"), bib_format="bibtex").entries)
    for c in CLASSES:
        assert c.group in GROUPS and c.sites and set(c.sites) <= set(SITES), c.id
        for key in c.citation.split(";"):
            assert key in keys, (c.id, key)
    assert drug_class("natalizumab").sites == ("barrier",)
    with pytest.raises(ValueError, match="class_id"):
        drug_class("aspirin")


def test_the_map_offers_every_class_and_its_rings_sit_on_its_sites():
    ids = [cid for _label, cid in MAP_STATES]
    assert ids[0] == "none" and set(ids[1:]) == {c.id for c in CLASSES}
    assert set(CELLS) == set(ids)
    fig = mechanism_map_figure()
    from msbook.plots.dmt import SITE_XY

    for (label, cid), step in zip(MAP_STATES, fig.layout.sliders[0].steps):
        rings = list(zip(step.args[0]["x"][2], step.args[0]["y"][2]))
        expected = [] if cid == "none" else [SITE_XY[s] for s in drug_class(cid).sites]
        assert rings == expected, label
    # Drugs that keep cells out leave none in the brain; removing B cells leaves no B cells.
    assert not [p for p in CELLS["natalizumab"][0] + CELLS["s1p"][0] if p[0] > 50]
    assert CELLS["anti_cd20"][1] == [] and CELLS["alemtuzumab"][1] == []
    with pytest.raises(ValueError, match="start"):
        mechanism_map_figure(start=len(MAP_STATES))
