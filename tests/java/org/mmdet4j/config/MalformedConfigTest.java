package org.mmdet4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmdet4j.config.ConfigTestFiles.write;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends in a ConfigException naming file and line, within a second, never a stack overflow. */
class MalformedConfigTest {
    @TempDir
    Path dir;

    private ConfigException load(Path file) {
        return assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(ConfigException.class, () -> Config.fromFile(file)));
    }

    @Test
    void truncatedYaml() {
        Path file = write(dir, "t.yaml", "model:\n  type: RetinaNet\n  backbone: {type: ResNet, depth: 50\n");
        ConfigException e = load(file);
        assertEquals(file, e.file());
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith(file + ":4: invalid YAML: expected ',' or '}', but got <stream end> "
                + "(while parsing a flow mapping at line 3)"), e.getMessage());
    }

    @Test
    void yamlDuplicateKeyAndNonMappingTopLevel() {
        Path dup = write(dir, "dup.yaml", "a: 1\nb: 2\na: 3\n");
        ConfigException e = load(dup);
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("found duplicate key a"), e.getMessage());

        Path list = write(dir, "list.yaml", "- 1\n- 2\n");
        assertEquals(list + ":1: the top level of a config must be a mapping of names to values, got list",
                load(list).getMessage());
    }

    @Test
    void yamlTimestampsAreNotConfigValues() {
        Path file = write(dir, "date.yaml", "run:\n  started: 2024-01-02\n");
        assertEquals(file + ": run.started: unsupported value of type Date (" , load(file).getMessage()
                .substring(0, (file + ": run.started: unsupported value of type Date (").length()));
    }

    @Test
    void truncatedJson() {
        Path file = write(dir, "t.json", "{\"model\": {\"type\": \"RetinaNet\",\n \"depth\": 50\n");
        ConfigException e = load(file);
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(file + ":3: invalid JSON: Unexpected end-of-input"), e.getMessage());
    }

    @Test
    void pythonFunctionCallOutsideTheSubset() {
        Path file = write(dir, "call.py", "import_ok = 1\nmodel = dict(\n    backbone=build_backbone(depth=50))\n");
        assertEquals(file + ":3: function call 'build_backbone(...)' is outside the supported config subset "
                + "(only dict(...) is allowed)", load(file).getMessage());
    }

    @Test
    void pythonImportAndUndefinedName() {
        Path imp = write(dir, "imp.py", "x = 1\nimport os\n");
        assertEquals(imp + ":2: 'import' statements are outside the supported config subset (only assignments "
                + "like name = value are allowed)", load(imp).getMessage());
        Path undefined = write(dir, "undef.py", "data = dict(\n    pipeline=train_pipeline)\n");
        assertEquals(undefined + ":2: name 'train_pipeline' is not defined (a config can only use names assigned "
                + "earlier in the same file)", load(undefined).getMessage());
    }

    @Test
    void baseCycleAndMissingBase() {
        Path a = write(dir, "a.py", "_base_ = 'b.py'\n");
        write(dir, "b.py", "_base_ = 'a.py'\n");
        assertTrue(load(a).getMessage().contains("_base_ cycle: "));
        Path missing = write(dir, "m.yaml", "_base_: [gone.yaml]\n");
        assertEquals(missing + ":1: base config 'gone.yaml' not found (looked for " + dir.resolve("gone.yaml") + ")",
                load(missing).getMessage());
    }

    @Test
    void missingFileAndUnknownExtension() {
        Path nope = dir.resolve("nope.yaml");
        assertEquals(nope + ": config file not found", load(nope).getMessage());
        Path txt = write(dir, "c.txt", "a: 1\n");
        assertEquals(txt + ": unknown config format: use a .yaml, .yml, .json or .py file", load(txt).getMessage());
    }

    @Test
    void tenMegabyteConfigIsRejectedQuickly() {
        String big = "values: [" + "1234567, ".repeat(10 * 1024 * 1024 / 9) + "0]\n";
        for (String name : new String[] {"big.yaml", "big.json", "big.py"}) {
            Path file = write(dir, name, name.endsWith(".json") ? "{\"" + big.replace(": ", "\": ") + "}"
                    : name.endsWith(".py") ? big.replace(": ", " = ") : big);
            assertEquals(file + ": config is 10.0 MB, larger than the 4 MB limit (is this an annotation file rather "
                    + "than a config?)", load(file).getMessage());
        }
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertThrows(ConfigException.class,
                () -> Config.fromString(big, ConfigFormat.YAML)));
        assertTrue(e.getMessage().startsWith("config is 10.0 MB"), e.getMessage());
    }

    @Test
    void deeplyNestedListsInEverySyntax() {
        int depth = 100_000;
        String nested = "[".repeat(depth) + "]".repeat(depth);
        ConfigException yaml = load(write(dir, "deep.yaml", "a: " + nested + "\n"));
        assertTrue(yaml.getMessage().contains("Nesting Depth exceeded max 100"), yaml.getMessage());

        ConfigException json = load(write(dir, "deep.json", "{\"a\": " + nested + "}\n"));
        assertTrue(json.getMessage().contains("nesting depth (101) exceeds the maximum allowed (100"),
                json.getMessage());

        Path py = write(dir, "deep.py", "a = 1\nb = " + nested + "\n");
        assertEquals(py + ":2: nesting deeper than 100 levels", load(py).getMessage());
        Path unary = write(dir, "unary.py", "a = " + "-".repeat(depth) + "1\n");
        assertEquals(unary + ":1: nesting deeper than 100 levels", load(unary).getMessage());
    }

    @Test
    void deeplyNestedDictsAndRecursiveAliases() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            yaml.append("  ".repeat(i)).append("k:\n");
        }
        ConfigException e = load(write(dir, "dicts.yaml", yaml.toString()));
        assertTrue(e.getMessage().contains("Nesting Depth exceeded max 100"), e.getMessage());

        Path recursive = write(dir, "rec.yaml", "a: &x [1, *x]\n");
        ConfigException rec = load(recursive);
        assertEquals(recursive, rec.file());
    }

    @Test
    void yamlAliasBombIsRefused() {
        // Nine aliases per level, ten levels: 81 aliases (allowed) that expand to 9^10 values.
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            bomb.append(("*a" + (i - 1) + ", ").repeat(9)).append("]\n");
        }
        ConfigException e = load(write(dir, "bomb.yaml", bomb.toString()));
        assertTrue(e.getMessage().contains("Number of aliases for non-scalar nodes exceeds the specified max=50")
                || e.getMessage().contains("more than 500000 values in one config"), e.getMessage());

        // Few aliases, still exponential: 5 per level over 9 levels is 5^9 = 1.9M values.
        StringBuilder narrow = new StringBuilder("b0: &b0 [x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            narrow.append("b").append(i).append(": &b").append(i).append(" [");
            narrow.append(("*b" + (i - 1) + ", ").repeat(i < 9 ? 5 : 1)).append("]\n");
        }
        ConfigException n = load(write(dir, "narrow.yaml", narrow.toString()));
        assertTrue(n.getMessage().contains("more than 500000 values in one config"), n.getMessage());
    }
}
