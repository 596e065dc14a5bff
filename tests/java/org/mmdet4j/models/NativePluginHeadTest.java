package org.mmdet4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.config.ConfigFormat;
import org.mmdet4j.data.loader.Batch;
import org.mmdet4j.runner.Detections;
import org.mmdet4j.runner.StepOutput;
import org.mmdet4j.runner.TrainSetup;
import org.mmdet4j.runner.TrainableModel;

/**
 * A dense head that is not part of the native core (tests/native/plugins/one_conv_anchor_head.cpp,
 * compiled into a plugin library of its own) is loaded through a config's custom_imports, validated
 * by the Java registry against the schema it declares in C++, and trained from a YAML config: no
 * Java factory and no edit to the core were needed for it.
 */
class NativePluginHeadTest {
    static final Path PLUGIN = Path.of("build/native/plugins/libmmdet4j_test_plugin.so").toAbsolutePath();

    private static final String CONFIG = """
            custom_imports:
              imports: [%s]
            model:
              type: SingleStageDetector
              backbone: {type: ResNet, depth: 18, out_indices: [1, 2, 3], frozen_stages: -1, norm_eval: false}
              neck: {type: FPN, in_channels: [128, 256, 512], out_channels: 32, add_extra_convs: on_input, num_outs: 5}
              bbox_head:
                type: OneConvAnchorHead
                num_classes: 3
                in_channels: 32
                feat_channels: 32
                anchor_generator: {type: AnchorGenerator, octave_base_scale: 4, scales_per_octave: 3,
                                   ratios: [0.5, 1.0, 2.0], strides: [8, 16, 32, 64, 128]}
                loss_cls: {type: FocalLoss, use_sigmoid: true, gamma: 2.0, alpha: 0.25}
                loss_bbox: {type: L1Loss}
              train_cfg:
                assigner: {type: MaxIoUAssigner, pos_iou_thr: 0.5, neg_iou_thr: 0.4, min_pos_iou: 0.0}
              test_cfg: {nms_pre: 1000, score_thr: 0.05, nms: {type: nms, iou_threshold: 0.5}, max_per_img: 100}
            """;

    @BeforeAll
    static void pluginIsBuilt() {
        assertTrue(Files.isRegularFile(PLUGIN), PLUGIN + " is missing: the native build makes it (native/scripts/build.sh)");
    }

    static Config config(String... cfgOptions) {
        return Config.fromString(CONFIG.formatted(PLUGIN), ConfigFormat.YAML).withOptions(cfgOptions);
    }

    /** The config with {@code text} replaced by {@code replacement}. */
    static Config edited(String text, String replacement, String... cfgOptions) {
        String yaml = CONFIG.formatted(PLUGIN);
        assertTrue(yaml.contains(text), text);
        return Config.fromString(yaml.replace(text, replacement), ConfigFormat.YAML).withOptions(cfgOptions);
    }

    /** The config with a sigmoid cross-entropy in place of the focal loss. */
    static Config crossEntropyConfig(String... cfgOptions) {
        return edited("loss_cls: {type: FocalLoss, use_sigmoid: true, gamma: 2.0, alpha: 0.25}",
                "loss_cls: {type: CrossEntropyLoss, use_sigmoid: true}", cfgOptions);
    }

    static final String[] RANDOM_SAMPLER = {"model.train_cfg.sampler.type=RandomSampler",
        "model.train_cfg.sampler.num=64", "model.train_cfg.sampler.pos_fraction=0.5",
        "model.train_cfg.sampler.add_gt_as_proposals=False"};

    @Test
    void aPluginHeadTrainsFromAYamlConfig(@TempDir Path dir) throws Exception {
        NativeDetectorModel model = (NativeDetectorModel) TrainSetup.buildModel(config());
        assertTrue(model.stateDictKeys().contains("bbox_head.shared_conv.weight [32, 32, 3, 3]"), model.stateDictKeys());
        // 9 anchors x 3 classes per cell.
        assertTrue(model.stateDictKeys().contains("bbox_head.conv_cls.weight [27, 32, 1, 1]"), model.stateDictKeys());
        assertEquals(3, model.numClasses());

        Batch batch = OneImageOverfit.generate(dir, 5).batch();
        StepOutput[] steps = OneImageOverfit.train(model, batch, 60, -1);
        assertTrue(steps[1].loss() < steps[0].loss() / 2, "loss " + steps[0].loss() + " -> " + steps[1].loss());
        assertEquals(List.of("loss_bbox", "loss_cls"), List.copyOf(steps[1].losses().keySet()));

        model.evalMode();
        List<Detections> dets = model.predict(batch);
        assertEquals(1, dets.size());
    }

