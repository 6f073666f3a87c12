"""A teaching engine for the McDonald criteria (2017 and 2024): attacks, and (2024) no attack.

Given a structured case, :func:`evaluate` reports under one edition of the criteria
whether dissemination in space (DIS) and dissemination in time (DIT) are met, by
which rule, what is missing, and whether the criteria are met. It teaches how the
rules combine; it does not diagnose anyone. Real diagnosis also needs a typical
clinical picture judged by a clinician, lesions that look typical of MS, and "no
better explanation", none of which a table of counts can capture.

What it applies (sources: Thompson et al. 2018 for 2017, Montalban et al. 2025 for
2024; see chapter 8):

* 2017, DIS: objective clinical evidence of two or more lesions, or at least one
  T2 lesion in at least two of four areas (periventricular, cortical or
  juxtacortical, infratentorial, spinal cord). An optic-nerve lesion does not count.
* 2017, DIT: two or more attacks; or enhancing and non-enhancing brain or spinal cord
  lesions on the same scan (never the optic nerve); or a new T2 or enhancing lesion on a follow-up scan; or, in a person who
  has had one attack and meets DIS, CSF-specific oligoclonal bands in place of DIT.
* 2024: the same, with the optic nerve as a fifth area; a positive kappa free light
  chain (kFLC) index accepted as an alternative to oligoclonal bands; lesions in
  four or five of the five areas meeting the criteria without DIT; and, with DIS in
  two or three areas, a positive central vein sign ("select six": at least six
  lesions with a central vein) accepted in place of DIT, as positive CSF is.
* 2024, no attack (a radiologically isolated syndrome, RIS): DIS plus one of DIT
  (on MRI), positive CSF or a positive "select six" central vein sign. Lesions in
  four or five areas alone are not one of the RIS routes.
* 2024, attacks but no brain or spinal cord lesion on MRI: reports of the revision say
  paraclinical (MRI) evidence is now needed, so the engine does not decide a case that
  would otherwise be met (status ``"outside"``). It assumes that, as in 2017, clinical
  evidence of two lesions still shows DIS when an MRI shows at least one lesion.

What it leaves out, on purpose: primary progressive MS, paramagnetic rim lesions
(PRL; where the 2024 revision lets them count could not be confirmed), the routes
for lesions in a single area (a 2024 case with one area, a marker of time and a
central vein sign or rim lesions is ``"outside"``), the guidance for people aged 50 or over and for
children, the non-specific presentations the 2024 RIS rules extend to, and every
judgement of what is "typical". A case it does not cover gets the status
``"outside"`` with a note that says why, never a guess.

The same rules are implemented in JavaScript for the static web page
(``book/assets/mcdonald.js``); ``tests/test_mcdonald_model.py`` runs both on every
case in ``msbook/data/mcdonald_cases.csv`` and checks that they agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

#: The five areas of the 2024 criteria, in the order the book draws them.
REGIONS = ("periventricular", "cortical", "infratentorial", "spinal_cord", "optic_nerve")
#: The four areas of the 2017 criteria (the optic nerve was not one of them).
REGIONS_2017 = REGIONS[:4]
REGION_NAMES = {
    "periventricular": "periventricular",
    "cortical": "cortical or juxtacortical",
    "infratentorial": "infratentorial",
    "spinal_cord": "spinal cord",
    "optic_nerve": "optic nerve",
}
EDITIONS = (2017, 2024)
FOLLOW_UP = ("none", "new lesion", "no new lesion")
TEST_RESULT = ("not done", "positive", "negative")
#: Fields a case must give, in the order of the case table.
FIELDS = ("attacks", "clinical_lesions", "lesions", "enhancing", "follow_up", "ocb", "kflc", "cvs", "prl")
MAX_ATTACKS = 9
MAX_LESIONS = 99


@dataclass(frozen=True)
class Case:
    """A structured case: the evidence the criteria look at, and nothing else.

    Parameters
    ----------
    attacks:
        Number of clinical attacks (relapses, the first one a clinically isolated
        syndrome), 0 to 9. 0 means no attack: a radiologically isolated syndrome.
    clinical_lesions:
        Number of lesions with objective clinical evidence (found on examination),
        0 to 9; at least 1 if there was an attack, and 0 if there was none.
    lesions:
        T2 lesions on the first MRI (and optic-nerve evidence), by area: a count
        of 0 to 99 for each of :data:`REGIONS`. Areas left out count as 0.
    enhancing:
        How many of those lesions enhance with gadolinium, by area; never more
        than the area's lesion count, and 0 for the optic nerve (whose entry is
        evidence from MRI, VEP or OCT, not used for dissemination in time).
    follow_up:
        A follow-up MRI: ``"none"`` (not done), ``"new lesion"`` (a new T2 or
        enhancing lesion) or ``"no new lesion"``.
    ocb, kflc, cvs, prl:
        CSF-specific oligoclonal bands, an elevated kappa free light chain index,
        the central vein sign (``"positive"``: the "select six" reading, at least six
        lesions with a central vein) and paramagnetic rim lesions: each
        ``"not done"``, ``"positive"`` or ``"negative"``.
    """

    attacks: int
    clinical_lesions: int
    lesions: Mapping[str, int] = field(default_factory=dict)
    enhancing: Mapping[str, int] = field(default_factory=dict)
    follow_up: str = "none"
    ocb: str = "not done"
    kflc: str = "not done"
    cvs: str = "not done"
    prl: str = "not done"

    def __post_init__(self) -> None:
        _count("attacks", self.attacks, MAX_ATTACKS)
        _count("clinical_lesions", self.clinical_lesions, MAX_ATTACKS)
        for name in ("lesions", "enhancing"):
            value = getattr(self, name)
            if not isinstance(value, Mapping):
                raise ValueError(f"{name} must map areas to counts; got {value!r}")
            for region, count in value.items():
                if region not in REGIONS:
                    raise ValueError(f"{name}: unknown area {region!r}; areas are {', '.join(REGIONS)}")
                _count(f"{name}[{region}]", count, MAX_LESIONS)
        if self.enhancing_in("optic_nerve"):
            raise ValueError(
                "enhancing[optic_nerve] must be 0: the optic-nerve area records evidence (MRI, VEP or OCT), "
                "and this engine does not use optic-nerve enhancement for dissemination in time"
            )
        for region in REGIONS:
            if self.enhancing_in(region) > self.lesions_in(region):
                raise ValueError(
                    f"enhancing[{region}]={self.enhancing_in(region)} is more than "
                    f"lesions[{region}]={self.lesions_in(region)}: an enhancing lesion is one of the lesions"
                )
        _choice("follow_up", self.follow_up, FOLLOW_UP)
        for name in ("ocb", "kflc", "cvs", "prl"):
            _choice(name, getattr(self, name), TEST_RESULT)
        if self.attacks == 0 and self.clinical_lesions > 0:
            raise ValueError("clinical_lesions must be 0 when attacks is 0: clinical evidence comes from an attack")
        if self.attacks > 0 and self.clinical_lesions == 0:
            raise ValueError("clinical_lesions must be 1 to 9 when there was an attack (attacks >= 1)")
        if self.attacks == 0 and self.total_lesions == 0:
            raise ValueError("lesions: with no attack and no lesion there is nothing to evaluate")
        if self.total_lesions == 0:
            for name in ("cvs", "prl"):
                if getattr(self, name) != "not done":
                    raise ValueError(f"{name}={getattr(self, name)!r} needs lesions to be read on; lesions are all 0")
            if self.follow_up == "new lesion":
                raise ValueError("follow_up='new lesion' contradicts lesions all 0 (a new lesion is a lesion)")

    def lesions_in(self, region: str) -> int:
        return int(self.lesions.get(region, 0))

    def enhancing_in(self, region: str) -> int:
        return int(self.enhancing.get(region, 0))

    @property
    def total_lesions(self) -> int:
        return sum(self.lesions_in(r) for r in REGIONS)

    @property
    def total_enhancing(self) -> int:
        return sum(self.enhancing_in(r) for r in REGIONS)

    def regions_with_lesions(self, edition: int) -> tuple[str, ...]:
        areas = REGIONS_2017 if edition == 2017 else REGIONS
        return tuple(r for r in areas if self.lesions_in(r) > 0)

    @classmethod
    def from_mapping(cls, data: Mapping) -> "Case":
        """A case from a dictionary with every field of :data:`FIELDS` (a missing one is a ValueError)."""
        if not isinstance(data, Mapping):
            raise ValueError(f"a case must be a mapping of fields; got {type(data).__name__}")
        missing = [name for name in FIELDS if name not in data]
        if missing:
            raise ValueError(f"incomplete case: missing field(s) {', '.join(missing)}")
        extra = sorted(set(data) - set(FIELDS))
        if extra:
            raise ValueError(f"unknown field(s) {', '.join(extra)}; fields are {', '.join(FIELDS)}")
        return cls(**{name: data[name] for name in FIELDS})


def _count(name: str, value: object, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        raise ValueError(f"{name} must be a whole number from 0 to {high}; got {value!r}")


def _choice(name: str, value: object, options: tuple[str, ...]) -> None:
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(repr(o) for o in options)}; got {value!r}")


#: Words for each rule code, shared in meaning with the JavaScript version.
RULE_TEXT = {
    "clinical": "objective clinical evidence of two or more lesions",
    "mri": "{what} in {n} of the {total} areas",
    "attacks": "two or more attacks",
    "simultaneous": "enhancing and non-enhancing lesions on the same scan",
    "follow-up": "a new lesion on the follow-up scan",
    "csf": "CSF ({which}) in place of dissemination in time",
    "cvs": "a positive central vein sign (select six) in place of dissemination in time",
    "four-areas": "not needed: lesions in {n} of the 5 areas",
    "none": "not met",
    "no-attack": "not assessed: no clinical attack",
}


@dataclass(frozen=True)
class Verdict:
    """The engine's answer for one case under one edition.

    ``status`` is ``"met"``, ``"not met"`` or ``"outside"`` (a case the engine does
    not cover; ``notes`` says why). ``dis_rule`` and ``dit_rule`` are rule codes
    (keys of :data:`RULE_TEXT`); ``missing`` lists what would still be needed.
    """

    edition: int
    status: str
    dis: bool
    dis_rule: str
    dit: bool
    dit_rule: str
    missing: tuple[str, ...]
    notes: tuple[str, ...]
    areas: int

    def codes(self) -> dict:
        """The comparable part of the verdict (what the JavaScript version must match)."""
        return {
            "status": self.status, "dis": self.dis, "dis_rule": self.dis_rule,
            "dit": self.dit, "dit_rule": self.dit_rule, "missing": list(self.missing), "areas": self.areas,
        }

    @property
    def missing_short(self) -> list[str]:
        """What is missing, in one word each ("space", "time", "attack"), for tables and titles."""
        return [code.split("-")[0] for code in self.missing]

    def explain(self) -> str:
        """One or two plain sentences for a reader."""
        total = 4 if self.edition == 2017 else 5
        fill = {"n": self.areas, "total": total, "which": "oligoclonal bands" if self.edition == 2017
                else "oligoclonal bands or kFLC index",
                "what": "a T2 lesion" if self.edition == 2017 else "lesions or optic-nerve evidence"}
        dis = RULE_TEXT[self.dis_rule].format(**fill)
        dit = RULE_TEXT[self.dit_rule].format(**fill)
        head = {"met": "Criteria met", "not met": "Criteria not met", "outside": "Not covered here"}[self.status]
        text = f"{head} ({self.edition}). Space: {dis}. Time: {dit}."
        if self.missing:
            text += " Missing: " + "; ".join(missing_text(m, self.edition, self.areas) for m in self.missing) + "."
        return text


MISSING_TEXT = {
    "space": "a lesion in a second area, or a further attack at a different site",
    "time": "a new lesion on a later scan, an enhancing and a non-enhancing lesion together, "
            "CSF bands, or a second attack",
    "attack": "a clinical attack (under 2017 imaging alone is not enough)",
    # 2024, no attack: the routes of the radiologically isolated syndrome rules.
    "time-no-attack": "a new lesion on a later scan, an enhancing and a non-enhancing lesion together, "
                      "CSF bands or a raised kFLC index, or a positive central vein sign",
}


def missing_text(code: str, edition: int, areas: int) -> str:
    """Words for what is missing (see :data:`MISSING_TEXT`), with the 2024 routes to time."""
    if code == "time" and edition == 2024:
        text = ("a new lesion on a later scan, an enhancing and a non-enhancing lesion together, "
                "CSF bands or a raised kFLC index, a positive central vein sign, or a second attack")
        return text + (", or lesions in a fourth area" if areas == 3 else "")
    return MISSING_TEXT[code]



def evaluate(case: Case | Mapping, edition: int) -> Verdict:
    """Apply one edition of the criteria to ``case``.

    Parameters
    ----------
    case:
        A :class:`Case`, or a mapping with every field of :data:`FIELDS`.
    edition:
        2017 (Thompson et al. 2018) or 2024 (Montalban et al. 2025).

    Returns
    -------
    Verdict
        Whether DIS and DIT are met and by which rule, what is missing, and the status.

    Raises
    ------
    ValueError
        For an unknown edition, or an incomplete or contradictory case (the
        message names the field).
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be 2017 or 2024; got {edition!r}")
    if not isinstance(case, Case):
        case = Case.from_mapping(case)
    areas = len(case.regions_with_lesions(edition))
    csf_positive = case.ocb == "positive" or (edition == 2024 and case.kflc == "positive")
    notes: list[str] = []

    if case.attacks == 0 and edition == 2017:
        notes.append("Under 2017 a radiologically isolated syndrome is not diagnosed as MS on imaging alone.")
        return Verdict(edition, "not met", False, "no-attack", False, "no-attack", ("attack",), tuple(notes), areas)

    # Dissemination in space.
    if case.clinical_lesions >= 2:
        dis, dis_rule = True, "clinical"
    elif areas >= 2:
        dis, dis_rule = True, "mri"
    else:
        dis, dis_rule = False, "none"

    # Dissemination in time (in order of preference for the report). Only brain and spinal cord
    # lesions on the scan count for "enhancing and non-enhancing lesions together": the 2017
    # criteria do not use optic-nerve lesions, and in 2024 the optic-nerve area may come from
    # an OCT or VEP result, which is not a lesion on the scan.
    enhancing = sum(case.enhancing_in(r) for r in REGIONS_2017)
    brain_and_cord = sum(case.lesions_in(r) for r in REGIONS_2017)
    non_enhancing = brain_and_cord - enhancing
    cvs_positive = edition == 2024 and case.cvs == "positive"
    if edition == 2024 and areas >= 4 and case.attacks > 0:
        dit, dit_rule = True, "four-areas"
    elif case.attacks >= 2:
        dit, dit_rule = True, "attacks"
    elif enhancing >= 1 and non_enhancing >= 1:
        dit, dit_rule = True, "simultaneous"
    elif case.follow_up == "new lesion":
        dit, dit_rule = True, "follow-up"
    elif dis and csf_positive:
        dit, dit_rule = True, "csf"
    elif areas >= 2 and cvs_positive:  # the published route: lesions in two or three areas
        dit, dit_rule = True, "cvs"
    else:
        dit, dit_rule = False, "none"

    status = "met" if dis and dit else "not met"
    if case.attacks == 0:
        notes.append("No attack: the 2024 rules for a radiologically isolated syndrome ask for dissemination in "
                     "space plus dissemination in time, positive CSF or a positive central vein sign.")
        if areas >= 4 and not dit:
            notes.append("Lesions in four or five areas are enough after an attack, but are not among the routes "
                         "the revision's panel lists for a radiologically isolated syndrome.")
    elif edition == 2024 and brain_and_cord == 0 and status == "met":
        notes.append("Reports of the 2024 revision say that paraclinical evidence (typically MRI) is now needed; "
                     "this tool does not decide a case with no brain or spinal cord lesion on MRI.")
        status = "outside"
    elif edition == 2024 and not dis and (csf_positive or dit_rule in ("simultaneous", "follow-up")) \
            and "positive" in (case.cvs, case.prl):
        notes.append("The 2024 revision may allow a diagnosis with lesions in a single area when further markers "
                     "are present; this tool does not apply those rules.")
        status = "outside"

    if edition == 2017 and case.kflc == "positive":
        notes.append("A kFLC index was not part of the 2017 criteria.")
    if edition == 2017 and case.lesions_in("optic_nerve") > 0:
        notes.append("The optic nerve was not one of the 2017 areas.")
    if edition == 2017 and "positive" in (case.cvs, case.prl):
        notes.append("The central vein sign and rim lesions were not part of the 2017 criteria.")
    if cvs_positive and areas < 2 and status != "outside":
        notes.append("This tool uses a positive central vein sign only together with lesions in two or more areas.")
    if edition == 2024 and case.prl == "positive":
        notes.append("Rim lesions add supportive evidence; where the 2024 revision lets them count could not be "
                     "confirmed for this book, so this tool does not use them.")
    csf_untested = case.ocb == "not done" and (edition == 2017 or case.kflc == "not done")
    if dis and not dit and csf_untested:
        notes.append("CSF testing could stand in for dissemination in time.")

    time_code = "time-no-attack" if case.attacks == 0 else "time"
    missing = tuple(m for m, ok in (("space", dis), (time_code, dit)) if not ok)
    return Verdict(edition, status, dis, dis_rule, dit, dit_rule, missing, tuple(notes), areas)


