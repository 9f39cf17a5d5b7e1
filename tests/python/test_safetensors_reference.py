"""Our safetensors reader and writer against the reference implementation (the `safetensors`
package, with NumPy and PyTorch): files written by either side load on the other with identical
dtypes, shapes and values, and our writer produces the reference's bytes exactly.

Run by ctest with AECLUSTER_BIN (where safetensors_roundtrip is) and PYTHONPATH containing
build/pydeps (scripts/install-deps --test puts safetensors there). Exit code 77 = skipped."""
import json
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import torch
    import safetensors
    import safetensors.numpy
    import safetensors.torch
except ImportError as e:  # the reference is not installed: skip rather than fail
    print(f"skipped: {e}")
    sys.exit(77)

TOOL = os.path.join(os.environ.get("AECLUSTER_BIN", "build/bin"), "safetensors_roundtrip")
if not os.path.exists(TOOL):
    print(f"skipped: {TOOL} was not built")
    sys.exit(77)


def tool(*args, expect_ok=True):
    r = subprocess.run([TOOL, *map(str, args)], capture_output=True, text=True)
    if expect_ok and r.returncode != 0:
        raise AssertionError(f"{TOOL} {' '.join(map(str, args))} failed: {r.stderr}")
    return r


def sample_arrays():
    rng = np.random.default_rng(5)
    return {
        "encoder.0.weight": rng.standard_normal((64, 3, 3, 3)).astype(np.float32),
        "encoder.0.bias": rng.standard_normal(64).astype(np.float32),
        "encoder.1.running_var": rng.random(64),  # float64
        "encoder.1.num_batches_tracked": np.array(1234567890123, dtype=np.int64),  # 0-d
        "labels": rng.integers(-5, 5, size=(7,), dtype=np.int32),
        "pixels": rng.integers(0, 256, size=(2, 32, 32, 3), dtype=np.uint8),
        "mask": rng.random(9) > 0.5,
        "i8": rng.integers(-128, 128, size=(3, 2), dtype=np.int8),
        "i16": rng.integers(-30000, 30000, size=(5,), dtype=np.int16),
        "u16": rng.integers(0, 65535, size=(5,), dtype=np.uint16),
        "u32": rng.integers(0, 2**32 - 1, size=(2, 2), dtype=np.uint32),
        "u64": rng.integers(0, 2**63, size=(3,), dtype=np.uint64),
        "f16": rng.standard_normal((4, 4)).astype(np.float16),
        "empty": np.zeros((0, 5), dtype=np.float32),
        "z.last": np.arange(6, dtype=np.float32).reshape(2, 3),
        "a.first": np.array([np.inf, -np.inf, np.nan, -0.0], dtype=np.float32),
    }


