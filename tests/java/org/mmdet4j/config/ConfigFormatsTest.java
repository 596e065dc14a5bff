package org.mmdet4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmdet4j.config.ConfigTestFiles.dict;
import static org.mmdet4j.config.ConfigTestFiles.write;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same config in YAML, JSON and Python loads into one tree, and every dump loads back equal. */
class ConfigFormatsTest {
    @TempDir
    Path dir;

    private static final String YAML = """
            model:
              type: RetinaNet
              backbone: {type: ResNet, depth: 50, out_indices: [0, 1, 2, 3], norm_eval: true, init_cfg: null}
              bbox_head:
                num_classes: 80
                anchor_generator: {ratios: [0.5, 1.0, 2.0], strides: [8, 16, 32, 64, 128]}
                bbox_coder: {target_means: [0.0, 0.0, 0.0, 0.0]}
            optimizer: {type: SGD, lr: 0.01, weight_decay: 1.0e-4, big: 8589934592}
            workflow: [[train, 1]]
            text: "it's \\"quoted\\"\\n"
            """;

    private static final String JSON = """
            {"model": {"type": "RetinaNet",
                       "backbone": {"type": "ResNet", "depth": 50, "out_indices": [0, 1, 2, 3],
                                    "norm_eval": true, "init_cfg": null},
                       "bbox_head": {"num_classes": 80,
                                     "anchor_generator": {"ratios": [0.5, 1.0, 2.0], "strides": [8, 16, 32, 64, 128]},
                                     "bbox_coder": {"target_means": [0.0, 0.0, 0.0, 0.0]}}},
             "optimizer": {"type": "SGD", "lr": 0.01, "weight_decay": 1e-4, "big": 8589934592},
             "workflow": [["train", 1]],
             "text": "it's \\"quoted\\"\\n"}
            """;

    private static final String PYTHON = """
            ratios = [0.5, 1.0, 2.0]
            model = dict(
                type='Retina' 'Net',
                backbone=dict(type='ResNet', depth=25 * 2, out_indices=(0, 1, 2, 3), norm_eval=True, init_cfg=None),
                bbox_head=dict(
                    num_classes=80,
                    anchor_generator=dict(ratios=ratios, strides=[8, 16, 32, 64, 2**7]),
                    bbox_coder={'target_means': [.0] * 4}))
            optimizer = dict(type='SGD', lr=0.02 / 2, weight_decay=1e-4, big=2 ** 33)
            workflow = [('train', 1)]
            text = "it's \\"quoted\\"\\n"
            """;

    private Config expected() {
        return Config.of(dict(
                "model", dict(
                        "type", "RetinaNet",
                        "backbone", dict("type", "ResNet", "depth", 50, "out_indices", List.of(0, 1, 2, 3),
                                "norm_eval", true, "init_cfg", null),
                        "bbox_head", dict("num_classes", 80,
                                "anchor_generator", dict("ratios", List.of(0.5, 1.0, 2.0),
                                        "strides", List.of(8, 16, 32, 64, 128)),
                                "bbox_coder", dict("target_means", List.of(0.0, 0.0, 0.0, 0.0)))),
                "optimizer", dict("type", "SGD", "lr", 0.01, "weight_decay", 1e-4, "big", 8589934592L),
                "workflow", List.of(List.of("train", 1)),
                "text", "it's \"quoted\"\n"));
    }

    @Test
    void yamlJsonAndPythonLoadIntoEqualTrees() {
        Config yaml = Config.fromFile(write(dir, "c.yaml", YAML));
        Config json = Config.fromFile(write(dir, "c.json", JSON));
        Config py = Config.fromFile(write(dir, "c.py", PYTHON));
        Config expected = expected();
        assertEquals(expected, yaml);
        assertEquals(expected, json);
        // Every top-level name of a Python config is a key, helper names included (as in mmcv).
        assertEquals(expected.with("ratios", List.of(0.5, 1.0, 2.0)), py);
        assertEquals(8589934592L, yaml.getLong("optimizer.big"));
        assertNull(json.at("model.backbone.init_cfg"));
    }

