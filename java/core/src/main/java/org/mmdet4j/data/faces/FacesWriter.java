package org.mmdet4j.data.faces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mmdet4j.data.widerface.RetinaFaceImage;
import org.mmdet4j.data.widerface.RetinaFaceLabel;
import org.mmdet4j.data.widerface.RetinaFaceLabelFile;
import org.mmdet4j.data.widerface.WiderBox;
import org.mmdet4j.data.widerface.WiderBoxFile;
import org.mmdet4j.data.widerface.WiderBoxImage;

/**
 * Writes a generated split in the layout of the WIDER FACE release plus the RetinaFace authors'
 * label files:
 * <pre>
 * OUT/WIDER_{split}/images/{event}/{name}.jpg
 * OUT/wider_face_split/wider_face_{split}_bbx_gt.txt     boxes and attribute flags
 * OUT/{split}/label.txt                                 boxes, five landmarks, quality
 * OUT/wider_face_split/subsets/{easy,medium,hard}.txt   validation subsets (split "val")
 * </pre>
 * Both annotation files list every face, invalid ones too, in the same order (the authors'
 * label files hold all of WIDER's faces). Unlike the released validation label file, which has
 * boxes only, the generated one has landmarks too. A dataset config points {@code img_prefix}
 * at {@code OUT/WIDER_{split}/images/} (RetinaFace's own loaders look for
 * {@code OUT/{split}/images/}: link it there for them).
 */
public final class FacesWriter {
    public static final String VAL = "val";

    private FacesWriter() {
    }

    public static Path imagesDir(Path out, String split) {
        return out.resolve("WIDER_" + split).resolve("images");
    }

    public static Path bbxGtFile(Path out, String split) {
        return out.resolve("wider_face_split").resolve("wider_face_" + split + "_bbx_gt.txt");
    }

    public static Path labelFile(Path out, String split) {
        return out.resolve(split).resolve("label.txt");
    }

    public static Path subsetsDir(Path out) {
        return out.resolve("wider_face_split").resolve("subsets");
    }

    public static void write(Path out, String split, List<FacesImage> images) throws IOException {
        Path dir = imagesDir(out, split);
        for (FacesImage im : images) {
            Path file = dir.resolve(im.path());
            Files.createDirectories(file.getParent());
            Files.write(file, im.jpeg());
        }
        WiderBoxFile.write(bbxGtFile(out, split), boxes(images));
        RetinaFaceLabelFile.write(labelFile(out, split), labels(images));
        if (split.equals(VAL)) {
            for (FaceSubset s : FaceSubset.values()) {
                s.write(subsetsDir(out), images);
            }
        }
    }

    /** The images as WIDER box-file records, with the attribute flags. */
    public static List<WiderBoxImage> boxes(List<FacesImage> images) {
        List<WiderBoxImage> out = new ArrayList<>(images.size());
        for (FacesImage im : images) {
            List<WiderBox> faces = new ArrayList<>(im.faces().size());
            for (Face f : im.faces()) {
                FaceAttributes a = f.attributes();
                faces.add(new WiderBox(f.x(), f.y(), f.w(), f.h(), a.blur(), a.expression(), a.illumination(),
                        a.invalid() ? 1 : 0, a.occlusion(), a.pose()));
            }
            out.add(new WiderBoxImage(im.path(), faces));
        }
        return out;
    }

    /** The images as RetinaFace label records: flag 1 for a landmark under something else. */
    public static List<RetinaFaceImage> labels(List<FacesImage> images) {
        List<RetinaFaceImage> out = new ArrayList<>(images.size());
        for (FacesImage im : images) {
            List<RetinaFaceLabel> faces = new ArrayList<>(im.faces().size());
            for (Face f : im.faces()) {
                if (!f.hasLandmarks()) {
                    faces.add(RetinaFaceLabel.withoutLandmarks(f.x(), f.y(), f.w(), f.h(), f.quality()));
                    continue;
                }
                double[] lm = new double[RetinaFaceLabel.VALUES];
                for (int p = 0; p < Face.POINTS; p++) {
                    lm[3 * p] = f.landmarks()[2 * p];
                    lm[3 * p + 1] = f.landmarks()[2 * p + 1];
                    lm[3 * p + 2] = f.occludedPoints()[p] ? RetinaFaceLabel.OCCLUDED : RetinaFaceLabel.VISIBLE;
                }
                faces.add(new RetinaFaceLabel(f.x(), f.y(), f.w(), f.h(), lm, f.quality()));
            }
            out.add(new RetinaFaceImage(im.path(), faces));
        }
        return out;
    }
}
