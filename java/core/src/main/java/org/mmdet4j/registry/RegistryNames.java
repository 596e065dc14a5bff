package org.mmdet4j.registry;

/**
 * Names of the standard registries, as compile-time constants for {@link Register#registry()}.
 * They follow mmdetection v2's registry names ({@code Registry('backbone')}, ...), which also
 * appear in error messages.
 */
public final class RegistryNames {
    private RegistryNames() {
    }

    public static final String BACKBONES = "backbone";
    public static final String NECKS = "neck";
    public static final String ROI_EXTRACTORS = "roi_extractor";
    public static final String SHARED_HEADS = "shared_head";
    public static final String HEADS = "head";
    public static final String LOSSES = "loss";
    public static final String DETECTORS = "detector";
    public static final String DATASETS = "dataset";
    public static final String TRANSFORMS = "transform";
    public static final String HOOKS = "hook";
    public static final String OPTIMIZERS = "optimizer";
    public static final String LR_SCHEDULERS = "lr_scheduler";
    public static final String ASSIGNERS = "assigner";
    public static final String SAMPLERS = "sampler";
    public static final String BBOX_CODERS = "bbox_coder";
    public static final String ANCHOR_GENERATORS = "anchor_generator";
    /** The {@code nms} dict of a head's test settings ({@code dict(type='nms', iou_threshold=0.5)}). */
    public static final String NMS = "nms";
    /**
     * The train_cfg / test_cfg sections a native head reads ({@code StandardRoIHead.train_cfg}
     * is a two-stage detector's {@code train_cfg.rcnn}), declared beside the head.
     */
    public static final String SETTINGS = "settings";
}
