"""Reference timings for `./mmdet4j benchmark ops`: torchvision's ops on the same sizes and input
distributions, medians of several runs. Needs a Python with torch and torchvision (see run.sh)."""
import argparse
import statistics
import time

import torch
import torchvision


def median_ms(fn, runs, warmup=1):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def random_boxes(n, g):
    xy = torch.rand(n, 2, generator=g) * 1000
    wh = torch.rand(n, 2, generator=g) * 99 + 1
    return torch.cat([xy, xy + wh], 1)


def random_rois(n, width, height, g):
    wh = 16 + torch.rand(n, 2, generator=g) * 384
    xy = torch.rand(n, 2, generator=g) * (torch.tensor([width, height]) - wh)
    return torch.cat([torch.zeros(n, 1), xy, xy + wh], 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    dev = torch.device(args.device)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    g = torch.Generator().manual_seed(0)
    rows = []

    def bench(op, size, fn, runs=args.runs):
        def timed():
            fn()
            sync()
        ms = median_ms(timed, runs)
        rows.append((op, size, ms))
        print(f"{op:<38} {size:<24} {ms:10.2f} ms", flush=True)

    print(f"torchvision {torchvision.__version__}, torch {torch.__version__}, {dev}, "
          f"{torch.get_num_threads()} threads")
    for n in (1_000, 10_000, 100_000):
        boxes = random_boxes(n, g).to(dev)
        scores = torch.rand(n, generator=g).to(dev)
        classes = torch.randint(0, 80, (n,), generator=g).to(dev)
        runs = 3 if n >= 100_000 else args.runs
        bench("nms", f"{n} boxes", lambda: torchvision.ops.nms(boxes, scores, 0.5), runs)
        bench("batched_nms (80 classes)", f"{n} boxes",
              lambda: torchvision.ops.batched_nms(boxes, scores, classes, 0.5), runs)
    features = torch.randn(1, 256, 200, 304, generator=g).to(dev)
    rois = random_rois(512, 1216, 800, g).to(dev)
    bench("roi_align forward", "512 RoIs x 256 ch, 7x7",
          lambda: torchvision.ops.roi_align(features, rois, 7, 0.25, 0, True))
    features_grad = features.clone().requires_grad_()
    upstream = torch.randn(512, 256, 7, 7, generator=g).to(dev)
    bench("roi_align forward+backward", "512 RoIs x 256 ch, 7x7",
          lambda: torchvision.ops.roi_align(features_grad, rois, 7, 0.25, 0, True).backward(upstream))
    logits = torch.randn(120_000, 80, generator=g).to(dev).requires_grad_()
    labels = torch.randint(0, 81, (120_000,), generator=g).to(dev)
    onehot = torch.nn.functional.one_hot(labels, 81)[:, :80].float()
    bench("sigmoid_focal_loss forward+backward", "120k x 80",
          lambda: torchvision.ops.sigmoid_focal_loss(logits, onehot, 0.25, 2.0, "none")
          .backward(torch.ones_like(logits)))


if __name__ == "__main__":
    main()
