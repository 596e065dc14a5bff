package org.mmdet4j.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.config.ConfigFormat;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.loader.DataLoader;
import org.mmdet4j.data.loader.GroupSampler;
import org.mmdet4j.data.loader.SequentialSampler;
import org.mmdet4j.evaluation.coco.IouType;
import org.mmdet4j.models.CustomImports;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.runner.hooks.EvalHook;
import org.mmdet4j.runner.hooks.TrainingHooks;

/**
 * mmdetection's {@code train_detector}: from a config to a ready runner — the model from the
 * DETECTORS registry (it must be a {@link TrainableModel}), the optimizer, the runner and its
 * hooks, resume or load, the data loaders of each workflow stage, and evaluation.
 */
public final class TrainSetup {
    /** What {@link #prepare} returns: call {@code runner.run(sources, workflow)}. */
    public record Prepared(Runner runner, List<BatchSource> sources, List<WorkflowStage> workflow, long seed) {
    }

    private TrainSetup() {
    }

    /**
     * The config's model as a {@link TrainableModel} on the config's device; a clear error when
     * its type is not registered in this build (the native detectors register themselves when
     * present). The config's custom_imports are loaded first.
     */
    public static TrainableModel buildModel(Config cfg) {
        CustomImports.load(cfg);
        ConfigDict model = cfg.getDict("model");
        String type = model.getString("type", null);
        if (type == null) {
            throw ConfigException.atPath("model.type", "missing");
        }
        if (!Registries.DETECTORS.contains(type)) {
            List<String> known = Registries.DETECTORS.names();
            throw new IllegalArgumentException("model type '" + type + "' is not available in this build: no detector "
                    + "of that name is registered" + (known.isEmpty() ? " (none is)" : "; registered: "
                    + String.join(", ", known)));
        }
        Object built = Registries.DETECTORS.build(model);
        if (!(built instanceof TrainableModel m)) {
            throw new IllegalArgumentException("detector '" + type + "' cannot be trained from Java: "
                    + built.getClass().getName() + " is not a TrainableModel");
        }
        m.toDevice(Devices.of(cfg));
        return m;
    }

    /**
     * The config's model for weights that a checkpoint will replace (testing, inference,
     * {@code load_from}, {@code resume_from}): built without loading the backbone's pretrained
     * weights ({@code init_cfg} / {@code pretrained}), which the strict load overwrites anyway, so
     * that an mmdetection config naming ImageNet weights runs without them in the torch hub cache.
     */
    public static TrainableModel buildModelForCheckpoint(Config cfg) {
        Config bare = cfg;
        for (String key : List.of("model.pretrained", "model.backbone.pretrained", "model.backbone.init_cfg")) {
            if (bare.has(key) && bare.at(key) != null) {
                bare = bare.with(key, null);
            }
        }
        return buildModel(bare);
    }

    /** Whether training starts from a checkpoint: {@code resumeFrom}/{@code loadFrom} or the config's keys. */
    public static boolean startsFromCheckpoint(Config cfg, Path resumeFrom, Path loadFrom) {
        return resumeFrom != null || loadFrom != null || pathOrNull(cfg, "resume_from") != null
                || pathOrNull(cfg, "load_from") != null;
    }

    /**
     * Wires everything for training {@code model} as {@code cfg} says, in {@code workDir}.
     * {@code resumeFrom}/{@code loadFrom} override the config's keys; {@code seed} null takes
     * the checkpoint's seed on resume, else the config's {@code seed}, else 0.
     */
    public static Prepared prepare(Config cfg, TrainableModel model, Path workDir, Path resumeFrom, Path loadFrom,
                                   Long seed, boolean validate) {
        createWorkDir(workDir);
        model.configureOptimizer(OptimizerConfig.fromConfig(cfg.getDict("optimizer")));
        Runner runner = Runners.build(cfg, model, workDir);
        TrainingHooks.register(runner, cfg);
        Path resume = resumeFrom != null ? resumeFrom : pathOrNull(cfg, "resume_from");
        Path load = loadFrom != null ? loadFrom : pathOrNull(cfg, "load_from");
        Long runSeed = seed;
        if (resume != null) {
            Map<String, Object> meta = runner.resume(resume);
            if (runSeed == null && meta.get("seed") instanceof Number n) {
                runSeed = n.longValue();
            }
        } else if (load != null) {
            runner.loadFrom(load);
        }
        long s = runSeed != null ? runSeed : cfg.has("seed") && cfg.at("seed") != null ? cfg.getLong("seed") : 0L;

        ConfigDict data = cfg.getDict("data");
        DetDataset train = dataset(data.getDict("train"), null);
        runner.meta().put("seed", s);
        runner.meta().put("config", cfg.dump(ConfigFormat.byName("py")));
        runner.meta().put("CLASSES", train.classes());
        int numClasses = TestSetup.numClasses(cfg.getDict("model"));
        if (numClasses >= 0) {
            runner.meta().put("num_classes", numClasses);
        }
        int perGpu = data.getInt("samples_per_gpu", 2);
        int workers = data.getInt("workers_per_gpu", 2);
        List<WorkflowStage> workflow = WorkflowStage.parse(cfg.has("workflow") ? cfg.getList("workflow")
                : List.of(List.of("train", 1)));
        List<BatchSource> sources = new ArrayList<>();
        for (WorkflowStage stage : workflow) {
            DetDataset ds = stage.mode() == Mode.TRAIN ? train
                    : dataset(data.getDict("val"), data.getDict("train").get("pipeline"));
            sources.add(BatchSource.of(new DataLoader(ds, new GroupSampler(ds.groupFlags(), perGpu, s), perGpu,
                    workers, Math.max(2, 2 * workers), s, 32)));
        }
        if (validate && cfg.has("evaluation") && cfg.at("evaluation") != null) {
            runner.registerHook(evalHook(cfg, data, runner.byEpoch(), workers, model.predictsMasks()), Priority.LOW);
        }
        return new Prepared(runner, sources, workflow, s);
    }

