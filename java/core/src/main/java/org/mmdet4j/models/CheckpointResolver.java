package org.mmdet4j.models;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Finds the file behind a checkpoint name: a path, {@code torchvision://NAME} or
 * {@code open-mmlab://NAME}, the latter two looked up where PyTorch's hub caches them
 * ({@code $TORCH_HOME/hub/checkpoints/FILE-*.pth}, TORCH_HOME defaulting to ~/.cache/torch), which
 * is also where mmcv keeps what it downloads. Nothing is downloaded: an absent file is an error
 * that says where to put it.
 */
public final class CheckpointResolver {
    private static final String TORCHVISION = "torchvision://";
    private static final String OPEN_MMLAB = "open-mmlab://";
    /**
     * The open-mmlab names of the backbones mmdetection's configs start from, with the stem of
     * the file mmcv's open_mmlab.json points them to (the caffe-style ResNets of FCOS and others).
     */
    private static final Map<String, String> OPEN_MMLAB_FILES = Map.of(
            "detectron/resnet50_caffe", "resnet50_caffe",
            "detectron/resnet101_caffe", "resnet101_caffe",
            "detectron2/resnet50_caffe", "resnet50_msra",
            "detectron2/resnet101_caffe", "resnet101_msra",
            "resnext101_32x4d", "resnext101_32x4d",
            "resnext101_64x4d", "resnext101_64x4d",
            "vgg16_caffe", "vgg16_caffe");

    private CheckpointResolver() {
    }

    public static Path resolve(String name) {
        return resolve(name, hubCheckpoints());
    }

    /** {@link #resolve(String)} with the hub's checkpoint directory given. */
    static Path resolve(String name, Path hubDir) {
        if (name.startsWith(TORCHVISION)) {
            return findInHub(name, name.substring(TORCHVISION.length()), hubDir,
                    "copy torchvision's ImageNet checkpoint there");
        }
        if (name.startsWith(OPEN_MMLAB)) {
            String stem = OPEN_MMLAB_FILES.get(name.substring(OPEN_MMLAB.length()));
            if (stem == null) {
                throw new IllegalArgumentException(name + ": unknown open-mmlab checkpoint; known: "
                        + String.join(", ", OPEN_MMLAB_FILES.keySet().stream().sorted().toList())
                        + " (or give the file's path)");
            }
            return findInHub(name, stem, hubDir, "download it from mmcv's open_mmlab.json URL into that directory");
        }
        Path path = Paths.get(name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("checkpoint file not found: " + name);
        }
        return path;
    }

    private static Path findInHub(String name, String stem, Path dir, String advice) {
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, stem + "-*.pth")) {
                for (Path f : files) {
                    return f;
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(name + ": no " + stem + "-*.pth in " + dir
                + " (" + advice + ", or set init_cfg=None to train from scratch)");
    }

    private static Path hubCheckpoints() {
        String torchHome = System.getenv("TORCH_HOME");
        Path home = torchHome != null ? Paths.get(torchHome)
                : Paths.get(System.getProperty("user.home"), ".cache", "torch");
        return home.resolve("hub").resolve("checkpoints");
    }
}
