"""Fixtures of the desk's tests: a project and one real desk serving it per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.desk.helpers import Desk, make_project, running_desk


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """The `serve` command running on a small project of its own, for the whole module."""
    root = make_project(tmp_path_factory.mktemp("desk"))
    with running_desk(root) as running:
        yield running
