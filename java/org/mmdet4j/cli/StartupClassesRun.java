package org.mmdet4j.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import org.mmdet4j.evaluation.coco.CocoEvalSample;
import picocli.CommandLine;

/**
 * The work whose classes {@code tools/make_cds_archive.sh} archives for class-data sharing: the
 * whole command line with every sub-command's help, and a small COCO evaluation. The JVM then maps
 * those classes, parsed and verified, from the archive at each start instead of loading them from
 * the jars; about 0.1 s of every command, a large part of a short one such as {@code eval}.
 */
public final class StartupClassesRun {
    private StartupClassesRun() {
    }

    public static void main(String[] args) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        CommandLine cli = Main.commandLine();
        cli.usage(discard);
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.usage(discard);
        }
        CocoEvalSample.run();
    }
}
