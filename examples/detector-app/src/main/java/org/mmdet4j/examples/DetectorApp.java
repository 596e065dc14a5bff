package org.mmdet4j.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.mmdet4j.Mmdet4jException;
import org.mmdet4j.api.Detection;
import org.mmdet4j.api.Detector;

/**
 * Detects objects in one image and prints them, one line each:
 * {@code CLASS SCORE x1 y1 x2 y2}, highest score first.
 *
 * <pre>DetectorApp CONFIG CHECKPOINT IMAGE [SCORE_THRESHOLD]</pre>
 */
public final class DetectorApp {
    private DetectorApp() {
    }

    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: DetectorApp CONFIG CHECKPOINT IMAGE [SCORE_THRESHOLD]");
            System.exit(2);
        }
        float threshold = args.length == 4 ? Float.parseFloat(args[3]) : 0.3f;
        try (Detector detector = Detector.fromConfig(Path.of(args[0]), Path.of(args[1]))) {
            List<Detection> detections = detector.detect(Path.of(args[2]));
            for (Detection d : detections) {
                if (d.score() >= threshold) {
                    System.out.printf(Locale.ROOT, "%s %.3f %.1f %.1f %.1f %.1f%n",
                            d.className(), d.score(), d.x1(), d.y1(), d.x2(), d.y2());
                }
            }
        } catch (Mmdet4jException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
