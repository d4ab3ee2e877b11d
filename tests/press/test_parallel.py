"""Laying handouts out on several processes gives exactly what one process gives, and
reports problems the same way."""

from __future__ import annotations

import pytest

from handoutkit.content.client import Client
from handoutkit.errors import ContentError, UsageError
from handoutkit.press import forking as parallel
from tests import support


def page(n: int, text: str) -> str:
    """A handout of *text* and a picture, numbered *n*."""
    return support.handout_yaml(f"Handout {n}", n, category="anatomy", text=text, image="square.svg")


LONG = " ".join(["Gentle movement every day keeps the low back supple and strong."] * 120)

needs_fork = pytest.mark.skipif(parallel.workers(2, 2) < 2, reason="processes cannot be forked here")


@needs_fork
def test_two_processes_write_the_same_bytes_as_one(make_project) -> None:  # type: ignore[no-untyped-def]
    for n in range(1, 6):
        make_project.write(f"h{n}", page(n, f"Words for handout {n}."))
    outputs = {}
    for jobs in (1, 2):
        out = make_project.root / f"out{jobs}"
        report = support.build(make_project.root, out, booklet_path=out / "booklet.pdf", jobs=jobs)
        assert [h.slug for h in report.handouts] == [f"h{n}" for n in range(1, 6)]
        outputs[jobs] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.pdf")}
    assert len(outputs[1]) == 6
    assert outputs[1] == outputs[2]


@needs_fork
def test_every_handout_that_does_not_fit_is_reported_and_nothing_written(make_project) -> None:  # type: ignore[no-untyped-def]
    make_project.write("a-long", page(1, LONG))
    make_project.write("b-fine", page(2, "Short."))
    make_project.write("c-long", page(3, LONG))
    with pytest.raises(ContentError) as info:
        support.build(make_project.root, make_project.out,
                       booklet_path=make_project.out / "booklet.pdf", jobs=2)
    files = [p.file for p in info.value.problems]
    assert files == ["handouts/a-long.yaml", "handouts/c-long.yaml"]
    assert not make_project.out.exists() or not list(make_project.out.rglob("*.pdf"))


@needs_fork
def test_a_name_no_font_can_print_is_a_usage_error_from_a_worker(make_project) -> None:  # type: ignore[no-untyped-def]
    for n in (1, 2):
        make_project.write(f"h{n}", page(n, "Short."))
    with pytest.raises(UsageError, match="U\\+1F9FF"):
        support.build(make_project.root, make_project.out, client=Client(name="Ann \U0001F9FF"),
                       jobs=2)


def test_one_job_or_one_handout_needs_no_pool() -> None:
    assert parallel.workers(1, 15) == 1
    assert parallel.workers(4, 1) == 1
    assert parallel.workers(None, 0) == 1


@needs_fork
def test_pictures_converted_ahead_are_handed_over(make_project) -> None:  # type: ignore[no-untyped-def]
    """The helper converts the pictures on a spare core; the build takes them over, with
    the name each is stored under, and skips a file it could not convert."""
    from handoutkit.layout import pictures
    from handoutkit.press.cache import Inputs
    from handoutkit.press.prefetch import Prefetch

    make_project.write("h1", page(1, "Words."))
    (make_project.images / "broken.svg").write_text("<svg><notclosed></svg>")
    inputs = Inputs(make_project.root)
    paths = inputs.pictures(["h1"])
    assert [p.name for p in paths] == ["logo.svg", "square.svg"]
    ahead = Prefetch(make_project.root, inputs.fonts(), [*paths, make_project.images / "broken.svg"])
    assert ahead.process is not None
    ahead.process.join(60)
    assert ahead.take() == 2 and ahead.process is None
    assert all(pictures.converted(p) for p in paths)
    assert not pictures.converted(make_project.images / "broken.svg")
    assert Prefetch(make_project.root, inputs.fonts(), paths).process is None  # nothing left to do
    assert Prefetch(make_project.root, inputs.fonts(), paths, jobs=1).process is None


def test_progress_hears_of_each_handout_as_it_is_laid_out_then_the_booklet(make_project) -> None:  # type: ignore[no-untyped-def]
    for n in range(1, 4):
        make_project.write(f"h{n}", page(n, f"Words {n}."))
    calls: list[tuple[int, int, str]] = []
    support.build(make_project.root, make_project.out, booklet_path=make_project.out / "b.pdf",
                   progress=lambda *a: calls.append(a))
    assert calls == [(1, 4, "h1"), (2, 4, "h2"), (3, 4, "h3"), (4, 4, "booklet")]
    calls.clear()
    path = make_project.handouts / "h2.yaml"
    path.write_text(path.read_text().replace("Words 2", "Other words"))
    support.build(make_project.root, make_project.out, booklet_path=make_project.out / "b.pdf",
                   progress=lambda *a: calls.append(a))
    assert calls == [(1, 2, "h2"), (2, 2, "booklet")]


def test_the_cycle_collector_is_paused_only_while_a_build_runs(make_project) -> None:  # type: ignore[no-untyped-def]
    import gc

    make_project.write("h1", page(1, "Words."))
    seen: list[bool] = []
    assert gc.isenabled()
    support.build(make_project.root, make_project.out, progress=lambda *a: seen.append(gc.isenabled()))
    assert seen == [False] and gc.isenabled()  # the desk and watch go on collecting
    gc.disable()
    try:
        support.build(make_project.root, make_project.out, force=True)
        assert not gc.isenabled()  # a caller's own setting is left as it was
    finally:
        gc.enable()


def test_heavy_handouts_go_first_then_the_rest_in_booklet_order() -> None:
    from handoutkit.press.workers import _order

    assert _order([10, 40, 12, 11, 30, 9]) == [1, 4, 0, 2, 3, 5]
    assert _order([5, 5, 5]) == [0, 1, 2]
    assert _order([]) == []


@pytest.mark.parametrize("chosen", [True, False])
def test_overlapping_builds_and_batches_leave_the_collector_as_the_process_chose(chosen: bool) -> None:
    # the desk runs requests on threads: one build may end while another still runs
    import gc

    (gc.enable if chosen else gc.disable)()
    try:
        first, second, batch = (parallel.collector(on=False), parallel.collector(on=False),
                                parallel.collector(on=True))
        first.__enter__()
        second.__enter__()
        assert not gc.isenabled()
        first.__exit__(None, None, None)
        assert not gc.isenabled()  # the second build still runs
        batch.__enter__()
        assert gc.isenabled()  # a batch keeps it on
        second.__exit__(None, None, None)
        assert gc.isenabled()
        batch.__exit__(None, None, None)
        assert gc.isenabled() is chosen
    finally:
        gc.enable()
