"""Every op rejects malformed input with a clear RuntimeError and never crashes the process."""
import math

import pytest
import torch

BOX = [[0.0, 0.0, 10.0, 10.0]]


def cases(ops):
    ok_boxes, ok_scores = torch.tensor(BOX), torch.tensor([0.9])
    feat = torch.zeros(1, 2, 8, 8)
    return [
        ("wrong rank", lambda: ops.nms(torch.zeros(4), ok_scores, 0.5), "shape (N, 4)"),
        ("mismatched lengths", lambda: ops.nms(ok_boxes, torch.tensor([0.9, 0.1]), 0.5),
         "scores has 2 elements but there are 1 boxes"),
        ("nan coordinate", lambda: ops.nms(torch.tensor([[0.0, math.nan, 1, 1]]), ok_scores, 0.5),
         "boxes[0] has a NaN"),
        ("nan score", lambda: ops.nms(ok_boxes, torch.tensor([math.nan]), 0.5), "NaN"),
        ("x2 < x1", lambda: ops.nms(torch.tensor([[5.0, 0, 1, 1]]), ok_scores, 0.5),
         "x2 < x1"),
        ("wrong dtype", lambda: ops.nms(ok_boxes.long(), ok_scores, 0.5), "floating-point"),
        ("nan threshold", lambda: ops.nms(ok_boxes, ok_scores, math.nan), "iou_threshold"),
        ("batched idxs dtype", lambda: ops.batched_nms(ok_boxes, ok_scores,
                                                       torch.tensor([0.0]), 0.5), "int64"),
        ("soft_nms method", lambda: ops.soft_nms(ok_boxes, ok_scores, 0.3, 0.5, 1e-3, "cubic"),
         "method"),
        ("overlaps aligned", lambda: ops.bbox_overlaps(ok_boxes, torch.zeros(2, 4), "iou", True,
                                                       1e-6), "aligned"),
        ("overlaps mode", lambda: ops.bbox_overlaps(ok_boxes, ok_boxes, "dice", False, 1e-6),
         "mode"),
        ("roi_align rank", lambda: ops.roi_align(torch.zeros(2, 8, 8), torch.zeros(1, 5), 1.0,
                                                 7, 7, 0, True), "(N, C, H, W)"),
        ("roi_align batch index", lambda: ops.roi_align(feat, torch.tensor([[3.0, 0, 0, 4, 4]]),
                                                        1.0, 7, 7, 0, True), "batch index"),
        ("roi_align x2 < x1", lambda: ops.roi_align(feat, torch.tensor([[0.0, 5, 0, 4, 4]]), 1.0,
                                                    7, 7, 0, True), "x2 < x1"),
        ("roi_align nan", lambda: ops.roi_align(feat, torch.tensor([[0.0, math.nan, 0, 4, 4]]),
                                                1.0, 7, 7, 0, True), "NaN"),
        ("roi_align dtype", lambda: ops.roi_align(feat, torch.zeros(1, 5).double(), 1.0, 7, 7,
                                                  0, True), "same dtype"),
        ("roi_pool rois shape", lambda: ops.roi_pool(feat, torch.zeros(1, 4), 1.0, 7, 7),
         "(K, 5)"),
        ("focal target range", lambda: ops.sigmoid_focal_loss(torch.zeros(2, 3),
                                                              torch.tensor([0, 4]), None, 2.0,
                                                              0.25), "targets[1] = 4"),
        ("focal target dtype", lambda: ops.sigmoid_focal_loss(torch.zeros(2, 3),
                                                              torch.tensor([0.0, 1.0]), None,
                                                              2.0, 0.25), "int64"),
        ("focal weight shape", lambda: ops.sigmoid_focal_loss(torch.zeros(2, 3),
                                                              torch.tensor([0, 1]),
                                                              torch.zeros(3), 2.0, 0.25),
         "per sample"),
    ]


def test_bad_inputs_raise_clear_errors(ops):
    for name, call, expected in cases(ops):
        with pytest.raises(RuntimeError) as info:
            call()
        assert expected in str(info.value), f"{name}: {info.value}"
