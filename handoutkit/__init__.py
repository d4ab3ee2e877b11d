"""Branded one-page client handouts and booklets from YAML, for a massage practice.

The subpackages follow the data: content -> layout -> pdf -> press / deliver / authoring
-> app -> cli (see docs/architecture.md).
"""
