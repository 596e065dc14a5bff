package org.mmdet4j.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mmdet4j.registry.Dicts.dict;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.registry.ToyComponents.Backbone;
import org.mmdet4j.registry.ToyComponents.Detector;
import org.mmdet4j.registry.ToyComponents.Loss;
import org.mmdet4j.registry.ToyComponents.Neck;

/** Building the toy detector through the global registries: recursion, defaults and every error. */
class RegistryBuildTest {

    /** A RetinaNet-shaped model dict, located at {@code model} like one taken from a config. */
    private static Map<String, Object> model() {
        return dict(
                "type", "ToyRetinaNet",
                "backbone", dict("type", "ToyResNet", "depth", 50, "out_indices", List.of(1, 2, 3)),
                "neck", dict("type", "ToyFPN", "in_channels", List.of(512, 1024, 2048), "out_channels", 256,
                        "num_outs", 5, "add_extra_convs", "on_input"),
                "bbox_head", dict("type", "ToyRetinaHead", "num_classes", 3,
                        "loss_cls", dict("type", "ToyFocalLoss", "loss_weight", 2)),
                "test_cfg", dict("score_thr", 0.05));
    }

    private static Detector build(Map<String, Object> cfg, Map<String, ?> defaults) {
        return Registries.DETECTORS.build(ConfigDict.of(cfg, "model"), defaults, null, Detector.class);
    }

    private static String error(Map<String, Object> cfg) {
        return assertThrows(ConfigException.class, () -> build(cfg, null)).getMessage();
    }

    @Test
    void buildsNestedComponentsAndFillsDefaults() {
        Detector d = build(model(), null);
        assertEquals(new Backbone(50, 4, List.of(1, 2, 3), "pytorch",
                ConfigDict.of(dict("type", "BN", "requires_grad", true))), d.backbone());
        assertEquals(new Neck(List.of(512, 1024, 2048), 256, 5, "on_input"), d.neck());
        assertEquals(3, d.head().numClasses());
        assertEquals(256, d.head().inChannels());
        // The int 2 of the config is widened for a FLOAT key.
        assertEquals(new Loss("ToyFocalLoss", 2.0), d.head().lossCls());
        // loss_bbox is absent, so its default config {type: ToyL1Loss} is built.
        assertEquals(new Loss("ToyL1Loss", 1.0), d.head().lossBbox());
        assertNull(d.trainCfg());
        assertEquals(0.05, d.testCfg().getDouble("score_thr"));
    }

    @Test
    void defaultArgsFillOnlyWhatTheConfigLacks() {
        Map<String, Object> defaults = dict(
                "train_cfg", dict("pos_iou_thr", 0.5),
                "test_cfg", dict("score_thr", 0.3));
        Detector d = build(model(), defaults);
        assertEquals(ConfigDict.of(dict("pos_iou_thr", 0.5)), d.trainCfg());
        assertEquals(ConfigDict.of(dict("score_thr", 0.05)), d.testCfg());

        // The type itself may come from the default args, as with mmdet's build_from_cfg.
        Loss loss = Registries.LOSSES.build(dict("loss_weight", 0.5), dict("type", "ToyL1Loss"), "loss", Loss.class);
        assertEquals(new Loss("ToyL1Loss", 0.5), loss);
    }

    @Test
    void neckMayBeNone() {
        Map<String, Object> cfg = model();
        cfg.put("neck", null);
        assertNull(build(cfg, null).neck());
    }

    @Test
    void unknownTypeSuggestsTheClosestName() {
        Map<String, Object> cfg = model();
        ((Map<String, Object>) cfg.get("neck")).put("type", "ToyFNP");
        assertEquals("model.neck.type: unknown type 'ToyFNP' in registry 'neck'; did you mean 'ToyFPN'?", error(cfg));
    }

    @Test
    void unknownKeySuggestsTheClosestKey() {
        Map<String, Object> cfg = model();
        Map<String, Object> neck = (Map<String, Object>) cfg.get("neck");
        neck.put("in_channel", neck.remove("in_channels"));
        assertEquals("model.neck.in_channel: unknown key for ToyFPN in registry 'neck'; did you mean 'in_channels'?",
                error(cfg));
    }

    @Test
    void unknownKeyWithNothingCloseListsTheAcceptedKeys() {
        Map<String, Object> cfg = model();
        ((Map<String, Object>) cfg.get("neck")).put("relu_before_extra_convs", true);
        assertEquals("model.neck.relu_before_extra_convs: unknown key for ToyFPN in registry 'neck'; "
                + "accepted keys: in_channels, out_channels, num_outs, add_extra_convs", error(cfg));
    }

    @Test
    void unknownDefaultArgumentIsAnErrorToo() {
        ConfigException e = assertThrows(ConfigException.class, () -> Registries.NECKS.build(
                ((Map<?, ?>) model().get("neck")), dict("out_channel", 128), "model.neck"));
        assertEquals("model.neck.out_channel: unknown key (passed as a default argument) for ToyFPN in registry "
                + "'neck'; did you mean 'out_channels'?", e.getMessage());
    }

