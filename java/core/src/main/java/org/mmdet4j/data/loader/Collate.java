package org.mmdet4j.data.loader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.sample.Sample;
import org.mmdet4j.data.transforms.Collect;

/**
 * mmcv's {@code collate} for detection: stacks the images into one NCHW float buffer padded
 * with zeros to the largest height and width in the batch, rounded up to {@code sizeDivisor}
 * (1 for none), and keeps metas and ground truth per image. The HWC to CHW transpose of
 * {@code DefaultFormatBundle} happens here, in the same pass as the copy.
 */
public final class Collate {
    private Collate() {
    }

    public static Batch collate(List<Sample> samples, int sizeDivisor) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("cannot collate an empty batch");
        }
        int div = Math.max(1, sizeDivisor);
        int maxH = 0;
        int maxW = 0;
        int c = samples.get(0).img.channels;
        for (Sample s : samples) {
            if (s.img.channels != c) {
                throw new IllegalArgumentException("images with " + c + " and " + s.img.channels
                        + " channels in one batch (" + s.filename + ")");
            }
            maxH = Math.max(maxH, s.img.height);
            maxW = Math.max(maxW, s.img.width);
        }
        int h = (maxH + div - 1) / div * div;
        int w = (maxW + div - 1) / div * div;
        int n = samples.size();
        float[] out = new float[n * c * h * w];
        List<ImageMeta> metas = new ArrayList<>(n);
        List<float[]> boxes = new ArrayList<>();
        List<long[]> labels = new ArrayList<>();
        List<float[]> ignore = new ArrayList<>();
        List<org.mmdet4j.data.sample.InstanceMasks> masks = new ArrayList<>();
        List<org.mmdet4j.data.sample.Keypoints> keypoints = new ArrayList<>();
        boolean anyKeypoints = false;
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            writeChw(s.img, out, i * c * h * w, h, w);
            indices[i] = s.index;
            List<String> keys = s.keys != null ? s.keys : List.of("img", "gt_bboxes", "gt_labels");
            List<String> metaKeys = s.metaKeys != null ? s.metaKeys : Collect.DEFAULT_META_KEYS;
            Map<String, Object> meta = new LinkedHashMap<>();
            for (String k : metaKeys) {
                meta.put(k, s.meta(k));
            }
            metas.add(new ImageMeta(meta));
            if (keys.contains("gt_bboxes")) {
                boxes.add(s.gtBboxes == null ? new float[0] : s.gtBboxes);
            }
            if (keys.contains("gt_labels")) {
                labels.add(s.gtLabels == null ? new long[0] : s.gtLabels);
            }
            if (keys.contains("gt_bboxes_ignore")) {
                ignore.add(s.gtBboxesIgnore == null ? new float[0] : s.gtBboxesIgnore);
            }
            if (keys.contains("gt_masks") && s.gtMasks != null) {
                masks.add(s.gtMasks);
            }
            if (keys.contains("gt_keypoints")) {
                keypoints.add(s.gtKeypoints);
                anyKeypoints |= s.gtKeypoints != null;
            }
        }
        return new Batch(out, n, c, h, w, metas, boxes, labels, ignore, masks,
                anyKeypoints ? keypoints : List.of(), indices);
    }

    /** Transposes an HWC image into the CHW slot at {@code offset} of an (h, w) padded frame. */
    static void writeChw(Image img, float[] out, int offset, int h, int w) {
        int c = img.channels;
        int ih = img.height;
        int iw = img.width;
        if (img.isFloat() && c == 3) {
            // One sequential pass over the source, three output planes.
            float[] s = img.f32();
            int plane = h * w;
            for (int y = 0; y < ih; y++) {
                int src = y * iw * 3;
                int d0 = offset + y * w;
                int d1 = d0 + plane;
                int d2 = d1 + plane;
                for (int x = 0; x < iw; x++, src += 3) {
                    out[d0 + x] = s[src];
                    out[d1 + x] = s[src + 1];
                    out[d2 + x] = s[src + 2];
                }
            }
        } else if (img.isFloat()) {
            float[] s = img.f32();
            for (int ch = 0; ch < c; ch++) {
                int plane = offset + ch * h * w;
                for (int y = 0; y < ih; y++) {
                    int src = y * iw * c + ch;
                    int dst = plane + y * w;
                    for (int x = 0; x < iw; x++) {
                        out[dst + x] = s[src + x * c];
                    }
                }
            }
        } else {
            byte[] s = img.u8();
            for (int ch = 0; ch < c; ch++) {
                int plane = offset + ch * h * w;
                for (int y = 0; y < ih; y++) {
                    int src = y * iw * c + ch;
                    int dst = plane + y * w;
                    for (int x = 0; x < iw; x++) {
                        out[dst + x] = s[src + x * c] & 0xFF;
                    }
                }
            }
        }
    }
}
