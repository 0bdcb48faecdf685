"""Rebuild tests/fonts/uming-handan-subset.ttf (maintainers only; tests use the committed file).

Needs Debian's fonts-arphic-uming and fontTools (`pip install fonttools`). The subset keeps every
character of the Handan text conversion plus ASCII and common full-width punctuation, so the
tests can typeset that document in an embedded TrueType font other than the original's.
"""

from __future__ import annotations

import string
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
SOURCE = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
TEXT = HERE.parent.parent / "samples" / "handan-2023-xingzheng-shenpi-ju.txt"


def main() -> None:
    chars = (
        set(TEXT.read_text(encoding="utf-8")) | set(string.printable) | set("，。：；、（）“”《》—－　元万")
    )
    font = TTCollection(str(SOURCE)).fonts[0]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(c for c in chars if c.isprintable())))
    sub.subset(font)
    font.save(str(HERE / "uming-handan-subset.ttf"))


if __name__ == "__main__":
    main()
