package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.Config;
import org.mmdet4j.runner.hooks.TrainingHooks;

/**
 * Every LR policy and warmup through the config path ({@code lr_config=dict(policy=...)}),
 * against values computed independently with mmcv's formulas (a separate Python script written
 * from lr_updater.py; the numbers are pasted below). Two parameter groups with base rates 0.1
 * and 0.2 ({@code bias_lr_mult=2}); 4 epochs of 3 batches. Each array lists, per iteration, the
 * rate of group 0 then group 1.
 */
class LrScheduleTest {
    @TempDir
    Path dir;

    private double[] run(Map<String, Object> lrConfig, boolean iterBased) {
        LinearModel model = new LinearModel(2);
        model.configureOptimizer(new OptimizerConfig("SGD", 0.1, 0.9, 0, false, 2, 1, 1));
        Runner runner = iterBased ? new IterBasedRunner(model, dir, 12) : new EpochBasedRunner(model, dir, 4);
        TrainingHooks.register(runner, Config.of(Map.of("lr_config", lrConfig)));
        runner.run(List.of(new SyntheticSource(9, 2, 3, 7)), WorkflowStage.parse(List.of(List.of("train", 1))));
        // by-epoch policies also set the rate at each epoch start; keep the value used by each step
        double[] used = new double[24];
        assertEquals(12, model.usedLrs.size());
        for (int i = 0; i < 12; i++) {
            used[2 * i] = model.usedLrs.get(i)[0];
            used[2 * i + 1] = model.usedLrs.get(i)[1];
        }
        return used;
    }

    private static void check(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])),
                    "iteration " + i / 2 + ", group " + i % 2);
        }
    }

    @Test
    void stepByEpochWithLinearWarmup() {
        check(new double[] {0.0001000000000000001, 0.0002000000000000002, 0.02008, 0.04016, 0.04006000000000001,
                0.08012000000000002, 0.06004000000000001, 0.12008000000000002, 0.08002000000000001, 0.16004000000000002,
                0.1, 0.2, 0.010000000000000002, 0.020000000000000004, 0.010000000000000002, 0.020000000000000004,
                0.010000000000000002, 0.020000000000000004, 0.0010000000000000002, 0.0020000000000000005,
                0.0010000000000000002, 0.0020000000000000005, 0.0010000000000000002, 0.0020000000000000005},
                run(Map.of("policy", "step", "step", List.of(2, 3), "warmup", "linear", "warmup_iters", 5,
                        "warmup_ratio", 0.001), false));
    }

    @Test
    void cosineByIterWithExpWarmup() {
        check(new double[] {0.010000000000000002, 0.020000000000000004, 0.017482856762844244, 0.03496268385561228,
                0.029525635482103182, 0.05903008772057424, 0.04808118745909713, 0.09608002193779085, 0.07525000000000001,
                0.15025, 0.06331154273257478, 0.12625249498770083, 0.0505, 0.1005, 0.03768845726742523,
                0.07474750501229921, 0.025750000000000012, 0.050750000000000024, 0.0154982143312659, 0.03014287527193853,
                0.007631742512670284, 0.014330472323448348, 0.0026866715986911243, 0.004390380284237714},
                run(Map.of("policy", "cosine", "target_lr", 0.001, "by_epoch", false, "warmup", "exp",
                        "warmup_iters", 4, "warmup_ratio", 0.1), false));
    }

    @Test
    void cosineAnnealingByEpoch() {
        check(new double[] {0.1, 0.2, 0.1, 0.2, 0.1, 0.2, 0.0855017856687341, 0.1710035713374682, 0.0855017856687341,
                0.1710035713374682, 0.0855017856687341, 0.1710035713374682, 0.0505, 0.101, 0.0505, 0.101, 0.0505, 0.101,
                0.0154982143312659, 0.0309964286625318, 0.0154982143312659, 0.0309964286625318, 0.0154982143312659,
                0.0309964286625318},
                run(Map.of("policy", "CosineAnnealing", "min_lr_ratio", 0.01), false));
    }

    @Test
    void polyByIterWithConstantWarmupOnIterBasedRunner() {
        check(new double[] {0.05, 0.1, 0.042021875, 0.08403576388888888, 0.034737500000000004, 0.06945972222222223,
                0.056293750000000004, 0.11254375000000001, 0.04450000000000001, 0.08894444444444448, 0.03409374999999999,
                0.06812152777777777, 0.025075, 0.05007500000000001, 0.017443749999999997, 0.03480486111111111,
                0.011200000000000002, 0.02231111111111112, 0.00634375, 0.01259375, 0.0028749999999999987,
                0.0056527777777777765, 0.0007937500000000007, 0.0014881944444444458},
                run(Map.of("policy", "poly", "power", 2.0, "min_lr", 0.0001, "warmup", "constant", "warmup_iters", 3,
                        "warmup_ratio", 0.5), true));
    }

    @Test
    void expByIter() {
        check(new double[] {0.1, 0.2, 0.09000000000000001, 0.18000000000000002, 0.08100000000000002,
                0.16200000000000003, 0.0729, 0.1458, 0.06561, 0.13122, 0.05904900000000001, 0.11809800000000002,
                0.05314410000000001, 0.10628820000000001, 0.04782969000000001, 0.09565938000000002, 0.04304672100000001,
                0.08609344200000002, 0.03874204890000001, 0.07748409780000003, 0.03486784401000001, 0.06973568802000002,
                0.031381059609000006, 0.06276211921800001},
                run(Map.of("policy", "exp", "gamma", 0.9, "by_epoch", false), false));
    }

    @Test
    void invByEpochWithWarmupCountedInEpochs() {
        check(new double[] {0.009999999999999998, 0.019999999999999997, 0.039999999999999994, 0.07999999999999999,
                0.06999999999999999, 0.13999999999999999, 0.09310124446222229, 0.18620248892444458, 0.09310124446222229,
                0.18620248892444458, 0.09310124446222229, 0.18620248892444458, 0.08721959494934213, 0.17443918989868426,
                0.08721959494934213, 0.17443918989868426, 0.08721959494934213, 0.17443918989868426, 0.08213769018249545,
                0.1642753803649909, 0.08213769018249545, 0.1642753803649909, 0.08213769018249545, 0.1642753803649909},
                run(Map.of("policy", "inv", "gamma", 0.1, "power", 0.75, "warmup", "linear", "warmup_iters", 1,
                        "warmup_ratio", 0.1, "warmup_by_epoch", true), false));
    }

    @Test
    void stepIntervalByIterClampedAtMinLr() {
        check(new double[] {0.1, 0.2, 0.1, 0.2, 0.05, 0.1, 0.05, 0.1, 0.025, 0.05, 0.025, 0.05, 0.02, 0.025, 0.02,
                0.025, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02},
                run(Map.of("policy", "step", "step", 2, "gamma", 0.5, "min_lr", 0.02, "by_epoch", false), false));
    }

    @Test
    void unknownPolicyIsAConfigError() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.mmdet4j.config.ConfigException.class,
                () -> run(Map.of("policy", "stepp", "step", List.of(1)), false));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("unknown LR policy 'stepp'"), e.getMessage());
    }
}
