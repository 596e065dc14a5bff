package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.api.Detector;
import org.mmdet4j.runner.CheckpointFiles;

/**
 * A checkpoint written to a disk that fills up: a small Faster R-CNN trains one epoch into a
 * tmpfs, which is then shrunk to what it holds plus 1 MiB, and a resumed run's next checkpoint
 * does not fit. The run stops naming the file and the cause (or, with on_save_error='warn',
 * trains on); the previous checkpoint still loads, {@code latest} still names it, and nothing
 * half-written is left. Mounting needs root; elsewhere the test is skipped, saying so.
 */
class CheckpointOnFullDiskTest {
    private static final String CONFIG = "configs/faster_rcnn/faster_rcnn_r18_fpn_shapes.yaml";
    @TempDir
    Path tmp;
    private Path disk;

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            run("umount", "-l", disk.toString());
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static CliRun train(Path data, Path work, String... extra) {
        List<String> args = new ArrayList<>(List.of("data.workers_per_gpu=0"));
        args.addAll(List.of(extra));
        return CliRun.trainOnShapes(CONFIG, data, work, args.toArray(String[]::new));
    }

    private List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".log") && !n.endsWith(".json") && !n.endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void aFullDiskKeepsThePreviousCheckpointAndLatest() throws Exception {
        Path mountPoint = Files.createDirectories(tmp.resolve("disk"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1g", "tmpfs", mountPoint.toString()) == 0,
                "mounting a tmpfs needs root");
        disk = mountPoint;
        Path data = tmp.resolve("data");
        assertEquals(0, CliRun.of("make-shapes", "--out", data.toString(), "--train", "4", "--val", "2").exitCode());
        Path work = disk.resolve("work");
        CliRun first = train(data, work, "runner.max_epochs=1");
        assertEquals(0, first.exitCode(), first.err());
        Path epoch1 = work.resolve("epoch_1.pth");
        assertEquals(epoch1, CheckpointFiles.readLatest(work));

        FileStore store = Files.getFileStore(disk);
        long usedKiB = (store.getTotalSpace() - store.getUnallocatedSpace()) / 1024;
        assertEquals(0, run("mount", "-o", "remount,size=" + (usedKiB + 1024) + "k", disk.toString()));
        assertTrue(Files.getFileStore(disk).getUnallocatedSpace() < Files.size(epoch1) / 4,
                "the disk has no room for another checkpoint");

        CliRun full = train(data, work, "runner.max_epochs=2", "--resume-from", work.toString());
        assertEquals(1, full.exitCode(), full.out());
        String err = full.err().strip();
        assertTrue(err.startsWith("error: cannot write " + work.resolve("epoch_2.pth")), err);
        assertTrue(err.contains("No space left on device"), err);
        assertEquals(List.of("epoch_1.pth", "latest", "latest.pth"), files(work), "nothing half-written is left");
        assertEquals(epoch1, CheckpointFiles.readLatest(work));

        // The runner prints its progress and warnings to System.out.
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CliRun warned;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            warned = train(data, work, "runner.max_epochs=2", "checkpoint_config.on_save_error=warn",
                    "--resume-from", work.toString());
        } finally {
            System.setOut(console);
        }
        assertEquals(0, warned.exitCode(), warned.err());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("WARNING: checkpoint not saved (on_save_error='warn'; training goes on): "
                + "cannot write " + work.resolve("epoch_2.pth")), printed.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("epoch_1.pth", "latest", "latest.pth"), files(work));
        assertFalse(Files.exists(work.resolve("epoch_2.pth")));

        try (Detector detector = Detector.fromConfig(Path.of(CONFIG), epoch1)) {
            assertEquals(List.of("circle", "rectangle", "triangle"), detector.classes());
        }
    }
}
