"""Data files of the book, each row with the citation key of its source.

See README.md in this folder. Files are CSV with ``#`` comment lines at the top.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of ``<name>.csv`` in this folder, as dictionaries of strings (comments skipped)."""
    path = HERE / f"{name}.csv"
    if not path.exists():
        available = sorted(p.stem for p in HERE.glob("*.csv"))
        raise ValueError(f"no data table {name!r}; available: {available}")
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@dataclass(frozen=True)
class Estimate:
    """One published effect size with its 95% confidence interval.

    ``measure`` is "OR" (odds ratio), "HR" (hazard ratio) or "RR" (relative
    risk); ``estimate``, ``ci_low`` and ``ci_high`` are ratios (dimensionless,
    > 0). ``citation`` is a key of book/references.bib. ``kind`` is "effect"
    for the published effect of a factor (plotted in chapter 3) or "term" for
    a model term that modifies another row (e.g. the homozygote correction for
    a second copy of an allele); terms are not plotted.
    """

    id: str
    kind: str
    factor: str
    label: str
    comparison: str
    measure: str
    estimate: float
    ci_low: float
    ci_high: float
    population: str
    citation: str


KINDS = ("effect", "term")


def risk_factors(include_terms: bool = False) -> list[Estimate]:
    """The published MS risk-factor estimates plotted in chapter 3 (risk_factors.csv).

    By default only the ``effect`` rows (the plotted estimates); with
    ``include_terms=True`` also the ``term`` rows that the liability model uses
    (such as ``hla_homozygote``).
    """
    rows = []
    for row in read_table("risk_factors"):
        if row["kind"] not in KINDS:
            raise ValueError(f"risk_factors.csv row {row['id']}: kind must be one of {KINDS}, not {row['kind']!r}")
        if row["kind"] == "term" and not include_terms:
            continue
        estimate = Estimate(
            **{k: row[k] for k in ("id", "kind", "factor", "label", "comparison", "measure", "population", "citation")},
            estimate=float(row["estimate"]),
            ci_low=float(row["ci_low"]),
            ci_high=float(row["ci_high"]),
        )
        if not 0 < estimate.ci_low <= estimate.estimate <= estimate.ci_high:
            raise ValueError(f"risk_factors.csv row {estimate.id}: estimate outside its interval")
        rows.append(estimate)
    return rows


@dataclass(frozen=True)
class Rate:
    """One published figure about who gets MS (ms_epidemiology.csv, chapter 6).

    ``value`` is in ``unit`` (a rate per 100,000, a percentage, a slope or an
    age in years); ``ci_low`` and ``ci_high`` are its 95% confidence interval,
    or ``None`` where the source, as read, gives none (for ``age_dx_kpsc`` they
    are the range of ages, as the unit says). ``citation`` is a key of
    book/references.bib, ``where`` the place in the source where the number
    was read, and ``fact`` the number of the fact in the project's source
    pack that records it (``None`` if the author checked it in the source).
    """

    id: str
    table: str
    group: str
    value: float
    ci_low: float | None
    ci_high: float | None
    unit: str
    population: str
    citation: str
    where: str
    fact: int | None


#: The sets of figures in ms_epidemiology.csv, in the order the chapter uses them.
EPI_TABLES = (
    "us_incidence", "us_prevalence_kpsc", "us_prevalence_national", "us_prevalence_young",
    "women_share_new", "women_share_living", "latitude_slope", "age",
)


def epidemiology(table: str | None = None) -> list[Rate]:
    """Rows of ms_epidemiology.csv (all, or those of one ``table``; see :data:`EPI_TABLES`).

    Raises ``ValueError`` for an unknown table, or for a row whose interval does not
    contain its value or that names an unknown table.
    """
    if table is not None and table not in EPI_TABLES:
        raise ValueError(f"table must be one of {EPI_TABLES}; got {table!r}")
    rows = []
    for row in read_table("ms_epidemiology"):
        if row["table"] not in EPI_TABLES:
            raise ValueError(f"ms_epidemiology.csv row {row['id']}: unknown table {row['table']!r}")
        low = float(row["ci_low"]) if row["ci_low"] else None
        high = float(row["ci_high"]) if row["ci_high"] else None
        rate = Rate(
            **{k: row[k] for k in ("id", "table", "group", "unit", "population", "citation", "where")},
            value=float(row["value"]), ci_low=low, ci_high=high,
            fact=int(row["fact"]) if row["fact"] else None,
        )
        if (low is None) != (high is None) or (low is not None and not low <= rate.value <= high):
            raise ValueError(f"ms_epidemiology.csv row {rate.id}: value outside its interval, or half an interval")
        if table is None or rate.table == table:
            rows.append(rate)
    return rows


