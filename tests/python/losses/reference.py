"""mmdetection v2.28's loss formulas (mmdet/models/losses: ghm_loss.py, balanced_l1_loss.py,
iou_loss.py, utils.weight_reduce_loss), written out plainly in float64 as the references the
native losses are checked against. Not fast, not clever: each line says what mmdetection does."""
import math

import torch
import torch.nn.functional as F


def weight_reduce_loss(loss, weight, reduction, avg_factor):
    if weight is not None:
        loss = loss * weight
    if avg_factor is None:
        if reduction == "mean":
            return loss.mean()
        if reduction == "sum":
            return loss.sum()
        return loss
    if reduction == "mean":
        return loss.sum() / avg_factor
    assert reduction == "none"
    return loss


def weighted(elementwise, pred, target, weight, reduction, avg_factor, loss_weight):
    return loss_weight * weight_reduce_loss(elementwise(pred, target), weight, reduction, avg_factor)


# ---- Balanced L1 (Libra R-CNN) ----

def balanced_l1(pred, target, alpha=0.5, gamma=1.5, beta=1.0):
    diff = torch.abs(pred - target)
    b = math.e ** (gamma / alpha) - 1
    return torch.where(diff < beta, alpha / b * (b * diff + 1) * torch.log(b * diff / beta + 1) - alpha * diff,
                       gamma * diff + gamma / b - alpha * beta)


# ---- IoU family, aligned pairs of (x1, y1, x2, y2) boxes ----

def _aligned_ious(pred, target, eps=1e-6):
    """mmdet.core.bbox_overlaps(pred, target, is_aligned=True): union kept above eps."""
    area1 = (pred[:, 2] - pred[:, 0]) * (pred[:, 3] - pred[:, 1])
    area2 = (target[:, 2] - target[:, 0]) * (target[:, 3] - target[:, 1])
    lt = torch.max(pred[:, :2], target[:, :2])
    rb = torch.min(pred[:, 2:], target[:, 2:])
    wh = (rb - lt).clamp(min=0)
    overlap = wh[:, 0] * wh[:, 1]
    union = torch.max(area1 + area2 - overlap, union_eps := pred.new_tensor([eps]))
    return overlap / union, union, union_eps


def iou_loss(pred, target, mode="log", eps=1e-6):
    ious = _aligned_ious(pred, target)[0].clamp(min=eps)
    if mode == "linear":
        return 1 - ious
    if mode == "square":
        return 1 - ious ** 2
    return -ious.log()


def giou_loss(pred, target, eps=1e-6):
    ious, union, eps_t = _aligned_ious(pred, target, eps)
    enclose_wh = (torch.max(pred[:, 2:], target[:, 2:]) - torch.min(pred[:, :2], target[:, :2])).clamp(min=0)
    enclose = torch.max(enclose_wh[:, 0] * enclose_wh[:, 1], eps_t)
    return 1 - (ious - (enclose - union) / enclose)


def _diou_terms(pred, target, eps):
    lt = torch.max(pred[:, :2], target[:, :2])
    rb = torch.min(pred[:, 2:], target[:, 2:])
    wh = (rb - lt).clamp(min=0)
    overlap = wh[:, 0] * wh[:, 1]
    ap = (pred[:, 2] - pred[:, 0]) * (pred[:, 3] - pred[:, 1])
    ag = (target[:, 2] - target[:, 0]) * (target[:, 3] - target[:, 1])
    ious = overlap / (ap + ag - overlap + eps)
    enclose_wh = (torch.max(pred[:, 2:], target[:, 2:]) - torch.min(pred[:, :2], target[:, :2])).clamp(min=0)
    c2 = enclose_wh[:, 0] ** 2 + enclose_wh[:, 1] ** 2 + eps
    left = ((target[:, 0] + target[:, 2]) - (pred[:, 0] + pred[:, 2])) ** 2 / 4
    right = ((target[:, 1] + target[:, 3]) - (pred[:, 1] + pred[:, 3])) ** 2 / 4
    return ious, (left + right) / c2


def diou_loss(pred, target, eps=1e-6):
    ious, penalty = _diou_terms(pred, target, eps)
    return 1 - (ious - penalty)


def ciou_loss(pred, target, eps=1e-6):
    ious, penalty = _diou_terms(pred, target, eps)
    w1, h1 = pred[:, 2] - pred[:, 0], pred[:, 3] - pred[:, 1] + eps
    w2, h2 = target[:, 2] - target[:, 0], target[:, 3] - target[:, 1] + eps
    v = 4 / math.pi ** 2 * torch.pow(torch.atan(w2 / h2) - torch.atan(w1 / h1), 2)
    with torch.no_grad():
        alpha = (ious > 0.5).float() * v / (1 - ious + v)
    return 1 - (ious - (penalty + alpha * v)).clamp(min=-1.0, max=1.0)


