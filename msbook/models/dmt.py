"""Chapter 10: disease-modifying therapies (DMTs), their sites of action and their pivotal trials.

Three parts, all teaching aids rather than clinical tools:

- :data:`SITES` and :data:`CLASSES`: where along the immune journey of chapters 1 to 5
  (activation in a lymph node, the blood, the blood-brain barrier, the central nervous
  system) each class of DMT is understood to act, in the words the chapter uses and with
  the source of each statement.
- :func:`trials`: the pivotal trials in ``msbook/data/dmt_trials.csv`` (one row per trial,
  each with its citation key), filtered by where the drug acts and by the kind of comparator.
- :func:`relapses_over`: a small arithmetic model of what a relative reduction in the
  annualised relapse rate means in relapses per 100 people, so that a reader can see why
  the same relative reduction avoids fewer relapses when the comparator's rate is low.
  It assumes a constant rate over the years and the same effect for everyone; it leaves
  out between-person variation, dropouts and everything else a real trial analysis handles.
"""

from __future__ import annotations

from dataclasses import dataclass

from msbook.data import read_table
from msbook.validation import Param

# ---------------------------------------------------------------- sites of action
#: The four stations of the immune journey (chapters 1 to 5), in order, with their short names.
SITES: dict[str, str] = {
    "node": "Lymph node: activation",
    "blood": "Blood: circulating cells",
    "barrier": "Barrier: gripping and crossing",
    "cns": "Brain and spinal cord: attack",
}

#: Where a drug acts, grouped as chapter 10 groups them.
GROUPS: dict[str, str] = {
    "keep_out": "keep cells out of the brain",
    "remove": "remove cells",
    "modulate": "change how cells behave",
}

COMPARATOR_KINDS = ("placebo", "active")


@dataclass(frozen=True)
class DrugClass:
    """A class of DMT (or one drug), where it acts, and the source of that statement.

    ``sites`` are keys of :data:`SITES`, the main site first; ``action`` says in plain words
    what happens there (a clause that follows the class's name and a colon); ``citation`` names one or more keys of book/references.bib.
    """

    id: str
    label: str
    group: str
    sites: tuple[str, ...]
    action: str
    citation: str


CLASSES: tuple[DrugClass, ...] = (
    DrugClass("natalizumab", "Natalizumab", "keep_out", ("barrier",),
              "VLA-4 is blocked, so T cells cannot grip VCAM-1 on the vessel wall and stay in the blood",
              "coyle2010natalizumab"),
    DrugClass("s1p", "S1P receptor modulators", "keep_out", ("node",),
              "lymphocytes are held in the lymph nodes, so fewer reach the blood and the brain",
              "cohen2010transforms"),
    DrugClass("anti_cd20", "Anti-CD20 antibodies", "remove", ("blood", "node"),
              "B cells that carry CD20 are removed, from the blood above all",
              "hauser2017opera"),
    DrugClass("alemtuzumab", "Alemtuzumab", "remove", ("blood", "node"),
              "T and B cells that carry CD52 are removed; the immune system then rebuilds itself",
              "cohen2012caremsI"),
    DrugClass("cladribine", "Cladribine", "remove", ("blood", "node"),
              "lymphocyte numbers fall for a time, after short courses of tablets",
              "giovannoni2010clarity"),
    DrugClass("interferon", "Interferon beta", "modulate", ("node", "barrier"),
              "immune cells outside the brain are changed and find the barrier harder to cross; "
              "how this helps is not fully known",
              "yong2002ifnga"),
    DrugClass("glatiramer", "Glatiramer acetate", "modulate", ("node", "cns"),
              "T cells are induced that are thought to calm inflammation once they enter the brain; "
              "how this helps is not fully known",
              "yong2002ifnga"),
    DrugClass("teriflunomide", "Teriflunomide", "modulate", ("node",),
              "an enzyme that dividing T and B cells need is blocked, so fewer activated cells multiply",
              "oconnor2011temso"),
    DrugClass("fumarate", "Fumarates", "modulate", ("node",),
              "immune cells are damped by anti-inflammatory effects; exactly how this helps is not settled",
              "gold2012define"),
)


