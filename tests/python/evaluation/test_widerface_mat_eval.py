"""`eval --metric widerface` on the official .mat ground truth read directly (--ann
wider_face_val.mat, --subsets a folder with wider_{easy,medium,hard}_val.mat): the same APs,
bit for bit, as on the text files tools/widerface_mat_to_text.py writes from them, and the
official Python port's on the .mat files to 1e-9. The .mat files are written with scipy's
savemat in the official structure by test_widerface_mat_to_text's helper."""
import math
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip('scipy.io', reason='scipy is needed to write .mat files')

sys.path.insert(0, str(Path(__file__).parent))
import widerface_fixtures as fx  # noqa: E402
import widerface_reference as ref  # noqa: E402
from test_widerface_eval_parity import assert_same, java_aps, run_java  # noqa: E402
from test_widerface_mat_to_text import run_tool, write_mats  # noqa: E402


def case(tmp_path, seed, **kwargs):
    """The official .mat files, the converter's text files from them, and the predictions."""
    gt, preds = fx.make_dataset(seed, **kwargs)
    mats = tmp_path / 'mats'
    write_mats(mats, gt)
    ann, subsets = tmp_path / 'gt.txt', tmp_path / 'subsets'
    proc = run_tool(mats, '--out-ann', ann, '--out-subsets', subsets)
    assert proc.returncode == 0, proc.stderr
    pred_dir = tmp_path / 'pred'
    fx.write_predictions(pred_dir, preds)
    return gt, mats, ann, subsets, pred_dir


def same_aps(a, b):
    """Identical numbers, None (a subset without faces) included."""
    assert a.keys() == b.keys() == set(fx.SETTINGS)
    for s in fx.SETTINGS:
        assert a[s] == b[s], (s, a[s], b[s])


@pytest.mark.parametrize('seed', [0, 1, 3])
def test_mat_files_give_the_text_files_aps(tmp_path, seed):
    _, mats, ann, subsets, pred_dir = case(tmp_path, seed)
    from_mat = java_aps(mats / 'wider_face_val.mat', mats, pred_dir, tmp_path / 'mat.json')
    from_text = java_aps(ann, subsets, pred_dir, tmp_path / 'text.json')
    same_aps(from_mat, from_text)
    assert all(0 < from_mat[s] < 1 for s in fx.SETTINGS), from_mat
    assert_same(from_mat, ref.evaluate(pred_dir, ref.gt_from_mat(mats)))


def test_mixed_mat_and_text(tmp_path):
    """A text box file with the official subsets folder (positions from its wider_face_val.mat),
    and the .mat box file with text subsets."""
    _, mats, ann, subsets, pred_dir = case(tmp_path, 2)
    from_text = java_aps(ann, subsets, pred_dir, tmp_path / 'text.json')
    same_aps(java_aps(ann, mats, pred_dir, tmp_path / 'a.json'), from_text)
    same_aps(java_aps(mats / 'wider_face_val.mat', subsets, pred_dir, tmp_path / 'b.json'), from_text)


def test_text_subsets_win_in_a_folder_with_both(tmp_path):
    gt, mats, ann, subsets, pred_dir = case(tmp_path, 4, num_events=2, images_per_event=8)
    for s in fx.SETTINGS:
        shutil.copy(subsets / f'{s}.txt', mats / f'{s}.txt')
    (mats / 'easy.txt').write_text('')  # keeps no face: easy has none, so its AP is nan (null)
    ours = java_aps(mats / 'wider_face_val.mat', mats, pred_dir, tmp_path / 'out.json')
    assert ours['easy'] is None
    for _, images in gt:
        for _, _, keep in images:
            keep['easy'] = []
    assert_same(ours, ref.evaluate(pred_dir, gt))


def test_subset_without_faces_is_null_from_the_mat_files(tmp_path):
    gt, preds = fx.make_dataset(7, num_events=2, images_per_event=5)
    for _, images in gt:
        for _, _, keep in images:
            keep['medium'] = []
    mats, pred_dir = tmp_path / 'mats', tmp_path / 'pred'
    write_mats(mats, gt)
    fx.write_predictions(pred_dir, preds)
    theirs = ref.evaluate(pred_dir, ref.gt_from_mat(mats))
    assert math.isnan(theirs['medium'])
    assert_same(java_aps(mats / 'wider_face_val.mat', mats, pred_dir, tmp_path / 'out.json'), theirs)


def test_bad_mat_is_one_line_naming_file_and_entry(tmp_path):
    gt, mats, _, _, pred_dir = case(tmp_path, 1, num_events=2, images_per_event=3)
    event, images = gt[1]
    name, _, keep = images[2]
    images[2] = (name, np.array([[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]]), keep)
    write_mats(mats, gt)
    face = mats / 'wider_face_val.mat'
    proc = run_java('--metric', 'widerface', '--ann', face, '--subsets', mats, '--results', pred_dir)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (f'error: {face}: face_bbx_list{{2}}{{3}} ({event}/{name}): face boxes of shape '
                                   f'1x6 are not rows of [x y w h]'), proc.stderr
    (mats / 'not_a_mat.mat').write_text('0--Parade/a.jpg\n0\n0 0 0 0 0 0 0 0 0 0\n')
    proc = run_java('--metric', 'widerface', '--ann', mats / 'not_a_mat.mat', '--subsets', mats,
                    '--results', pred_dir)
    assert proc.returncode == 1
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and err.startswith(f'error: {mats / "not_a_mat.mat"}: not a MATLAB MAT-file'), err
