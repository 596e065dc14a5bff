package org.mmdet4j.data.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.mmdet4j.data.image.ImageHeader;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.sample.Keypoints;
import org.mmdet4j.data.transforms.Transform;
import org.mmdet4j.data.widerface.RetinaFaceImage;
import org.mmdet4j.data.widerface.RetinaFaceLabel;
import org.mmdet4j.data.widerface.RetinaFaceLabelFile;
import org.mmdet4j.data.widerface.WiderBox;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderBoxImage;
import org.mmdet4j.mask.Segmentation;

/**
 * Face detection data with five landmarks per face, for RetinaFace (and any box-only face
 * detector): one class, {@code face}. {@code annFile} is either the RetinaFace authors'
 * {@code label.txt} (read by {@link RetinaFaceLabelFile}) or WIDER FACE's
 * {@code wider_face_*_bbx_gt.txt} ({@link WiderBoxFile}), told apart by the first line
 * ({@code #} starts a label file); names in both are relative to {@code imgPrefix}
 * ({@code WIDER_train/images/}).
 *
 * <p>Boxes {@code (x, y, w, h)} become {@code (x1, y1, x2, y2) = (x, y, x + w, y + h)}; boxes under
 * a pixel wide or tall are left out quietly (as mmdetection's COCO rule; WIDER has some), and
 * with {@code minSize} smaller ones, like WIDER's faces flagged invalid, go to the ignore set.
 * Each kept box has five {@link Keypoints} in RetinaFace's order: a point the file gives
 * (visible or occluded, flag 0 or 1) is visible, a {@code -1} point is not, and faces of a
 * box-only line or of a WIDER box file have none visible (the occlusion flag itself is not
 * carried: {@code Keypoints} knows given or not). The image sizes, which neither file holds,
 * come from the image headers (no decoding). An image that is missing or unreadable, and a box
 * outside its image, are invalid entries (reported, or skipped under {@code skip_invalid});
 * structural errors of the file fail naming its line.
 */
public final class RetinaFaceDataset {
    public static final List<String> CLASSES = List.of("face");
    public static final int POINTS = RetinaFaceLabel.POINTS;

    private RetinaFaceDataset() {
    }

    public static DetDataset load(Path annFile, String imgPrefix, List<? extends Transform> pipeline, int minSize,
                                  DatasetOptions options) {
        ParsedDataset parsed = parse(annFile, Path.of(imgPrefix), minSize);
        return new DetDataset(annFile.toString(), parsed, imgPrefix, pipeline, options);
    }

    /** One face as either file gives it; {@code keypoints} is {@code 5 x (x, y, visible)}. */
    private record FaceRow(double x, double y, double w, double h, float[] keypoints, boolean ignore) {
    }

    private record ImageRow(String name, int line, List<FaceRow> faces) {
    }

    /** An image's size, or why it cannot be had ({@code problem} non-null). */
    private record ImageSize(int width, int height, String problem) {
        static ImageSize failed(String problem) {
            return new ImageSize(0, 0, problem);
        }
    }

