"""The lesion teaching model (chapter 5): ranges, and the behaviour that defines it."""

from __future__ import annotations

import numpy as np
import pytest

from msbook.models.lesion import PARAMS, percent, repair_factor, simulate_lesion

FRACTIONS = ("intact", "demyelinated", "remyelinated", "axon_lost")


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_out_of_range_values_name_the_parameter_and_its_range(name):
    param = PARAMS[name]
    for bad in (param.low - 1, param.high + 1, float("nan"), "1", True):
        with pytest.raises(ValueError) as err:
            simulate_lesion(**{name: bad})
        assert name in str(err.value)
        assert f"{param.low:g} to {param.high:g}" in str(err.value)


def test_range_ends_are_accepted():
    for name, param in PARAMS.items():
        for value in (param.low, param.high):
            simulate_lesion(**{name: value})


@pytest.mark.parametrize("settings", [
    {}, {"attack": 2.0, "age": 70.0}, {"smoulder": 0.3}, {"repair": 0.0}, {"repair": 2.0, "attack": 0.2},
])
def test_the_four_fractions_always_add_up_to_one_and_stay_in_range(settings):
    r = simulate_lesion(**settings)
    total = sum(getattr(r, name) for name in FRACTIONS)
    assert np.allclose(total, 1.0, atol=1e-6)
    for name in FRACTIONS:
        values = getattr(r, name)
        assert values.min() >= 0.0 and values.max() <= 1.0


@pytest.mark.parametrize("settings", [{}, {"attack": 2.0, "age": 70.0, "smoulder": 0.3}, {"repair": 2.0}])
def test_axonal_loss_never_reverses(settings):
    lost = simulate_lesion(**settings).axon_lost
    assert np.all(np.diff(lost) >= 0.0)
    assert lost[-1] > 0.0


def test_a_stronger_attack_demyelinates_more():
    results = [simulate_lesion(attack=a) for a in (0.2, 0.6, 1.0, 1.4, 2.0)]
    peaks = [r.peak_demyelinated for r in results]
    myelin_lost = [1.0 - r.final()["intact"] for r in results]
    axons = [r.final()["axon_lost"] for r in results]
    assert peaks == sorted(peaks) and peaks[0] < peaks[-1]
    assert myelin_lost == sorted(myelin_lost) and myelin_lost[0] < myelin_lost[-1]
    assert axons == sorted(axons)


def test_more_repair_capacity_remyelinates_more():
    finals = [simulate_lesion(repair=g).final() for g in (0.0, 0.5, 1.0, 1.5, 2.0)]
    remyelinated = [f["remyelinated"] for f in finals]
    assert remyelinated[0] == 0.0
    assert remyelinated == sorted(remyelinated) and remyelinated[0] < remyelinated[-1]
    # ...and leaves fewer bare axons, which protects axons.
    assert [f["demyelinated"] for f in finals] == sorted((f["demyelinated"] for f in finals), reverse=True)
    assert finals[-1]["axon_lost"] < finals[0]["axon_lost"]


def test_older_age_means_less_repair():
    factors = [repair_factor(a) for a in (20, 35, 50, 65, 70)]
    assert factors[0] == 1.0 and factors == sorted(factors, reverse=True)
    finals = [simulate_lesion(age=a).final() for a in (20, 30, 40, 50, 60, 70)]
    remyelinated = [f["remyelinated"] for f in finals]
    assert remyelinated == sorted(remyelinated, reverse=True) and remyelinated[0] > remyelinated[-1]
    assert [f["axon_lost"] for f in finals] == sorted(f["axon_lost"] for f in finals)


def test_a_typical_young_lesion_mostly_repairs_and_an_old_one_does_not():
    """The chapter's contrast: the same attack at 20 and at 70."""
    young, old = simulate_lesion(age=20).final(), simulate_lesion(age=70).final()
    assert young["remyelinated"] > 0.5 > old["remyelinated"]
    assert old["demyelinated"] > 5 * young["demyelinated"]


def test_smouldering_inflammation_keeps_stripping_and_losing_axons():
    quiet, smouldering = simulate_lesion(), simulate_lesion(smoulder=0.2)
    assert smouldering.final()["axon_lost"] > quiet.final()["axon_lost"] + 0.1
    # Late in the course, axons are still being lost in the smouldering lesion.
    late = slice(-53, None)  # the last half year
    assert np.ptp(smouldering.axon_lost[late]) > 5 * np.ptp(quiet.axon_lost[late])


def test_inflammation_peaks_and_fades_without_smouldering():
    r = simulate_lesion(weeks=104)
    peak = int(np.argmax(r.inflammation))
    assert 2.0 <= r.t[peak] <= 4.0
    assert r.inflammation[-1] < 0.01 * r.inflammation[peak]


def test_runs_are_deterministic():
    a, b = simulate_lesion(attack=1.3, age=45), simulate_lesion(attack=1.3, age=45)
    assert np.array_equal(a.remyelinated, b.remyelinated)


def test_percent_rounds_and_checks():
    assert percent(0.734) == 73
    with pytest.raises(ValueError):
        percent(1.5)


def test_a_young_lesion_remyelinates_within_the_range_seen_in_extensive_repair():
    """Patrikios et al. (2006): in the fifth of patients with extensive repair, 60-96% of the
    lesion area was remyelinated. The model's typical young lesion should fall in that range
    (as a share of the area that lost its myelin), and an old one with the same attack below it."""
    def share(result):
        f = result.final()
        return f["remyelinated"] / (1.0 - f["intact"])

    assert 0.60 <= share(simulate_lesion(age=20)) <= 0.96
    assert share(simulate_lesion(age=70)) < 0.60
