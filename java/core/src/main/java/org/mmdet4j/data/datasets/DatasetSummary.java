package org.mmdet4j.data.datasets;

import java.util.List;
import org.mmdet4j.data.sample.DataInfo;

/** Images and instances per class of a dataset, for logs and {@code browse-dataset}. */
public record DatasetSummary(String source, int images, List<String> classes, long[] instances, long[] ignored) {
    public static DatasetSummary of(DetDataset ds) {
        int k = ds.classes().size();
        long[] inst = new long[k];
        long[] ign = new long[k];
        for (int i = 0; i < ds.size(); i++) {
            DataInfo d = ds.info(i);
            for (long l : d.ann().labels()) {
                inst[(int) l]++;
            }
            for (long l : d.ann().labelsIgnore()) {
                ign[(int) l]++;
            }
        }
        return new DatasetSummary(ds.source(), ds.size(), ds.classes(), inst, ign);
    }

    public long totalInstances() {
        long t = 0;
        for (long v : instances) {
            t += v;
        }
        return t;
    }

    @Override
    public String toString() {
        int w = Math.max(8, classes.stream().mapToInt(String::length).max().orElse(0));
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": ").append(images).append(" images, ").append(totalInstances())
                .append(" instances, ").append(classes.size()).append(" classes\n");
        sb.append(String.format("%-" + w + "s %10s %8s%n", "class", "instances", "ignored"));
        for (int i = 0; i < classes.size(); i++) {
            sb.append(String.format("%-" + w + "s %10d %8d%n", classes.get(i), instances[i], ignored[i]));
        }
        return sb.toString();
    }
}
