"""Chapter 8 diagram: the path to a diagnosis of MS under the McDonald criteria, step by step.

Steps as chapter 8 states them (Thompson et al. 2018 for 2017; Montalban et al. 2025 for the
2024 revision): a typical attack; dissemination in space; dissemination in time (or what may
stand in for it); and no better explanation. A teaching summary, not a clinical algorithm.
"""

from __future__ import annotations

from _tree import step_chain

from msbook.style import OKABE_ITO

BLUE, ORANGE, GREEN = OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"]

STEPS = [
    ("STEP 1 <b>A typical attack</b>",
     "Symptoms of inflammation in the brain, spinal cord or optic nerve lasting at least 24 hours, "
     "with objective signs. The first one is a clinically isolated syndrome.", BLUE, "solid"),
    ("STEP 2 <b>Dissemination in space</b>",
     "Lesions in at least 2 of the typical areas, or clinical signs of 2 lesions. 2017: 4 areas. "
     "2024: 5 areas, the optic nerve added.", BLUE, "solid"),
    ("STEP 3 <b>Dissemination in time</b>",
     "A second attack; enhancing and non-enhancing lesions on one scan; or a new lesion on a later "
     "scan. CSF bands (2024: or a raised kFLC index) can stand in. 2024: not needed with lesions "
     "in 4 or 5 of the 5 areas.", BLUE, "solid"),
    ("STEP 4 <b>No better explanation</b>",
     "Other diseases that look like MS are considered and excluded, for example NMOSD (AQP4 "
     "antibodies) and MOGAD (MOG antibodies). Red flags prompt more tests.", ORANGE, "dash"),
    ("RESULT <b>A clinician's diagnosis</b>",
     "The criteria are a tool for specialists, who weigh every step; they are not a checklist "
     "for anyone to apply to themselves.", GREEN, "dot"),
]
NOTE = ("Solid blue boxes: evidence the criteria count. Dashed orange box: the exclusion step.<br>"
        "Dotted green box: the outcome, which only a clinician can reach.")


SIZE, draw, narrow = step_chain(STEPS, NOTE, chars=86, indent=22)