@dataclass(frozen=True)
class PeriodRate:
    """One published relapse rate in one period around pregnancy (pregnancy_relapses.csv, chapter 12).

    ``value`` is the annualised relapse rate (relapses per woman per year) as
    published, or ``None`` where the source gives only a range, ``low`` to
    ``high`` (then both are set). ``period`` is one of :data:`PREGNANCY_PERIODS`;
    ``window`` says what the study's period covers, ``citation`` is a key of
    book/references.bib and ``where`` the place in the source where it was read.
    """

    study: str
    period: str
    value: float | None
    low: float | None
    high: float | None
    window: str
    citation: str
    where: str
    fact: int | None


#: The periods of pregnancy_relapses.csv, in time order ("pregnancy" is the whole of it, for a range).
PREGNANCY_PERIODS = ("before", "t1", "t2", "t3", "pregnancy", "pp1", "pp2")
#: The studies of pregnancy_relapses.csv, oldest first.
PREGNANCY_STUDIES = ("PRIMS", "MSBase", "Kaiser")


def pregnancy_relapses(study: str | None = None) -> list[PeriodRate]:
    """Rows of pregnancy_relapses.csv (all, or those of one ``study``; see :data:`PREGNANCY_STUDIES`).

    Raises ``ValueError`` for an unknown study or period, a row with both a value and
    a range (or neither), or a range whose low end is above its high end.
    """
    if study is not None and study not in PREGNANCY_STUDIES:
        raise ValueError(f"study must be one of {PREGNANCY_STUDIES}; got {study!r}")
    rows = []
    for row in read_table("pregnancy_relapses"):
        where = f"pregnancy_relapses.csv row {row['study']} {row['period']}"
        if row["study"] not in PREGNANCY_STUDIES or row["period"] not in PREGNANCY_PERIODS:
            raise ValueError(f"{where}: unknown study or period")
        value = float(row["value"]) if row["value"] else None
        low = float(row["low"]) if row["low"] else None
        high = float(row["high"]) if row["high"] else None
        if (value is None) == (low is None) or (low is None) != (high is None) or (low is not None and low > high):
            raise ValueError(f"{where}: give either a value or a range low <= high")
        rate = PeriodRate(study=row["study"], period=row["period"], value=value, low=low, high=high,
                          window=row["window"], citation=row["citation"], where=row["where"],
                          fact=int(row["fact"]) if row["fact"] else None)
        if study is None or rate.study == study:
            rows.append(rate)
    return rows


@dataclass(frozen=True)
class Evidence:
    """One row of the lifestyle evidence map (lifestyle_evidence.csv, chapter 12).

    ``direction`` is "benefit", "harm" or "none"; ``certainty`` one of
    :data:`CERTAINTY` (lowest first); ``basis`` "GRADE" (graded by the source)
    or "design" (graded by the book from the kind of study), with the reason in
    ``rationale``. ``citation`` is a key of book/references.bib.
    """

    id: str
    factor: str
    outcome: str
    direction: str
    effect: str
    certainty: str
    basis: str
    rationale: str
    citation: str
    where: str


CERTAINTY = ("very low", "low", "moderate", "high")
DIRECTIONS = ("harm", "none", "benefit")


def lifestyle_evidence() -> list[Evidence]:
    """Rows of lifestyle_evidence.csv; ``ValueError`` for an unknown direction, certainty or basis."""
    rows = []
    for row in read_table("lifestyle_evidence"):
        item = Evidence(**row)
        if item.direction not in DIRECTIONS or item.certainty not in CERTAINTY or item.basis not in ("GRADE", "design"):
            raise ValueError(f"lifestyle_evidence.csv row {item.id}: bad direction, certainty or basis")
        rows.append(item)
    return rows


def pregnancy_share(study: str, period: str) -> float:
    """The published share (0 to 1) of women with at least one relapse in ``period`` of ``study``
    (pregnancy_shares.csv); ``ValueError`` if the file has no such row or the share is out of range."""
    for row in read_table("pregnancy_shares"):
        if row["study"] == study and row["period"] == period:
            share = float(row["share"])
            if not 0 <= share <= 1:
                raise ValueError(f"pregnancy_shares.csv row {study} {period}: share must be 0 to 1")
            return share
    raise ValueError(f"no share for study {study!r} and period {period!r} in pregnancy_shares.csv")
