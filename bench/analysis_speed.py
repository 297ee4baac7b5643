"""How long the transcript analysis takes on a generated 1-hour call (about 1,000 segments).

Prints figures; asserts nothing. Run: .venv/bin/python bench/analysis_speed.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.analysis import analyze
from app.core.model import Segment, Transcript, Word
from app.core.phrases import default_phrases
from app.core.rubric import default_rubric
from app.core.serialize import to_dict

CUSTOMER = [
    "My router keeps dropping the connection every evening and I work from home.",
    "This is the third time I'm calling about it, I'm really fed up!",
    "Okay.",
    "I was charged twice for the same month and nobody has explained why.",
    "Oh great, so another week of waiting.",
    "Thanks, that sounds fine.",
    "I'm worried the engineer won't turn up again.",
]
AGENT = [
    "Thank you for calling, my name is Sam, how can I help?",
    "I'm sorry to hear that, that must be frustrating when you work from home.",
    "So the connection drops every evening and you've been charged twice, is that right?",
    "Unfortunately that's our policy.",
    "I can't change the bill today, but I can book an engineer for tomorrow morning.",
    "Mm-hmm.",
    "We can either send a technician or ship a new router, which works best for you?",
    "You'll receive a text within two hours. Is there anything else I can help with?",
]


def generated_call(segments: int = 1000, seed: int = 7, words: bool = False) -> Transcript:
    """About an hour of alternating turns; `words`: with evenly spaced word timings, as a transcribed recording has
    (~10,000 words), else as a transcript import."""
    rng = random.Random(seed)
    out, t = [], 0.0
    for i in range(segments):
        speaker = "agent" if i % 2 == 0 else "customer"
        text = rng.choice(AGENT if speaker == "agent" else CUSTOMER)
        length = 0.3 * len(text.split()) + rng.uniform(0.2, 1.0)
        start = max(0.0, t - (0.8 if rng.random() < 0.05 else -rng.uniform(0.2, 1.2)))
        segment = Segment(i, speaker, round(start, 2), round(start + length, 2), text)
        if words:
            tokens = text.split()
            step = length / len(tokens)
            segment.words = [
                Word(round(start + k * step, 2), round(start + (k + 1) * step, 2), f" {w}", 0.9)
                for k, w in enumerate(tokens)
            ]
        out.append(segment)
        t = start + length
    return Transcript("generated-1h", out, duration=max(3600.0, t))


def main() -> None:
    default_phrases(), default_rubric()  # loading resources is start-up cost, not analysis
    times = []
    for _ in range(5):
        call = generated_call()
        t0 = time.perf_counter()
        analysis = analyze(call)
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    to_dict(analysis)
    json_time = time.perf_counter() - t0
    print(f"segments: {len(analysis.transcript.segments)}, call length: {analysis.transcript.length / 60:.0f} min")
    print(f"findings: {len(analysis.findings)}")
    print(f"analyze: median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms (5 runs)")
    print(f"to JSON dict: {json_time * 1000:.0f} ms")


if __name__ == "__main__":
    main()
