"""The training step of bench/train_step_bench.cpp in PyTorch on the CPU: the same architecture,
batch 64, MSE against the input, Adam(lr 1e-5, weight_decay 1e-5). Prints one JSON line with
images per second. Run it the way bench/compare_train_step.py does (OpenBLAS, jemalloc, the same
thread count), which is PyTorch at its best on this kind of machine (see MISSION.md)."""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "python"))
from reference_models import Autoencoder  # noqa: E402  the same layers as the tests check against


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", required=True)
    p.add_argument("--channels", type=int, required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seconds", type=float, default=10.0, help="time to spend measuring")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Autoencoder(a.arch, a.channels)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-5, weight_decay=1e-5)
    x = torch.rand(a.batch, a.channels, 32, 32) * 2 - 1

    def step():
        opt.zero_grad(set_to_none=True)
        _, y = model(x)
        loss = torch.mean((y - x) ** 2)
        loss.backward()
        opt.step()

    for _ in range(3):
        step()
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < a.seconds or steps < 3:
        step()
        steps += 1
    elapsed = time.perf_counter() - start
    print(json.dumps({"arch": a.arch, "channels": a.channels, "threads": torch.get_num_threads(), "steps": steps,
                      "images_per_second": steps * a.batch / elapsed, "torch": torch.__version__,
                      "blas": os.environ.get("OPENBLAS_NUM_THREADS"), "preload": os.environ.get("LD_PRELOAD", "")}))


if __name__ == "__main__":
    main()
