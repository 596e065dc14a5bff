"""mmdet4j's WIDER FACE evaluation against a numpy port of the official one, to 1e-9.

Runs `org.mmdet4j.cli.Main eval --metric widerface` on the build tree's class path (build it first with
`mvn -Dmmdet4j.skipNative=true -DskipTests compile`) or from the class path in the environment
variable MMDET4J_CLASSPATH, and widerface_reference in this process, on random ground truth,
subsets and predictions (widerface_fixtures).
"""
import json
import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import widerface_fixtures as fx  # noqa: E402
import widerface_reference as ref  # noqa: E402
from java_eval import run_java  # noqa: E402

TOL = 1e-9
LABELS = {'easy': 'Easy   Val AP: ', 'medium': 'Medium Val AP: ', 'hard': 'Hard   Val AP: '}


def java_aps(ann, subsets, pred_dir, out):
    proc = run_java('--metric', 'widerface', '--ann', ann, '--subsets', subsets, '--results', pred_dir,
                    '--json', out)
    assert proc.returncode == 0, proc.stderr
    ours = json.loads(Path(out).read_text())
    # The printed APs are the JSON's numbers, spelt as Python prints floats.
    printed = {s: l[len(p):] for l in proc.stdout.splitlines() for s, p in LABELS.items() if l.startswith(p)}
    assert set(printed) == set(LABELS), proc.stdout
    for s, text in printed.items():
        if ours[s] is None:
            assert text == 'nan'
        else:
            assert float(text) == ours[s] and text == repr(ours[s]), (s, text, ours[s])
    return ours


def assert_same(ours, theirs):
    for s in ref.SETTINGS:
        a, b = ours[s], theirs[s]
        if math.isnan(b):
            assert a is None, f'{s}: mmdet4j {a!r} vs reference nan'
        else:
            assert a is not None and abs(a - b) <= TOL, f'{s}: mmdet4j {a!r} vs reference {b!r}'


def write_case(tmp_path, gt, preds):
    ann, subsets, pred_dir = tmp_path / 'gt.txt', tmp_path / 'subsets', tmp_path / 'pred'
    fx.write_box_file(ann, gt)
    fx.write_subsets(subsets, gt)
    fx.write_predictions(pred_dir, preds)
    return ann, subsets, pred_dir


@pytest.mark.parametrize('seed', [0, 1, 2, 3, 4, 5])
def test_matches_reference(tmp_path, seed):
    gt, preds = fx.make_dataset(seed)
    ann, subsets, pred_dir = write_case(tmp_path, gt, preds)
    theirs = ref.evaluate(pred_dir, gt)
    ours = java_aps(ann, subsets, pred_dir, tmp_path / 'out.json')
    assert_same(ours, theirs)
    # The data must exercise matching, not only empty cases.
    assert all(0 < theirs[s] < 1 for s in ref.SETTINGS), theirs


def test_corner_cases_are_present():
    """The generated sets hold what the parity test claims to cover."""
    kinds = set()
    for seed in range(6):
        gt, preds = fx.make_dataset(seed)
        for event, images in gt:
            for name, boxes, keep in images:
                p = preds[(event, name)]
                kinds.add('no faces' if len(boxes) == 0 else 'faces')
                if len(boxes) and not keep['hard']:
                    kinds.add('all ignored')
                if len(p) == 0:
                    kinds.add('no predictions')
                elif len(p) > 1 and any(p[i, 4] < p[i + 1, 4] for i in range(len(p) - 1)):
                    kinds.add('unsorted')
    assert kinds >= {'no faces', 'all ignored', 'no predictions', 'unsorted'}, kinds


def test_subset_without_faces_is_nan_in_both(tmp_path):
    gt, preds = fx.make_dataset(7, num_events=2, images_per_event=5)
    for _, images in gt:
        for _, _, keep in images:
            keep['easy'] = []
    ann, subsets, pred_dir = write_case(tmp_path, gt, preds)
    theirs = ref.evaluate(pred_dir, gt)
    assert math.isnan(theirs['easy'])
    assert_same(java_aps(ann, subsets, pred_dir, tmp_path / 'out.json'), theirs)


def test_missing_prediction_file_is_an_error_naming_the_image(tmp_path):
    gt, preds = fx.make_dataset(8, num_events=1, images_per_event=3)
    event, images = gt[0]
    name = images[1][0]
    del preds[(event, name)]
    ann, subsets, pred_dir = write_case(tmp_path, gt, preds)
    proc = run_java('--metric', 'widerface', '--ann', ann, '--subsets', subsets, '--results', pred_dir)
    assert proc.returncode == 1
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and f"image '{event}/{name}.jpg'" in err and str(ann) in err, err
