"""CrossEntropyLoss(use_sigmoid=True) with probabilities of the logits' shape as targets (FCOS's
centerness branch, mmdetection's binary_cross_entropy when label and pred have the same rank):
values and gradients against the float64 formula."""
import json

import pytest
import torch

from . import reference


def native(ops, cfg, pred, target, weight=None, avg_factor=None):
    losses, _ = ops.loss_sequence(json.dumps(cfg), [pred], [target], [weight], avg_factor)
    return losses[0]


@pytest.mark.parametrize("n", [0, 1, 37])
@pytest.mark.parametrize("avg_factor", [None, 5.0])
def test_soft_targets_match_the_formula(ops, n, avg_factor):
    g = torch.Generator().manual_seed(n)
    pred = (torch.randn(n, generator=g, dtype=torch.float64) * 4).requires_grad_()
    target = torch.rand(n, generator=g, dtype=torch.float64)
    target[: n // 3] = 0.0  # edge targets: 0 and 1
    target[n // 3 : n // 2] = 1.0
    cfg = {"type": "CrossEntropyLoss", "use_sigmoid": True, "loss_weight": 0.5}
    out = native(ops, cfg, pred, target, None, avg_factor)
    x_ref = pred.detach().clone().requires_grad_()
    ref = reference.weighted(reference.sigmoid_cross_entropy_soft, x_ref, target, None, "mean", avg_factor, 0.5)
    torch.testing.assert_close(out.detach(), ref.detach(), rtol=1e-10, atol=1e-12, equal_nan=True)
    if n:
        out.backward()
        ref.backward()
        torch.testing.assert_close(pred.grad, x_ref.grad, rtol=1e-9, atol=1e-12)


def test_integer_targets_of_the_logits_shape_are_probabilities_too(ops):
    pred = torch.tensor([-2.0, 0.5, 3.0], dtype=torch.float64)
    cfg = {"type": "CrossEntropyLoss", "use_sigmoid": True}
    as_long = native(ops, cfg, pred, torch.tensor([0, 1, 1]))
    as_float = native(ops, cfg, pred, torch.tensor([0.0, 1.0, 1.0], dtype=torch.float64))
    torch.testing.assert_close(as_long, as_float)
