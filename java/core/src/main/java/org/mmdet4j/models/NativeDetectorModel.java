package org.mmdet4j.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.mmdet4j.bindings.NativeDetector;
import org.mmdet4j.bindings.NativeException;
import org.mmdet4j.bindings.NativeImagePredictions;
import org.mmdet4j.bindings.NativeLibrary;
import org.mmdet4j.bindings.NativePredictions;
import org.mmdet4j.bindings.NativeStepResult;
import org.mmdet4j.bindings.NativeTensor;
import org.mmdet4j.bindings.Tensors;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.ImageMeta;
import org.mmdet4j.mask.Rle;
import org.mmdet4j.models.detectors.BackboneWeights;
import org.mmdet4j.runner.Detections;
import org.mmdet4j.runner.GradClip;
import org.mmdet4j.runner.OptimizerConfig;
import org.mmdet4j.runner.StepOutput;
import org.mmdet4j.runner.TrainableModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A native detector (native/api/include/mmdet4j/detector.h) as the runner's {@link TrainableModel}:
 * one JNI call per step, batches handed over as whole arrays. Built by the DETECTORS registry.
 */
public final class NativeDetectorModel implements TrainableModel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NativeDetectorModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A native message that starts with a config path: "model.neck.num_outs: must be ...". */
    private final NativeOptions options;
    private final NativeDetector detector;
    private final boolean withMask;

    public NativeDetectorModel(NativeOptions model) {
        NativeLibrary.load();
        this.options = new NativeOptions().nest("model", model);
        this.detector = build(options);
        this.withMask = detector.withMask();
        String pretrained = BackboneWeights.checkpoint(model);
        if (pretrained != null) {
            Path file = CheckpointResolver.resolve(pretrained);
            String report = Tensors.call(() -> detector.loadWeights(file.toString(), false));
            LOG.info("loaded backbone weights from {}: {}", file, report);
        }
    }

    /**
     * The native detector of these options. Its errors are about the options (a value the
     * component rejects, a key it was given and did not use) and name the key's config path
     * first ("model.bbox_head.num_classes: must be positive"): they become config errors there.
     */
    private static NativeDetector build(NativeOptions options) {
        try {
            return Tensors.call(() -> new NativeDetector(options.toText()));
        } catch (NativeException e) {
            throw NativeConfigErrors.translate(e, "model");
        }
    }

    /** The options the native detector was built from. */
    public NativeOptions options() {
        return options;
    }

    public int numClasses() {
        return (int) detector.numClasses();
    }

    /** Whether the model has a mask head: it then trains on gt_masks and predicts masks. */
    public boolean withMask() {
        return withMask;
    }

    @Override
    public boolean predictsMasks() {
        return withMask;
    }

    /** "name [shape]" per line for every parameter and buffer, in mmdetection's naming. */
    public String stateDictKeys() {
        return detector.stateDictKeys();
    }

    /** Loads any torch.save file (e.g. an mmdetection checkpoint); returns the load report. */
    public String loadWeights(Path file, boolean strict) {
        return Tensors.call(() -> detector.loadWeights(file.toString(), strict));
    }

    @Override
    public void toDevice(String device) {
        Tensors.run(() -> detector.toDevice(device));
    }

    @Override
    public String device() {
        return detector.device();
    }

    @Override
    public void configureOptimizer(OptimizerConfig c) {
        NativeOptions o = new NativeOptions()
                .put("type", c.type())
                .put("lr", c.lr())
                .put("momentum", c.momentum())
                .put("weight_decay", c.weightDecay())
                .put("nesterov", c.nesterov())
                .put("paramwise_cfg.bias_lr_mult", c.biasLrMult())
                .put("paramwise_cfg.bias_decay_mult", c.biasDecayMult())
                .put("paramwise_cfg.norm_decay_mult", c.normDecayMult());
        Tensors.run(() -> detector.configureOptimizer(o.toText()));
    }

    @Override
    public void setGradClip(GradClip clip) {
        Tensors.run(() -> detector.setGradClip(clip == null ? -1 : clip.maxNorm(),
                clip == null ? 2 : clip.normType()));
    }

    @Override
    public void configureMixedPrecision(String dtype, Object lossScale) {
        Map<String, Object> fp16 = new LinkedHashMap<>();
        fp16.put("dtype", dtype);
        fp16.put("loss_scale", lossScale);
        String options;
        try {
            options = JSON.writeValueAsString(fp16);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fp16: not JSON-able: " + e.getOriginalMessage(), e);
        }
        Tensors.run(() -> detector.configureMixedPrecision(options));
    }

    @Override
    public String lossScalerState() {
        return Tensors.call(detector::lossScalerState);
    }

    @Override
    public void loadLossScalerState(String json) {
        Tensors.run(() -> detector.loadLossScalerState(json));
    }

    @Override
    public void setPrecision(String precision) {
        Tensors.run(() -> detector.setPrecision(precision));
    }

    @Override
    public double[] initialLearningRates() {
        return Tensors.call(() -> {
            double[] lrs = new double[detector.numParamGroups()];
            detector.initialLearningRates(lrs, lrs.length);
            return lrs;
        });
    }

    @Override
    public void setLearningRates(double[] perParamGroup) {
        Tensors.run(() -> detector.setLearningRates(perParamGroup, perParamGroup.length));
    }

    @Override
    public void setMomentum(double momentum) {
        Tensors.run(() -> detector.setMomentum(momentum));
    }

    @Override
    public void trainMode() {
        detector.setTraining(true);
    }

    @Override
    public void evalMode() {
        detector.setTraining(false);
    }

    @Override
    public StepOutput trainStep(Batch batch) {
        try (PointerScope scope = new PointerScope()) {
            BatchTensors t = BatchTensors.of(batch, withMask);
            return output(Tensors.call(() -> detector.trainStep(t.images(), t.sizes(), t.boxes(), t.labels(),
                    t.counts(), t.masks(), t.keypoints())), batch.n);
        }
    }

    @Override
    public StepOutput valStep(Batch batch) {
        try (PointerScope scope = new PointerScope()) {
            BatchTensors t = BatchTensors.of(batch, withMask);
            return output(Tensors.call(() -> detector.valStep(t.images(), t.sizes(), t.boxes(), t.labels(),
                    t.counts(), t.masks(), t.keypoints())), batch.n);
        }
    }

    /** The step's named losses; "loss" (their optimised sum) is the total. */
    private static StepOutput output(NativeStepResult step, int samples) {
        Map<String, Double> losses = new LinkedHashMap<>();
        double total = Double.NaN;
        for (int i = 0; i < step.numLosses(); i++) {
            String name = step.lossName(i);
            if (name.equals("loss")) {
                total = step.lossValue(i);
            } else {
                losses.put(name, step.lossValue(i));
            }
        }
        double lossScale = step.lossScale() > 0 ? step.lossScale() : Double.NaN;
        return new StepOutput(losses, total, step.gradNorm(), samples, step.updated(), lossScale, step.overflow());
    }

    @Override
    public List<Detections> predict(Batch batch) {
        try (PointerScope scope = new PointerScope()) {
            // Test batches carry no ground truth: masks are not needed to predict.
            BatchTensors t = BatchTensors.of(batch, false);
            NativeTensor originalSizes = withMask ? originalSizes(batch) : new NativeTensor();
            NativePredictions predictions = Tensors.call(() -> detector.predict(t.images(), t.sizes(),
                    t.scaleFactors(), originalSizes));
            List<Detections> result = new ArrayList<>(batch.n);
            for (int i = 0; i < predictions.size(); i++) {
                final int image = i;
                result.add(detections(Tensors.call(() -> predictions.image(image))));
            }
            return result;
        }
    }

    /** (N, 2) int64 original (h, w) of each image, at which the masks are pasted. */
    private static NativeTensor originalSizes(Batch batch) {
        int[][] original = PredictedMasks.originalSizes(batch);
        long[] sizes = new long[2 * batch.n];
        for (int i = 0; i < batch.n; i++) {
            sizes[2 * i] = original[i][0];
            sizes[2 * i + 1] = original[i][1];
        }
        return Tensors.call(() -> NativeTensor.fromInt64(sizes, new long[] {batch.n, 2}, 2));
    }

    /** One image's native predictions as Java arrays, masks as COCO RLEs. */
    private Detections detections(NativeImagePredictions image) {
        float[] boxes = Tensors.toJava(image.boxes()).floats();
        float[] scores = Tensors.toJava(image.scores()).floats();
        long[] labels = Tensors.toJava(image.labels()).longs();
        int[] intLabels = new int[labels.length];
        for (int k = 0; k < labels.length; k++) {
            intLabels[k] = Math.toIntExact(labels[k]);
        }
        Rle[] masks = withMask ? PredictedMasks.rles(Tensors.toJava(image.masks())) : null;
        NativeTensor keypoints = image.keypoints();
        if (!keypoints.defined()) {
            return new Detections(boxes, scores, intLabels, masks);
        }
        int perDetection = Math.toIntExact(keypoints.size(1));
        return new Detections(boxes, scores, intLabels, masks, Tensors.toJava(keypoints).floats(), perDetection);
    }

    @Override
    public void saveCheckpoint(Path file, boolean includeOptimizer, String metaJson) {
        Tensors.run(() -> detector.saveCheckpoint(file.toString(), metaJson == null ? "" : metaJson,
                includeOptimizer));
    }

    @Override
    public String loadCheckpoint(Path file, boolean includeOptimizer) {
        String meta = Tensors.call(() -> detector.loadCheckpoint(file.toString(), includeOptimizer));
        return meta.isEmpty() ? null : meta;
    }

    @Override
    public void close() {
        detector.close();
    }

    /** The native tensors of one batch; freed by the PointerScope that is open when they are made. */
    record BatchTensors(NativeTensor images, NativeTensor sizes, NativeTensor boxes, NativeTensor labels,
                        NativeTensor counts, NativeTensor scaleFactors, NativeTensor masks, NativeTensor keypoints) {
        /** With {@code withMasks} the ground-truth masks too, else an undefined tensor in their place. */
        static BatchTensors of(Batch b, boolean withMasks) {
            long[] sizes = new long[2 * b.n];
            double[] scales = new double[4 * b.n];
            long[] counts = new long[b.n];
            int boxes = 0;
            for (int i = 0; i < b.n; i++) {
                ImageMeta m = b.metas.get(i);
                sizes[2 * i] = m.imgShape()[0];
                sizes[2 * i + 1] = m.imgShape()[1];
                float[] f = m.scaleFactor();
                for (int k = 0; k < 4; k++) {
                    scales[4 * i + k] = f == null ? 1.0 : f[k % f.length];
                }
                // Test batches (Collect keys [img]) carry no boxes: an empty list, not null.
                float[] gt = b.gtBboxes == null || b.gtBboxes.size() <= i ? null : b.gtBboxes.get(i);
                counts[i] = gt == null ? 0 : gt.length / 4;
                boxes += (int) counts[i];
            }
            float[] allBoxes = new float[4 * boxes];
            long[] allLabels = new long[boxes];
            int at = 0;
            for (int i = 0; i < b.n; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                System.arraycopy(b.gtBboxes.get(i), 0, allBoxes, 4 * at, (int) (4 * counts[i]));
                System.arraycopy(b.gtLabels.get(i), 0, allLabels, at, (int) counts[i]);
                at += (int) counts[i];
            }
            final int total = boxes;
            byte[] masks = withMasks ? PaddedGtMasks.rasterize(b, counts) : null;
            BatchKeypoints keypoints = BatchKeypoints.of(b, counts);
            return Tensors.call(() -> new BatchTensors(
                    NativeTensor.fromFloat32(b.images, b.shape(), 4),
                    NativeTensor.fromInt64(sizes, new long[] {b.n, 2}, 2),
                    NativeTensor.fromFloat32(allBoxes, new long[] {total, 4}, 2),
                    NativeTensor.fromInt64(allLabels, new long[] {total}, 1),
                    NativeTensor.fromInt64(counts, new long[] {b.n}, 1),
                    NativeTensor.fromFloat64(scales, new long[] {b.n, 4}, 2),
                    masks == null ? new NativeTensor()
                            : NativeTensor.fromUInt8(masks, new long[] {total, b.height, b.width}, 3),
                    keypoints == null ? new NativeTensor()
                            : NativeTensor.fromFloat32(keypoints.values(),
                                    new long[] {total, keypoints.pointsPerInstance(), 3}, 3)));
        }
    }
}
