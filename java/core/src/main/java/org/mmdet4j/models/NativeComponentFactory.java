package org.mmdet4j.models;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mmdet4j.bindings.NativeComponents;
import org.mmdet4j.bindings.NativeException;
import org.mmdet4j.bindings.Tensors;
import org.mmdet4j.models.detectors.BackboneWeights;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * The Java registry entry of a native component: its schema is the one the component declares in
 * C++ (through {@link NativeSchemas}), and what it builds is the component's {@link NativeOptions},
 * every key given or defaulted, nested components built by their own registries. A detector
 * builds the native detector itself ({@link NativeDetectorModel}). The component's own checks of
 * values run natively with errors that name the config path: for the components below as the
 * config is read (they are cheap to build: no weights, or a head's few), for backbones and necks
 * when the detector is built.
 */
final class NativeComponentFactory implements ComponentFactory<Object> {
    /** Registries whose components are cheap to build, so their values are checked as the config is read. */
    private static final Set<String> CHECKED_ON_READ = Set.of(RegistryNames.LOSSES, RegistryNames.SAMPLERS,
            RegistryNames.ASSIGNERS, RegistryNames.BBOX_CODERS, RegistryNames.ANCHOR_GENERATORS,
            RegistryNames.HEADS, RegistryNames.ROI_EXTRACTORS, RegistryNames.NMS);

    private final NativeSchemas.Component component;

    NativeComponentFactory(NativeSchemas.Component component) {
        this.component = component;
    }

    @Override
    public Schema schema() {
        return component.schema();
    }

    @Override
    public String doc() {
        return component.doc();
    }

    @Override
    public Map<String, String> keyDocs() {
        Map<String, String> docs = new LinkedHashMap<>();
        component.keys().forEach(k -> docs.put(k.name(), k.doc()));
        return docs;
    }

    @Override
    public Object create(Args args) {
        // A settings section (a head's train_cfg) is a dict of the detector's config, without a type.
        boolean settings = component.registry().equals(RegistryNames.SETTINGS);
        NativeOptions options = new NativeOptions().put("type", settings ? null : args.typeName());
        for (Map.Entry<String, Object> e : args.values().entrySet()) {
            options.put(e.getKey(), e.getValue());
        }
        if (CHECKED_ON_READ.contains(component.registry())) {
            try {
                Tensors.run(() -> NativeComponents.checkComponent(component.registry(), options.toText(), args.path()));
            } catch (NativeException e) {
                throw NativeConfigErrors.translate(e, args.path());
            }
        }
        if (!component.registry().equals(RegistryNames.DETECTORS)) {
            return options;
        }
        NativeOptions backbone = BackboneWeights.backbone(args);
        return new NativeDetectorModel(options.nest("backbone", backbone));
    }
}
