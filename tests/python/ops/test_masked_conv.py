"""masked_conv2d equals a dense convolution at the masked positions and is zero elsewhere."""
import pytest
import torch


@pytest.mark.parametrize("stride,padding,kernel", [((1, 1), (1, 1), (3, 3)), ((2, 1), (0, 2), (3, 5)),
                                                   ((1, 1), (0, 0), (1, 1))])
@pytest.mark.parametrize("with_bias", [False, True])
def test_equals_dense_convolution_where_masked(ops, device, stride, padding, kernel, with_bias):
    g = torch.Generator().manual_seed(sum(kernel) + stride[0])
    x = torch.randn(2, 3, 9, 10, generator=g, dtype=torch.float64)
    weight = torch.randn(4, 3, *kernel, generator=g, dtype=torch.float64)
    bias = torch.randn(4, generator=g, dtype=torch.float64) if with_bias else None
    dense = torch.nn.functional.conv2d(x, weight, bias, stride, padding)
    mask = torch.rand(dense.shape[0], *dense.shape[2:], generator=g) > 0.6
    mask[0, 0, 0] = True  # a corner, whose window reaches into the padding
    out = ops.masked_conv2d(x.to(device), mask.to(device), weight.to(device),
                            bias.to(device) if bias is not None else None, list(padding), list(stride))
    expected = torch.where(mask[:, None], dense, torch.zeros_like(dense))
    torch.testing.assert_close(out.cpu(), expected, rtol=1e-12, atol=1e-12)


def test_float_mask_and_empty_mask(ops, device):
    x = torch.randn(1, 2, 5, 5, dtype=torch.float64)
    weight = torch.randn(3, 2, 3, 3, dtype=torch.float64)
    bias = torch.randn(3, dtype=torch.float64)
    out = ops.masked_conv2d(x.to(device), torch.zeros(1, 5, 5).to(device), weight.to(device), bias.to(device),
                            [1, 1], [1, 1])
    assert out.shape == (1, 3, 5, 5) and not out.any()
    scores = torch.linspace(-1, 1, 25, dtype=torch.float64).view(1, 5, 5)  # positive half masked
    out = ops.masked_conv2d(x.to(device), scores.to(device), weight.to(device), bias.to(device), [1, 1], [1, 1])
    dense = torch.nn.functional.conv2d(x, weight, bias, 1, 1)
    torch.testing.assert_close(out.cpu(), torch.where(scores[:, None] > 0, dense, torch.zeros_like(dense)))


def test_reduced_precision_computes_in_float32(ops, device):
    x = torch.randn(1, 2, 6, 6).bfloat16()
    weight = torch.randn(3, 2, 3, 3).bfloat16()
    mask = torch.rand(1, 6, 6) > 0.5
    out = ops.masked_conv2d(x.to(device), mask.to(device), weight.to(device), None, [1, 1], [1, 1])
    assert out.dtype == torch.bfloat16
    expected = ops.masked_conv2d(x.float().to(device), mask.to(device), weight.float().to(device), None, [1, 1],
                                 [1, 1]).bfloat16()
    torch.testing.assert_close(out, expected, rtol=0, atol=0)


@pytest.mark.parametrize("args,message", [
    (dict(mask=torch.ones(1, 4, 5)), "mask must have shape (1, 5, 5)"),
    (dict(weight=torch.zeros(3, 4, 3, 3)), "weight must be (C_out, 2, kh, kw)"),
    (dict(weight=torch.zeros(3, 2, 3, 3).double()), "weight must have the input's dtype"),
    (dict(bias=torch.zeros(2)), "bias must be (3)"),
    (dict(stride=[0, 1]), "stride must be two values >= 1"),
])
def test_bad_input(ops, args, message):
    call = dict(input=torch.zeros(1, 2, 5, 5), mask=torch.ones(1, 5, 5), weight=torch.zeros(3, 2, 3, 3), bias=None,
                padding=[1, 1], stride=[1, 1])
    call.update(args)
    with pytest.raises(RuntimeError, match=None) as info:
        ops.masked_conv2d(call["input"], call["mask"], call["weight"], call["bias"], call["padding"], call["stride"])
    assert message in str(info.value)
