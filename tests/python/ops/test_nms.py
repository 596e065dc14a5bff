"""NMS family against the float64 reference: keep sets, including ties, zero-area boxes and IoU
exactly at the threshold."""
import pytest
import torch

from . import reference


def random_boxes(n, generator, dtype=torch.float32, quantize_scores=False):
    xy = torch.rand(n, 2, generator=generator, dtype=torch.float64) * 100
    wh = torch.rand(n, 2, generator=generator, dtype=torch.float64) * 30 + 1
    boxes = torch.cat([xy, xy + wh], dim=1)
    scores = torch.rand(n, generator=generator, dtype=torch.float64)
    if quantize_scores:  # many exact ties
        scores = (scores * 5).floor() / 5
    return boxes.to(dtype), scores.to(dtype)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.7])
def test_nms_matches_reference(ops, device, seed, threshold):
    g = torch.Generator().manual_seed(seed)
    boxes, scores = random_boxes(300, g, dtype=torch.float64, quantize_scores=seed % 2 == 0)
    boxes[::37, 2] = boxes[::37, 0]  # zero-area boxes
    keep = ops.nms(boxes.to(device), scores.to(device), threshold).cpu().tolist()
    assert keep == reference.nms(boxes, scores, threshold)


def test_nms_float32_matches_reference(ops, device):
    g = torch.Generator().manual_seed(11)
    boxes, scores = random_boxes(2000, g)
    keep = ops.nms(boxes.to(device), scores.to(device), 0.5).cpu().tolist()
    assert keep == reference.nms(boxes, scores, 0.5)


def test_iou_exactly_at_threshold_is_not_suppressed(ops, device):
    # IoU = 50 / 100 exactly for (0) vs (1); 50 / 150 for (0) vs (2).
    boxes = torch.tensor([[0, 0, 10, 10], [0, 0, 10, 5], [5, 0, 15, 10]], dtype=torch.float32)
    scores = torch.tensor([0.9, 0.8, 0.7])
    assert ops.nms(boxes.to(device), scores.to(device), 0.5).cpu().tolist() == [0, 1, 2]
    assert ops.nms(boxes.to(device), scores.to(device), 1 / 3 - 1e-6).cpu().tolist() == [0]


def test_tied_scores_keep_lower_index(ops, device):
    boxes = torch.tensor([[0, 0, 10, 10]] * 4, dtype=torch.float32)
    scores = torch.tensor([0.3, 0.7, 0.7, 0.1])
    assert ops.nms(boxes.to(device), scores.to(device), 0.5).cpu().tolist() == [1]


def test_grid_handles_huge_and_tiny_boxes(ops, device):
    g = torch.Generator().manual_seed(3)
    boxes, scores = random_boxes(1000, g, dtype=torch.float64)
    boxes[:20] = torch.tensor([0.0, 0.0, 1000.0, 1000.0])  # cover every cell
    boxes[20:40, 2:] = boxes[20:40, :2] + 1e-3
    keep = ops.nms(boxes.to(device), scores.to(device), 0.01).cpu().tolist()
    assert keep == reference.nms(boxes, scores, 0.01)


@pytest.mark.parametrize("seed", range(4))
def test_batched_nms_matches_per_class_reference(ops, device, seed):
    g = torch.Generator().manual_seed(100 + seed)
    boxes, scores = random_boxes(400, g, dtype=torch.float64, quantize_scores=seed == 0)
    idxs = torch.randint(0, 7, (400,), generator=g)
    keep = ops.batched_nms(boxes.to(device), scores.to(device), idxs.to(device), 0.5)
    assert keep.cpu().tolist() == reference.batched_nms(boxes, scores, idxs, 0.5)


@pytest.mark.parametrize("method", ["linear", "gaussian", "naive"])
def test_soft_nms_matches_reference(ops, device, method):
    g = torch.Generator().manual_seed(7)
    boxes, scores = random_boxes(150, g, dtype=torch.float64)
    dets, keep = ops.soft_nms(boxes.to(device), scores.to(device), 0.3, 0.5, 0.05, method)
    ref_keep, ref_scores = reference.soft_nms(boxes, scores, 0.3, 0.5, 0.05, method)
    assert keep.cpu().tolist() == ref_keep
    torch.testing.assert_close(dets[:, 4].cpu(), torch.tensor(ref_scores, dtype=torch.float64),
                               rtol=1e-12, atol=0)
    torch.testing.assert_close(dets[:, :4].cpu(), boxes[ref_keep])


def test_empty_inputs(ops, device):
    empty_boxes = torch.zeros(0, 4, device=device)
    empty_scores = torch.zeros(0, device=device)
    assert ops.nms(empty_boxes, empty_scores, 0.5).numel() == 0
    assert ops.batched_nms(empty_boxes, empty_scores, torch.zeros(0, dtype=torch.long,
                                                                  device=device), 0.5).numel() == 0
    dets, keep = ops.soft_nms(empty_boxes, empty_scores, 0.3, 0.5, 1e-3, "linear")
    assert dets.shape == (0, 5) and keep.numel() == 0