    @Test
    void dumpsLoadBackEqualInEverySyntax() {
        Config cfg = Config.fromFile(write(dir, "c.yaml", YAML));
        for (ConfigFormat format : ConfigFormat.values()) {
            String text = cfg.dump(format);
            Config back = Config.fromFile(write(dir, "dumped." + format.extension(), text));
            assertEquals(cfg, back, format + " dump:\n" + text);
            assertEquals(List.copyOf(cfg.root().keySet()), List.copyOf(back.root().keySet()));
        }
    }

    @Test
    void trickyScalarsRoundTrip() {
        Config cfg = Config.of(dict(
                "yes_string", "yes", "on", "on", "number_string", "1", "float_string", "1.5", "none_string", "None",
                "null_string", "null", "empty", "", "colon", "a: b", "hash", "a #b", "tiny", 1e-300, "neg", -0.5,
                "big", Long.MIN_VALUE, "unicode", "naïve \u4e2d\u6587", "backslash", "C:\\data\\", "nested",
                List.of(List.of(), dict())));
        for (ConfigFormat format : ConfigFormat.values()) {
            String text = cfg.dump(format);
            assertEquals(cfg, Config.fromString(text, format), format + " dump:\n" + text);
        }
    }

    @Test
    void pythonDumpLooksLikeAnMmdetectionConfig() {
        Config cfg = Config.of(dict(
                "model", dict("type", "RetinaNet", "backbone", dict("type", "ResNet", "depth", 50)),
                "checkpoint_config", dict("interval", 1),
                "meta", dict("not-an-identifier", 1)));
        assertEquals("""
                model = dict(type='RetinaNet', backbone=dict(type='ResNet', depth=50))
                checkpoint_config = dict(interval=1)
                meta = {'not-an-identifier': 1}
                """, cfg.dump(ConfigFormat.PYTHON));
    }

    @Test
    void longPythonValuesBreakOneItemPerLine() {
        Config cfg = Config.of(dict("img_norm_cfg", dict("mean", List.of(123.675, 116.28, 103.53),
                "std", List.of(58.395, 57.12, 57.375), "to_rgb", true, "extra_long_key_name", "x".repeat(10))));
        assertEquals("""
                img_norm_cfg = dict(
                    mean=[123.675, 116.28, 103.53],
                    std=[58.395, 57.12, 57.375],
                    to_rgb=True,
                    extra_long_key_name='xxxxxxxxxx',
                )
                """, cfg.dump(ConfigFormat.PYTHON));
    }

    @Test
    void yamlDumpWritesShortCollectionsInline() {
        String yaml = Config.of(dict("norm_cfg", dict("type", "BN", "requires_grad", true),
                "out_indices", List.of(0, 1))).dump(ConfigFormat.YAML);
        assertTrue(yaml.contains("norm_cfg: {type: BN, requires_grad: true}"), yaml);
        assertTrue(yaml.contains("out_indices: [0, 1]"), yaml);
    }

    @Test
    void mmdetectionRetinanetPythonConfigEqualsItsYamlTwin() {
        Path root = Path.of("tests/resources/config");
        Config py = Config.fromFile(root.resolve("mmdet_py/retinanet/retinanet_r50_fpn_1x_coco.py"));
        Config yaml = Config.fromFile(root.resolve("yaml_twin/retinanet_r50_fpn_1x_coco.yaml"));
        assertEquals(yaml, py);
        // Spot checks against mmdetection's values, written out independently of both files.
        assertEquals(0.01, py.getDouble("optimizer.lr"));
        assertEquals(List.of(8, 11), py.getIntList("lr_config.step"));
        assertEquals(dict("type", "Normalize", "mean", List.of(123.675, 116.28, 103.53),
                "std", List.of(58.395, 57.12, 57.375), "to_rgb", true), py.getDict("data.train.pipeline.4"));
        assertEquals(py.getDict("data.train.pipeline.4"), py.getDict("data.test.pipeline.1.transforms.2"));
        assertEquals("data/coco/annotations/instances_val2017.json", py.getString("data.val.ann_file"));
        assertEquals(List.of(1333, 800), py.getIntList("data.train.pipeline.2.img_scale"));
        assertEquals(List.of(List.of("train", 1)), py.getList("workflow"));
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0), py.getDoubleList("model.bbox_head.bbox_coder.target_means"));
    }
}
