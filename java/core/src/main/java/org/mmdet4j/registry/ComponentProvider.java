package org.mmdet4j.registry;

import java.util.Set;

/**
 * A source of components besides the annotated factories: the native core's registries, whose
 * components declare their schemas in C++. Providers are found with {@link java.util.ServiceLoader}
 * through {@code META-INF/services/org.mmdet4j.registry.ComponentProvider} and asked once, when one
 * of their {@link #registries()} is first used, so that commands which never build a model never
 * load native code.
 *
 * <p>A name that an annotated factory already registered stays with that factory: it carries
 * checks that need both sides of the boundary, which the provider's generic factory does not.
 */
public interface ComponentProvider {
    /** The registries (by name) this provider adds to. */
    Set<String> registries();

    /** Registers its components; {@code registries} maps registry names to the standard registries. */
    void provide(ComponentSink sink);

    /** What a provider registers through. */
    interface ComponentSink {
        /** Whether {@code name} is already taken in {@code registry}. */
        boolean contains(String registry, String name);

        /** Registers {@code factory} as {@code name} in {@code registry}; {@code origin} is for messages. */
        void register(String registry, String name, ComponentFactory<?> factory, String origin);
    }
}
