package org.mmdet4j.data.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedOutputTest {
    @TempDir
    Path dir;

    private List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aFailureBeforeTheCommitLeavesNothing() throws Exception {
        Path out = dir.resolve("voc");
        assertThrows(IllegalStateException.class, () -> {
            try (StagedOutput s = new StagedOutput(out)) {
                Files.writeString(s.file("Annotations/a.xml"), "<annotation/>");
                throw new IllegalStateException("disk full");
            }
        });
        assertEquals(List.of(), entries(dir));
    }

    @Test
    void aNewFolderAppearsWhole() throws Exception {
        Path out = dir.resolve("voc");
        try (StagedOutput s = new StagedOutput(out)) {
            Files.writeString(s.file("Annotations/a.xml"), "a");
            Files.writeString(s.file("ImageSets/Main/t.txt"), "a\n");
            s.commit();
        }
        assertEquals(List.of(out), entries(dir));
        assertEquals("a\n", Files.readString(out.resolve("ImageSets/Main/t.txt")));
    }

    @Test
    void anExistingFolderKeepsOtherFilesAndGetsTheNewOnes() throws Exception {
        Path out = Files.createDirectories(dir.resolve("voc/Annotations"));
        Files.writeString(out.resolve("a.xml"), "old");
        Files.writeString(out.resolve("b.xml"), "other");
        try (StagedOutput s = new StagedOutput(dir.resolve("voc"))) {
            Files.writeString(s.file("Annotations/a.xml"), "new");
            s.commit();
        }
        assertEquals("new", Files.readString(out.resolve("a.xml")));
        assertEquals("other", Files.readString(out.resolve("b.xml")));
        assertEquals(List.of(dir.resolve("voc")), entries(dir), "the staging folder is gone");
    }

    @Test
    void aFileInTheWayOfAFolderFailsBeforeAnythingMoves() throws Exception {
        Path out = Files.createDirectories(dir.resolve("voc"));
        Files.writeString(out.resolve("Annotations"), "not a folder");
        IOException e = assertThrows(IOException.class, () -> {
            try (StagedOutput s = new StagedOutput(out)) {
                Files.writeString(s.file("JPEGImages/a.jpg"), "img");
                Files.writeString(s.file("Annotations/a.xml"), "xml");
                s.commit();
            }
        });
        assertTrue(e.getMessage().contains("Annotations exists and is not a folder"), e.getMessage());
        assertFalse(Files.exists(out.resolve("JPEGImages")), "nothing was moved");
        assertEquals(List.of(out), entries(dir));
    }
}
