package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** test --out x.json (or x.bbox.json) writes the masks beside the boxes, as x.segm.json. */
class SegmResultsFileTest {
    @Test
    void segmFileSitsBesideTheBoxResults() {
        assertEquals(Path.of("out/results.segm.json"), TestCommand.segmResultsFile(Path.of("out/results.json")));
        assertEquals(Path.of("results.segm.json"), TestCommand.segmResultsFile(Path.of("results.bbox.json")));
        assertEquals(Path.of("dets.segm.json"), TestCommand.segmResultsFile(Path.of("dets")));
    }
}
