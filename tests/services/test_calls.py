"""services.calls: whose name an agent's answer to a review is recorded under."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.core.errors import InputError
from callcoach.core.user import login_name
from callcoach.services.calls import ReviewEdit, assign_agent, edit_review
from callcoach.services.processing import process_queue
from callcoach.storage import Library, reviews
from tests.storage.helpers import enqueue, write_call


def analysed(library: Library, tmp_path: Path, agent: str | None = None) -> int:
    (call_id,) = enqueue(library, write_call(tmp_path, 1), agent=agent)
    process_queue(library)
    return call_id


def answer_of(library: Library, call_id: int):
    with library.read() as session:
        review = reviews.load_review(session, call_id)
    return review.acknowledgement if review else None


def test_an_answer_is_recorded_under_the_agent_named(library: Library, tmp_path: Path) -> None:
    call_id = analysed(library, tmp_path)
    result = edit_review(library, call_id, ReviewEdit("Priya Nair", comment="Fair.", acknowledgement="acknowledged"))
    assert result.done == ["review acknowledged by Priya Nair"]
    assert answer_of(library, call_id).agent == "Priya Nair"


def test_an_answer_without_a_name_is_the_assigned_agents(library: Library, tmp_path: Path) -> None:
    call_id = analysed(library, tmp_path, agent="Lee")
    assign_agent(library, [call_id], "Lee Wong")  # the agent as the library has it now
    edit_review(library, call_id, ReviewEdit("", comment="I did summarise.", acknowledgement="disputed"))
    ack = answer_of(library, call_id)
    assert (ack.status, ack.agent) == ("disputed", "Lee Wong") and ack.agent != login_name()


def test_an_answer_without_a_name_or_an_agent_is_refused(library: Library, tmp_path: Path) -> None:
    call_id = analysed(library, tmp_path)
    with pytest.raises(InputError, match="has no agent") as error:
        edit_review(library, call_id, ReviewEdit(" ", acknowledgement="acknowledged"))
    assert "says their name is Lee" in str(error.value)  # the name the agent gave on the call, as a hint
    assert answer_of(library, call_id) is None
