"""Namespaces, element construction, deterministic serialisation and safe parsing for XBRL XML."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lxml import etree

from kcmodel.errors import KcError
from kcmodel.files import read_bounded
from kcmodel.taxonomy import NAMESPACE, PREFIX

NS = {
    "xsd": "http://www.w3.org/2001/XMLSchema",
    "xbrli": "http://www.xbrl.org/2003/instance",
    "link": "http://www.xbrl.org/2003/linkbase",
    "xlink": "http://www.w3.org/1999/xlink",
    "xbrldt": "http://xbrl.org/2005/xbrldt",
    "xbrldi": "http://xbrl.org/2006/xbrldi",
    "dtr-types": "http://www.xbrl.org/dtr/type/2022-03-31",
    "iso4217": "http://www.xbrl.org/2003/iso4217",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "tp": "http://xbrl.org/2016/taxonomy-package",
    "catalog": "urn:oasis:names:tc:entity:xmlns:xml:catalog",
    "ix": "http://www.xbrl.org/2013/inlineXBRL",
    "ixt": "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12",
    "xhtml": "http://www.w3.org/1999/xhtml",
    PREFIX: NAMESPACE,
}


# what XML 1.0 cannot carry (its production Char): control characters other than TAB, LF and CR,
# surrogates (in a str, only a lone one), U+FFFE and U+FFFF
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def not_xml(char: str) -> str:
    """A character XML cannot carry, named for a message: 'the control character U+0001'."""
    code = ord(char)
    kind = "lone surrogate" if 0xD800 <= code <= 0xDFFF else "noncharacter" if code >= 0xFFFE else "control character"
    return f"the {kind} U+{code:04X}, which XML cannot carry,"


@functools.cache  # an instance names the same few dozen elements and attributes tens of thousands of times
def q(name: str) -> str:
    """Clark notation for a prefixed name: ``q("link:loc")`` -> ``{http://…/linkbase}loc``."""
    prefix, local = name.split(":", 1)
    return f"{{{NS[prefix]}}}{local}"


@functools.cache
def _attribute(keyword: str) -> str:
    """An attribute's name from a keyword argument: ``xlink__href`` -> ``{http://www.w3.org/1999/xlink}href``."""
    return q(keyword.replace("__", ":")) if "__" in keyword else keyword


def element(parent: etree._Element | None, name: str, text: str | None = None, /, **attrs: str) -> etree._Element:
    """A child (or root) element; attribute names may be prefixed with ``__`` for ``:`` (xlink__href)."""
    attributes = {_attribute(k): v for k, v in attrs.items()}
    node = etree.Element(q(name), attributes, nsmap=None) if parent is None else etree.SubElement(parent, q(name), attributes)
    if text is not None:
        node.text = text
    return node


def root(name: str, prefixes: list[str], **attrs: str) -> etree._Element:
    node = etree.Element(q(name), nsmap={p: NS[p] for p in prefixes})
    for key, value in attrs.items():
        node.set(q(key.replace("__", ":")) if "__" in key else key, value)
    return node


def serialize(node: etree._Element) -> bytes:
    """UTF-8, declared, indented: the same tree always gives the same bytes."""
    etree.indent(node, space="  ")
    return etree.tostring(node, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_pis=True
    )


def parse_safely(data: bytes, source: str) -> etree._Element:
    """Parse untrusted XML: no DTD, no entities, no network; errors name the file and line."""
    try:
        tree = etree.fromstring(data, _safe_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise KcError(f"not well-formed XML: {exc.msg}", file=source, line=exc.lineno) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise KcError("a document type declaration is not accepted (entity expansion is refused)", file=source, line=1)
    return tree.getroot()


def read_xml(path: Path, what: str = "an XML document") -> etree._Element:
    """A regular file of at most ``MAX_BYTES``, parsed safely."""
    return parse_safely(read_bounded(path, what), str(path))
