"""What the real world sends: each bad input with its expected message and exit code, and a build
over all of them that loses nothing (issue 8)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetlod.store.storedir import StoreDir
from tests.conftest import HANDAN_PDF, HANDAN_TXT, run_cli
from tests.mutate import mutate
from tests.pdfmaker import image_only_pdf
from tests.typeset import Style, typeset

HANDAN_TEXT = HANDAN_TXT.read_text(encoding="utf-8")


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def unreadable(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Files that cannot be read at all: exit 2 and one line naming the file and why."""
    pdf = HANDAN_PDF.read_bytes()
    html = "<!DOCTYPE html><html><body>部门预算</body></html>"
    return {
        "truncated": (_write(tmp / "truncated.pdf", pdf[: len(pdf) * 6 // 10]), "is not a readable PDF"),
        "corrupt": (_write(tmp / "corrupt.pdf", pdf[:1000] + bytes(range(256)) * 20), "not a readable PDF"),
        "password-protected": (
            typeset(HANDAN_TXT, tmp / "locked.pdf", Style("locked", password="secret")),
            "encrypted, password-protected",
        ),
        "image only": (image_only_pdf(tmp / "scan.pdf"), "no text layer"),
        "empty": (_write(tmp / "empty.pdf", b""), "is empty"),
        "html saved as pdf": (_write(tmp / "page.pdf", html), "HTML"),
        "not utf-8 nor gb18030": (_write(tmp / "latin1.txt", bytes(range(128, 256)) * 40), "neither UTF-8"),
    }  # fmt: skip


UNREADABLE = [
    "truncated", "corrupt", "password-protected", "image only", "empty", "html saved as pdf",
    "not utf-8 nor gb18030",
]  # fmt: skip


@pytest.mark.parametrize("case", UNREADABLE)
def test_unreadable_inputs_exit_2_naming_the_file(case: str, tmp_path: Path) -> None:
    src, expected = unreadable(tmp_path)[case]
    res = run_cli("extract", str(src), "-o", str(tmp_path / "out.ttl"))
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert res.returncode == 2 and len(lines) == 1, res.stderr
    assert str(src) in lines[0] and expected in lines[0], lines[0]
    assert not (tmp_path / "out.ttl").exists()


def test_encrypted_pdf_without_a_user_password_is_read(tmp_path: Path) -> None:
    """Copy/print restrictions only (common in published PDFs): opens without a password."""
    src = typeset(HANDAN_TXT, tmp_path / "restricted.pdf", Style("restricted", font="ttf", password=""))
    assert b"/Encrypt" in src.read_bytes()
    res = run_cli("extract", str(src), "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 0 and "7 tables read (534 cells)" in res.stderr


def test_a_200_page_pdf_is_read_whole(tmp_path: Path) -> None:
    src = typeset(HANDAN_TXT, tmp_path / "long.pdf", Style("long", prose_pages=184))
    res = run_cli("extract", str(src), "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 0 and "200 pages" in res.stderr and "7 tables read (534 cells)" in res.stderr


def test_gb18030_text_is_read(tmp_path: Path) -> None:
    src = _write(tmp_path / "gbk.txt", HANDAN_TEXT.encode("gb18030"))
    res = run_cli("extract", str(src), "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 0 and "7 tables read (534 cells)" in res.stderr


def test_broken_markup_loses_no_figure(tmp_path: Path) -> None:
    broken = (
        HANDAN_TEXT.replace("</b>", "</b", 7).replace("<b>合计</b>", "<B>合计", 1)
        + "\n<p class='note'>未闭合\n"
    )
    src = _write(tmp_path / "broken.txt", broken)
    res = run_cli("extract", str(src), "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 0 and "7 tables read (534 cells)" in res.stderr and "unparsed" not in res.stderr


def test_a_missing_table_is_reported_and_strict_fails(tmp_path: Path) -> None:
    start = HANDAN_TEXT.index("## 部门预算财政拨款“三公”经费支出表")
    end = HANDAN_TEXT.index("\n#", start + 10)
    src = _write(tmp_path / "missing.txt", HANDAN_TEXT[:start] + HANDAN_TEXT[end:])
    res = run_cli("extract", str(src), "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 0 and "1 missing" in res.stderr and "missing: " in res.stderr
    res = run_cli("extract", str(src), "-o", str(tmp_path / "strict.ttl"), "--strict")
    assert res.returncode == 1 and not (tmp_path / "strict.ttl").exists()


def test_sums_that_do_not_hold_are_violations_naming_the_place(tmp_path: Path) -> None:
    src = _write(tmp_path / "sums.txt", mutate(HANDAN_TEXT, "部门预算支出总表", 4, 3, "1390.71"))
    res = run_cli("validate", str(src))
    assert res.returncode == 1
    assert "部门预算支出总表" in res.stdout and "1390.71" in res.stdout


def test_a_build_over_all_of_them_loses_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    bad = unreadable(tmp_path)
    for src, _ in bad.values():
        shutil.copy(src, docs)
    shutil.copy(HANDAN_TXT, docs)
    store = tmp_path / "store"
    res = run_cli("build", str(docs), "--store", str(store))
    assert res.returncode == 2
    assert "1 documents loaded" in res.stderr and f"{len(bad)} failed" in res.stderr
    for src, expected in bad.values():
        assert any(src.name in line and expected in line for line in res.stderr.splitlines()), src.name
    # A later build of other documents keeps what is there.
    more = tmp_path / "more"
    more.mkdir()
    _write(more / "gbk.txt", HANDAN_TEXT.replace("行政审批局", "财政局").encode("gb18030"))
    res = run_cli("build", str(more), "--store", str(store))
    assert res.returncode == 0, res.stderr
    m = StoreDir(store).manifest()
    assert m is not None and sorted(e.source for e in m.disclosures()) == ["gbk.txt", HANDAN_TXT.name]
