package org.mmdet4j.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.data.datasets.DetDataset;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderBoxImage;
import org.mmdet4j.data.widerface.WiderSubset;
import org.mmdet4j.data.widerface.WiderSubsets;
import org.mmdet4j.evaluation.util.StableSort;
import org.mmdet4j.evaluation.widerface.WiderFaceEvaluator;
import org.mmdet4j.evaluation.widerface.WiderFaceResult;
import org.mmdet4j.evaluation.widerface.WiderImagePredictions;
import org.mmdet4j.evaluation.widerface.WiderPredictionFile;
import org.mmdet4j.evaluation.widerface.WiderPredictions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WIDER FACE's official evaluation ({@link WiderFaceEvaluator}) of a face dataset's detections,
 * for {@code evaluation = dict(metric='widerface', subsets=...)} and {@code test --eval widerface}.
 * The dataset is a {@code RetinaFaceDataset} read from WIDER's box file
 * ({@code wider_face_val_bbx_gt.txt}): the subset files index that file's faces, invalid ones
 * included, which a RetinaFace {@code label.txt} does not keep.
 *
 * <p>The detections of dataset image {@code i} (its name {@code event/name.jpg}) become that
 * image's predictions, {@code x, y, w, h, score} with {@code w = x2 - x1}, by descending score as
 * the prediction files are written. An image of the box file that the dataset left out (an
 * invalid entry under {@code skip_invalid}) has no predictions: its faces count as missed.
 *
 * <p>Metrics, in this order: {@code easy_AP}, {@code medium_AP}, {@code hard_AP}. A subset that
 * keeps no face has no AP (the official script gives NaN); its metric is left out rather than
 * logged as NaN, and naming it in {@code save_best} is a config error.
 */
public final class WiderFaceMetricsEvaluator implements Evaluator {
    /** The metric's name in {@code evaluation.metric} and {@code test --eval}. */
    public static final String METRIC = "widerface";
    private static final Logger LOG = LoggerFactory.getLogger(WiderFaceMetricsEvaluator.class);

    private final DetDataset dataset;
    private final WiderBoxFile boxes;
    private final WiderSubsets subsets;
    /** The box file's image of each dataset image, in dataset order. */
    private final List<WiderBoxImage> images;
    /** Box-file images the dataset does not hold. */
    private final List<WiderBoxImage> absent;
    private final List<String> metricNames;

    /**
     * Reads the box file and the subsets ({@code easy.txt}, {@code medium.txt}, {@code hard.txt}
     * in {@code subsetsDir}).
     *
     * @throws IllegalArgumentException when a dataset image is not in the box file, or no subset
     *                                  keeps a face
     */
    public WiderFaceMetricsEvaluator(DetDataset dataset, Path boxFile, Path subsetsDir) {
        this.dataset = dataset;
        this.boxes = WiderBoxFile.read(boxFile);
        this.subsets = WiderSubsets.read(subsetsDir, boxes);
        List<WiderBoxImage> ims = new ArrayList<>(dataset.size());
        Set<String> held = new HashSet<>();
        for (int i = 0; i < dataset.size(); i++) {
            WiderBoxImage im = boxes.find(dataset.info(i).filename());
            if (im == null) {
                throw new IllegalArgumentException("image '" + dataset.info(i).filename() + "' of dataset "
                        + dataset.source() + " is not in the box file " + boxFile);
            }
            ims.add(im);
            held.add(im.key());
        }
        this.images = List.copyOf(ims);
        this.absent = boxes.images().stream().filter(im -> !held.contains(im.key())).toList();
        if (!absent.isEmpty()) {
            LOG.warn("{} of the {} images of {} are not in the dataset (left out as invalid, first '{}'): the "
                    + "evaluation counts their faces as missed", absent.size(), boxes.images().size(), boxFile,
                    absent.get(0).name());
        }
        List<String> names = new ArrayList<>();
        for (WiderSubset s : subsets.all()) {
            if (boxes.images().stream().anyMatch(im -> s.keep(im).length > 0)) {
                names.add(s.name() + "_AP");
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no WIDER FACE subset in " + subsetsDir + " keeps a face of "
                    + boxFile + ": nothing to evaluate");
        }
        this.metricNames = List.copyOf(names);
    }

