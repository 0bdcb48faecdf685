"""Issue 2: bad input gives one clear line naming the file, exit code 2, and no output file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import HANDAN_PDF, run_cli
from tests.pdfmaker import image_only_pdf, text_pdf


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    corrupt = tmp / "corrupt.pdf"
    corrupt.write_bytes(HANDAN_PDF.read_bytes()[:2000])
    empty = tmp / "empty.pdf"
    empty.write_bytes(b"")
    html = tmp / "saved-page.pdf"
    html.write_text("<!DOCTYPE html><html><body>部门预算</body></html>", encoding="utf-8")
    garbage = tmp / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    return {
        "not a disclosure": (
            text_pdf(tmp / "invoice.pdf", ["Invoice 42", "Total: 100.00 EUR"]),
            "not a budget disclosure",
        ),
        "corrupt": (corrupt, "not a readable PDF"),
        "garbage after header": (garbage, "not a readable PDF"),
        "empty": (empty, "is empty"),
        "missing": (tmp / "nowhere.pdf", "no such file"),
        "image only": (image_only_pdf(tmp / "scan.pdf"), "no text layer"),
        "html named pdf": (html, "HTML"),
        "text that is not a disclosure": (
            _write(tmp / "notes.txt", "会议纪要\n今天开会。\n"),
            "not a budget disclosure",
        ),
    }


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "case",
    [
        "not a disclosure",
        "corrupt",
        "garbage after header",
        "empty",
        "missing",
        "image only",
        "html named pdf",
        "text that is not a disclosure",
    ],
)
def test_bad_input_one_line_exit_2_no_output(case: str, tmp_path: Path) -> None:
    src, expected = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out" / "graph.ttl"
    res = run_cli("extract", str(src), "-o", str(out))
    assert res.returncode == 2
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert str(src) in lines[0] and expected in lines[0], lines[0]
    assert not out.exists()
    assert not any(p.name.startswith(".budgetlod-") for p in tmp_path.rglob("*")), (
        "temporary file left behind"
    )


def test_existing_output_is_kept_when_extraction_fails(tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    out.write_text("previous graph", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    res = run_cli("extract", str(empty), "-o", str(out))
    assert res.returncode == 2
    assert out.read_text(encoding="utf-8") == "previous graph"


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert run_cli("extract").returncode == 2
    assert run_cli("export", "nonsense", str(tmp_path / "x.ttl")).returncode == 2


def test_export_of_unreadable_graph_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<", encoding="utf-8")
    res = run_cli("export", "cells", str(bad))
    assert res.returncode == 2 and str(bad) in res.stderr
    res = run_cli("export", "cells", str(tmp_path / "missing.ttl"))
    assert res.returncode == 2 and "no such file" in res.stderr
