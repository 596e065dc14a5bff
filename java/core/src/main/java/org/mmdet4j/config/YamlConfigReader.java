package org.mmdet4j.config;

import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads YAML configs with SnakeYAML's safe constructor (plain data only: no class tags), with
 * limits set so that no input can exhaust the stack or memory: nesting depth, aliases (the
 * "billion laughs" expansion), and document size. Duplicate keys are errors, not silent
 * overwrites. Anchors, aliases and {@code <<} merge keys work, which is how a YAML config reuses
 * a block the way a Python config reuses {@code img_norm_cfg}.
 */
final class YamlConfigReader {
    private YamlConfigReader() {
    }

    static Object read(String text, Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(ConfigValues.MAX_DEPTH);
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(ConfigLoader.MAX_CONFIG_BYTES);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            return yaml.load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = "invalid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage());
            if (e.getContext() != null && e.getContextMark() != null) {
                message += " (" + e.getContext() + " at line " + (e.getContextMark().getLine() + 1) + ")";
            }
            throw new ConfigException(file, mark == null ? -1 : mark.getLine() + 1, null,
                    message.replace('\n', ' '), e);
        } catch (YAMLException e) {
            throw new ConfigException(file, -1, null, "invalid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
    }
}
