"""deform_conv2d (DCNv1, and DCNv2 with a mask): output and all five gradients against the
float64 reference (itself checked against torchvision.ops.deform_conv2d where torchvision's ops
load), gradcheck, edge cases."""
import pytest
import torch

from . import reference

# (in_channels, out_channels, kernel, stride, padding, dilation, groups, deform_groups, size)
CONFIGS = [
    (4, 6, (3, 3), (1, 1), (1, 1), (1, 1), 1, 1, (7, 9)),
    (4, 6, (3, 3), (2, 2), (0, 0), (1, 1), 2, 2, (9, 8)),
    (8, 4, (3, 3), (1, 2), (2, 1), (2, 1), 1, 4, (6, 7)),
    (6, 6, (1, 3), (1, 1), (0, 1), (1, 1), 3, 3, (5, 5)),
    (2, 3, (2, 2), (1, 1), (0, 0), (1, 1), 1, 1, (4, 4)),
]


def make_case(config, with_mask, batch=2, dtype=torch.float64, seed=0):
    c_in, c_out, (kh, kw), stride, padding, dilation, groups, dg, (h, w) = config
    g = torch.Generator().manual_seed(seed)
    out_h = (h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    out_w = (w + 2 * padding[1] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    x = torch.randn(batch, c_in, h, w, generator=g, dtype=dtype)
    weight = torch.randn(c_out, c_in // groups, kh, kw, generator=g, dtype=dtype)
    # Offsets of a few pixels: many samples land between pixels, some off the map altogether.
    offset = torch.randn(batch, 2 * dg * kh * kw, out_h, out_w, generator=g, dtype=dtype) * 2.5
    mask = torch.rand(batch, dg * kh * kw, out_h, out_w, generator=g, dtype=dtype) if with_mask else None
    bias = torch.randn(c_out, generator=g, dtype=dtype)
    return [x, weight, offset, mask, bias], dict(stride=stride, padding=padding, dilation=dilation, groups=groups,
                                                 deform_groups=dg)


def call(ops, args, p):
    return ops.deform_conv2d(*args, list(p["stride"]), list(p["padding"]), list(p["dilation"]), p["groups"],
                             p["deform_groups"])


def run_with_grads(fn, args, upstream):
    leaves = [a.clone().requires_grad_() if a is not None else None for a in args]
    out = fn(leaves)
    out.backward(upstream)
    return out.detach(), [leaf.grad if leaf is not None else None for leaf in leaves]


@pytest.mark.parametrize("with_mask", [False, True])
@pytest.mark.parametrize("config", CONFIGS)
def test_forward_and_gradients_match_reference(ops, device, config, with_mask):
    args, p = make_case(config, with_mask)
    ref_out, ref_grads = None, None
    out_shape = reference.deform_conv2d(*args, **p).shape
    upstream = torch.randn(out_shape, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    ref_out, ref_grads = run_with_grads(lambda a: reference.deform_conv2d(*a, **p), args, upstream)
    out, grads = run_with_grads(lambda a: call(ops, a, p), [a.to(device) if a is not None else None for a in args],
                                upstream.to(device))
    torch.testing.assert_close(out.cpu(), ref_out, rtol=1e-9, atol=1e-10)
    for name, got, want in zip(("input", "weight", "offset", "mask", "bias"), grads, ref_grads):
        if want is None:
            assert got is None, name
            continue
        torch.testing.assert_close(got.cpu(), want, rtol=1e-9, atol=1e-10, msg=lambda m: f"grad of {name}: {m}")


@pytest.mark.parametrize("with_mask", [False, True])
def test_float32_within_1e4_of_float64(ops, device, with_mask):
    args, p = make_case(CONFIGS[2], with_mask, seed=3)
    upstream = torch.randn(reference.deform_conv2d(*args, **p).shape, dtype=torch.float64)
    ref_out, ref_grads = run_with_grads(lambda a: reference.deform_conv2d(*a, **p), args, upstream)
    args32 = [a.float().to(device) if a is not None else None for a in args]
    out, grads = run_with_grads(lambda a: call(ops, a, p), args32, upstream.float().to(device))
    scale = ref_out.abs().max()
    torch.testing.assert_close(out.cpu().double(), ref_out, rtol=1e-4, atol=1e-4 * scale)
    for got, want in zip(grads, ref_grads):
        if want is not None:
            torch.testing.assert_close(got.cpu().double(), want, rtol=1e-4, atol=1e-4 * want.abs().max())


@pytest.mark.parametrize("with_mask", [False, True])
def test_gradcheck(ops, device, with_mask):
    args, p = make_case((4, 2, (3, 3), (1, 1), (1, 1), (1, 1), 2, 2, (4, 5)), with_mask, batch=1, seed=5)
    leaves = tuple(a.to(device).requires_grad_() for a in args if a is not None)

    def fn(*tensors):
        x, w, off, *rest = tensors
        mask, bias = (rest[0], rest[1]) if with_mask else (None, rest[0])
        return call(ops, [x, w, off, mask, bias], p)

    assert torch.autograd.gradcheck(fn, leaves)


def test_zero_offsets_and_unit_mask_are_a_convolution(ops, device):
    args, p = make_case(CONFIGS[1], True)
    x, weight, offset, mask, bias = (a.to(device) for a in args)
    dense = torch.nn.functional.conv2d(x, weight, bias, p["stride"], p["padding"], p["dilation"], p["groups"])
    out = call(ops, [x, weight, torch.zeros_like(offset), torch.ones_like(mask), bias], p)
    torch.testing.assert_close(out, dense, rtol=1e-12, atol=1e-12)


def test_samples_far_outside_read_zero(ops, device):
    args, p = make_case(CONFIGS[0], False)
    x, weight, offset, _, bias = (a.to(device) if a is not None else None for a in args)
    out = call(ops, [x, weight, torch.full_like(offset, -50.0), None, bias], p)
    torch.testing.assert_close(out, bias.view(1, -1, 1, 1).expand_as(out), rtol=0, atol=0)


def test_empty_batch(ops, device):
    args, p = make_case(CONFIGS[1], True, batch=0)
    leaves = [a.to(device).requires_grad_() for a in args]
    out = call(ops, leaves, p)
    assert out.shape[0] == 0 and out.shape[1] == 6
    out.sum().backward()
    for leaf in leaves:
        assert leaf.grad is not None and leaf.grad.shape == leaf.shape and not leaf.grad.any()


def test_non_contiguous_and_channels_last_inputs(ops, device):
    args, p = make_case(CONFIGS[0], True)
    args = [a.to(device) for a in args]
    expected = call(ops, args, p)
    x, weight, offset, mask, bias = args
    strided = [x.contiguous(memory_format=torch.channels_last), weight.transpose(2, 3).contiguous().transpose(2, 3),
               offset.contiguous(memory_format=torch.channels_last), mask.transpose(2, 3).contiguous().transpose(2, 3),
               bias]
    assert not strided[1].is_contiguous() and not strided[3].is_contiguous()
    torch.testing.assert_close(call(ops, strided, p), expected, rtol=0, atol=0)


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
def test_reduced_precision_computes_in_float32(ops, device, dtype):
    args, p = make_case(CONFIGS[0], True, dtype=torch.float32)
    low = [a.to(device, dtype) for a in args]
    out = call(ops, low, p)
    assert out.dtype == dtype
    expected = call(ops, [a.float() for a in low], p).to(dtype)
    torch.testing.assert_close(out, expected, rtol=0, atol=0)


def test_reference_matches_torchvision():
    """Checks the reference itself; runs where torchvision's compiled ops load (not with the CPU
    wheel the tests install)."""
    torchvision = pytest.importorskip("torchvision")
    try:
        torchvision.ops.deform_conv2d(torch.zeros(1, 1, 3, 3), torch.zeros(1, 18, 3, 3), torch.zeros(1, 1, 3, 3),
                                      padding=1)
    except (RuntimeError, AttributeError) as error:
        pytest.skip(f"torchvision ops do not load here: {error}")
    for config in CONFIGS:
        for with_mask in (False, True):
            args, p = make_case(config, with_mask)
            upstream = torch.randn(reference.deform_conv2d(*args, **p).shape, dtype=torch.float64)
            ref_out, ref_grads = run_with_grads(lambda a: reference.deform_conv2d(*a, **p), args, upstream)

            def theirs(a):
                x, w, off, mask, bias = a
                return torchvision.ops.deform_conv2d(x, off, w, bias, p["stride"], p["padding"], p["dilation"], mask)

            # torchvision infers groups and deform groups from the weight's and offset's shapes.
            out, grads = run_with_grads(theirs, args, upstream)
            torch.testing.assert_close(out, ref_out, rtol=1e-9, atol=1e-10)
            for got, want in zip(grads, ref_grads):
                if want is not None:
                    torch.testing.assert_close(got, want, rtol=1e-9, atol=1e-10)
