"""The browser flow in headless Chromium (Debian's chromium + chromium-driver, installed by
scripts/install-browser): home page, an example query run from the query page, a department,
a budget line and its source. Screenshots go to test-artifacts/browser/.

Without Chromium the test is skipped, saying why and how to install it; CI sets
BUDGETLOD_REQUIRE_BROWSER=1, which turns that skip into a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

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
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
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


def requested_hosts(driver) -> set[str]:  # type: ignore[no-untyped-def]
    """Every host the page asked for anything (Chrome's performance log)."""
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = urlsplit(message["params"]["request"]["url"])
            if url.scheme in ("http", "https", "ws", "wss"):
                hosts.add(url.hostname or "")
    return hosts


def test_home_query_department_line(site: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 20)
    browser.get(site + "/")
    documents = browser.find_element(By.ID, "documents").text
    assert "邯郸市行政审批局 2023 部门预算" in documents and "上海市普陀区财政局 2025 部门预算" in documents
    shot(browser, "1-home")

    # The query page is YASGUI: one example, run from its own button, its result table.
    browser.find_element(By.LINK_TEXT, "SPARQL query").click()
    example = next(a for a in browser.find_elements(By.CSS_SELECTOR, "a.example") if "2080505" in a.text)
    example.click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".CodeMirror"), '"2080505"'))
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    table = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasr table")))
    wait.until(lambda d: "邯郸市行政审批局" in table.text)
    assert "2747300" in table.text
    assert not browser.find_element(By.ID, "query-form").is_displayed()  # the plain form is the fallback
    shot(browser, "2-query-results")

    # Home, then the department, then one of its lines.
    browser.get(site + "/")
    browser.find_element(By.ID, "documents").find_element(By.LINK_TEXT, "邯郸市行政审批局").click()
    pivot = wait.until(ec.presence_of_element_located((By.ID, "pivot")))
    assert browser.find_element(By.TAG_NAME, "h1").text == "邯郸市行政审批局"
    row = next(r for r in pivot.find_elements(By.TAG_NAME, "tr") if "201 一般公共服务支出" in r.text)
    assert "4,863.87" in row.text  # 万元, with separators
    assert browser.find_element(By.ID, "chart").is_displayed()
    shot(browser, "3-department")
    browser.find_element(By.CSS_SELECTOR, "#lines").find_element(By.XPATH, "..").click()  # unfold
    line_row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#lines tr") if "2010301" in r.text)
    cell = next(td for td in line_row.find_elements(By.TAG_NAME, "td") if td.text == "1,290.71")
    assert cell.get_attribute("title") == "12,907,100 元"
    line_row.find_element(By.TAG_NAME, "a").click()
    source = wait.until(ec.presence_of_element_located((By.ID, "source")))
    assert "部门预算支出总表" in source.text and "1290.71" in source.text
    shot(browser, "4-budget-line")
    assert all(
        (ARTIFACTS / f"{n}.png").stat().st_size > 10_000
        for n in ("1-home", "2-query-results", "3-department", "4-budget-line")
    )
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_a_document_is_shown_as_its_tables_with_its_findings(site: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(site + "/")
    link = next(
        a for a in browser.find_element(By.ID, "documents").find_elements(By.TAG_NAME, "a")
        if a.text == "邯郸市行政审批局 2023 部门预算"
    )  # fmt: skip
    link.click()
    block = next(
        s for s in browser.find_elements(By.CSS_SELECTOR, "section.table-block")
        if s.find_element(By.TAG_NAME, "h2").text == "部门预算支出总表"
    )  # fmt: skip
    table = block.find_element(By.CSS_SELECTOR, "table.printed")
    assert table.find_element(By.TAG_NAME, "caption").text == "部门预算支出总表（万元）"
    row = next(r for r in table.find_elements(By.TAG_NAME, "tr") if "行政运行" in r.text)
    figure = next(td for td in row.find_elements(By.TAG_NAME, "td") if td.text == "1,290.71")
    assert figure.get_attribute("title") == "12,907,100 元"
    assert "原文 PDF" in block.text or "单位 unit: 万元" in block.text
    # the asset-count finding: listed at the top, and marked at its row of the asset table
    top = browser.find_element(By.ID, "findings").text
    assert "8222" in top and "8219" in top
    marked = browser.find_element(By.CSS_SELECTOR, "tr.marked")
    assert "资产总额" in marked.text and "8222" in marked.text and "8219" in marked.text
    browser.execute_script("arguments[0].scrollIntoView()", block)
    shot(browser, "5-document")
    browser.find_element(By.CSS_SELECTOR, "#findings li.Violation a").click()
    assert browser.execute_script("return location.hash") == "#" + marked.get_attribute("id")
    browser.execute_script("arguments[0].scrollIntoView()", marked)
    shot(browser, "6-document-finding")
    assert not browser.find_element(By.ID, "properties").is_displayed()  # folded at the foot
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_search_from_the_box_on_every_page(site: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(site + "/rules")
    box = browser.find_element(By.CSS_SELECTOR, "nav input[type=search]")
    box.send_keys("行政运行", Keys.ENTER)
    codes = browser.find_element(By.ID, "hits-code")
    assert "2010301 行政运行" in codes.text
    browser.get(site + "/search?q=" + "普陀区")
    assert "上海市普陀区财政局" in browser.find_element(By.ID, "hits-department").text
    shot(browser, "7-search")
    assert requested_hosts(browser) == {"127.0.0.1"}


def test_pages_fit_a_phone(site: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.set_window_size(390, 844)
    browser.get(site + "/")
    links = browser.find_element(By.ID, "documents").find_elements(By.TAG_NAME, "a")
    pages = ["/", links[0].get_attribute("href"), links[1].get_attribute("href"), "/search?q=行政", "/rules"]
    for page in pages:
        browser.get(page if page.startswith("http") else site + page)
        # the page itself never scrolls sideways: wide tables scroll in their own box
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 400, page
    shot(browser, "8-phone")
