"""kg.parallel.Meanwhile: work done in a forked process while the build goes on (corpus.json)."""
from __future__ import annotations

import os

import pytest

from kg.parallel import Meanwhile


def test_the_result_comes_from_a_forked_process_and_the_function_is_not_pickled() -> None:
    parent = os.getpid()
    unpicklable = lambda: os.getpid()  # noqa: E731 - a lambda cannot be pickled: it must be inherited
    assert Meanwhile(unpicklable).result() != parent
    assert Meanwhile(unpicklable, fork=False).result() == parent


def test_an_error_in_the_forked_process_is_raised_by_result() -> None:
    def fail() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        Meanwhile(fail).result()


def test_a_forked_process_that_dies_is_replaced_by_a_run_in_this_process() -> None:
    parent = os.getpid()

    def die_in_a_child() -> int:
        if os.getpid() != parent:
            os._exit(9)  # as the OOM killer would
        return 42

    assert Meanwhile(die_in_a_child).result() == 42
