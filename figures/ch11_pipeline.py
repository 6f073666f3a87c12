"""Chapter 11 diagram: the path of a medicine from a target to approval and beyond.

Stages and the sizes of the clinical phases as the US Food and Drug Administration's patient
page "Step 3: Clinical Research" gives them (phase 1: 20 to 100 people; phase 2: up to several
hundred; phase 3: 300 to 3,000). A teaching summary: real programmes overlap the stages, and
regulators other than the FDA (such as the European Medicines Agency) follow similar steps.
"""

from __future__ import annotations

from _tree import step_chain

from msbook.style import OKABE_ITO

LAB, PEOPLE, REVIEW = OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"]

STEPS = [
    ("DISCOVERY <b>A target and a molecule</b>",
     "A molecule in the disease, such as a receptor on immune cells, is chosen, and drugs that act "
     "on it are found or designed.", LAB, "solid"),
    ("PRECLINICAL <b>Cells and animals</b>",
     "Tests of how the drug acts, how the body handles it and what harm it may do, in the "
     "laboratory and in animal models. Then a request to start tests in people.", LAB, "solid"),
    ("PHASE 1 <b>Is it safe enough to go on?</b>",
     "About 20 to 100 healthy volunteers or people with the disease: safety, side effects, doses "
     "and how the drug moves through the body.", PEOPLE, "dash"),
    ("PHASE 2 <b>Does it seem to work, and at what dose?</b>",
     "Up to several hundred people with the disease; in MS often an MRI endpoint such as new "
     "lesions.", PEOPLE, "dash"),
    ("PHASE 3 <b>Does it work, and is it safe, in a large trial?</b>",
     "Hundreds to thousands of people, randomised against placebo or an existing drug, for a year "
     "or more: relapses, disability, safety.", PEOPLE, "dash"),
    ("REVIEW <b>A regulator weighs benefits and risks</b>",
     "The whole file goes to regulators such as the FDA in the United States or the European "
     "Medicines Agency, who approve, refuse or ask for more.", REVIEW, "dot"),
    ("PHASE 4 <b>After approval</b>",
     "Many more people, for many more years: rare and late side effects, registries, trials in "
     "new groups.", REVIEW, "dot"),
]
NOTE = ("Solid blue boxes: before any person takes the drug. Dashed orange boxes: trials in people.<br>"
        "Dotted green boxes: decisions and watching after approval.")


SIZE, draw, narrow = step_chain(STEPS, NOTE, chars=80, indent=18)
