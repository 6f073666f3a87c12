"""The Expanded Disability Status Scale (EDSS) step from functional-system grades and walking
(chapter 9): a teaching version of Kurtzke's 1983 definitions.

Kurtzke's scale runs from 0 (normal examination) to 10 (death due to MS) in half
steps. Its lower steps, up to 4.0, are defined by the grades of the functional
systems (FS), each graded from 0 (normal) upwards by a neurologist's examination.
From 4.5 upwards each step is defined mainly by how far a person can walk, with
or without aid, and beyond walking by how much they are restricted to a
wheelchair or bed. The "usual FS equivalents" Kurtzke gives for the higher steps
are described as usual, not required, and are not used here.

The rules implemented (Kurtzke 1983, step definitions):

- 0: all FS grade 0 (a Cerebral grade 1 is acceptable);
- 1.0: minimal signs in one FS (one grade 1, not counting a Cerebral grade 1);
- 1.5: minimal signs in more than one FS (more than one grade 1, same exception);
- 2.0: one FS grade 2, others 0 or 1;
- 2.5: two FS grade 2, others 0 or 1;
- 3.0: one FS grade 3, others 0 or 1; or three or four FS grade 2, others 0 or 1;
- 3.5: one FS grade 3 and one or two FS grade 2; or two FS grade 3; or five FS
  grade 2 (others 0 or 1);
- 4.0: one FS grade 4 (others 0 or 1), or combinations of lesser grades
  exceeding the limits of the previous steps; able to walk about 500 m without
  aid or rest;
- 4.5 to 9.5: by walking range and aid, then restriction to wheelchair or bed
  (:data:`WALKING`).

Simplifications, stated in the chapter: grades run from 0 to 4 in every system
(grades 5 and 6 exist in some systems); the seventh and eighth systems'
details (the "Other" system; the conversion of visual and bowel and bladder
grades that some scoring manuals apply) are left out; when walking is
unrestricted the highest step is 4.0, and combinations of grades beyond the
4.0 definitions, which the scale does not assign to a step for a person who
walks 500 m, are reported as 4.0 with a note. A real EDSS comes from a
standardised examination by a trained neurologist; this is a teaching tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from msbook.validation import Param

#: The seven functional systems used here, in the order of Kurtzke's list.
SYSTEMS = ("pyramidal", "cerebellar", "brainstem", "sensory", "bowel_bladder", "visual", "cerebral")
SYSTEM_NAMES = {
    "pyramidal": "Pyramidal (strength)",
    "cerebellar": "Cerebellar (coordination)",
    "brainstem": "Brainstem (eyes, speech, swallowing)",
    "sensory": "Sensory (feeling)",
    "bowel_bladder": "Bowel and bladder",
    "visual": "Visual",
    "cerebral": "Cerebral (thinking, mood)",
}
MAX_GRADE = 4

#: Walking levels: (lowest EDSS step it allows, short label, Kurtzke's description in brief).
#: Level 0 is "walks 500 m or more without aid or rest": the FS grades then decide (0-4.0).
WALKING = (
    (0.0, "500 m or more, no aid", "Walks about 500 m or more without aid or rest"),
    (4.5, "about 300 m, no aid", "Walks about 300 m without aid or rest; able to work a full day"),
    (5.0, "about 200 m, no aid", "Walks about 200 m without aid or rest; full daily activities impaired"),
    (5.5, "about 100 m, no aid", "Walks about 100 m without aid or rest; full daily activities precluded"),
    (6.0, "100 m with aid on one side",
     "Needs a cane, crutch or brace, now and then or on one side, to walk about 100 m"),
    (6.5, "20 m with aid on both sides", "Needs constant help on both sides to walk about 20 m without resting"),
    (7.0, "about 5 m; wheelchair, transfers alone",
     "Cannot walk beyond about 5 m even with aid; wheels self and transfers alone"),
    (7.5, "a few steps; may need help to transfer",
     "Cannot take more than a few steps; may need help to transfer and a motorised wheelchair"),
    (8.0, "restricted to bed or chair, good use of arms",
     "Essentially restricted to bed or chair; many self-care functions; effective use of arms"),
    (8.5, "in bed much of the day, some use of arms",
     "Essentially restricted to bed much of the day; some use of arms; some self-care"),
    (9.0, "confined to bed; can communicate and eat", "Helpless in bed; can communicate and eat"),
    (9.5, "confined to bed; cannot communicate or eat",
     "Totally helpless in bed; unable to communicate effectively or eat and swallow"),
)

#: Short anchor descriptions of each step (after Kurtzke 1983), for labels and the figure.
ANCHORS = {
    0.0: "Normal neurological examination",
    1.0: "No disability; minimal signs in one system",
    1.5: "No disability; minimal signs in more than one system",
    2.0: "Minimal disability in one system",
    2.5: "Minimal disability in two systems",
    3.0: "Moderate disability in one system, or mild disability in three or four; walks normally",
    3.5: "Walks normally; moderate disability in one system with more in others, or in two systems",
    4.0: "Relatively severe disability; walks about 500 m without aid or rest",
    **{step: text for step, _label, text in WALKING[1:]},
    10.0: "Death due to MS",
}

#: Example profiles for chapter 9's figure and table: (label, walking level, grades).
EXAMPLES = (
    ("Normal", 0, {}),
    ("Cerebral 1 only", 0, {"cerebral": 1}),
    ("Sensory 1", 0, {"sensory": 1}),
    ("Two systems 1", 0, {"pyramidal": 1, "sensory": 1}),
    ("Visual 2", 0, {"visual": 2, "sensory": 1}),
    ("Two systems 2", 0, {"pyramidal": 2, "cerebellar": 2}),
    ("Pyramidal 3", 0, {"pyramidal": 3, "sensory": 1}),
    ("3 + two 2s", 0, {"pyramidal": 3, "sensory": 2, "bowel_bladder": 2}),
    ("Pyramidal 4", 0, {"pyramidal": 4, "sensory": 1}),
    ("Walks 200 m", 2, {"pyramidal": 3, "cerebellar": 3, "sensory": 2}),
    ("Cane, 100 m", 4, {"pyramidal": 3, "cerebellar": 3, "sensory": 2, "bowel_bladder": 3}),
    ("Wheelchair", 6, {"pyramidal": 4, "cerebellar": 4, "sensory": 3, "bowel_bladder": 3}),
)


PARAMS = {
    **{s: Param(s, 0, MAX_GRADE, 0, "grade", SYSTEM_NAMES[s], step=1) for s in SYSTEMS},
    "walking": Param("walking", 0, len(WALKING) - 1, 0, "level", "Walking level (0 = unrestricted)", step=1),
}


@dataclass(frozen=True)
class EDSSResult:
    """An EDSS step with the rule that gave it and, if needed, a note on a simplification."""

    step: float
    rule: str
    note: str = ""

    @property
    def anchor(self) -> str:
        return ANCHORS[self.step]


def _whole(name: str, value: object) -> int:
    number = PARAMS[name].check(value)
    if not float(number).is_integer():
        raise ValueError(f"{name} must be a whole number from {PARAMS[name].low:g} to {PARAMS[name].high:g}; got {value!r}")
    return int(number)


def fs_step(grades: Mapping[str, int]) -> EDSSResult:
    """The step (0 to 4.0) that Kurtzke's FS definitions give for a person who walks normally.

    ``grades`` maps each name in :data:`SYSTEMS` to a whole grade 0 to 4; missing
    systems count as 0.
    """
    unknown = set(grades) - set(SYSTEMS)
    if unknown:
        raise ValueError(f"unknown functional systems {sorted(unknown)}; known: {list(SYSTEMS)}")
    g = {s: _whole(s, grades.get(s, 0)) for s in SYSTEMS}
    # A Cerebral grade 1 does not count towards steps 1.0 and 1.5 (Kurtzke 1983).
    ones = sum(1 for s, v in g.items() if v == 1 and s != "cerebral")
    n = {k: sum(1 for v in g.values() if v == k) for k in range(MAX_GRADE + 1)}
    top = max(g.values())
    beyond = (
        "These grades go beyond the combinations that define step 4.0. Kurtzke's definitions "
        "assign the higher steps by walking; standardised scoring systems may give a higher step "
        "here. The explorer shows 4.0."
    )
    if top == 0 or (top == 1 and ones == 0):
        return EDSSResult(0.0, "all systems grade 0 (a Cerebral grade 1 is acceptable)")
    if top == 1:
        return (EDSSResult(1.0, "one system grade 1") if ones == 1
                else EDSSResult(1.5, "more than one system grade 1"))
    if top == 2:
        if n[2] == 1:
            return EDSSResult(2.0, "one system grade 2, others 0 or 1")
        if n[2] == 2:
            return EDSSResult(2.5, "two systems grade 2, others 0 or 1")
        if n[2] in (3, 4):
            return EDSSResult(3.0, "three or four systems grade 2, others 0 or 1")
        if n[2] == 5:
            return EDSSResult(3.5, "five systems grade 2, others 0 or 1")
        return EDSSResult(4.0, "grades exceeding the limits of step 3.5")
    if top == 3:
        if n[3] == 1 and n[2] == 0:
            return EDSSResult(3.0, "one system grade 3, others 0 or 1")
        if n[3] == 1 and n[2] in (1, 2):
            return EDSSResult(3.5, "one system grade 3 and one or two grade 2")
        if n[3] == 2 and n[2] == 0:
            return EDSSResult(3.5, "two systems grade 3, others 0 or 1")
        return EDSSResult(4.0, "grades exceeding the limits of step 3.5")
    # top == 4
    if n[4] == 1 and n[2] == 0 and n[3] == 0:
        return EDSSResult(4.0, "one system grade 4, others 0 or 1")
    return EDSSResult(4.0, "grades exceeding the limits of step 4.0", beyond)


def edss_step(walking: int = 0, **grades: int) -> EDSSResult:
    """The EDSS step for functional-system grades and a walking level.

    Parameters
    ----------
    walking:
        Index into :data:`WALKING`, 0 (walks 500 m or more without aid or rest)
        to 11 (totally helpless in bed).
    **grades:
        Grade 0 to 4 for each system named in :data:`SYSTEMS` (missing = 0).

    With unrestricted walking the step comes from the grades (0 to 4.0). With
    restricted walking the walking level decides the step (4.5 to 9.5), since
    Kurtzke defines those steps by walking and restriction; the grades are
    still checked.
    """
    level = _whole("walking", walking)
    from_grades = fs_step(grades)
    if level == 0:
        return from_grades
    step, _label, text = WALKING[level]
    return EDSSResult(step, "walking: " + text[0].lower() + text[1:])


def profile_text(walking: int = 0, **grades: int) -> str:
    """A profile in words, e.g. "Pyramidal 2, Sensory 1; walks 500 m or more, no aid"."""
    parts = [f"{SYSTEM_NAMES[s].split(' (')[0]} {grades[s]}" for s in SYSTEMS if grades.get(s, 0)]
    return (", ".join(parts) or "all systems 0") + "; walks " + WALKING[walking][1]
