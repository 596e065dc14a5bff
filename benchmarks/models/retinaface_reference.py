"""The reference for the RetinaFace-MobileNet-0.25 benchmark (benchmarks/models/retinaface.sh):
a straightforward eager PyTorch implementation of the network of the RetinaFace authors'
Pytorch_Retinaface, written from its published design with their module names:

- models/net.py: conv_bn, conv_bn_no_relu, conv_bn1X1, conv_dw, MobileNetV1 (0.25: stage1,
  stage2, stage3, LeakyReLU 0.1), FPN (output1..3, merge1..2), SSH (conv3X3, conv5X5_1,
  conv5X5_2, conv7X7_2, conv7x7_3; LeakyReLU 0.1 because out_channels <= 64);
- models/retinaface.py: ClassHead, BboxHead, LandmarkHead (conv1x1 each) and RetinaFace (body =
  IntermediateLayerGetter over stage1..3, fpn, ssh1..3; softmax scores at test time);
- data/config.py cfg_mnet: min_sizes [[16, 32], [64, 128], [256, 512]], steps [8, 16, 32],
  variance [0.1, 0.2], clip False, in_channel 32, out_channel 64;
- layers/functions/prior_box.py PriorBox (the same priors in the same order, bit for bit, built
  with tensor ops instead of the authors' Python loop over every prior, which takes tens of
  milliseconds at 1920x1080 and would make the reference slow for a reason that is not PyTorch's),
  utils/box_utils.py decode and decode_landm;
- detect.py's post-processing: decode every prior, scale to pixels, scores > 0.02, the 5000 best,
  NMS at IoU 0.4 (torchvision.ops.nms instead of their numpy py_cpu_nms), the 750 best kept.

Batch norms are not folded into the convolutions. Its state_dict keys are the authors'
(body.stage1.0.0.weight, fpn.output1.0.weight, ssh1.conv3X3.0.weight, ClassHead.0.conv1x1.weight);
mmdet4j's checkpoint keys map to them (from_mmdet4j_keys): backbone. -> body., neck.0. -> fpn.,
neck.1. and bbox_head. -> nothing.

Commands:
  options                        the same network as mmdet4j_native options (JSON), on stdout
  infer BATCH H W ITERS [--threads N] [--weights CKPT]
                                 median ms of ITERS runs after one warm-up: model.eval(),
                                 torch.inference_mode(), from a float (BATCH, 3, H, W) input through
                                 decoding and NMS; CKPT: an mmdet4j checkpoint (else random weights)
"""
import argparse
import json
import math
import pathlib
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torchvision.models._utils as _utils
from torchvision.ops import nms

REPO = pathlib.Path(__file__).resolve().parents[2]

# The authors' cfg_mnet (data/config.py): the parts that inference uses.
cfg_mnet = {
    "name": "mobilenet0.25",
    "min_sizes": [[16, 32], [64, 128], [256, 512]],
    "steps": [8, 16, 32],
    "variance": [0.1, 0.2],
    "clip": False,
    "return_layers": {"stage1": 1, "stage2": 2, "stage3": 3},
    "in_channel": 32,
    "out_channel": 64,
}
# detect.py's arguments as the issue sets them.
CONFIDENCE_THRESHOLD = 0.02
TOP_K = 5000
NMS_THRESHOLD = 0.4
KEEP_TOP_K = 750

# The same network as mmdet4j's native options: configs/_base_/models/retinaface_mnet025.yaml's model
# (that of configs/retinaface/retinaface_mnet025_widerface.yaml) without its training settings,
# whose other keys are the components' defaults.
NATIVE_MODEL = {
    "type": "RetinaFace",
    "backbone": {"type": "MobileNetV1", "widen_factor": 0.25},
    "neck": [{"type": "RetinaFaceFPN", "in_channels": [64, 128, 256], "out_channels": 64},
             {"type": "SSH", "in_channels": 64, "out_channels": 64}],
    "bbox_head": {"type": "RetinaFaceHead", "in_channels": 64, "num_classes": 1,
                  "prior_box": {"min_sizes": cfg_mnet["min_sizes"], "steps": cfg_mnet["steps"]},
                  "variance": cfg_mnet["variance"]},
    "test_cfg": {"nms_pre": TOP_K, "score_thr": CONFIDENCE_THRESHOLD,
                 "nms": {"type": "nms", "iou_threshold": NMS_THRESHOLD}, "max_per_img": KEEP_TOP_K},
}


