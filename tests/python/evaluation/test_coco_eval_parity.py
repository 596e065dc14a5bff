"""mmdet4j's COCO evaluation against pycocotools on the same files, to 1e-9.

Runs `org.mmdet4j.cli.Main eval` on the build tree's class path (build it first with
`mvn -Dmmdet4j.skipNative=true -DskipTests compile`) or from the class path in the environment
variable MMDET4J_CLASSPATH, and pycocotools in this process.
"""
import contextlib
import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from coco_fixtures import make_dataset  # noqa: E402
from java_eval import run_java  # noqa: E402

pycocotools = pytest.importorskip(
    'pycocotools', reason='pycocotools is not installed: the cross-check needs it as the reference')
from pycocotools.coco import COCO  # noqa: E402
from pycocotools.cocoeval import COCOeval  # noqa: E402

TOL = 1e-9


def reference(gt_file, dt_file, metric):
    """Stats and per-category APs from pycocotools (per-category as mmdetection's classwise)."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        gt = COCO(str(gt_file))
        dt = gt.loadRes(str(dt_file))
        ev = COCOeval(gt, dt, metric)
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    lines = [l for l in out.getvalue().splitlines() if l.startswith(' Average')]
    prec = ev.eval['precision']
    per_cat = {}
    for k, cat_id in enumerate(ev.params.catIds):
        row = {}
        for key, t in (('ap', slice(None)), ('ap50', 0), ('ap75', 5)):
            p = prec[t, :, k, 0, -1]
            p = p[p > -1]
            row[key] = float(np.mean(p)) if p.size else None
        per_cat[str(cat_id)] = row
    return list(map(float, ev.stats)), per_cat, lines


def assert_same(tmp_path, gt, dets, metric):
    gt_file, dt_file, out_file = tmp_path / 'gt.json', tmp_path / 'dt.json', tmp_path / 'out.json'
    gt_file.write_text(json.dumps(gt))
    dt_file.write_text(json.dumps(dets))
    stats, per_cat, lines = reference(gt_file, dt_file, metric)
    proc = run_java('--ann', gt_file, '--results', dt_file, '--metric', metric, '--json', out_file)
    assert proc.returncode == 0, proc.stderr
    ours = json.loads(out_file.read_text())
    assert len(ours['stats']) == 12
    for i, (a, b) in enumerate(zip(ours['stats'], stats)):
        assert abs(a - b) <= TOL, f'stat {i}: mmdet4j {a!r} vs pycocotools {b!r}'
    assert set(ours['per_category']) == set(per_cat)
    for cid, ref in per_cat.items():
        for key, b in ref.items():
            a = ours['per_category'][cid][key]
            if b is None:
                assert a is None, f'category {cid} {key}: {a!r} vs no ground truth'
            else:
                assert a is not None and abs(a - b) <= TOL, f'category {cid} {key}: {a!r} vs {b!r}'
    # The printed summary is pycocotools' to the character.
    assert [l for l in proc.stdout.splitlines() if l.startswith(' Average')] == lines
    return stats


@pytest.mark.parametrize('seed', [0, 1, 2, 3])
def test_bbox_matches_pycocotools(tmp_path, seed):
    gt, dets = make_dataset(seed, num_images=40)
    stats = assert_same(tmp_path, gt, dets, 'bbox')
    assert stats[0] > 0  # the data must exercise matching, not only empty cases


@pytest.mark.parametrize('seed', [10, 11])
def test_segm_with_boxes_matches_pycocotools(tmp_path, seed):
    # Results with a bbox: loadRes takes every detection's area from its box.
    gt, dets = make_dataset(seed, num_images=20, segm=True)
    assert_same(tmp_path, gt, dets, 'segm')


@pytest.mark.parametrize('seed', [20, 21])
def test_segm_without_boxes_matches_pycocotools(tmp_path, seed):
    # Results without a bbox: the area is the RLE area and the box its bounding box.
    gt, dets = make_dataset(seed, num_images=20, segm=True)
    for d in dets:
        del d['bbox']
    assert_same(tmp_path, gt, dets, 'segm')
    assert_same(tmp_path, gt, dets, 'bbox')


def test_bbox_results_evaluated_as_segm(tmp_path):
    # Box-only results under segm: loadRes turns each box into a 4-point polygon.
    gt, _ = make_dataset(30, num_images=15, segm=True)
    _, dets = make_dataset(30, num_images=15, segm=False)
    assert_same(tmp_path, gt, dets, 'segm')


def test_ground_truth_id_zero_and_zero_scores(tmp_path):
    # pycocotools stores a match as the gt id and tests it for non-zero: a match to id 0
    # counts as unmatched. Scores 0.0 and -0.0 tie.
    gt, dets = make_dataset(40, num_images=10)
    gt['annotations'][0]['id'] = 0
    for d in dets[:30]:
        d['score'] = 0.0 if len(d) % 2 else -0.0
    assert_same(tmp_path, gt, dets, 'bbox')


def test_errors_name_file_and_entry(tmp_path):
    gt, dets = make_dataset(50, num_images=5)
    gt_file, dt_file = tmp_path / 'gt.json', tmp_path / 'dt.json'
    gt_file.write_text(json.dumps(gt))
    cases = {
        'unknown image': (lambda d: d[2].update(image_id=999999), 'detection #2: image_id 999999'),
        'unknown category': (lambda d: d[1].update(category_id=555), 'detection #1: category_id 555'),
        'nan score': (lambda d: d[3].update(score=float('nan')), 'detection #3'),
        'nan box': (lambda d: d[0]['bbox'].__setitem__(1, float('nan')), 'detection #0'),
    }
    for name, (mutate, expected) in cases.items():
        bad = json.loads(json.dumps(dets))
        mutate(bad)
        dt_file.write_text(json.dumps(bad))
        proc = run_java('--ann', gt_file, '--results', dt_file)
        assert proc.returncode == 1, name
        err = proc.stderr.strip()
        assert len(err.splitlines()) == 1 and str(dt_file) in err and expected in err, (name, err)
    dt_file.write_text('[{"image_id": 1000, "category_id": 1, ')
    proc = run_java('--ann', gt_file, '--results', dt_file)
    assert proc.returncode == 1 and 'malformed JSON' in proc.stderr and str(dt_file) in proc.stderr


def test_empty_results_give_minus_one(tmp_path):
    gt, _ = make_dataset(60, num_images=5)
    gt_file, dt_file, out = tmp_path / 'gt.json', tmp_path / 'dt.json', tmp_path / 'out.json'
    gt_file.write_text(json.dumps(gt))
    dt_file.write_text('[]')
    proc = run_java('--ann', gt_file, '--results', dt_file, '--json', out)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())['stats'] == [-1.0] * 12
