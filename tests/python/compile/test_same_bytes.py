"""The same text compiles to the same result, whatever order tree-sitter's query lists nodes in.

py-tree-sitter collects a capture's nodes in a set: any decision that takes "the first one found"
must take the first in the source.
"""

from __future__ import annotations

from nbbundle.compile.transform import transform


def test_the_jsx_runtime_import_is_placed_at_the_first_element_whatever_order_the_query_found_them() -> None:
    # Its place (an error about `react/jsx-runtime` points there) came from whichever element the
    # query listed first: unordered, so the same text compiled to different import records.
    source = "const v = 1;\nexport const tree = " + "<div a={v}>" * 40 + "{v}" + "</div>" * 40 + ";\n"
    first = source.index("<div")
    ranges = {transform(f"tree{n}.tsx", source, "tsx").imports[0].byte_range for n in range(4)}
    assert ranges == {(first, source.rindex("</div>") + len("</div>"))}