# ---- models/net.py ----

def conv_bn(inp, oup, stride=1, leaky=0):
    return nn.Sequential(
        nn.Conv2d(inp, oup, 3, stride, 1, bias=False),
        nn.BatchNorm2d(oup),
        nn.LeakyReLU(negative_slope=leaky, inplace=True))


def conv_bn_no_relu(inp, oup, stride):
    return nn.Sequential(
        nn.Conv2d(inp, oup, 3, stride, 1, bias=False),
        nn.BatchNorm2d(oup))


def conv_bn1X1(inp, oup, stride, leaky=0):
    return nn.Sequential(
        nn.Conv2d(inp, oup, 1, stride, padding=0, bias=False),
        nn.BatchNorm2d(oup),
        nn.LeakyReLU(negative_slope=leaky, inplace=True))


def conv_dw(inp, oup, stride, leaky=0.1):
    return nn.Sequential(
        nn.Conv2d(inp, inp, 3, stride, 1, groups=inp, bias=False),
        nn.BatchNorm2d(inp),
        nn.LeakyReLU(negative_slope=leaky, inplace=True),
        nn.Conv2d(inp, oup, 1, 1, 0, bias=False),
        nn.BatchNorm2d(oup),
        nn.LeakyReLU(negative_slope=leaky, inplace=True))