    /**
     * The metric names {@link #evaluate} returns, in order: {@code <subset>_AP} of each subset
     * that keeps a face.
     */
    public List<String> metricNames() {
        return metricNames;
    }

    @Override
    public Map<String, Object> evaluate(List<Detections> results) {
        return metrics(result(results));
    }

    /** {@link #metricNames} with their APs in {@code r}. */
    public Map<String, Object> metrics(WiderFaceResult r) {
        if (r.scores().degenerate()) {
            LOG.warn("the detection scores' normalisation range is [{}, {}]: it divides by zero, as in the official "
                    + "script, and every AP is 0", r.scores().min(), r.scores().max());
        }
        double[] aps = {r.easy(), r.medium(), r.hard()};
        Map<String, Object> m = new LinkedHashMap<>();
        for (int s = 0; s < aps.length; s++) {
            String name = WiderSubsets.NAMES.get(s) + "_AP";
            if (metricNames.contains(name)) {
                m.put(name, aps[s]);
            }
        }
        return m;
    }

    /** The official evaluation of {@code results} (one entry per dataset image, in order). */
    public WiderFaceResult result(List<Detections> results) {
        return new WiderFaceEvaluator().evaluate(boxes, subsets, predictions(results));
    }

    /**
     * {@code results} as WIDER predictions, one per dataset image, plus an empty one for each
     * box-file image the dataset left out.
     */
    public WiderPredictions predictions(List<Detections> results) {
        checkSize(dataset, results);
        List<WiderImagePredictions> preds = new ArrayList<>(images.size() + absent.size());
        for (int i = 0; i < images.size(); i++) {
            WiderBoxImage im = images.get(i);
            preds.add(new WiderImagePredictions(im.event(), baseName(im.name()), null, xywhScore(results.get(i))));
        }
        for (WiderBoxImage im : absent) {
            preds.add(new WiderImagePredictions(im.event(), baseName(im.name()), null, new double[0]));
        }
        return WiderPredictions.of(preds);
    }

