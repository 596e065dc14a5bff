package org.mmdet4j.data.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A set of files written into a folder all together or not at all. Files are first written into
 * a hidden staging folder beside {@code out} (same file system, so moves are renames). On
 * {@link #commit}, a new {@code out} is the staging folder renamed in one step; into an existing
 * {@code out} the files are moved one by one, in the order {@link #file} handed them out, after
 * checking that none of them would land on a folder. {@link #close} without a commit deletes the
 * staging folder: a run that fails before the commit leaves {@code out} as it was.
 */
final class StagedOutput implements AutoCloseable {
    private final Path out;
    private final Path staging;
    private final List<String> files = new ArrayList<>();
    private boolean committed;

    StagedOutput(Path out) {
        this.out = out.toAbsolutePath().normalize();
        Path parent = this.out.getParent();
        try {
            Files.createDirectories(parent);
            // Not createTempDirectory: its owner-only permissions would become those of a new out.
            this.staging = Files.createDirectory(parent.resolve("." + this.out.getFileName() + ".tmp-"
                    + ProcessHandle.current().pid() + "-" + System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + parent + ": " + e.getMessage(), e);
        }
    }

    /** Where to write the file that will be {@code out/relative}; its folders are made. */
    Path file(String relative) throws IOException {
        Path p = staging.resolve(relative);
        Files.createDirectories(p.getParent());
        files.add(relative);
        return p;
    }

    /** The final place of {@code relative}, to check what is already there. */
    Path target(String relative) {
        return out.resolve(relative);
    }

    void commit() throws IOException {
        if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
            return;
        }
        if (!Files.isDirectory(out)) {
            throw new IOException(out + " exists and is not a folder");
        }
        for (String f : files) {
            Path t = out.resolve(f);
            if (Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("cannot write " + t + ": a folder of that name exists");
            }
            for (Path p = t.getParent(); !p.equals(out); p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    throw new IOException("cannot write " + t + ": " + p + " exists and is not a folder");
                }
            }
        }
        for (String f : files) {
            Path t = out.resolve(f);
            Files.createDirectories(t.getParent());
            Files.move(staging.resolve(f), t, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() {
        if (committed && !Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(staging)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staging folder " + staging + ": " + e.getMessage(), e);
        }
    }
}
