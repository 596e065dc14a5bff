"""Random WIDER FACE ground truth, subsets and predictions that exercise the official
evaluation's corner cases: images without faces (the box file's count 0 and its line of zeros),
images whose faces no subset keeps, images without predictions, predictions exactly at IoU 0.5
(whole-pixel boxes under the "+1" convention), several predictions on one face, faces given twice
(IoU ties), tied scores, files not sorted by score, and score ranges inside and outside [0, 1].

Everything is drawn from a seeded numpy Generator, so a failing case is reproduced from its
seed. The files are written here, in the spelling of the official files and RetinaFace's test
script (trailing spaces, names without extension on the predictions' first line), not by the
Java writers under test.
"""
import os

import numpy as np

SETTINGS = ('easy', 'medium', 'hard')


def make_dataset(seed, num_events=4, images_per_event=20):
    """The ground truth in widerface_reference's structure and the predictions per image
    ({(event, name): (n, 5) array}), plus predictions for images outside the ground truth."""
    rng = np.random.default_rng(seed)
    # Inside [0, 1], inside with margins, above 1 (min's seed 1 applies), below 0 (max's seed 0).
    score_scale, score_shift = [(1.0, 0.0), (0.7, 0.15), (5.0, 2.0), (2.0, -3.0)][seed % 4]
    gt, preds = [], {}
    for e in range(num_events):
        event = f'{e}--Event{e}'
        images = []
        for j in range(images_per_event):
            name = f'{e}_Event{e}_img_{j}'
            n = int(rng.choice([0, 1, 2, 3, 5, 8], p=[0.1, 0.2, 0.2, 0.2, 0.15, 0.15]))
            size = rng.integers(2, 80, n) if rng.random() < 0.8 else rng.integers(0, 8, n)
            boxes = np.stack([rng.integers(0, 400, n), rng.integers(0, 400, n),
                              size, (size * rng.uniform(0.8, 1.4, n)).astype(int)], axis=1).reshape(-1, 4)
            if n and rng.random() < 0.1:
                boxes[0, 2] = 0                       # a zero-width face
            if n and rng.random() < 0.2:              # a face given twice: IoU ties, argmax takes the first
                boxes = np.vstack([boxes, boxes[:1]])
                n += 1
            hard = [k + 1 for k in range(n) if rng.random() < 0.8]
            medium = [k for k in hard if rng.random() < 0.75]
            easy = [k for k in medium if rng.random() < 0.6]
            if n and rng.random() < 0.1:
                hard = medium = easy = []             # every face ignored
            keep = {'easy': easy, 'medium': medium, 'hard': hard}
            for s in SETTINGS:
                rng.shuffle(keep[s])
            images.append((name, boxes.astype(np.float64), keep))
            preds[(event, name)] = _predictions(rng, boxes, score_scale, score_shift)
        gt.append((event, images))
    # A prediction file for an image the ground truth does not list: it still takes part in the
    # score normalisation.
    extra = np.array([[10, 10, 20, 20, score_shift + score_scale * 1.1]]) if seed % 2 else np.zeros((0, 5))
    preds[('0--Event0', '0_Event0_not_in_gt')] = extra
    return gt, preds


def _predictions(rng, faces, scale, shift):
    if rng.random() < 0.15:
        return np.zeros((0, 5))                       # an image without predictions
    rows, hits = [], []
    for x, y, w, h in faces:
        if rng.random() < 0.75:
            if rng.random() < 0.3:                    # whole pixels: IoU often exactly on 0.5
                d = rng.integers(-3, 4, 4)
                rows.append([x + d[0], y + d[1], max(0, w + d[2]), max(0, h + d[3])])
            else:
                d = rng.normal(0, 0.08 * (w + h + 2) / 2, 4)
                rows.append([round(x + d[0], 3), round(y + d[1], 3), round(max(0.0, w + d[2]), 3),
                             round(max(0.0, h + d[3]), 3)])
            hits.append(True)
            if rng.random() < 0.15:                   # a second prediction on the same face
                rows.append(list(rows[-1]))
                hits.append(True)
    for _ in range(int(rng.integers(0, 4))):          # false positives
        hits.append(False)
        rows.append([round(float(rng.uniform(0, 450)), 2), round(float(rng.uniform(0, 450)), 2),
                     round(float(rng.uniform(1, 60)), 2), round(float(rng.uniform(1, 60)), 2)])
    if not rows:
        return np.zeros((0, 5))
    # Hits score higher on average, so that the APs are far from 0 and 1.
    scores = np.where(hits, rng.uniform(0.3, 1.0, len(rows)), rng.uniform(0.0, 0.7, len(rows)))
    if len(rows) > 2 and rng.random() < 0.3:
        scores[1] = scores[0]                         # a tie
    scores = np.round(shift + scale * scores, 6)
    out = np.column_stack([np.array(rows, dtype=np.float64), scores])
    if rng.random() < 0.85:                           # detectors write by descending score
        out = out[np.argsort(-out[:, 4], kind='stable')]
    return out


def _num(v):
    v = float(v)
    return str(int(v)) if v == int(v) else repr(v)


def write_box_file(path, gt):
    """The released layout, trailing spaces and the zero-face placeholder included."""
    with open(path, 'w') as f:
        for event, images in gt:
            for name, boxes, _ in images:
                f.write(f'{event}/{name}.jpg\n{len(boxes)}\n')
                if len(boxes) == 0:
                    f.write('0 0 0 0 0 0 0 0 0 0 \n')
                for x, y, w, h in boxes.astype(int):
                    f.write(f'{x} {y} {w} {h} 0 0 0 0 0 0 \n')


def write_subsets(dir_, gt):
    os.makedirs(dir_, exist_ok=True)
    for s in SETTINGS:
        with open(os.path.join(dir_, f'{s}.txt'), 'w') as f:
            for event, images in gt:
                for name, _, keep in images:
                    f.write(' '.join([f'{event}/{name}'] + [str(k) for k in keep[s]]) + '\n')


def write_predictions(dir_, preds):
    """RetinaFace's test-script spelling: name without extension, a space after each value."""
    for (event, name), boxes in preds.items():
        os.makedirs(os.path.join(dir_, event), exist_ok=True)
        with open(os.path.join(dir_, event, f'{name}.txt'), 'w') as f:
            f.write(f'{name}\n{len(boxes)}\n')
            for row in boxes:
                f.write(' '.join(_num(v) for v in row) + ' \n')
