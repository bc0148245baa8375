"""The analyst report: a static HTML site (statements as filed, time series and charts, findings,
a page per concept) that opens from ``file://`` with no network. See ``exporters.html.site``."""

from exporters.html.site import build_site, write_html_report

__all__ = ["build_site", "write_html_report"]
