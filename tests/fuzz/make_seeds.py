#!/usr/bin/python3
"""Writes the fuzzers' seed corpora (tests/fuzz/corpus/<harness>/) and the regression inputs for
the findings of issue 11 (tests/fuzz/regressions/<harness>/). Deterministic; run it again after
changing it. Inputs that stand for several files join them with SEP (see fuzz_util.hpp)."""
import gzip
import json
import os
import struct
import sys

import numpy as np

ROOT = os.path.dirname(os.path.abspath(__file__))
SEP = b"\n--next-file--\n"


def put(kind, harness, name, data):
    d = os.path.join(ROOT, kind, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def npy(array):
    import io
    b = io.BytesIO()
    np.save(b, array, allow_pickle=False)
    return b.getvalue()


def npy_header(header, data=b""):
    """A version 1.0 file with a hand-written header dict (padded as NumPy pads it)."""
    h = header.encode() + b" " * ((64 - (10 + len(header) + 1) % 64) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + data


def idx(array):
    a = np.asarray(array, dtype=np.uint8)
    return bytes([0, 0, 8, a.ndim]) + b"".join(struct.pack(">I", d) for d in a.shape) + a.tobytes()


def safetensors(tensors, metadata=None, raw_header=None):
    """tensors: name -> (dtype code, shape, bytes)."""
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = raw_header if raw_header is not None else json.dumps(header, separators=(",", ":"))
    text = text.encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


rng = np.random.default_rng(0)

# ---- npy
put("corpus", "npy", "u1_2x3", npy(np.arange(6, dtype=np.uint8).reshape(2, 3)))
put("corpus", "npy", "f4_2x2", npy(np.array([[0.5, -1], [3, 2]], dtype=np.float32)))
put("corpus", "npy", "i8_3", npy(np.array([1, -2, 3], dtype=np.int64)))
put("corpus", "npy", "f2_4", npy(np.array([1, 2.5, -0.0, 65504], dtype=np.float16)))
put("corpus", "npy", "b1_2", npy(np.array([True, False])))
put("corpus", "npy", "f8_scalar", npy(np.float64(7.0)))
put("corpus", "npy", "u4_1x1x1x2", npy(np.array([1, 2], dtype=np.uint32).reshape(1, 1, 1, 2)))
put("corpus", "npy", "i2_empty", npy(np.zeros((0, 3), dtype=np.int16)))
v2 = npy_header("{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", b"\x01\x00\x02\x00")
put("corpus", "npy", "v2_u2", b"\x93NUMPY\x02\x00" + struct.pack("<I", len(v2) - 10) + v2[10:])
# Finding 1: the element count wrapped to 0 and a tensor of dim 2^32 got a null pointer.
put("regressions", "npy", "shape_wraps_2p32_squared",
    npy_header("{'descr': '|u1', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"))
# Finding 2: 2^63 as float64 passed the range check and converted to INT64_MIN (UB).
put("regressions", "npy", "f8_2p63_to_int64", npy(np.array([2.0**63], dtype=np.float64)))
put("regressions", "npy", "f4_2p31_to_int32", npy(np.array([2.0**31], dtype=np.float32)))
# Finding 5: a bare integer shape parsed as (2,) or as a scalar.
put("regressions", "npy", "shape_is_int_12", npy_header("{'descr': '|u1', 'fortran_order': False, 'shape': 12, }", b"ab"))
put("regressions", "npy", "shape_is_int_7", npy_header("{'descr': '|u1', 'fortran_order': False, 'shape': 7, }", b"a"))
put("regressions", "npy", "header_60k_unbounded",
    b"\x93NUMPY\x01\x00" + struct.pack("<H", 60000) + b"{'descr': '" + b"x" * 59987 + b"'\n")

# ---- IDX (plain and gzip)
images = rng.integers(0, 256, (2, 3, 3), dtype=np.uint8)
put("corpus", "idx", "u8_2x3x3", idx(images))
put("corpus", "idx", "u8_2x3x3.gz", gzip.compress(idx(images), mtime=0))
put("corpus", "idx", "labels_5", idx([0, 1, 2, 3, 9]))
put("corpus", "idx", "labels_5.gz", gzip.compress(idx([0, 1, 2, 3, 9]), mtime=0))
put("corpus", "idx", "rank4", idx(np.zeros((1, 2, 1, 2), dtype=np.uint8)))
put("regressions", "idx", "dims_overflow_2p128",
    bytes([0, 0, 8, 4]) + b"\xff\xff\xff\xff" * 4)
put("regressions", "idx", "gzip_dims_overflow", gzip.compress(bytes([0, 0, 8, 4]) + b"\xff\xff\xff\xff" * 4, mtime=0))

# ---- Fashion-MNIST pair: byte 0 (bit 0) chooses the gzip names, then images SEP labels
fm_images = idx(rng.integers(0, 256, (2, 28, 28), dtype=np.uint8))
fm_labels = idx([3, 9])
put("corpus", "fashion_mnist", "plain", b"\x00" + fm_images + SEP + fm_labels)
put("corpus", "fashion_mnist", "gzip", b"\x01" + gzip.compress(fm_images, mtime=0) + SEP + gzip.compress(fm_labels, mtime=0))
put("corpus", "fashion_mnist", "label_10", b"\x00" + fm_images + SEP + idx([3, 10]))
put("regressions", "fashion_mnist", "images_dims_overflow",
    b"\x00" + bytes([0, 0, 8, 3]) + b"\xff\xff\xff\xff" * 3 + SEP + fm_labels)

# ---- hw9 layout: trainX SEP valX SEP valY [SEP trainY]
grey = lambda n: rng.integers(0, 256, (n, 32, 32), dtype=np.uint8)
put("corpus", "hw9", "grey", npy(grey(2)) + SEP + npy(grey(1)) + SEP + npy(np.array([1], dtype=np.int64)))
put("corpus", "hw9", "rgb_with_trainY",
    npy(rng.integers(0, 256, (1, 32, 32, 3), dtype=np.uint8)) + SEP + npy(rng.integers(0, 256, (1, 32, 32, 3), dtype=np.uint8))
    + SEP + npy(np.array([0], dtype=np.uint8)) + SEP + npy(np.array([1], dtype=np.int32)))
# Finding 1 through load_hw9: (2^54, 32, 32) wrapped to 0 elements and reached memcpy from null.
put("regressions", "hw9", "trainX_2p54_images",
    npy_header("{'descr': '|u1', 'fortran_order': False, 'shape': (18014398509481984, 32, 32), }") + SEP + npy(grey(1)) + SEP
    + npy(np.array([0], dtype=np.int64)))
put("regressions", "hw9", "valY_float_2p63",
    npy(grey(1)) + SEP + npy(grey(1)) + SEP + npy(np.array([2.0**63])))

# ---- safetensors
f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32).tobytes()
put("corpus", "safetensors", "two_tensors",
    safetensors({"a": ("F32", (2, 2), f32(2, 2)), "b": ("I64", (3,), np.arange(3, dtype=np.int64).tobytes())}, {"format": "pt"}))
put("corpus", "safetensors", "half_types",
    safetensors({"h": ("F16", (2,), np.array([1, 2], dtype=np.float16).tobytes()), "bf": ("BF16", (1,), b"\x80\x3f"),
                 "u": ("U8", (1, 1, 1, 1), b"\x07"), "t": ("BOOL", (2,), b"\x00\x01"), "e": ("F64", (0, 3), b"")}))
put("corpus", "safetensors", "scalar_i32", safetensors({"s": ("I32", (), b"\x05\x00\x00\x00")}))
# Finding 3: a zero in the shape skipped the size check; (2^62, 4, 0) overflowed numel later.
put("regressions", "safetensors", "shape_2p62_4_0",
    safetensors({}, raw_header='{"x":{"dtype":"F32","shape":[4611686018427387904,4,0],"data_offsets":[0,0]}}'))
put("regressions", "safetensors", "shape_2p32_2p32",
    safetensors({}, raw_header='{"x":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,0]}}'))
put("regressions", "safetensors", "f32_2p63_to_int64", safetensors({"x": ("F32", (1,), np.array([2.0**63], np.float32).tobytes())}))

# ---- checkpoint of the harness's tiny model (Conv2d(1,2,3,p1) BatchNorm2d(2) ReLU MaxPool | ConvTranspose2d(2,1,3) Tanh)
params = {"encoder.0.weight": (2, 1, 3, 3), "encoder.0.bias": (2,), "encoder.1.weight": (2,), "encoder.1.bias": (2,),
          "decoder.0.weight": (2, 1, 3, 3), "decoder.0.bias": (1,)}
state = {k: ("F32", s, f32(*s)) for k, s in params.items()}
state["encoder.1.running_mean"] = ("F32", (2,), np.zeros(2, np.float32).tobytes())
state["encoder.1.running_var"] = ("F32", (2,), np.ones(2, np.float32).tobytes())
state["encoder.1.num_batches_tracked"] = ("I64", (), np.int64(4).tobytes())
optimiser = {}
for k, s in params.items():
    optimiser[k + ".exp_avg"] = ("F32", s, f32(*s))
    optimiser[k + ".exp_avg_sq"] = ("F32", s, np.abs(rng.standard_normal(s)).astype(np.float32).tobytes())
adam_meta = {"format": "aecluster-checkpoint-1", "step": "3", "lr": "0.001"}
model = safetensors(state, {"format": "aecluster-checkpoint-1", "arch": "baseline_bn", "in_channels": "1"})
put("corpus", "checkpoint", "model_and_optimiser", model + SEP + safetensors(optimiser, adam_meta))
put("corpus", "checkpoint", "model_only_f16", safetensors(
    {k: ("F16", s, np.frombuffer(r, np.float32).astype(np.float16).tobytes()) if d == "F32" else (d, s, r) for k, (d, s, r) in state.items()}))
# Finding 2 through a checkpoint: num_batches_tracked stored as F32 2^63.
bad = dict(state)
bad["encoder.1.num_batches_tracked"] = ("F32", (), np.float32(2.0**63).tobytes())
put("regressions", "checkpoint", "num_batches_tracked_f32_2p63", safetensors(bad))
# Finding 5: inspect_checkpoint truncated shape[1] to int.
wide = dict(state)
wide["encoder.0.weight"] = ("F32", (2, 4294967297, 0, 3), b"")
put("regressions", "checkpoint", "channels_2p32_plus_1", safetensors(wide))
put("regressions", "checkpoint", "optimiser_step_huge", model + SEP + safetensors(optimiser, dict(adam_meta, step="99999999999999999999")))




# ---- images: PNGs written here, JPEGs by libjpeg-turbo's encoder (jpeg_seeds.cpp)
import subprocess
import tempfile
import zlib


def png(width, height, colour_type, bit_depth, rows, palette=None, trns=None, interlace=0):
    """rows: the raw scanlines (filter byte included), compressed into one IDAT."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, interlace))
    if palette:
        out += chunk(b"PLTE", palette)
    if trns:
        out += chunk(b"tRNS", trns)
    return out + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def plain_rows(width, height, samples_per_row_bytes):
    return b"".join(b"\x00" + bytes((x * 37 + y * 11) & 255 for x in range(samples_per_row_bytes)) for y in range(height))


pngs = {
    "grey_8bit.png": png(5, 4, 0, 8, plain_rows(5, 4, 5)),
    "grey_1bit.png": png(9, 2, 0, 1, plain_rows(9, 2, 2)),
    "grey_alpha.png": png(3, 3, 4, 8, plain_rows(3, 3, 6)),
    "rgb_8bit.png": png(4, 3, 2, 8, plain_rows(4, 3, 12)),
    "rgb_16bit.png": png(2, 2, 2, 16, plain_rows(2, 2, 12)),
    "rgba.png": png(3, 2, 6, 8, plain_rows(3, 2, 12)),
    "palette_trns.png": png(4, 4, 3, 2, plain_rows(4, 4, 1), palette=bytes(range(12)), trns=b"\x00\x80"),
    "grey_trns.png": png(2, 2, 0, 8, plain_rows(2, 2, 2), trns=b"\x00\x25"),
    # Adam7 passes of an 8x8 image: (rows, pixels per row) = (1,1) (1,1) (1,2) (2,2) (2,4) (4,4) (4,8)
    "rgb_interlaced.png": png(8, 8, 2, 8, b"".join(b"\x00" + bytes(range(3 * w)) for rows, w in
                                                   [(1, 1), (1, 1), (1, 2), (2, 2), (2, 4), (4, 4), (4, 8)] for _ in range(rows)),
                              interlace=1),
}
for name, data in pngs.items():
    put("corpus", "image", name, data)
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(["c++", "-std=c++20", os.path.join(ROOT, "jpeg_seeds.cpp"), "-ljpeg", "-o", os.path.join(tmp, "jpeg_seeds")], check=True)
    subprocess.run([os.path.join(tmp, "jpeg_seeds"), tmp], check=True)
    jpegs = {n: open(os.path.join(tmp, n), "rb").read() for n in sorted(os.listdir(tmp)) if n.endswith(".jpg")}
for name, data in jpegs.items():
    put("corpus", "image", name, data)

# Issue 11's hostile images for stb_image: the 10-byte JPEG whose Huffman counts sum past 256,
# a PNM whose width overflowed, an 18-byte TGA header declaring 8192x8191, and a PNG declaring
# 2^31-1 squared pixels (refused by the budget before decoding).
put("regressions", "image", "jpeg_dht_counts_past_256", b"\xff\xd8\xff\xc4\x00\x13\x00\xff\xff\xff")
put("regressions", "image", "pnm_width_overflow", b"P6\n99999999999999999999 1\n255\n")
put("regressions", "image", "tga_8192x8191", bytes([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x20, 0xff, 0x1f, 24, 0]))
put("regressions", "image", "png_2p31_squared", png(2**31 - 1, 2**31 - 1, 2, 8, b""))
put("regressions", "image", "png_65536_squared", png(65536, 65536, 2, 8, b""))
put("regressions", "image", "jpeg_truncated", jpegs["rgb_17x9.jpg"][:-40])

# ---- image folder: parts are files, the first byte of each choosing place and extension
# (bits 0-1: root, a/, b/, .hidden/; bits 2-3: .png, .jpg, .txt, none).
folder = lambda *files: SEP.join(bytes([code]) + data for code, data in files)
put("corpus", "image_folder", "two_classes",
    folder((1, pngs["grey_8bit.png"]), (2 | 4, jpegs["grey_8x8.jpg"]), (1, pngs["grey_alpha.png"])))
put("corpus", "image_folder", "rgb_unlabelled", folder((0, pngs["rgb_8bit.png"]), (4, jpegs["rgb_17x9.jpg"]), (3, b"ignored")))
put("corpus", "image_folder", "mixed_with_text", folder((1, pngs["rgba.png"]), (2 | 8, b"not an image"), (0, pngs["grey_8bit.png"])))
put("regressions", "image_folder", "tga_and_pnm",
    folder((1, bytes([0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x20, 0xff, 0x1f, 24, 0])), (2, b"P6\n99999999999999999999 1\n255\n")))
print("seeds written under", ROOT, file=sys.stderr)
