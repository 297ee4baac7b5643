"""Text exports of an analysed call: subtitles (VTT, SRT), plain text, the JSON document and CSV.

Redacted by default, like the PDFs: an export is how a transcript leaves the reviewer's computer. The
subtitle formats are written by webvtt-py and srt, so escaping and timestamps follow those libraries.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import srt
import webvtt

from callcoach.core.formatting import clock
from callcoach.core.model import Analysis, Segment, Word
from callcoach.core.review import Review
from callcoach.core.serialize import review_dict, to_dict
from callcoach.reporting.redact import find_sensitive, redact_after, redact_text, redact_turns

FORMATS = ("vtt", "srt", "txt", "json", "csv")
VOICES = {"agent": "Agent", "customer": "Customer"}


def export_text(
    analysis: Analysis,
    fmt: str,
    *,
    redact: bool = True,
    review: Review | None = None,
    overall: float | None = None,
) -> str:
    """The call in `fmt` (one of FORMATS); ValueError for any other format.

    The JSON export carries the call's ``review`` (with its reviewed ``overall``), as `show --json` does.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    analysis = redacted(analysis) if redact else analysis
    if fmt == "json":
        return _json(analysis, redacted_review(review) if redact else review, overall)
    return writer(analysis)


def redacted(analysis: Analysis) -> Analysis:
    """A copy with every transcript-derived text redacted: segment texts, their words, finding details, and what
    a transcription service quoted from the call."""
    out = copy.deepcopy(analysis)
    ordered = sorted(out.transcript.segments, key=lambda s: (s.start, s.id))
    for s, text in zip(ordered, redact_turns([s.text for s in ordered]), strict=True):
        whole_turn = text != redact_text(s.text)  # part of a number read out over several turns
        s.text = text
        s.words = (
            [Word(s.words[0].start, s.words[-1].end, " " + text, 1.0)]
            if whole_turn and s.words
            else (_redact_words(s.words))
        )
    for f in out.findings:
        f.detail = redact_text(f.detail)
        if f.suggestion:
            f.suggestion = redact_text(f.suggestion)
    for c in out.scores.criteria:
        c.note = redact_text(c.note)
    vendor = out.transcript.vendor
    if vendor is not None:  # the service quotes the call in its issues and action items
        said = [seg.text for seg in analysis.transcript.segments]
        for name in ("issues", "outcomes", "action_items"):
            setattr(vendor, name, [replace(m, text=_redact_quote(m.text, said)) for m in getattr(vendor, name)])
    # A speaker label can be a dial-in number (Teams, Zoom); the warnings quote the labels.
    out.transcript.warnings = [redact_text(w) for w in out.transcript.warnings]
    choice = out.transcript.speakers
    if choice is not None:
        out.transcript.speakers = replace(choice, roles={redact_text(k): v for k, v in choice.roles.items()})
    return out


def _redact_quote(quote: str, turns: list[str]) -> str:
    """A part of a turn, redacted as it is in its turn: with the words before it as context ("my account number
    is 4929 …" quoted from "… 55123 and my card")."""
    for text in turns:
        at = text.find(quote)
        if at >= 0:
            return redact_after(quote, text[:at], joiner="")
    return redact_text(quote)


def redacted_review(review: Review | None) -> Review | None:
    """A copy of a review with the texts people typed redacted: override reasons, comments, the agent's answer."""
    if review is None:
        return None
    ack = review.acknowledgement
    return replace(
        review,
        overrides=[replace(o, reason=redact_text(o.reason)) for o in review.overrides],
        comments=[replace(c, text=redact_text(c.text)) for c in review.comments],
        acknowledgement=replace(ack, comment=redact_text(ack.comment)) if ack is not None else None,
    )


def _redact_words(words: list[Word]) -> list[Word]:
    """Word timings would leak a card number digit by digit: fold the words of each redacted span into one.

    The words are joined as a recogniser emits them (leading spaces), redaction runs on the joined text,
    and the words a span touches become one word holding the label, from the first's start to the last's end.
    """
    if not words:
        return words
    pieces = [w.word if i == 0 or w.word[:1].isspace() else " " + w.word for i, w in enumerate(words)]
    spans = find_sensitive("".join(pieces))
    if not spans:
        return words
    owner: dict[int, int] = {}  # word index -> index of the first span it touches
    pos = 0
    for i, piece in enumerate(pieces):
        end = pos + len(piece)
        for k, (s0, s1, _) in enumerate(spans):
            if pos < s1 and end > s0:
                owner.setdefault(i, k)
        pos = end
    result: list[Word] = []
    for i, w in enumerate(words):
        k = owner.get(i)
        if k is None:
            result.append(w)
        elif i == min(j for j, kk in owner.items() if kk == k):
            last = words[max(j for j, kk in owner.items() if kk == k)]
            lead = " " if w.word[:1].isspace() else ""
            result.append(Word(w.start, last.end, lead + spans[k][2], 1.0))
    return result


def _stamp(seconds: float) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _vtt(analysis: Analysis) -> str:
    captions = []
    for s in analysis.transcript.segments:
        # WebVTT cue text is markup: & and < must be escaped, and "-->" may not appear.
        text = _one_line(s.text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        captions.append(webvtt.Caption(start=_stamp(s.start), end=_stamp(s.end), text=f"<v {VOICES[s.speaker]}>{text}"))
    # The call's length goes with it (a header line): a call often goes on after its last cue (hold music, the
    # customer hanging up), and re-reading the export must give the same call, non-talk time and score.
    t = analysis.transcript
    metadata = [f"Duration: {t.length:.3f}"] + ([f"Language: {t.language}"] if t.language else [])
    doc = webvtt.WebVTT(captions=captions, metadata=metadata)
    return doc.content


def _srt(analysis: Analysis) -> str:
    subtitles = [
        srt.Subtitle(
            index=i,
            start=timedelta(seconds=s.start),
            end=timedelta(seconds=s.end),
            content=f"{VOICES[s.speaker]}: {_one_line(s.text)}",
        )
        for i, s in enumerate(analysis.transcript.segments, start=1)
    ]
    return srt.compose(subtitles, reindex=False)


def _txt(analysis: Analysis) -> str:
    t = analysis.transcript
    lines = [f"{t.source} ({clock(t.length)})", ""]
    lines += [f"[{clock(s.start)}] {VOICES[s.speaker]}: {_one_line(s.text)}" for s in t.segments]
    return "\n".join(lines) + "\n"


def _json(analysis: Analysis, review: Review | None = None, overall: float | None = None) -> str:
    doc = to_dict(analysis)
    if review is not None:
        doc["review"] = review_dict(review, overall)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _csv(analysis: Analysis) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "speaker", "start", "end", "sentiment", "tags", "text"])
    for s in analysis.transcript.segments:
        writer.writerow(_csv_row(s))
    return out.getvalue()


def _csv_row(s: Segment) -> list:
    sentiment = "" if s.sentiment is None else f"{s.sentiment:.3f}"
    return [s.id, s.speaker, f"{s.start:.3f}", f"{s.end:.3f}", sentiment, ";".join(s.tags), _one_line(s.text)]


_WRITERS: dict[str, Callable[[Analysis], str]] = {"vtt": _vtt, "srt": _srt, "txt": _txt, "json": _json, "csv": _csv}
