"""Plain float64 reference implementations of the ops, written for clarity, not speed."""
import math

import torch


def iou_matrix(boxes: torch.Tensor) -> torch.Tensor:
    b = boxes.double()
    area = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    lt = torch.max(b[:, None, :2], b[None, :, :2])
    rb = torch.min(b[:, None, 2:], b[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    return inter / (area[:, None] + area[None, :] - inter)


def nms(boxes, scores, threshold):
    """Greedy NMS; visiting order is descending score, ties by lower index."""
    order = sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))
    iou = iou_matrix(boxes)
    keep = []
    for i in order:
        if all(not (iou[k, i] > threshold) for k in keep):
            keep.append(i)
    return keep


def batched_nms(boxes, scores, idxs, threshold):
    keep = []
    for c in sorted(set(idxs.tolist())):
        members = [i for i in range(len(idxs)) if idxs[i] == c]
        kept = nms(boxes[members], scores[members], threshold)
        keep.extend(members[k] for k in kept)
    return sorted(keep, key=lambda i: (-float(scores[i]), i))


def soft_nms(boxes, scores, threshold, sigma, min_score, method):
    iou = iou_matrix(boxes)
    score = scores.double().clone()
    alive = list(range(len(score)))
    keep, kept_scores = [], []
    while alive:
        i = max(alive, key=lambda j: (float(score[j]), -j))
        alive.remove(i)
        keep.append(i)
        kept_scores.append(float(score[i]))
        survivors = []
        for j in alive:
            o = float(iou[i, j])
            if method == "linear":
                w = 1 - o if o > threshold else 1.0
            elif method == "gaussian":
                w = math.exp(-(o * o) / sigma)
            else:
                w = 0.0 if o > threshold else 1.0
            score[j] *= w
            if score[j] >= min_score:
                survivors.append(j)
        alive = survivors
    return keep, kept_scores


