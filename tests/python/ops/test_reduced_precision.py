"""float16 and bfloat16 for every op, forward and backward, and the ops under torch.autocast.

A reduced-precision call must equal the float32 op on the same values (the reduced inputs
converted up) within the dtype's tolerance; under autocast the ops take the float32 path as
torchvision's do, whatever mix of dtypes the layers around them produce."""
import pytest
import torch

from .test_nms import random_boxes
from .test_roi_ops import random_rois

DTYPES = [torch.float16, torch.bfloat16]


def close(actual, expected, dtype):
    assert actual.dtype == dtype
    torch.testing.assert_close(actual, expected.to(dtype))


def inputs(generator, dtype, device):
    x = torch.randn(2, 4, 12, 14, generator=generator).to(dtype).to(device)
    rois = random_rois(16, 2, 48, generator).to(dtype).to(device)
    return x, rois


@pytest.mark.parametrize("dtype", DTYPES)
def test_roi_align_forward_backward(ops, device, dtype):
    x, rois = inputs(torch.Generator().manual_seed(1), dtype, device)
    x.requires_grad_(True)
    out = ops.roi_align(x, rois, 0.25, 7, 7, 2, True)
    grad = torch.randn(out.shape, generator=torch.Generator().manual_seed(2)).to(dtype).to(device)
    out.backward(grad)
    x32 = x.detach().float().requires_grad_(True)
    ref = ops.roi_align(x32, rois.float(), 0.25, 7, 7, 2, True)
    ref.backward(grad.float())
    close(out.detach(), ref.detach(), dtype)
    close(x.grad, x32.grad, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_roi_pool_forward_backward(ops, device, dtype):
    x, rois = inputs(torch.Generator().manual_seed(3), dtype, device)
    x.requires_grad_(True)
    out, argmax = ops.roi_pool(x, rois, 0.25, 3, 3)
    out.sum().backward()
    x32 = x.detach().float().requires_grad_(True)
    ref, ref_argmax = ops.roi_pool(x32, rois.float(), 0.25, 3, 3)
    ref.sum().backward()
    close(out.detach(), ref.detach(), dtype)
    assert torch.equal(argmax, ref_argmax)
    close(x.grad, x32.grad, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_nms_family(ops, device, dtype):
    boxes, scores = random_boxes(300, torch.Generator().manual_seed(4), dtype=dtype)
    boxes, scores = boxes.to(device), scores.to(device)
    b32, s32 = boxes.float(), scores.float()
    assert torch.equal(ops.nms(boxes, scores, 0.5), ops.nms(b32, s32, 0.5))
    idxs = torch.arange(300, device=device) % 3
    assert torch.equal(ops.batched_nms(boxes, scores, idxs, 0.5), ops.batched_nms(b32, s32, idxs, 0.5))
    dets, keep = ops.soft_nms(boxes, scores, 0.3, 0.5, 1e-3, "linear")
    ref_dets, ref_keep = ops.soft_nms(b32, s32, 0.3, 0.5, 1e-3, "linear")
    assert torch.equal(keep, ref_keep)
    close(dets, ref_dets, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", ["iou", "iof", "giou"])
def test_bbox_overlaps(ops, device, dtype, mode):
    a, _ = random_boxes(40, torch.Generator().manual_seed(5), dtype=dtype)
    b, _ = random_boxes(30, torch.Generator().manual_seed(6), dtype=dtype)
    a, b = a.to(device), b.to(device)
    close(ops.bbox_overlaps(a, b, mode, False, 1e-6), ops.bbox_overlaps(a.float(), b.float(), mode, False, 1e-6), dtype)
    close(ops.bbox_overlaps(a[:30], b, mode, True, 1e-6),
          ops.bbox_overlaps(a[:30].float(), b.float(), mode, True, 1e-6), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_focal_loss_forward_backward(ops, device, dtype):
    g = torch.Generator().manual_seed(7)
    logits = (torch.randn(64, 5, generator=g) * 3).to(dtype).to(device).requires_grad_(True)
    targets = torch.randint(0, 6, (64,), generator=g).to(device)
    weight = torch.rand(64, generator=g).to(dtype).to(device)
    loss = ops.sigmoid_focal_loss(logits, targets, weight, 2.0, 0.25)
    loss.sum().backward()
    l32 = logits.detach().float().requires_grad_(True)
    ref = ops.sigmoid_focal_loss(l32, targets, weight.float(), 2.0, 0.25)
    ref.sum().backward()
    close(loss.detach(), ref.detach(), dtype)
    close(logits.grad, l32.grad, dtype)


def test_unsupported_dtypes_raise_clear_errors(ops):
    boxes = torch.tensor([[0.0, 0.0, 1.0, 1.0]])
    feat = torch.zeros(1, 1, 4, 4)
    rois = torch.zeros(1, 5)
    cases = [
        (lambda: ops.nms(boxes.to(torch.complex64), torch.ones(1), 0.5), "floating-point"),
        (lambda: ops.roi_align(feat.int(), rois.int(), 1.0, 2, 2, 0, True), "floating point"),
        (lambda: ops.roi_align(feat.half(), rois.bfloat16(), 1.0, 2, 2, 0, True), "same dtype"),
        (lambda: ops.sigmoid_focal_loss(torch.zeros(2, 3, dtype=torch.int32), torch.zeros(2, dtype=torch.long),
                                        None, 2.0, 0.25), "floating point"),
    ]
    for call, message in cases:
        with pytest.raises(RuntimeError, match=message):
            call()


def test_ops_under_cpu_autocast_take_float32_path(ops):
    g = torch.Generator().manual_seed(8)
    conv = torch.nn.Conv2d(3, 4, 3, padding=1)
    image = torch.randn(2, 3, 12, 14, generator=g)
    rois = random_rois(10, 2, 48, g).float()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        features = conv(image)  # bfloat16 under autocast; the RoIs stay float32
        assert features.dtype == torch.bfloat16
        pooled = ops.roi_align(features, rois, 0.25, 7, 7, 2, True)
        scores = features.mean(dim=(1, 2, 3)).repeat(5)
        boxes = random_boxes(10, g)[0].to(torch.bfloat16)
        keep = ops.nms(boxes, scores, 0.5)
        overlaps = ops.bbox_overlaps(boxes, boxes.float(), "iou", False, 1e-6)
    assert pooled.dtype == torch.bfloat16  # back in the input's dtype, as torchvision's RoIAlign
    close(pooled, ops.roi_align(features.float(), rois, 0.25, 7, 7, 2, True), torch.bfloat16)
    assert torch.equal(keep, ops.nms(boxes.float(), scores.float(), 0.5))
    assert overlaps.dtype == torch.float32
    torch.testing.assert_close(overlaps, ops.bbox_overlaps(boxes.float(), boxes.float(), "iou", False, 1e-6))
