"""Once the wall is built, its garbage goes at once and what lives is left out of later
collections; a rebuilt wall's predecessor is still collected."""

from __future__ import annotations

import gc
import weakref

import pytest

from ioc_console.runtime.heap import settle_heap


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # other tests rely on ordinary collection


def test_settling_frees_cycles_and_sets_the_living_aside(unfrozen):
    garbage = weakref.ref(Node())
    living = Node()
    settle_heap()
    assert garbage() is None
    assert gc.get_freeze_count() > 0
    assert not any(obj is living for obj in gc.get_objects())  # no longer walked


def test_settling_again_collects_what_was_set_aside_and_has_died_since(unfrozen):
    old_wall = Node()
    settle_heap()
    gone = weakref.ref(old_wall)
    del old_wall
    settle_heap()
    assert gone() is None
