package org.mmdet4j.runner.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSON-lines training log ({@code <timestamp>.log.json}) as mmdetection's
 * {@code analyze_logs.load_json_logs} reads it: per epoch, per key, the values of the lines of
 * that epoch in order (train and val lines together; the meta line, without {@code epoch}, is
 * skipped).
 */
public final class JsonLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final TreeMap<Integer, List<Map<String, Object>>> epochs = new TreeMap<>();

    private JsonLog(Path file) {
        this.file = file;
    }

    public static JsonLog read(Path file) {
        JsonLog log = new JsonLog(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("log file " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Map<String, Object> entry;
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.readValue(lines.get(i), LinkedHashMap.class);
                entry = m;
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a JSON object: " + e.getMessage());
            }
            if (entry.get("epoch") instanceof Number epoch) {
                log.epochs.computeIfAbsent(epoch.intValue(), k -> new ArrayList<>()).add(entry);
            }
        }
        if (log.epochs.isEmpty()) {
            throw new IllegalArgumentException(file + " has no training log lines");
        }
        return log;
    }

    public Path file() {
        return file;
    }

    /** Epoch numbers in the log, ascending. */
    public List<Integer> epochs() {
        return List.copyOf(epochs.keySet());
    }

    /** The lines of {@code epoch}, in order. */
    public List<Map<String, Object>> lines(int epoch) {
        return epochs.getOrDefault(epoch, List.of());
    }

    /** Numeric values of {@code key} on the {@code mode} lines of {@code epoch} that have it. */
    public List<Double> values(int epoch, String key, String mode) {
        List<Double> out = new ArrayList<>();
        for (Map<String, Object> line : lines(epoch)) {
            if (mode.equals(line.get("mode")) && line.get(key) instanceof Number n) {
                out.add(n.doubleValue());
            }
        }
        return out;
    }

    /** Whether any line has {@code key}. */
    public boolean hasKey(String key) {
        return epochs.values().stream().flatMap(List::stream).anyMatch(l -> l.containsKey(key));
    }
}