    /** @param minSize boxes narrower or shorter than this go to the ignore set (0: none) */
    public static ParsedDataset parse(Path annFile, Path imgPrefix, int minSize) {
        List<ImageRow> rows = isLabelFile(annFile) ? fromLabels(RetinaFaceLabelFile.read(annFile))
                : fromBoxes(WiderBoxFile.read(annFile).images());
        // Header reads are independent file accesses: done in parallel, used in file order.
        List<ImageSize> sizes = IntStream.range(0, rows.size()).parallel()
                .mapToObj(i -> imageSize(imgPrefix.resolve(rows.get(i).name()))).toList();
        ProblemLog log = new ProblemLog(annFile.toString());
        List<DataInfo> infos = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ImageRow row = rows.get(i);
            String entry = "line " + row.line() + " ('" + row.name() + "')";
            int mark = log.size();
            ImageSize size = sizes.get(i);
            if (size.problem() != null) {
                log.add(entry, size.problem());
                log.dropImageIfInvalidSince(mark, entry);
                continue;
            }
            Annotations ann = annotations(row, entry, size.width(), size.height(), minSize, log);
            if (!log.dropImageIfInvalidSince(mark, entry)) {
                infos.add(new DataInfo(WiderBoxImage.key(row.name()), row.name(), size.width(), size.height(), ann));
            }
        }
        return new ParsedDataset(infos, CLASSES, log);
    }

    private static Annotations annotations(ImageRow row, String entry, int w, int h, int minSize, ProblemLog log) {
        FloatList boxes = new FloatList();
        FloatList points = new FloatList();
        FloatList ignore = new FloatList();
        List<Segmentation> masks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < row.faces().size(); k++) {
            FaceRow f = row.faces().get(k);
            String faceEntry = entry + " face #" + (k + 1);
            String bad = BoxCheck.check(f.x(), f.y(), f.w(), f.h(), w, h);
            if (bad != null) {
                log.add(faceEntry, bad);
                continue;
            }
            if (f.w() < 1 || f.h() < 1) {
                continue;
            }
            float[] box = {(float) f.x(), (float) f.y(), (float) (f.x() + f.w()), (float) (f.y() + f.h())};
            if (f.ignore() || f.w() < minSize || f.h() < minSize) {
                ignore.add(box);
                continue;
            }
            boxes.add(box);
            points.add(f.keypoints());
            masks.add(Segmentation.ofPolygons(new double[][] {
                    {box[0], box[1], box[2], box[1], box[2], box[3], box[0], box[3]}}));
            ids.add(faceEntry);
        }
        float[] kept = boxes.toArray();
        float[] ign = ignore.toArray();
        return new Annotations(kept, new long[kept.length / 4], ign, new long[ign.length / 4], masks, ids,
                Keypoints.faceLandmarks(points.toArray()));
    }

    private static List<ImageRow> fromLabels(List<RetinaFaceImage> images) {
        List<ImageRow> rows = new ArrayList<>(images.size());
        for (RetinaFaceImage im : images) {
            List<FaceRow> faces = new ArrayList<>(im.faces().size());
            for (RetinaFaceLabel l : im.faces()) {
                float[] kp = new float[POINTS * Keypoints.VALUES_PER_POINT];
                for (int p = 0; p < POINTS; p++) {
                    if (l.given(p)) {
                        kp[3 * p] = (float) l.pointX(p);
                        kp[3 * p + 1] = (float) l.pointY(p);
                        kp[3 * p + 2] = 1;
                    }
                }
                faces.add(new FaceRow(l.x(), l.y(), l.w(), l.h(), kp, false));
            }
            rows.add(new ImageRow(im.name(), im.line(), faces));
        }
        return rows;
    }

    /** WIDER box files: no landmarks; faces flagged invalid are ignored. */
    private static List<ImageRow> fromBoxes(List<WiderBoxImage> images) {
        List<ImageRow> rows = new ArrayList<>(images.size());
        for (WiderBoxImage im : images) {
            List<FaceRow> faces = new ArrayList<>(im.faces().size());
            for (WiderBox b : im.faces()) {
                faces.add(new FaceRow(b.x(), b.y(), b.w(), b.h(), new float[POINTS * Keypoints.VALUES_PER_POINT],
                        b.invalid() != 0));
            }
            rows.add(new ImageRow(im.name(), im.line(), faces));
        }
        return rows;
    }

    /** A label file starts with a {@code # image} line; a WIDER box file with an image name. */
    static boolean isLabelFile(Path annFile) {
        try (var lines = Files.lines(annFile, StandardCharsets.UTF_8)) {
            return lines.map(String::strip).filter(s -> !s.isEmpty()).findFirst().map(s -> s.startsWith("#"))
                    .orElse(true);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidAnnotationException("cannot read face annotation file " + annFile + ": " + e.getMessage());
        }
    }

    /** The size from the image header (as {@code VocParser} reads XML without a size). */
    private static ImageSize imageSize(Path image) {
        if (!Files.isRegularFile(image)) {
            return ImageSize.failed("image not found: " + image);
        }
        try {
            int[] wh = ImageHeader.size(image);
            return new ImageSize(wh[0], wh[1], null);
        } catch (IOException e) {
            return ImageSize.failed(e.getMessage().startsWith("not a readable image") ? e.getMessage()
                    : "cannot read the size of " + image + ": " + e.getMessage());
        }
    }
}
