package org.mmdet4j.data.convert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mmdet4j.data.datasets.InvalidAnnotationException;
import org.mmdet4j.data.sample.DataInfo;

/**
 * Writes images and boxes as a VOC root, the layout {@code VOCDataset} reads:
 * <pre>
 * OUT/JPEGImages/&lt;id&gt;.jpg          copied, linked or left alone ({@link ImageMode})
 * OUT/Annotations/&lt;id&gt;.xml         one per image ({@link VocXml})
 * OUT/ImageSets/Main/&lt;split&gt;.txt   the ids, in input order
 * </pre>
 * Files of the same names already in {@code OUT} are replaced, others kept, so several splits
 * can be written into one root. Everything goes through a {@link StagedOutput}: a failed run
 * changes nothing, and the split list, which makes the rest visible to a dataset, moves last.
 */
public final class VocLayoutWriter {
    private VocLayoutWriter() {
    }

    /**
     * @param data   images whose {@link DataInfo#id()} is the VOC id and whose
     *               {@link DataInfo#filename()} is relative to {@code images}
     * @param images the folder holding the source images; unused with {@link ImageMode#none}
     */
    public static void write(Path out, String split, AnnotatedImages data, Path images, ImageMode mode)
            throws IOException {
        if (mode != ImageMode.none) {
            // Checked first, so that a missing image stops the run before anything is written.
            for (DataInfo info : data.images()) {
                Path src = images.resolve(info.filename());
                if (!Files.isRegularFile(src)) {
                    throw new InvalidAnnotationException("image '" + info.filename() + "' (VOC id " + info.id()
                            + ") is not a file: " + src);
                }
            }
        }
        try (StagedOutput staged = new StagedOutput(out)) {
            if (mode != ImageMode.none) {
                for (DataInfo info : data.images()) {
                    putImage(staged, images.resolve(info.filename()).toAbsolutePath().normalize(), info.id(), mode);
                }
            }
            StringBuilder ids = new StringBuilder();
            for (DataInfo info : data.images()) {
                Files.writeString(staged.file("Annotations/" + info.id() + ".xml"), VocXml.of(info, data.classes()),
                        StandardCharsets.UTF_8);
                ids.append(info.id()).append('\n');
            }
            Files.writeString(staged.file("ImageSets/Main/" + split + ".txt"), ids, StandardCharsets.UTF_8);
            staged.commit();
        }
    }

    private static void putImage(StagedOutput staged, Path src, String id, ImageMode mode) throws IOException {
        String name = "JPEGImages/" + id + ".jpg";
        Path target = staged.target(name);
        // The image may already be where VOC wants it (converting make-shapes' COCO file in
        // place): replacing it by a copy or a link of itself would lose it.
        if (Files.exists(target) && Files.isSameFile(src, target)) {
            return;
        }
        Path dst = staged.file(name);
        if (mode == ImageMode.copy) {
            Files.copy(src, dst);
        } else {
            Files.createSymbolicLink(dst, src);
        }
    }
}
