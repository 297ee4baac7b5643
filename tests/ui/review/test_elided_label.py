"""A status line that does not fit is shortened with an ellipsis, never cut off mid-word at the edge."""

from callcoach.ui.review.elided_label import ElidedLabel


def test_long_text_is_elided_and_kept_whole_in_the_tooltip(qtbot) -> None:
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.show()
    label.resize(80, 20)
    text = "No audio output device: playback is silent."
    label.set_full_text(text)
    assert label.text().endswith("…") and len(label.text()) < len(text)
    assert label.toolTip() == text and label.full_text() == text
    label.resize(2000, 20)
    assert label.text() == text