def bounded_iou_loss(pred, target, beta=0.2, eps=1e-3):
    pred_ctrx = (pred[:, 0] + pred[:, 2]) * 0.5
    pred_ctry = (pred[:, 1] + pred[:, 3]) * 0.5
    pred_w = pred[:, 2] - pred[:, 0]
    pred_h = pred[:, 3] - pred[:, 1]
    with torch.no_grad():
        target_ctrx = (target[:, 0] + target[:, 2]) * 0.5
        target_ctry = (target[:, 1] + target[:, 3]) * 0.5
        target_w = target[:, 2] - target[:, 0]
        target_h = target[:, 3] - target[:, 1]
    dx = target_ctrx - pred_ctrx
    dy = target_ctry - pred_ctry
    loss_dx = 1 - torch.max((target_w - 2 * dx.abs()) / (target_w + 2 * dx.abs() + eps), torch.zeros_like(dx))
    loss_dy = 1 - torch.max((target_h - 2 * dy.abs()) / (target_h + 2 * dy.abs() + eps), torch.zeros_like(dy))
    loss_dw = 1 - torch.min(target_w / (pred_w + eps), pred_w / (target_w + eps))
    loss_dh = 1 - torch.min(target_h / (pred_h + eps), pred_h / (target_h + eps))
    comb = torch.stack([loss_dx, loss_dy, loss_dw, loss_dh], dim=-1).view(loss_dx.size(0), -1)
    return torch.where(comb < beta, 0.5 * comb * comb / beta, comb - 0.5 * beta)


def box_loss(elementwise, pred, target, weight, reduction="mean", avg_factor=None, loss_weight=1.0,
             per_box_weight=True):
    """The IoU losses' forward (reduction 'mean' or 'sum'): all-zero weights give
    (pred * weight).sum(); a (N, 4) weight is averaged to one per box (not BoundedIoULoss's)."""
    if weight is not None and not torch.any(weight > 0):
        return (pred * (weight if weight.dim() == 2 else weight[:, None])).sum()
    if per_box_weight and weight is not None and weight.dim() > 1:
        weight = weight.mean(-1)
    return weighted(elementwise, pred, target, weight, reduction, avg_factor, loss_weight)


# ---- GHM ----

class GHMState:
    """The bin edges and running counts of a GHMC / GHMR module (its buffers)."""

    def __init__(self, bins, momentum, regression):
        self.edges = torch.arange(bins + 1).float() / bins
        if regression:
            self.edges[-1] = 1e3
        else:
            self.edges[-1] += 1e-6
        self.momentum = momentum
        self.acc_sum = torch.zeros(bins) if momentum > 0 else None

    def weights(self, g, valid, tot):
        weights = torch.zeros_like(g)
        n = 0
        for i in range(len(self.edges) - 1):
            inds = (g >= self.edges[i]) & (g < self.edges[i + 1]) & valid
            num_in_bin = inds.sum().item()
            if num_in_bin > 0:
                if self.momentum > 0:
                    self.acc_sum[i] = self.momentum * self.acc_sum[i] + (1 - self.momentum) * num_in_bin
                    weights[inds] = tot / self.acc_sum[i]
                else:
                    weights[inds] = tot / num_in_bin
                n += 1
        if n > 0:
            weights = weights / n
        return weights


def ghmc(state, pred, labels, label_weight, reduction="mean", loss_weight=1.0):
    """GHMC.forward with labels (N,) in [0, C] (C: background), expanded to one-hot as mmdetection does."""
    c = pred.size(-1)
    target = pred.new_zeros(pred.shape)
    inds = torch.nonzero((labels >= 0) & (labels < c), as_tuple=False).squeeze(1)
    if inds.numel() > 0:
        target[inds, labels[inds]] = 1
    label_weight = label_weight.view(-1, 1).expand(label_weight.size(0), c).float()
    g = torch.abs(pred.sigmoid().detach() - target)
    valid = label_weight > 0
    tot = max(valid.float().sum().item(), 1.0)
    weights = state.weights(g, valid, tot)
    loss = F.binary_cross_entropy_with_logits(pred, target, reduction="none")
    return weight_reduce_loss(loss, weights, reduction, tot) * loss_weight


def ghmr(state, pred, target, label_weight, mu=0.02, reduction="mean", loss_weight=1.0):
    diff = pred - target
    loss = torch.sqrt(diff * diff + mu * mu) - mu
    g = torch.abs(diff / torch.sqrt(mu * mu + diff * diff)).detach()
    valid = label_weight > 0
    tot = max(label_weight.float().sum().item(), 1.0)
    weights = state.weights(g, valid, tot)
    return weight_reduce_loss(loss, weights, reduction, tot) * loss_weight


# ---- Sigmoid cross-entropy with soft targets (FCOS's centerness) ----
def sigmoid_cross_entropy_soft(pred, target):
    """binary_cross_entropy_with_logits(pred, target) element-wise, in its stable form."""
    return pred.clamp(min=0) - pred * target + torch.log1p(torch.exp(-pred.abs()))


# ---- ArcLoss (ArcFace's additive angular margin, insightface's formulation) ----
def arc_loss(pred, labels, scale=30.0, margin=0.5):
    """Per-sample softmax cross-entropy of s * cos with the true class's angle widened by m."""
    cos = (pred / scale).clamp(-1, 1)
    cos_y = cos.gather(1, labels[:, None])
    sin_y = (1 - cos_y**2).clamp(min=1e-12).sqrt()
    widened = cos_y * math.cos(margin) - sin_y * math.sin(margin)
    widened = torch.where(cos_y > math.cos(math.pi - margin), widened, cos_y - math.sin(math.pi - margin) * margin)
    return F.cross_entropy(cos.scatter(1, labels[:, None], widened) * scale, labels, reduction="none")