def bbox_overlaps(a, b, mode, aligned, eps=1e-6):
    a, b = a.double(), b.double()
    if not aligned:
        a, b = a[:, None, :], b[None, :, :]
    area1 = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1])
    area2 = (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    wh = (torch.min(a[..., 2:], b[..., 2:]) - torch.max(a[..., :2], b[..., :2])).clamp(min=0)
    overlap = wh[..., 0] * wh[..., 1]
    union = area1 if mode == "iof" else area1 + area2 - overlap
    union = union.clamp(min=eps)
    ious = overlap / union
    if mode != "giou":
        return ious
    ewh = (torch.max(a[..., 2:], b[..., 2:]) - torch.min(a[..., :2], b[..., :2])).clamp(min=0)
    enclose = (ewh[..., 0] * ewh[..., 1]).clamp(min=eps)
    return ious - (enclose - union) / enclose


def _bilinear(plane, y, x):
    """torchvision's bilinear_interpolate on one (C, H, W) plane; differentiable in plane."""
    height, width = plane.shape[-2:]
    if y < -1.0 or y > height or x < -1.0 or x > width:
        return plane.new_zeros(plane.shape[0])
    y, x = max(y, 0.0), max(x, 0.0)
    y_low, x_low = int(y), int(x)
    if y_low >= height - 1:
        y_high = y_low = height - 1
        y = float(y_low)
    else:
        y_high = y_low + 1
    if x_low >= width - 1:
        x_high = x_low = width - 1
        x = float(x_low)
    else:
        x_high = x_low + 1
    ly, lx = y - y_low, x - x_low
    hy, hx = 1 - ly, 1 - lx
    return (hy * hx * plane[:, y_low, x_low] + hy * lx * plane[:, y_low, x_high]
            + ly * hx * plane[:, y_high, x_low] + ly * lx * plane[:, y_high, x_high])


def roi_align(inp, rois, scale, ph_, pw_, sampling_ratio, aligned):
    """RoIAlign by its definition: the average of bilinear samples in each bin."""
    out = []
    offset = 0.5 if aligned else 0.0
    for roi in rois.double().tolist():
        b = int(roi[0])
        x1, y1 = roi[1] * scale - offset, roi[2] * scale - offset
        w, h = roi[3] * scale - offset - x1, roi[4] * scale - offset - y1
        if not aligned:
            w, h = max(w, 1.0), max(h, 1.0)
        bh, bw = h / ph_, w / pw_
        gh = sampling_ratio if sampling_ratio > 0 else math.ceil(h / ph_)
        gw = sampling_ratio if sampling_ratio > 0 else math.ceil(w / pw_)
        count = max(gh * gw, 1)
        bins = []
        for ph in range(ph_):
            for pw in range(pw_):
                acc = inp.new_zeros(inp.shape[1])
                for iy in range(gh):
                    y = y1 + ph * bh + (iy + 0.5) * bh / gh
                    for ix in range(gw):
                        x = x1 + pw * bw + (ix + 0.5) * bw / gw
                        acc = acc + _bilinear(inp[b], y, x)
                bins.append(acc / count)
        out.append(torch.stack(bins, dim=1).view(inp.shape[1], ph_, pw_))
    return torch.stack(out) if out else inp.new_zeros((0, inp.shape[1], ph_, pw_))


def roi_pool(inp, rois, scale, ph_, pw_):
    n, c, height, width = inp.shape
    out = inp.new_zeros((len(rois), c, ph_, pw_))
    for r, roi in enumerate(rois.tolist()):
        b = int(roi[0])
        sw, sh, ew, eh = (int(round(v * scale)) for v in roi[1:])
        rw, rh = max(ew - sw + 1, 1), max(eh - sh + 1, 1)
        bh, bw = rh / ph_, rw / pw_
        for ph in range(ph_):
            hs = min(max(math.floor(ph * bh) + sh, 0), height)
            he = min(max(math.ceil((ph + 1) * bh) + sh, 0), height)
            for pw in range(pw_):
                ws = min(max(math.floor(pw * bw) + sw, 0), width)
                we = min(max(math.ceil((pw + 1) * bw) + sw, 0), width)
                if he > hs and we > ws:
                    out[r, :, ph, pw] = inp[b, :, hs:he, ws:we].amax(dim=(1, 2))
    return out


def sigmoid_focal_loss(logits, targets, gamma, alpha, weight=None):
    x = logits.double()
    num_classes = x.shape[1]
    onehot = torch.nn.functional.one_hot(targets, num_classes + 1)[:, :num_classes].double()
    p = torch.sigmoid(x)
    logp = torch.nn.functional.logsigmoid(x)
    log1mp = torch.nn.functional.logsigmoid(-x)
    loss = (-alpha * (1 - p) ** gamma * logp * onehot
            - (1 - alpha) * p ** gamma * log1mp * (1 - onehot))
    if weight is not None:
        loss = loss * (weight.double()[:, None] if weight.dim() == 1 else weight.double())
    return loss


def _deform_bilinear(plane, y, x):
    """Samples `plane` (C, H, W) at points y, x (any equal shapes) with zeros outside the map:
    each of the four neighbours off the map reads zero (torchvision's deform_conv2d sampling)."""
    height, width = plane.shape[-2:]
    y0, x0 = torch.floor(y), torch.floor(x)
    ly, lx = y - y0, x - x0
    out = 0
    for dy, wy in ((0, 1 - ly), (1, ly)):
        for dx, wx in ((0, 1 - lx), (1, lx)):
            yy, xx = (y0 + dy).long(), (x0 + dx).long()
            inside = (yy >= 0) & (yy < height) & (xx >= 0) & (xx < width)
            v = plane[:, yy.clamp(0, height - 1), xx.clamp(0, width - 1)] * inside
            out = out + v * (wy * wx)
    return out


def deform_conv2d(x, weight, offset, mask, bias, stride, padding, dilation, groups, deform_groups):
    """Deformable convolution written out tap by tap: every output position samples the input at
    its kernel tap plus the learned (dy, dx) offset; differentiable through autograd, so the same
    function gives the reference gradients of all five inputs."""
    n, c, height, width = x.shape
    c_out, c_per_group, kh, kw = weight.shape
    out_h, out_w = offset.shape[-2:]
    oy = torch.arange(out_h, dtype=x.dtype)[:, None] * stride[0] - padding[0]
    ox = torch.arange(out_w, dtype=x.dtype)[None, :] * stride[1] - padding[1]
    c_per_deform = c // deform_groups
    images = []
    for b in range(n):
        columns = []  # (C, kh*kw, out_h, out_w)
        for g in range(deform_groups):
            taps = []
            for i in range(kh):
                for j in range(kw):
                    t = g * kh * kw + i * kw + j
                    y = oy + i * dilation[0] + offset[b, 2 * t]
                    xx = ox + j * dilation[1] + offset[b, 2 * t + 1]
                    v = _deform_bilinear(x[b, g * c_per_deform:(g + 1) * c_per_deform], y, xx)
                    taps.append(v * mask[b, t] if mask is not None else v)
            columns.append(torch.stack(taps, 1))
        cols = torch.cat(columns, 0).reshape(groups, c_per_group * kh * kw, out_h * out_w)
        w = weight.reshape(groups, c_out // groups, c_per_group * kh * kw)
        images.append(torch.bmm(w, cols).reshape(c_out, out_h, out_w))
    out = torch.stack(images) if images else x.new_zeros(0, c_out, out_h, out_w)
    return out + bias.view(1, -1, 1, 1) if bias is not None else out
