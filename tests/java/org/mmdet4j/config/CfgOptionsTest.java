package org.mmdet4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mmdet4j.config.ConfigTestFiles.dict;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CfgOptionsTest {
    private static Config base() {
        return Config.of(dict(
                "model", dict("bbox_head", dict("num_classes", 80, "loss_cls", dict("type", "FocalLoss", "gamma", 2.0))),
                "optimizer", dict("type", "SGD", "lr", 0.02),
                "data", dict("train", dict("pipeline", List.of(
                        dict("type", "LoadImageFromFile"),
                        dict("type", "LoadAnnotations", "with_bbox", true),
                        dict("type", "Resize", "img_scale", List.of(1333, 800), "keep_ratio", true))))));
    }

    @Test
    void theIssuesExampleSetsNestedValuesAndListElementsWithTypes() {
        Config cfg = base().withOptions("model.bbox_head.num_classes=3", "optimizer.lr=0.01",
                "data.train.pipeline.2.img_scale=[640,480]");
        assertEquals(3, cfg.at("model.bbox_head.num_classes"));
        assertEquals(0.01, cfg.at("optimizer.lr"));
        assertEquals(List.of(640, 480), cfg.at("data.train.pipeline.2.img_scale"));
        // Everything else is untouched, including the other keys of the same list element.
        assertEquals(true, cfg.at("data.train.pipeline.2.keep_ratio"));
        assertEquals(base().getDict("data.train.pipeline.1"), cfg.getDict("data.train.pipeline.1"));
        assertEquals(0.02, base().at("optimizer.lr"), "the original stays as it was");
    }

    @Test
    void valueTypes() {
        assertEquals(3, CfgOptions.parseValue("3"));
        assertEquals(-3, CfgOptions.parseValue("-3"));
        assertEquals(1e-4, CfgOptions.parseValue("1e-4"));
        assertEquals(0.5, CfgOptions.parseValue(" 0.5 "));
        assertEquals(true, CfgOptions.parseValue("True"));
        assertEquals(false, CfgOptions.parseValue("false"));
        assertNull(CfgOptions.parseValue("None"));
        assertNull(CfgOptions.parseValue("null"));
        assertEquals("ResNet", CfgOptions.parseValue("ResNet"));
        assertEquals("ResNet", CfgOptions.parseValue("'ResNet'"));
        assertEquals("data/coco/", CfgOptions.parseValue("data/coco/"));
        assertEquals("torchvision://resnet50", CfgOptions.parseValue("torchvision://resnet50"));
        assertEquals("", CfgOptions.parseValue(""));
        assertEquals(List.of(640, 480), CfgOptions.parseValue("(640, 480)"));
        assertEquals(List.of(List.of(1333, 640), List.of(1333, 800)), CfgOptions.parseValue("[(1333,640),(1333,800)]"));
        assertEquals(List.of("img", "gt_bboxes"), CfgOptions.parseValue("[img,gt_bboxes]"));
        assertEquals(List.of("bbox", "segm"), CfgOptions.parseValue("bbox,segm"));
        assertEquals(List.of(true, 2, "x", List.of(0.5, "y")), CfgOptions.parseValue("[true, 2, x, [0.5, y]]"));
        assertEquals(List.of(), CfgOptions.parseValue("[]"));
        assertEquals(dict("type", "BN", "requires_grad", false),
                CfgOptions.parseValue("dict(type='BN', requires_grad=False)"));
        assertEquals(8589934592L, CfgOptions.parseValue("8589934592"));
    }

    @Test
    void newKeysAreAddedAndDictValuesMerge() {
        Config cfg = base().withOptions("optimizer.momentum=0.9", "runner.max_epochs=24",
                "model.bbox_head.loss_cls=dict(gamma=1.5)");
        assertEquals(0.9, cfg.getDouble("optimizer.momentum"));
        assertEquals(24, cfg.getInt("runner.max_epochs"));
        assertEquals(dict("type", "FocalLoss", "gamma", 1.5), cfg.getDict("model.bbox_head.loss_cls"));
        Config replaced = base().withOptions("model.bbox_head.loss_cls=dict(_delete_=True,type='L1Loss')");
        assertEquals(dict("type", "L1Loss"), replaced.getDict("model.bbox_head.loss_cls"));
    }

    @Test
    void laterOverridesWin() {
        assertEquals(0.1, base().withOptions("optimizer.lr=0.01", "optimizer.lr=0.1").getDouble("optimizer.lr"));
    }

    @Test
    void errors() {
        assertEquals("data.train.pipeline.7: index 7 is out of range for a list of 3", assertThrows(
                ConfigException.class, () -> base().withOptions("data.train.pipeline.7.img_scale=1")).getMessage());
        assertEquals("data.train.pipeline.first: a list is indexed by a number, got 'first'", assertThrows(
                ConfigException.class, () -> base().withOptions("data.train.pipeline.first=1")).getMessage());
        assertEquals("optimizer.lrr: override names a key that does not exist; did you mean 'lr'?", assertThrows(
                ConfigException.class, () -> base().withOptions("optimizer.lrr=0.01")).getMessage());
        assertEquals("model.bbox_head.num_classes: cannot merge a dict into the int 80 already there; set "
                + "_delete_=True in the dict to replace it", assertThrows(ConfigException.class,
                        () -> base().withOptions("model.bbox_head.num_classes.x=1")).getMessage());
        assertEquals("override 'optimizer.lr' is not of the form key=value", assertThrows(ConfigException.class,
                () -> CfgOptions.parse(Arrays.asList("optimizer.lr"))).getMessage());
        assertEquals("override key 'optimizer..lr' has an empty segment", assertThrows(ConfigException.class,
                () -> CfgOptions.parse(List.of("optimizer..lr=1"))).getMessage());
    }

    @Test
    void overridesApplyWhenLoadingAFile() {
        Config cfg = Config.fromFile(java.nio.file.Path.of("configs/_base_/schedules/schedule_1x.yaml"),
                List.of("optimizer.lr=0.005", "lr_config.step=[7,10]", "runner.max_epochs=11"));
        assertEquals(0.005, cfg.getDouble("optimizer.lr"));
        assertEquals(List.of(7, 10), cfg.getIntList("lr_config.step"));
        assertEquals(11, cfg.getInt("runner.max_epochs"));
    }
}
