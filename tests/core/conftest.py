"""Builders for small hand-written calls."""

from __future__ import annotations

import pytest

from callcoach.core.model import Transcript
from tests.calls import make_call


@pytest.fixture
def difficult_call() -> Transcript:
    """A customer upset about a late refund; the agent interrupts, blames, then recovers."""
    return make_call(
        [
            ("agent", 0.0, 3.0, "Thank you for calling Bluebird Travel, my name is Tom."),
            (
                "customer",
                3.5,
                12.0,
                "I cancelled my flight to Lisbon six weeks ago and the refund still hasn't arrived. "
                "I'm really frustrated, I've called three times!",
            ),
            ("agent", 11.0, 14.0, "You should have used the online form, that's our policy."),
            ("customer", 14.5, 18.0, "Nobody told me about any form."),
            (
                "agent",
                18.5,
                24.0,
                "I'm sorry for the frustration. So the Lisbon refund from six weeks ago still hasn't reached you.",
            ),
            ("customer", 24.5, 26.0, "Exactly."),
            (
                "agent",
                40.0,
                47.0,
                "I can either push the refund through today or give you a travel voucher "
                "with a bonus. Which works best for you?",
            ),
            ("customer", 47.5, 50.0, "The refund today, please. Thank you, that's great."),
            ("agent", 50.5, 56.0, "Done. You'll receive it within five days. Thanks for your patience."),
        ]
    )
