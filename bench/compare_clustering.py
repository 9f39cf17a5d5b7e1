"""Our clustering stage against scikit-learn (and openTSNE) on the same inputs, in one run, on
the same threads: per-stage wall time, peak memory (each stage runs in its own process) and
quality, with the ratios. Run with Debian's /usr/bin/python3 from the repository root:

    /usr/bin/python3 bench/compare_clustering.py --bin build/bin --sizes 8500 --threads 2
    /usr/bin/python3 bench/compare_clustering.py --bin build/bin --sizes 2000,8500,20000,70000 \\
        --sklearn-kpca-max 20000 --sklearn-tsne-max 70000 --opentsne

Inputs: --input LATENTS.npy [--labels Y.npy] (real latents from `vgg7_cluster encode`), else
Fashion-MNIST (Debian's dataset-fashion-mnist) upsampled to 64x64 = 4096 values per image, the
width of the autoencoder's latents, scaled like the assignment's x/255*2-1 (70,000 = train+test).
Stages, each fed the same input on both sides:
  kpca    our Kernel PCA (Nystroem with 2000 landmarks above 25,000 points, as the pipeline) vs
          KernelPCA(200, kernel='rbf'); quality: how much of scikit-learn's 200-dimensional
          component subspace ours spans (1 = identical).
  tsne    on our Kernel PCA output: ours vs TSNE(2) (and openTSNE with its defaults); quality: the
          KL divergence of each embedding measured the same way (our P; exact Z up to 20,000
          points, Barnes-Hut theta 0.5 beyond) and, after k-means, the accuracy against the labels.
  kmeans  on our embedding: ours vs MiniBatchKMeans(K, random_state=0); quality: inertia.
Our side runs tests/tools' clustering_probe (built with the tests)."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "python"))
import clustering_data  # noqa: E402

PEER = os.path.join(HERE, "peers", "sklearn_clustering.py")


def run_measured(cmd, env=None):
    """Runs cmd; returns (its JSON result line, its own peak RSS in MB as it reported it)."""
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr[-2000:]}")
    r = json.loads(p.stdout.strip().splitlines()[-1])
    return r, r.get("peak_rss_mb", float("nan"))


def hungarian_accuracy(pred, truth):
    import scipy.optimize
    c = np.zeros((pred.max() + 1, truth.max() + 1))
    np.add.at(c, (pred, truth), 1)
    r, col = scipy.optimize.linear_sum_assignment(-c)
    return c[r, col].sum() / len(pred)


def subspace_agreement(a, b):
    qa, _ = np.linalg.qr(a.astype(np.float64))
    qb, _ = np.linalg.qr(b.astype(np.float64))
    return float(np.sum((qa.T @ qb) ** 2) / qb.shape[1])


def fmt_ratio(ours, theirs):
    return f"{theirs / ours:.1f}x" if ours and theirs else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="build/bin")
    ap.add_argument("--sizes", default="8500")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--input")
    ap.add_argument("--labels")
    ap.add_argument("--clusters", type=int, default=10)
    ap.add_argument("--sklearn-kpca-max", type=int, default=20000, help="largest N for scikit-learn's Kernel PCA")
    ap.add_argument("--sklearn-tsne-max", type=int, default=20000, help="largest N for scikit-learn's t-SNE")
    ap.add_argument("--opentsne", action="store_true", help="also run openTSNE (FFT gradients, its defaults)")
    ap.add_argument("--exact-kl-max", type=int, default=20000)
    ap.add_argument("--json", help="write all measurements here")
    args = ap.parse_args()
    probe = os.path.join(args.bin, "clustering_probe")
    threads = str(args.threads)
    tmp = tempfile.mkdtemp(prefix="aecluster-bench-")
    env = dict(os.environ)
    pydeps = os.path.join(os.path.dirname(os.path.abspath(args.bin)), "pydeps")
    env["PYTHONPATH"] = pydeps + os.pathsep + env.get("PYTHONPATH", "")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[var] = threads
    env.setdefault("OMP_WAIT_POLICY", "passive")  # see bench/peers/sklearn_clustering.py
    results = []

    def peer(stage, inp, out, *extra):
        return run_measured([sys.executable, PEER, stage, inp, out, "--threads", threads, *map(str, extra)], env)

    def ours(*a):
        return run_measured([probe, "--threads", threads, *map(str, a)])

    for n in [int(s) for s in args.sizes.split(",")]:
        if args.input:
            x = np.load(args.input, mmap_mode="r")[:n].reshape(n, -1).astype(np.float32)
            y = np.load(args.labels)[:n] if args.labels else None
            source = os.path.basename(args.input)
        else:
            x, y = clustering_data.fashion_mnist_features(n, size=64, seed=0)
            source = "Fashion-MNIST 64x64"
        f = lambda name: os.path.join(tmp, f"{name}_{n}.npy")  # noqa: E731
        np.save(f("x"), x)
        row = {"n": n, "d": int(x.shape[1]), "source": source, "threads": args.threads, "load_before": os.getloadavg()[0]}
        print(f"\n== N = {n}, D = {x.shape[1]} ({source}), {args.threads} threads", flush=True)

        landmarks = ["--landmarks", 2000] if n > 25000 else []
        r, mem = ours("kpca", f("x"), f("z"), "--components", 200, *landmarks)
        row["kpca_ours"] = {"seconds": r["seconds"], "cpu": r["cpu_seconds"], "peak_mb": mem, "nystroem": bool(landmarks)}
        print(f"kpca    ours    {r['seconds']:8.2f} s  {mem:8.0f} MB{'  (Nystroem, 2000 landmarks)' if landmarks else ''}", flush=True)
        if n <= args.sklearn_kpca_max:
            r, mem = peer("kpca", f("x"), f("z_sk"), "--components", 200)
            agree = subspace_agreement(np.load(f("z")), np.load(f("z_sk")))
            row["kpca_sklearn"] = {"seconds": r["seconds"], "cpu": r["cpu_seconds"], "peak_mb": mem, "subspace_agreement": agree}
            print(f"kpca    sklearn {r['seconds']:8.2f} s  {mem:8.0f} MB  ratio {fmt_ratio(row['kpca_ours']['seconds'], r['seconds'])}"
                  f"  subspace agreement {agree:.6f}", flush=True)

        kl_theta = ["--theta", 0] if n <= args.exact_kl_max else ["--theta", 0.5]

        def tsne_quality(emb_file):
            kl = ours("kl", f("z"), emb_file, *kl_theta)[0]["kl_divergence"]
            acc = None
            if y is not None:
                e = np.load(emb_file)
                np.save(f("e_tmp"), e)
                ours("kmeans", f("e_tmp"), f("l_tmp"), "--clusters", args.clusters)
                acc = hungarian_accuracy(np.load(f("l_tmp")), y)
            return kl, acc

        r, mem = ours("tsne", f("z"), f("e"))
        kl, acc = tsne_quality(f("e"))
        row["tsne_ours"] = {"seconds": r["seconds"], "cpu": r["cpu_seconds"], "peak_mb": mem, "kl": kl, "reported_kl": r["kl_divergence"], "accuracy": acc}
        print(f"tsne    ours    {r['seconds']:8.2f} s  {mem:8.0f} MB  KL {kl:.4f}  accuracy {acc}", flush=True)
        peers = []
        if n <= args.sklearn_tsne_max:
            peers.append(("sklearn", "tsne"))
        if args.opentsne:
            peers.append(("opentsne", "opentsne"))
        for name, stage in peers:
            r, mem = peer(stage, f("z"), f(f"e_{name}"))
            kl, acc = tsne_quality(f(f"e_{name}"))
            row[f"tsne_{name}"] = {"seconds": r["seconds"], "cpu": r["cpu_seconds"], "peak_mb": mem, "kl": kl, "reported_kl": r.get("kl_divergence"),
                                   "accuracy": acc}
            print(f"tsne    {name:8s}{r['seconds']:8.2f} s  {mem:8.0f} MB  KL {kl:.4f}  accuracy {acc}  "
                  f"ratio {fmt_ratio(row['tsne_ours']['seconds'], r['seconds'])}", flush=True)

        r, mem = ours("kmeans", f("e"), f("l"), "--clusters", args.clusters)
        row["kmeans_ours"] = {"seconds": r["seconds"], "cpu": r["cpu_seconds"], "peak_mb": mem, "inertia": r["inertia"]}
        r2, mem2 = peer("kmeans", f("e"), f("l_sk"), "--clusters", args.clusters)
        row["kmeans_sklearn"] = {"seconds": r2["seconds"], "cpu": r2["cpu_seconds"], "peak_mb": mem2, "inertia": r2["inertia"]}
        print(f"kmeans  ours    {r['seconds']:8.3f} s  {mem:8.0f} MB  inertia {r['inertia']:.6g}", flush=True)
        print(f"kmeans  sklearn {r2['seconds']:8.3f} s  {mem2:8.0f} MB  inertia {r2['inertia']:.6g}  "
              f"ratio {fmt_ratio(r['seconds'], r2['seconds'])}", flush=True)
        results.append(row)

    print("\nWall seconds (CPU seconds of all threads in brackets); peak resident memory of each process.")
    print("| N | stage | ours | peer | ratio (wall) | ratio (CPU) | ours peak MB | peer peak MB | quality ours | quality peer |")
    print("|---|---|---|---|---|---|---|---|---|---|")

    def quality(stage, d):
        if stage == "tsne":
            acc = f", acc {d['accuracy']:.3f}" if d.get("accuracy") is not None else ""
            return f"KL {d['kl']:.4f}{acc}"
        if stage == "kmeans":
            return f"inertia {d['inertia']:.5g}"
        if "subspace_agreement" in d:
            return f"subspace {d['subspace_agreement']:.6f}"
        return "Nystroem (2000)" if d.get("nystroem") else "exact"

    for row in results:
        n = row["n"]
        for stage, peer_key, label in (("kpca", "sklearn", "kpca"), ("tsne", "sklearn", "tsne"),
                                       ("tsne", "opentsne", "tsne vs openTSNE"), ("kmeans", "sklearn", "kmeans")):
            o, s = row.get(f"{stage}_ours"), row.get(f"{stage}_{peer_key}")
            if s is None and peer_key == "opentsne":
                continue
            ours_t = f"{o['seconds']:.2f} ({o['cpu']:.2f})"
            if s is None:
                print(f"| {n} | {label} | {ours_t} | not run | | | {o['peak_mb']:.0f} | | {quality(stage, o)} | |")
                continue
            print(f"| {n} | {label} | {ours_t} | {s['seconds']:.2f} ({s['cpu']:.2f}) | {fmt_ratio(o['seconds'], s['seconds'])} | "
                  f"{fmt_ratio(o['cpu'], s['cpu'])} | {o['peak_mb']:.0f} | {s['peak_mb']:.0f} | {quality(stage, o)} | {quality(stage, s)} |")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(results, fh, indent=1)


if __name__ == "__main__":
    main()
