"""The browser flow in headless Chromium (Debian's chromium + chromium-driver, installed by
scripts/install-browser): home page, an example query run from the query page, a department,
a budget line and its source. Screenshots go to test-artifacts/browser/.

Without Chromium the test is skipped, saying why and how to install it; CI sets
BUDGETLOD_REQUIRE_BROWSER=1, which turns that skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.processes import free_port, serving

ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _require_browser() -> None:
    if CHROMIUM and DRIVER:
        return
    why = "headless Chromium and ChromeDriver are not installed; install them with ./scripts/install-browser"
    if os.environ.get("BUDGETLOD_REQUIRE_BROWSER") == "1":
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="module")
def site(served_store: Path) -> Iterator[str]:
    port = free_port()
    exe = Path(sys.executable).parent / "budgetlod"
    cmd = [str(exe), "serve", "--store", str(served_store), "--port", str(port)]
    with serving(cmd, f"http://127.0.0.1:{port}/"):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture()
def browser():  # type: ignore[no-untyped-def]
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM  # type: ignore[assignment]
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-sync", "--window-size=1280,1600"):  # fmt: skip
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_home_query_department_line(site: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.get(site + "/")
    documents = browser.find_element(By.ID, "documents").text
    assert "邯郸市行政审批局 2023 部门预算" in documents and "上海市普陀区财政局 2025 部门预算" in documents
    shot(browser, "1-home")

    # The query page, one example, run.
    browser.find_element(By.LINK_TEXT, "SPARQL query").click()
    example = next(a for a in browser.find_elements(By.CSS_SELECTOR, "a.example") if "2080505" in a.text)
    example.click()
    wait.until(ec.text_to_be_present_in_element_value((By.NAME, "query"), '"2080505"'))
    browser.find_element(By.ID, "run").click()
    table = wait.until(ec.presence_of_element_located((By.ID, "results")))
    assert "邯郸市行政审批局" in table.text and "274.73" in table.text and "2747300" in table.text
    shot(browser, "2-query-results")

    # Home, then the department, then one of its lines.
    browser.get(site + "/")
    browser.find_element(By.ID, "documents").find_element(By.LINK_TEXT, "邯郸市行政审批局").click()
    lines = wait.until(ec.presence_of_element_located((By.ID, "lines")))
    assert browser.find_element(By.TAG_NAME, "h1").text == "邯郸市行政审批局"
    row = next(r for r in lines.find_elements(By.TAG_NAME, "tr") if "2010301" in r.text)
    assert "1290.71" in row.text and "12907100" in row.text
    shot(browser, "3-department")
    row.find_element(By.TAG_NAME, "a").click()
    source = wait.until(ec.presence_of_element_located((By.ID, "source")))
    assert "部门预算支出总表" in source.text and "1290.71" in source.text
    assert "1290.71" in browser.find_element(By.ID, "properties").text
    shot(browser, "4-budget-line")
    assert all(
        (ARTIFACTS / f"{n}.png").stat().st_size > 10_000
        for n in ("1-home", "2-query-results", "3-department", "4-budget-line")
    )
