package org.mmdet4j.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mmdet4j.data.datasets.CocoDataset;
import org.mmdet4j.data.datasets.DatasetOptions;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.data.loader.Collate;
import org.mmdet4j.data.shapes.ShapesGenerator;
import org.mmdet4j.data.shapes.ShapesImage;
import org.mmdet4j.data.shapes.ShapesWriter;
import org.mmdet4j.data.transforms.Pipelines;
import org.mmdet4j.runner.CocoBboxEvaluator;
import org.mmdet4j.runner.GradClip;
import org.mmdet4j.runner.OptimizerConfig;
import org.mmdet4j.runner.StepOutput;
import org.mmdet4j.runner.TrainableModel;

/**
 * What the overfit tests share: one generated shapes image as a training batch (the tiny models'
 * pipeline: 256x224, normalised, padded to 32), SGD steps on it, and the COCO bbox metrics of a
 * model's detections on that image.
 *
 * @param dataset     the one-image dataset
 * @param annotations its COCO annotation file
 * @param batch       the image as a batch
 */
public record OneImageOverfit(DetDataset dataset, Path annotations, Batch batch) {

    /** The first image of a shapes split generated with {@code seed}, written under {@code dir}. */
    public static OneImageOverfit generate(Path dir, int seed) throws IOException {
        List<ShapesImage> images = new ShapesGenerator(seed).split("train", 1);
        ShapesWriter.writeImages(dir, images);
        Path ann = ShapesWriter.writeCoco(dir, "train", images);
        DetDataset dataset = CocoDataset.load(ann, dir.resolve("JPEGImages").toString(),
                Pipelines.build(pipeline(), "pipeline").transforms(), null, DatasetOptions.train());
        return new OneImageOverfit(dataset, ann, Collate.collate(List.of(dataset.get(0, new Random(0))), 32));
    }

    /** The training pipeline of the tiny test models. */
    public static List<Map<String, Object>> pipeline() {
        return List.of(
                Map.of("type", "LoadImageFromFile"),
                Map.of("type", "LoadAnnotations", "with_bbox", true),
                Map.of("type", "Resize", "img_scale", List.of(256, 224), "keep_ratio", true),
                Map.of("type", "Normalize", "mean", List.of(123.675, 116.28, 103.53),
                        "std", List.of(58.395, 57.12, 57.375), "to_rgb", true),
                Map.of("type", "Pad", "size_divisor", 32),
                Map.of("type", "DefaultFormatBundle"),
                Map.of("type", "Collect", "keys", List.of("img", "gt_bboxes", "gt_labels")));
    }

    /**
     * {@code steps} SGD steps on {@code batch} (lr 0.01, momentum 0.9, weight decay 1e-4, gradients
     * clipped at norm 35), from step {@code lrDropAt} on (when non-negative) at a tenth of the rate,
     * each checked to be applied. Returns the first and the last step.
     */
    public static StepOutput[] train(TrainableModel model, Batch batch, int steps, int lrDropAt) {
        model.configureOptimizer(OptimizerConfig.sgd(0.01, 0.9, 1e-4));
        model.setGradClip(new GradClip(35, 2));
        model.trainMode();
        StepOutput first = null;
        StepOutput last = null;
        for (int i = 0; i < steps; i++) {
            if (i == lrDropAt) {
                double[] lrs = model.initialLearningRates();
                for (int g = 0; g < lrs.length; g++) {
                    lrs[g] /= 10;
                }
                model.setLearningRates(lrs);
            }
            last = model.trainStep(batch);
            assertTrue(last.updated(), "step " + i + " was not applied: " + last);
            first = first == null ? last : first;
        }
        return new StepOutput[] {first, last};
    }

    /** The COCO bbox metrics of the model's detections on the image (the model is put in eval mode). */
    public Map<String, Object> bboxMetrics(NativeDetectorModel model) {
        model.evalMode();
        return new CocoBboxEvaluator(dataset, annotations).evaluate(model.predict(batch));
    }
}
