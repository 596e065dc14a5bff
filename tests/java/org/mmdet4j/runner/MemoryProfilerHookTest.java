package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.runner.hooks.TrainingHooks;

/** MemoryProfilerHook from custom_hooks, and custom_hooks entries that are not dicts. */
class MemoryProfilerHookTest {
    @TempDir
    Path dir;

    @Test
    void printsTheProcessMemoryEveryIntervalIterations() throws Exception {
        Runner runner = new IterBasedRunner(new LinearModel(2), dir, 6);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        runner.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        TrainingHooks.register(runner, Config.of(Map.of("custom_hooks",
                List.of(Map.of("type", "MemoryProfilerHook", "interval", 3)))));
        runner.run(List.of(new SyntheticSource(4, 2, 2, 1)), WorkflowStage.parse(List.of(List.of("train", 1))));
        Matcher m = Pattern.compile("Iter \\[(\\d+)\\] Memory information available_memory: \\d+ MB, .*"
                + "current_process_memory: (\\d+) MB, java_heap_used: \\d+ MB")
                .matcher(printed.toString(StandardCharsets.UTF_8));
        long rss = -1;
        for (String iter : List.of("3", "6")) {
            assertTrue(m.find(), printed.toString(StandardCharsets.UTF_8));
            assertEquals(iter, m.group(1));
            rss = Long.parseLong(m.group(2));
        }
        // The figure is this process's VmRSS, read independently here.
        long vmRss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024).findFirst().orElseThrow();
        assertTrue(Math.abs(rss - vmRss) < Math.max(64, vmRss / 5), rss + " MB vs VmRSS " + vmRss + " MB");
    }

    @Test
    void aCustomHookThatIsNotADictNamesItsEntry() {
        Runner runner = new IterBasedRunner(new LinearModel(2), dir, 1);
        ConfigException e = assertThrows(ConfigException.class, () -> TrainingHooks.register(runner,
                Config.of(Map.of("custom_hooks", List.of("{type: MemoryProfilerHook}")))));
        assertTrue(e.getMessage().contains("custom_hooks.0") && e.getMessage().contains("must be a dict"),
                e.getMessage());
    }
}
