#!/usr/bin/env python3
"""Convert WIDER FACE's official .mat ground truth into the text files `mmdet4j eval --metric
widerface` reads.

The official evaluation kit ships, per split (here `val`), in one folder:

    wider_face_val.mat     cell arrays event_list {E x 1}, file_list {E x 1} of {N_e x 1} image
                           names (without extension), face_bbx_list {E x 1} of {N_e x 1} face
                           boxes [x y w h] (one row per face)
    wider_easy_val.mat     gt_list {E x 1} of {N_e x 1}: the 1-based indices of the faces each
    wider_medium_val.mat   image keeps in that subset (the others are ignored, not removed,
    wider_hard_val.mat     by the evaluation)

This writes

    OUT_ANN                the box file in the layout of wider_face_val_bbx_gt.txt: per image
                           `event/name.jpg`, the face count, then `x y w h` and six attribute
                           flags per face; the .mat files carry no flags, so they are written as
                           0 (the evaluation never reads them). An image without faces gets the
                           count 0 and one line of ten zeros, as the released text files.
    OUT_SUBSETS/easy.txt   per image `event/name idx idx ...`: the kept indices, in the .mat's
    OUT_SUBSETS/medium.txt order (a line without indices for an image that keeps none)
    OUT_SUBSETS/hard.txt

Images and events keep the .mat's order. The .mat files are read with scipy.io.loadmat and
indexed as the official Python port (widerface_evaluate/evaluation.py) indexes them.

Usage:
    tools/widerface_mat_to_text.py GT_DIR --out-ann wider_face_val_bbx_gt.txt --out-subsets subsets/
        [--split val]
    ./mmdet4j eval --metric widerface --ann wider_face_val_bbx_gt.txt --subsets subsets/ \\
        --results PRED_DIR

Needs numpy and scipy (the project's .venv has both). Exit status 1 with one line on stderr for
a missing file, a .mat without the expected arrays, arrays of different lengths, or a box that is
not whole, non-negative pixels.
"""
import argparse
import os
import sys

SUBSETS = ('easy', 'medium', 'hard')


class ConversionError(Exception):
    pass


def _load(path, keys):
    from scipy.io import loadmat

    if not os.path.isfile(path):
        raise ConversionError(f'{path} not found')
    mat = loadmat(path)
    missing = [k for k in keys if k not in mat]
    if missing:
        present = ', '.join(k for k in mat if not k.startswith('__'))
        raise ConversionError(f'{path} has no {", ".join(missing)} (has {present})')
    return mat


def _boxes(cell, where):
    import numpy as np

    b = np.asarray(cell, dtype=np.float64)
    if b.size % 4:
        raise ConversionError(f'{where}: face boxes of shape {b.shape} are not rows of [x y w h]')
    b = b.reshape(-1, 4)
    if not (np.all(np.isfinite(b)) and np.all(b == np.round(b)) and np.all(b >= 0)):
        raise ConversionError(f'{where}: face boxes must be whole, non-negative pixels, got {b.tolist()}')
    return b.astype(np.int64)


def _indices(cell, faces, where):
    import numpy as np

    k = np.asarray(cell).reshape(-1)
    if k.size and not (np.all(k == np.round(k)) and np.all(k >= 1) and np.all(k <= faces)):
        raise ConversionError(f'{where}: kept face indices {k.tolist()} are not in 1..{faces}')
    return [int(v) for v in k]


def convert(gt_dir, split='val'):
    """(box file text, {subset: subset file text}) of the official .mat files in `gt_dir`."""
    face_path = os.path.join(gt_dir, f'wider_face_{split}.mat')
    gt = _load(face_path, ('event_list', 'file_list', 'face_bbx_list'))
    event_list, file_list, facebox_list = gt['event_list'], gt['file_list'], gt['face_bbx_list']
    if not len(event_list) == len(file_list) == len(facebox_list):
        raise ConversionError(f'{face_path}: event_list, file_list and face_bbx_list have {len(event_list)}, '
                              f'{len(file_list)} and {len(facebox_list)} entries')
    gt_lists = {}
    for s in SUBSETS:
        path = os.path.join(gt_dir, f'wider_{s}_{split}.mat')
        gt_lists[s] = (path, _load(path, ('gt_list',))['gt_list'])
        if len(gt_lists[s][1]) != len(event_list):
            raise ConversionError(f'{path}: gt_list has {len(gt_lists[s][1])} events, {face_path} {len(event_list)}')
    box_lines, subset_lines = [], {s: [] for s in SUBSETS}
    for i in range(len(event_list)):
        event = str(event_list[i][0][0])
        img_list, bbx_list = file_list[i][0], facebox_list[i][0]
        if len(img_list) != len(bbx_list):
            raise ConversionError(f'{face_path}: event {event} has {len(img_list)} files and {len(bbx_list)} box lists')
        for s, (path, gt_list) in gt_lists.items():
            if len(gt_list[i][0]) != len(img_list):
                raise ConversionError(f'{path}: event {event} has {len(gt_list[i][0])} entries, '
                                      f'{face_path} {len(img_list)} images')
        for j in range(len(img_list)):
            name = str(img_list[j][0][0])
            where = f'{face_path}: {event}/{name}'
            boxes = _boxes(bbx_list[j][0], where)
            box_lines += [f'{event}/{name}.jpg', str(len(boxes))]
            if len(boxes) == 0:
                box_lines.append('0 0 0 0 0 0 0 0 0 0')
            box_lines += [f'{x} {y} {w} {h} 0 0 0 0 0 0' for x, y, w, h in boxes]
            for s, (path, gt_list) in gt_lists.items():
                keep = _indices(gt_list[i][0][j][0], len(boxes), f'{path}: {event}/{name}')
                subset_lines[s].append(' '.join([f'{event}/{name}'] + [str(k) for k in keep]))
    return '\n'.join(box_lines) + '\n', {s: '\n'.join(lines) + '\n' for s, lines in subset_lines.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('gt_dir', help='folder with wider_face_<split>.mat and wider_{easy,medium,hard}_<split>.mat')
    parser.add_argument('--out-ann', required=True, help='the box file to write (wider_face_val_bbx_gt.txt)')
    parser.add_argument('--out-subsets', required=True, help='the folder for easy.txt, medium.txt and hard.txt')
    parser.add_argument('--split', default='val', help='the split in the .mat file names (default: val)')
    args = parser.parse_args(argv)
    try:
        boxes, subsets = convert(args.gt_dir, args.split)
    except ConversionError as e:
        print(f'error: {e}', file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(args.out_ann)), exist_ok=True)
    with open(args.out_ann, 'w') as f:
        f.write(boxes)
    os.makedirs(args.out_subsets, exist_ok=True)
    for s, text in subsets.items():
        with open(os.path.join(args.out_subsets, f'{s}.txt'), 'w') as f:
            f.write(text)
    images = sum(1 for line in boxes.splitlines() if line.endswith('.jpg'))
    print(f'wrote {args.out_ann} ({images} images) and {", ".join(s + ".txt" for s in SUBSETS)} in {args.out_subsets}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
