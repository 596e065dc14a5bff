package org.mmdet4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.mmdet4j.config.Config;
import org.mmdet4j.runner.CheckpointFiles;
import org.mmdet4j.runner.TestSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j publish-model CONFIG IN OUT}: mmdetection's {@code tools/model_converters/publish_model.py}
 * — rewrites a training checkpoint without the optimizer state and renames it
 * {@code <OUT stem>-<first 8 hex digits of its sha256>.pth}. The config is needed because the
 * native side reads a checkpoint into the model it belongs to (which also checks that it does).
 */
@Command(name = "publish-model", mixinStandardHelpOptions = true,
        description = "Drop the optimizer state from a checkpoint and add a sha256 prefix to its file name.")
public final class PublishModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Config of the checkpoint's model.")
    Path config;

    @Parameters(index = "1", paramLabel = "IN_FILE", description = "Training checkpoint.")
    Path in;

    @Parameters(index = "2", paramLabel = "OUT_FILE", description = "Output name, e.g. retinanet_shapes.pth.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Config cfg = Config.fromFile(config);
        TestSetup.Loaded loaded = TestSetup.load(cfg, in);
        String meta = toJson(loaded.meta());
        Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".unhashed");
        try {
            CheckpointFiles.writeAtomically(tmp, file -> loaded.model().saveCheckpoint(file, false, meta));
            String stem = out.getFileName().toString().replaceFirst("\\.pth$", "");
            Path target = out.toAbsolutePath().resolveSibling(stem + "-" + sha256(tmp).substring(0, 8) + ".pth");
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getOut().printf("published %s (%d bytes, was %d) as %s%n", in, Files.size(target),
                    Files.size(CheckpointFiles.resolve(in)), target);
        } finally {
            Files.deleteIfExists(tmp);
            if (loaded.model() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // the file is written; nothing to recover
                }
            }
        }
        return 0;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream s = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = s.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String toJson(Object meta) {
        try {
            return new ObjectMapper().writeValueAsString(meta);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("checkpoint meta is not JSON-able: " + e.getMessage(), e);
        }
    }
}
