"""`vgg7_cluster run` on the assignment's exact layout with the real proxy data (CIFAR-10 photos,
vehicle vs animal, in ../shared/data/hw9-proxy from the repository root): two clusters, and the
leaderboard accuracy in metrics.json agrees with predictions.csv scored here against trainY.npy.
Exit code 77 (skipped) when the data is absent, as on a clean clone."""
import json
import os
import sys
import tempfile

import numpy as np

from reference_models import run_cli

SOURCE = os.environ.get("AECLUSTER_SOURCE", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
HW9_PROXY = os.path.join(SOURCE, "..", "shared", "data", "hw9-proxy")
failures = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}")
    if not ok:
        failures.append(name)


def main():
    if not os.path.isfile(os.path.join(HW9_PROXY, "trainX.npy")):
        print("skipped: no hw9 proxy data in", os.path.normpath(HW9_PROXY))
        sys.exit(77)
    n = 200
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "hw9")
        run_cli("run", "--out", out, "--data", "hw9:" + HW9_PROXY, "--train-images", str(n), "--val-images", "100",
                "--epochs", "1", "--checkpoints", "1", "--arch", "baseline")
        m = json.load(open(os.path.join(out, "metrics.json")))
        check("the assignment's layout: 2 clusters", m["settings"]["clusters"] == 2, str(m["settings"]["clusters"]))
        with open(os.path.join(out, "predictions.csv")) as f:
            check("predictions.csv has the leaderboard's header", f.readline().strip() == "id,label")
            pred = np.array([int(line.split(",")[1]) for line in f])
        # trained on the first n images, but the leaderboard file labels every image of trainX
        truth = np.load(os.path.join(HW9_PROXY, "trainY.npy"))
        check("one prediction per image of trainX, labels 0/1", len(pred) == len(truth) and set(pred.tolist()) <= {0, 1},
              str(len(pred)))
        acc = float(np.mean(pred == truth))
        acc = max(acc, 1 - acc)  # the assignment's two-cluster accuracy
        reported = m["models"]["baseline"]["final"]["train_accuracy"]
        check("metrics.json's leaderboard accuracy is predictions.csv scored against trainY.npy",
              abs(acc - reported) < 1e-12, f"{acc} vs {reported}")
        check("... and both clusters are used", 0 < pred.sum() < len(pred), str(pred.sum()))
    if failures:
        print("FAILED:", ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
