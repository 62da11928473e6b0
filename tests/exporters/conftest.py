import pytest

from tests.exporters.quote_fixture import build_quote_project


@pytest.fixture
def qp(tmp_path):
    """The quote project (see quote_fixture.py), open."""
    p = build_quote_project(tmp_path / "quotes.db")
    yield p
    p.close()


@pytest.fixture
def demo_cli(demo_path):
    from tests.cli.conftest import Cli

    return Cli(demo_path)