    @Test
    void missingRequiredKey() {
        Map<String, Object> cfg = model();
        ((Map<String, Object>) cfg.get("neck")).remove("out_channels");
        assertEquals("model.neck: missing required key 'out_channels' (int) for ToyFPN in registry 'neck'", error(cfg));
    }

    @Test
    void wrongTypes() {
        Map<String, Object> cfg = model();
        ((Map<String, Object>) cfg.get("neck")).put("num_outs", "5");
        assertEquals("model.neck.num_outs: expected int, got str '5' for ToyFPN in registry 'neck'", error(cfg));

        cfg = model();
        ((Map<String, Object>) cfg.get("neck")).put("in_channels", List.of(512, 1024.0));
        assertEquals("model.neck.in_channels.1: expected list of int, but item is float 1024.0 for ToyFPN in "
                + "registry 'neck'", error(cfg));

        cfg = model();
        ((Map<String, Object>) cfg.get("bbox_head")).put("loss_cls", "FocalLoss");
        assertEquals("model.bbox_head.loss_cls: expected component dict, got str 'FocalLoss' for ToyRetinaHead in "
                + "registry 'head'", error(cfg));

        cfg = model();
        ((Map<String, Object>) ((Map<String, Object>) cfg.get("bbox_head")).get("loss_cls")).put("loss_weight", true);
        assertEquals("model.bbox_head.loss_cls.loss_weight: expected float, got bool True for ToyFocalLoss in "
                + "registry 'loss'", error(cfg));
    }

    @Test
    void noneWhereNotAllowed() {
        Map<String, Object> cfg = model();
        ((Map<String, Object>) cfg.get("bbox_head")).put("num_classes", null);
        assertEquals("model.bbox_head.num_classes: None is not allowed, expected int for ToyRetinaHead in registry "
                + "'head'", error(cfg));
    }

    @Test
    void valueOutsideTheChoicesSuggestsTheClosestChoice() {
        Map<String, Object> cfg = model();
        ((Map<String, Object>) cfg.get("backbone")).put("style", "pytroch");
        assertEquals("model.backbone.style: invalid value 'pytroch' for ToyResNet in registry 'backbone'; expected "
                + "one of ['pytorch', 'caffe']; did you mean 'pytorch'?", error(cfg));
    }

    @Test
    void missingTypeAndNonDictConfigs() {
        Map<String, Object> cfg = model();
        ((Map<String, Object>) ((Map<String, Object>) cfg.get("bbox_head")).get("loss_cls")).remove("type");
        String message = error(cfg);
        assertEquals("model.bbox_head.loss_cls: missing key 'type' for registry 'loss'; registered: ",
                message.substring(0, message.indexOf("registered: ") + "registered: ".length()));

        ConfigException e = assertThrows(ConfigException.class, () -> Registries.NECKS.build(List.of(1), null, "neck"));
        assertEquals("neck: expected a dict with a 'type' key for registry 'neck', got list [1]", e.getMessage());
    }

    @Test
    void factoryValueChecksBecomeConfigErrorsAtThePath() {
        Map<String, Object> cfg = model();
        ((Map<String, Object>) cfg.get("backbone")).put("depth", 51);
        assertEquals("model.backbone: ToyResNet: invalid depth 51", error(cfg));
    }

    @Test
    void componentsTakeOneDictOrAListAppliedInOrder() {
        Registry<Object> detectors = new Registry<>("toy detector", Object.class);
        detectors.register("ToyLibra", ComponentFactory.of(Schema.builder()
                .components("neck", Registries.NECKS, true)
                .build(), args -> args.get("neck")));
        Map<String, Object> fpn = dict("type", "ToyFPN", "in_channels", List.of(512), "out_channels", 256,
                "num_outs", 5);
        Neck expected = new Neck(List.of(512), 256, 5, false);
        assertEquals(expected, detectors.build(dict("type", "ToyLibra", "neck", fpn), null, "model", Object.class));
        assertEquals(List.of(expected, expected), detectors.build(dict("type", "ToyLibra", "neck", List.of(fpn, fpn)),
                null, "model", Object.class));
        Map<String, Object> misspelt = dict("type", "ToyFPN", "in_channels", List.of(512), "out_channels", 256,
                "num_out", 5);
        String e = assertThrows(ConfigException.class, () -> detectors.build(dict("type", "ToyLibra", "neck",
                List.of(fpn, misspelt)), null, "model", Object.class)).getMessage();
        assertEquals("model.neck.1.num_out: unknown key", e.substring(0, e.indexOf(" for ")));
        e = assertThrows(ConfigException.class, () -> detectors.build(dict("type", "ToyLibra", "neck", 5), null,
                "model", Object.class)).getMessage();
        assertEquals("model.neck: expected component dict or list of component dicts, got int 5", e.substring(0,
                e.indexOf(" for ") < 0 ? e.length() : e.indexOf(" for ")));
    }
}
