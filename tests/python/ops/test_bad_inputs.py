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
    ] + deform_conv_cases(ops)


def deform_conv_cases(ops):
    x, w, off = torch.zeros(1, 4, 5, 5), torch.zeros(2, 4, 3, 3), torch.zeros(1, 18, 5, 5)

    def dcn(x=x, w=w, off=off, mask=None, bias=None, stride=(1, 1), padding=(1, 1), groups=1, dg=1):
        return lambda: ops.deform_conv2d(x, w, off, mask, bias, list(stride), list(padding), [1, 1], groups, dg)

    return [
        ("dcn offset channels", dcn(off=torch.zeros(1, 9, 5, 5)), "offset must have shape (1, 18, 5, 5)"),
        ("dcn offset size", dcn(off=torch.zeros(1, 18, 4, 5)), "got [1, 18, 4, 5]"),
        ("dcn mask shape", dcn(mask=torch.zeros(1, 18, 5, 5)), "mask must have shape (1, 9, 5, 5)"),
        ("dcn dtype", dcn(off=off.double()), "offset must have the input's dtype"),
        ("dcn integer input", dcn(x=x.long(), w=w.long(), off=off.long()), "floating point"),
        ("dcn weight channels", dcn(w=torch.zeros(2, 3, 3, 3)), "expects 3 input channels"),
        ("dcn groups", dcn(groups=3), "divisible by groups"),
        ("dcn deform groups", dcn(dg=3), "divisible by deform_groups"),
        ("dcn bias", dcn(bias=torch.zeros(3)), "bias must have shape (2)"),
        ("dcn stride", dcn(stride=(0, 1)), "stride must be >= 1"),
        ("dcn kernel too large", dcn(padding=(0, 0), x=torch.zeros(1, 4, 2, 2)), "smaller than the dilated kernel"),
        ("dcn devices", dcn(off=off.to("meta")), "Meta tensors"),
    ]


def test_bad_inputs_raise_clear_errors(ops):
    for name, call, expected in cases(ops):
        with pytest.raises(RuntimeError) as info:
            call()
        assert expected in str(info.value), f"{name}: {info.value}"
