"""Real labelled data for the clustering cross-checks and benchmarks: Fashion-MNIST from
Debian's dataset-fashion-mnist package (IDX files, gzip), read with gzip + numpy only."""
import gzip
import os

import numpy as np

FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"


def fashion_mnist_available():
    return os.path.exists(os.path.join(FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz"))


def _read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_mnist(split="train"):
    """uint8 images (N, 28, 28) and int64 labels (N,)."""
    prefix = "train" if split == "train" else "t10k"
    images = _read_idx(os.path.join(FASHION_MNIST_DIR, f"{prefix}-images-idx3-ubyte.gz"))
    labels = _read_idx(os.path.join(FASHION_MNIST_DIR, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64)
    return images, labels


def fashion_mnist_features(n, size=28, seed=0, split="train"):
    """The first-n-of-a-seeded-shuffle images as float32 features scaled like the assignment's
    preprocessing (x / 255 * 2 - 1), flattened; size=64 upsamples (bilinear) to 64x64 = 4096
    features, the width of the autoencoder's latents. Returns (X, labels)."""
    images, labels = fashion_mnist(split)
    if n > len(images):
        # 70,000 = train + test, as the literature uses the whole set
        other, other_labels = fashion_mnist("test" if split == "train" else "train")
        images = np.concatenate([images, other])
        labels = np.concatenate([labels, other_labels])
    order = np.random.RandomState(seed).permutation(len(images))[:n]
    x = images[order].astype(np.float32) / 255.0 * 2.0 - 1.0
    if size != 28:
        x = _resize_bilinear(x, size)
    return np.ascontiguousarray(x.reshape(len(x), -1), dtype=np.float32), labels[order]


def _resize_bilinear(x, size):
    """Bilinear resize of (N, 28, 28) to (N, size, size) with half-pixel centres."""
    src = x.shape[1]
    pos = (np.arange(size) + 0.5) * src / size - 0.5
    lo = np.clip(np.floor(pos).astype(int), 0, src - 1)
    hi = np.clip(lo + 1, 0, src - 1)
    w = np.clip(pos - lo, 0.0, 1.0).astype(np.float32)
    rows = x[:, lo, :] * (1 - w)[None, :, None] + x[:, hi, :] * w[None, :, None]
    return rows[:, :, lo] * (1 - w)[None, None, :] + rows[:, :, hi] * w[None, None, :]
