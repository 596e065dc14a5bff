"""Reference timings for the detector benchmarks: torchvision's retinanet_resnet50_fpn,
fasterrcnn_resnet50_fpn, maskrcnn_resnet50_fpn, fcos_resnet50_fpn or ssd300_vgg16 (--model; random
weights, no pretrained download)
doing the same work as `mmdet4j_native bench`: inference on BATCHxHxW, or a training step (forward,
losses, backward, SGD) with 8 random boxes per image (filled as masks for Mask R-CNN). Prints the
median in ms."""
import argparse
import statistics
import time

import torch
import torchvision

MODELS = {"retinanet": "retinanet_resnet50_fpn", "faster_rcnn": "fasterrcnn_resnet50_fpn",
          "mask_rcnn": "maskrcnn_resnet50_fpn", "fcos": "fcos_resnet50_fpn", "ssd": "ssd300_vgg16"}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["infer", "train"])
    p.add_argument("batch", type=int)
    p.add_argument("height", type=int)
    p.add_argument("width", type=int)
    p.add_argument("iters", type=int)
    p.add_argument("--device", default="cpu")
    p.add_argument("--model", default="retinanet", choices=sorted(MODELS))
    p.add_argument("--autocast", default="none", choices=["none", "bf16", "fp16"],
                   help="run the forward pass under torch.autocast in this dtype")
    a = p.parse_args()
    dev = torch.device(a.device)
    torch.manual_seed(0)
    if a.model == "ssd":
        # SSD resizes every image to its fixed 300x300 input itself; 81 classes as mmdetection's 80 + background.
        model = torchvision.models.detection.ssd300_vgg16(weights=None, weights_backbone=None, num_classes=81).to(dev)
    else:
        # min/max_size equal to the input: torchvision's transform then leaves the image size alone.
        model = getattr(torchvision.models.detection, MODELS[a.model])(
            weights=None, weights_backbone=None, num_classes=91, min_size=min(a.height, a.width),
            max_size=max(a.height, a.width)).to(dev)
    num_labels = 81 if a.model == "ssd" else 91
    images = [torch.rand(3, a.height, a.width, device=dev) for _ in range(a.batch)]
    targets = []
    for _ in range(a.batch):
        xy = torch.rand(8, 2) * torch.tensor([a.width * 0.7, a.height * 0.7])
        wh = torch.rand(8, 2) * torch.tensor([a.width * 0.3, a.height * 0.3]) + 16
        boxes = torch.cat([xy, xy + wh], 1)
        target = {"boxes": boxes.to(dev), "labels": torch.randint(1, num_labels, (8,)).to(dev)}
        if a.model == "mask_rcnn":
            masks = torch.zeros(8, a.height, a.width, dtype=torch.uint8)
            for k, (x1, y1, x2, y2) in enumerate(boxes.long().tolist()):
                masks[k, y1:y2, x1:x2] = 1
            target["masks"] = masks.to(dev)
        targets.append(target)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)

    autocast_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(a.autocast)

    def autocast():
        return torch.autocast(dev.type, dtype=autocast_dtype, enabled=autocast_dtype is not None)

    def step():
        if a.mode == "train":
            model.train()
            with autocast():
                losses = model(images, targets)
            opt.zero_grad()
            sum(losses.values()).backward()
            opt.step()
        else:
            model.eval()
            with torch.inference_mode(), autocast():
                model(images)

    step()
    times = []
    for _ in range(a.iters):
        sync()
        t = time.perf_counter()
        step()
        sync()
        times.append((time.perf_counter() - t) * 1e3)
    precision = "fp32" if autocast_dtype is None else a.autocast + " autocast"
    print(f"{a.model} {a.mode} batch {a.batch} {a.height}x{a.width} on {dev} {precision}: median {statistics.median(times):.1f} ms "
          f"over {a.iters} runs (torchvision {torchvision.__version__}, {torch.get_num_threads()} threads)")


if __name__ == "__main__":
    main()
