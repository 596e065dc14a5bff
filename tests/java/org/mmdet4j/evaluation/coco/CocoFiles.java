package org.mmdet4j.evaluation.coco;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small COCO files for the tests, written where a test asks. */
final class CocoFiles {
    private CocoFiles() {
    }

    /**
     * Two 100x100 images, categories 1 and 2. Image 1 holds two category-1 boxes (areas 100 and
     * 400: both "small") and a crowd region; category 2 has no ground truth.
     */
    static final String GT = """
            {"images": [{"id": 1, "height": 100, "width": 100}, {"id": 2, "height": 100, "width": 100}],
             "categories": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}],
             "annotations": [
              {"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "area": 100, "iscrowd": 0},
              {"id": 2, "image_id": 1, "category_id": 1, "bbox": [50, 50, 20, 20], "area": 400, "iscrowd": 0},
              {"id": 3, "image_id": 1, "category_id": 1, "bbox": [0, 50, 40, 40], "area": 1600, "iscrowd": 1}]}
            """;

    /**
     * IoU 1 with gt 1; IoU exactly 0.5 with gt 2; a miss; a box inside the crowd region (matched
     * to it, hence ignored); a detection of the category without ground truth.
     */
    static final String DT = """
            [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.9},
             {"image_id": 1, "category_id": 1, "bbox": [50, 50, 20, 10], "score": 0.8},
             {"image_id": 1, "category_id": 1, "bbox": [80, 80, 5, 5], "score": 0.7},
             {"image_id": 1, "category_id": 1, "bbox": [0, 50, 10, 10], "score": 0.95},
             {"image_id": 2, "category_id": 2, "bbox": [0, 0, 10, 10], "score": 0.5}]
            """;

    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
