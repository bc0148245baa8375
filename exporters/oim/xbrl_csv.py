"""xBRL-CSV 1.0: a Report out (``csv_files``) and back in (``read_csv``).

Out, without a report package, three files side by side:

- ``metadata.json``: documentInfo (documentType ``https://xbrl.org/2021/xbrl-csv``), two table
  templates and tables, and ``links``.
- ``facts.csv``, template ``facts``: one row per fact, in report order; the row id is the fact's
  id; columns ``id, concept, period, unit``, one column per taxonomy axis the report uses
  (``kc_ProductOrServiceAxis``), ``decimals, value``; the template maps them to the
  dimensions (``"concept": "$concept"``, …). The entity, the same for every fact, is a constant
  of the template (a column ``entity`` only if facts had several). An empty cell means "no value"
  (no unit: xbrli:pure or a text fact; no member: the axis' default), ``#nil`` a nil fact,
  ``#empty`` an empty string, and a value starting with ``#`` is escaped as ``##``.
- ``notes.csv``, template ``notes``: the provenance notes (``xbrl:note``, language ``en``), one
  row each.

Provenance and translations are xBRL-CSV links (§ links of the metadata): link type -> group ->
source fact id -> target fact ids, where a fact's id is ``<table>.r_<row id>.<column>``
(``facts.r_Revenues_D2024-01-01_2024-12-31_CNY.value``), as Arelle builds them.

In, a reader for the subset of xBRL-CSV these files and Arelle's own exports use (Arelle 2.47's
CSV export of an instance with fact-to-fact footnote arcs names their targets in its footnotes
table, which Arelle itself refuses as xbrlce:unknownLinkTarget, and so do we): table
templates with column, template and report ``dimensions`` and ``decimals`` (constants or
``$column`` references), comment columns, row id columns, special values and links; not
``extends``, parameters or property groups (a KcError says so).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from exporters.oim import jsonio
from exporters.oim.aspects import (
    CSV_DOCUMENT_TYPE,
    NOTE,
    NOTE_LANGUAGE,
    OimFact,
    OimLink,
    OimReport,
    Where,
    from_oim,
    to_oim,
)
from exporters.xmlutil import NOT_XML, not_xml
from kcmodel.errors import KcError
from kcmodel.files import read_bounded
from kcmodel.lexical import check_decimals, parse_decimals, shown
from kcmodel.report import Report
from kcmodel.taxonomy import Taxonomy

METADATA = "metadata.json"
FACTS = "facts"
NOTES = "notes"
# a kc fact has the core dimensions and a few taxonomy axes; the bound keeps the work per cell constant
MAX_DIMENSIONS = 64


def column_name(dimension: str) -> str:
    """A dimension's column: ``kc:ProductOrServiceAxis`` -> ``kc_ProductOrServiceAxis``."""
    return dimension.replace(":", "_")


def csv_fact_id(table: str, row: str, column: str) -> str:
    return f"{table}.r_{row}.{column}"


def cell(value: str | None) -> str:
    """A value as an xBRL-CSV cell: #nil, #empty, ## escapes a leading #."""
    if value is None:
        return "#nil"
    if value == "":
        return "#empty"
    return "#" + value if value.startswith("#") else value


