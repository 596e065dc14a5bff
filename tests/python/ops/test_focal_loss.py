"""Fused sigmoid focal loss: values and gradients against the float64 reference."""
import pytest
import torch

from . import reference


@pytest.mark.parametrize("gamma,alpha", [(2.0, 0.25), (0.0, 0.5), (1.5, 0.75)])
@pytest.mark.parametrize("weight_kind", [None, "sample", "element"])
def test_focal_loss_matches_reference(ops, device, gamma, alpha, weight_kind):
    g = torch.Generator().manual_seed(2)
    n, c = 64, 5
    logits = torch.randn(n, c, generator=g, dtype=torch.float64) * 4
    logits[0, 0], logits[1, 1] = 40.0, -40.0  # saturated sigmoid: no inf or nan
    targets = torch.randint(0, c + 1, (n,), generator=g)  # c = background
    weight = {None: None, "sample": torch.rand(n, generator=g, dtype=torch.float64),
              "element": torch.rand(n, c, generator=g, dtype=torch.float64)}[weight_kind]
    x_ref = logits.clone().requires_grad_()
    ref = reference.sigmoid_focal_loss(x_ref, targets, gamma, alpha, weight)
    x = logits.to(device).requires_grad_()
    out = ops.sigmoid_focal_loss(x, targets.to(device),
                                 None if weight is None else weight.to(device), gamma, alpha)
    torch.testing.assert_close(out.detach().cpu(), ref.detach(), rtol=1e-5, atol=1e-12)
    upstream = torch.rand(n, c, generator=g, dtype=torch.float64)
    ref.backward(upstream)
    out.backward(upstream.to(device))
    torch.testing.assert_close(x.grad.cpu(), x_ref.grad, rtol=1e-5, atol=1e-12)


def test_focal_loss_float32_and_gradcheck(ops, device):
    g = torch.Generator().manual_seed(3)
    logits = torch.randn(20, 4, generator=g, dtype=torch.float64)
    targets = torch.randint(0, 5, (20,), generator=g)
    out = ops.sigmoid_focal_loss(logits.float().to(device), targets.to(device), None, 2.0, 0.25)
    torch.testing.assert_close(out.cpu().double(),
                               reference.sigmoid_focal_loss(logits.float(), targets, 2.0, 0.25),
                               rtol=1e-5, atol=1e-7)
    x = logits.to(device).requires_grad_()
    assert torch.autograd.gradcheck(
        lambda t: ops.sigmoid_focal_loss(t, targets.to(device), None, 2.0, 0.25), (x,))
