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
  check [--sizes 480x640,1080x1920] [--seed S]
                                 the same weights and the same random images in both: mmdet4j's
                                 detections (through its Java bindings: target/classes and
                                 target/classpath.txt of a Maven build) against this
                                 implementation's; prints the largest differences. The weights
                                 start from mmdet4j_native save's initial ones (loaded strictly
                                 here: every key and shape maps), then randomise() makes every
                                 layer matter and the scores distinct, and they go back to
                                 mmdet4j as a checkpoint that it loads strictly.
"""
import argparse
import json
import math
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
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


# ---- correctness against mmdet4j ----

JAVA_CHECK = r"""
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mmdet4j.bindings.NativeDetector;
import org.mmdet4j.bindings.NativeImagePredictions;
import org.mmdet4j.bindings.NativeTensor;

// args: OPTIONS_JSON CHECKPOINT DIR H W [H W ...]; reads DIR/image_HxW.f32, writes DIR/native_HxW_{boxes,scores,keypoints}.f32
public class RetinaFaceCheck {
    public static void main(String[] a) throws Exception {
        NativeDetector detector = new NativeDetector(Files.readString(Path.of(a[0])));
        System.out.println("mmdet4j load: " + detector.loadWeights(a[1], true).strip());
        detector.setTraining(false);
        Path dir = Path.of(a[2]);
        for (int k = 3; k + 1 < a.length; k += 2) {
            int h = Integer.parseInt(a[k]), w = Integer.parseInt(a[k + 1]);
            String tag = h + "x" + w;
            float[] image = new float[3 * h * w];
            ByteBuffer.wrap(Files.readAllBytes(dir.resolve("image_" + tag + ".f32"))).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(image);
            NativeTensor images = NativeTensor.fromFloat32(image, new long[] {1, 3, h, w}, 4);
            NativeTensor sizes = NativeTensor.fromInt64(new long[] {h, w}, new long[] {1, 2}, 2);
            NativeImagePredictions p = detector.predict(images, sizes, new NativeTensor(), new NativeTensor()).image(0);
            write(dir.resolve("native_" + tag + "_boxes.f32"), p.boxes());
            write(dir.resolve("native_" + tag + "_scores.f32"), p.scores());
            write(dir.resolve("native_" + tag + "_keypoints.f32"), p.keypoints());
        }
    }

