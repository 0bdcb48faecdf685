"""A scanned disclosure made from a typeset one: each page rendered to an image at a resolution,
turned by a small angle (a sheet fed askew), sprinkled with specks (dust, toner), in grey, and
saved as an image-only PDF, as a county's scanner would publish it."""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw


def scan(source: Path, target: Path, dpi: int = 200, skew: float = 0.0, specks: int = 0, seed: int = 7,
         pages: list[int] | None = None) -> Path:  # fmt: skip
    """`source` (a text PDF) as an image-only PDF at `dpi`, each page turned `skew` degrees with
    `specks` random dots; `pages` (1-based) to scan only some."""
    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(str(source))
    images: list[Image.Image] = []
    for i in range(len(pdf)):
        if pages and i + 1 not in pages:
            continue
        img = pdf[i].render(scale=dpi / 72).to_pil().convert("L")
        if skew:
            img = img.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        if specks:
            draw = ImageDraw.Draw(img)
            for _ in range(specks):
                x, y = rng.randrange(img.width), rng.randrange(img.height)
                r = rng.choice((1, 1, 1, 2))
                draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randrange(0, 90))
        images.append(img)
    pdf.close()
    images[0].save(target, save_all=True, append_images=images[1:], resolution=float(dpi))
    return target