    /**
     * Writes {@code results} in the official prediction layout, {@code <dir>/<event>/<name>.txt}
     * per dataset image (count 0 for an image without detections), what {@code eval --metric
     * widerface --results DIR} reads. Needs only the dataset's image names, so it serves any face
     * dataset, also one read from a {@code label.txt}.
     *
     * @return the number of files written
     */
    public static int writePredictions(DetDataset dataset, List<Detections> results, Path dir) {
        checkSize(dataset, results);
        for (int i = 0; i < results.size(); i++) {
            String name = dataset.info(i).filename();
            try {
                WiderPredictionFile.write(dir, name, xywhScore(results.get(i)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the predictions of " + name + " into " + dir + ": "
                        + e.getMessage(), e);
            }
        }
        return results.size();
    }

    /**
     * Whether a config's {@code evaluation.metric} (or {@code --eval}) asks for this metric;
     * {@code widerface} together with another metric is an error at {@code path}.
     */
    public static boolean isMetric(Object metric, String path) {
        List<?> names = metric instanceof List<?> l ? l : metric == null ? List.of() : List.of(metric);
        if (!names.contains(METRIC)) {
            return false;
        }
        if (names.size() > 1) {
            throw ConfigException.atPath(path, "'" + METRIC + "' is evaluated alone, got " + names);
        }
        return true;
    }

    /**
     * The box file of a {@code data.*} entry ({@code datasetPath}) to evaluate with this metric:
     * the dataset must be a {@code RetinaFaceDataset} whose {@code ann_file} (relative to its
     * {@code data_root} when not found as given) is one WIDER box file; a config error naming
     * the key otherwise.
     */
    public static Path boxFile(ConfigDict datasetCfg, String datasetPath) {
        String type = datasetCfg.getString("type", null);
        if (!"RetinaFaceDataset".equals(type)) {
            throw ConfigException.atPath(datasetPath + ".type", "metric '" + METRIC + "' needs a RetinaFaceDataset, "
                    + "got '" + type + "'");
        }
        String key = datasetPath + ".ann_file";
        if (!(datasetCfg.get("ann_file") instanceof String)) {
            throw ConfigException.atPath(key, "metric '" + METRIC + "' needs one WIDER FACE box file, got "
                    + datasetCfg.get("ann_file"));
        }
        Path ann = TrainSetup.annFile(datasetCfg);
        String first;
        try (Stream<String> lines = Files.lines(ann, StandardCharsets.UTF_8)) {
            first = lines.map(String::strip).filter(s -> !s.isEmpty()).findFirst().orElse("");
        } catch (IOException | UncheckedIOException e) {
            throw ConfigException.atPath(key, "cannot read " + ann + ": " + e.getMessage());
        }
        if (first.startsWith("#")) {
            throw ConfigException.atPath(key, ann + " is a RetinaFace label file; metric '" + METRIC + "' needs the "
                    + "WIDER FACE box file (wider_face_val_bbx_gt.txt), whose faces the subset files index");
        }
        return ann;
    }

    /**
     * The subsets folder of {@code evaluation.subsets} ({@code path}): as given, else relative to
     * the dataset's {@code data_root}, as {@link TrainSetup#annFile} resolves {@code ann_file}; a
     * config error when missing or not a folder.
     */
    public static Path subsetsDir(ConfigDict datasetCfg, Object subsets, String path) {
        if (subsets == null) {
            throw ConfigException.atPath(path, "missing; metric '" + METRIC + "' needs the folder with easy.txt, "
                    + "medium.txt and hard.txt (tools/widerface_mat_to_text.py writes them)");
        }
        if (!(subsets instanceof String s)) {
            throw ConfigException.atPath(path, "a folder path expected, got " + subsets);
        }
        Path dir = Path.of(s);
        String root = datasetCfg.getString("data_root", null);
        if (!dir.isAbsolute() && root != null && !Files.exists(dir)) {
            dir = Path.of(root).resolve(dir);
        }
        if (!Files.isDirectory(dir)) {
            throw ConfigException.atPath(path, "folder not found: " + s + (root != null && !Path.of(s).isAbsolute()
                    ? " (nor " + dir + ")" : ""));
        }
        return dir;
    }

    /**
     * A config error at {@code path} unless {@code saveBest} is null, {@code auto} or one of
     * {@link #metricNames}.
     */
    public void checkSaveBest(String saveBest, String path) {
        if (saveBest == null || saveBest.equals("auto") || metricNames.contains(saveBest)) {
            return;
        }
        String why = WiderSubsets.NAMES.stream().anyMatch(n -> saveBest.equals(n + "_AP"))
                ? " (that subset keeps no face, so it has no AP)" : "";
        throw ConfigException.atPath(path, "'" + saveBest + "' is not a metric of this evaluation" + why
                + "; it gives " + metricNames);
    }

    private static void checkSize(DetDataset dataset, List<Detections> results) {
        if (results.size() != dataset.size()) {
            throw new IllegalArgumentException("got results for " + results.size() + " images, the dataset has "
                    + dataset.size());
        }
    }

    /**
     * Five values per detection, {@code x, y, w, h, score}, by descending score (stably). Each
     * float becomes the shortest decimal that reads back to it, so that the prediction files
     * hold {@code 12.3} rather than {@code 12.300000190734863}, and evaluating in memory and from
     * the files gives the same numbers.
     */
    private static double[] xywhScore(Detections d) {
        int n = d.size();
        float[] b = d.boxes();
        double[] scores = new double[n];
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            scores[k] = decimal(d.scores()[k]);
            order[k] = k;
        }
        StableSort.byKeyDescending(order, scores);
        double[] out = new double[WiderImagePredictions.VALUES * n];
        for (int j = 0; j < n; j++) {
            int k = order[j];
            double x1 = decimal(b[4 * k]);
            double y1 = decimal(b[4 * k + 1]);
            int o = WiderImagePredictions.VALUES * j;
            out[o] = x1;
            out[o + 1] = y1;
            out[o + 2] = decimal(b[4 * k + 2]) - x1;
            out[o + 3] = decimal(b[4 * k + 3]) - y1;
            out[o + 4] = scores[k];
        }
        return out;
    }

    private static double decimal(float v) {
        return Double.parseDouble(Float.toString(v));
    }

    private static String baseName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