def _table(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def csv_files(report: Report, oim: OimReport | None = None) -> dict[str, bytes]:
    """The report as xBRL-CSV: file name -> bytes (``metadata.json``, ``facts.csv``, ``notes.csv``;
    ``oim``: its OIM view, if made already)."""
    oim = oim or to_oim(report)
    facts = [f for f in oim.facts if not f.is_note]
    notes = [f for f in oim.facts if f.is_note]
    axes = sorted({name for f in facts for name in f.dimensions if ":" in name})
    entities = {f.dimensions.get("entity") for f in facts}
    constant_entity = next(iter(entities)) if len(entities) == 1 else None
    aspect_columns = ["concept", *([] if constant_entity else ["entity"]), "period", "unit"]
    header = ["id", *aspect_columns, *(column_name(a) for a in axes), "decimals", "value"]
    dimensions = {name: f"${name}" for name in aspect_columns}
    if constant_entity:
        dimensions["entity"] = constant_entity
    dimensions.update({axis: f"${column_name(axis)}" for axis in axes})
    rows = [header]
    for fact in facts:
        row = {"id": fact.id, "value": cell(fact.value),
               "decimals": "" if fact.decimals is None else str(fact.decimals)}
        row.update({name: fact.dimensions.get(name) or "" for name in aspect_columns})
        row.update({column_name(axis): fact.dimensions.get(axis) or "" for axis in axes})
        rows.append([row[column] for column in header])
    templates: dict[str, Any] = {
        FACTS: {
            "columns": {column: ({"dimensions": {}} if column == "value" else {}) for column in header},
            "decimals": "$decimals",
            "dimensions": dict(sorted(dimensions.items())),
            "rowIdColumn": "id",
        },
    }
    tables: dict[str, Any] = {FACTS: {"template": FACTS, "url": f"{FACTS}.csv"}}
    files = {f"{FACTS}.csv": _table(rows)}
    if notes:
        templates[NOTES] = {
            "columns": {"id": {}, "note": {"dimensions": {}}},
            "dimensions": {"concept": NOTE, "language": NOTE_LANGUAGE},
            "rowIdColumn": "id",
        }
        tables[NOTES] = {"template": NOTES, "url": f"{NOTES}.csv"}
        files[f"{NOTES}.csv"] = _table([["id", "note"], *([note.id, cell(note.value)] for note in notes)])
    noted = {note.id for note in notes}
    links: dict[str, dict[str, dict[str, list[str]]]] = {}
    for link in oim.links:
        targets = [csv_fact_id(NOTES, t, "note") if t in noted else csv_fact_id(FACTS, t, "value") for t in link.targets]
        links.setdefault(link.link_type, {}).setdefault(link.group, {})[csv_fact_id(FACTS, link.source, "value")] = targets
    metadata: dict[str, Any] = {
        "documentInfo": oim.document_info(CSV_DOCUMENT_TYPE),
        "tableTemplates": templates,
        "tables": tables,
    }
    if links:
        metadata["links"] = {kind: {group: dict(sorted(sources.items())) for group, sources in sorted(groups.items())}
                             for kind, groups in sorted(links.items())}
    files[METADATA] = jsonio.dump(metadata)
    return dict(sorted(files.items()))


# --- reading -------------------------------------------------------------------------------------


class _Absent:
    """A cell or dimension with no value (an empty cell, ``#none``)."""


ABSENT = _Absent()
_INCLUSIVE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


def special(text: str, where: Where) -> str | None | _Absent:
    """A cell's meaning: ABSENT for an empty cell or #none, None for #nil, else its text."""
    if text == "" or text == "#none":
        return ABSENT
    if text == "#nil":
        return None
    if text == "#empty":
        return ""
    if text.startswith("##"):
        return text[1:]
    if text.startswith("#"):
        raise where.error(f"unknown special value {text!r} (xbrlce:unknownSpecialValue)")
    return text


def csv_period(text: str) -> str:
    """xBRL-CSV's inclusive-dates form ``2024-01-01..2024-12-31`` as the OIM dateTime form."""
    match = _INCLUSIVE.fullmatch(text)
    if match is None:
        return text
    try:
        start, end = dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2])
    except ValueError:
        return text  # left for the period parser to refuse
    return f"{start.isoformat()}T00:00:00/{(end + dt.timedelta(days=1)).isoformat()}T00:00:00"


def read_csv(metadata: Any, base: Path, source: str, taxonomy: Taxonomy | None = None) -> Report:
    """The Report an xBRL-CSV metadata document (already parsed) and its tables hold."""
    return from_oim(csv_report(metadata, base, source), source, taxonomy)


