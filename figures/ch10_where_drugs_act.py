"""Chapter 10 diagram: where the classes of disease-modifying therapy act along the immune
journey of chapters 1 to 5 (activation in a lymph node, the blood, the barrier, the brain).

The sites and actions are those chapter 10 states, with its sources (msbook.models.dmt.CLASSES):
natalizumab at the barrier; S1P receptor modulators in the lymph node; anti-CD20 antibodies,
alemtuzumab and cladribine removing cells from the blood and lymphoid tissue; interferons,
glatiramer acetate, teriflunomide and fumarates changing how cells are activated. A teaching
summary, not a complete account of any drug.
"""

from __future__ import annotations

from _tree import step_chain

from msbook.style import OKABE_ITO

BLUE, ORANGE, GREEN, GREY = OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"], "#555555"

STATIONS = [
    ("1 <b>Lymph node: activation</b>",
     "An antigen-presenting cell switches on a T cell, which multiplies. "
     "KEEP OUT (by holding cells in the node): S1P receptor modulators. "
     "MODULATE: interferon beta, glatiramer acetate, teriflunomide and fumarates change how "
     "cells are activated and multiply.", GREEN, "dot"),
    ("2 <b>Blood: circulating cells</b>",
     "Activated T and B cells travel in the blood. "
     "REMOVE: anti-CD20 antibodies remove B cells; alemtuzumab removes T and B cells; "
     "cladribine lowers lymphocyte numbers for a time.", ORANGE, "dash"),
    ("3 <b>Barrier: gripping and crossing</b>",
     "VLA-4 on T cells grips VCAM-1 on the vessel wall, and the cells cross. "
     "KEEP OUT: natalizumab blocks VLA-4. Interferon beta also makes crossing harder.", BLUE, "solid"),
    ("4 <b>Brain and spinal cord: attack</b>",
     "T cells are reactivated; macrophages and microglia strip myelin. Glatiramer-induced T cells "
     "are thought to calm inflammation here. Drugs aimed at inflammation inside the brain (BTK "
     "inhibitors) are still being tested.", GREY, "longdash"),
]
NOTE = ("Line styles: dotted green, keep out at the node or modulate; dashed orange, remove;<br>"
        "solid blue, keep out; long dashes grey, inside the brain (under study).")


SIZE, draw, narrow = step_chain(STATIONS, NOTE, chars=86, indent=22)
