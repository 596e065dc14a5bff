package org.mmdet4j.models;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the file behind a checkpoint name: a path, or {@code torchvision://NAME}, looked up where
 * PyTorch's hub caches it ({@code $TORCH_HOME/hub/checkpoints/NAME-*.pth}, TORCH_HOME defaulting
 * to ~/.cache/torch). Nothing is downloaded: an absent file is an error that says where to put it.
 */
public final class CheckpointResolver {
    private static final String TORCHVISION = "torchvision://";

    private CheckpointResolver() {
    }

    public static Path resolve(String name) {
        if (!name.startsWith(TORCHVISION)) {
            Path path = Paths.get(name);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("checkpoint file not found: " + name);
            }
            return path;
        }
        String model = name.substring(TORCHVISION.length());
        Path dir = hubCheckpoints();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, model + "-*.pth")) {
                for (Path f : files) {
                    return f;
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(name + ": no " + model + "-*.pth in " + dir
                + " (copy torchvision's ImageNet checkpoint there, or set init_cfg=None to train from scratch)");
    }

    private static Path hubCheckpoints() {
        String torchHome = System.getenv("TORCH_HOME");
        Path home = torchHome != null ? Paths.get(torchHome)
                : Paths.get(System.getProperty("user.home"), ".cache", "torch");
        return home.resolve("hub").resolve("checkpoints");
    }
}
