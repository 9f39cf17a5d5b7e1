"""The clustering algorithms beyond k-means against scikit-learn (Debian's python3-sklearn, 1.2) on
the same inputs, driven through the test-only tool cluster_algorithms_probe:

* Gaussian mixture (full covariance): from the same initial labelling, EM reaches the same mean
  log-likelihood and means as GaussianMixture(means_init, weights_init, precisions_init); from
  its own k-means initialisations, a log-likelihood no worse than scikit-learn's beyond noise.
* Ward agglomerative clustering: the same partition as AgglomerativeClustering(linkage='ward')
  (adjusted Rand index 1) on continuous random data, where no ties occur.
* Spectral clustering on the kNN graph: the same partition as SpectralClustering(affinity=
  'nearest_neighbors') on data whose answer is the graph's connected pieces (two moons, rings).

Run by ctest with AECLUSTER_BIN; exit code 77 = skipped (no scikit-learn)."""
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("OMP_WAIT_POLICY", "passive")

try:
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering, SpectralClustering
    from sklearn.datasets import make_blobs, make_circles, make_moons
    from sklearn.metrics import adjusted_rand_score
    from sklearn.mixture import GaussianMixture
except ImportError as e:
    print(f"skipped: {e}")
    sys.exit(77)

BIN = os.environ.get("AECLUSTER_BIN", "build/bin")
PROBE = os.path.join(BIN, "cluster_algorithms_probe")
if not os.path.exists(PROBE):
    print(f"skipped: {PROBE} was not built")
    sys.exit(77)
TMP = tempfile.mkdtemp(prefix="aecluster-algorithms-")
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def probe(cmd, x, *args):
    xin, out = os.path.join(TMP, "x.npy"), os.path.join(TMP, "labels.npy")
    np.save(xin, x.astype(np.float32))
    r = subprocess.run([PROBE, "--threads", "2", cmd, xin, out, *map(str, args)], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{cmd} failed: {r.stderr}")
    return np.load(out), json.loads(r.stdout)


def gmm_params_from_labels(x, labels, k, reg=1e-6):
    """scikit-learn's M-step from one-hot responsibilities, to start both sides identically."""
    x = x.astype(np.float64)
    resp = np.eye(k)[labels]
    nk = resp.sum(0) + 10 * np.finfo(float).eps
    means = resp.T @ x / nk[:, None]
    precisions = []
    for c in range(k):
        d = x - means[c]
        cov = (resp[:, c, None] * d).T @ d / nk[c] + reg * np.eye(x.shape[1])
        precisions.append(np.linalg.inv(cov))
    return nk / len(x), means, np.array(precisions)


# Gaussian mixture, the same start: EM is deterministic, so both sides must agree closely.
x, _ = make_blobs(n_samples=600, centers=4, n_features=3, cluster_std=[1.0, 2.0, 0.5, 1.5], random_state=1)
x = x.astype(np.float32)
start = np.random.RandomState(0).randint(0, 4, size=len(x))  # a poor start: EM has work to do
ours, info = probe("gmm", x, "--clusters", 4, "--init-labels", np.save(os.path.join(TMP, "start.npy"), start) or os.path.join(TMP, "start.npy"))
w, m, p = gmm_params_from_labels(x.astype(np.float64), start, 4)
ref = GaussianMixture(4, covariance_type="full", weights_init=w, means_init=m, precisions_init=p, tol=1e-3, max_iter=100).fit(x.astype(np.float64))
check(abs(info["log_likelihood"] - ref.lower_bound_) < 1e-6 * max(1, abs(ref.lower_bound_)),
      f"gmm from the same start: log-likelihood {info['log_likelihood']:.8f} vs scikit-learn {ref.lower_bound_:.8f}")
check(info["iterations"] == ref.n_iter_, f"gmm from the same start: {info['iterations']} EM iterations vs {ref.n_iter_}")
check(np.allclose(np.array(info["means"]).reshape(4, 3), ref.means_, atol=1e-5), "gmm from the same start: the same means")
check(adjusted_rand_score(ours, ref.predict(x.astype(np.float64))) == 1.0, "gmm from the same start: the same labels")

# Gaussian mixture with its own initialisations (seeded k-means): at least as likely as scikit-learn's best of 5.
for seed in range(3):
    x, truth = make_blobs(n_samples=800, centers=5, n_features=2, cluster_std=1.5, random_state=10 + seed)
    ours, info = probe("gmm", x, "--clusters", 5, "--inits", 5, "--seed", seed)
    ref = GaussianMixture(5, covariance_type="full", n_init=5, random_state=seed).fit(x)
    check(info["log_likelihood"] >= ref.lower_bound_ - 1e-3,
          f"gmm, 5 inits, data {seed}: log-likelihood {info['log_likelihood']:.5f} vs scikit-learn {ref.lower_bound_:.5f}")
    check(adjusted_rand_score(ours, ref.predict(x)) > 0.95, f"gmm, 5 inits, data {seed}: partition as scikit-learn's")

# Ward: exact partitions on continuous data, several sizes and dimensions.
for n, d, k, seed in [(200, 2, 3, 0), (500, 2, 10, 1), (300, 8, 5, 2), (1000, 2, 7, 3)]:
    x, _ = make_blobs(n_samples=n, centers=k + 2, n_features=d, cluster_std=2.0, random_state=seed)
    x = x.astype(np.float32)
    ours, _ = probe("ward", x, "--clusters", k)
    ref = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(x.astype(np.float64))
    check(adjusted_rand_score(ours, ref) == 1.0, f"ward n={n} d={d} k={k}: ARI {adjusted_rand_score(ours, ref):.6f} with scikit-learn")

# Spectral on the kNN graph: shapes k-means cannot separate.
for name, (x, truth) in [("moons", make_moons(n_samples=400, noise=0.05, random_state=0)),
                         ("circles", make_circles(n_samples=400, factor=0.4, noise=0.04, random_state=0)),
                         ("moons-1000", make_moons(n_samples=1000, noise=0.06, random_state=1))]:
    ours, _ = probe("spectral", x, "--clusters", 2, "--neighbors", 10, "--seed", 0)
    ref = SpectralClustering(2, affinity="nearest_neighbors", n_neighbors=10, random_state=0).fit_predict(x)
    check(adjusted_rand_score(ours, ref) > 0.99, f"spectral {name}: ARI {adjusted_rand_score(ours, ref):.4f} with scikit-learn")
    check(adjusted_rand_score(ours, truth) > 0.95, f"spectral {name}: ARI {adjusted_rand_score(ours, truth):.4f} with the truth")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all checks passed")
