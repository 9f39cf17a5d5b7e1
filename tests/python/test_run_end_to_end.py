"""`vgg7_cluster run` end to end on a small slice of Fashion-MNIST: every output exists and
parses, the figures decode, the metrics agree with the predictions, the same seed gives the same
files on another thread count, an interrupted run resumed gives the same final checkpoint, and
bad input is refused with a clear error and no report. Also a folder of constructed, clearly
separable images, which must cluster almost perfectly (the assignment's layout on the real proxy
data is test_run_hw9_layout.py)."""
import filecmp
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import normalized_mutual_info_score

import clustering_data
from png_files import read_png, write_png
from reference_models import binary, run_cli

SLICE = ["--train-images", "160", "--val-images", "100", "--epochs", "2", "--checkpoints", "2", "--batch", "32"]
failures = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}")
    if not ok:
        failures.append(name)


def accuracy(pred, truth):
    """Hungarian-matched clustering accuracy, computed here independently."""
    k = max(pred.max(), truth.max()) + 1
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (pred, truth), 1)
    rows, cols = linear_sum_assignment(-counts)
    return counts[rows, cols].sum() / len(pred)


def read_predictions(path):
    with open(path) as f:
        assert f.readline().strip() == "id,label"
        rows = [line.strip().split(",") for line in f]
    ids = np.array([int(r[0]) for r in rows])
    assert (ids == np.arange(len(ids))).all()
    return np.array([int(r[1]) for r in rows])


def run(out, *extra, expect_ok=True):
    return run_cli("run", "--out", out, *SLICE, *extra, expect_ok=expect_ok)


def outputs_are_complete(out):
    metrics = json.load(open(os.path.join(out, "metrics.json")))
    models = list(metrics["models"])
    check("the report's three models were trained, in its order", models == ["baseline", "baseline_bn", "vgg7"], str(models))
    _, train_labels = clustering_data.fashion_mnist("train")
    for arch in models:
        m = metrics["models"][arch]
        check(f"{arch}: 2 checkpoints measured", [c["epoch"] for c in m["checkpoints"]] == [1, 2])
        check(f"{arch}: checkpoint files exist",
              all(os.path.exists(os.path.join(out, arch, f"epoch_000{e}{s}")) for e in (1, 2)
                  for s in (".safetensors", ".adam.safetensors")))
        pred = read_predictions(os.path.join(out, f"predictions_{arch}.csv"))
        check(f"{arch}: one prediction per training image", len(pred) == 160, str(len(pred)))
        acc = accuracy(pred, train_labels[:160])
        check(f"{arch}: metrics.json's training accuracy matches the predictions",
              abs(acc - m["final"]["train_accuracy"]) < 1e-12, f"{acc} vs {m['final']['train_accuracy']}")
        # Ten classes, 100 validation images: matching random labels scores about 0.2; two epochs
        # on 160 images measured 0.4 to 0.5. A pipeline that scrambles latents or labels fails this.
        check(f"{arch}: validation accuracy is well above chance", 0.3 <= m["final"]["val_accuracy"] <= 1,
              str(m["final"]["val_accuracy"]))
        w, h, c = read_png(os.path.join(out, f"embedding_{arch}.png"))
        check(f"embedding_{arch}.png decodes", w > 500 and h > 500, f"{w}x{h}x{c}")
    best = read_predictions(os.path.join(out, "predictions.csv"))
    best_arch = metrics["best_model"]
    check("predictions.csv holds the best model's predictions",
          (best == read_predictions(os.path.join(out, f"predictions_{best_arch}.csv"))).all())
    for name in ["reconstructions.png", "checkpoints.png"]:
        w, h, c = read_png(os.path.join(out, name))
        check(f"{name} decodes", w > 500 and h > 300, f"{w}x{h}x{c}")
    html = open(os.path.join(out, "report.html")).read()
    check("report.html embeds the figures", html.count("data:image/png;base64,") == len(models) + 2)
    check("report.html shows the assignment's published figures, labelled as such",
          "0.84752" in html and "private data" in html)
    leftovers = [f for _, _, files in os.walk(out) for f in files if ".tmp." in f]
    check("no temporary files are left", not leftovers, str(leftovers))
    return metrics


def same_files(a, b, names):
    return [n for n in names if not filecmp.cmp(os.path.join(a, n), os.path.join(b, n), shallow=False)]


