#!/usr/bin/env python3
"""Training data pipeline throughput: mmdet4j (Java) against Pillow/numpy on the same JPEGs.

Both sides do mmdetection's standard training pipeline on 640x480 JPEGs: decode, Resize to
1333x800 with keep_ratio (-> 1067x800, bilinear), RandomFlip(0.5), Normalize (mean/std, to RGB),
Pad to a multiple of 32, and collate batches of 2 into one NCHW float32 array. Python runs the
pipeline in 2 worker processes (torch DataLoader's workers_per_gpu=2 layout: each worker builds
whole batches) and in 1 process; mmdet4j runs it on 2 worker threads. Figures are medians of
several runs, printed as images per second.

Usage: python3 benchmarks/data/pipeline_benchmark.py [--images 24] [--runs 5] [--epochs 3]
Needs numpy and pillow; the Java side needs `mvn -Dmmdet4j.skipNative=true compile` first.
"""
import argparse
import multiprocessing as mp
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

MEAN = np.array([123.675, 116.28, 103.53], dtype=np.float32)
STD = np.array([58.395, 57.12, 57.375], dtype=np.float32)


def make_jpegs(folder, count):
    rng = np.random.default_rng(0)
    for i in range(count):
        # Smooth colour fields plus noise: compresses like a photo, not like flat colour.
        small = rng.integers(0, 256, (30, 40, 3), dtype=np.uint8)
        img = Image.fromarray(small).resize((640, 480), Image.BICUBIC)
        arr = np.asarray(img).astype(np.int16) + rng.integers(-12, 12, (480, 640, 3))
        Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(
            os.path.join(folder, f"img_{i:04d}.jpg"), quality=90)


def load_sample(path, rng):
    img = Image.open(path).convert("RGB")
    w, h = img.size
    factor = min(1333 / max(w, h), 800 / min(w, h))
    new_w, new_h = int(w * factor + 0.5), int(h * factor + 0.5)
    img = img.resize((new_w, new_h), Image.BILINEAR)
    arr = np.asarray(img, dtype=np.float32)
    boxes = np.array([[100, 80, 300, 240]], dtype=np.float32) * np.array(
        [new_w / w, new_h / h, new_w / w, new_h / h], dtype=np.float32)
    if rng.random() < 0.5:
        arr = arr[:, ::-1]
        boxes = boxes.copy()
        boxes[:, 0], boxes[:, 2] = new_w - boxes[:, 2], new_w - boxes[:, 0]
    arr = (arr - MEAN) / STD   # already RGB: Pillow decodes to RGB
    ph, pw = -(-new_h // 32) * 32, -(-new_w // 32) * 32
    padded = np.zeros((ph, pw, 3), dtype=np.float32)
    padded[:new_h, :new_w] = arr
    return padded, boxes


def load_batch(args):
    paths, seed = args
    rng = np.random.default_rng(seed)
    samples = [load_sample(p, rng) for p in paths]
    h = max(s[0].shape[0] for s in samples)
    w = max(s[0].shape[1] for s in samples)
    batch = np.zeros((len(samples), 3, h, w), dtype=np.float32)
    for i, (img, _) in enumerate(samples):
        batch[i, :, :img.shape[0], :img.shape[1]] = img.transpose(2, 0, 1)
    return batch.shape[0]


def python_rate(paths, processes, runs, epochs):
    batches = [(paths[i:i + 2], i) for i in range(0, len(paths), 2)]
    rates = []
    pool = mp.Pool(processes) if processes > 1 else None
    try:
        for run in range(runs + 1):
            t0 = time.perf_counter()
            n = 0
            for _ in range(epochs):
                results = pool.imap(load_batch, batches) if pool else map(load_batch, batches)
                n += sum(results)
            if run > 0:   # run 0 warms the page cache and the pool
                rates.append(n / (time.perf_counter() - t0))
    finally:
        if pool:
            pool.close()
            pool.join()
    return statistics.median(rates)


def java_rate(folder, runs, epochs):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cp = subprocess.run([os.path.join(root, "tools", "java_classpath.sh")], check=True, capture_output=True,
                        text=True).stdout.strip()
    out = subprocess.run(["java", "-cp", cp, "org.mmdet4j.data.bench.PipelineBenchmark", folder, "2",
                          str(runs), str(epochs)], check=True, capture_output=True, text=True).stdout
    return float(re.search(r"RESULT images_per_s=([0-9.]+)", out).group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=24)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        make_jpegs(folder, a.images)
        paths = sorted(os.path.join(folder, f) for f in os.listdir(folder))
        java = java_rate(folder, a.runs, a.epochs)
        py2 = python_rate(paths, 2, a.runs, a.epochs)
        py1 = python_rate(paths, 1, a.runs, a.epochs)
    print(f"mmdet4j (2 threads):          {java:7.2f} images/s")
    print(f"Pillow/numpy (2 processes):   {py2:7.2f} images/s")
    print(f"Pillow/numpy (1 process):     {py1:7.2f} images/s")
    print(f"ratio mmdet4j / best Python:  {java / max(py1, py2):7.2f}x")


if __name__ == "__main__":
    sys.exit(main())
