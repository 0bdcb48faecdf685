"""/compare: one code across departments, regions and years — HTML with a chart, CSV and JSON."""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template, request

from budgetlod.server.state import state
from budgetlod.store.compare import COLUMNS, Row, check_code, compare, pivot, rows_csv
from budgetlod.store.errors import Refused

bp = Blueprint("compare", __name__)


def _rows() -> tuple[str, list[Row]]:
    code = request.args.get("code", "").strip()
    try:
        code = check_code(code)
    except ValueError as e:
        raise Refused(400, str(e)) from None
    by_item = request.args.get("exact") is None
    return code, compare(state().engine.select, code, by_item)


@bp.route("/compare.csv")
def compare_csv() -> Response:
    code, rows = _rows()
    resp = Response(rows_csv(rows), content_type="text/csv; charset=utf-8")
    resp.headers["Content-Disposition"] = f'attachment; filename="compare-{code}.csv"'
    return resp


@bp.route("/compare.json")
def compare_json() -> Response:
    code, rows = _rows()
    body = {"code": code, "columns": list(COLUMNS), "rows": [r.values for r in rows]}
    return Response(json.dumps(body, ensure_ascii=False), content_type="application/json")


@bp.route("/compare")
def compare_page() -> str:
    if not request.args.get("code"):
        return render_template("compare.html", code="", rows=None, table=None, bars=[])
    code, rows = _rows()
    table = pivot(rows)
    top = max((r.amount for r in rows), default=0) or 1
    bars = [(r, float(r.amount / top)) for r in rows]
    return render_template(
        "compare.html", code=code, rows=rows, table=table, bars=bars, exact="exact" in request.args
    )
