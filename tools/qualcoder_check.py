"""Import a .qdpx with QualCoder's own REFI-QDA importer, headless, and say what
QualCoder kept. Not part of the test suite; vos-coder does not depend on it.

It needs a QualCoder source checkout (https://github.com/ccbogel/QualCoder, the
folder holding the ``qualcoder`` package, usually ``src/``) and a separate
Python environment with what that importer loads: PyQt6, pymupdf, Pillow,
python-vlc. For example::

    python3 -m venv /tmp/qcvenv
    /tmp/qcvenv/bin/pip install PyQt6 pymupdf Pillow python-vlc
    QT_QPA_PLATFORM=offscreen /tmp/qcvenv/bin/python tools/qualcoder_check.py \\
        --qualcoder ~/QualCoder/src out/demo.qdpx

QualCoder's tables are made by running the CREATE TABLE statements of its own
``new_project`` (read from its ``__main__.py``); its file dialog is answered
with the given file and its message boxes are printed instead of shown. The
media player module (which needs PulseAudio) is replaced by a stub: the
importer does not use it for text. Prints counts of sources, codes, codings by
coder, cases, case and file attributes, and whether the import completed.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import os
import sqlite3
import sys
import tempfile
import types
from pathlib import Path


def qualcoder_tables(main_py: Path) -> list[str]:
    """The CREATE TABLE statements QualCoder's new_project runs."""
    tree = ast.parse(main_py.read_text(encoding="utf-8"))
    out: list[str] = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and fn.name == "new_project":
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "execute" \
                        and node.args and isinstance(node.args[0], ast.Constant) \
                        and str(node.args[0].value).upper().startswith("CREATE TABLE"):
                    out.append(node.args[0].value)
    if not out:
        raise SystemExit(f"no CREATE TABLE statements found in {main_py}")
    return out


def run(src: Path, qdpx: Path, db_path: Path, export: Path | None = None,
        crlf: bool = False) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    builtins._ = lambda s: s  # QualCoder's gettext hook
    sys.path.insert(0, str(src))
    stub = types.ModuleType("qualcoder.media_player_qt")
    stub.MediaInstance = object
    stub.make_vlc_instance = lambda *a, **k: None
    sys.modules["qualcoder.media_player_qt"] = stub

    from PyQt6 import QtWidgets

    qt = QtWidgets.QApplication([])  # noqa: F841 - QualCoder's dialogs need one
    from qualcoder import helpers, refi

    class Shown:
        def __init__(self, app, title, text, *a, **k):
            self.text = f"{title}: {text}"

        def exec(self):
            print("QualCoder says:", self.text.replace("\n", " | "))

    helpers.Message = Shown
    refi.Message = Shown
    QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (str(qdpx), True))

    for folder in ("documents", "images", "audio", "video"):  # where QualCoder copies sources
        (db_path.parent / folder).mkdir(exist_ok=True)
    conn = sqlite3.connect(db_path)
    for sql in qualcoder_tables(src / "qualcoder" / "__main__.py"):
        conn.execute(sql)
    conn.execute("INSERT INTO project(date) VALUES (datetime('now'))")  # as new_project does
    conn.commit()

    class App:
        def __init__(self):
            self.conn = conn
            self.settings = {"codername": "default", "directory": str(qdpx.parent),
                             "ai_enable": "False"}
            self.ai_models = []
            self.project_path = str(db_path.parent)

            self.project_name = "check.qda"
            self.version = "check"

        def write_config_ini(self, *a, **k):
            pass

        def get_annotations(self):
            rows = conn.execute("select anid, fid, pos0, pos1, memo, owner, date from annotation")
            keys = ("anid", "fid", "pos0", "pos1", "memo", "owner", "date")
            return [dict(zip(keys, r, strict=True)) for r in rows]

    class Log:
        def append(self, text):
            print("  log:", str(text).replace("\n", " "))

    completed = True
    try:
        refi.RefiImport(App(), Log(), "qdpx")
    except Exception as exc:  # noqa: BLE001 - report what QualCoder's importer raised
        completed = False
        print(f"QualCoder's import stopped: {type(exc).__name__}: {exc}")

    def one(sql: str):
        return conn.execute(sql).fetchall()

    print(f"import completed: {completed}")
    print(f"sources: {one('select count(*) from source')[0][0]}")
    print(f"codes: {one('select count(*) from code_name')[0][0]}, "
          f"categories: {one('select count(*) from code_cat')[0][0]}")
    print(f"codings by coder: {dict(one('select owner, count(*) from code_text group by owner'))}")
    print(f"cases: {one('select count(*) from cases')[0][0]}")
    print("attributes: " + str(dict(one(
        "select attr_type, count(*) from attribute group by attr_type"))))
    owned = one("select count(*) from attribute where attr_type = 'file' "
                "and name = 'participant'")[0][0]
    print(f"file attribute 'participant' set on {owned} source(s)")
    options = one("select count(*) from attribute where attr_type = 'case' and name like '%: %' "
                  "and value = 'true'")[0][0]
    print(f"multi-select options chosen (Boolean variables 'attribute: option'): {options}")
    bad = one("select count(*) from code_text ct join source s on s.id = ct.fid "
              "where substr(s.fulltext, ct.pos0 + 1, ct.pos1 - ct.pos0) <> ct.seltext")
    print(f"codings whose text differs from the source at their positions: {bad[0][0]}")
    if completed and export is not None:
        _export(refi, App(), Log(), db_path.parent, export, crlf)
    return 0 if completed else 1


def _export(refi, app, log, workdir: Path, out: Path, crlf: bool) -> None:
    """QualCoder's own REFI-QDA project export of what it imported, to ``out``."""
    import shutil

    from PyQt6 import QtWidgets

    class Endings:  # QualCoder asks which line endings to write
        def __init__(self, *a, **k):
            checked = types.SimpleNamespace(isChecked=lambda: crlf)
            self.ui = types.SimpleNamespace(radioButton_maxqda=checked)

        def exec(self):
            return 1

    refi.RefiLineEndings = Endings
    target = workdir / "export"
    target.mkdir(exist_ok=True)
    QtWidgets.QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: str(target))
    os.environ["HOME"] = str(workdir)  # it prepares the archive under ~/.qualcoder
    (workdir / ".qualcoder").mkdir(exist_ok=True)
    refi.RefiExport(app, log, "project")
    written = sorted(target.glob("*.qdpx"))
    if not written:
        print("QualCoder's export wrote nothing")
        return
    shutil.copyfile(written[0], out)
    print(f"QualCoder's export written to {out}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--qualcoder", type=Path, required=True,
                    help="folder holding QualCoder's 'qualcoder' package (its src/)")
    ap.add_argument("qdpx", type=Path)
    ap.add_argument("--keep-db", type=Path, help="write QualCoder's database here")
    ap.add_argument("--export", type=Path, help="then export the project again with QualCoder's "
                    "own REFI-QDA export, to this .qdpx")
    ap.add_argument("--crlf", action="store_true", help="with --export: its 'MAXQDA line "
                    "endings' option")
    args = ap.parse_args()
    export = args.export.resolve() if args.export else None
    if args.keep_db:
        return run(args.qualcoder.resolve(), args.qdpx.resolve(), args.keep_db.resolve(), export,
                   args.crlf)
    with tempfile.TemporaryDirectory() as tmp:
        return run(args.qualcoder.resolve(), args.qdpx.resolve(), Path(tmp) / "data.qda", export,
                   args.crlf)


if __name__ == "__main__":
    sys.exit(main())
