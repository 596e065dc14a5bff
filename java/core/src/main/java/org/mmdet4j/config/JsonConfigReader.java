package org.mmdet4j.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

/**
 * Reads JSON configs with Jackson: strict JSON, duplicate keys and trailing content rejected,
 * nesting depth limited like the other syntaxes.
 */
final class JsonConfigReader {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(ConfigValues.MAX_DEPTH)
                    .maxStringLength(ConfigLoader.MAX_CONFIG_BYTES)
                    .build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonConfigReader() {
    }

    static Object read(String text, Path file) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new ConfigException(file, where == null ? -1 : where.getLineNr(), null,
                    "invalid JSON: " + e.getOriginalMessage().replace('\n', ' '), e);
        }
    }
}
