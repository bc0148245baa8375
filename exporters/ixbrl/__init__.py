"""Inline XBRL 1.1: a Report as the filing a person reads (``document.py``, ``templates/``)."""

from exporters.ixbrl.document import ixbrl_bytes, ixbrl_document

__all__ = ["ixbrl_bytes", "ixbrl_document"]