def evaluate_both(case: Case | Mapping) -> dict[int, Verdict]:
    """The verdicts under 2017 and 2024, keyed by edition."""
    if not isinstance(case, Case):
        case = Case.from_mapping(case)
    return {edition: evaluate(case, edition) for edition in EDITIONS}


def case_from_row(row: Mapping[str, str]) -> Case:
    """A :class:`Case` from one row of ``msbook/data/mcdonald_cases.csv`` (strings)."""
    def number(name: str) -> int:
        text = row.get(name, "")
        if text is None or not str(text).strip().isdigit():
            raise ValueError(f"{name} must be a whole number; got {text!r}")
        return int(text)

    lesions = {r: number(f"les_{r}") for r in REGIONS}
    enhancing = {r: number(f"enh_{r}") for r in REGIONS}
    return Case(
        attacks=number("attacks"), clinical_lesions=number("clinical_lesions"),
        lesions=lesions, enhancing=enhancing, follow_up=row["follow_up"],
        ocb=row["ocb"], kflc=row["kflc"], cvs=row["cvs"], prl=row["prl"],
    )


def case_table() -> list[dict]:
    """The worked cases: each row of ``mcdonald_cases.csv`` with its parsed :class:`Case`."""
    from msbook.data import read_table

    rows = read_table("mcdonald_cases")
    return [dict(row, case=case_from_row(row)) for row in rows]


def case_table_markdown() -> str:
    """The worked cases as a Markdown table, with both verdicts computed by the engine."""
    def cell(v) -> str:
        if v.status == "outside":
            return "not covered"
        if v.status == "met":
            return "**met**"
        return "not met (" + ", ".join(v.missing_short) + ")"

    lines = ["| Case | Evidence | 2017 | 2024 |", "| --- | --- | --- | --- |"]
    for row in case_table():
        verdicts = evaluate_both(row["case"])
        lines.append(f"| {row['id']} | {row['description']} | {cell(verdicts[2017])} | {cell(verdicts[2024])} |")
    from msbook.live import MarkdownText

    return MarkdownText("\n".join(lines))
