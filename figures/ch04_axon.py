"""Chapter 4 diagram: a myelinated axon in the CNS: an oligodendrocyte myelinating internodes on two
axons, nodes of Ranvier and the impulse jumping between them.

The drawing code is shared with the chapter's other diagram, in figures/_ch04_parts.py.
"""

from _ch04_parts import entry_points

SIZE, draw, narrow = entry_points("axon")
