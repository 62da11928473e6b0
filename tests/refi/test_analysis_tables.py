"""Tables for R, SPSS and Excel: every coding, and participants x themes."""

from __future__ import annotations

import csv
import json

from openpyxl import load_workbook

from vos_coder.core.model import ParsedSource
from vos_coder.exporters.analysis_tables import export_codings, export_matrix


def _csv(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_codings_csv_has_one_row_per_coding_with_context(rich_project, tmp_path):
    out = tmp_path / "codings.csv"
    assert export_codings(rich_project, out, "csv") == 5
    rows = _csv(out)
    assert list(rows[0]) == ["participant", "group", "age", "degree", "factors", "town_type",
                             "source", "source_id", "speaker", "theme", "coder", "start", "end",
                             "text"]
    silence = [r for r in rows if "😶" in r["text"]]
    assert {(r["theme"], r["coder"]) for r in silence} == {
        ("Stigma and shame/Culture of silence", "ana"), ("Stigma and shame", "bora")}
    r = silence[0]
    assert (r["participant"], r["group"], r["age"], r["factors"], r["speaker"]) == (
        "VoS-AL-02", "survivor", "19", "fear of blame; shame", "VoS-AL-02")
    text = rich_project.source_text(int(r["source_id"]))
    assert text[int(r["start"]):int(r["end"])] == r["text"]


def test_codings_json_and_coder_filter(rich_project, tmp_path):
    out = tmp_path / "codings.json"
    assert export_codings(rich_project, out, "json", coder="bora") == 2
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {r["coder"] for r in rows} == {"bora"}
    al = next(r for r in rows if r["participant"] == "VoS-AL-02")
    assert al["attributes"]["factors"] == ["fear of blame", "shame"]
    assert rich_project.audit_log("export.codings")[-1].details["count"] == 2


def test_codings_xlsx_keeps_text_as_text(rich_project, tmp_path):
    src = rich_project.add_source("VoS-PE-01", "typed", ParsedSource("=SUM(A1) is what I typed.\n"))
    rich_project.code(src.id, 0, 8, ["Support services"], coder="ana")
    out = tmp_path / "codings.xlsx"
    assert export_codings(rich_project, out, "xlsx") == 6
    ws = load_workbook(out)["codings"]
    header = [c.value for c in ws[1]]
    cells = {row[header.index("text")].value: row[header.index("text")] for row in ws.iter_rows(2)}
    assert "askush nuk flet për këtë. 😶 Heshtja" in cells
    assert cells["=SUM(A1)"].data_type == "s"  # a string, never a formula
    starts = [row[header.index("start")].value for row in ws.iter_rows(2)]
    assert all(isinstance(v, int) for v in starts)  # numbers stay numbers


def test_matrix_counts_participants_by_themes(rich_project, tmp_path):
    out = tmp_path / "matrix.csv"
    assert export_matrix(rich_project, out, "csv") == (3, 4)
    rows = {r["participant"]: r for r in _csv(out)}
    assert list(rows) == ["FW-07", "VoS-AL-02", "VoS-PE-01"]
    themes = ["Stigma and shame", "Stigma and shame/Culture of silence", "Support services",
              "Support services/Awareness of hotlines"]
    assert [rows["VoS-AL-02"][t] for t in themes] == ["1", "1", "1", "0"]
    assert [rows["VoS-PE-01"][t] for t in themes] == ["1", "0", "1", "1"]
    assert [rows["FW-07"][t] for t in themes] == ["0", "0", "0", "0"]
    assert rows["FW-07"]["group"] == "frontline worker" and rows["FW-07"]["degree"] == "yes"


def test_matrix_xlsx_with_group_and_coder(rich_project, tmp_path):
    out = tmp_path / "matrix.xlsx"
    assert export_matrix(rich_project, out, "xlsx", group="survivor", coder="bora") == (2, 4)
    ws = load_workbook(out)["matrix"]
    header = [c.value for c in ws[1]]
    data = {row[0].value: dict(zip(header, [c.value for c in row])) for row in ws.iter_rows(2)}
    assert data["VoS-AL-02"]["Stigma and shame"] == 1
    assert data["VoS-AL-02"]["Stigma and shame/Culture of silence"] == 0
    assert data["VoS-PE-01"]["Support services/Awareness of hotlines"] == 1


def test_withdrawn_participants_are_left_out(rich_project, tmp_path):
    with rich_project.transaction():
        rich_project.db.execute("UPDATE participants SET consent = 'withdrawn' "
                                "WHERE pid = 'VoS-AL-02'")
    export_codings(rich_project, tmp_path / "c.csv", "csv")
    export_matrix(rich_project, tmp_path / "m.csv", "csv")
    for name in ("c.csv", "m.csv"):
        body = (tmp_path / name).read_text(encoding="utf-8")
        assert "VoS-AL-02" not in body and "Heshtja" not in body
