"""The assignment's autoencoders in PyTorch, exactly as MISSION.md describes them (the course's
nn.Sequential layout, so that state_dict keys are encoder.N.* / decoder.N.*), and helpers to run
the vgg7_cluster command line from the tests."""
import os
import subprocess
import sys

import numpy as np
import torch
from torch import nn


def encoder_layers(arch, c):
    if arch == "baseline":
        return [nn.Conv2d(c, 64, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(64, 128, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(128, 256, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2)]
    if arch == "baseline_bn":
        return [nn.Conv2d(c, 64, 3, 1, 1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(64, 128, 3, 1, 1), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(128, 256, 3, 1, 1), nn.BatchNorm2d(256), nn.ReLU(), nn.MaxPool2d(2)]
    if arch == "vgg7":
        layers, prev = [], c
        for v in [64, 64, "M", 128, 128, "M", 256, 256, 256, "M"]:
            if v == "M":
                layers.append(nn.MaxPool2d(2))
            else:
                layers += [nn.Conv2d(prev, v, 3, 1, 1), nn.BatchNorm2d(v), nn.ReLU()]
                prev = v
        return layers
    raise ValueError(arch)


class Autoencoder(nn.Module):
    def __init__(self, arch, c):
        super().__init__()
        self.encoder = nn.Sequential(*encoder_layers(arch, c))
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(256, 128, 5, 1), nn.ReLU(),
            nn.ConvTranspose2d(128, 64, 9, 1), nn.ReLU(),
            nn.ConvTranspose2d(64, c, 17, 1), nn.Tanh())

    def forward(self, x):
        z = self.encoder(x)
        return z, self.decoder(z)


def preprocess(images):
    """uint8 (N, 32, 32, C) -> float32 (N, C, 32, 32) in [-1, 1], as the assignment does it: in
    NumPy float64, then converted to float32 (torch's float32 arithmetic differs in the last bit
    for half of the 256 values)."""
    x = np.transpose(images, (0, 3, 1, 2)) / 255.0 * 2 - 1
    return torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))


def randomise_batch_norm(model, gen):
    """Non-trivial running statistics and affine parameters, so eval mode is really tested."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5, generator=gen)
                m.bias.uniform_(-0.2, 0.2, generator=gen)
                m.running_mean.uniform_(-0.1, 0.1, generator=gen)
                m.running_var.uniform_(0.5, 2.0, generator=gen)
                m.num_batches_tracked.fill_(7)


def binary():
    return os.path.join(os.environ.get("AECLUSTER_BIN", "build/bin"), "vgg7_cluster")


def run_cli(*args, expect_ok=True):
    result = subprocess.run([binary(), *map(str, args)], capture_output=True, text=True)
    if expect_ok and result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise AssertionError(f"vgg7_cluster {' '.join(map(str, args))} exited with {result.returncode}")
    return result


def relative_error(ours, ref):
    """max |ours - ref| / max |ref|: the error relative to the tensor's scale."""
    ours = np.asarray(ours, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    assert ours.shape == ref.shape, f"shape {ours.shape} != {ref.shape}"
    return float(np.max(np.abs(ours - ref)) / max(np.max(np.abs(ref)), 1e-30))
