from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import open_raw
from vos_coder.cli import app
from vos_coder.store.engine import iterdump
from vos_coder.store.engine import sqlite as sqlite3


class Cli:
    """Runs vos-coder commands against one project file, like a user would."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, ok: bool = True, input: str | None = None):
        result = self.runner.invoke(app, [*map(str, args), "--db", str(self.db)], input=input)
        if ok and result.exit_code != 0:
            raise AssertionError(f"exit {result.exit_code}: {result.output}{result.stderr}")
        if result.exception and not isinstance(result.exception, SystemExit):  # a bare exception = traceback
            raise AssertionError(f"traceback reached the user: {result.exception!r}")
        return result

    def rows(self, sql: str, params=()):
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def dump(self) -> list[str]:
        """Everything the project holds, to assert nothing changed."""
        conn = open_raw(self.db)
        try:
            return list(iterdump(conn))
        finally:
            conn.close()


@pytest.fixture
def cli(tmp_path) -> Cli:
    c = Cli(tmp_path / "project.db")
    c("init")
    return c


@pytest.fixture
def demo_cli(demo_path) -> Cli:
    return Cli(demo_path)
