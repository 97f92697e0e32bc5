"""The graph files a build folder holds, named without importing the graph stage.

``kg build`` checks ``--formats`` before it reads anything, and importing :mod:`kg.graph.writing`
(pyoxigraph, rdflib, the shape checks) then cost 0.5 s before the first file was read; the build
imports it while its workers read instead (kg.pipeline).
"""
from __future__ import annotations

OPTIONAL_FORMATS = ("trig", "ttl", "nt", "jsonld")
"""Serialisations written beside graph.nq only when asked for (``kg build --formats``)."""
