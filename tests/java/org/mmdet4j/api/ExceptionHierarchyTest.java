package org.mmdet4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.Mmdet4jException;
import org.mmdet4j.bindings.NativeException;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.data.datasets.DataLoadException;
import org.mmdet4j.data.datasets.InvalidAnnotationException;
import org.mmdet4j.data.image.ImageReadException;
import org.mmdet4j.data.loader.DataLoaderException;
import org.mmdet4j.evaluation.EvaluationException;
import org.mmdet4j.ops.Ops;
import org.mmdet4j.runner.FileWriteException;
import org.mmdet4j.runner.TrainingStoppedException;
import org.mmdet4j.tensor.NdArray;

/** One public base for mmdet4j's own failures, so that a service can tell them from its own. */
class ExceptionHierarchyTest {
    @Test
    void everyFailureOfMmdet4jIsAnMmdet4jException() {
        for (Class<?> c : List.of(ConfigException.class, DataLoadException.class, InvalidAnnotationException.class,
                ImageReadException.class, DataLoaderException.class, EvaluationException.class, NativeException.class,
                FileWriteException.class, TrainingStoppedException.class)) {
            assertTrue(Mmdet4jException.class.isAssignableFrom(c), c + " does not extend Mmdet4jException");
        }
    }

    @Test
    void aServiceCatchesConfigAndNativeErrorsAsOneType(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "model: [unclosed\n");
        Mmdet4jException config = assertThrows(Mmdet4jException.class,
                () -> Detector.fromConfig(bad, tmp.resolve("none.pth")));
        assertTrue(config.getMessage().contains("bad.yaml"), config.getMessage());

        NdArray boxes = NdArray.of(new float[] {0, 0, 10, 10}, 1, 4);
        Mmdet4jException nat = assertThrows(Mmdet4jException.class,
                () -> Ops.nms(boxes, NdArray.of(new float[] {0.5f, 0.4f}, 2), 0.5));
        assertEquals(NativeException.class, nat.getClass());
    }
}
