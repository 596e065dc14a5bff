"""RoIAlign and RoIPool: values and gradients against the float64 reference, and gradcheck."""
import pytest
import torch

from . import reference


def random_rois(k, n_images, size, generator):
    xy = torch.rand(k, 2, generator=generator, dtype=torch.float64) * size * 0.8 - size * 0.1
    wh = torch.rand(k, 2, generator=generator, dtype=torch.float64) * size * 0.6
    batch = torch.randint(0, n_images, (k, 1), generator=generator).double()
    return torch.cat([batch, xy, xy + wh], dim=1)


@pytest.mark.parametrize("aligned", [False, True])
@pytest.mark.parametrize("sampling_ratio", [0, 2])
@pytest.mark.parametrize("channels_last", [False, True])
def test_roi_align_forward_backward_match_reference(ops, device, aligned, sampling_ratio, channels_last):
    g = torch.Generator().manual_seed(int(aligned) * 10 + sampling_ratio)
    x = torch.randn(2, 3, 9, 11, generator=g, dtype=torch.float64)
    rois = random_rois(5, 2, 40, g)
    rois[0, 3:] = rois[0, 1:3]  # zero-size RoI
    scale, out_size = 0.25, (3, 4)
    x_ref = x.clone().requires_grad_()
    ref = reference.roi_align(x_ref, rois, scale, *out_size, sampling_ratio, aligned)
    # Detectors hand RoIAlign channels-last feature maps (NHWC convolutions): both layouts.
    layout = torch.channels_last if channels_last else torch.contiguous_format
    x_dev = x.to(device).contiguous(memory_format=layout).detach().requires_grad_()
    out = ops.roi_align(x_dev, rois.to(device), scale, *out_size, sampling_ratio, aligned)
    torch.testing.assert_close(out.detach().cpu(), ref.detach(), rtol=1e-5, atol=1e-12)
    upstream = torch.randn(ref.shape, generator=g, dtype=torch.float64)
    ref.backward(upstream)
    out.backward(upstream.to(device))
    torch.testing.assert_close(x_dev.grad.cpu(), x_ref.grad, rtol=1e-5, atol=1e-12)


def test_roi_align_float32_close_to_float64(ops, device):
    g = torch.Generator().manual_seed(9)
    x = torch.randn(1, 4, 16, 16, generator=g, dtype=torch.float64)
    rois = random_rois(8, 1, 64, g)
    ref = reference.roi_align(x, rois, 0.25, 7, 7, 0, True)
    out = ops.roi_align(x.float().to(device), rois.float().to(device), 0.25, 7, 7, 0, True)
    torch.testing.assert_close(out.cpu().double(), ref, rtol=1e-5, atol=1e-5)


def test_roi_align_gradcheck(ops, device):
    g = torch.Generator().manual_seed(1)
    x = torch.randn(1, 2, 6, 7, generator=g, dtype=torch.float64, device="cpu").to(device)
    rois = random_rois(3, 1, 24, g).to(device)
    x.requires_grad_()
    assert torch.autograd.gradcheck(
        lambda t: ops.roi_align(t, rois, 0.25, 2, 2, 2, True), (x,))


def test_roi_pool_forward_backward(ops, device):
    g = torch.Generator().manual_seed(4)
    x = torch.randn(2, 3, 10, 12, generator=g, dtype=torch.float64)
    rois = random_rois(6, 2, 40, g)
    ref = reference.roi_pool(x, rois, 0.25, 3, 3)
    x_dev = x.to(device).requires_grad_()
    out, argmax = ops.roi_pool(x_dev, rois.to(device), 0.25, 3, 3)
    torch.testing.assert_close(out.detach().cpu(), ref, rtol=0, atol=0)
    # Gradient: each bin's upstream value lands on its argmax.
    upstream = torch.randn(out.shape, generator=g, dtype=torch.float64)
    out.backward(upstream.to(device))
    expected = torch.zeros_like(x)
    for r in range(len(rois)):
        b = int(rois[r, 0])
        for c in range(3):
            for k, index in enumerate(argmax[r, c].flatten().cpu().tolist()):
                if index >= 0:
                    expected[b, c].view(-1)[index] += upstream[r, c].flatten()[k]
    torch.testing.assert_close(x_dev.grad.cpu(), expected)
    assert torch.autograd.gradcheck(
        lambda t: ops.roi_pool(t, rois.to(device), 0.25, 2, 2)[0],
        (torch.randn(2, 3, 10, 12, generator=g, dtype=torch.float64).to(device)
         .requires_grad_(),))


def test_roi_ops_empty_rois(ops, device):
    x = torch.randn(1, 3, 8, 8, device=device)
    rois = torch.zeros(0, 5, device=device)
    assert ops.roi_align(x, rois, 1.0, 7, 7, 0, True).shape == (0, 3, 7, 7)
    assert ops.roi_pool(x, rois, 1.0, 7, 7)[0].shape == (0, 3, 7, 7)
