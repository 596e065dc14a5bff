"""WIDER FACE's official evaluation in numpy: the reference the Java `eval --metric widerface` is
checked against.

Written from the published algorithm (WIDER FACE's `wider_eval.m` and its Python port
`widerface_evaluate/evaluation.py`, the one the RetinaFace implementations ship), step by step and
in the same arithmetic: float64 `bbox_overlaps` with the Fast R-CNN "+1" pixels over corners
`x + w`; scores normalised over every prediction file by (s - min) / (max - min) with max seeded at
0 and min at 1; `image_eval` matching predictions in file order to the face of highest IoU
(`argmax`: the first maximum), faces the subset does not keep acting as "ignore";
`img_pr_info` over `thresh_num = 1000` thresholds taking the file up to the last prediction at or
above the threshold; `dataset_pr_info`; `voc_ap`. Kept faces count towards recall in every image
(`count_face += len(keep_index)`); an image without faces or without predictions adds nothing
else. Divisions by zero give NaN/inf as numpy does (warnings silenced).

Ground truth is given as the port's nested structure, flattened to plain Python:
    [(event_name, [(file_name_without_extension, boxes (k, 4) x y w h, {'easy': keep, ...}), ...]), ...]
with `keep` the 1-based indices of the kept faces. `gt_from_mat` builds it from the four official
`.mat` files as the port's `get_gt_boxes` reads them.
"""
import os

import numpy as np

SETTINGS = ('easy', 'medium', 'hard')
THRESH_NUM = 1000
IOU_THRESH = 0.5


def bbox_overlaps(boxes, query_boxes):
    """(N, 4) x (K, 4) corner boxes -> (N, K) IoU, float64, both end pixels counted."""
    n, k_ = boxes.shape[0], query_boxes.shape[0]
    overlaps = np.zeros((n, k_), dtype=np.float64)
    for k in range(k_):
        q = query_boxes[k]
        box_area = (q[2] - q[0] + 1) * (q[3] - q[1] + 1)
        for i in range(n):
            b = boxes[i]
            iw = min(b[2], q[2]) - max(b[0], q[0]) + 1
            if iw > 0:
                ih = min(b[3], q[3]) - max(b[1], q[1]) + 1
                if ih > 0:
                    ua = float((b[2] - b[0] + 1) * (b[3] - b[1] + 1) + box_area - iw * ih)
                    overlaps[i, k] = iw * ih / ua
    return overlaps


def read_pred_file(path):
    """(image name without extension, (n, 5) float64) of one prediction file; the count line is
    not read, empty lines are skipped, the first five values of a line are taken."""
    with open(path) as f:
        lines = f.readlines()
    name = lines[0].rstrip('\r\n').split('/')[-1]
    boxes = []
    for line in lines[2:]:
        values = line.rstrip('\r\n').split(' ')
        if values[0] == '':
            continue
        boxes.append([float(v) for v in values[:5]])
    if name.endswith('.jpg'):
        name = name[:-len('.jpg')]
    return name, np.array(boxes)


def get_preds(pred_dir):
    preds = {}
    for event in os.listdir(pred_dir):
        event_dir = os.path.join(pred_dir, event)
        preds[event] = {}
        for txt in os.listdir(event_dir):
            name, boxes = read_pred_file(os.path.join(event_dir, txt))
            preds[event][name] = boxes
    return preds


def norm_score(preds):
    max_score, min_score = 0, 1
    for event in preds.values():
        for v in event.values():
            if len(v) == 0:
                continue
            max_score = max(np.max(v[:, -1]), max_score)
            min_score = min(np.min(v[:, -1]), min_score)
    diff = max_score - min_score
    for event in preds.values():
        for v in event.values():
            if len(v) == 0:
                continue
            v[:, -1] = (v[:, -1] - min_score) / diff


