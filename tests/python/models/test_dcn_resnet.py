"""ResNet-50 with deformable convs (dcn + stage_with_dcn) and GC blocks (plugins): the native
backbone reads a state_dict in mmdetection's layout (layer2.0.conv2.conv_offset.weight,
layer2.0.context_block.channel_add_conv.1.weight, ...) and gives the features of a reference
model written here after mmcv's DeformConv2dPack, ModulatedDeformConv2dPack and ContextBlock; a
checkpoint mmdet4j writes loads back into that reference with the same names."""
import json
import math

import pytest
import torch
from torch import nn

from ..ops import reference


class DeformConvPack(nn.Module):
    """mmcv's DeformConv2dPack (modulated=False) / ModulatedDeformConv2dPack (True), bias-free."""

    def __init__(self, channels, stride, modulated, deform_groups):
        super().__init__()
        self.stride, self.modulated, self.deform_groups = stride, modulated, deform_groups
        self.weight = nn.Parameter(torch.empty(channels, channels, 3, 3))
        nn.init.uniform_(self.weight, -1 / math.sqrt(channels * 9), 1 / math.sqrt(channels * 9))
        self.conv_offset = nn.Conv2d(channels, deform_groups * (3 if modulated else 2) * 9, 3, stride, 1)

    def forward(self, x):
        out = self.conv_offset(x)
        mask = None
        if self.modulated:
            o1, o2, m = torch.chunk(out, 3, dim=1)
            out, mask = torch.cat((o1, o2), dim=1), torch.sigmoid(m)
        return reference.deform_conv2d(x, self.weight, out, mask, None, (self.stride,) * 2, (1, 1), (1, 1), 1,
                                       self.deform_groups)


class ContextBlock(nn.Module):
    """mmcv's ContextBlock (pooling_type='att', fusion_types=('channel_add',))."""

    def __init__(self, channels, ratio):
        super().__init__()
        planes = int(channels * ratio)
        self.conv_mask = nn.Conv2d(channels, 1, 1)
        self.channel_add_conv = nn.Sequential(nn.Conv2d(channels, planes, 1), nn.LayerNorm([planes, 1, 1]),
                                              nn.ReLU(inplace=True), nn.Conv2d(planes, channels, 1))

    def forward(self, x):
        n, c, h, w = x.shape
        mask = torch.softmax(self.conv_mask(x).view(n, 1, h * w), dim=2).unsqueeze(-1)
        context = torch.matmul(x.view(n, c, h * w).unsqueeze(1), mask).view(n, c, 1, 1)
        return x + self.channel_add_conv(context)


class Bottleneck(nn.Module):
    def __init__(self, inplanes, planes, stride, dcn, gcb_ratio):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = (DeformConvPack(planes, stride, dcn == "DCNv2", 1) if dcn else
                      nn.Conv2d(planes, planes, 3, stride, 1, bias=False))
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.context_block = ContextBlock(planes * 4, gcb_ratio) if gcb_ratio else None
        self.downsample = None
        if stride != 1 or inplanes != planes * 4:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes * 4, 1, stride, bias=False),
                                            nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = torch.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.context_block is not None:
            out = self.context_block(out)
        return torch.relu(out + (x if self.downsample is None else self.downsample(x)))


class ResNet50(nn.Module):
    """mmdetection's ResNet-50 with dcn in stages 2-4 (c3-c5) and, optionally, GC blocks there."""

    def __init__(self, dcn, gcb_ratio):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        inplanes = 64
        for i, (blocks, planes) in enumerate(zip((3, 4, 6, 3), (64, 128, 256, 512))):
            layer = []
            for b in range(blocks):
                layer.append(Bottleneck(inplanes, planes, (1 if i == 0 else 2) if b == 0 else 1,
                                        dcn if i > 0 else None, gcb_ratio if i > 0 else None))
                inplanes = planes * 4
            setattr(self, f"layer{i + 1}", nn.Sequential(*layer))

    def features(self, x):
        x = torch.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        outs = []
        for i in range(1, 5):
            x = getattr(self, f"layer{i}")(x)
            outs.append(x)
        return outs