def drug_class(class_id: str) -> DrugClass:
    """The entry of :data:`CLASSES` with this id (``ValueError`` naming the ids if unknown)."""
    for entry in CLASSES:
        if entry.id == class_id:
            return entry
    raise ValueError(f"class_id must be one of {[c.id for c in CLASSES]}; got {class_id!r}")


# ---------------------------------------------------------------- pivotal trials
ARR_STATUSES = ("verified", "derived", "missing")


@dataclass(frozen=True)
class Trial:
    """One pivotal trial (a row of msbook/data/dmt_trials.csv).

    ``arr_drug`` and ``arr_comparator`` are annualised relapse rates (relapses per person
    per year, 0 to 3) or ``None`` when ``arr_status`` is "missing". ``arr_status`` is
    "verified" (read in the source), "derived" (computed from counts the source reports)
    or "missing" (not plotted). ``citation`` is a key of book/references.bib.
    """

    id: str
    trial: str
    drug: str
    drug_class: str
    group: str
    comparator: str
    comparator_kind: str
    population: str
    year: int
    n_randomised: int | None
    arm: str
    arr_timepoint: str
    arr_drug: float | None
    arr_comparator: float | None
    arr_status: str
    reported_reduction_pct: float | None
    note: str
    citation: str
    where: str

    @property
    def plotted(self) -> bool:
        """True if the trial's relapse rates are drawn as numbers (verified or derived)."""
        return self.arr_status != "missing"


def _number(value: str) -> float | None:
    return float(value) if value.strip() else None


def trials(group: str | None = None, comparator_kind: str | None = None) -> list[Trial]:
    """The pivotal trials, in the order of the data file, optionally filtered.

    ``group`` is one of :data:`GROUPS` (where the drug acts) and ``comparator_kind`` one of
    :data:`COMPARATOR_KINDS`; ``None`` keeps all. Raises ``ValueError`` for an unknown
    filter, or for a row that breaks the file's rules (a missing rate with a plotted
    status, a rate outside 0 to 3 per year, an unknown group or comparator kind).
    """
    if group is not None and group not in GROUPS:
        raise ValueError(f"group must be one of {list(GROUPS)} or None; got {group!r}")
    if comparator_kind is not None and comparator_kind not in COMPARATOR_KINDS:
        raise ValueError(f"comparator_kind must be one of {COMPARATOR_KINDS} or None; got {comparator_kind!r}")
    rows = []
    for row in read_table("dmt_trials"):
        trial = Trial(
            **{k: row[k] for k in ("id", "trial", "drug", "drug_class", "group", "comparator", "comparator_kind",
                                   "population", "arm", "arr_timepoint", "arr_status", "note", "citation", "where")},
            year=int(row["year"]),
            n_randomised=int(row["n_randomised"]) if row["n_randomised"].strip() else None,
            arr_drug=_number(row["arr_drug"]),
            arr_comparator=_number(row["arr_comparator"]),
            reported_reduction_pct=_number(row["reported_reduction_pct"]),
        )
        _check(trial)
        if (group is None or trial.group == group) and (comparator_kind is None or trial.comparator_kind == comparator_kind):
            rows.append(trial)
    return rows