def image_eval(pred, gt, ignore, iou_thresh):
    """pred_recall (kept faces recalled up to each prediction) and proposal_list (-1: a
    prediction on an ignored face)."""
    pred = pred.copy()
    gt = gt.copy()
    pred_recall = np.zeros(pred.shape[0])
    recall_list = np.zeros(gt.shape[0])
    proposal_list = np.ones(pred.shape[0])
    pred[:, 2] = pred[:, 2] + pred[:, 0]
    pred[:, 3] = pred[:, 3] + pred[:, 1]
    gt[:, 2] = gt[:, 2] + gt[:, 0]
    gt[:, 3] = gt[:, 3] + gt[:, 1]
    overlaps = bbox_overlaps(pred[:, :4], gt)
    for h in range(pred.shape[0]):
        row = overlaps[h]
        max_overlap, max_idx = row.max(), row.argmax()
        if max_overlap >= iou_thresh:
            if ignore[max_idx] == 0:
                recall_list[max_idx] = -1
                proposal_list[h] = -1
            elif recall_list[max_idx] == 0:
                recall_list[max_idx] = 1
        pred_recall[h] = len(np.where(recall_list == 1)[0])
    return pred_recall, proposal_list


def img_pr_info(thresh_num, pred_info, proposal_list, pred_recall):
    pr_info = np.zeros((thresh_num, 2))
    for t in range(thresh_num):
        thresh = 1 - (t + 1) / thresh_num
        r_index = np.where(pred_info[:, 4] >= thresh)[0]
        if len(r_index) == 0:
            continue
        r_index = r_index[-1]
        pr_info[t, 0] = len(np.where(proposal_list[:r_index + 1] == 1)[0])
        pr_info[t, 1] = pred_recall[r_index]
    return pr_info


def dataset_pr_info(thresh_num, pr_curve, count_face):
    out = np.zeros((thresh_num, 2))
    for i in range(thresh_num):
        out[i, 0] = pr_curve[i, 1] / pr_curve[i, 0]
        out[i, 1] = pr_curve[i, 1] / count_face
    return out


def voc_ap(rec, prec):
    mrec = np.concatenate(([0.], rec, [1.]))
    mpre = np.concatenate(([0.], prec, [0.]))
    for i in range(mpre.size - 1, 0, -1):
        mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1])


def evaluate(pred_dir, gt, iou_thresh=IOU_THRESH, thresh_num=THRESH_NUM):
    """{'easy': ap, 'medium': ap, 'hard': ap} of the prediction folder against `gt`."""
    preds = get_preds(pred_dir)
    with np.errstate(divide='ignore', invalid='ignore'):
        norm_score(preds)
        aps = {}
        for setting in SETTINGS:
            count_face = 0
            pr_curve = np.zeros((thresh_num, 2))
            for event_name, images in gt:
                event_preds = preds[event_name]
                for name, gt_boxes, keep in images:
                    pred_info = event_preds[name]
                    gt_boxes = np.asarray(gt_boxes, dtype=np.float64).reshape(-1, 4)
                    keep_index = np.asarray(keep[setting], dtype=np.int64).reshape(-1)
                    count_face += len(keep_index)
                    if len(gt_boxes) == 0 or len(pred_info) == 0:
                        continue
                    ignore = np.zeros(gt_boxes.shape[0])
                    if len(keep_index) != 0:
                        ignore[keep_index - 1] = 1
                    pred_recall, proposal_list = image_eval(pred_info, gt_boxes, ignore, iou_thresh)
                    pr_curve += img_pr_info(thresh_num, pred_info, proposal_list, pred_recall)
            pr_curve = dataset_pr_info(thresh_num, pr_curve, count_face)
            aps[setting] = float(voc_ap(pr_curve[:, 1], pr_curve[:, 0]))
    return aps


def gt_from_mat(gt_dir, split='val'):
    """The ground truth of the official .mat files, indexed as the port's get_gt_boxes does."""
    from scipy.io import loadmat

    gt_mat = loadmat(os.path.join(gt_dir, f'wider_face_{split}.mat'))
    subsets = {s: loadmat(os.path.join(gt_dir, f'wider_{s}_{split}.mat'))['gt_list'] for s in SETTINGS}
    event_list, file_list, facebox_list = gt_mat['event_list'], gt_mat['file_list'], gt_mat['face_bbx_list']
    gt = []
    for i in range(len(event_list)):
        event = str(event_list[i][0][0])
        img_list = file_list[i][0]
        images = []
        for j in range(len(img_list)):
            keep = {s: subsets[s][i][0][j][0] for s in SETTINGS}
            images.append((str(img_list[j][0][0]), facebox_list[i][0][j][0].astype('float'), keep))
        gt.append((event, images))
    return gt
