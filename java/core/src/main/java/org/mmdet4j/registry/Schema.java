package org.mmdet4j.registry;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmdet4j.config.ConfigValues;

/**
 * The keys a component accepts, in declaration order. Keys not declared here are errors unless
 * the schema was built with {@link Builder#allowExtraKeys()} (the equivalent of Python's
 * {@code **kwargs}; the extras reach the factory through {@link Args#extra()}).
 *
 * <pre>{@code
 * Schema.builder()
 *         .required("depth", ParamType.INT)                       // must be given
 *         .optional("num_stages", ParamType.INT, 4)               // default 4
 *         .nullable("init_cfg", ParamType.DICT)                   // default None
 *         .choice("style", "pytorch", "pytorch", "caffe")         // one of the listed values
 *         .component("loss_cls", Registries.LOSSES)               // built by the LOSSES registry
 *         .optionalComponent("loss_bbox", Registries.LOSSES, Map.of("type", "L1Loss"))
 *         .build();
 * }</pre>
 */
public final class Schema {
    private final Map<String, Param> params;
    private final boolean extraKeys;

    private Schema(Map<String, Param> params, boolean extraKeys) {
        this.params = Collections.unmodifiableMap(params);
        this.extraKeys = extraKeys;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A schema that accepts no keys besides {@code type}. */
    public static Schema empty() {
        return new Builder().build();
    }

    /** The declared params by name, in declaration order. */
    public Map<String, Param> params() {
        return params;
    }

    public Param param(String name) {
        return params.get(name);
    }

    /** Whether undeclared keys are passed on instead of rejected. */
    public boolean allowsExtraKeys() {
        return extraKeys;
    }

    /** Collects params; each name may be declared once. */
    public static final class Builder {
        private final Map<String, Param> params = new LinkedHashMap<>();
        private boolean extraKeys;

        private Builder() {
        }

        /** Adds a fully specified param. */
        public Builder add(Param param) {
            if (param.name().equals("type")) {
                throw new IllegalArgumentException("'type' is reserved: it selects the registry entry");
            }
            if (params.putIfAbsent(param.name(), param) != null) {
                throw new IllegalArgumentException("param '" + param.name() + "' is declared twice");
            }
            return this;
        }

        /** A key the config must give. */
        public Builder required(String name, ParamType type) {
            return add(new Param(name, type, true, null, false, null, List.of()));
        }

        /**
         * A key with a default; a {@code null} default means the key also accepts {@code None}.
         * Defaults may be Java maps and lists; they are converted to config values.
         */
        public Builder optional(String name, ParamType type, Object defaultValue) {
            return add(new Param(name, type, false, freeze(name, defaultValue), defaultValue == null, null,
                    List.of()));
        }

        /** A key whose default is {@code None}. */
        public Builder nullable(String name, ParamType type) {
            return optional(name, type, null);
        }

        /** A key whose value must equal one of {@code choices}; a typo gets a did-you-mean hint. */
        public Builder choice(String name, Object defaultValue, Object... choices) {
            List<Object> frozen = Arrays.stream(choices).map(c -> freeze(name, c)).toList();
            if (defaultValue != null && !frozen.contains(freeze(name, defaultValue))) {
                throw new IllegalArgumentException("param '" + name + "': default " + defaultValue
                        + " is not one of its choices " + frozen);
            }
            return add(new Param(name, ParamType.ANY, false, freeze(name, defaultValue), defaultValue == null,
                    null, frozen));
        }

        /** A nested component the config must give, built by {@code registry}. */
        public Builder component(String name, Registry<?> registry) {
            return add(new Param(name, ParamType.COMPONENT, true, null, false, registry, List.of()));
        }

        /** A nested component with a default config ({@code null}: None unless given). */
        public Builder optionalComponent(String name, Registry<?> registry, Map<String, ?> defaultCfg) {
            return add(new Param(name, ParamType.COMPONENT, false, freeze(name, defaultCfg), defaultCfg == null,
                    registry, List.of()));
        }

        /** A list of nested components the config must give, each built by {@code registry}. */
        public Builder componentList(String name, Registry<?> registry) {
            return add(new Param(name, ParamType.COMPONENT_LIST, true, null, false, registry, List.of()));
        }

        /**
         * One nested component or a list of them applied in order, each built by {@code registry};
         * {@code required}, or None unless given.
         */
        public Builder components(String name, Registry<?> registry, boolean required) {
            return add(new Param(name, ParamType.COMPONENTS, required, null, !required, registry, List.of()));
        }

        /** Lets undeclared keys through to {@link Args#extra()} instead of rejecting them. */
        public Builder allowExtraKeys() {
            this.extraKeys = true;
            return this;
        }

        public Schema build() {
            return new Schema(new LinkedHashMap<>(params), extraKeys);
        }

        private static Object freeze(String name, Object value) {
            return ConfigValues.freeze(value, name);
        }
    }
}