def same(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def main():
    failures = []

    def check(cond, msg):
        if not cond:
            failures.append(msg)
            print("FAIL:", msg)

    with tempfile.TemporaryDirectory() as tmp:
        arrays = sample_arrays()
        metadata = {"format": "pt", "epoch": "12"}

        # 1. Written by the reference, read by us: dump every tensor to .npy and compare.
        ref = os.path.join(tmp, "ref.safetensors")
        safetensors.numpy.save_file(arrays, ref, metadata=metadata)
        tool("dump", ref, os.path.join(tmp, "dump"))
        manifest = json.load(open(os.path.join(tmp, "dump", "manifest.json")))
        check(manifest["metadata"] == metadata, f"metadata read back as {manifest['metadata']}")
        check(set(manifest["tensors"]) == set(arrays), "tensor names differ")
        for name, a in arrays.items():
            b = np.load(os.path.join(tmp, "dump", manifest["tensors"][name]["file"]))
            check(same(a, b), f"{name}: read back as {b.dtype} {b.shape}")

        # 2. Our writer gives the reference's bytes (with one metadata key, whose order cannot differ).
        one = os.path.join(tmp, "one.safetensors")
        safetensors.numpy.save_file(arrays, one, metadata={"format": "pt"})
        ours = os.path.join(tmp, "ours.safetensors")
        tool("rewrite", one, ours)
        check(open(one, "rb").read() == open(ours, "rb").read(), "rewriting a reference file changed its bytes")
        none = os.path.join(tmp, "none.safetensors")
        safetensors.numpy.save_file(arrays, none)
        tool("rewrite", none, ours)
        check(open(none, "rb").read() == open(ours, "rb").read(), "rewriting a file without metadata changed its bytes")

        # 3. Written by us from .npy files, read by the reference (torch and numpy), byte-identical to its own.
        npy_dir = os.path.join(tmp, "npy")
        os.makedirs(npy_dir)
        spec = {"metadata": metadata, "tensors": {}}
        for i, (name, a) in enumerate(arrays.items()):
            np.save(os.path.join(npy_dir, f"{i}.npy"), a)
            spec["tensors"][name] = f"{i}.npy"
        json.dump(spec, open(os.path.join(npy_dir, "manifest.json"), "w"))
        built = os.path.join(tmp, "built.safetensors")
        tool("from-npy", os.path.join(npy_dir, "manifest.json"), built)
        loaded = safetensors.numpy.load_file(built)
        for name, a in arrays.items():
            check(same(a, loaded[name]), f"{name}: reference reads our file as {loaded[name].dtype} {loaded[name].shape}")
        with safetensors.safe_open(built, framework="pt") as f:
            check(f.metadata() == metadata, f"reference reads our metadata as {f.metadata()}")
        # torch 1.13 has no uint16/32/64: PyTorch reads a file of the other tensors.
        torch_names = [n for n in arrays if arrays[n].dtype not in (np.uint16, np.uint32, np.uint64)]
        torch_spec = {"metadata": metadata, "tensors": {n: spec["tensors"][n] for n in torch_names}}
        json.dump(torch_spec, open(os.path.join(npy_dir, "torch.json"), "w"))
        built_pt = os.path.join(tmp, "built-pt.safetensors")
        tool("from-npy", os.path.join(npy_dir, "torch.json"), built_pt)
        tensors = safetensors.torch.load_file(built_pt)
        check(set(tensors) == set(torch_names), "torch reads other tensor names")
        for name in torch_names:
            t = tensors[name]
            check(same(arrays[name], t.numpy()), f"{name}: torch reads our file as {t.dtype} {tuple(t.shape)}")
        solo = {"format": "pt \" \\ \t \x01 \x7f é 漢字 \U0001F600"}  # escapes and UTF-8 as serde_json writes them
        spec["metadata"] = solo
        json.dump(spec, open(os.path.join(npy_dir, "manifest.json"), "w"))
        tool("from-npy", os.path.join(npy_dir, "manifest.json"), built)
        check(open(built, "rb").read() == safetensors.numpy.save(arrays, metadata=solo),
              "our writer's bytes differ from the reference's")

        # 4. A PyTorch model's state_dict (BatchNorm's 0-d int64 num_batches_tracked included), and bfloat16.
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
                                    torch.nn.ConvTranspose2d(8, 3, 5))
        model.train()
        model(torch.randn(4, 3, 8, 8))  # moves the running statistics and num_batches_tracked
        state = {k: v.contiguous() for k, v in model.state_dict().items()}
        state["bf16"] = torch.randn(3, 5).to(torch.bfloat16)
        pt = os.path.join(tmp, "model.safetensors")
        safetensors.torch.save_file(state, pt, metadata={"arch": "test"})
        back = os.path.join(tmp, "model-back.safetensors")
        tool("rewrite", pt, back)
        check(open(pt, "rb").read() == open(back, "rb").read(), "rewriting a torch state_dict changed its bytes")
        reloaded = safetensors.torch.load_file(back)
        for k, v in state.items():
            check(reloaded[k].dtype == v.dtype and torch.equal(reloaded[k], v), f"{k}: differs after our rewrite")
        fresh = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
                                    torch.nn.ConvTranspose2d(8, 3, 5))
        del reloaded["bf16"]
        fresh.load_state_dict(reloaded)
        check(int(fresh[1].num_batches_tracked) == 1, "num_batches_tracked lost")
        tool("dump", pt, os.path.join(tmp, "dump-pt"))
        manifest = json.load(open(os.path.join(tmp, "dump-pt", "manifest.json")))
        entry = manifest["tensors"]["bf16"]
        raw = np.load(os.path.join(tmp, "dump-pt", entry["file"]))
        check(entry["dtype"] == "BF16" and raw.dtype == np.uint16 and
              raw.tobytes() == state["bf16"].view(torch.int16).numpy().tobytes(), "bfloat16 bits differ")
        nbt = np.load(os.path.join(tmp, "dump-pt", manifest["tensors"]["1.num_batches_tracked"]["file"]))
        check(nbt.shape == () and nbt.dtype == np.int64 and int(nbt) == 1, f"num_batches_tracked read as {nbt!r}")

        # 5. Files the reference refuses, we refuse too, naming the file.
        data = open(ref, "rb").read()
        bad_files = {
            "truncated.safetensors": data[:-1],
            "trailing.safetensors": data + b"\0",
            "short-header.safetensors": data[:100],
        }
        for name, content in bad_files.items():
            path = os.path.join(tmp, name)
            open(path, "wb").write(content)
            try:
                safetensors.numpy.load_file(path)
                reference_refuses = False
            except Exception:
                reference_refuses = True
            r = tool("rewrite", path, os.path.join(tmp, "never.safetensors"), expect_ok=False)
            check(reference_refuses, f"{name}: the reference accepts it")
            check(r.returncode != 0 and name in r.stderr, f"{name}: exit {r.returncode}, stderr {r.stderr!r}")
            check(not os.path.exists(os.path.join(tmp, "never.safetensors")), f"{name}: left an output file")

    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print(f"ok (safetensors {safetensors.__version__}, torch {torch.__version__}, numpy {np.__version__})")


if __name__ == "__main__":
    main()
