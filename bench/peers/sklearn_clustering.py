"""The peers of our clustering stage, one stage per call, as a careful user would run them:
scikit-learn (Debian's python3-sklearn 1.2, NumPy on OpenBLAS) and, for t-SNE, openTSNE.

    sklearn_clustering.py STAGE IN OUT [--threads T] [--components K] [--clusters K] [--seed S]

STAGE: kpca (KernelPCA(K, kernel='rbf'), gamma = 1/n_features), tsne (TSNE(2), scikit-learn's
defaults), opentsne (openTSNE.TSNE() with its defaults, FFT gradients), opentsne-bh (the same with
Barnes-Hut, theta 0.5), kmeans (MiniBatchKMeans(K, random_state=seed)). IN is an .npy array,
OUT receives the result (.npy). Prints one JSON line: seconds and cpu_seconds (the stage alone, not the import
or the load), peak_rss_mb of this process (VmHWM) and what the stage reports (kl_divergence,
inertia). Threads are capped with threadpoolctl (BLAS and OpenMP) and n_jobs; OpenMP threads
sleep rather than spin while they wait (OMP_WAIT_POLICY=passive, unless set), which is what keeps
scikit-learn from slowing down several-fold when the two cores are shared with other work."""
import argparse
import json
import os
import sys
import time


def peak_rss_mb():
    """This process's own high-water mark (getrusage's ru_maxrss also counts the parent's memory
    before exec)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["kpca", "tsne", "opentsne", "opentsne-bh", "kmeans"])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--components", type=int, default=200)
    ap.add_argument("--clusters", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")

    import numpy as np
    from threadpoolctl import threadpool_limits

    x = np.load(args.input)
    result = {}
    with threadpool_limits(args.threads):
        t0 = time.perf_counter()
        c0 = time.process_time()
        if args.stage == "kpca":
            from sklearn.decomposition import KernelPCA
            out = KernelPCA(args.components, kernel="rbf").fit_transform(x)
        elif args.stage == "tsne":
            from sklearn.manifold import TSNE
            t = TSNE(2, random_state=args.seed, n_jobs=args.threads)
            out = t.fit_transform(x)
            result["kl_divergence"] = float(t.kl_divergence_)
        elif args.stage.startswith("opentsne"):
            import openTSNE
            method = "bh" if args.stage == "opentsne-bh" else "fft"
            e = openTSNE.TSNE(n_jobs=args.threads, random_state=args.seed, negative_gradient_method=method).fit(x)
            out = np.asarray(e)
            result["kl_divergence"] = float(e.kl_divergence)
        else:
            from sklearn.cluster import MiniBatchKMeans
            k = MiniBatchKMeans(args.clusters, random_state=args.seed, n_init=3).fit(x)
            out = k.labels_.astype(np.int64)
            result["inertia"] = float(k.inertia_)
        result["seconds"] = time.perf_counter() - t0
        result["cpu_seconds"] = time.process_time() - c0
    np.save(args.output, out.astype(np.int64) if args.stage == "kmeans" else out.astype(np.float32))
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
