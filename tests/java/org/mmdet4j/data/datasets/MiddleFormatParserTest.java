package org.mmdet4j.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiddleFormatParserTest {
    @TempDir
    Path dir;

    @Test
    void readsTheMiddleFormatAndRemapsLabelsByName() throws Exception {
        Path f = Files.writeString(dir.resolve("train.json"), """
                {"classes": ["a", "b", "c"],
                 "images": [
                   {"filename": "1.jpg", "width": 100, "height": 50,
                    "ann": {"bboxes": [[1, 2, 30, 40], [5, 5, 9, 9]], "labels": [2, 0],
                            "bboxes_ignore": [[0, 0, 3, 3]], "labels_ignore": [1]}},
                   {"filename": "2.jpg", "width": 100, "height": 50,
                    "ann": {"bboxes": [[1, 2, 30, 40]], "labels": [5]}}]}""");
        ParsedDataset all = MiddleFormatParser.parse(f, null, false);
        assertArrayEquals(new float[] {1, 2, 30, 40, 5, 5, 9, 9}, all.infos().get(0).ann().bboxes());
        assertArrayEquals(new long[] {2, 0}, all.infos().get(0).ann().labels());
        assertEquals(1, all.problems().problems().size());
        assertTrue(all.problems().problems().get(0).toString().contains("'2.jpg'"));
        assertTrue(all.problems().problems().get(0).message().contains("unknown label 5"));

        ParsedDataset sub = MiddleFormatParser.parse(f, List.of("c", "b"), false);
        assertArrayEquals(new long[] {0}, sub.infos().get(0).ann().labels());       // c -> 0, a dropped
        assertArrayEquals(new long[] {1}, sub.infos().get(0).ann().labelsIgnore()); // b -> 1
    }
}
