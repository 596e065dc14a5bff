package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code mmdet4j list-components}: the registered components with their keys, native ones from their C++ schemas. */
class ListComponentsCommandTest {
    @Test
    void nativeDetectorsShowTheKeysDefaultsAndDocsDeclaredInCpp() {
        CliRun run = CliRun.of("list-components", "detector");
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("registry 'detector'\n"), out);
        assertTrue(out.contains("  SingleStageDetector  -- backbone -> neck -> any dense head\n"), out);
        // Declared in native/models/detectors/detector.cpp; nowhere in Java.
        assertTrue(out.matches("(?s).*\n      channels_last +bool +\\= True  convolutions in NHWC.*"), out);
        assertTrue(out.matches("(?s).*\n      bbox_head +component dict \\(head\\) +required  the dense head.*"), out);
        // Two-stage detectors too: every detector of the native core is listed from its schema.
        assertTrue(out.contains("  FasterRCNN  -- Faster R-CNN (Ren et al. 2015)"), out);
        assertTrue(out.matches("(?s).*  MaskRCNN  -- .*\n      rpn_head +component dict \\(head\\) +required  .*"), out);
    }

    @Test
    void everyRegistryIsListedAndAnUnknownOneIsAnError() {
        CliRun all = CliRun.of("list-components");
        assertEquals(0, all.exitCode(), all.err());
        for (String registry : new String[] {"backbone", "neck", "head", "loss", "detector", "dataset", "transform",
            "hook"}) {
            assertTrue(all.out().contains("registry '" + registry + "'\n"), registry);
        }
        assertTrue(all.out().contains("  CocoDataset\n"), all.out());

        CliRun bad = CliRun.of("list-components", "heads");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("unknown registry 'heads'; did you mean 'head'?"), bad.err());
    }
}