def csv_report(metadata: Any, base: Path, source: str) -> OimReport:
    here = Where(source)
    if not isinstance(metadata, dict):
        raise here.error("not xBRL-CSV metadata: the document is not a JSON object")
    info = jsonio.expect_object(metadata.get("documentInfo"), "documentInfo", here)
    if info.get("documentType") != CSV_DOCUMENT_TYPE:
        raise here.error(f"not xBRL-CSV metadata: documentType {info.get('documentType')!r}, expected {CSV_DOCUMENT_TYPE!r}")
    for unsupported in ("extends",):
        if unsupported in info:
            raise here.error(f"documentInfo.{unsupported} is not supported by kcmodel's xBRL-CSV reader")
    for unsupported in ("parameters", "parameterURL"):
        if unsupported in metadata:
            raise here.error(f"{unsupported} is not supported by kcmodel's xBRL-CSV reader")
    templates = jsonio.expect_object(metadata.get("tableTemplates", {}), "tableTemplates", here)
    report_dimensions = jsonio.expect_object(metadata.get("dimensions", {}), "dimensions", here)
    report_decimals = metadata.get("decimals")
    facts: list[OimFact] = []
    read: dict[Path, str] = {}
    for table_id, table in jsonio.expect_object(metadata.get("tables", {}), "tables", here).items():
        table = jsonio.expect_object(table, f"tables.{table_id}", here)
        template_id = table.get("template", table_id)
        template = templates.get(template_id) if isinstance(template_id, str) else None
        if not isinstance(template, dict):
            raise here.error(f"table {table_id}: no table template {template_id!r}")
        path = _table_path(base, table.get("url"), table_id, here)
        if path in read:  # each file is read once: the work stays linear in the input
            raise here.error(f"table {table_id}: url {table.get('url')!r} is the file of table {read[path]} too")
        read[path] = table_id
        if not path.is_file():
            if table.get("optional") is True:
                continue
            raise here.error(f"table {table_id}: the file {table.get('url')} is missing")
        facts += _read_table(path, table_id, template, report_dimensions, report_decimals, here)
    links = []
    for link_type, groups in jsonio.expect_object(metadata.get("links", {}), "links", here).items():
        for group, sources in jsonio.expect_object(groups, f"links.{link_type}", here).items():
            for link_source, targets in jsonio.expect_object(sources, f"links.{link_type}.{group}", here).items():
                if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
                    raise here.error(f"links.{link_type}.{group}.{link_source} is not a list of fact ids")
                links.append(OimLink(link_source, link_type, group, tuple(targets), here))
    return OimReport(facts=facts, links=links, **jsonio.document_info_fields(info, here))


def _table_path(base: Path, url: Any, table_id: str, here: Where) -> Path:
    """A table's file, which must lie beside the metadata (no absolute paths, schemes or ``..``)."""
    if not isinstance(url, str) or not url or "://" in url or url.startswith(("/", "\\")) or ":" in url.split("/")[0]:
        raise here.error(f"table {table_id}: url {url!r} is not a relative path beside the metadata")
    path = (base / url).resolve()
    if not path.is_relative_to(base.resolve()):
        raise here.error(f"table {table_id}: url {url!r} leaves the metadata's directory")
    return path


