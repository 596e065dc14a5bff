package org.mmdet4j.models;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigDict;
import org.mmdet4j.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mmdetection's {@code custom_imports = dict(imports=[...], allow_failed_imports=False)}: where
 * mmdetection imports Python modules that register components, a JVM config names native plugin
 * libraries ({@code .so} files, relative to the working directory) whose components register
 * themselves as they load. Java components need no import: they are found on the class path.
 */
public final class CustomImports {
    private static final Logger LOG = LoggerFactory.getLogger(CustomImports.class);
    private static final Set<String> KEYS = Set.of("imports", "allow_failed_imports");

    private CustomImports() {
    }

    /** Loads the plugins that {@code cfg} names (nothing when it has no custom_imports). */
    public static void load(Config cfg) {
        if (!cfg.has("custom_imports")) {
            return;
        }
        ConfigDict imports = cfg.getDict("custom_imports");
        for (String key : imports.keySet()) {
            if (!KEYS.contains(key)) {
                throw ConfigException.atPath("custom_imports." + key, "unknown key; custom_imports accepts "
                        + "imports, allow_failed_imports");
            }
        }
        boolean allowFailed = imports.getBool("allow_failed_imports", false);
        List<String> libraries = imports.getStringList("imports");
        for (int i = 0; i < libraries.size(); i++) {
            String name = libraries.get(i);
            String path = "custom_imports.imports." + i;
            if (!name.endsWith(".so")) {
                throw ConfigException.atPath(path, "'" + name + "' is not a native plugin library (.so): Python "
                        + "modules cannot be imported on the JVM, and Java components are found on the class path");
            }
            try {
                NativeComponentProvider.loadPlugin(Path.of(name));
            } catch (RuntimeException e) {
                if (!allowFailed) {
                    throw e instanceof ConfigException c ? c : ConfigException.atPath(path, e.getMessage());
                }
                LOG.warn("{}: {} could not be loaded and is skipped (allow_failed_imports): {}", path, name,
                        e.getMessage());
            }
        }
    }
}
