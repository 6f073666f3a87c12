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
