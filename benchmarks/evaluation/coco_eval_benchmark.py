"""COCO evaluation time: mmdet4j (`mmdet4j eval`, Java) next to pycocotools, same files, same run.

    python benchmarks/evaluation/coco_eval_benchmark.py [--runs 3] [--images 5000] [--segm-images 500]

bbox: N images x 7 ground truths x 100 detections over 80 categories; segm: the same on fewer
images, polygon ground truth and compressed-RLE detections. Each side is timed end to end from the
files (load, evaluate, accumulate, summarize), two ways: as a process (`mmdet4j eval` against a
Python process that imports pycocotools and evaluates: interpreter and JVM start included), and
inside the process (the time `mmdet4j eval` measures itself against pycocotools timed in this
script). Medians of --runs runs.
Java runs through the `mmdet4j` launcher as a user's command does: it builds the project first if
the build is missing or stale (untimed: one run is made before timing) and starts the JVM with its
class-data-sharing archive.
"""
import argparse
import contextlib
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from pycocotools import mask as mask_utils
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

REPO = Path(__file__).resolve().parents[2]


def make(num_images, segm, seed=0, gts_per_image=7, dets_per_image=100, num_cats=80):
    rng = np.random.default_rng(seed)
    h, w = (240, 320) if segm else (480, 640)
    images, anns, dets = [], [], []
    aid = 1
    for i in range(num_images):
        images.append({'id': i + 1, 'height': h, 'width': w})
        bw = rng.uniform(8, w / 2, gts_per_image)
        bh = rng.uniform(8, h / 2, gts_per_image)
        x = rng.uniform(0, w - bw)
        y = rng.uniform(0, h - bh)
        cats = rng.integers(1, num_cats + 1, gts_per_image)
        gboxes = np.stack([x, y, bw, bh], 1)
        for g in range(gts_per_image):
            box = [float(v) for v in gboxes[g]]
            ann = {'id': aid, 'image_id': i + 1, 'category_id': int(cats[g]), 'bbox': box,
                   'area': box[2] * box[3], 'iscrowd': int(rng.random() < 0.02)}
            if segm:
                x0, y0, x1, y1 = box[0], box[1], box[0] + box[2], box[1] + box[3]
                ann['segmentation'] = [[x0, y0, x1, y0 + box[3] / 3, x1, y1, x0 + box[2] / 4, y1]]
            anns.append(ann)
            aid += 1
        src = rng.integers(0, gts_per_image, dets_per_image)
        jit = rng.normal(0, 0.1, (dets_per_image, 4)) * np.repeat(gboxes[src][:, 2:], 2, 1)
        dboxes = gboxes[src] + jit
        dboxes[:, 2:] = np.maximum(dboxes[:, 2:], 2)
        dcats = np.where(rng.random(dets_per_image) < 0.8, cats[src], rng.integers(1, num_cats + 1, dets_per_image))
        scores = rng.random(dets_per_image)
        polys = None
        if segm:
            polys = [[b[0], b[1], b[0] + b[2], b[1], b[0] + b[2], b[1] + b[3], b[0], b[1] + b[3]]
                     for b in dboxes.tolist()]
            rles = mask_utils.frPyObjects(polys, h, w)
        for d in range(dets_per_image):
            det = {'image_id': i + 1, 'category_id': int(dcats[d]),
                   'bbox': [float(v) for v in dboxes[d]], 'score': float(scores[d])}
            if segm:
                det['segmentation'] = {'size': [h, w], 'counts': rles[d]['counts'].decode('ascii')}
            dets.append(det)
    cats = [{'id': c, 'name': f'class_{c}'} for c in range(1, num_cats + 1)]
    return {'images': images, 'annotations': anns, 'categories': cats}, dets


PYCOCOTOOLS_PROCESS = """
import contextlib, io, json, sys
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1])
    ev = COCOeval(gt, gt.loadRes(sys.argv[2]), sys.argv[3])
    ev.evaluate()
    ev.accumulate()
    ev.summarize()
print(json.dumps(list(ev.stats)))
"""


def time_pycocotools_process(gt_file, dt_file, metric):
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, '-c', PYCOCOTOOLS_PROCESS, str(gt_file), str(dt_file), metric],
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - t0, json.loads(proc.stdout)


def time_pycocotools(gt_file, dt_file, metric):
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(str(gt_file))
        ev = COCOeval(gt, gt.loadRes(str(dt_file)), metric)
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    return time.perf_counter() - t0, list(ev.stats)


def time_java(gt_file, dt_file, metric, out_file):
    cmd = [str(REPO / 'mmdet4j'), 'eval', '--ann', str(gt_file),
           '--results', str(dt_file), '--metric', metric, '--json', str(out_file)]
    env = {k: v for k, v in os.environ.items() if k != 'MMDET4J_CLASSPATH'}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    wall = time.perf_counter() - t0
    inner = float(re.search(r'eval time: .* total ([0-9.]+) s', proc.stdout).group(1))
    return wall, inner, json.loads(out_file.read_text())['stats']


def bench(name, num_images, segm, runs, tmp):
    gt, dets = make(num_images, segm)
    gt_file, dt_file, out = tmp / f'{name}_gt.json', tmp / f'{name}_dt.json', tmp / f'{name}_out.json'
    gt_file.write_text(json.dumps(gt))
    dt_file.write_text(json.dumps(dets))
    metric = 'segm' if segm else 'bbox'
    time_java(gt_file, dt_file, metric, out)  # builds and makes the archive if they are stale
    pw, pi, jw, ji = [], [], [], []
    for _ in range(runs):
        wall, ref = time_pycocotools_process(gt_file, dt_file, metric)
        pw.append(wall)
        t, ref_inner = time_pycocotools(gt_file, dt_file, metric)
        pi.append(t)
        wall, inner, ours = time_java(gt_file, dt_file, metric, out)
        jw.append(wall)
        ji.append(inner)
        for stats in (ref, ref_inner):
            worst = max(abs(a - b) for a, b in zip(ours, stats))
            assert worst <= 1e-9, f'{name}: stats differ from pycocotools by {worst}'
    pw, pi, jw, ji = (statistics.median(v) for v in (pw, pi, jw, ji))
    print(f'{name}: {num_images} images, {len(dets)} detections; as processes: pycocotools {pw:.2f} s, '
          f'mmdet4j {jw:.2f} s, {pw / jw:.1f}x; inside the process: pycocotools {pi:.2f} s, '
          f'mmdet4j {ji:.2f} s, {pi / ji:.1f}x', flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--images', type=int, default=5000)
    ap.add_argument('--segm-images', type=int, default=500)
    ap.add_argument('--metrics', nargs='+', choices=['bbox', 'segm'], default=['bbox', 'segm'])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if 'bbox' in args.metrics:
            bench('bbox', args.images, False, args.runs, tmp)
        if 'segm' in args.metrics:
            bench('segm', args.segm_images, True, args.runs, tmp)


if __name__ == '__main__':
    main()
