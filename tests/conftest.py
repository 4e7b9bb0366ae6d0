import pytest

from tests.browser import launch


@pytest.fixture(scope="module")
def browser():
    yield from launch()