def reproducible(tmp, first):
    second = os.path.join(tmp, "second")
    run(second, "--threads", "1")
    names = ["predictions.csv", "predictions_baseline.csv", "predictions_vgg7.csv", "embedding_baseline.png",
             "embedding_vgg7.png", "reconstructions.png", "checkpoints.png",
             "baseline/epoch_0002.safetensors", "vgg7/epoch_0002.adam.safetensors"]
    differ = same_files(first, second, names)
    check("the same seed on 1 thread gives the same files as on 2", not differ, str(differ))
    m1, m2 = (json.load(open(os.path.join(d, "metrics.json"))) for d in (first, second))
    check("... and the same metrics", m1["models"] == m2["models"])


def interrupted_and_resumed(tmp, first):
    """Ctrl-C after the first checkpoint, then --resume: the same final checkpoint."""
    out = os.path.join(tmp, "interrupted")
    args = [binary(), "run", "--out", out, *SLICE, "--arch", "baseline,vgg7", "--threads", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    marker = os.path.join(out, "vgg7", "epoch_0001.safetensors")
    deadline = time.time() + 600
    while not os.path.exists(marker) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=600)
    check("Ctrl-C stops the run with exit code 130", proc.returncode == 130, f"{proc.returncode}: {err[-300:]}")
    leftovers = [f for _, _, files in os.walk(out) for f in files if ".tmp." in f]
    check("no temporary files after Ctrl-C", not leftovers, str(leftovers))
    run(out, "--resume", "--threads", "2")
    differ = same_files(first, out, ["vgg7/epoch_0002.safetensors", "vgg7/epoch_0002.adam.safetensors", "predictions.csv"])
    check("resuming gives the same final checkpoint and predictions", not differ, str(differ))
    m1, m2 = (json.load(open(os.path.join(d, "metrics.json"))) for d in (first, out))
    check("... and the same metrics", m1["models"] == m2["models"])


def refuses(tmp, name, args, fragment):
    out = os.path.join(tmp, "bad-" + name)
    result = run_cli("run", "--out", out, *SLICE, *args, expect_ok=False)
    written = os.listdir(out) if os.path.isdir(out) else []
    ok = result.returncode == 1 and fragment in result.stderr and not any(f.endswith((".html", ".csv", ".json")) for f in written)
    check(f"bad input refused: {name}", ok, f"exit {result.returncode}: {result.stderr.strip()[-200:]}")


def bad_inputs(tmp):
    refuses(tmp, "missing folder", ["--data", "hw9:" + os.path.join(tmp, "nowhere")], "nowhere")
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    refuses(tmp, "no images", ["--data", "images:" + empty], "empty")
    junk = os.path.join(tmp, "junk", "cats")
    os.makedirs(junk)
    write_png(os.path.join(junk, "a.png"), np.zeros((40, 40, 3), np.uint8))
    with open(os.path.join(junk, "b.png"), "w") as f:
        f.write("not an image")
    refuses(tmp, "unreadable image", ["--data", "images:" + os.path.dirname(junk)], "b.png")
    mixed = os.path.join(tmp, "mixed")
    os.makedirs(mixed)
    np.save(os.path.join(mixed, "trainX.npy"), np.zeros((20, 32, 32, 3), np.uint8))
    np.save(os.path.join(mixed, "valX.npy"), np.zeros((10, 32, 32, 1), np.uint8))
    np.save(os.path.join(mixed, "valY.npy"), np.zeros(10, np.int64))
    refuses(tmp, "train/val shapes differ", ["--data", "hw9:" + mixed], "valX.npy")
    refuses(tmp, "unknown architecture", ["--arch", "resnet"], "resnet")


