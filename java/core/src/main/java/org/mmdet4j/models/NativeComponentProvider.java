package org.mmdet4j.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.mmdet4j.bindings.NativeComponents;
import org.mmdet4j.bindings.NativeLibrary;
import org.mmdet4j.bindings.Tensors;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.registry.ComponentProvider;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.Registry;
import org.mmdet4j.registry.RegistryNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the native core's registered components into the Java registries of the same names, each
 * validated against the schema it declares in C++ ({@link NativeComponentFactory}). Plugin
 * libraries ({@code custom_imports} in a config) add theirs with {@link #loadPlugin(Path)}.
 */
public final class NativeComponentProvider implements ComponentProvider {
    private static final Logger LOG = LoggerFactory.getLogger(NativeComponentProvider.class);
    /** The native registries (native/registry/registry.h) that have a Java registry of the same name. */
    private static final Set<String> REGISTRIES = Set.of(RegistryNames.BACKBONES, RegistryNames.NECKS,
            RegistryNames.HEADS, RegistryNames.ROI_EXTRACTORS, RegistryNames.LOSSES, RegistryNames.DETECTORS,
            RegistryNames.ASSIGNERS, RegistryNames.SAMPLERS, RegistryNames.BBOX_CODERS,
            RegistryNames.ANCHOR_GENERATORS, RegistryNames.NMS, RegistryNames.SETTINGS);

    @Override
    public Set<String> registries() {
        return REGISTRIES;
    }

    @Override
    public void provide(ComponentSink sink) {
        try {
            NativeLibrary.load();
        } catch (LinkageError e) {
            // A Java-only build (-Dmmdet4j.skipNative): the Java factories still check configs.
            LOG.warn("native components are not available: {}", e.toString());
            return;
        }
        for (NativeSchemas.Component c : NativeSchemas.parse(Tensors.call(NativeComponents::componentCatalog))) {
            if (!sink.contains(c.registry(), c.name())) {
                sink.register(c.registry(), c.name(), new NativeComponentFactory(c), origin(c));
            }
        }
    }

    /**
     * Loads a plugin library of native components and registers the ones it added; a file that is
     * missing or fails to load is an error naming it.
     */
    public static synchronized void loadPlugin(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new ConfigException("custom_imports: native plugin " + library + " does not exist");
        }
        NativeLibrary.load();
        Registries.DETECTORS.names();  // the built-in components first, so the plugin's are the new ones
        Tensors.run(() -> NativeComponents.loadPlugin(library.toAbsolutePath().toString()));
        for (NativeSchemas.Component c : NativeSchemas.parse(Tensors.call(NativeComponents::componentCatalog))) {
            Registry<Object> registry = Registries.byName(c.registry());
            if (!registry.contains(c.name())) {
                registry.register(c.name(), new NativeComponentFactory(c));
            }
        }
    }

    private static String origin(NativeSchemas.Component c) {
        return "the native registry '" + c.registry() + "'";
    }
}