def _check(t: Trial) -> None:
    where = f"dmt_trials.csv row {t.id}"
    if t.group not in GROUPS:
        raise ValueError(f"{where}: group must be one of {list(GROUPS)}; got {t.group!r}")
    if t.comparator_kind not in COMPARATOR_KINDS:
        raise ValueError(f"{where}: comparator_kind must be one of {COMPARATOR_KINDS}; got {t.comparator_kind!r}")
    if t.arr_status not in ARR_STATUSES:
        raise ValueError(f"{where}: arr_status must be one of {ARR_STATUSES}; got {t.arr_status!r}")
    rates = (t.arr_drug, t.arr_comparator)
    if t.plotted:
        if None in rates or not all(0 < r <= 3 for r in rates):
            raise ValueError(f"{where}: a plotted trial needs both relapse rates, each above 0 and at most 3 per year")
    elif rates != (None, None):
        raise ValueError(f"{where}: a missing trial must leave both relapse rates empty (a gap, not zero)")
    if not t.citation.strip():
        raise ValueError(f"{where}: no citation")


def rate_ratio(arr_drug: float, arr_comparator: float) -> float:
    """The drug's relapse rate as a fraction of the comparator's (both per person-year, 0 to 3)."""
    for name, value in (("arr_drug", arr_drug), ("arr_comparator", arr_comparator)):
        if not isinstance(value, (int, float)) or not 0 < value <= 3:
            raise ValueError(f"{name} must be above 0 and at most 3 relapses per person-year; got {value!r}")
    return arr_drug / arr_comparator


def relative_reduction_pct(arr_drug: float, arr_comparator: float) -> float:
    """The relative reduction in relapse rate, in per cent: 100 × (1 − drug / comparator)."""
    return 100 * (1 - rate_ratio(arr_drug, arr_comparator))


def trial_table_markdown() -> str:
    """The data behind the trial chart as a Markdown table (values as in the data file).

    A rate's status shows in the table as the data file has it: a verified rate as the
    number, a derived one with "derived" after the trial's name, a missing one as "gap".
    """
    head = ("| Trial (year) | Drug | Compared with | Rate on the drug | Rate on the other arm | Source |\n"
            "| --- | --- | --- | --- | --- | --- |")
    rows = []
    for t in sorted(trials(), key=lambda t: (t.year, t.trial)):
        drug = "gap" if t.arr_drug is None else f"{t.arr_drug:g}"
        comp = "gap" if t.arr_comparator is None else f"{t.arr_comparator:g}"
        derived = ", rates derived" if t.arr_status == "derived" else ""
        rows.append(f"| {t.trial} ({t.year}{derived}) | {t.drug} | {t.comparator} | {drug} | {comp} | "
                    f"{{cite}}`{t.citation}` |")
    return head + "\n" + "\n".join(rows)


# ---------------------------------------------------------------- relative and absolute
PARAMS: dict[str, Param] = {
    "comparator_rate": Param("comparator_rate", 0.1, 1.5, 0.8, "relapses per person-year",
                             "Relapse rate without the drug", step=0.1),
    "reduction": Param("reduction", 0, 80, 30, "%", "Relative reduction", step=5),
    "years": Param("years", 1, 10, 2, "years", "Years", step=1),
}


@dataclass(frozen=True)
class Relapses:
    """Expected relapses per 100 people over some years, without and with the drug."""

    without: float
    with_drug: float

    @property
    def avoided(self) -> float:
        return self.without - self.with_drug


def relapses_over(comparator_rate: float = PARAMS["comparator_rate"].default,
                  reduction: float = PARAMS["reduction"].default,
                  years: float = PARAMS["years"].default) -> Relapses:
    """Expected relapses per 100 people over ``years`` at a constant rate.

    ``comparator_rate``: relapses per person-year without the drug (0.1 to 1.5);
    ``reduction``: the drug's relative reduction of that rate, in per cent (0 to 80);
    ``years``: 1 to 10. A teaching calculation (rate × people × years), not a prediction
    for anyone: real rates vary between people and over time.
    """
    rate = PARAMS["comparator_rate"].check(comparator_rate)
    cut = PARAMS["reduction"].check(reduction)
    span = PARAMS["years"].check(years)
    without = 100 * rate * span
    return Relapses(without=without, with_drug=without * (1 - cut / 100))
