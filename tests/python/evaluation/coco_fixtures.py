"""Random COCO ground truth and detections that exercise pycocotools' corner cases.

Used by the parity test and by benchmarks/evaluation. Everything is drawn from a seeded
numpy Generator, so a failing case can be reproduced from its seed.
"""
import numpy as np

CATEGORY_IDS = [1, 3, 7, 8, 12, 20]      # non-contiguous on purpose
NO_GT_CATEGORY = 20                       # has detections but no ground truth
NO_DT_CATEGORY = 12                       # has ground truth but no detections


def _box_in(rng, h, w, boundary=None):
    if boundary is not None:              # an area exactly on a range bound (32**2, 96**2)
        side = boundary
        side_w = min(side, w - 1)
        side_h = (side * side) / side_w
        return [float(rng.integers(0, max(1, w - side_w))), 0.0, float(side_w), float(side_h)]
    bw = float(rng.uniform(2, w * 0.9))
    bh = float(rng.uniform(2, h * 0.9))
    x = float(rng.uniform(0, w - bw))
    y = float(rng.uniform(0, h - bh))
    return [round(x, 2), round(y, 2), round(bw, 2), round(bh, 2)]


def _polygon_in(rng, box):
    x, y, bw, bh = box
    cx, cy = x + bw / 2, y + bh / 2
    n = int(rng.integers(3, 9))
    ang = np.sort(rng.uniform(0, 2 * np.pi, n))
    rad = rng.uniform(0.5, 1.0, n)
    pts = []
    for a, r in zip(ang, rad):
        pts += [round(cx + np.cos(a) * r * bw / 2, 2), round(cy + np.sin(a) * r * bh / 2, 2)]
    return pts


def _mask_in(rng, h, w, box, holes=0.15):
    m = np.zeros((h, w), dtype=np.uint8, order='F')
    x, y, bw, bh = [int(v) for v in box]
    m[y:y + max(1, bh), x:x + max(1, bw)] = 1
    m[rng.random((h, w)) < holes] = 0
    return np.asfortranarray(m)


def _uncompressed(mask):
    flat = mask.flatten(order='F')
    counts, cur, run = [], 0, 0
    for v in flat:
        if v != cur:
            counts.append(run)
            run, cur = 0, v
        run += 1
    counts.append(run)
    return counts


def make_dataset(seed, num_images=40, segm=False, max_gt=8, many_dets_every=7):
    """Returns (gt_dict, detections_list)."""
    from pycocotools import mask as mask_utils
    rng = np.random.default_rng(seed)
    images, anns, dets = [], [], []
    ann_id = 1
    for i in range(num_images):
        img_id = int(1000 + 3 * i)
        h, w = int(rng.integers(60, 160)), int(rng.integers(60, 160))
        images.append({'id': img_id, 'height': h, 'width': w, 'file_name': f'{img_id}.jpg'})
        num_gt = 0 if i % 5 == 0 else int(rng.integers(1, max_gt + 1))
        gts = []
        for _ in range(num_gt):
            cat = int(rng.choice([c for c in CATEGORY_IDS if c != NO_GT_CATEGORY]))
            boundary = [32, 96, None, None, None, None][int(rng.integers(0, 6))]
            box = _box_in(rng, h, w, boundary if not segm else None)
            crowd = int(rng.random() < 0.12)
            ann = {'id': ann_id, 'image_id': img_id, 'category_id': cat, 'bbox': box,
                   'iscrowd': crowd}
            ann_id += 1
            if segm:
                kind = rng.random()
                if crowd:
                    m = _mask_in(rng, h, w, box)
                    ann['segmentation'] = {'size': [h, w], 'counts': _uncompressed(m)}
                    ann['area'] = float(m.sum())
                elif kind < 0.3:
                    rle = mask_utils.encode(_mask_in(rng, h, w, box))
                    rle['counts'] = rle['counts'].decode('ascii')
                    ann['segmentation'] = rle
                    ann['area'] = float(mask_utils.area(rle))
                else:
                    polys = [_polygon_in(rng, box)]
                    if kind > 0.8:
                        polys.append(_polygon_in(rng, _box_in(rng, h, w)))
                    rles = mask_utils.frPyObjects(polys, h, w)
                    ann['segmentation'] = polys
                    ann['area'] = float(mask_utils.area(mask_utils.merge(rles)))
                if rng.random() < 0.1:  # area on a range bound, whatever the mask
                    ann['area'] = float([32 * 32, 96 * 96][int(rng.integers(0, 2))])
            else:
                ann['area'] = box[2] * box[3] if boundary else round(box[2] * box[3] * rng.uniform(0.6, 1.0), 3)
            anns.append(ann)
            gts.append(ann)
        num_dt = 150 if i % many_dets_every == 3 else int(rng.integers(0, 25))
        for _ in range(num_dt):
            if gts and rng.random() < 0.6:
                g = gts[int(rng.integers(0, len(gts)))]
                cat = g['category_id'] if rng.random() < 0.85 else int(rng.choice(CATEGORY_IDS))
                jit = rng.normal(0, 0.08, 4) * np.array([g['bbox'][2], g['bbox'][3]] * 2)
                box = [round(float(v), 2) for v in np.array(g['bbox']) + jit]
                box[2], box[3] = max(box[2], 1.0), max(box[3], 1.0)
            else:
                cat = int(rng.choice([c for c in CATEGORY_IDS if c != NO_DT_CATEGORY]))
                box = _box_in(rng, h, w, [32, 96, None, None][int(rng.integers(0, 4))] if not segm else None)
            if cat == NO_DT_CATEGORY:
                cat = NO_GT_CATEGORY
            # Two decimals: many tied scores, across and within images.
            d = {'image_id': img_id, 'category_id': cat, 'bbox': box,
                 'score': round(float(rng.random()), 2)}
            if segm:
                rle = mask_utils.encode(_mask_in(rng, h, w, [max(0, v) for v in box], holes=0.02))
                rle['counts'] = rle['counts'].decode('ascii')
                d['segmentation'] = rle
            dets.append(d)
    cats = [{'id': c, 'name': f'cat{c}', 'supercategory': 'thing'} for c in CATEGORY_IDS]
    gt = {'info': {}, 'images': images, 'annotations': anns, 'categories': cats}
    return gt, dets
