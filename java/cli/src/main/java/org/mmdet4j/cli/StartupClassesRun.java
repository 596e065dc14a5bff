package org.mmdet4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.mmdet4j.evaluation.coco.CocoEvalSample;
import picocli.CommandLine;

/**
 * The work whose classes {@code tools/make_cds_archive.sh} archives for class-data sharing: the
 * whole command line with every sub-command's help, and {@code eval} of a small sample (bbox and
 * segm) as a user runs it. The JVM then maps those classes, parsed and verified, from the archive
 * at each start instead of loading them from the jars: about 0.1 s of every command, a large part
 * of a short one such as {@code eval}.
 */
public final class StartupClassesRun {
    private StartupClassesRun() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        CommandLine cli = Main.commandLine();
        cli.usage(discard);
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.usage(discard);
        }
        cli.setOut(new PrintWriter(discard));
        cli.execute("--version");
        Path dir = Files.createTempDirectory("mmdet4j-startup");
        try {
            Path gt = dir.resolve("gt.json");
            Path dt = dir.resolve("dt.json");
            CocoEvalSample.write(gt, dt);
            PrintStream out = System.out;
            System.setOut(discard);
            try {
                for (String metric : new String[] {"bbox", "segm"}) {
                    int status = Main.commandLineFor(new String[] {"eval"}).execute("eval", "--ann",
                            gt.toString(), "--results", dt.toString(), "--metric", metric, "--json",
                            dir.resolve(metric + ".json").toString());
                    if (status != 0) {
                        throw new IllegalStateException("the sample eval " + metric + " failed");
                    }
                }
            } finally {
                System.setOut(out);
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
