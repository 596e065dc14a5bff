package org.mmdet4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mmdet4j.config.ConfigTestFiles.dict;
import static org.mmdet4j.config.ConfigTestFiles.write;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigInheritanceTest {
    @TempDir
    Path dir;

    /** base.yaml <- mid.json <- exp/child.py: three syntaxes, a relative path up a folder. */
    @Test
    void threeLevelChainMergesInOrder() {
        write(dir, "base.yaml", """
                model:
                  type: Toy
                  backbone: {type: ResNet, depth: 50, out_indices: [0, 1, 2, 3]}
                  head:
                    num_classes: 80
                    loss: {type: CrossEntropyLoss, use_sigmoid: false, loss_weight: 1.0}
                optimizer: {type: SGD, lr: 0.02, momentum: 0.9}
                lr_config: {policy: step, step: [8, 11]}
                log_level: INFO
                """);
        write(dir, "mid.json", """
                {"_base_": "base.yaml",
                 "model": {"backbone": {"depth": 101}},
                 "optimizer": {"lr": 0.01}}
                """);
        Path child = write(dir, "exp/child.py", """
                _base_ = '../mid.json'
                model = dict(
                    head=dict(
                        num_classes=3,
                        # replaces the inherited loss instead of merging into it
                        loss=dict(_delete_=True, type='FocalLoss', gamma=2.0)))
                lr_config = dict(step=[16, 22])  # lists replace, they never merge
                """);
        Config cfg = Config.fromFile(child);
        Config expected = Config.of(dict(
                "model", dict(
                        "type", "Toy",
                        "backbone", dict("type", "ResNet", "depth", 101, "out_indices", List.of(0, 1, 2, 3)),
                        "head", dict("num_classes", 3, "loss", dict("type", "FocalLoss", "gamma", 2.0))),
                "optimizer", dict("type", "SGD", "lr", 0.01, "momentum", 0.9),
                "lr_config", dict("policy", "step", "step", List.of(16, 22)),
                "log_level", "INFO"));
        assertEquals(expected, cfg);
        assertEquals(child.toAbsolutePath().normalize(), cfg.file());
        // Inherited keys keep the base's order; the child's new keys come after.
        assertEquals(List.of("model", "optimizer", "lr_config", "log_level"), List.copyOf(cfg.root().keySet()));
    }

    @Test
    void deleteReplacesASubtreeAndIsRemovedEverywhere() {
        write(dir, "base.yaml", "neck: {type: FPN, in_channels: [256, 512], num_outs: 5}\n");
        Path child = write(dir, "child.yaml", """
                _base_: base.yaml
                neck: {_delete_: true, type: PAFPN, out_channels: 128}
                extra: {_delete_: true, a: 1}
                """);
        Config cfg = Config.fromFile(child);
        assertEquals(Config.of(dict("neck", dict("type", "PAFPN", "out_channels", 128), "extra", dict("a", 1))), cfg);
    }

    @Test
    void deleteFalseMerges() {
        write(dir, "base.yaml", "neck: {type: FPN, num_outs: 5}\n");
        Path child = write(dir, "child.yaml", "_base_: base.yaml\nneck: {_delete_: false, num_outs: 6}\n");
        assertEquals(Config.of(dict("neck", dict("type", "FPN", "num_outs", 6))), Config.fromFile(child));
    }

    @Test
    void basesListMergesAllAndRejectsAKeyFromTwoBases() {
        write(dir, "a.yaml", "model: {type: A}\nx: 1\n");
        write(dir, "b.yaml", "data: {batch: 2}\n");
        write(dir, "c.yaml", "x: 2\n");
        Path ok = write(dir, "ok.yaml", "_base_: [a.yaml, b.yaml]\ndata: {batch: 4}\n");
        assertEquals(Config.of(dict("model", dict("type", "A"), "x", 1, "data", dict("batch", 4))), Config.fromFile(ok));

        Path clash = write(dir, "clash.yaml", "# two bases\n_base_: [a.yaml, c.yaml]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromFile(clash));
        assertEquals(clash + ":2: key 'x' is defined by two bases, 'a.yaml' and 'c.yaml'; a top-level key may come "
                + "from one base only", e.getMessage());
    }

    @Test
    void dictOverAScalarNeedsDelete() {
        write(dir, "base.py", "model = dict(neck=None)\n");
        Path child = write(dir, "child.py", "_base_ = 'base.py'\nmodel = dict(neck=dict(type='FPN'))\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromFile(child));
        assertEquals(child + ": model.neck: cannot merge a dict into None already there; set _delete_=True "
                + "in the dict to replace it", e.getMessage());

        Path fixed = write(dir, "fixed.py", "_base_ = 'base.py'\nmodel = dict(neck=dict(_delete_=True, type='FPN'))\n");
        assertEquals(Config.of(dict("model", dict("neck", dict("type", "FPN")))), Config.fromFile(fixed));
    }

    @Test
    void cycleIsReportedWithTheChain() {
        Path a = write(dir, "a.yaml", "_base_: b.yaml\nx: 1\n");
        Path b = write(dir, "b.yaml", "y: 2\n_base_: [c.yaml]\n");
        Path c = write(dir, "c.yaml", "_base_: a.yaml\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromFile(a));
        assertEquals(c + ":1: _base_ cycle: " + String.join(" -> ", Arrays.asList(a.toString(), b.toString(),
                c.toString(), a.toString())), e.getMessage());
    }

    @Test
    void selfReferenceIsACycle() {
        Path a = write(dir, "self.py", "x = 1\n_base_ = ['self.py']\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromFile(a));
        assertEquals(a + ":2: _base_ cycle: " + a + " -> " + a, e.getMessage());
    }

    @Test
    void missingBaseNamesTheFileAndLine() {
        Path child = write(dir, "child.py", "# comment\nx = 1\n_base_ = ['../models/nope.py']\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromFile(child));
        assertEquals(child + ":3: base config '../models/nope.py' not found (looked for "
                + dir.getParent().resolve("models/nope.py") + ")", e.getMessage());
        assertEquals(3, e.line());
        assertEquals(child, e.file());
    }

    @Test
    void errorsInsideABaseNameTheBase() {
        Path base = write(dir, "base.py", "x = 1\ny = foo(2)\n");
        Path child = write(dir, "child.yaml", "_base_: base.py\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromFile(child));
        assertEquals(base, e.file());
        assertEquals(2, e.line());
    }

    @Test
    void baseMustBeAPathOrList() {
        Path child = write(dir, "child.yaml", "_base_: {a: 1}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Config.fromFile(child));
        assertEquals(child + ":1: _base_ must be a file path or a list of file paths, got dict", e.getMessage());
    }
}
