"""Python decisions per second against `refrain eval --requests` on the same requests.

The example requests repeated to N lines (default 200,000), decided with
the examples' bundle:
  - cli:          `refrain eval --bundle B --requests R --threads 1 > /dev/null`, the whole process
  - decide:       bundle.decide(line) for each line, each dict dropped after (a service's loop)
  - decide_json:  bundle.decide_json(line) for each line
  - many/1k:      bundle.decide_many(1,000 lines at a time, threads=T), each list dropped after
  - many/all:     bundle.decide_many(all N lines, threads=T): N dicts alive at the end,
                  and the collection of the young generation their making starts
                  (decide_many holds off the cycle collector while it makes them)
  - many/all dicts: the same from dicts (json.loads of each line, made beforehand)
Rounds alternate the command and the Python modes, so drift on a shared
machine hits both alike. Printed: the best round of each, and the median of
each round's time over the command's in that round.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py [N] [ROUNDS] [THREADS] [REFRAIN]

(after `.ci/build build -DREFRAIN_BUILD_PYTHON=ON -DPython_EXECUTABLE=/usr/bin/python3`,
or with the python of a venv the package was installed into; REFRAIN defaults
to build/bin/refrain.)
"""

import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import refrain

ROOT = Path(__file__).resolve().parent.parent


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    cli = sys.argv[4] if len(sys.argv) > 4 else str(ROOT / "build" / "bin" / "refrain")

    examples = ROOT / "examples"
    sources = {f"examples/policies/{p.name}": p.read_text() for p in sorted((examples / "policies").glob("*.refrain"))}
    data = refrain.compile(sources, (examples / "catalog" / "works.jsonl").read_text())
    bundle = refrain.Bundle(data)
    one_round = (examples / "requests" / "all.jsonl").read_text().splitlines()
    lines = (one_round * (n // len(one_round) + 1))[:n]
    dicts = [json.loads(line) for line in lines]

    def batches(size, t):
        def run():
            for i in range(0, n, size):
                bundle.decide_many(lines[i:i + size], threads=t)
        return run

    with tempfile.TemporaryDirectory() as work:
        bundle_path, requests_path = Path(work) / "examples.rfb", Path(work) / "requests.jsonl"
        bundle_path.write_bytes(data)
        requests_path.write_text("".join(line + "\n" for line in lines))
        command = [cli, "eval", "--bundle", str(bundle_path), "--requests", str(requests_path), "--threads", "1"]
        modes = {
            "cli": lambda: subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True),
            "decide": lambda: [bundle.decide(line) and None for line in lines],
            "decide_json": lambda: [bundle.decide_json(line) and None for line in lines],
            "many/1k, 1 thread": batches(1000, 1),
            f"many/1k, {threads} threads": batches(1000, threads),
            "many/all, 1 thread": lambda: (bundle.decide_many(lines, threads=1), gc.collect(0)),
            f"many/all, {threads} threads": lambda: (bundle.decide_many(lines, threads=threads), gc.collect(0)),
            "many/all dicts, 1 thread": lambda: (bundle.decide_many(dicts, threads=1), gc.collect(0)),
        }
        seconds = {name: [] for name in modes}
        for _ in range(rounds):
            for name, run in modes.items():
                start = time.perf_counter()
                run()
                seconds[name].append(time.perf_counter() - start)

    print(f"{n} requests, {rounds} rounds; refrain {refrain.__version__}, {cli}")
    for name, times in seconds.items():
        ratio = statistics.median(t / c for t, c in zip(times, seconds["cli"]))
        print(f"  {name:26} best {n / min(times):>10,.0f} decisions/s   median time / cli's: {ratio:5.2f}x")


if __name__ == "__main__":
    main()
