package org.mmdet4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint names resolve to the files PyTorch's hub and mmcv cache, or fail saying where to put them. */
class CheckpointResolverTest {
    @Test
    void findsHubFilesByName(@TempDir Path hub) throws Exception {
        Path resnet = Files.createFile(hub.resolve("resnet50-0676ba61.pth"));
        Path caffe = Files.createFile(hub.resolve("resnet50_caffe-788b5fa3.pth"));
        Path msra = Files.createFile(hub.resolve("resnet50_msra-5891d200.pth"));
        assertEquals(resnet, CheckpointResolver.resolve("torchvision://resnet50", hub));
        assertEquals(caffe, CheckpointResolver.resolve("open-mmlab://detectron/resnet50_caffe", hub));
        assertEquals(msra, CheckpointResolver.resolve("open-mmlab://detectron2/resnet50_caffe", hub));
        assertEquals(resnet, CheckpointResolver.resolve(resnet.toString(), hub));
    }

    @Test
    void missingFilesSayWhereToPutThem(@TempDir Path hub) {
        var missing = assertThrows(IllegalArgumentException.class,
                () -> CheckpointResolver.resolve("open-mmlab://detectron2/resnet101_caffe", hub));
        assertTrue(missing.getMessage().contains("resnet101_msra-*.pth in " + hub), missing.getMessage());
        var vgg = assertThrows(IllegalArgumentException.class,
                () -> CheckpointResolver.resolve("open-mmlab://vgg16_caffe", hub));
        assertTrue(vgg.getMessage().contains("vgg16_caffe-*.pth in " + hub), vgg.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> CheckpointResolver.resolve("open-mmlab://vgg19_caffe", hub));
        assertTrue(unknown.getMessage().contains("detectron/resnet50_caffe"), unknown.getMessage());
        var path = assertThrows(IllegalArgumentException.class,
                () -> CheckpointResolver.resolve(hub.resolve("none.pth").toString(), hub));
        assertTrue(path.getMessage().startsWith("checkpoint file not found"), path.getMessage());
    }
}
