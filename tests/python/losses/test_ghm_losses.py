"""GHM-C and GHM-R of registry "loss": values, gradients and the running bin counts (momentum)
over several calls, against mmdetection's GHMC / GHMR in float64."""
import json

import pytest
import torch

from . import reference


def run(ops, cfg, preds, targets, weights):
    """The native loss built once and called on each input in turn: losses and final buffers."""
    xs = [p.clone().requires_grad_() for p in preds]
    losses, buffers = ops.loss_sequence(json.dumps(cfg), xs, targets, weights, None)
    return xs, losses, buffers


def check_call(out, x, ref, x_ref):
    """One call's loss and its gradient equal the reference's."""
    torch.testing.assert_close(out.detach(), ref.detach(), rtol=1e-6, atol=1e-12)
    ref.backward()
    out.backward()
    torch.testing.assert_close(x.grad, x_ref.grad, rtol=1e-6, atol=1e-12)


def check_buffers(buffers, state):
    """The buffers mmdetection keeps in the state_dict: edges, and with momentum the running counts."""
    torch.testing.assert_close(buffers[0], state.edges, rtol=0, atol=0)
    assert len(buffers) == (2 if state.momentum > 0 else 1)
    if state.momentum > 0:
        torch.testing.assert_close(buffers[1], state.acc_sum, rtol=0, atol=0)


def classification_batches(calls, n, c, seed):
    g = torch.Generator().manual_seed(seed)
    batches = []
    for _ in range(calls):
        logits = torch.randn(n, c, generator=g, dtype=torch.float64) * 3
        labels = torch.randint(0, c + 1, (n,), generator=g)  # c: background
        label_weight = (torch.rand(n, generator=g) > 0.2).double()
        batches.append((logits, labels, label_weight))
    return batches


@pytest.mark.parametrize("bins,momentum", [(10, 0.0), (30, 0.75)])
def test_ghmc_matches_mmdetection_over_calls(ops, bins, momentum):
    batches = classification_batches(3, 50, 4, seed=bins)
    cfg = {"type": "GHMC", "bins": bins, "momentum": momentum, "use_sigmoid": True, "loss_weight": 2.0}
    xs, losses, buffers = run(ops, cfg, [b[0] for b in batches], [b[1] for b in batches], [b[2] for b in batches])
    state = reference.GHMState(bins, momentum, regression=False)
    for (logits, labels, label_weight), x, out in zip(batches, xs, losses):
        x_ref = logits.clone().requires_grad_()
        check_call(out, x, reference.ghmc(state, x_ref, labels, label_weight, loss_weight=2.0), x_ref)
    check_buffers(buffers, state)


@pytest.mark.parametrize("bins,momentum,mu", [(10, 0.0, 0.02), (10, 0.7, 0.02), (5, 0.5, 0.1)])
def test_ghmr_matches_mmdetection_over_calls(ops, bins, momentum, mu):
    g = torch.Generator().manual_seed(5)
    preds, targets, weights = [], [], []
    for _ in range(3):
        preds.append(torch.randn(40, 4, generator=g, dtype=torch.float64) * 0.1)
        targets.append(torch.randn(40, 4, generator=g, dtype=torch.float64) * 0.1)
        weights.append((torch.rand(40, 1, generator=g) > 0.4).double().expand(40, 4).contiguous())
    cfg = {"type": "GHMR", "bins": bins, "momentum": momentum, "mu": mu, "loss_weight": 10.0}
    xs, losses, buffers = run(ops, cfg, preds, targets, weights)
    state = reference.GHMState(bins, momentum, regression=True)
    for pred, target, weight, x, out in zip(preds, targets, weights, xs, losses):
        x_ref = pred.clone().requires_grad_()
        check_call(out, x, reference.ghmr(state, x_ref, target, weight, mu=mu, loss_weight=10.0), x_ref)
    check_buffers(buffers, state)


def test_ghm_edge_cases(ops):
    # No elements, and all of them ignored: a zero loss (mmdetection divides by max(tot, 1)).
    empty_logits, empty_labels = torch.zeros(0, 3, dtype=torch.float64), torch.zeros(0, dtype=torch.long)
    _, losses, _ = run(ops, {"type": "GHMC", "momentum": 0.5}, [empty_logits], [empty_labels],
                       [torch.zeros(0, dtype=torch.float64)])
    assert losses[0].item() == 0
    logits = torch.randn(5, 3, dtype=torch.float64)
    _, losses, buffers = run(ops, {"type": "GHMC", "momentum": 0.5}, [logits], [torch.tensor([0, 1, 2, 3, 0])],
                             [torch.zeros(5, dtype=torch.float64)])
    assert losses[0].item() == 0
    assert torch.all(buffers[1] == 0)  # nothing counted
    # All-background labels: binary targets all zero.
    state = reference.GHMState(10, 0.0, regression=False)
    labels = torch.full((5,), 3)
    x_ref = logits.clone().requires_grad_()
    ref = reference.ghmc(state, x_ref, labels, torch.ones(5, dtype=torch.float64))
    _, losses, _ = run(ops, {"type": "GHMC"}, [logits], [labels], [torch.ones(5, dtype=torch.float64)])
    torch.testing.assert_close(losses[0].detach(), ref.detach(), rtol=1e-6, atol=1e-12)
    # GHM-R with a perfect prediction: every element in the first bin.
    target = torch.randn(6, 4, dtype=torch.float64)
    _, losses, _ = run(ops, {"type": "GHMR"}, [target.clone()], [target], [torch.ones(6, 4, dtype=torch.float64)])
    assert abs(losses[0].item()) < 1e-15


def test_ghm_config_errors(ops):
    one = [torch.zeros(1, 2, dtype=torch.float64)]
    with pytest.raises(RuntimeError, match=r"loss\.use_sigmoid: GHMC supports use_sigmoid=True only"):
        run(ops, {"type": "GHMC", "use_sigmoid": False}, one, [torch.zeros(1, dtype=torch.long)], [None])
    with pytest.raises(RuntimeError, match=r"loss\.momentum: must be in \[0, 1\)"):
        run(ops, {"type": "GHMR", "momentum": 1.0}, one, one, [None])
    with pytest.raises(RuntimeError, match=r"loss\.bins: must be positive"):
        run(ops, {"type": "GHMR", "bins": 0}, one, one, [None])
