"""bbox_overlaps against the float64 reference (mmdetection v2 semantics)."""
import pytest
import torch

from . import reference
from .test_nms import random_boxes


@pytest.mark.parametrize("mode", ["iou", "iof", "giou"])
@pytest.mark.parametrize("aligned", [False, True])
def test_bbox_overlaps_matches_reference(ops, device, mode, aligned):
    g = torch.Generator().manual_seed(5)
    a, _ = random_boxes(60, g, dtype=torch.float64)
    b, _ = random_boxes(60 if aligned else 45, g, dtype=torch.float64)
    a[3, 2] = a[3, 0]  # zero area
    out = ops.bbox_overlaps(a.to(device), b.to(device), mode, aligned, 1e-6).cpu()
    torch.testing.assert_close(out, reference.bbox_overlaps(a, b, mode, aligned),
                               rtol=1e-12, atol=1e-12)


def test_bbox_overlaps_float32(ops, device):
    g = torch.Generator().manual_seed(6)
    a, _ = random_boxes(30, g)
    b, _ = random_boxes(40, g)
    out = ops.bbox_overlaps(a.to(device), b.to(device), "giou", False, 1e-6).cpu()
    torch.testing.assert_close(out.double(), reference.bbox_overlaps(a, b, "giou", False),
                               rtol=1e-5, atol=1e-6)


def test_bbox_overlaps_empty(ops, device):
    a = torch.zeros(0, 4, device=device)
    b = torch.tensor([[0.0, 0, 1, 1]], device=device)
    assert ops.bbox_overlaps(a, b, "iou", False, 1e-6).shape == (0, 1)
    assert ops.bbox_overlaps(b, a, "iou", False, 1e-6).shape == (1, 0)
