"""alignread: read, annotate and align English–Indonesian essays."""

__version__ = "0.1.0"
