"""`vgg7_cluster cluster` end to end: outputs, determinism across thread counts, and bad input
(clear message, non-zero exit, no output written). Needs only numpy.

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
TMP = tempfile.mkdtemp(prefix="aecluster-cluster-cli-")


def path(name):
    return os.path.join(TMP, name)


def run(*args):
    return subprocess.run([CLI, "cluster", *map(str, args)], capture_output=True, text=True)


def blobs(n_per, clusters, dims, seed):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-1, 1, (clusters, dims))
    labels = np.repeat(np.arange(clusters), n_per)
    rng.shuffle(labels)
    return (centres[labels] + 0.15 * rng.standard_normal((len(labels), dims))).astype(np.float32), labels


def check_outputs():
    x, y = blobs(100, 3, 64, 1)
    np.save(path("x.npy"), x)
    np.save(path("y.npy"), y.astype(np.int32))  # any integer dtype
    r = run("--input", path("x.npy"), "--clusters", 3, "--output", path("labels.npy"), "--embedding", path("emb.npy"),
            "--labels", path("y.npy"), "--kpca-components", 50, "--threads", 2)
    assert r.returncode == 0, r.stderr
    labels, emb = np.load(path("labels.npy")), np.load(path("emb.npy"))
    assert labels.dtype == np.int64 and labels.shape == (300,), (labels.dtype, labels.shape)
    assert emb.dtype == np.float32 and emb.shape == (300, 2), (emb.dtype, emb.shape)
    assert set(labels.tolist()) == {0, 1, 2}
    for stage in ("kernel_pca", "tsne", "kmeans", "total", "kl_divergence", "accuracy 1.00000", "nmi 1.00000", "ari 1.00000"):
        assert stage in r.stdout, (stage, r.stdout)
    print("cluster: int64 labels, float32 embedding, per-stage times and accuracy 1.0 on separated blobs")

    # float64 input and (N, C, H, W) latents flattened per row give the same result.
    np.save(path("x64.npy"), x.astype(np.float64).reshape(300, 4, 4, 4))
    r = run("--input", path("x64.npy"), "--clusters", 3, "--output", path("labels64.npy"), "--kpca-components", 50, "--threads", 1)
    assert r.returncode == 0, r.stderr
    assert np.array_equal(np.load(path("labels64.npy")), labels), "float64 (N, 4, 4, 4) input clustered differently"
    print("cluster: float64 (N, C, H, W) input gives the same labels; 1 and 2 threads agree")


def check_thread_independence():
    x, _ = blobs(80, 4, 32, 2)
    x += 0.5 * np.random.default_rng(3).standard_normal(x.shape).astype(np.float32)  # overlapping: a real test
    np.save(path("xo.npy"), x)
    outs = []
    for threads in (1, 2, 3):
        r = run("--input", path("xo.npy"), "--clusters", 4, "--output", path(f"l{threads}.npy"), "--embedding",
                path(f"e{threads}.npy"), "--kpca-components", 30, "--seed", 7, "--threads", threads)
        assert r.returncode == 0, r.stderr
        outs.append((open(path(f"l{threads}.npy"), "rb").read(), open(path(f"e{threads}.npy"), "rb").read()))
    assert outs[0] == outs[1] == outs[2], "labels or embedding depend on the thread count"
    print("cluster: byte-identical labels and embedding for 1, 2 and 3 threads")


def expect_failure(name, args, message, outputs):
    for o in outputs:
        if os.path.exists(o):
            os.remove(o)
    r = run(*args)
    assert r.returncode != 0, f"{name}: exit code 0"
    assert "error:" in r.stderr and message in r.stderr, f"{name}: stderr {r.stderr!r} lacks {message!r}"
    assert "Traceback" not in r.stderr and "terminate" not in r.stderr, r.stderr
    for o in outputs:
        assert not os.path.exists(o), f"{name}: {o} was written"
    print(f"bad input refused: {name}: {r.stderr.strip().splitlines()[-1]}")


def check_bad_input():
    x, y = blobs(20, 2, 8, 4)
    np.save(path("ok.npy"), x)
    out, emb = path("bad_labels.npy"), path("bad_emb.npy")
    outputs = [out, emb]
    common = ["--output", out, "--embedding", emb]

    nan = x.copy()
    nan[5, 3] = np.nan
    np.save(path("nan.npy"), nan)
    expect_failure("NaN", ["--input", path("nan.npy"), "--clusters", 2, "--perplexity", 5, *common],
                   "row 5, column 3", outputs)
    inf = x.copy()
    inf[7, 0] = -np.inf
    np.save(path("inf.npy"), inf)
    expect_failure("infinity", ["--input", path("inf.npy"), "--clusters", 2, "--perplexity", 5, *common], "finite", outputs)
    expect_failure("fewer points than clusters", ["--input", path("ok.npy"), "--clusters", 41, *common],
                   "40 points cannot form 41 clusters", outputs)
    expect_failure("perplexity too large", ["--input", path("ok.npy"), "--clusters", 2, "--perplexity", 40, *common],
                   "perplexity (40) must be positive and less than the number of points (40)", outputs)
    np.save(path("nodims.npy"), np.zeros((10, 0), dtype=np.float32))
    expect_failure("zero dimensions", ["--input", path("nodims.npy"), "--clusters", 2, *common], "zero dimensions", outputs)
    np.save(path("nopoints.npy"), np.zeros((0, 5), dtype=np.float32))
    expect_failure("no points", ["--input", path("nopoints.npy"), "--clusters", 2, *common], "no points", outputs)
    np.save(path("vector.npy"), np.zeros(10, dtype=np.float32))
    expect_failure("1-D input", ["--input", path("vector.npy"), "--clusters", 2, *common], "(N, D) array", outputs)
    np.save(path("ints.npy"), np.zeros((10, 3), dtype=np.int32))
    expect_failure("integer latents", ["--input", path("ints.npy"), "--clusters", 2, *common], "float32 or float64", outputs)
    with open(path("garbage.npy"), "wb") as f:
        f.write(b"not an npy file at all")
    expect_failure("not .npy", ["--input", path("garbage.npy"), "--clusters", 2, *common], "not a .npy file", outputs)
    np.save(path("short_labels.npy"), y[:-1])
    expect_failure("label length mismatch", ["--input", path("ok.npy"), "--clusters", 2, "--perplexity", 5,
                                             "--labels", path("short_labels.npy"), *common], "39 labels for 40 points", outputs)
    np.save(path("float_labels.npy"), y.astype(np.float32))
    expect_failure("float labels", ["--input", path("ok.npy"), "--clusters", 2, "--perplexity", 5,
                                    "--labels", path("float_labels.npy"), *common], "labels must be integers", outputs)
    expect_failure("missing output folder", ["--input", path("ok.npy"), "--clusters", 2, "--perplexity", 5,
                                             "--output", path("no/such/dir/l.npy")], "does not exist", [])
    r = run("--input", path("missing.npy"), "--clusters", 2, *common)
    assert r.returncode != 0 and not os.path.exists(out)
    r = run("--input", path("ok.npy"), "--clusters", 0, *common)
    assert r.returncode != 0 and not os.path.exists(out)
    print("bad input refused: missing input file, zero clusters (by the argument parser)")


if __name__ == "__main__":
    check_outputs()
    check_thread_independence()
    check_bad_input()
    print("all cluster command checks passed")
