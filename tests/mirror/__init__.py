"""A local mirror of the www.itu.int pages and JSON API our crawler uses (tests, demo).

``MirrorServer(reference_dir, port=0, subset=None, seed=0)`` serves recorded responses from the
shared itu-reference folder (read at run time) and generates every other edition's responses
from the relaton dataset, in the recorded shapes. See ``server``, ``catalogue``, ``routing``.
"""

from tests.mirror.catalogue import Catalogue, Edition, Family
from tests.mirror.faults import FAULT_KINDS, LogEntry
from tests.mirror.mutations import Mutation
from tests.mirror.server import MirrorServer

__all__ = [
    "FAULT_KINDS",
    "Catalogue",
    "Edition",
    "Family",
    "LogEntry",
    "MirrorServer",
    "Mutation",
]
