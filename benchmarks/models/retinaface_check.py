"""The correctness check of the RetinaFace benchmark (`benchmarks/models/retinaface.sh check`):
the same weights and the same random images in mmdet4j and in the PyTorch reference
(retinaface_reference.py): mmdet4j's detections (through its Java bindings, RetinaFaceCheck.java
on the class path of a Maven build, tools/java_classpath.sh) against the reference's; prints the
largest differences. The weights start from mmdet4j_native save's initial ones (loaded strictly
into the reference: every key and shape maps), then randomise() makes every layer matter and the
scores distinct, and they go back to mmdet4j as a checkpoint that it loads strictly.

  retinaface_check.py [--sizes 480x640,1080x1920] [--seed S]
"""
import argparse
import json
import math
import os
import pathlib
import subprocess
import sys
import tempfile

import torch
import torch.nn as nn
import torchvision

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from retinaface_reference import (  # noqa: E402
    NATIVE_MODEL, REPO, RetinaFace, cfg_mnet, detect, load_mmdet4j_checkpoint, to_mmdet4j_keys)

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
    found = subprocess.run([str(REPO / "tools" / "java_classpath.sh")], capture_output=True, text=True)
    if found.returncode != 0:
        sys.exit(f"check: needs a Maven build of the Java side ({found.stderr.strip()})")
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
        classpath = found.stdout.strip()
        java = subprocess.run(["java", "-cp", classpath, str(pathlib.Path(__file__).with_name("RetinaFaceCheck.java")), str(tmp / "detector.json"),
                               str(tmp / "check.pth"), str(tmp)] + [str(v) for s in sizes for v in s])
        if java.returncode != 0:
            sys.exit(f"check: the Java side failed (exit {java.returncode}); is the Java side being rebuilt?")
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
    p.add_argument("--sizes", default="480x640,1080x1920", help="HxW,... of the random images")
    p.add_argument("--seed", type=int, default=0)
    cmd_check(p.parse_args())


if __name__ == "__main__":
    main()
