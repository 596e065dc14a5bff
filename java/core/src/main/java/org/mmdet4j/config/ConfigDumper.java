package org.mmdet4j.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;
import org.mmdet4j.config.python.PyConfigWriter;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a config tree as YAML, JSON or Python text. Each output loads back into an equal tree
 * (see the round-trip tests); floats keep their exact value, and strings that would read back as
 * another type ({@code '1'}, {@code 'true'}) are quoted.
 */
final class ConfigDumper {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConfigDumper() {
    }

    static String dump(ConfigDict config, ConfigFormat format) {
        return switch (format) {
            case YAML -> yaml(config);
            case JSON -> json(config);
            case PYTHON -> PyConfigWriter.write(config);
        };
    }

    private static String yaml(ConfigDict config) {
        DumperOptions options = new DumperOptions();
        // AUTO writes collections of scalars in flow style ({type: BN}, [0, 1, 2, 3]) and the rest as blocks.
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.AUTO);
        options.setIndent(2);
        options.setWidth(100);
        options.setSplitLines(false);
        return new Yaml(options).dump(config.toMutable());
    }

    private static String json(ConfigDict config) {
        checkFinite(config, "");
        try {
            return JSON.writeValueAsString(config.toMutable()) + "\n";
        } catch (JsonProcessingException e) {
            throw new ConfigException(null, -1, null, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** JSON has no NaN or infinity; refuse them rather than write invalid JSON. */
    private static void checkFinite(Object value, String path) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw ConfigException.atPath(path, "the float " + d + " cannot be written in JSON");
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> checkFinite(v, ConfigValues.join(path, (String) k)));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkFinite(list.get(i), ConfigValues.join(path, Integer.toString(i)));
            }
        }
    }
}
