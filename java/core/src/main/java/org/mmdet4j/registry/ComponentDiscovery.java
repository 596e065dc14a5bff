package org.mmdet4j.registry;

import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.mmdet4j.config.DidYouMean;

/**
 * Registers every {@link ComponentFactory} that {@link ServiceLoader} finds through
 * {@code META-INF/services/org.mmdet4j.registry.ComponentFactory}, under the names and in the
 * registries its {@link Register} annotations give. The annotations are read from the class
 * before it is instantiated, so a listed class without one fails without side effects.
 */
final class ComponentDiscovery {
    private ComponentDiscovery() {
    }

    /**
     * @throws IllegalStateException naming the class: not loadable, not annotated, unknown
     *                               registry, or a duplicate name
     */
    @SuppressWarnings("rawtypes")
    static void load(ClassLoader loader, Map<String, ? extends Registry<?>> registries) {
        try {
            for (ServiceLoader.Provider<ComponentFactory> provider
                    : ServiceLoader.load(ComponentFactory.class, loader).stream().toList()) {
                register(provider, registries);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load the registered components: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("rawtypes")
    private static void register(ServiceLoader.Provider<ComponentFactory> provider,
                                 Map<String, ? extends Registry<?>> registries) {
        Class<? extends ComponentFactory> type = provider.type();
        Register[] annotations = type.getAnnotationsByType(Register.class);
        if (annotations.length == 0) {
            throw new IllegalStateException(type.getName() + " is listed in META-INF/services/"
                    + ComponentFactory.class.getName() + " but has no @Register annotation");
        }
        for (Register register : annotations) {
            if (!registries.containsKey(register.registry())) {
                String hint = DidYouMean.hint(register.registry(), registries.keySet());
                throw new IllegalStateException(type.getName() + ": unknown registry '" + register.registry() + "'"
                        + (hint.isEmpty() ? "; registries: " + String.join(", ", registries.keySet()) : hint));
            }
        }
        ComponentFactory<?> factory = provider.get();
        for (Register register : annotations) {
            registries.get(register.registry()).register(register.name(), factory, type.getName());
        }
    }
}
