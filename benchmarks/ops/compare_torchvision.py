"""Our ops against torchvision.ops in one process, on the same inputs: agreement and timings.
For machines where both load into one torch (the GPU machine: our library built against its
torch). Prints a table last; --json writes the rows."""
import argparse
import json
import statistics
import time

import torch
import torchvision


def median_ms(fn, runs, device):
    fn()
    times = []
    for _ in range(runs):
        if device.type == "cuda":
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            fn()
            end.record()
            torch.cuda.synchronize()
            times.append(start.elapsed_time(end))
        else:
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lib", required=True)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.ops.load_library(args.lib)
    ops = torch.ops.mmdet4j
    dev = torch.device(args.device)
    g = torch.Generator().manual_seed(0)
    rows = []

    def case(name, size, ours, theirs, agree, runs=args.runs):
        t_ours, t_theirs = median_ms(ours, runs, dev), median_ms(theirs, runs, dev)
        rows.append({"op": name, "size": size, "mmdet4j_ms": t_ours, "torchvision_ms": t_theirs,
                     "speedup": t_theirs / t_ours, "agree": agree})
        print(f"{name:<36} {size:<22} ours {t_ours:9.3f} ms  torchvision {t_theirs:9.3f} ms  "
              f"x{t_theirs / t_ours:6.2f}  agree={agree}", flush=True)

    for n in (1_000, 10_000, 100_000):
        xy = torch.rand(n, 2, generator=g) * 1000
        boxes = torch.cat([xy, xy + torch.rand(n, 2, generator=g) * 99 + 1], 1).to(dev)
        scores = torch.rand(n, generator=g).to(dev)
        classes = torch.randint(0, 80, (n,), generator=g).to(dev)
        a, b = ops.nms(boxes, scores, 0.5), torchvision.ops.nms(boxes, scores, 0.5)
        case("nms", f"{n} boxes", lambda: ops.nms(boxes, scores, 0.5),
             lambda: torchvision.ops.nms(boxes, scores, 0.5), bool(torch.equal(a, b)),
             runs=5 if n >= 100_000 else args.runs)
        a = ops.batched_nms(boxes, scores, classes, 0.5)
        b = torchvision.ops.batched_nms(boxes, scores, classes, 0.5)
        case("batched_nms (80 classes)", f"{n} boxes",
             lambda: ops.batched_nms(boxes, scores, classes, 0.5),
             lambda: torchvision.ops.batched_nms(boxes, scores, classes, 0.5),
             bool(torch.equal(a, b)), runs=5 if n >= 100_000 else args.runs)
    feats = torch.randn(2, 256, 200, 304, generator=g).to(dev)
    wh = 16 + torch.rand(1024, 2, generator=g) * 384
    xy = torch.rand(1024, 2, generator=g) * (torch.tensor([1216.0, 800.0]) - wh)
    rois = torch.cat([torch.randint(0, 2, (1024, 1), generator=g).float(), xy, xy + wh], 1).to(dev)
    a = ops.roi_align(feats, rois, 0.25, 7, 7, 0, True)
    b = torchvision.ops.roi_align(feats, rois, 7, 0.25, 0, True)
    case("roi_align forward", "1024 RoIs x 256 ch 7x7",
         lambda: ops.roi_align(feats, rois, 0.25, 7, 7, 0, True),
         lambda: torchvision.ops.roi_align(feats, rois, 7, 0.25, 0, True),
         bool(torch.allclose(a, b, rtol=1e-5, atol=1e-5)))
    fg = feats.clone().requires_grad_()
    up = torch.randn(1024, 256, 7, 7, generator=g).to(dev)
    case("roi_align forward+backward", "1024 RoIs x 256 ch 7x7",
         lambda: ops.roi_align(fg, rois, 0.25, 7, 7, 0, True).backward(up),
         lambda: torchvision.ops.roi_align(fg, rois, 7, 0.25, 0, True).backward(up), True)
    logits = torch.randn(240_000, 80, generator=g).to(dev).requires_grad_()
    labels = torch.randint(0, 81, (240_000,), generator=g).to(dev)
    onehot = torch.nn.functional.one_hot(labels, 81)[:, :80].to(logits.dtype)
    a = ops.sigmoid_focal_loss(logits, labels, None, 2.0, 0.25)
    b = torchvision.ops.sigmoid_focal_loss(logits, onehot, 0.25, 2.0, "none")
    ones = torch.ones_like(logits)
    case("sigmoid_focal_loss fwd+bwd", "240k x 80",
         lambda: ops.sigmoid_focal_loss(logits, labels, None, 2.0, 0.25).backward(ones),
         lambda: torchvision.ops.sigmoid_focal_loss(logits, onehot, 0.25, 2.0, "none").backward(ones),
         bool(torch.allclose(a, b, rtol=1e-4, atol=1e-6)))
    # Deformable convolution, the issue-16 size: batch 2, 256 -> 256, 3x3, 100x152, DCNv1 and v2.
    x = torch.randn(2, 256, 100, 152, generator=g).to(dev)
    w = (torch.randn(256, 256, 3, 3, generator=g) * 0.02).to(dev)
    bias = torch.randn(256, generator=g).to(dev)
    off = (torch.randn(2, 18, 100, 152, generator=g) * 2).to(dev)
    mask = torch.rand(2, 9, 100, 152, generator=g).to(dev)
    up = torch.randn(2, 256, 100, 152, generator=g).to(dev)
    for label, m in (("DCNv1", None), ("DCNv2", mask)):
        a = ops.deform_conv2d(x, w, off, m, bias, [1, 1], [1, 1], [1, 1], 1, 1)
        b = torchvision.ops.deform_conv2d(x, off, w, bias, padding=1, mask=m)
        case(f"deform_conv2d {label} forward", "2x256x100x152 3x3",
             lambda: ops.deform_conv2d(x, w, off, m, bias, [1, 1], [1, 1], [1, 1], 1, 1),
             lambda: torchvision.ops.deform_conv2d(x, off, w, bias, padding=1, mask=m),
             bool(torch.allclose(a, b, rtol=1e-4, atol=1e-3)))
        xg, wg, og = (t.clone().requires_grad_() for t in (x, w, off))
        mg = m.clone().requires_grad_() if m is not None else None
        case(f"deform_conv2d {label} fwd+bwd", "2x256x100x152 3x3",
             lambda: ops.deform_conv2d(xg, wg, og, mg, bias, [1, 1], [1, 1], [1, 1], 1, 1).backward(up),
             lambda: torchvision.ops.deform_conv2d(xg, og, wg, bias, padding=1, mask=mg).backward(up), True,
             runs=5)

    print()
    print(f"{'op':<36} {'size':<22} {'mmdet4j ms':>11} {'torchvision ms':>15} {'speedup':>8}")
    for r in rows:
        print(f"{r['op']:<36} {r['size']:<22} {r['mmdet4j_ms']:11.3f} {r['torchvision_ms']:15.3f} "
              f"{r['speedup']:8.2f}{'' if r['agree'] else '  (results differ)'}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"device": torch.cuda.get_device_name() if dev.type == "cuda" else "cpu",
                       "torch": torch.__version__, "torchvision": torchvision.__version__,
                       "rows": rows}, f, indent=2)


if __name__ == "__main__":
    main()
