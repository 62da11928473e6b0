"""read_survey: delimiters, encodings, both multi-select shapes, refusals, fuzzing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vos_coder.errors import ImportFailed
from vos_coder.importers import Survey, SurveyRow, read_survey


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


SURVEY = (
    "Respondent ID;Gender;Area served;Factors;Support: phone;Support: online;"
    "Support: in person;Q7: degree related to work;What would help?\n"
    "FW-01;Woman;Urban;;true;false;yes;yes;More psychologists, outside the capital.\n"
    "FW-02;Man;Rural;;false;false;no;no;\n"
    "FW-03;Woman;Both;;TRUE;TRUE;;yes;Training for school staff.\n"
)


def test_question_colon_option_columns_fold_and_lone_yes_no_stays(tmp_path):
    s = read_survey(write(tmp_path, "s.csv", SURVEY), "Respondent ID", ["What would help?"])
    assert isinstance(s, Survey) and all(isinstance(r, SurveyRow) for r in s.rows)
    assert s.columns[0] == "Respondent ID" and len(s.columns) == 9
    assert s.multi_select == ("Support",)
    assert s.rows[0] == SurveyRow("FW-01", {
        "Gender": ["Woman"], "Area served": ["Urban"], "Support": ["phone", "in person"],
        "Q7: degree related to work": ["yes"]},
        {"What would help?": "More psychologists, outside the capital."})
    assert "Support" not in s.rows[1].attributes and s.rows[1].answers == {"What would help?": ""}
    assert s.rows[2].attributes["Support"] == ["phone", "online"]


def test_semicolon_cells_become_lists_and_text_columns_none_means_no_answers(tmp_path):
    body = ('id,factors,comment\n'
            'FW-01,"fear of blame; stigma ;",Short note\n'
            'FW-02,stigma,\n')
    s = read_survey(write(tmp_path, "s.csv", body), "id", None)
    assert s.multi_select == ("factors",)
    assert s.rows[0].attributes == {"factors": ["fear of blame", "stigma"],
                                    "comment": ["Short note"]}
    assert s.rows[1].attributes == {"factors": ["stigma"]}
    assert s.rows[0].answers == {}


def test_cp1252_excel_export_with_sep_line_and_empty_columns(tmp_path):
    body = ("sep=;\r\nid;qytet;;\r\nFW-01;Lushnjë;;\r\n\r\nFW-02;Korçë;;\r\n")
    s = read_survey(write(tmp_path, "s.csv", body.encode("cp1252")), "id", None)
    assert [r.attributes for r in s.rows] == [{"qytet": ["Lushnjë"]}, {"qytet": ["Korçë"]}]
    assert s.columns == ("id", "qytet")
    assert "read as cp1252" in s.warnings[0]


def test_utf8_bom_header_and_default_id_column(tmp_path):
    s = read_survey(write(tmp_path, "s.csv", "\ufeffpid,group\nFW-01,a\n"), None, None)
    assert s.rows[0].pid == "FW-01" and s.columns == ("pid", "group") and s.warnings == ()


@pytest.mark.parametrize("body,args,words", [
    ("pid,gender\nFW-01,woman\n", ("ID", None), "columns: pid, gender"),
    ("Respondent ID,gender\nFW-01,woman\n", ("respondent id", None), "did you mean 'Respondent ID'"),
    ("pid,gender\nFW-01,woman\n  FW-01 ,man\n", ("pid", None), "rows 2 and 3"),
    ("pid,gender\n  ,woman\n", ("pid", None), "row 2 has no pid"),
    ("pid,pid\nFW-01,FW-02\n", ("pid", None), "more than once"),
    ("pid,,gender\nFW-01,x,woman\n", ("pid", None), "column 2 has no name"),
    ("pid,gender\nFW-01,woman,extra\n", ("pid", None), "more cells"),
    ('pid,gender\nFW-01,"unclosed\n', ("pid", None), "not a readable CSV file"),
    ("\x00\x01\x02", ("pid", None), "NUL"),
])
def test_bad_surveys_raise_one_clear_line(tmp_path, body, args, words):
    with pytest.raises(ImportFailed, match=words) as exc:
        read_survey(write(tmp_path, "s.csv", body), *args)
    assert str(exc.value).startswith("s.csv: ") and "\n" not in str(exc.value)


def test_trailing_empty_cells_are_tolerated(tmp_path):
    s = read_survey(write(tmp_path, "s.csv", "pid,gender\nFW-01,woman,,\n"), "pid", None)
    assert s.rows[0].attributes == {"gender": ["woman"]}


@pytest.mark.parametrize("name,make,words", [
    ("s.xlsx", lambda p: p.write_bytes(b"PK\x03\x04"), "save it as CSV"),
    ("missing.csv", lambda p: None, "no such file"),
    ("folder.csv", lambda p: p.mkdir(), "folder"),
])
def test_survey_paths_that_are_not_csv_files(tmp_path, name, make, words):
    make(tmp_path / name)
    with pytest.raises(ImportFailed, match=words):
        read_survey(tmp_path / name, "pid", None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=400),
    st.text(alphabet='abc;,\t\n\r"x01 ë[]:sep=', max_size=300).map(str.encode),
))
def test_fuzz_survey_bytes_only_raise_import_failed(tmp_path, data):
    path = tmp_path / "s.csv"
    path.write_bytes(data)
    try:
        survey = read_survey(path, None, None)
    except ImportFailed as exc:
        assert str(exc).startswith("s.csv") and "\n" not in str(exc)
        return
    assert len({r.pid for r in survey.rows}) == len(survey.rows)
    for row in survey.rows:
        assert all(values for values in row.attributes.values())
