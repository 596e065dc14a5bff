package org.mmdet4j.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe checkpoint files. A checkpoint is written to a hidden temporary file in the same
 * folder, forced to disk, renamed over its final name (an atomic replace on POSIX file
 * systems), and the folder is forced so that the rename itself survives a power loss. Only then
 * is the {@code latest} pointer, a one-line text file naming the checkpoint, replaced the same
 * way, and beside it {@code latest.pth}, a relative symbolic link to the checkpoint as mmcv's
 * {@code save_checkpoint} makes it (so PyTorch-side tools that open {@code work_dir/latest.pth}
 * find it), created under a temporary name and renamed over the old link. A process killed at any moment therefore leaves either the old or the new file under
 * each name, never a partial one; what it may leave is a stray temporary file, which
 * {@link #removeStaleTemporaries} deletes at the next start.
 */
public final class CheckpointFiles {
    /** Name of the pointer file in the work dir. */
    public static final String LATEST = "latest";
    /** mmcv's link to the latest checkpoint. */
    public static final String LATEST_LINK = "latest.pth";
    private static final String TMP_MARK = ".tmp-";

    private CheckpointFiles() {
    }

    /** Something that writes a complete file at a given path. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path path) throws IOException;
    }

    /**
     * Writes {@code target} through {@code writer} atomically; see the class comment. When any
     * step fails (the writer, native ones included, or the rename), the temporary file is
     * removed, {@code target} keeps its previous content, and a {@link FileWriteException} names
     * {@code target} and the cause.
     */
    public static void writeAtomically(Path target, FileWriter writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + TMP_MARK + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
        try {
            Files.createDirectories(dir);
            writer.write(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
        } catch (IOException | RuntimeException e) {
            throw new FileWriteException(target, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the next start removes it
            }
        }
    }

    /** Points {@code dir/latest} and the {@code dir/latest.pth} link at {@code checkpoint} (a file in {@code dir}). */
    public static void writeLatest(Path dir, Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        writeAtomically(dir.resolve(LATEST), p -> Files.writeString(p, name + "\n", StandardCharsets.UTF_8));
        linkLatest(dir, name);
    }

    /**
     * {@code dir/latest.pth} -> {@code name}, replaced atomically. A file system without
     * symbolic links gets none (mmcv copies the file there; the {@code latest} pointer is what
     * mmdet4j itself reads).
     */
    private static void linkLatest(Path dir, String name) {
        Path link = dir.resolve(LATEST_LINK);
        if (name.equals(LATEST_LINK)) {
            return;
        }
        Path tmp = dir.resolve("." + LATEST_LINK + TMP_MARK + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createSymbolicLink(tmp, Path.of(name));
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (UnsupportedOperationException e) {
            // no symbolic links here
        } catch (IOException e) {
            throw new FileWriteException(link, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the next start removes it
            }
        }
    }

    /** The checkpoint {@code dir/latest} names, or null when there is no pointer. */
    public static Path readLatest(Path dir) {
        Path pointer = dir.resolve(LATEST);
        String name;
        try {
            name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer + ": " + e.getMessage(), e);
        }
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalStateException(pointer + " does not name a checkpoint file: '" + name + "'");
        }
        Path ckpt = dir.resolve(name);
        if (!Files.isRegularFile(ckpt)) {
            throw new IllegalStateException(pointer + " names " + name + ", which does not exist");
        }
        return ckpt;
    }

    /**
     * A checkpoint given on the command line: a file as is, a work dir through its
     * {@code latest} pointer.
     */
    public static Path resolve(Path fileOrDir) {
        if (Files.isDirectory(fileOrDir)) {
            Path latest = readLatest(fileOrDir);
            if (latest == null) {
                throw new IllegalArgumentException(fileOrDir + " is a folder without a '" + LATEST + "' checkpoint pointer");
            }
            return latest;
        }
        if (!Files.isRegularFile(fileOrDir)) {
            throw new IllegalArgumentException("checkpoint " + fileOrDir + " does not exist");
        }
        return fileOrDir;
    }

    /** Deletes temporary files left by a killed writer; call when no other writer uses {@code dir}. */
    public static void removeStaleTemporaries(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + TMP_MARK + "*")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the rename is still atomic there.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw e;
            }
        }
    }
}
