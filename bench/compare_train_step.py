#!/usr/bin/env python3
"""Runs our CPU training step (build/bin/train_step_bench) and the same step in PyTorch on the
CPU, back to back in one job with the same thread count, alternating between the two so that
drift on a shared machine hits both alike, and prints images/s and the ratio per architecture.

PyTorch is run at its best as MISSION.md describes: OpenBLAS (Debian's libopenblas0-pthread, on
one BLAS thread so it does not fight PyTorch's own threads), jemalloc via LD_PRELOAD with the
allocator kept from returning pages, and torch.set_num_threads(threads).

    bench/compare_train_step.py [--threads 2] [--rounds 2] [--seconds 10] [--bin build/bin]
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = [("baseline", 1), ("baseline", 3), ("vgg7", 1), ("vgg7", 3)]
JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"


def ours(binary, arch, channels, threads, seconds):
    name = f"train_step/{arch}/C{channels}"
    out = subprocess.run([binary, "--threads", str(threads), f"--benchmark_filter=^{name}(/real_time)?$", "--benchmark_format=json",
                          f"--benchmark_min_time={seconds}"], capture_output=True, text=True, check=True).stdout
    bench = json.loads(out)["benchmarks"][0]
    return bench["images/s"], bench.get("GFLOP/s", 0)


def pytorch(arch, channels, threads, seconds):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS=str(threads),
               MALLOC_CONF="oversize_threshold:0,dirty_decay_ms:-1,muzzy_decay_ms:-1")
    if os.path.exists(JEMALLOC):
        env["LD_PRELOAD"] = JEMALLOC
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "peers", "torch_train_step.py"), "--arch", arch,
                          "--channels", str(channels), "--threads", str(threads), "--seconds", str(seconds)],
                         capture_output=True, text=True, env=env, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])["images_per_second"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--bin", default=os.path.join(HERE, "..", "build", "bin"))
    a = p.parse_args()
    binary = os.path.join(a.bin, "train_step_bench")
    if not os.path.exists(binary):
        sys.exit(f"{binary} not found: build first (scripts/build)")
    rows = []
    for arch, c in CASES:
        mine, theirs, gflops = [], [], []
        for _ in range(a.rounds):
            ips, gf = ours(binary, arch, c, a.threads, a.seconds)
            mine.append(ips)
            gflops.append(gf)
            theirs.append(pytorch(arch, c, a.threads, a.seconds))
        rows.append((arch, c, max(mine), max(theirs), max(gflops)))
        print(f"{arch} C={c}: aecluster {[round(v, 1) for v in mine]} images/s, PyTorch {[round(v, 1) for v in theirs]}",
              flush=True)
    print(f"\ntraining step, batch 64, {a.threads} threads (best of {a.rounds} alternating runs of {a.seconds:g} s each)")
    print(f"{'model':<10} {'C':>2} {'aecluster img/s':>16} {'PyTorch img/s':>14} {'ratio':>6} {'our GFLOP/s':>12}")
    for arch, c, m, t, gf in rows:
        print(f"{arch:<10} {c:>2} {m:>16.1f} {t:>14.1f} {m / t:>6.2f} {gf:>12.0f}")


if __name__ == "__main__":
    main()
