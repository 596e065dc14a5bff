package org.mmdet4j.cli.data;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigValues;
import org.mmdet4j.data.browse.BrowseRenderer;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.loader.Seeds;
import org.mmdet4j.data.sample.Sample;
import org.mmdet4j.registry.Registries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mmdet4j browse-dataset}: runs a config's training pipeline on the first images of its
 * dataset and writes what came out (image, boxes, masks, class names) as PNG files, like
 * mmdetection's {@code tools/misc/browse_dataset.py}, which also skips the formatting steps.
 */
@Command(name = "browse-dataset", mixinStandardHelpOptions = true,
        description = "Render the images, boxes and masks a config's data pipeline produces to PNG files.")
public final class BrowseDatasetCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Config file.")
    Path config;

    @Option(names = "--out", required = true, description = "Folder for the PNG files.")
    Path out;

    @Option(names = "--split", defaultValue = "train", description = "Dataset of the config's data: train, val or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--num", defaultValue = "20", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int num;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random transforms (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--skip-type", split = ",", defaultValue = "DefaultFormatBundle,Normalize,Collect",
            description = "Pipeline steps to leave out (default: ${DEFAULT-VALUE}).")
    List<String> skipTypes;

    @Option(names = "--cfg-options", arity = "1..*", description = "Override config keys: key=value ...")
    List<String> cfgOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ConfigDict root = Config.fromFile(config, cfgOptions).root();
        Object data = root.get("data");
        if (!(data instanceof ConfigDict d) || !(d.get(split) instanceof ConfigDict dsCfg)) {
            throw new IllegalArgumentException(config + " has no data." + split + " dataset");
        }
        DetDataset ds = (DetDataset) Registries.DATASETS.build(withoutSkipped(dsCfg), null, "data." + split);
        Files.createDirectories(out);
        int n = Math.min(num, ds.size());
        int written = 0;
        for (int i = 0; i < n; i++) {
            Sample s = ds.get(i, Seeds.sampleRng(seed, 0, i));
            if (s == null) {
                continue;
            }
            String name = Path.of(s.info.filename()).getFileName().toString().replaceAll("\\.[^.]*$", "") + ".png";
            ImageIO.write(BrowseRenderer.render(s, ds.classes()), "png", out.resolve(name).toFile());
            written++;
        }
        System.out.println(ds.summary());
        System.out.println("wrote " + written + " images to " + out);
        return 0;
    }

    /** The dataset config with the skipped pipeline steps removed (also inside nested transforms). */
    private Map<String, Object> withoutSkipped(ConfigDict dsCfg) {
        LinkedHashMap<String, Object> cfg = dsCfg.toMutable();
        cfg.put("pipeline", filter(cfg.get("pipeline")));
        return cfg;
    }

    @SuppressWarnings("unchecked")
    private Object filter(Object pipeline) {
        if (!(pipeline instanceof List<?> list)) {
            return pipeline;
        }
        List<Object> kept = new ArrayList<>();
        for (Object step : list) {
            if (step instanceof Map<?, ?> m && skipTypes.contains(String.valueOf(m.get("type")))) {
                continue;
            }
            if (step instanceof Map<?, ?> m && m.containsKey("transforms")) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) ConfigValues.thaw(m));
                copy.put("transforms", filter(copy.get("transforms")));
                kept.add(copy);
                continue;
            }
            kept.add(step);
        }
        return kept;
    }
}
