"""tools/widerface_mat_to_text.py on .mat files written in the official structure (scipy's
savemat), and `eval --metric widerface` on its output against the reference evaluating the .mat
files directly, as the official Python port reads them."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

scipy_io = pytest.importorskip('scipy.io', reason='scipy is needed to write and read .mat files')

sys.path.insert(0, str(Path(__file__).parent))
import widerface_fixtures as fx  # noqa: E402
import widerface_reference as ref  # noqa: E402
from test_widerface_eval_parity import assert_same, java_aps  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
TOOL = REPO / 'tools' / 'widerface_mat_to_text.py'


def cell(items):
    """A MATLAB cell column {n x 1}, as the official files hold their lists."""
    a = np.empty((len(items), 1), dtype=object)
    for i, x in enumerate(items):
        a[i, 0] = x
    return a


def write_mats(dir_, gt):
    """The four official files. Empty box lists are saved 0x0 or 0x4 and kept indices as double
    or int32 columns, alternating, since the released files' exact types do not matter to the
    port's indexing."""
    dir_.mkdir(parents=True, exist_ok=True)
    boxes, files = [], []
    for e, (_, images) in enumerate(gt):
        files.append(cell([name for name, _, _ in images]))
        boxes.append(cell([b if len(b) else np.zeros((0, 0) if e % 2 else (0, 4)) for _, b, _ in images]))
    scipy_io.savemat(dir_ / 'wider_face_val.mat', {
        'event_list': cell([event for event, _ in gt]), 'file_list': cell(files), 'face_bbx_list': cell(boxes)})
    for s in fx.SETTINGS:
        gt_list = cell([cell([np.array(keep[s], dtype=np.float64 if e % 2 else np.int32).reshape(-1, 1)
                              for _, _, keep in images]) for e, (_, images) in enumerate(gt)])
        scipy_io.savemat(dir_ / f'wider_{s}_val.mat', {'gt_list': gt_list})


def run_tool(*args):
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize('seed', [0, 3])
def test_converts_and_evaluates_as_the_mat_files(tmp_path, seed):
    gt, preds = fx.make_dataset(seed)
    mats = tmp_path / 'mats'
    write_mats(mats, gt)
    ann, subsets = tmp_path / 'gt.txt', tmp_path / 'subsets'
    proc = run_tool(mats, '--out-ann', ann, '--out-subsets', subsets)
    assert proc.returncode == 0, proc.stderr
    # The same files the fixtures write from the same ground truth (theirs with the released
    # files' trailing spaces).
    expected_ann, expected_subsets = tmp_path / 'expected.txt', tmp_path / 'expected_subsets'
    fx.write_box_file(expected_ann, gt)
    fx.write_subsets(expected_subsets, gt)
    assert ann.read_text() == expected_ann.read_text().replace(' \n', '\n')
    for s in fx.SETTINGS:
        assert (subsets / f'{s}.txt').read_text() == (expected_subsets / f'{s}.txt').read_text()
    pred_dir = tmp_path / 'pred'
    fx.write_predictions(pred_dir, preds)
    theirs = ref.evaluate(pred_dir, ref.gt_from_mat(mats))
    assert_same(java_aps(ann, subsets, pred_dir, tmp_path / 'out.json'), theirs)


def test_errors_are_one_line(tmp_path):
    gt, _ = fx.make_dataset(1, num_events=1, images_per_event=3)
    mats = tmp_path / 'mats'
    write_mats(mats, gt)
    (mats / 'wider_hard_val.mat').unlink()
    proc = run_tool(mats, '--out-ann', tmp_path / 'gt.txt', '--out-subsets', tmp_path / 's')
    assert proc.returncode == 1
    assert proc.stderr.strip() == f'error: {mats / "wider_hard_val.mat"} not found'
    event, images = gt[0]
    name, boxes, keep = images[0]
    images[0] = (name, np.array([[1.0, 2.0, -3.0, 4.0]]), keep)
    write_mats(mats, gt)
    proc = run_tool(mats, '--out-ann', tmp_path / 'gt.txt', '--out-subsets', tmp_path / 's')
    assert proc.returncode == 1
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and f'{event}/{name}: face boxes must be whole, non-negative' in err, err
