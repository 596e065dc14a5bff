package org.mmdet4j.data.datasets;

import java.util.List;
import org.mmdet4j.data.sample.DataInfo;

/**
 * What a format parser produces: the images in mmdetection's middle format, the class names the
 * labels index, and the invalid entries it set aside (already excluded from {@code infos}).
 */
public record ParsedDataset(List<DataInfo> infos, List<String> classes, ProblemLog problems) {
}