def backbone_options(dcn, gcb_ratio):
    options = {"depth": 50, "norm_eval": True, "dcn": {"type": dcn, "deform_groups": 1, "fallback_on_stride": False},
               "stage_with_dcn": [False, True, True, True]}
    if gcb_ratio:
        options["plugins"] = [{"cfg": {"type": "ContextBlock", "ratio": gcb_ratio},
                               "stages": [False, True, True, True], "position": "after_conv3"}]
    return options


def randomised(model):
    """Non-trivial weights everywhere, offsets of a few pixels and non-zero GC transforms."""
    torch.manual_seed(0)
    with torch.no_grad():
        for name, m in model.named_modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.1, 0.1)
            elif name.endswith("conv_offset"):
                m.weight.normal_(0, 0.02)
                m.bias.uniform_(-1.5, 1.5)
            elif isinstance(m, ContextBlock):
                m.channel_add_conv[3].weight.normal_(0, 0.1)
                m.channel_add_conv[1].weight.uniform_(0.5, 1.5)
    return model.eval()


@pytest.mark.parametrize("dcn,gcb_ratio", [("DCN", None), ("DCNv2", 0.25)])
def test_dcn_resnet_features_match_reference(native_tool, tmp_path, dcn, gcb_ratio):
    ref = randomised(ResNet50(dcn, gcb_ratio))
    torch.save(ref.state_dict(), tmp_path / "backbone.pth")
    x = torch.randn(1, 3, 64, 96)
    torch.save(x, tmp_path / "input.pt")
    (tmp_path / "options.json").write_text(json.dumps(backbone_options(dcn, gcb_ratio)))
    result = native_tool("features", tmp_path / "options.json", tmp_path / "backbone.pth", tmp_path / "input.pt",
                         tmp_path / "features.pt")
    assert "missing" not in result.stdout and "unexpected" not in result.stdout, result.stdout
    ours = torch.load(tmp_path / "features.pt")
    with torch.no_grad():
        expected = ref.features(x)
    for level, (a, b) in enumerate(zip(ours, expected)):
        assert a.shape == b.shape, f"C{level + 2}"
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-4 * b.abs().max().item(), msg=lambda m: f"C{level + 2}: {m}")


def test_checkpoint_written_by_mmdet4j_loads_with_mmdetection_keys(native_tool, tmp_path):
    options = {"type": "RetinaNet",
               "backbone": dict(type="ResNet", **backbone_options("DCNv2", 0.25)),
               "neck": {"type": "FPN", "in_channels": [256, 512, 1024, 2048], "out_channels": 32,
                        "start_level": 1, "add_extra_convs": "on_input", "num_outs": 5},
               "bbox_head": {"type": "RetinaHead", "num_classes": 3, "in_channels": 32, "feat_channels": 32,
                             "stacked_convs": 1}}
    (tmp_path / "model.json").write_text(json.dumps(options))
    native_tool("save", tmp_path / "model.json", tmp_path / "model.pth")
    state = torch.load(tmp_path / "model.pth", weights_only=True)["state_dict"]
    assert "backbone.layer2.0.conv2.conv_offset.weight" in state
    assert state["backbone.layer2.0.conv2.conv_offset.weight"].shape == (27, 128, 3, 3)
    assert "backbone.layer4.2.context_block.channel_add_conv.1.weight" in state
    assert "backbone.layer1.0.conv2.weight" in state and "backbone.layer1.0.conv2.conv_offset.weight" not in state
    backbone = {k[len("backbone."):]: v for k, v in state.items() if k.startswith("backbone.")}
    ref = ResNet50("DCNv2", 0.25)
    ref.load_state_dict(backbone, strict=True)  # every name and shape as mmdetection's
    # The offsets start at zero, as mmcv initialises them.
    assert not backbone["layer3.1.conv2.conv_offset.weight"].any()
    assert not backbone["layer3.1.context_block.channel_add_conv.3.weight"].any()
