"""Box regression losses of registry "loss" (Balanced L1 and the IoU family): values and gradients
against mmdetection's formulas in float64, on random boxes and on the edge cases heads produce
(no boxes, zero-area boxes, identical boxes, all weights zero)."""
import json

import pytest
import torch

from . import reference

IOU_LOSSES = {
    "IoULoss": lambda p, t: reference.iou_loss(p, t, mode="log"),
    "IoULoss/linear": lambda p, t: reference.iou_loss(p, t, mode="linear"),
    "IoULoss/square": lambda p, t: reference.iou_loss(p, t, mode="square"),
    "GIoULoss": reference.giou_loss,
    "DIoULoss": reference.diou_loss,
    "CIoULoss": reference.ciou_loss,
    "BoundedIoULoss": reference.bounded_iou_loss,
}


def config(name, **extra):
    kind, _, mode = name.partition("/")
    cfg = {"type": kind, **extra}
    if mode:
        cfg["mode"] = mode
    return json.dumps(cfg)


def native(ops, cfg, pred, target, weight=None, avg_factor=None):
    losses, _ = ops.loss_sequence(cfg, [pred], [target], [weight], avg_factor)
    return losses[0]


def random_boxes(n, seed):
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g, dtype=torch.float64) * 50
    wh = torch.rand(n, 2, generator=g, dtype=torch.float64) * 40 + 1
    target = torch.cat([xy, xy + wh], 1)
    pred = target + torch.randn(n, 4, generator=g, dtype=torch.float64) * 6
    # Keep predictions proper boxes (x2 > x1), as decoded boxes are.
    pred[:, 2:] = torch.max(pred[:, 2:], pred[:, :2] + 0.5)
    return pred, target


def check(ops, name, pred, target, weight=None, avg_factor=None, reduction="mean", loss_weight=1.0):
    elementwise = IOU_LOSSES[name]
    per_box = not name.startswith("BoundedIoULoss")
    cfg = config(name, reduction=reduction, loss_weight=loss_weight)
    x_ref = pred.clone().requires_grad_()
    ref = reference.box_loss(elementwise, x_ref, target, weight, reduction, avg_factor, loss_weight, per_box)
    x = pred.clone().requires_grad_()
    out = native(ops, cfg, x, target, weight, avg_factor)
    torch.testing.assert_close(out.detach(), ref.detach(), rtol=1e-10, atol=1e-12)
    upstream = torch.rand(ref.shape, dtype=torch.float64)
    ref.backward(upstream)
    out.backward(upstream)
    torch.testing.assert_close(x.grad, x_ref.grad, rtol=1e-9, atol=1e-12, equal_nan=True)


@pytest.mark.parametrize("name", sorted(IOU_LOSSES))
@pytest.mark.parametrize("weight_kind", [None, "box", "coordinate"])
def test_iou_losses_match_mmdetection(ops, name, weight_kind):
    pred, target = random_boxes(40, seed=len(name))
    g = torch.Generator().manual_seed(7)
    weight = {None: None, "box": torch.rand(40, generator=g, dtype=torch.float64),
              "coordinate": torch.rand(40, 4, generator=g, dtype=torch.float64)}[weight_kind]
    if name.startswith("BoundedIoULoss") and weight_kind == "box":
        weight = weight[:, None].expand(40, 4).contiguous()  # its loss is per coordinate
    check(ops, name, pred, target, weight, avg_factor=None)
    check(ops, name, pred, target, weight, avg_factor=17.0, loss_weight=2.5)
    check(ops, name, pred, target, weight, reduction="sum")


@pytest.mark.parametrize("name", sorted(IOU_LOSSES))
def test_iou_losses_on_edge_cases(ops, name):
    pred, target = random_boxes(6, seed=3)
    # Identical boxes: IoU 1 (and no distance or aspect penalty).
    check(ops, name, target.clone(), target)
    # Zero-area predictions (a collapsed side) and a pair that does not overlap.
    degenerate = pred.clone()
    degenerate[0, 2] = degenerate[0, 0]
    degenerate[1, 3] = degenerate[1, 1]
    degenerate[2] = torch.tensor([200.0, 200.0, 210.0, 230.0], dtype=torch.float64)
    check(ops, name, degenerate, target, torch.ones(6, 4, dtype=torch.float64))
    # All weights zero: a zero loss with zero gradients, even for boxes whose loss is not finite.
    collapsed = degenerate.clone()
    collapsed[3] = collapsed[3, :2].repeat(2)
    check(ops, name, collapsed, collapsed, torch.zeros(6, 4, dtype=torch.float64), avg_factor=1.0)
    # No boxes: zero (no weight is positive).
    empty = torch.zeros(0, 4, dtype=torch.float64)
    check(ops, name, empty, empty, torch.zeros(0, 4, dtype=torch.float64), avg_factor=1.0)


@pytest.mark.parametrize("alpha,gamma,beta", [(0.5, 1.5, 1.0), (0.3, 2.0, 0.5)])
def test_balanced_l1_matches_mmdetection(ops, alpha, gamma, beta):
    g = torch.Generator().manual_seed(11)
    pred = torch.randn(30, 4, generator=g, dtype=torch.float64) * 2
    target = torch.randn(30, 4, generator=g, dtype=torch.float64)
    pred[0] = target[0]  # no difference: zero loss, zero gradient
    weight = (torch.rand(30, 4, generator=g, dtype=torch.float64) > 0.3).double()
    cfg = json.dumps({"type": "BalancedL1Loss", "alpha": alpha, "gamma": gamma, "beta": beta, "loss_weight": 1.5})
    x_ref = pred.clone().requires_grad_()
    ref = 1.5 * reference.weight_reduce_loss(reference.balanced_l1(x_ref, target, alpha, gamma, beta), weight,
                                             "mean", 12.0)
    x = pred.clone().requires_grad_()
    out = native(ops, cfg, x, target, weight, 12.0)
    torch.testing.assert_close(out.detach(), ref.detach(), rtol=1e-12, atol=1e-12)
    ref.backward()
    out.backward()
    torch.testing.assert_close(x.grad, x_ref.grad, rtol=1e-12, atol=1e-12)
    # No boxes with an avg_factor: zero.
    empty = torch.zeros(0, 4, dtype=torch.float64)
    assert native(ops, cfg, empty, empty, empty, 1.0).item() == 0


def test_bad_loss_configs_name_the_key(ops):
    with pytest.raises(RuntimeError, match=r"loss\.mode"):
        native(ops, json.dumps({"type": "IoULoss", "mode": "cube"}), *random_boxes(2, 0))
    with pytest.raises(RuntimeError, match=r"loss\.beta: must be positive"):
        native(ops, json.dumps({"type": "BalancedL1Loss", "beta": 0}), *random_boxes(2, 0))
    with pytest.raises(RuntimeError, match=r"loss\.bta: unknown key for BoundedIoULoss"):
        native(ops, json.dumps({"type": "BoundedIoULoss", "bta": 0.1}), *random_boxes(2, 0))
