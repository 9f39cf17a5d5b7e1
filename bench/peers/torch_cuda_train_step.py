#!/usr/bin/env python3
"""PyTorch eager on the GPU: the training step (forward, MSE, backward, Adam) of the same
autoencoders as bench/cuda_train_step_bench.cpp, at batch 64, in images/s.

The peer of cuda_train_step_bench (scripts/gpu-check runs both). Settings match ours: FP32 with
TF32 off (cuDNN and matmul), cudnn.benchmark on (each shape's fastest algorithm, as our default
mode), Adam(lr=1e-5, weight_decay=1e-5) with PyTorch's default (foreach) implementation, and
one host wait per step for the loss (loss.item()), as our eager step waits for its loss.

    python3 bench/peers/torch_cuda_train_step.py [--steps N] [--json FILE]

Prints one line per model; exits with 77 when PyTorch or a CUDA device is missing.
"""
import argparse
import json
import sys
import time

try:
    import torch
    from torch import nn
except ImportError:
    print("torch_cuda_train_step: PyTorch is not installed: skipping", file=sys.stderr)
    sys.exit(77)

BATCH = 64


def encoder(arch, c):
    def conv(i, o, bn):
        return [nn.Conv2d(i, o, 3, 1, 1)] + ([nn.BatchNorm2d(o)] if bn else []) + [nn.ReLU()]

    if arch == "baseline" or arch == "baseline_bn":
        bn = arch == "baseline_bn"
        layers = conv(c, 64, bn) + [nn.MaxPool2d(2)] + conv(64, 128, bn) + [nn.MaxPool2d(2)] + conv(128, 256, bn) + [nn.MaxPool2d(2)]
    elif arch == "vgg7":
        layers = (conv(c, 64, True) + conv(64, 64, True) + [nn.MaxPool2d(2)] + conv(64, 128, True) + conv(128, 128, True) +
                  [nn.MaxPool2d(2)] + conv(128, 256, True) + conv(256, 256, True) + conv(256, 256, True) + [nn.MaxPool2d(2)])
    else:
        raise ValueError(arch)
    return nn.Sequential(*layers)


def decoder(c):
    return nn.Sequential(nn.ConvTranspose2d(256, 128, 5), nn.ReLU(), nn.ConvTranspose2d(128, 64, 9), nn.ReLU(),
                         nn.ConvTranspose2d(64, c, 17), nn.Tanh())


class Autoencoder(nn.Module):
    def __init__(self, arch, c):
        super().__init__()
        self.encoder = encoder(arch, c)
        self.decoder = decoder(c)

    def forward(self, x):
        return self.decoder(self.encoder(x))


def measure(arch, c, steps):
    torch.manual_seed(0)
    model = Autoencoder(arch, c).cuda().train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-5, weight_decay=1e-5)
    x = torch.rand(BATCH, c, 32, 32, device="cuda") * 2 - 1
    loss_fn = nn.MSELoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), x)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(5):  # cudnn.benchmark chooses the algorithms here
        step()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    torch.cuda.synchronize()
    seconds = (time.perf_counter() - start) / steps
    return {"name": f"torch_cuda_train_step/{arch}/C{c}/eager", "arch": arch, "channels": c, "ms_per_step": seconds * 1e3,
            "images_per_s": BATCH / seconds}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--json", help="also write the results to this file (a JSON list)")
    p.add_argument("--archs", default="baseline,vgg7")
    a = p.parse_args()
    if not torch.cuda.is_available():
        print("torch_cuda_train_step: torch has no CUDA device: skipping", file=sys.stderr)
        return 77
    torch.backends.cudnn.benchmark = True
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    print(f"PyTorch {torch.__version__}, cuDNN {torch.backends.cudnn.version()}, {torch.cuda.get_device_name(0)}", file=sys.stderr)
    results = []
    for arch in a.archs.split(","):
        for c in (1, 3):
            r = measure(arch, c, a.steps)
            results.append(r)
            print(f"{r['name']}: {r['ms_per_step']:.3f} ms/step, {r['images_per_s']:.0f} images/s", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
