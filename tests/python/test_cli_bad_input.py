"""The command line refuses bad input with a message naming the file and the problem, exit code
1, and no partial output file: truncated, oversized and lying .npy files, wrong dtypes and
shapes, checkpoints with missing or misshapen tensors, NaN in the data, an empty data set."""
import os
import sys
import tempfile

import numpy as np
import torch
from safetensors.torch import save_file

from reference_models import Autoencoder, run_cli

failures = []


def refused(name, args, fragment, output=None):
    result = run_cli(*args, expect_ok=False)
    ok = result.returncode == 1 and fragment in result.stderr and "error: " in result.stderr
    if output is not None:
        ok = ok and not os.path.exists(output)
    print(f"{'ok  ' if ok else 'FAIL'} {name}: exit {result.returncode}: {result.stderr.strip()[:200]}")
    if not ok:
        failures.append(name)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        p = lambda name: os.path.join(tmp, name)  # noqa: E731
        torch.manual_seed(0)
        state = Autoencoder("baseline", 1).state_dict()
        save_file(state, p("good.safetensors"))
        images = np.random.default_rng(0).integers(0, 256, size=(4, 32, 32), dtype=np.uint8)
        np.save(p("x.npy"), images)
        out = p("z.npy")
        encode = lambda ckpt, x: ["encode", "--checkpoint", ckpt, "--input", x, "--output", out]  # noqa: E731

        good = open(p("x.npy"), "rb").read()
        open(p("trunc.npy"), "wb").write(good[:-10])
        refused("truncated images", encode(p("good.safetensors"), p("trunc.npy")), "trunc.npy: truncated", out)
        open(p("long.npy"), "wb").write(good + b"\0" * 8)
        refused("oversized images", encode(p("good.safetensors"), p("long.npy")), "unexpected bytes", out)
        open(p("lie.npy"), "wb").write(good.replace(b"(4, 32, 32)", b"(9, 32, 32)"))
        refused("header lies about the size", encode(p("good.safetensors"), p("lie.npy")), "lie.npy", out)
        np.save(p("f.npy"), images.astype(np.float32))
        refused("float images", encode(p("good.safetensors"), p("f.npy")), "uint8", out)
        np.save(p("big.npy"), np.zeros((4, 64, 64), np.uint8))
        refused("wrong image size", encode(p("good.safetensors"), p("big.npy")), "32x32", out)
        np.save(p("rgb.npy"), np.zeros((4, 32, 32, 3), np.uint8))
        refused("wrong channel count", encode(p("good.safetensors"), p("rgb.npy")), "channel", out)
        np.save(p("empty.npy"), np.zeros((0, 32, 32), np.uint8))
        refused("no images", encode(p("good.safetensors"), p("empty.npy")), "no images", out)
        np.save(p("be.npy"), images.astype(">u2"))
        refused("big-endian", encode(p("good.safetensors"), p("be.npy")), "be.npy", out)

        missing = dict(state)
        del missing["decoder.2.weight"]
        save_file(missing, p("missing.safetensors"))
        refused("checkpoint missing a tensor", encode(p("missing.safetensors"), p("x.npy")), "decoder.2.weight", out)
        bad = dict(state)
        bad["decoder.2.weight"] = torch.zeros(3, 3)
        save_file(bad, p("shape.safetensors"))
        refused("misshapen tensor", encode(p("shape.safetensors"), p("x.npy")), "decoder.2.weight", out)
        nan = dict(state)
        nan["decoder.0.bias"] = torch.full_like(state["decoder.0.bias"], float("nan"))
        save_file(nan, p("nan.safetensors"))
        refused("NaN weights", encode(p("nan.safetensors"), p("x.npy")), "non-finite", out)
        open(p("junk.safetensors"), "wb").write(b"\x10\0\0\0\0\0\0\0{not json at all")
        refused("not a safetensors file", encode(p("junk.safetensors"), p("x.npy")), "junk.safetensors", out)

        # latents for the clustering stage: NaN, wrong dtype
        z = np.random.default_rng(1).normal(size=(50, 8)).astype(np.float32)
        z[3, 2] = np.nan
        np.save(p("znan.npy"), z)
        refused("NaN latents", ["cluster", "--input", p("znan.npy"), "--clusters", "2", "--output", p("l.npy")], "znan.npy", p("l.npy"))
        # training data
        hw9 = p("hw9")
        os.makedirs(hw9)
        np.save(os.path.join(hw9, "trainX.npy"), np.zeros((0, 32, 32, 3), np.uint8))
        np.save(os.path.join(hw9, "valX.npy"), np.zeros((2, 32, 32, 3), np.uint8))
        np.save(os.path.join(hw9, "valY.npy"), np.zeros(2, np.int64))
        refused("empty training set", ["train", "--data", "hw9:" + hw9, "--epochs", "1", "--out", p("run")], "no images",
                p("run/epoch_0001.safetensors"))
    if failures:
        print("FAILED:", ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
