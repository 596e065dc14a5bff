package org.mmdet4j.data.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.mmdet4j.data.image.BilinearResize;
import org.mmdet4j.data.image.ColorType;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.image.ImageDecoder;

/**
 * Compares decoding and resizing with OpenCV's output written by
 * {@code benchmarks/data/fidelity_check.py}: for every {@code NAME} with a {@code NAME.bgr}
 * reference (raw {@code cv2.imread} bytes) the decoded image must match, and for every
 * {@code resize_WxH.bgr} / {@code resize_WxH.f32} the resize of {@code base.jpg}'s reference
 * pixels is compared. Prints one line per check.
 */
public final class FidelityCheck {
    private FidelityCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Path> refs;
        try (Stream<Path> s = Files.list(dir)) {
            refs = s.filter(p -> p.toString().endsWith(".bgr") || p.toString().endsWith(".f32")).sorted().toList();
        }
        Image base = null;
        for (Path ref : refs) {
            String name = ref.getFileName().toString();
            if (!name.startsWith("resize_")) {
                Path img = dir.resolve(name.substring(0, name.length() - 4));
                Image got = ImageDecoder.read(img, ColorType.COLOR);
                report("decode " + img.getFileName(), got.u8(), Files.readAllBytes(ref));
                if (img.getFileName().toString().equals("base.jpg")) {
                    base = Image.ofBytes(got.height, got.width, 3, Files.readAllBytes(ref));
                }
            }
        }
        for (Path ref : refs) {
            String name = ref.getFileName().toString();
            if (!name.startsWith("resize_")) {
                continue;
            }
            String[] wh = name.substring(7, name.length() - 4).split("x");
            int w = Integer.parseInt(wh[0]);
            int h = Integer.parseInt(wh[1]);
            if (name.endsWith(".bgr")) {
                report("resize uint8 to " + w + "x" + h, BilinearResize.resize(base, w, h).u8(), Files.readAllBytes(ref));
            } else {
                float[] got = BilinearResize.resize(base.toFloat(), w, h).f32();
                ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(ref)).order(ByteOrder.LITTLE_ENDIAN);
                double max = 0;
                for (float v : got) {
                    max = Math.max(max, Math.abs(v - bb.getFloat()));
                }
                System.out.printf("resize float32 to %dx%d: max abs difference %.5f%n", w, h, max);
            }
        }
    }

    private static void report(String what, byte[] got, byte[] ref) {
        int differ = 0;
        int max = 0;
        for (int i = 0; i < ref.length; i++) {
            int d = Math.abs((got[i] & 0xFF) - (ref[i] & 0xFF));
            differ += d > 0 ? 1 : 0;
            max = Math.max(max, d);
        }
        System.out.printf("%s: %d of %d values differ (max %d)%s%n", what, differ, ref.length, max,
                got.length == ref.length ? "" : " LENGTH MISMATCH");
    }
}
