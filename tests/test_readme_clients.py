"""The README's "Use it from Python, R, JavaScript or curl" blocks work as written (issue 20): the
Python blocks run against a test server (only the address changed), and each curl command is sent
as curl would send it (and by curl itself where it is installed)."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README_ADDRESS = "http://127.0.0.1:8000"


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("### Use it from Python, R, JavaScript or curl")
    return text[start : text.index("Example queries", start)]


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", _section(), re.S)


@pytest.fixture(scope="module")
def address(live_server: str) -> str:
    return live_server


def test_the_section_has_every_client() -> None:
    assert len(_blocks("python")) == 2 and len(_blocks("r")) == 1 and len(_blocks("js")) == 1
    assert len(_blocks("sh")[0].strip().splitlines()) == 4  # SELECT, ASK, CONSTRUCT, DESCRIBE


@pytest.mark.parametrize("block", [0, 1])
def test_python_blocks_run_as_written(address: str, block: int) -> None:
    code = _blocks("python")[block].replace(README_ADDRESS, address)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"README.md python block {block + 1}", "exec"), {})
    lines = out.getvalue().splitlines()
    if block == 0:
        totals = [line for line in lines if "triples" not in line]
        assert totals and all(re.match(r"\S+ 20\d\d \d+(\.\d+)?$", line) for line in totals), lines
        assert int(lines[-1].split()[0]) > 0
    else:
        assert lines == ["True"]


def _as_curl_sends(command: str, address: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a curl command of the README (-G, --data-urlencode, -H,
    --data-binary: what the README uses), sent with urllib."""
    args = shlex.split(command.replace(README_ADDRESS, address))
    url, get, headers, data, binary = "", False, {}, [], None
    it = iter(args[1:])
    for a in it:
        if a.startswith("http"):
            url = a
        elif a == "-G":
            get = True
        elif a == "-H":
            name, value = next(it).split(":", 1)
            headers[name.strip()] = value.strip()
        elif a == "--data-urlencode":
            name, value = next(it).split("=", 1)
            data.append((name, value))
        elif a == "--data-binary":
            binary = next(it).encode("utf-8")
        else:
            raise AssertionError(f"the README's curl uses {a}, which this test does not know")
    body = None
    if get:
        url += "?" + urllib.parse.urlencode(data)
    elif data:
        body = urllib.parse.urlencode(data).encode("ascii")
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    else:
        body = binary
    with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=headers), timeout=30) as resp:
        return resp.status, resp.headers.get_content_type(), resp.read()


@pytest.mark.parametrize("n", range(4))
def test_curl_commands_work_as_written(address: str, n: int) -> None:
    command = _blocks("sh")[0].strip().splitlines()[n]
    status, content_type, body = _as_curl_sends(command, address)
    wanted = re.search(r"Accept: ([^']+)'", command)
    assert status == 200 and wanted and content_type == wanted.group(1) and body
    if shutil.which("curl"):
        args = shlex.split(command.replace(README_ADDRESS, address))
        done = subprocess.run([*args[:1], "-sSf", *args[1:]], capture_output=True, timeout=60)
        assert done.returncode == 0 and done.stdout == body, done.stderr
