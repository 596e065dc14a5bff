"""deform_conv2d timings, DCNv1 and DCNv2, forward and forward+backward, on the issue's size
(batch 2, 256 -> 256 channels, 3x3, 100x152 map): ours (--lib, loaded into this torch) or
torchvision's (--torchvision). Run each in its own Python (see run.sh); medians of --runs."""
import argparse
import statistics
import time

import torch


def median_ms(fn, runs):
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--lib", help="libmmdet4j.so: time mmdet4j's op")
    which.add_argument("--torchvision", action="store_true", help="time torchvision.ops.deform_conv2d")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads (0: torch's default)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.lib:
        torch.ops.load_library(args.lib)

        def op(x, w, off, mask, b):
            return torch.ops.mmdet4j.deform_conv2d(x, w, off, mask, b, [1, 1], [1, 1], [1, 1], 1, 1)
        name = "mmdet4j"
    else:
        import torchvision

        def op(x, w, off, mask, b):
            return torchvision.ops.deform_conv2d(x, off, w, b, padding=1, mask=mask)
        name = "torchvision"
    g = torch.Generator().manual_seed(0)
    x = torch.randn(2, 256, 100, 152, generator=g)
    w = torch.randn(256, 256, 3, 3, generator=g) * 0.02
    b = torch.randn(256, generator=g)
    off = torch.randn(2, 18, 100, 152, generator=g) * 2
    mask = torch.rand(2, 9, 100, 152, generator=g)
    up = torch.randn(2, 256, 100, 152, generator=g)
    for label, m in (("DCNv1", None), ("DCNv2", mask)):
        leaves = [t.clone().requires_grad_() for t in (x, w, off)] + \
                 [m.clone().requires_grad_() if m is not None else None, b.clone().requires_grad_()]
        with torch.no_grad():
            fwd = median_ms(lambda: op(x, w, off, m, b), args.runs)
        both = median_ms(lambda: op(*leaves).backward(up), args.runs)
        print(f"{name} {label} forward {fwd:.0f} ms, forward+backward {both:.0f} ms "
              f"({torch.get_num_threads()} threads)", flush=True)


if __name__ == "__main__":
    main()