def image_folder(tmp):
    """Two classes nobody could confuse: dark images with horizontal stripes and light images with
    vertical ones, in grey PNGs of assorted sizes. The whole pipeline (decoding, resizing, one
    epoch of training, Kernel PCA, t-SNE, k-means) must put them in two clusters almost exactly;
    a broken stage (scrambled latents, a wrong resize, mismatched labels) does not."""
    root = os.path.join(tmp, "photos")
    rng = np.random.default_rng(0)
    for k, cls in enumerate(["dark", "light"]):
        os.makedirs(os.path.join(root, cls))
        for i in range(30):
            h, w = 40 + i % 7, 36 + i % 5
            y, x = np.mgrid[0:h, 0:w]
            stripes = ((y // 4) % 2) if k == 0 else ((x // 4) % 2)
            image = (40 + 150 * k) + 40 * stripes + rng.integers(-10, 10, size=(h, w))
            write_png(os.path.join(root, cls, f"{i}.png"), np.clip(image, 0, 255).astype(np.uint8))
    out = os.path.join(tmp, "photos-report")
    run_cli("run", "--out", out, "--data", "images:" + root, "--epochs", "1", "--checkpoints", "1", "--arch", "baseline",
            "--lr", "1e-3")
    m = json.load(open(os.path.join(out, "metrics.json")))
    check("a folder of images: 2 classes from its sub-folders", m["settings"]["clusters"] == 2)
    acc = m["models"]["baseline"]["final"]["val_accuracy"]
    check("a folder of clearly separable images clusters with accuracy >= 0.95", acc >= 0.95, str(acc))
    with open(os.path.join(out, "baseline", "epoch_0001.safetensors"), "rb") as f:
        header = json.loads(f.read(int.from_bytes(f.read(8), "little")))
    check("a folder of grey images loads as one channel (--channels auto)", header["__metadata__"]["in_channels"] == "1",
          str(header["__metadata__"].get("in_channels")))
    check("a folder of images: report written", os.path.exists(os.path.join(out, "report.html")))
    # The folder is read in sorted order (all of dark/, then light/): a subset of it must take from
    # both classes, not the first 20 files (all dark, which no clustering could score on).
    part = os.path.join(tmp, "photos-part")
    run_cli("run", "--out", part, "--data", "images:" + root, "--epochs", "1", "--checkpoints", "1", "--arch", "baseline",
            "--lr", "1e-3", "--train-images", "20", "--val-images", "20", "--perplexity", "5")
    final = json.load(open(os.path.join(part, "metrics.json")))["models"]["baseline"]["final"]
    check("a folder of images: a subset spreads over its classes (NMI of 20 validation images)",
          final["val_nmi"] >= 0.8 and final["val_accuracy"] >= 0.95, str(final))


def seeds_and_levers(tmp):
    """--seeds: every seed's figures and their mean in metrics.json; the training and clustering
    levers keep a run reproducible across thread counts."""
    levers = ["--arch", "baseline", "--seeds", "3,4", "--consensus", "--crop-padding", "2", "--flip", "--noise", "0.05",
              "--denoise", "--lr-schedule", "cosine", "--warmup-epochs", "1", "--cluster-method", "gmm", "--reduction", "kpca", "--exaggeration", "2",
              "--train-images", "96", "--val-images", "64", "--epochs", "2", "--checkpoints", "2", "--batch", "32"]
    a, b = os.path.join(tmp, "levers1"), os.path.join(tmp, "levers2")
    run_cli("run", "--out", a, "--threads", "1", *levers)
    run_cli("run", "--out", b, "--threads", "2", *levers)
    m = json.load(open(os.path.join(a, "metrics.json")))
    runs = [(r["seed"], r["arch"]) for r in m["runs"]]
    check("--seeds: one run per seed and model", runs == [(3, "baseline"), (4, "baseline")], str(runs))
    accs = [r["model"]["final"]["val_accuracy"] for r in m["runs"]]
    check("--seeds: the summary's mean is the seeds' mean",
          abs(m["summary"]["baseline"]["val_accuracy_mean"] - np.mean(accs)) < 1e-12)
    check("--warmup-epochs: recorded in metrics.json", m["settings"]["warmup_epochs"] == 1, str(m["settings"].get("warmup_epochs")))
    check("--exaggeration: in the clustering's description", "exaggeration 2.0" in m["settings"]["clustering"],
          str(m["settings"].get("clustering")))
    check("--consensus: a consensus prediction file", os.path.exists(os.path.join(a, "predictions_baseline_consensus.csv")))
    names = ["predictions.csv", "predictions_baseline_consensus.csv", "seed_3/baseline/epoch_0002.safetensors",
             "seed_4/baseline/epoch_0002.adam.safetensors"]
    differ = same_files(a, b, names)
    check("augmentation, cosine schedule with warm-up, exaggeration, gmm: the same files on 1 and 2 threads", not differ, str(differ))


def did_not_learn(tmp):
    """A run whose decoder saturates (lr 0.5) is flagged, not passed off as a trained model: its
    training MSE is not below the average image's (the per-pixel variance, computed here), the
    console and the report say so, and with no run that learned every seed still votes."""
    out = os.path.join(tmp, "saturated")
    result = run_cli("run", "--out", out, "--arch", "baseline", "--lr", "0.5", "--seeds", "0,1", "--consensus",
                     "--train-images", "128", "--val-images", "64", "--epochs", "1", "--checkpoints", "1",
                     "--batch", "32", "--perplexity", "10")
    m = json.load(open(os.path.join(out, "metrics.json")))
    images, _ = clustering_data.fashion_mnist("train")
    padded = np.zeros((128, 32, 32), np.uint8)  # the loader centres the 28x28 images on a black 32x32
    padded[:, 2:30, 2:30] = images[:128]
    pixels = (padded.reshape(128, -1) / 255.0 * 2 - 1).astype(np.float32)  # the network's inputs are float32
    want = pixels.astype(np.float64).var(axis=0).mean()
    for r in m["runs"]:
        got = r["model"]["constant_output_mse"]
        check(f"seed {r['seed']}: the constant output's MSE is the images' per-pixel variance",
              abs(got - want) < 1e-12 * want, f"{got} vs {want}")
        mse = r["model"]["checkpoints"][-1]["train_mse"]
        check(f"seed {r['seed']}: a saturated run is flagged as not learned", r["model"]["learned"] is False and mse >= got,
              f"learned {r['model']['learned']}, MSE {mse}")
    check("the console says which runs did not learn", "baseline (seed 0) did not learn" in result.stderr
          and "baseline (seed 1) did not learn" in result.stderr, result.stderr[-400:])
    html = open(os.path.join(out, "report.html")).read()
    check("the report says which runs did not learn", "Did not learn to reconstruct: baseline seed 0" in html)
    check("with no run that learned, every seed votes", m["consensus"]["baseline"]["voting_seeds"] == [0, 1],
          str(m["consensus"]["baseline"]))


def stuck_restarts(tmp):
    """A model stuck at the constant output (MSE not below the average image's and not falling
    between two checkpoints) starts again from another initialisation with --restarts 1, recorded
    in metrics.json and restarts.json, kept by --resume; by default (--restarts 0) it trains on."""
    args = ["--arch", "baseline", "--lr", "0.5", "--train-images", "128", "--val-images", "64", "--epochs", "2",
            "--checkpoints", "2", "--batch", "32", "--perplexity", "10"]
    out = os.path.join(tmp, "stuck")
    plain_args = list(args)
    args += ["--restarts", "1"]
    result = run_cli("run", "--out", out, *args)
    model = json.load(open(os.path.join(out, "metrics.json")))["models"]["baseline"]
    restarts = model["restarts"]
    check("a stuck model is restarted once at its second checkpoint",
          len(restarts) == 1 and restarts[0]["epoch"] == 2 and restarts[0]["train_mse"] >= model["constant_output_mse"]
          and restarts[0]["train_mse"] >= 0.99 * restarts[0]["previous_mse"], str(restarts))
    check("the restart's initialisation seed is recorded", model["init_seed"] == 1 << 32, str(model["init_seed"]))
    check("the console says it restarted", "is stuck at the constant output" in result.stderr, result.stderr[-300:])
    check("after the last restart a stuck model trains on and is flagged", model["learned"] is False)
    check("restarts.json beside the checkpoints", json.load(open(os.path.join(out, "baseline", "restarts.json"))) == restarts)
    html = open(os.path.join(out, "report.html")).read()
    check("the report says which runs were restarted", "Started again from another initialisation: baseline seed 0" in html)
    resumed = run_cli("run", "--out", out, *args, "--resume")
    again = json.load(open(os.path.join(out, "metrics.json")))["models"]["baseline"]
    check("--resume keeps the record of restarts", again["restarts"] == restarts and again["init_seed"] == 1 << 32,
          str(again["restarts"]))
    check("--resume does not restart again", "is stuck" not in resumed.stderr, resumed.stderr[-300:])
    one, two = os.path.join(tmp, "stuck1"), os.path.join(tmp, "stuck2")
    run_cli("run", "--out", one, *args, "--threads", "1")
    run_cli("run", "--out", two, *args, "--threads", "2")
    differ = same_files(one, two, ["predictions.csv", "baseline/epoch_0002.safetensors", "baseline/restarts.json"])
    check("a restarted run gives the same files on 1 and 2 threads", not differ, str(differ))
    plain = os.path.join(tmp, "stuck-no-restart")
    run_cli("run", "--out", plain, *plain_args)
    model = json.load(open(os.path.join(plain, "metrics.json")))["models"]["baseline"]
    check("by default a stuck model trains on", model["restarts"] == [] and model["init_seed"] == 0, str(model["restarts"]))


def references(tmp, first):
    """The reference rows (raw pixels; each architecture untrained) are the run's own clustering of
    those features: the same labels as `cluster` gives on the pixels computed here and on the
    latents of an untrained baseline written by `train --lr 0`; --no-references leaves them out."""
    m = json.load(open(os.path.join(first, "metrics.json")))
    refs = m["references"]
    names = [(r["features"], r["arch"]) for r in refs]
    check("references: raw pixels, then every architecture untrained, in the run's order",
          names == [("raw pixels", None), ("untrained network", "baseline"), ("untrained network", "baseline_bn"),
                    ("untrained network", "vgg7")], str(names))
    images, labels = clustering_data.fashion_mnist("test")
    padded = np.zeros((100, 32, 32, 1), np.uint8)  # the run validates on the test set's first 100
    padded[:, 2:30, 2:30, 0] = images[:100]
    pixels = (padded.reshape(100, -1) / 255.0 * 2 - 1).astype(np.float32)
    x_path, y_path = os.path.join(tmp, "ref_x.npy"), os.path.join(tmp, "ref_y.npy")
    np.save(x_path, pixels)
    np.save(y_path, labels[:100])
    run_default_clustering = ["--clusters", "10", "--seed", "0", "--reduction", "pca", "--kpca-components", "50",
                              "--cluster-method", "ward"]

    def clustered(features):
        """Accuracy and NMI (both: two feature sets can tie on accuracy over 100 images)."""
        out = os.path.join(tmp, "ref_labels.npy")
        run_cli("cluster", "--input", features, "--output", out, *run_default_clustering)
        pred = np.load(out).astype(np.int64)
        return accuracy(pred, labels[:100]), normalized_mutual_info_score(labels[:100], pred)

    def same(got, ref):
        return abs(got[0] - ref["val_accuracy"]) < 1e-12 and abs(got[1] - ref["val_nmi"]) < 1e-9

    got = clustered(x_path)
    check("references: raw pixels score what `cluster` gives on the pixels", same(got, refs[0]), f"{got} vs {refs[0]}")
    data = os.path.join(tmp, "ref_hw9")
    os.makedirs(data)
    np.save(os.path.join(data, "trainX.npy"), padded[:32])
    np.save(os.path.join(data, "valX.npy"), padded[:32])
    np.save(os.path.join(data, "valY.npy"), labels[:32])
    untrained = os.path.join(tmp, "untrained")
    run_cli("train", "--arch", "baseline", "--data", f"hw9:{data}", "--epochs", "1", "--lr", "0", "--weight-decay", "0",
            "--batch", "32", "--seed", "0", "--out", untrained)
    z_path = os.path.join(tmp, "ref_z.npy")
    image_path = os.path.join(tmp, "ref_images.npy")
    np.save(image_path, padded)
    run_cli("encode", "--checkpoint", os.path.join(untrained, "epoch_0001.safetensors"), "--input", image_path,
            "--output", z_path)
    got = clustered(z_path)
    check("references: the untrained baseline scores what `cluster` gives on its latents", same(got, refs[1]),
          f"{got} vs {refs[1]}")
    html = open(os.path.join(first, "report.html")).read()
    check("the report has the reference rows", "what training bought" in html and "raw pixels" in html)
    none = os.path.join(tmp, "no-references")
    run_cli("run", "--out", none, "--arch", "baseline", "--no-references", "--train-images", "64", "--val-images", "64",
            "--epochs", "1", "--checkpoints", "1", "--batch", "32", "--perplexity", "10")
    check("--no-references: none measured", json.load(open(os.path.join(none, "metrics.json")))["references"] == [])


def main():
    if not clustering_data.fashion_mnist_available():
        print("skip: Fashion-MNIST is not installed (dataset-fashion-mnist)")
        sys.exit(77)
    with tempfile.TemporaryDirectory() as tmp:
        first = os.path.join(tmp, "first")
        run(first, "--threads", "2")
        outputs_are_complete(first)
        references(tmp, first)
        reproducible(tmp, first)
        interrupted_and_resumed(tmp, first)
        bad_inputs(tmp)
        image_folder(tmp)
        seeds_and_levers(tmp)
        did_not_learn(tmp)
        stuck_restarts(tmp)
    if failures:
        print("FAILED:", ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