    @Test
    void withASigmoidCrossEntropyLossTheHeadSamplesAnchorsWithTrainCfgSampler(@TempDir Path dir) throws Exception {
        // mmdetection's AnchorHead samples whenever the classification loss is not a focal loss.
        TrainableModel model = TrainSetup.buildModel(crossEntropyConfig(RANDOM_SAMPLER));
        StepOutput[] steps = OneImageOverfit.train(model, OneImageOverfit.generate(dir, 5).batch(), 20, -1);
        assertTrue(steps[1].loss() < steps[0].loss(), "loss " + steps[0].loss() + " -> " + steps[1].loss());

        ConfigException noSampler = assertThrows(ConfigException.class,
                () -> TrainSetup.buildModel(crossEntropyConfig()));
        assertTrue(noSampler.getMessage().startsWith("model.train_cfg.sampler: a head trained with CrossEntropyLoss "
                + "samples anchors"), noSampler.getMessage());
    }

    @Test
    void configMistakesInAPluginHeadNameTheirPath() {
        ConfigException typo = assertThrows(ConfigException.class,
                () -> TrainSetup.buildModel(edited("feat_channels: 32", "feat_chanels: 32")));
        assertTrue(typo.getMessage().startsWith("model.bbox_head.feat_chanels: unknown key for OneConvAnchorHead"),
                typo.getMessage());
        assertTrue(typo.getMessage().contains("did you mean 'feat_channels'?"), typo.getMessage());

        ConfigException nested = assertThrows(ConfigException.class,
                () -> TrainSetup.buildModel(edited("octave_base_scale: 4", "octave_base_scal: 4")));
        assertTrue(nested.getMessage().startsWith("model.bbox_head.anchor_generator.octave_base_scal: unknown key"),
                nested.getMessage());
        assertTrue(nested.getMessage().contains("did you mean 'octave_base_scale'?"), nested.getMessage());

        // A value the component itself rejects: checked natively, reported at its config path.
        ConfigException value = assertThrows(ConfigException.class,
                () -> TrainSetup.buildModel(edited("feat_channels: 32\n", "feat_channels: 32\n    prior_prob: 2.0\n")));
        assertEquals("model.bbox_head.prior_prob: must be in (0, 1), got 2", value.getMessage());

        // In train_cfg, which the detector hands to the head: the assigner's own schema catches it.
        ConfigException trainCfg = assertThrows(ConfigException.class,
                () -> TrainSetup.buildModel(edited("pos_iou_thr: 0.5", "pos_iou_th: 0.5")));
        assertTrue(trainCfg.getMessage().startsWith("model.train_cfg.assigner.pos_iou_th: unknown key for "
                + "MaxIoUAssigner in registry 'assigner'"), trainCfg.getMessage());
        assertTrue(trainCfg.getMessage().contains("did you mean 'pos_iou_thr'?"), trainCfg.getMessage());

        ConfigException sampler = assertThrows(ConfigException.class,
                () -> TrainSetup.buildModel(config(RANDOM_SAMPLER)));
        assertTrue(sampler.getMessage().startsWith("model.train_cfg.sampler.type: a head trained with FocalLoss uses "
                + "every anchor"), sampler.getMessage());
    }

    @Test
    void aMissingPluginIsAnErrorNamingTheFile() {
        Config cfg = Config.fromString(CONFIG.formatted("/nonexistent/libnothing.so"), ConfigFormat.YAML);
        ConfigException e = assertThrows(ConfigException.class, () -> TrainSetup.buildModel(cfg));
        assertTrue(e.getMessage().contains("/nonexistent/libnothing.so"), e.getMessage());

        Config python = Config.fromString(CONFIG.formatted("mmdet_plugins.my_head"), ConfigFormat.YAML);
        ConfigException py = assertThrows(ConfigException.class, () -> TrainSetup.buildModel(python));
        assertTrue(py.getMessage().startsWith("custom_imports.imports.0: 'mmdet_plugins.my_head' is not a native "
                + "plugin library"), py.getMessage());
    }
}
