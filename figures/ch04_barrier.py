"""Chapter 4 diagram: the blood-brain barrier in a cross-section of a brain capillary: endothelial cells
sealed by tight junctions, the basement membrane, a pericyte and astrocyte end-feet.

The drawing code is shared with the chapter's other diagram, in figures/_ch04_parts.py.
"""

from _ch04_parts import entry_points

SIZE, draw, narrow = entry_points("barrier")
