package org.mmdet4j.data.convert;

import java.util.List;
import org.mmdet4j.data.sample.DataInfo;

/**
 * What the converters carry from one layout to the other: images in mmdetection's middle format
 * (boxes {@code x1, y1, x2, y2}, 0-based labels, crowd/difficult boxes in the ignore set) and the
 * class names those labels index. {@link DataInfo#filename()} is the image path the output
 * should name; {@link DataInfo#id()} the VOC id where one is needed.
 */
public record AnnotatedImages(List<DataInfo> images, List<String> classes) {
    public AnnotatedImages {
        images = List.copyOf(images);
        classes = List.copyOf(classes);
    }

    public int boxes() {
        return images.stream().mapToInt(i -> i.ann().count()).sum();
    }

    public int ignoredBoxes() {
        return images.stream().mapToInt(i -> i.ann().labelsIgnore().length).sum();
    }
}
