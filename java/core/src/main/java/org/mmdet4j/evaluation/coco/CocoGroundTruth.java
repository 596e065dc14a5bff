package org.mmdet4j.evaluation.coco;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mmdet4j.evaluation.util.Growable;
import org.mmdet4j.mask.Segmentation;

/**
 * Ground truth of a COCO-format dataset, as far as evaluation needs it: images (sorted by id),
 * categories (sorted by id) and the annotations that belong to a known image and category, in
 * file order. Annotations of other images or categories are dropped, as pycocotools'
 * {@code getAnnIds(imgIds, catIds)} drops them.
 */
public final class CocoGroundTruth {
    final String source;
    final long[] imageIds;
    final int[] imageHeights;
    final int[] imageWidths;
    final long[] categoryIds;
    final String[] categoryNames;
    final Map<Long, Integer> imageIndex;
    final Map<Long, Integer> categoryIndex;
    // Annotations, struct of arrays; image/category are indices into the sorted id arrays.
    final long[] annIds;
    final int[] annImage;
    final int[] annCategory;
    final double[] annBoxes; // x, y, w, h per annotation
    final double[] annAreas;
    final boolean[] annCrowd;
    final Segmentation[] annSegms; // null entries when masks were not read

    private CocoGroundTruth(Builder b) {
        this.source = b.source;
        // Images: unique ids in ascending order; a repeated id keeps its last size, like a dict.
        Map<Long, int[]> sizes = new HashMap<>();
        for (int i = 0; i < b.imgIds.size(); i++) {
            sizes.put(b.imgIdArr[i], new int[] {b.imgH[i], b.imgW[i]});
        }
        imageIds = sizes.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        imageHeights = new int[imageIds.length];
        imageWidths = new int[imageIds.length];
        imageIndex = new HashMap<>(imageIds.length * 2);
        for (int i = 0; i < imageIds.length; i++) {
            int[] s = sizes.get(imageIds[i]);
            imageHeights[i] = s[0];
            imageWidths[i] = s[1];
            imageIndex.put(imageIds[i], i);
        }
        Map<Long, String> names = new HashMap<>();
        for (int i = 0; i < b.catIds.size(); i++) {
            names.put(b.catIdArr[i], b.catNames.get(i));
        }
        categoryIds = names.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        categoryNames = new String[categoryIds.length];
        categoryIndex = new HashMap<>(categoryIds.length * 2);
        for (int i = 0; i < categoryIds.length; i++) {
            categoryNames[i] = names.get(categoryIds[i]);
            categoryIndex.put(categoryIds[i], i);
        }
        long[] ids = b.annIds.toArray();
        long[] imgs = b.annImgs.toArray();
        long[] cats = b.annCats.toArray();
        double[] boxes = b.boxes.toArray();
        double[] areas = b.areas.toArray();
        int n = 0;
        int[] keep = new int[ids.length];
        Map<Long, Integer> seen = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (imageIndex.containsKey(imgs[i]) && categoryIndex.containsKey(cats[i])) {
                Integer prev = seen.put(ids[i], i);
                if (prev != null) {
                    // pycocotools indexes annotations by id; a repeated id silently evaluates
                    // the last one twice. Refuse instead.
                    throw new IllegalArgumentException("annotation id " + ids[i]
                            + " appears twice (annotations #" + prev + " and #" + i + ")");
                }
                keep[n++] = i;
            }
        }
        annIds = new long[n];
        annImage = new int[n];
        annCategory = new int[n];
        annBoxes = new double[4 * n];
        annAreas = new double[n];
        annCrowd = new boolean[n];
        annSegms = new Segmentation[n];
        for (int j = 0; j < n; j++) {
            int i = keep[j];
            annIds[j] = ids[i];
            annImage[j] = imageIndex.get(imgs[i]);
            annCategory[j] = categoryIndex.get(cats[i]);
            System.arraycopy(boxes, 4 * i, annBoxes, 4 * j, 4);
            annAreas[j] = areas[i];
            annCrowd[j] = b.crowd.get(i);
            annSegms[j] = b.segms.get(i);
        }
    }

    /** Reads a COCO annotation file; masks are read only for {@link IouType#SEGM}. */
    public static CocoGroundTruth read(Path file, IouType iouType) {
        return CocoGroundTruthReader.read(file, iouType == IouType.SEGM);
    }

    public String source() {
        return source;
    }

    public int numImages() {
        return imageIds.length;
    }

    public int numCategories() {
        return categoryIds.length;
    }

    public int numAnnotations() {
        return annIds.length;
    }

    public long[] imageIds() {
        return imageIds.clone();
    }

    public long[] categoryIds() {
        return categoryIds.clone();
    }

    public String categoryName(long categoryId) {
        Integer k = categoryIndex.get(categoryId);
        return k == null ? null : categoryNames[k];
    }

    public boolean hasImage(long imageId) {
        return imageIndex.containsKey(imageId);
    }

    public boolean hasCategory(long categoryId) {
        return categoryIndex.containsKey(categoryId);
    }

    /** Builds ground truth in memory, e.g. from a dataset already loaded by the data pipeline. */
    public static final class Builder {
        private final String source;
        private final Growable.Longs imgIds = new Growable.Longs();
        private final Growable.Ints imgHs = new Growable.Ints();
        private final Growable.Ints imgWs = new Growable.Ints();
        private long[] imgIdArr;
        private int[] imgH;
        private int[] imgW;
        private final Growable.Longs catIds = new Growable.Longs();
        private long[] catIdArr;
        private final List<String> catNames = new ArrayList<>();
        private final Growable.Longs annIds = new Growable.Longs();
        private final Growable.Longs annImgs = new Growable.Longs();
        private final Growable.Longs annCats = new Growable.Longs();
        private final Growable.Doubles boxes = new Growable.Doubles();
        private final Growable.Doubles areas = new Growable.Doubles();
        private final List<Boolean> crowd = new ArrayList<>();
        private final List<Segmentation> segms = new ArrayList<>();

        /** @param source a name for messages, usually the file name */
        public Builder(String source) {
            this.source = source;
        }

        public Builder addImage(long id, int height, int width) {
            imgIds.add(id);
            imgHs.add(height);
            imgWs.add(width);
            return this;
        }

        public Builder addCategory(long id, String name) {
            catIds.add(id);
            catNames.add(name);
            return this;
        }

        /**
         * @param box   {@code [x, y, w, h]}
         * @param area  the annotation's {@code area} (decides its area range; not recomputed)
         * @param segm  the mask, or null when only boxes are evaluated
         */
        public Builder addAnnotation(long id, long imageId, long categoryId, double[] box,
                double area, boolean iscrowd, Segmentation segm) {
            if (box.length != 4) {
                throw new IllegalArgumentException("bbox must have 4 values, got " + box.length);
            }
            annIds.add(id);
            annImgs.add(imageId);
            annCats.add(categoryId);
            boxes.add(box);
            areas.add(area);
            crowd.add(iscrowd);
            segms.add(segm);
            return this;
        }

        public CocoGroundTruth build() {
            imgIdArr = imgIds.toArray();
            imgH = imgHs.toArray();
            imgW = imgWs.toArray();
            catIdArr = catIds.toArray();
            return new CocoGroundTruth(this);
        }
    }

    @Override
    public String toString() {
        return "CocoGroundTruth[" + source + ": " + numImages() + " images, " + numCategories()
                + " categories, " + numAnnotations() + " annotations]";
    }

    /** For error messages: a short list of known ids. */
    static String sample(long[] ids) {
        long[] head = Arrays.copyOf(ids, Math.min(ids.length, 5));
        return Arrays.toString(head).replace("]", ids.length > 5 ? ", ...]" : "]");
    }
}