    /** The evaluation hook of the config's {@code evaluation} (package-private for tests). */
    static EvalHook evalHook(Config cfg, ConfigDict data, boolean byEpoch, int workers, boolean masks) {
        ConfigDict ev = cfg.getDict("evaluation");
        for (String k : ev.keySet()) {
            if (!List.of("interval", "metric", "save_best", "rule", "by_epoch", "subsets").contains(k)) {
                throw ConfigException.atPath("evaluation." + k, "unknown key; evaluation accepts interval, metric, "
                        + "save_best, rule, by_epoch, subsets (widerface)");
            }
        }
        ConfigDict valCfg = data.getDict("val");
        if (WiderFaceMetricsEvaluator.isMetric(ev.get("metric"), "evaluation.metric")) {
            // The config is checked before the dataset reads its image headers.
            Path boxFile = WiderFaceMetricsEvaluator.boxFile(valCfg, "data.val");
            Path subsets = WiderFaceMetricsEvaluator.subsetsDir(valCfg, ev.get("subsets"), "evaluation.subsets");
            DetDataset val = dataset(valCfg.with("test_mode", true), null);
            WiderFaceMetricsEvaluator faces = new WiderFaceMetricsEvaluator(val, boxFile, subsets);
            faces.checkSaveBest(ev.getString("save_best", null), "evaluation.save_best");
            return evalHook(ev, val, valCfg, faces, byEpoch, workers);
        }
        if (ev.containsKey("subsets")) {
            throw ConfigException.atPath("evaluation.subsets", "only for metric 'widerface', the metric here is "
                    + (ev.get("metric") == null ? "bbox" : ev.get("metric")));
        }
        List<IouType> metrics = CocoMetricsEvaluator.parseMetrics(ev.get("metric"), "evaluation.metric");
        if (metrics.contains(IouType.SEGM) && !masks) {
            // Found now rather than after the first epoch of training.
            throw ConfigException.atPath("evaluation.metric", "segm needs a model with a mask head; this model "
                    + "predicts boxes only");
        }
        if (!"CocoDataset".equals(valCfg.getString("type"))) {
            throw ConfigException.atPath("data.val.type", "evaluation during training needs a CocoDataset (or, with "
                    + "metric 'widerface', a RetinaFaceDataset), got '" + valCfg.getString("type") + "'; remove "
                    + "'evaluation' or train with --no-validate");
        }
        DetDataset val = dataset(valCfg.with("test_mode", true), null);
        return evalHook(ev, val, valCfg, new CocoMetricsEvaluator(val, annFile(valCfg), metrics), byEpoch, workers);
    }

    private static EvalHook evalHook(ConfigDict ev, DetDataset val, ConfigDict valCfg, Evaluator evaluator,
                                     boolean byEpoch, int workers) {
        BatchSource src = sequentialSource(val, valCfg.getInt("samples_per_gpu", 1), workers);
        return new EvalHook(src, evaluator, ev.getInt("interval", 1), ev.getBool("by_epoch", byEpoch),
                ev.getString("save_best", null), ev.getString("rule", null));
    }

    /** The batches of {@code ds} in index order (testing and evaluation). */
    public static BatchSource sequentialSource(DetDataset ds, int perGpu, int workers) {
        return BatchSource.of(new DataLoader(ds, new SequentialSampler(ds.size()), perGpu, workers,
                Math.max(2, 2 * workers), 0, 32));
    }

    /** A dataset's COCO annotation file, relative to its {@code data_root} when not found as given. */
    public static Path annFile(ConfigDict datasetCfg) {
        Path ann = Path.of(datasetCfg.getString("ann_file"));
        if (!ann.isAbsolute() && datasetCfg.getString("data_root", null) != null && !Files.exists(ann)) {
            ann = Path.of(datasetCfg.getString("data_root")).resolve(ann);
        }
        return ann;
    }

    /**
     * The dataset of a {@code data.*} entry, with {@code pipeline} replacing its own when not null.
     * The entry's {@code samples_per_gpu} (as {@code data.val.samples_per_gpu: 1}) sets the loader's
     * batch, not the dataset: mmdetection pops it before building, and so it is left out here.
     */
    public static DetDataset dataset(ConfigDict cfg, Object pipeline) {
        ConfigDict c = cfg.without("samples_per_gpu");
        c = pipeline != null ? c.with("pipeline", pipeline) : c;
        return Registries.DATASETS.build(c, null, null, DetDataset.class);
    }

    private static Path pathOrNull(Config cfg, String key) {
        return cfg.has(key) && cfg.at(key) != null ? Path.of(cfg.getString(key)) : null;
    }

    /** Creates {@code workDir}; an error naming it when that fails or it is not writable. */
    public static void createWorkDir(Path workDir) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create work dir " + workDir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(workDir)) {
            throw new IllegalArgumentException("work dir " + workDir + " is not writable");
        }
    }
}
