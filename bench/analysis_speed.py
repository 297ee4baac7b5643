"""Speed and memory of the transcript analysis on a 1-hour call (about 1,000 segments), learned detectors included.

Each figure comes from a fresh process, so "cold" means cold: Python start, imports, the sentence encoder's load
and the analysis. In the same run: re-analysis after one corrected line, memory, whether two runs give
byte-identical JSON, and the phrase rules CallCoach had before (bench/rules_baseline.py) as the baseline.
The call is built from the corpus's written phone calls, so nearly every line is a different sentence.

Prints figures; asserts nothing. Run: .venv/bin/python bench/analysis_speed.py
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def generated_call(segments: int = 1000):
    """About an hour of real-sounding turns: the corpus's written calls one after another, 3.5 s a line."""
    from callcoach.core.model import Segment, Transcript

    turns = []
    for path in sorted((ROOT / "corpus" / "raw").glob("written-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            turns += json.loads(line)["turns"]
    out = [Segment(i, t["speaker"], i * 3.6, i * 3.6 + 3.2, t["text"]) for i, t in enumerate(turns[:segments])]
    return Transcript("generated-1h", out, duration=segments * 3.6)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(mode: str) -> None:
    """One measurement in this fresh process; prints one JSON line."""
    start = time.perf_counter()
    from callcoach.core.serialize import to_dict

    call = generated_call()
    if mode == "rules":
        from rules_baseline import analyze_rules

        t0 = time.perf_counter()
        doc = to_dict(analyze_rules(call))
        print(json.dumps({"analyze": time.perf_counter() - t0, "total": time.perf_counter() - start}))
        return
    from callcoach.core.analysis import analyze
    from callcoach.core.detectors.encoder import SentenceEncoder

    rss0 = _rss_mb()
    t0 = time.perf_counter()
    SentenceEncoder()  # the load on its own (analyze below loads the shared one)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    doc = to_dict(analyze(call))
    first = time.perf_counter() - t0
    rss1 = _rss_mb()
    call.segments[500].text = "Sorry, I misheard you: so the parcel was left at the wrong house, is that right?"
    t0 = time.perf_counter()
    analyze(call)
    again = time.perf_counter() - t0
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
    print(json.dumps({"load": load, "analyze": first, "total": time.perf_counter() - start - again,
                      "reanalyze": again, "rss_before": rss0, "rss_after": rss1, "sha": digest,
                      "findings": len(doc["findings"]), "segments": len(doc["segments"])}))  # fmt: skip


def _run(mode: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    runs = [_run("model") for _ in range(3)]
    rules = [_run("rules") for _ in range(3)]
    best = min(runs, key=lambda r: r["total"])
    print(f"call: {best['segments']} segments (1 hour), {best['findings']} findings")
    totals = ", ".join(f"{r['total']:.2f}" for r in runs)
    print(f"cold start to analysed, fresh process: best {best['total']:.2f} s (runs: {totals})")
    print(f"  of which analyze(): {best['analyze']:.2f} s; encoder load alone: {min(r['load'] for r in runs):.2f} s")
    print(f"re-analysis after correcting one line: {min(r['reanalyze'] for r in runs) * 1000:.0f} ms")
    print(f"memory: {best['rss_before']:.0f} MB before the encoder, {best['rss_after']:.0f} MB after the analysis "
          f"(+{best['rss_after'] - best['rss_before']:.0f} MB)")  # fmt: skip
    print(f"same JSON in every run: {len({r['sha'] for r in runs}) == 1}")
    print(f"baseline, phrase rules: analyze() {min(r['analyze'] for r in rules):.2f} s, "
          f"cold start {min(r['total'] for r in rules):.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
