package org.mmdet4j.data.convert;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mmdet4j.cli.Main;
import picocli.CommandLine;

/** Small hand-written VOC roots and an in-process command line for the converter tests. */
final class VocFixture {
    private VocFixture() {
    }

    /** One run of {@code mmdet4j ARGS}: exit code, stdout, stderr. */
    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * A root with split {@code trainval}: image 000005 (500x375) with a chair, a difficult chair
     * and a dog; image 000007 (500x333) with a car. Images are a few made-up bytes: nothing
     * here decodes them.
     */
    static Path root(Path root) throws Exception {
        Files.createDirectories(root.resolve("Annotations"));
        Files.createDirectories(root.resolve("ImageSets/Main"));
        Files.createDirectories(root.resolve("JPEGImages"));
        Files.writeString(root.resolve("ImageSets/Main/trainval.txt"), "000005\n000007\n");
        xml(root, "000005", 500, 375, object("dog", 0, 48, 240, 195, 371),
                object("chair", 1, 5, 244, 67, 374), object("chair", 0, 263, 211, 324, 339));
        xml(root, "000007", 500, 333, object("car", 0, 141, 50, 500, 330));
        Files.write(root.resolve("JPEGImages/000005.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 5});
        Files.write(root.resolve("JPEGImages/000007.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 7});
        return root;
    }

    static String object(String name, int difficult, int x1, int y1, int x2, int y2) {
        return "<object><name>" + name + "</name><difficult>" + difficult + "</difficult><bndbox><xmin>" + x1
                + "</xmin><ymin>" + y1 + "</ymin><xmax>" + x2 + "</xmax><ymax>" + y2 + "</ymax></bndbox></object>";
    }

    static void xml(Path root, String id, int w, int h, String... objects) throws Exception {
        Files.writeString(root.resolve("Annotations/" + id + ".xml"), "<annotation><size><width>" + w
                + "</width><height>" + h + "</height><depth>3</depth></size>" + String.join("", objects)
                + "</annotation>");
    }
}
