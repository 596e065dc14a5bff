package org.mmdet4j.runner;

/**
 * {@code grad_clip=dict(max_norm=35, norm_type=2)}: gradients are scaled so that their total
 * {@code norm_type}-norm is at most {@code maxNorm} (torch's {@code clip_grad_norm_}).
 */
public record GradClip(double maxNorm, double normType) {
    public GradClip {
        if (!(maxNorm > 0) || !(normType > 0)) {
            throw new IllegalArgumentException("grad_clip needs max_norm > 0 and norm_type > 0, got max_norm="
                    + maxNorm + ", norm_type=" + normType);
        }
    }
}
