"""Chapter 10: the pivotal-trial data file and the trial chart drawn from it.

Every plotted number must be a value of msbook/data/dmt_trials.csv for the trial whose row it
sits on; every data row must cite a key of book/references.bib; rows whose relapse rates were not
checked are gaps (never zeros); derived rates are labelled as derived; and the rates the fact pack
marks as RECALLED are plotted only where the data file names the primary abstract they were
checked in.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from msbook.book import ROOT
from msbook.models.dmt import trial_table_markdown, trials
from msbook.plots.dmt import FILTERS, row_label, trial_chart_book_figure, trial_chart_figure

PACK = ROOT.parent / "shared" / "sources" / "dmt-trials.csv"
PACK_FALLBACK = Path("/work/shared/sources/dmt-trials.csv")


@pytest.fixture(scope="module")
def rows():
    return trials()


@pytest.fixture(scope="module")
def bib_keys():
    return set(parse_file(str(ROOT / "book" / "references.bib"), bib_format="bibtex").entries)


def _pack():
    for path in (PACK, PACK_FALLBACK):
        if path.exists():
            with open(path, newline="", encoding="utf-8") as handle:
                return list(csv.DictReader(handle))
    pytest.skip("the project's fact pack is not on this machine")


def test_every_row_cites_a_bibliography_key(rows, bib_keys):
    for t in rows:
        for key in t.citation.split(";"):
            assert key.strip() in bib_keys, f"{t.id}: unknown citation {key!r}"
        assert t.where.strip(), f"{t.id}: no 'where' (where the value was read)"


def test_missing_rows_are_gaps_and_plotted_rows_have_both_rates(rows):
    for t in rows:
        if t.arr_status == "missing":
            assert t.arr_drug is None and t.arr_comparator is None, t.id
            assert t.note.strip(), f"{t.id}: a gap needs a note saying why"
        else:
            assert t.arr_drug is not None and t.arr_comparator is not None, t.id


def _plotted_points(fig):
    """(trial id, x, kind) for every marker the figure draws, kind 'drug' or 'comparator'."""
    points = []
    for trace in fig.data:
        if trace.mode != "markers":
            continue
        kind = "drug" if trace.name == "on the drug" else "comparator"
        points += [(cid, x, kind) for x, cid in zip(trace.x, trace.customdata)]
    return points


def _step_points(fig, step):
    """Markers drawn by one slider step (its data replaces traces 0 to 4)."""
    data = step.args[0]
    names = [fig.data[i].name for i in step.args[2]]
    modes = [fig.data[i].mode for i in step.args[2]]
    points = []
    for name, mode, xs, ids in zip(names, modes, data["x"], data["customdata"]):
        if mode != "markers":
            continue
        kind = "drug" if name == "on the drug" else "comparator"
        points += [(cid, x, kind) for x, cid in zip(xs, ids)]
    return points


def _check_points(points, rows):
    by_id = {t.id: t for t in rows}
    assert points, "nothing plotted"
    for cid, x, kind in points:
        t = by_id[cid]
        assert t.plotted, f"{t.id} is a gap but a value was plotted"
        expected = t.arr_drug if kind == "drug" else t.arr_comparator
        assert x == expected, f"{t.id} {kind}: plotted {x}, data file {expected}"


def test_every_plotted_value_is_the_data_files_value_in_every_view(rows):
    fig = trial_chart_figure()
    _check_points(_plotted_points(fig), rows)
    for step in fig.layout.sliders[0].steps:
        _check_points(_step_points(fig, step), rows)
    _check_points(_plotted_points(trial_chart_figure(compact=True)), rows)


def test_markers_sit_on_their_own_rows_and_gaps_are_labelled(rows):
    fig = trial_chart_figure()
    points = _plotted_points(fig)
    plotted = [t for t in rows if t.plotted]
    assert len(points) == 2 * len(plotted)
    labels = [tr for tr in fig.data if tr.mode == "text"][0]
    row_of_label = {text: y for text, y in zip(labels.text, labels.y)}
    for trace in fig.data:
        if trace.mode == "markers":
            for y, cid in zip(trace.y, trace.customdata):
                t = {r.id: r for r in rows}[cid]
                assert row_of_label[row_label(t)] == pytest.approx(y + 0.42), f"{cid}: marker not under its label"
    for t in rows:
        if not t.plotted:
            assert "gap" in row_label(t), t.id
    printed = trial_chart_figure(compact=True)
    gap_text = [tr for tr in printed.data if tr.mode == "text"][0]
    assert len(gap_text.text) == len(rows) - len(plotted) and all(x > 0 for x in gap_text.x)
    ticks = dict(zip(printed.layout.yaxis.tickvals, printed.layout.yaxis.ticktext))
    for trace in printed.data:
        if trace.mode == "markers":
            for y, cid in zip(trace.y, trace.customdata):
                assert ticks[y] == row_label({r.id: r for r in rows}[cid], one_line=True)


@pytest.mark.parametrize("index", range(len(FILTERS)))
def test_each_filter_shows_exactly_its_trials(index, rows):
    label, _text, group, kind = FILTERS[index]
    fig = trial_chart_figure(start=index)
    expected = {row_label(t) for t in rows
                if (group is None or t.group == group) and (kind is None or t.comparator_kind == kind)}
    labels = [tr for tr in fig.data if tr.mode == "text"][0]
    assert set(labels.text) == expected, label
    step = fig.layout.sliders[0].steps[index]
    assert set(step.args[0]["text"][4]) == expected


def test_the_warning_is_part_of_every_view():
    fig = trial_chart_figure()
    titles = [fig.layout.title.text] + [s.args[1]["title.text"] for s in fig.layout.sliders[0].steps]
    titles.append(trial_chart_figure(compact=True).layout.title.text)
    for title in titles:
        assert re.search(r"Not a ranking", re.sub(r"<br>", " ", title)), title


def test_derived_rates_are_labelled_derived_and_only_they(rows):
    for t in rows:
        assert ("derived" in row_label(t)) == (t.arr_status == "derived"), t.id
        assert ("derived" in row_label(t, one_line=True)) == (t.arr_status == "derived"), t.id
    table = trial_table_markdown()
    for t in rows:
        line = next(line for line in table.splitlines() if line.startswith(f"| {t.trial} ("))
        assert ("rates derived" in line) == (t.arr_status == "derived"), t.id
        assert ("| gap |" in line) == (t.arr_status == "missing"), t.id


def test_prisms_rates_are_the_reported_two_year_counts_halved(rows):
    prisms = {t.id: t for t in rows}["prisms"]
    # PRISMS abstract: mean relapses per patient over 2 years 1.73 (44 micrograms) and 2.56 (placebo).
    assert prisms.arr_status == "derived"
    # Halved and rounded half up to two decimals (0.865 -> 0.87, 1.28).
    assert prisms.arr_drug == round(1.73 / 2 + 1e-9, 2)
    assert prisms.arr_comparator == round(2.56 / 2 + 1e-9, 2)


def test_rows_match_the_fact_pack_and_recalled_rates_are_checked_or_gaps(rows):
    pack = _pack()
    assert len(rows) == len(pack), "one data row per pivotal trial of the fact pack"
    for t in rows:
        matches = [p for p in pack if p["bib_key"].split(";")[0].strip() == t.citation.split(";")[0].strip()]
        assert matches, f"{t.id}: its citation is not a trial of the fact pack"
        # The plotted arm's rates are recalled when the pack says so of "ARR values" (other recalled
        # fields, such as another arm's rate or a 2-year rate not plotted, are not used here).
        recalled = any("ARR values" in p["recalled_fields"] or "RECALLED (ARR" in p["confidence"] for p in matches)
        if not t.plotted:
            continue
        if recalled:
            # A recalled rate may be plotted only after it was checked in a primary abstract.
            assert "abstract" in t.where and t.arr_status == "verified", t.id
            continue
        texts = " ".join(p["arr_drug"] + " " + p["arr_comparator"] for p in matches)
        pack_values = {float(v) for v in re.findall(r"\d+\.\d+", texts)}
        for value in (t.arr_drug, t.arr_comparator):
            assert value in pack_values, f"{t.id}: {value} is not among the fact pack's rates for this trial ({texts})"


def test_the_book_figure_describes_the_gaps(rows):
    book = trial_chart_book_figure()
    for t in rows:
        if not t.plotted:
            assert t.trial in book.alt
    assert book.print_height <= 672, "the print figure must not be taller than it is wide"
