package org.mmdet4j.registry;

import java.util.Objects;
import java.util.function.Function;

/**
 * Builds one kind of component from checked arguments; what a {@link Registry} stores per name.
 *
 * <p>The contract, as in detectron2's {@code from_config}: {@link #schema()} declares every key
 * the component accepts, with its type and default; the registry checks a config against it
 * (unknown, missing and wrongly typed keys are errors naming the config path), fills in the
 * defaults, builds nested components, and only then calls {@link #create(Args)}. So
 * {@code create} reads typed values and calls the component's constructor; it never sees an
 * unchecked key.
 *
 * <pre>{@code
 * @Register(registry = RegistryNames.NECKS, name = "FPN")
 * public final class FpnFactory implements ComponentFactory<Fpn> {
 *     private static final Schema SCHEMA = Schema.builder()
 *             .required("in_channels", ParamType.INT_LIST)
 *             .required("out_channels", ParamType.INT)
 *             .required("num_outs", ParamType.INT)
 *             .optional("start_level", ParamType.INT, 0)
 *             .choice("add_extra_convs", false, false, true, "on_input", "on_lateral", "on_output")
 *             .build();
 *
 *     public Schema schema() { return SCHEMA; }
 *
 *     public Fpn create(Args args) {
 *         return new Fpn(args.getIntList("in_channels"), args.getInt("out_channels"),
 *                 args.getInt("num_outs"), args.getInt("start_level"), args.get("add_extra_convs"));
 *     }
 * }
 * }</pre>
 *
 * @param <T> what the factory builds
 */
public interface ComponentFactory<T> {
    /** The keys this component accepts ({@code type} excluded). */
    Schema schema();

    /** Builds the component from arguments already checked against {@link #schema()}. */
    T create(Args args);

    /** A one-line description for {@code list-components}; empty when the factory gives none. */
    default String doc() {
        return "";
    }

    /** One-line descriptions of its keys by name, for {@code list-components}; possibly empty. */
    default java.util.Map<String, String> keyDocs() {
        return java.util.Map.of();
    }

    /** A factory from a schema and a function, for programmatic {@link Registry#register}. */
    static <T> ComponentFactory<T> of(Schema schema, Function<Args, T> create) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(create, "create");
        return new ComponentFactory<>() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public T create(Args args) {
                return create.apply(args);
            }
        };
    }
}
