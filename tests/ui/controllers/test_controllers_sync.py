"""The library and review controllers stepped through with synchronous runners (workers.sync): every job runs
on the test thread when the test says so, so each step's signals can be checked without waiting on threads."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.services.processing import process_queue
from callcoach.storage import open_library, repository
from callcoach.storage.reviews import load_review
from callcoach.ui.controllers.library_controller import LibraryController
from callcoach.ui.controllers.review_controller import ReviewController
from callcoach.ui.controllers.runners import Runners
from callcoach.ui.review.review_screen import ReviewScreen
from callcoach.workers.sync import SyncTaskRunner
from tests.storage.helpers import write_call


def run(runners: Runners) -> list[str]:
    """Run what the controllers submitted, and what that submits in turn, until nothing is left."""
    names: list[str] = []
    while any(r.active_tasks() for r in runners.all()):
        for runner in runners.all():
            assert isinstance(runner, SyncTaskRunner)
            before = len(runner.ran)
            runner.run_all()
            names += runner.ran[before:]
    return names


@pytest.fixture
def runners(qapp) -> Runners:
    return Runners(runner=SyncTaskRunner)


def test_open_import_and_list_in_order(runners: Runners, settings, tmp_path: Path) -> None:
    library = LibraryController(runners, settings, str(tmp_path / "lib.sqlite"))
    seen: list[tuple[str, object]] = []
    library.opened.connect(lambda label: seen.append(("opened", label)))
    library.calls_loaded.connect(lambda calls: seen.append(("listed", [c.status for c in calls])))
    library.imported.connect(lambda summary: seen.append(("imported", summary.added)))
    library.work_queued.connect(lambda: seen.append(("queued", None)))

    library.open()
    assert seen == [] and runners.quick.active_tasks(), "nothing runs before the test says so"
    assert run(runners) == ["open library", "warm up", "list calls"]
    assert seen == [("opened", str(tmp_path / "lib.sqlite")), ("listed", [])]

    seen.clear()
    assert library.import_paths([write_call(tmp_path / "in", 1)], agent="Lee")
    assert run(runners) == ["import", "list calls"]
    assert seen == [("imported", [1]), ("queued", None), ("listed", ["queued"])]
    library.close()


def test_a_library_that_cannot_be_opened_says_why(runners: Runners, settings, tmp_path: Path) -> None:
    library = LibraryController(runners, settings, str(tmp_path))  # a folder, not a library file
    failures: list[str] = []
    library.open_failed.connect(failures.append)
    library.open()
    run(runners)
    assert library.library is None
    assert len(failures) == 1 and str(tmp_path) in failures[0] and "folder" in failures[0]


def test_a_reviewers_override_is_saved_and_reported(runners: Runners, settings, qtbot, tmp_path: Path) -> None:
    db = str(tmp_path / "lib.sqlite")
    stored = open_library(db)
    repository.import_file(stored, write_call(tmp_path / "in", 1), "transcript", "Lee")
    assert [o.status for o in process_queue(stored)] == ["analysed"]

    library = LibraryController(runners, settings, db)
    screen = ReviewScreen(runners.quick)
    qtbot.addWidget(screen)
    review = ReviewController(runners, library, settings, screen)
    shown, saved, messages = [], [], []
    review.call_shown.connect(shown.append)
    review.saved.connect(saved.append)
    review.message.connect(lambda text, error: messages.append((text, error)))
    library.open()
    run(runners)
    assert review.open_call(1)
    run(runners)
    assert [b.call_id for b in shown] == [1] and screen.analysis() is not None

    criterion = shown[0].analysis.scores.criteria[0].id
    screen.override_made.emit(criterion, 55.0, "heard it differently")
    assert run(runners)[0] == "save override"
    assert saved == [1] and any(text.startswith("Override saved (overall now") for text, _ in messages)
    with stored.read() as session:
        override = load_review(session, 1).latest_overrides()[criterion]
    assert override.score == 55.0 and override.reason == "heard it differently"
    library.close()
    stored.close()
