"""The load benchmark runs end to end (small): every update gets exactly one reply, nothing refused.

No speed assertion: this machine's speed is not what the test is about. The real figures come
from `python3 tests/load_bench.py --knowledge knowledge --knowledge /srv/guichet/national` (README).
"""

import json
import subprocess
import sys

from conftest import ROOT


def test_load_bench_300_updates_one_reply_each_nothing_refused():
    proc = subprocess.run([sys.executable, "tests/load_bench.py", "--updates", "300", "--users", "30", "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    assert result["replies"] == 300
    assert result["refused"] == 0 and result["mismatched_chats"] == 0
    assert result["flood_control"].startswith("on")
    for key in ("updates_per_s", "p50_ms", "p99_ms", "rss_before_mb", "rss_after_mb"):
        assert result[key] is not None
