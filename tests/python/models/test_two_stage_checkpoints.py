"""mmdetection-layout Faster R-CNN and Mask R-CNN R50-FPN state_dicts, built here from plain torch
modules laid out like mmdetection's (not from our own checkpoints), load strictly into the native
detectors built from benchmarks/models/*_rcnn_r50_fpn.options."""
import collections
import pathlib

import pytest
import torch
from torch import nn

from .test_resnet_parity import ResNet50

OPTIONS = pathlib.Path(__file__).resolve().parents[3] / "benchmarks" / "models"


class ConvModule(nn.Module):  # mmcv's ConvModule without norm: the conv sits under ".conv"
    def __init__(self, cin, cout, kernel):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, padding=kernel // 2)


class FPN(nn.Module):
    def __init__(self):
        super().__init__()
        self.lateral_convs = nn.ModuleList(ConvModule(c, 256, 1) for c in (256, 512, 1024, 2048))
        self.fpn_convs = nn.ModuleList(ConvModule(256, 256, 3) for _ in range(4))  # P6 by max-pooling


class RPNHead(nn.Module):
    def __init__(self, anchors=3):
        super().__init__()
        self.rpn_conv = nn.Conv2d(256, 256, 3, padding=1)
        self.rpn_cls = nn.Conv2d(256, anchors, 1)  # sigmoid: one logit per anchor
        self.rpn_reg = nn.Conv2d(256, anchors * 4, 1)


class Shared2FCBBoxHead(nn.Module):
    def __init__(self, classes=80):
        super().__init__()
        self.shared_fcs = nn.ModuleList([nn.Linear(256 * 7 * 7, 1024), nn.Linear(1024, 1024)])
        self.fc_cls = nn.Linear(1024, classes + 1)
        self.fc_reg = nn.Linear(1024, classes * 4)


class FCNMaskHead(nn.Module):
    def __init__(self, classes=80):
        super().__init__()
        self.convs = nn.ModuleList(ConvModule(256, 256, 3) for _ in range(4))
        self.upsample = nn.ConvTranspose2d(256, 256, 2, stride=2)
        self.conv_logits = nn.Conv2d(256, classes, 1)


class RoIHead(nn.Module):
    def __init__(self, mask):
        super().__init__()
        self.bbox_head = Shared2FCBBoxHead()
        if mask:
            self.mask_head = FCNMaskHead()


class TwoStage(nn.Module):
    def __init__(self, mask):
        super().__init__()
        backbone = ResNet50()
        del backbone.fc
        self.backbone = backbone
        self.neck = FPN()
        self.rpn_head = RPNHead()
        self.roi_head = RoIHead(mask)


@pytest.mark.parametrize("name,mask", [("faster_rcnn_r50_fpn", False), ("mask_rcnn_r50_fpn", True)])
def test_mmdetection_layout_loads_strictly(native_tool, tmp_path, name, mask):
    torch.manual_seed(0)
    state = TwoStage(mask).state_dict()
    checkpoint = {"meta": {"mmdet_version": "2.28.2", "epoch": 12},
                  "state_dict": collections.OrderedDict(state),
                  "optimizer": {"state": {}, "param_groups": []}}
    torch.save(checkpoint, tmp_path / "mmdet.pth")
    result = native_tool("load", OPTIONS / f"{name}.options", tmp_path / "mmdet.pth", "--strict")
    assert f"{len(state)} tensors loaded" in result.stdout, result.stdout


def test_a_faster_rcnn_checkpoint_does_not_fit_mask_rcnn(native_tool, tmp_path):
    torch.save({"state_dict": TwoStage(False).state_dict()}, tmp_path / "faster.pth")
    result = native_tool("load", OPTIONS / "mask_rcnn_r50_fpn.options", tmp_path / "faster.pth", "--strict",
                         check=False)
    assert result.returncode == 1
    assert "missing keys: roi_head.mask_head." in result.stderr, result.stderr
