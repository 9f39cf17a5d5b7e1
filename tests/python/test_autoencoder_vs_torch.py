"""Cross-checks the autoencoders against PyTorch (Debian's python3-torch) on the same weights:
latents and reconstructions in eval and train mode, a few Adam steps, and checkpoints in both
directions (PyTorch writes, we read; we write, PyTorch's load_state_dict(strict=True) reads)."""
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
from safetensors.torch import load_file, save_file

from reference_models import Autoencoder, binary, preprocess, randomise_batch_norm, relative_error, run_cli

# One thread: PyTorch's float32 gradients on two threads are less accurate (measured here: 1e-2
# from its own float64 result on VGG-7, against 3e-6 on one thread).
torch.set_num_threads(1)
ARCHS = ["baseline", "baseline_bn", "vgg7"]
failures = []


def check(name, value, limit):
    ok = value <= limit
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {value:.3g} (limit {limit:g})")
    if not ok:
        failures.append(name)


def write_hw9(folder, images):
    """The assignment's layout, so that `train --data hw9:DIR` trains on exactly these images."""
    os.makedirs(folder, exist_ok=True)
    np.save(os.path.join(folder, "trainX.npy"), images)
    np.save(os.path.join(folder, "valX.npy"), images[:2])
    np.save(os.path.join(folder, "valY.npy"), np.array([0, 1], dtype=np.int64))


def forward_parity(tmp, arch, c, rng, gen):
    model = Autoencoder(arch, c)
    randomise_batch_norm(model, gen)
    ckpt = os.path.join(tmp, f"{arch}{c}.safetensors")
    save_file(model.state_dict(), ckpt)
    images = rng.integers(0, 256, size=(6, 32, 32, c), dtype=np.uint8)
    x_path = os.path.join(tmp, f"x{c}.npy")
    np.save(x_path, images[..., 0] if c == 1 else images)  # (N, 32, 32) grey is accepted too
    x = preprocess(images)
    for mode in ["eval", "train"]:
        ref = Autoencoder(arch, c)
        ref.load_state_dict(load_file(ckpt))
        ref.train(mode == "train")
        with torch.no_grad():
            z, y = ref(x)
        z_path, y_path = os.path.join(tmp, "z.npy"), os.path.join(tmp, "y.npy")
        run_cli("encode", "--checkpoint", ckpt, "--input", x_path, "--output", z_path, "--mode", mode, "--threads", 2)
        run_cli("reconstruct", "--checkpoint", ckpt, "--input", x_path, "--output", y_path, "--mode", mode)
        ours_z, ours_y = np.load(z_path), np.load(y_path)
        assert ours_z.dtype == np.float32 and ours_z.shape == (6, 4096), (ours_z.dtype, ours_z.shape)
        assert ours_y.dtype == np.float32 and ours_y.shape == (6, c, 32, 32), (ours_y.dtype, ours_y.shape)
        check(f"{arch} C={c} {mode}: latents", relative_error(ours_z, z.reshape(6, -1).numpy()), 1e-5)
        check(f"{arch} C={c} {mode}: reconstructions", relative_error(ours_y, y.numpy()), 1e-5)


def output_layer_groups(model, lr, factor):
    """PyTorch parameter groups: the last layer that has parameters (the decoder's output layer)
    at factor x lr, every other parameter at lr."""
    named = list(model.named_parameters())
    layer = named[-1][0].rsplit(".", 1)[0] + "."
    tail = [p for n, p in named if n.startswith(layer)]
    head = [p for n, p in named if not n.startswith(layer)]
    assert tail and head, layer
    return [{"params": head}, {"params": tail, "lr": lr * factor}]


def train_torch(arch, c, init, images, lr, wd, batch, dtype, output_lr_factor=1.0):
    model = Autoencoder(arch, c).to(dtype)
    model.load_state_dict({k: v.to(dtype) if v.is_floating_point() else v for k, v in load_file(init).items()})
    params = model.parameters() if output_lr_factor == 1.0 else output_layer_groups(model, lr, output_lr_factor)
    opt = torch.optim.Adam(params, lr=lr, weight_decay=wd)
    model.train()
    x = preprocess(images).to(dtype)
    for b in range(0, len(images), batch):
        xb = x[b:b + batch]
        opt.zero_grad()
        _, y = model(xb)
        torch.mean((y - xb) ** 2).backward()
        opt.step()
    return model.state_dict()


def tool(name):
    return os.path.join(os.path.dirname(binary()), name)


def compare_states(ours, ref, before):
    """Tensor-wise relative errors (2-norm) of the weights and of the updates w - w0, the worst
    of each with its tensor, the error of the whole weight vector, and step-counter mismatches."""
    worst_w, worst_u, diff2, ref2, counters = (0.0, ""), (0.0, ""), 0.0, 0.0, []
    for k, r in ref.items():
        if r.dtype == torch.int64:
            if int(ours[k]) != int(r):
                counters.append(f"{k}: {int(ours[k])} != {int(r)}")
            continue
        a, t, b0 = ours[k].double(), r.double(), before[k].double()
        diff2 += float((a - t).norm()) ** 2
        ref2 += float(t.norm()) ** 2
        worst_w = max(worst_w, (float((a - t).norm() / t.norm()), k))
        worst_u = max(worst_u, (float((a - t).norm() / max(float((t - b0).norm()), 1e-300)), k))
    return worst_w, worst_u, (diff2 / ref2) ** 0.5, counters