class SSH(nn.Module):
    def __init__(self, in_channel, out_channel):
        super().__init__()
        assert out_channel % 4 == 0
        leaky = 0
        if out_channel <= 64:
            leaky = 0.1
        self.conv3X3 = conv_bn_no_relu(in_channel, out_channel // 2, stride=1)
        self.conv5X5_1 = conv_bn(in_channel, out_channel // 4, stride=1, leaky=leaky)
        self.conv5X5_2 = conv_bn_no_relu(out_channel // 4, out_channel // 4, stride=1)
        self.conv7X7_2 = conv_bn(out_channel // 4, out_channel // 4, stride=1, leaky=leaky)
        self.conv7x7_3 = conv_bn_no_relu(out_channel // 4, out_channel // 4, stride=1)

    def forward(self, input):
        conv3X3 = self.conv3X3(input)
        conv5X5_1 = self.conv5X5_1(input)
        conv5X5 = self.conv5X5_2(conv5X5_1)
        conv7X7_2 = self.conv7X7_2(conv5X5_1)
        conv7X7 = self.conv7x7_3(conv7X7_2)
        out = torch.cat([conv3X3, conv5X5, conv7X7], dim=1)
        return F.relu(out)


class FPN(nn.Module):
    def __init__(self, in_channels_list, out_channels):
        super().__init__()
        leaky = 0
        if out_channels <= 64:
            leaky = 0.1
        self.output1 = conv_bn1X1(in_channels_list[0], out_channels, stride=1, leaky=leaky)
        self.output2 = conv_bn1X1(in_channels_list[1], out_channels, stride=1, leaky=leaky)
        self.output3 = conv_bn1X1(in_channels_list[2], out_channels, stride=1, leaky=leaky)
        self.merge1 = conv_bn(out_channels, out_channels, leaky=leaky)
        self.merge2 = conv_bn(out_channels, out_channels, leaky=leaky)

    def forward(self, input):
        input = list(input.values())
        output1 = self.output1(input[0])
        output2 = self.output2(input[1])
        output3 = self.output3(input[2])
        up3 = F.interpolate(output3, size=[output2.size(2), output2.size(3)], mode="nearest")
        output2 = output2 + up3
        output2 = self.merge2(output2)
        up2 = F.interpolate(output2, size=[output1.size(2), output1.size(3)], mode="nearest")
        output1 = output1 + up2
        output1 = self.merge1(output1)
        return [output1, output2, output3]


class MobileNetV1(nn.Module):
    def __init__(self):
        super().__init__()
        self.stage1 = nn.Sequential(
            conv_bn(3, 8, 2, leaky=0.1),
            conv_dw(8, 16, 1),
            conv_dw(16, 32, 2),
            conv_dw(32, 32, 1),
            conv_dw(32, 64, 2),
            conv_dw(64, 64, 1))
        self.stage2 = nn.Sequential(
            conv_dw(64, 128, 2),
            conv_dw(128, 128, 1),
            conv_dw(128, 128, 1),
            conv_dw(128, 128, 1),
            conv_dw(128, 128, 1),
            conv_dw(128, 128, 1))
        self.stage3 = nn.Sequential(
            conv_dw(128, 256, 2),
            conv_dw(256, 256, 1))
        self.avg = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(256, 1000)

    def forward(self, x):
        x = self.stage1(x)
        x = self.stage2(x)
        x = self.stage3(x)
        x = self.avg(x)
        x = x.view(-1, 256)
        return self.fc(x)


# ---- models/retinaface.py ----

class ClassHead(nn.Module):
    def __init__(self, inchannels=512, num_anchors=3):
        super().__init__()
        self.num_anchors = num_anchors
        self.conv1x1 = nn.Conv2d(inchannels, self.num_anchors * 2, kernel_size=(1, 1), stride=1, padding=0)

    def forward(self, x):
        out = self.conv1x1(x)
        out = out.permute(0, 2, 3, 1).contiguous()
        return out.view(out.shape[0], -1, 2)


class BboxHead(nn.Module):
    def __init__(self, inchannels=512, num_anchors=3):
        super().__init__()
        self.conv1x1 = nn.Conv2d(inchannels, num_anchors * 4, kernel_size=(1, 1), stride=1, padding=0)

    def forward(self, x):
        out = self.conv1x1(x)
        out = out.permute(0, 2, 3, 1).contiguous()
        return out.view(out.shape[0], -1, 4)


class LandmarkHead(nn.Module):
    def __init__(self, inchannels=512, num_anchors=3):
        super().__init__()
        self.conv1x1 = nn.Conv2d(inchannels, num_anchors * 10, kernel_size=(1, 1), stride=1, padding=0)

    def forward(self, x):
        out = self.conv1x1(x)
        out = out.permute(0, 2, 3, 1).contiguous()
        return out.view(out.shape[0], -1, 10)


class RetinaFace(nn.Module):
    def __init__(self, cfg=cfg_mnet, phase="test"):
        super().__init__()
        self.phase = phase
        backbone = MobileNetV1()  # random weights: no mobilenetV1X0.25_pretrain.tar
        # Keeps the children up to stage3 (drops avg and fc), returns stage1..3 in an OrderedDict.
        self.body = _utils.IntermediateLayerGetter(backbone, cfg["return_layers"])
        in_channels_stage2 = cfg["in_channel"]
        in_channels_list = [in_channels_stage2 * 2, in_channels_stage2 * 4, in_channels_stage2 * 8]
        out_channels = cfg["out_channel"]
        self.fpn = FPN(in_channels_list, out_channels)
        self.ssh1 = SSH(out_channels, out_channels)
        self.ssh2 = SSH(out_channels, out_channels)
        self.ssh3 = SSH(out_channels, out_channels)
        self.ClassHead = self._make_class_head(fpn_num=3, inchannels=out_channels)
        self.BboxHead = self._make_bbox_head(fpn_num=3, inchannels=out_channels)
        self.LandmarkHead = self._make_landmark_head(fpn_num=3, inchannels=out_channels)

    def _make_class_head(self, fpn_num=3, inchannels=64, anchor_num=2):
        return nn.ModuleList([ClassHead(inchannels, anchor_num) for _ in range(fpn_num)])

    def _make_bbox_head(self, fpn_num=3, inchannels=64, anchor_num=2):
        return nn.ModuleList([BboxHead(inchannels, anchor_num) for _ in range(fpn_num)])

    def _make_landmark_head(self, fpn_num=3, inchannels=64, anchor_num=2):
        return nn.ModuleList([LandmarkHead(inchannels, anchor_num) for _ in range(fpn_num)])

    def forward(self, inputs):
        out = self.body(inputs)
        fpn = self.fpn(out)
        feature1 = self.ssh1(fpn[0])
        feature2 = self.ssh2(fpn[1])
        feature3 = self.ssh3(fpn[2])
        features = [feature1, feature2, feature3]
        bbox_regressions = torch.cat([self.BboxHead[i](feature) for i, feature in enumerate(features)], dim=1)
        classifications = torch.cat([self.ClassHead[i](feature) for i, feature in enumerate(features)], dim=1)
        ldm_regressions = torch.cat([self.LandmarkHead[i](feature) for i, feature in enumerate(features)], dim=1)
        if self.phase == "train":
            return bbox_regressions, classifications, ldm_regressions
        return bbox_regressions, F.softmax(classifications, dim=-1), ldm_regressions


# ---- layers/functions/prior_box.py ----

class PriorBox:
    """The authors' priors (cx, cy, w, h), normalised by the image size, in their order (rows,
    columns, sizes); computed in float64 as their Python floats, then float32 as their tensor."""

    def __init__(self, cfg, image_size=None):
        self.min_sizes = cfg["min_sizes"]
        self.steps = cfg["steps"]
        self.clip = cfg["clip"]
        self.image_size = image_size
        self.feature_maps = [[math.ceil(self.image_size[0] / step), math.ceil(self.image_size[1] / step)]
                             for step in self.steps]

    def forward(self):
        h, w = self.image_size
        anchors = []
        for k, (fh, fw) in enumerate(self.feature_maps):
            sizes = torch.tensor(self.min_sizes[k], dtype=torch.float64)
            a = sizes.numel()
            cy = ((torch.arange(fh, dtype=torch.float64) + 0.5) * self.steps[k] / h).view(fh, 1, 1).expand(fh, fw, a)
            cx = ((torch.arange(fw, dtype=torch.float64) + 0.5) * self.steps[k] / w).view(1, fw, 1).expand(fh, fw, a)
            s_kx = (sizes / w).expand(fh, fw, a)
            s_ky = (sizes / h).expand(fh, fw, a)
            anchors.append(torch.stack([cx, cy, s_kx, s_ky], dim=3).reshape(-1, 4))
        output = torch.cat(anchors).float()
        if self.clip:
            output.clamp_(max=1, min=0)
        return output


# ---- utils/box_utils.py ----

def decode(loc, priors, variances):
    boxes = torch.cat((
        priors[:, :2] + loc[:, :2] * variances[0] * priors[:, 2:],
        priors[:, 2:] * torch.exp(loc[:, 2:] * variances[1])), 1)
    boxes[:, :2] -= boxes[:, 2:] / 2
    boxes[:, 2:] += boxes[:, :2]
    return boxes


def decode_landm(pre, priors, variances):
    landms = torch.cat((priors[:, :2] + pre[:, :2] * variances[0] * priors[:, 2:],
                        priors[:, :2] + pre[:, 2:4] * variances[0] * priors[:, 2:],
                        priors[:, :2] + pre[:, 4:6] * variances[0] * priors[:, 2:],
                        priors[:, :2] + pre[:, 6:8] * variances[0] * priors[:, 2:],
                        priors[:, :2] + pre[:, 8:10] * variances[0] * priors[:, 2:],
                        ), dim=1)
    return landms


# ---- detect.py ----

def detect(net, img, cfg=cfg_mnet):
    """detect.py from the network input on (img: (N, 3, H, W) float, already normalised; resize 1):
    per image (boxes (K, 4), scores (K,), landmarks (K, 10)) in pixels, best first."""
    _, _, im_height, im_width = img.shape
    scale = torch.tensor([im_width, im_height, im_width, im_height], dtype=img.dtype, device=img.device)
    scale1 = torch.tensor([im_width, im_height] * 5, dtype=img.dtype, device=img.device)
    loc, conf, landms = net(img)  # forward pass
    priorbox = PriorBox(cfg, image_size=(im_height, im_width))
    priors = priorbox.forward().to(img.device)
    results = []
    for i in range(img.shape[0]):
        boxes = decode(loc[i], priors, cfg["variance"]) * scale
        scores = conf[i][:, 1]
        landm = decode_landm(landms[i], priors, cfg["variance"]) * scale1
        # ignore low scores
        inds = torch.where(scores > CONFIDENCE_THRESHOLD)[0]
        boxes, landm, scores = boxes[inds], landm[inds], scores[inds]
        # keep top-K before NMS
        order = scores.argsort(descending=True)[:TOP_K]
        boxes, landm, scores = boxes[order], landm[order], scores[order]
        # do NMS
        keep = nms(boxes, scores, NMS_THRESHOLD)
        # keep top-K after NMS
        keep = keep[:KEEP_TOP_K]
        results.append((boxes[keep], scores[keep], landm[keep]))
    return results


# ---- weights ----

def from_mmdet4j_keys(state_dict):
    """mmdet4j's RetinaFace state_dict (backbone., neck.0., neck.1., bbox_head.) with the authors' keys."""
    prefixes = [("backbone.", "body."), ("neck.0.", "fpn."), ("neck.1.", ""), ("bbox_head.", "")]
    out = {}
    for key, value in state_dict.items():
        for old, new in prefixes:
            if key.startswith(old):
                out[new + key[len(old):]] = value
                break
        else:
            raise KeyError(f"unexpected mmdet4j key {key}")
    return out


def to_mmdet4j_keys(state_dict):
    """The inverse of from_mmdet4j_keys."""
    out = {}
    for key, value in state_dict.items():
        if key.startswith("body."):
            out["backbone." + key[len("body."):]] = value
        elif key.startswith("fpn."):
            out["neck.0." + key[len("fpn."):]] = value
        elif key.startswith("ssh"):
            out["neck.1." + key] = value
        elif key.split(".")[0] in ("ClassHead", "BboxHead", "LandmarkHead"):
            out["bbox_head." + key] = value
        else:
            raise KeyError(f"unexpected key {key}")
    return out


def load_mmdet4j_checkpoint(net, path):
    checkpoint = torch.load(path, map_location="cpu", weights_only=False)
    state_dict = checkpoint.get("state_dict", checkpoint)
    net.load_state_dict(from_mmdet4j_keys(state_dict), strict=True)


# ---- timing ----

def time_inference(net, images, iters, warmup=1):
    """Median ms of `iters` calls of detect() after `warmup`, and the last call's detections."""
    net.eval()
    times = []
    with torch.inference_mode():
        for i in range(warmup + iters):
            start = time.perf_counter()
            dets = detect(net, images)
            if i >= warmup:
                times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times), dets


def cmd_infer(a):
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = RetinaFace(cfg_mnet, phase="test")
    if a.weights:
        load_mmdet4j_checkpoint(net, a.weights)
    images = torch.randn(a.batch, 3, a.height, a.width)
    ms, dets = time_inference(net, images, a.iters)
    print(f"retinaface_mnet025 infer batch {a.batch} {a.height}x{a.width} on cpu fp32: median {ms:.2f} ms "
          f"over {a.iters} runs (torch {torch.__version__}, torchvision {torchvision.__version__}, "
          f"{torch.get_num_threads()} threads, batch norms unfolded, {len(dets[0][0])} detections on image 0)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("options")
    infer = sub.add_parser("infer")
    infer.add_argument("batch", type=int)
    infer.add_argument("height", type=int)
    infer.add_argument("width", type=int)
    infer.add_argument("iters", type=int)
    infer.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: torch's default)")
    infer.add_argument("--weights", help="an mmdet4j checkpoint of the same network (keys mapped)")
    a = p.parse_args()
    if a.command == "options":
        print(json.dumps(NATIVE_MODEL))
    else:
        cmd_infer(a)


if __name__ == "__main__":
    main()
