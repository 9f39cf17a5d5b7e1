"""`--device cpu|cuda|auto` of vgg7_cluster train, encode and reconstruct (examples/vgg7_cluster/
device.hpp): without a usable GPU (or in a build without the CUDA backend) `--device cuda` is an
error naming the option (exit 1, nothing written), and `--device auto` falls back to the CPU with
the same results as `--device cpu`. With a GPU, `cuda` and `auto` run on it and agree with the CPU
within FP32 rounding. Needs only numpy.

Run by ctest with AECLUSTER_BIN; exit code 77 = skipped."""
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

CLI = os.path.join(os.environ.get("AECLUSTER_BIN", "build/bin"), "vgg7_cluster")
if not os.path.exists(CLI):
    print(f"skipped: {CLI} was not built")
    sys.exit(77)
TMP = tempfile.mkdtemp(prefix="aecluster-device-")


def path(*names):
    return os.path.join(TMP, *names)


def run(*args):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)


def make_data():
    rng = np.random.default_rng(4)
    os.makedirs(path("data"), exist_ok=True)
    np.save(path("data", "trainX.npy"), rng.integers(0, 256, (16, 32, 32, 3), dtype=np.uint8))
    np.save(path("data", "valX.npy"), rng.integers(0, 256, (4, 32, 32, 3), dtype=np.uint8))
    np.save(path("data", "valY.npy"), np.array([0, 1, 0, 1], dtype=np.int64))
    np.save(path("images.npy"), rng.integers(0, 256, (5, 32, 32, 3), dtype=np.uint8))


def train(device, out):
    return run("train", "--arch", "baseline_bn", "--data", f"hw9:{path('data')}", "--epochs", 1, "--batch", 8, "--out", path(out),
               "--threads", 2, "--seed", 3, "--device", device)


def main():
    make_data()
    r = train("cpu", "cpu")
    assert r.returncode == 0, r.stderr
    checkpoint = path("cpu", "epoch_0001.safetensors")
    assert os.path.exists(checkpoint)

    r = train("cuda", "cuda")
    gpu = r.returncode == 0
    if not gpu:
        assert r.returncode == 1, (r.returncode, r.stderr)
        assert "--device cuda" in r.stderr and ("no usable CUDA device" in r.stderr or "no CUDA backend" in r.stderr), r.stderr
        assert not os.path.exists(path("cuda", "epoch_0001.safetensors")), "a failed --device cuda run wrote a checkpoint"
        print("train --device cuda without a GPU: exit 1,", r.stderr.strip().splitlines()[-1])
    else:
        assert "device: " in r.stderr, r.stderr
        print("train --device cuda ran on", [l for l in r.stderr.splitlines() if l.startswith("device: ")][0])

    r = train("auto", "auto")
    assert r.returncode == 0, r.stderr
    if not gpu:
        with open(checkpoint, "rb") as a, open(path("auto", "epoch_0001.safetensors"), "rb") as b:
            assert a.read() == b.read(), "--device auto fell back to the CPU but trained differently"
        print("train --device auto without a GPU: falls back to the CPU, identical checkpoint")

    for command in ("encode", "reconstruct"):
        outputs = {}
        for device in ("cpu", "auto", "cuda"):
            out = path(f"{command}-{device}.npy")
            r = run(command, "--checkpoint", checkpoint, "--input", path("images.npy"), "--output", out, "--threads", 2, "--device", device)
            if device == "cuda" and not gpu:
                assert r.returncode == 1 and "--device cuda" in r.stderr, (r.returncode, r.stderr)
                assert not os.path.exists(out)
                continue
            assert r.returncode == 0, r.stderr
            outputs[device] = np.load(out)
        if gpu:
            scale = np.abs(outputs["cpu"]).max()
            err = np.abs(outputs["cuda"] - outputs["cpu"]).max() / scale
            assert err <= 1e-4, f"{command}: GPU vs CPU relative error {err}"
            print(f"{command}: --device cuda within {err:.2e} of the CPU")
        else:
            assert np.array_equal(outputs["auto"], outputs["cpu"]), f"{command} --device auto differs from --device cpu"
            print(f"{command}: --device auto equals --device cpu without a GPU; --device cuda exits 1")

    r = run("encode", "--checkpoint", checkpoint, "--input", path("images.npy"), "--output", path("x.npy"), "--device", "tpu")
    assert r.returncode != 0 and "device" in r.stderr, r.stderr
    print("an unknown --device is refused")


if __name__ == "__main__":
    main()