def adam_parity(tmp, arch, c, rng, gen):
    """Three Adam steps on the same batches from the same checkpoint, compared with PyTorch.

    In float64 (our CpuF64 backend against PyTorch float64) the two runs must agree to
    rounding: this checks every formula, including Adam's, with updates large enough to matter.
    In float32, through the real command line and with the assignment's settings, an activation
    within rounding of a ReLU kink may fall on either side in two correct implementations (PyTorch
    float32 itself differs from PyTorch float64 by up to 1e-2 in single gradients on these inputs
    when it runs on two threads), and Adam's first steps are close to sign(gradient). So there
    the whole weight vector must agree to 1e-4 (the issue's criterion) and every tensor to 0.1
    (a single flipped kink moved one 64-value BatchNorm bias by 2% in one of these runs; a wrong
    formula moves tensors by O(1))."""
    torch.manual_seed(1)
    init = os.path.join(tmp, f"init-{arch}{c}.safetensors")
    save_file(Autoencoder(arch, c).state_dict(), init)
    images = rng.integers(0, 256, size=(12, 32, 32, c), dtype=np.uint8)
    images_path = os.path.join(tmp, f"train{c}.npy")
    np.save(images_path, images)
    before = load_file(init)

    lr, wd, batch = 1e-3, 1e-2, 4
    out64 = os.path.join(tmp, f"f64-{arch}{c}.safetensors")
    run_tool = subprocess.run([tool("train_probe"), init, images_path, out64, str(batch), str(lr), str(wd), "f64"],
                              capture_output=True, text=True)
    assert run_tool.returncode == 0, run_tool.stderr
    ours64 = load_file(out64)
    ref64 = train_torch(arch, c, init, images, lr, wd, batch, torch.float64)
    worst_w, worst_u, _, counters = compare_states(ours64, ref64, before)
    check(f"{arch} C={c} float64: weights after 3 Adam steps (lr {lr:g}; worst {worst_w[1]})", worst_w[0], 1e-10)
    check(f"{arch} C={c} float64: the updates w - w0 (worst {worst_u[1]})", worst_u[0], 1e-8)
    failures.extend(counters)

    # TrainOptions::output_lr_factor against PyTorch's parameter groups (output layer at 0.01 x lr)
    out_groups = os.path.join(tmp, f"f64-groups-{arch}{c}.safetensors")
    run_tool = subprocess.run([tool("train_probe"), init, images_path, out_groups, str(batch), str(lr), str(wd), "f64",
                               "output-lr=0.01"], capture_output=True, text=True)
    assert run_tool.returncode == 0, run_tool.stderr
    ref_groups = train_torch(arch, c, init, images, lr, wd, batch, torch.float64, output_lr_factor=0.01)
    worst_w, worst_u, _, counters = compare_states(load_file(out_groups), ref_groups, before)
    check(f"{arch} C={c} float64, output layer at 0.01 x lr: the updates w - w0 (worst {worst_u[1]})", worst_u[0],
          1e-8)
    failures.extend(counters)

    lr, wd = 1e-5, 1e-5
    data = os.path.join(tmp, f"data{c}")
    write_hw9(data, images)
    out = os.path.join(tmp, f"run-{arch}{c}")
    run_cli("train", "--arch", arch, "--data", f"hw9:{data}", "--epochs", 1, "--batch", batch, "--lr", lr,
            "--weight-decay", wd, "--no-shuffle", "--init", init, "--out", out, "--seed", 3)
    ours = load_file(os.path.join(out, "epoch_0001.safetensors"))
    Autoencoder(arch, c).load_state_dict(ours, strict=True)  # our file loads into PyTorch strictly
    ref = train_torch(arch, c, init, images, lr, wd, batch, torch.float32)
    for k in ref:
        assert ours[k].dtype == ref[k].dtype, (k, ours[k].dtype, ref[k].dtype)
    worst_w, worst_u, whole, counters = compare_states(ours, ref, before)
    check(f"{arch} C={c} float32: all weights after 3 Adam steps", whole, 1e-4)
    check(f"{arch} C={c} float32: worst single tensor ({worst_w[1]})", worst_w[0], 0.1)
    failures.extend(counters)


def round_trip(tmp):
    """PyTorch -> ours -> PyTorch: with lr 0 and no BatchNorm, training re-saves the exact tensors."""
    torch.manual_seed(2)
    model = Autoencoder("baseline", 3)
    src = os.path.join(tmp, "src.safetensors")
    save_file(model.state_dict(), src)
    data = os.path.join(tmp, "rt")
    write_hw9(data, np.zeros((4, 32, 32, 3), dtype=np.uint8))
    out = os.path.join(tmp, "rt-out")
    run_cli("train", "--arch", "baseline", "--data", f"hw9:{data}", "--epochs", 1, "--batch", 4, "--lr", 0,
            "--weight-decay", 0, "--init", src, "--out", out)
    back = load_file(os.path.join(out, "epoch_0001.safetensors"))
    same = all(torch.equal(back[k], v) for k, v in model.state_dict().items()) and set(back) == set(model.state_dict())
    print(f"{'ok  ' if same else 'FAIL'} checkpoint round trip PyTorch -> aecluster -> PyTorch is bit-exact")
    if not same:
        failures.append("round trip")


def main():
    rng = np.random.default_rng(0)
    gen = torch.Generator().manual_seed(0)
    with tempfile.TemporaryDirectory() as tmp:
        for arch in ARCHS:
            for c in [1, 3]:
                forward_parity(tmp, arch, c, rng, gen)
                adam_parity(tmp, arch, c, rng, gen)
        round_trip(tmp)
    if failures:
        print("FAILED:", ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