    static void write(Path path, NativeTensor t) throws Exception {
        int n = t.defined() ? (int) t.numel() : 0;
        float[] v = new float[n];
        if (n > 0) t.copyToFloat32(v, n);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Files.write(path, b.array());
    }
}
"""


def randomise(net, generator, image):
    """Weights under which every layer matters and the detections are well defined: mmdet4j's
    initial weights (PyTorch's default init) shrink the signal layer by layer until the features
    are nearly constant, its batch norms are identities, and its scores all lie near 0.5, so that
    the order of equal-looking scores, and with it the top 5000 and NMS, would be decided by
    rounding. So: convolutions Kaiming-normal (fan in, LeakyReLU 0.1), batch norms with random
    statistics and affine parameters, and per level the face-minus-background logit on `image`
    scaled to a standard deviation of 3 around -6 (a few thousand priors pass 0.02, with scores
    spread over (0.02, 1))."""
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.Conv2d):
                fan_in = m.weight[0].numel()
                m.weight.copy_(torch.randn(m.weight.shape, generator=generator) * math.sqrt(2 / 1.01 / fan_in))
                if m.bias is not None:
                    m.bias.copy_(torch.randn(m.bias.shape, generator=generator) * 0.1)
            elif isinstance(m, nn.BatchNorm2d):
                c = m.num_features
                m.running_mean.copy_(torch.randn(c, generator=generator) * 0.1)
                m.running_var.copy_(torch.rand(c, generator=generator) + 0.5)
                m.weight.copy_(torch.rand(c, generator=generator) + 0.5)
                m.bias.copy_(torch.randn(c, generator=generator) * 0.1)
        net.eval()
        fpn = net.fpn(net.body(image))
        features = [net.ssh1(fpn[0]), net.ssh2(fpn[1]), net.ssh3(fpn[2])]
        for level, feature in enumerate(features):
            conv = net.ClassHead[level].conv1x1
            conv.bias.zero_()
            logits = conv(feature)
            conv.weight.mul_(3 / (logits[:, 1::2] - logits[:, 0::2]).std())
            conv.bias.copy_(torch.tensor([3.0, -3.0]).repeat(net.ClassHead[level].num_anchors))
            for head in (net.BboxHead[level], net.LandmarkHead[level]):  # deltas of standard deviation 1
                head.conv1x1.weight.div_(head.conv1x1(feature).std())


def read_f32(path, *shape):
    data = torch.frombuffer(bytearray(path.read_bytes()), dtype=torch.float32)
    return data.view(*shape) if data.numel() else torch.zeros(0, *shape[1:])


def compare(ref, native):
    """Largest differences between the reference's and mmdet4j's detections of one image, each
    mmdet4j detection paired with the reference detection it overlaps most."""
    (rb, rs, rl), (nb, ns, nl) = ref, native
    line = f"{len(rb)} reference / {len(nb)} mmdet4j detections"
    if len(rb) == 0 or len(nb) == 0:
        return line, len(rb) == len(nb)
    same_order = len(rb) == len(nb)
    if same_order:
        iou_diag = torchvision.ops.box_iou(rb, nb).diagonal()
        same_order = bool((iou_diag > 0.99).all())
    if same_order:
        pair = torch.arange(len(nb))
    else:
        pair = torchvision.ops.box_iou(nb, rb).argmax(1)
    db = (nb - rb[pair]).abs().max().item()
    ds = (ns - rs[pair]).abs().max().item()
    dl = (nl - rl[pair]).abs().max().item()
    unmatched = int((torchvision.ops.box_iou(nb, rb).max(1).values < 0.99).sum())
    line += (f", {'same order' if same_order else 'paired by IoU'}: max |d box| {db:.3g} px, "
             f"max |d score| {ds:.3g}, max |d landmark| {dl:.3g} px; {unmatched} mmdet4j detections without "
             f"a reference one at IoU >= 0.99; scores {ns.min().item():.3f} to {ns.max().item():.3f}")
    ok = len(rb) == len(nb) and unmatched == 0 and db < 1e-2 and ds < 1e-4 and dl < 1e-2
    return line, ok


def cmd_check(a):
    tool = pathlib.Path(os.environ.get("MMDET4J_NATIVE_TOOL", REPO / "build" / "native" / "mmdet4j_native"))
    classes = REPO / "target" / "classes"
    classpath_file = REPO / "target" / "classpath.txt"
    if not classes.is_dir() or not classpath_file.exists():
        sys.exit(f"check: needs the compiled Java bindings in {classes} and {classpath_file} (a Maven build)")
    sizes = [tuple(int(v) for v in s.split("x")) for s in a.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        options = tmp / "retinaface.options"
        options.write_text(json.dumps(NATIVE_MODEL))
        subprocess.run([str(tool), "save", str(options), str(tmp / "initial.pth")], check=True)
        net = RetinaFace(cfg_mnet, phase="test")
        load_mmdet4j_checkpoint(net, tmp / "initial.pth")  # strict: every key and shape maps
        print(f"mmdet4j's initial weights loaded into the reference: {len(net.state_dict())} tensors, strict")
        generator = torch.Generator().manual_seed(a.seed)
        images = {}
        for h, w in sizes:
            images[(h, w)] = torch.randn(1, 3, h, w, generator=generator)
            (tmp / f"image_{h}x{w}.f32").write_bytes(images[(h, w)].numpy().tobytes())
        randomise(net, generator, images[sizes[0]])
        torch.save({"state_dict": to_mmdet4j_keys(net.state_dict())}, tmp / "check.pth")
        (tmp / "detector.json").write_text(json.dumps({"model": NATIVE_MODEL, "device": "cpu"}))
        (tmp / "RetinaFaceCheck.java").write_text(JAVA_CHECK)
        classpath = f"{classes}:{classpath_file.read_text().strip()}"
        java = subprocess.run(["java", "-cp", classpath, str(tmp / "RetinaFaceCheck.java"), str(tmp / "detector.json"),
                               str(tmp / "check.pth"), str(tmp)] + [str(v) for s in sizes for v in s])
        if java.returncode != 0:
            sys.exit(f"check: the Java side failed (exit {java.returncode}); is target/classes being rebuilt?")
        net.eval()
        all_ok = True
        with torch.inference_mode():
            for h, w in sizes:
                ref = detect(net, images[(h, w)])[0]
                ref = (ref[0], ref[1], ref[2])
                native = (read_f32(tmp / f"native_{h}x{w}_boxes.f32", -1, 4),
                          read_f32(tmp / f"native_{h}x{w}_scores.f32", -1),
                          read_f32(tmp / f"native_{h}x{w}_keypoints.f32", -1, 10))
                line, ok = compare(ref, native)
                all_ok &= ok
                print(f"{h}x{w}: {line}: {'agree' if ok else 'DIFFER'}")
    sys.exit(0 if all_ok else 1)


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
    check = sub.add_parser("check")
    check.add_argument("--sizes", default="480x640,1080x1920", help="HxW,... of the random images")
    check.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if a.command == "options":
        print(json.dumps(NATIVE_MODEL))
    elif a.command == "infer":
        cmd_infer(a)
    else:
        cmd_check(a)


if __name__ == "__main__":
    main()
