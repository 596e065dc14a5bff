"""Reference timings for the RetinaNet benchmark: torchvision's retinanet_resnet50_fpn (random
weights, no pretrained download) doing the same work: inference on BATCHxHxW, or a training step
(forward, losses, backward, SGD) with 8 random boxes per image. Prints the median in ms."""
import argparse
import statistics
import time

import torch
import torchvision


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["infer", "train"])
    p.add_argument("batch", type=int)
    p.add_argument("height", type=int)
    p.add_argument("width", type=int)
    p.add_argument("iters", type=int)
    p.add_argument("--device", default="cpu")
    a = p.parse_args()
    dev = torch.device(a.device)
    torch.manual_seed(0)
    # min/max_size equal to the input: torchvision's transform then leaves the image size alone.
    model = torchvision.models.detection.retinanet_resnet50_fpn(
        weights=None, weights_backbone=None, num_classes=91, min_size=min(a.height, a.width),
        max_size=max(a.height, a.width)).to(dev)
    images = [torch.rand(3, a.height, a.width, device=dev) for _ in range(a.batch)]
    targets = []
    for _ in range(a.batch):
        xy = torch.rand(8, 2) * torch.tensor([a.width * 0.7, a.height * 0.7])
        wh = torch.rand(8, 2) * torch.tensor([a.width * 0.3, a.height * 0.3]) + 16
        targets.append({"boxes": torch.cat([xy, xy + wh], 1).to(dev), "labels": torch.randint(1, 91, (8,)).to(dev)})
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)

    def step():
        if a.mode == "train":
            model.train()
            losses = model(images, targets)
            opt.zero_grad()
            sum(losses.values()).backward()
            opt.step()
        else:
            model.eval()
            with torch.inference_mode():
                model(images)

    step()
    times = []
    for _ in range(a.iters):
        sync()
        t = time.perf_counter()
        step()
        sync()
        times.append((time.perf_counter() - t) * 1e3)
    print(f"{a.mode} batch {a.batch} {a.height}x{a.width} on {dev}: median {statistics.median(times):.1f} ms "
          f"over {a.iters} runs (torchvision {torchvision.__version__}, {torch.get_num_threads()} threads)")


if __name__ == "__main__":
    main()
