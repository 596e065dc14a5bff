"""ArcLoss on cosine logits: values and gradients against the float64 formula (random angles,
angles past pi - m where the fallback applies, cos = +-1, no samples), the zero-margin case against
plain softmax cross-entropy, and bad settings."""
import json
import math

import pytest
import torch
import torch.nn.functional as F

from . import reference


def native(ops, cfg, pred, labels, weight=None, avg_factor=None):
    losses, _ = ops.loss_sequence(json.dumps({"type": "ArcLoss", **cfg}), [pred], [labels], [weight], avg_factor)
    return losses[0]


def cosine_logits(n, c, scale, seed):
    g = torch.Generator().manual_seed(seed)
    cos = torch.rand(n, c, generator=g, dtype=torch.float64) * 2 - 1
    labels = torch.randint(0, c, (n,), generator=g)
    return cos * scale, labels


@pytest.mark.parametrize("scale,margin", [(30.0, 0.5), (16.0, 0.2), (64.0, 0.0)])
@pytest.mark.parametrize("with_weight", [False, True])
def test_matches_the_formula(ops, scale, margin, with_weight):
    pred, labels = cosine_logits(40, 5, scale, seed=int(scale))
    # Edge angles: theta = 0 and pi exactly, and the target angle past pi - m (fallback branch).
    pred[0, labels[0]] = scale
    pred[1, labels[1]] = -scale
    pred[2, labels[2]] = scale * math.cos(math.pi - margin / 2)
    weight = torch.rand(40, dtype=torch.float64) if with_weight else None
    cfg = {"scale": scale, "margin": margin, "loss_weight": 2.0}
    x = pred.clone().requires_grad_()
    out = native(ops, cfg, x, labels, weight, 7.0)
    x_ref = pred.clone().requires_grad_()
    elementwise = lambda p, t: reference.arc_loss(p, t, scale, margin)  # noqa: E731
    ref = reference.weighted(elementwise, x_ref, labels, weight, "mean", 7.0, 2.0)
    torch.testing.assert_close(out.detach(), ref.detach(), rtol=1e-10, atol=1e-12)
    out.backward()
    ref.backward()
    torch.testing.assert_close(x.grad, x_ref.grad, rtol=1e-9, atol=1e-12)
    assert torch.isfinite(x.grad).all()


def test_without_margin_it_is_softmax_cross_entropy(ops):
    pred, labels = cosine_logits(25, 4, 20.0, seed=1)
    out = native(ops, {"scale": 20.0, "margin": 0.0}, pred, labels)
    torch.testing.assert_close(out, F.cross_entropy(pred, labels), rtol=1e-10, atol=1e-12)


def test_the_margin_raises_the_loss_of_correct_samples(ops):
    pred = torch.tensor([[0.9, 0.1, -0.3]], dtype=torch.float64) * 30
    labels = torch.tensor([0])
    assert native(ops, {"margin": 0.5}, pred, labels) > native(ops, {"margin": 0.0}, pred, labels)


def test_no_samples(ops):
    out = native(ops, {}, torch.zeros(0, 3, dtype=torch.float64), torch.zeros(0, dtype=torch.long), None, 1.0)
    assert out.item() == 0


@pytest.mark.parametrize("cfg,key", [({"scale": 0}, "scale"), ({"margin": 2.0}, "margin"), ({"s": 30}, "s")])
def test_bad_settings_name_the_key(ops, cfg, key):
    with pytest.raises(RuntimeError, match=f"loss.{key}"):
        native(ops, cfg, torch.zeros(1, 3), torch.zeros(1, dtype=torch.long))
