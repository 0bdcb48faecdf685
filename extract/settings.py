"""The geometry and reading thresholds of the extractor, in one place (as pdfplumber's
TableSettings): every distance is in points, every share relative to what the comment says.
The readers take their values from `LAYOUT`; each module names the ones it uses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LayoutSettings:
    # extract/pdfform.py
    #: Characters closer than this (points) belong to one fragment; wider gaps separate cells.
    x_tolerance: float = 1.5
    #: Glyphs whose baselines are closer than this share of the font size share a printed line.
    baseline_share: float = 0.25
    #: The same glyph printed again closer than this (points) is an overprint, not a second character.
    duplicate_tolerance: float = 1.0
    #: share of the page height at top and bottom where page numbers are printed
    edge: float = 0.12
    # extract/layout.py
    #: Gaps narrower than this (points) do not separate two bands of text.
    band_gap: float = 1.0
    #: Two bands of words (not figures) closer than this share of the text height are one cell's text.
    text_gap: float = 1.2
    # extract/headers.py
    #: Header lines closer than this share of a line height belong to one wrapped cell.
    wrap_gap: float = 0.6
    #: A wrapped continuation overlaps the line above by at least this share of the narrower one.
    wrap_overlap: float = 0.5
    # extract/rows.py
    #: a label line nearer than this share of the row pitch belongs to that row
    wrap_share: float = 0.75
    #: a horizontal rule must run under this share of the table's width
    rule_coverage: float = 0.3
    #: segments this close vertically (points) are one rule
    rule_merge: float = 1.5
    #: rules separate rows if there are at least this many ruled rows per anchor line
    dense_share: float = 0.3
    #: a table counts as ruled between its rows from this many row rules on
    min_ruled_rows: int = 3
    # extract/pdfgrid.py
    #: a table going on over a page has a row among the page's first lines
    continuation_lines: int = 3
    #: a fragment running across this many column boundaries is prose
    prose_crossings: int = 3
    #: ... and as wide as this share of the table
    prose_width: float = 0.35
    #: a line printed this much larger than the table's rows is a heading after it
    heading_size: float = 1.25
    #: a digit's advance as a share of the font size (CJK fonts and most Latin ones)
    digit_em: float = 0.5
    # extract/pdfchars.py
    #: a filled rectangle thinner than this (points) is drawn as a rule
    thin: float = 3.0
    #: shorter segments are ticks or glyph parts, not rules
    min_rule: float = 2.0
    # extract/segment.py
    #: a title printed with spaces between characters has many fragments
    max_title_fragments: int = 40
    # extract/metadata.py
    #: metadata is printed near the start and above every table
    head_lines: int = 400
    #: a cover page prints the department (perhaps over several lines), year and kind
    cover_lines: int = 8
    #: a department's name may be printed over this many cover lines
    cover_span: int = 4
    # extract/catalog.py
    max_title_length: int = 40


LAYOUT = LayoutSettings()