def _read_table(path: Path, table_id: str, template: dict, report_dimensions: dict, report_decimals: Any,
                here: Where) -> list[OimFact]:
    source = str(path)
    columns = jsonio.expect_object(template.get("columns"), f"table template of {table_id}: columns", here)
    template_dimensions = jsonio.expect_object(template.get("dimensions", {}), f"table template of {table_id}: dimensions", here)
    fact_columns: dict[str, dict] = {}
    comments: set[str] = set()
    for name, column in columns.items():
        column = jsonio.expect_object(column, f"column {name}", here)
        if "propertiesFrom" in column or "propertyGroups" in column:
            raise here.error(f"column {name}: property groups are not supported by kcmodel's xBRL-CSV reader")
        if column.get("comment") is True:
            comments.add(name)
        elif "dimensions" in column:
            fact_columns[name] = column
            dimensions = jsonio.expect_object(column["dimensions"], f"column {name}: dimensions", here)
            if len(dimensions) + len(template_dimensions) + len(report_dimensions) > MAX_DIMENSIONS:
                raise here.error(f"column {name} of table {table_id}: more than {MAX_DIMENSIONS} dimensions per fact")
    row_id_column = template.get("rowIdColumn")
    data = read_bounded(path, "an xBRL-CSV table")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KcError(f"not UTF-8 text (byte {exc.start})", file=source, line=data.count(b"\n", 0, exc.start) + 1) from None
    bad = NOT_XML.search(text)
    if bad:
        raise KcError(f"{not_xml(bad[0])} is not accepted", file=source, line=text.count("\n", 0, bad.start()) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    facts: list[OimFact] = []
    try:
        header = next(reader, None)
        if header is None:
            raise KcError("an xBRL-CSV table needs a header row", file=source, line=1)
        seen: set[str] = set()
        for name in header:
            if name and name not in columns:
                raise KcError(f"column {name!r} is not in the table template (xbrlce:unknownColumn)", file=source, line=1)
            if name and name in seen:
                raise KcError(f"column {name!r} appears twice (xbrlce:repeatedColumnIdentifier)", file=source, line=1)
            seen.add(name)
        for number, row in enumerate(reader, start=1):
            where = Where(source, reader.line_num)
            if any(value for value in row[len(header):]):
                raise where.error("a value in a column without a header (xbrlce:unmappedCellValue)")
            cells = {name: value for name, value in zip(header, row) if name and name not in comments}
            row_id = cells.get(row_id_column, "") if row_id_column else str(number)
            if not row_id:
                raise where.error(f"no row identifier in column {row_id_column}")
            for name, value in cells.items():
                if name not in fact_columns:
                    continue
                meaning = special(value, where)
                if meaning is ABSENT:
                    continue
                dimensions = _fact_dimensions(fact_columns[name], template_dimensions, report_dimensions, cells, where)
                decimals = _decimals(fact_columns[name], template, report_decimals, cells, where)
                facts.append(OimFact(csv_fact_id(table_id, row_id, name), dimensions, meaning, decimals, where))
    except csv.Error as exc:
        raise KcError(f"not a valid CSV file: {exc}", file=source, line=reader.line_num) from None
    return facts


def _resolve(value: Any, cells: dict[str, str], what: str, where: Where) -> str | None | _Absent:
    """A property value: a constant (``$$`` escapes a ``$``) or a ``$column`` reference."""
    if not isinstance(value, str):
        raise where.error(f"{what}: {value!r} is not a string")
    if value.startswith("$$"):
        return value[1:]
    if value.startswith("$"):
        column = value[1:]
        if "@" in column:
            raise where.error(f"{what}: period specifiers ({value}) are not supported by kcmodel's xBRL-CSV reader")
        if column not in cells:
            return ABSENT
        return special(cells[column], where)
    return special(value, where) if value.startswith("#") else value


def _fact_dimensions(column: dict, template: dict, report: dict, cells: dict[str, str], where: Where) -> dict:
    dimensions: dict[str, str | None] = {}
    settled: set[str] = set()
    for level in (jsonio.expect_object(column["dimensions"], "column dimensions", where), template, report):
        for name, value in level.items():
            if name in settled:
                continue
            settled.add(name)
            resolved = _resolve(value, cells, f"dimension {name}", where)
            if resolved is ABSENT:
                continue
            if name == "period" and isinstance(resolved, str):
                resolved = csv_period(resolved)
            dimensions[name] = resolved
    return dimensions


def _decimals(column: dict, template: dict, report_decimals: Any, cells: dict[str, str], where: Where) -> int | None:
    for value in (column.get("decimals"), template.get("decimals"), report_decimals):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise where.error(f"decimals {shown(str(value))} is not an integer")
        try:
            if isinstance(value, int):
                return check_decimals(value)
            resolved = _resolve(value, cells, "decimals", where)
            if resolved is ABSENT or resolved is None:
                return None
            return parse_decimals(resolved)
        except ValueError as exc:
            raise where.error(str(exc)) from None
    return None
