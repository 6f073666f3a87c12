"""The conduction model of chapter 4 (NEURON cable model of a myelinated fibre)."""

import math

import numpy as np
import pytest

from msbook.models.conduction import (
    MEASURE_FROM,
    MEASURE_TO,
    N_NODES,
    PARAMS,
    lesion_span,
    simulate_conduction,
    unmyelinated_velocity,
)

# Scaling factors (m/s per µm of fibre diameter) measured in cat nerves: 4.6 to 5.7 (Boyd and
# Kalu 1979), about 6 (Hursh 1939). The model must fall in a band around them.
SCALING_BAND = (4.5, 6.5)


@pytest.mark.parametrize("diameter", [2.0, 5.0, 10.0, 15.0, 20.0])
def test_healthy_fibres_conduct_at_published_velocity_for_their_diameter(diameter):
    result = simulate_conduction(diameter, 0, 0.0, 37.0, safety=False)
    assert result.conducted
    low, high = SCALING_BAND
    assert low <= result.velocity / diameter <= high, result.velocity


def test_large_fibres_conduct_at_tens_of_metres_per_second():
    # Large myelinated fibres (about 13-20 µm) conduct at roughly 80-120 m/s in the classic tables.
    assert 60 <= simulate_conduction(15.0, 0, 0.0, 37.0, safety=False).velocity <= 130
    assert 80 <= simulate_conduction(20.0, 0, 0.0, 37.0, safety=False).velocity <= 130


@pytest.mark.parametrize("diameter", [0.2, 0.5, 1.0, 1.5])
def test_unmyelinated_fibres_conduct_a_few_metres_per_second_at_most(diameter):
    v = unmyelinated_velocity(diameter, 37.0)
    # C fibres (0.2-1.5 µm) conduct at about 0.5-2 m/s; at most 1 m/s (BioNumbers, Zalc 2006).
    assert 0.1 <= v <= 2.5, v
    myelinated = simulate_conduction(2.0, 0, 0.0, 37.0, safety=False).velocity
    assert myelinated > 4 * v  # myelin makes a fibre far faster than a bare axon


def test_unmyelinated_velocity_grows_with_diameter():
    vs = [unmyelinated_velocity(d, 37.0) for d in (0.2, 0.5, 1.0, 2.0)]
    assert all(a < b for a, b in zip(vs, vs[1:]))


def test_impulse_fires_node_after_node():
    r = simulate_conduction(10.0, 0, 0.0, 37.0, safety=False)
    assert np.all(np.isfinite(r.fire_time))
    assert np.all(np.diff(r.fire_time[1:]) > 0)
    assert r.v.shape == (N_NODES, r.t.size)
    assert r.last_node_fired == N_NODES - 1


def test_myelin_loss_slows_then_blocks():
    velocities = []
    for loss in (0.0, 0.4, 0.6, 0.8):
        r = simulate_conduction(10.0, 3, loss, 37.0, safety=False)
        assert r.conducted
        velocities.append(r.velocity)
    assert all(a > b for a, b in zip(velocities, velocities[1:]))
    stripped = simulate_conduction(10.0, 3, 1.0, 37.0)
    assert not stripped.conducted and math.isnan(stripped.velocity)
    assert stripped.safety_factor < 1
    # the impulse stops at the lesion: nodes beyond it never fire
    first, last = stripped.lesion
    assert stripped.last_node_fired <= last + 1
    assert stripped.last_node_fired >= first - 1  # the load of bare axon can stop the node before it


def test_safety_factor_shrinks_with_myelin_loss_and_separates_block():
    factors = [simulate_conduction(10.0, 3, loss, 37.0) for loss in (0.0, 0.5, 0.8, 0.95)]
    values = [r.safety_factor for r in factors]
    assert all(a > b for a, b in zip(values, values[1:]))
    for r in factors:
        assert (r.safety_factor >= 1) == r.conducted
    assert values[0] > 1.5  # a healthy fibre has a margin


def test_warm_block_and_cool_rescue():
    """Uhthoff's logic: some lesion blocks at 40 °C yet conducts at 30 °C, and none does the reverse."""
    pairs = []
    for loss in (0.8, 0.85, 0.9, 0.95):
        warm = simulate_conduction(10.0, 3, loss, 40.0, safety=False)
        cool = simulate_conduction(10.0, 3, loss, 30.0, safety=False)
        assert not (warm.conducted and not cool.conducted)  # warming never rescues
        pairs.append((loss, warm.conducted, cool.conducted))
    assert any(not warm and cool for _loss, warm, cool in pairs), pairs
    # the healthy fibre conducts across the whole temperature range
    for temperature in (20.0, 37.0, 42.0):
        assert simulate_conduction(10.0, 0, 0.0, temperature, safety=False).conducted


def test_longer_lesions_block_sooner():
    loss_to_block = {}
    for count in (1, 3, 6):
        for loss in np.arange(0.5, 1.001, 0.05):
            if not simulate_conduction(10.0, count, round(float(loss), 2), 37.0, safety=False).conducted:
                loss_to_block[count] = loss
                break
    assert loss_to_block[1] >= loss_to_block[3] >= loss_to_block[6]


def test_cooling_slows_a_healthy_fibre():
    assert (
        simulate_conduction(10.0, 0, 0.0, 30.0, safety=False).velocity
        < simulate_conduction(10.0, 0, 0.0, 37.0, safety=False).velocity
    )


def test_lesion_is_centred_between_the_measured_nodes():
    assert lesion_span(0) == (-1, -1)
    for count in range(1, 7):
        first, last = lesion_span(count)
        assert last - first + 1 == count
        assert MEASURE_FROM <= first and last < MEASURE_TO


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"fibre_diameter": 1.0}, "fibre_diameter"),
        ({"fibre_diameter": 25.0}, "fibre_diameter"),
        ({"lesion_internodes": 7}, "lesion_internodes"),
        ({"lesion_internodes": 2.5}, "lesion_internodes"),
        ({"myelin_loss": 1.5}, "myelin_loss"),
        ({"myelin_loss": -0.1}, "myelin_loss"),
        ({"temperature": 45.0}, "temperature"),
        ({"temperature": float("nan")}, "temperature"),
    ],
)
def test_out_of_range_inputs_name_the_parameter_and_range(kwargs, name):
    with pytest.raises(ValueError, match=name):
        simulate_conduction(**kwargs)


def test_range_message_gives_the_range():
    with pytest.raises(ValueError, match="20"):
        simulate_conduction(temperature=50.0)
    with pytest.raises(ValueError, match="axon_diameter"):
        unmyelinated_velocity(5.0)
    with pytest.raises(ValueError, match="temperature"):
        unmyelinated_velocity(1.0, 60.0)


def test_params_defaults_are_valid():
    for param in PARAMS.values():
        assert param.low <= param.default <= param.high


def test_deterministic():
    a = simulate_conduction(8.0, 2, 0.7, 35.0, safety=False)
    from msbook.models import conduction

    conduction._simulate.cache_clear()
    b = simulate_conduction(8.0, 2, 0.7, 35.0, safety=False)
    assert np.array_equal(a.v, b.v)
