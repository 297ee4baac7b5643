"""The scorecard's section on what the transcription service reported, read back through poppler."""

from __future__ import annotations

from pathlib import Path

from callcoach.core.analysis import analyze
from callcoach.core.review import CallInfo
from callcoach.core.rubric import default_rubric
from callcoach.core.vendor import VendorAnalytics, VendorMoment
from callcoach.reporting.scorecard import render_scorecard
from tests.calls import make_call
from tests.reporting.conftest import needs_poppler, pdf_text

pytestmark = needs_poppler

TURNS = [
    ("agent", 0.0, 4.0, "Thank you for calling, how can I help?"),
    ("customer", 4.5, 9.0, "I was charged twice and I'm really annoyed. Call me back on 020 7946 0018."),
    ("agent", 9.5, 14.0, "I'm sorry about that. I'll refund it today."),
]


def render(tmp_path: Path, vendor: VendorAnalytics | None, redact: bool = True) -> str:
    transcript = make_call(TURNS)
    transcript.vendor = vendor
    path = tmp_path / "card.pdf"
    render_scorecard(analyze(transcript, default_rubric()), path, info=CallInfo(title="Refund call"), redact=redact)
    return pdf_text(path)


def vendor() -> VendorAnalytics:
    return VendorAnalytics(
        "Amazon Transcribe Call Analytics",
        sentiment={"agent": 3.0, "customer": -2.5},
        sentiment_scale="-5 to +5",
        interruptions={"agent": 2, "customer": 0},
        categories=["refund-request"],
        issues=[VendorMoment("Call me back on 020 7946 0018", 4.5)],
        action_items=[VendorMoment("I'll refund it today", 9.5)],
    )


def test_the_service_figures_stand_beside_callcoachs_with_the_differences_marked(tmp_path: Path) -> None:
    text = render(tmp_path, vendor())
    assert "What Amazon Transcribe Call Analytics reported" in text
    assert "Interruptions by the agent" in text and "differs" in text
    assert "of its figures" in text and "differ" in text
    assert "refund-request" in text and "I'll refund it today" in text


def test_what_the_service_quoted_is_redacted_like_the_transcript(tmp_path: Path) -> None:
    assert "7946" not in render(tmp_path, vendor())
    assert "020 7946 0018" in render(tmp_path, vendor(), redact=False)


def test_a_call_without_service_analytics_has_no_such_section(tmp_path: Path) -> None:
    assert "reported" not in render(tmp_path, None)


def test_a_quote_is_redacted_in_the_context_of_its_turn() -> None:
    from callcoach.reporting.exports import redacted

    said = "My account number is 4929 1234 5512 3456 and my card was declined twice today."
    transcript = make_call([("agent", 0.0, 2.0, "How can I help?"), ("customer", 2.5, 9.0, said)])
    transcript.vendor = VendorAnalytics("Amazon", issues=[VendorMoment("3456 and my card was declined twice", 2.5)])
    quote = redacted(analyze(transcript, default_rubric())).transcript.vendor.issues[0].text
    assert "3456" not in quote and quote.endswith("and my card was declined twice")


def test_speaker_labels_and_warnings_are_redacted_in_exports() -> None:
    import json

    from callcoach.core.model import SpeakerChoice
    from callcoach.reporting.exports import export_text

    transcript = make_call([("agent", 0.0, 2.0, "Thank you for calling."), ("customer", 2.5, 5.0, "Hi, my bill.")])
    transcript.speakers = SpeakerChoice({"Priya": "agent", "+44 20 7946 0018": "customer"}, "automatic", "phrases")
    transcript.warnings = ["the agent was chosen automatically: 'Priya' is the agent and '+44 20 7946 0018' …"]
    doc = json.loads(export_text(analyze(transcript, default_rubric()), "json"))
    assert "7946" not in json.dumps(doc["speakers"]) and "7946" not in json.dumps(doc["warnings"])
    assert "Priya" in doc["speakers"]["labels"]
