"""What reading risk costs: `python benchmarks/risk_speed.py [--json]`.

Prints the single-message p50/p95 of `analyze_message` on the couple messages of
benchmarks/analysis_speed.py (target p50 <= 8 ms, or <= 15 ms with a larger encoder), and the
cost of reading long real texts whole: seconds per 1,000 words over the labelled real posts
(data/realtext/labels.jsonl, text from construct-tracker), read one post at a time as the app
screens a text. Without construct-tracker the second figure is skipped, saying why.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from analysis_speed import MESSAGES  # noqa: E402

from between.analysis import (
    analyze_message,  # noqa: E402
    realtext,  # noqa: E402
)

WARM_UP = 30
SINGLE_RUNS = 300


def single_message() -> dict:
    for text in MESSAGES[:WARM_UP]:
        analyze_message(text)
    times = []
    for i in range(SINGLE_RUNS):
        text = MESSAGES[i % len(MESSAGES)]
        start = time.perf_counter()
        analyze_message(text)
        times.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(times, n=100)
    return {"p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2), "runs": SINGLE_RUNS}


def long_texts() -> dict:
    if not realtext.available():
        return {"skipped": f"construct-tracker is not installed: {realtext.INSTALL_HINT}"}
    posts = realtext.load_posts(with_unclear=True)
    read = realtext.default_reader("both")
    read([posts[0].text])  # warm
    words = sum(len(p.text.split()) for p in posts)
    start = time.perf_counter()
    for post in posts:
        read([post.text])
    seconds = time.perf_counter() - start
    lengths = sorted(len(p.text.split()) for p in posts)
    return {"posts": len(posts), "words": words, "median_words": lengths[len(lengths) // 2],
            "seconds": round(seconds, 2), "seconds_per_1000_words": round(1000 * seconds / words, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = {"single_message": single_message(), "long_texts": long_texts()}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    single = report["single_message"]
    print(f"one message: p50 {single['p50_ms']} ms, p95 {single['p95_ms']} ms ({single['runs']} runs; "
          "target p50 <= 8 ms)")
    long = report["long_texts"]
    if "skipped" in long:
        print(f"long texts: skipped ({long['skipped']})")
    else:
        print(f"long texts: {long['posts']} real posts, {long['words']} words (median {long['median_words']}), "
              f"{long['seconds']} s: {long['seconds_per_1000_words']} s per 1,000 words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
