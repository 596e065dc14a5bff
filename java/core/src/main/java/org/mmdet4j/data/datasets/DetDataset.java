package org.mmdet4j.data.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mmdet4j.data.image.ImageReadException;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.sample.Sample;
import org.mmdet4j.data.transforms.Compose;
import org.mmdet4j.data.transforms.Transform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A detection dataset: images in the middle format, their class names and a pipeline, like
 * mmdetection's {@code CustomDataset}. Built by the format classes ({@link CocoDataset},
 * {@link VocDataset}, {@link CustomDataset}). The annotations are parsed once and shared
 * read-only by every worker thread; nothing is copied per worker.
 *
 * <p>In training, images without boxes of the selected classes ({@code filterEmptyGt}) and
 * images smaller than {@code minSize} are left out, and a pipeline that drops a sample (a crop
 * with no box left) is retried on a random image of the same aspect group, as upstream. An
 * image that cannot be read (missing, truncated, not an image) fails with a message naming it and
 * its annotation file, or under {@code skipInvalid} is counted and skipped ({@link #get} returns
 * null), as are the images the parser left out for an invalid annotation ({@link #skips}).
 */
public class DetDataset {
    private static final Logger LOG = LoggerFactory.getLogger(DetDataset.class);
    private static final int MAX_RETRIES = 100;

    private final String source;
    private final List<DataInfo> infos;
    private final List<String> classes;
    private final String imgPrefix;
    private final Transform pipeline;
    private final DatasetOptions options;
    private final int[] flags;
    private final SkipCounter skips;

    public DetDataset(String source, ParsedDataset parsed, String imgPrefix, List<? extends Transform> pipeline,
                      DatasetOptions options) {
        parsed.problems().finish(options.skipInvalid());
        List<String> dropped = parsed.problems().droppedImages();
        this.skips = new SkipCounter(source, parsed.infos().size() + dropped.size(), options.maxSkipRatio());
        for (String d : dropped) {
            skips.skipped(d, d);
        }
        this.source = source;
        this.classes = parsed.classes();
        this.imgPrefix = imgPrefix == null ? "" : imgPrefix;
        this.pipeline = new Compose(pipeline);
        this.options = options;
        this.infos = options.testMode() ? parsed.infos() : filter(parsed.infos(), options, source);
        if (infos.isEmpty() && !options.testMode()) {
            throw new InvalidAnnotationException(source + ": no image is left for training after filtering ("
                    + parsed.infos().size() + " images, filter_empty_gt=" + options.filterEmptyGt()
                    + ", min_size=" + options.minSize() + ")");
        }
        this.flags = new int[infos.size()];
        for (int i = 0; i < flags.length; i++) {
            DataInfo d = infos.get(i);
            flags[i] = d.width() > d.height() ? 1 : 0;
        }
    }

    private static List<DataInfo> filter(List<DataInfo> all, DatasetOptions o, String source) {
        List<DataInfo> kept = new ArrayList<>(all.size());
        int empty = 0;
        int small = 0;
        for (DataInfo d : all) {
            if (o.filterEmptyGt() && d.ann().count() == 0 && d.ann().labelsIgnore().length == 0) {
                empty++;
            } else if (Math.min(d.width(), d.height()) < o.minSize()) {
                small++;
            } else {
                kept.add(d);
            }
        }
        if (empty + small > 0) {
            LOG.info("{}: {} of {} images kept ({} without boxes of the selected classes, {} smaller than {} px)",
                    source, kept.size(), all.size(), empty, small, o.minSize());
        }
        return List.copyOf(kept);
    }

    public String source() {
        return source;
    }

    public int size() {
        return infos.size();
    }

    public List<String> classes() {
        return classes;
    }

    public DataInfo info(int index) {
        return infos.get(index);
    }

    public String imgPrefix() {
        return imgPrefix;
    }

    public DatasetOptions options() {
        return options;
    }

    /** Aspect-ratio group of each image: 1 when wider than tall (for {@code GroupSampler}). */
    public int[] groupFlags() {
        return flags.clone();
    }

    public SkipCounter skips() {
        return skips;
    }

    /**
     * The sample at {@code index} after the pipeline, or {@code null} when it was skipped as
     * unreadable under {@code skipInvalid}.
     *
     * @throws DataLoadException naming the image and the annotation file
     */
    public Sample get(int index, Random rng) {
        int idx = index;
        for (int attempt = 0; attempt <= MAX_RETRIES; attempt++) {
            Sample s;
            try {
                s = pipeline.apply(new Sample(idx, infos.get(idx), imgPrefix), rng);
            } catch (RuntimeException e) {
                DataInfo d = infos.get(idx);
                String msg = source + ": image id " + d.id() + " ('" + d.filename() + "'): " + e.getMessage();
                // Only unreadable image data is skippable; any other failure is a bug or a bad
                // config and stops the run even under skip_invalid.
                if (options.skipInvalid() && e instanceof ImageReadException) {
                    skips.skipped("image id " + d.id() + " ('" + d.filename() + "')", msg);
                    return null;
                }
                throw new DataLoadException(msg, e);
            }
            if (s != null || options.testMode()) {
                return s;
            }
            idx = randomOfSameGroup(idx, rng);
        }
        throw new DataLoadException(source + ": the pipeline dropped " + MAX_RETRIES
                + " samples in a row (e.g. crops without any box); check the crop settings", null);
    }

    private int randomOfSameGroup(int idx, Random rng) {
        int flag = flags[idx];
        int count = 0;
        for (int f : flags) {
            count += f == flag ? 1 : 0;
        }
        int pick = rng.nextInt(count);
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] == flag && pick-- == 0) {
                return i;
            }
        }
        return idx;
    }

    public DatasetSummary summary() {
        return DatasetSummary.of(this);
    }
}
