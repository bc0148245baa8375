"""XBRL 2.1 instance documents: a Report out (``instance``), and back in (``loader``)."""

from exporters.xbrl.instance import instance, instance_bytes
from exporters.xbrl.loader import load_instance, read_instance

__all__ = ["instance", "instance_bytes", "load_instance", "read_instance"]
