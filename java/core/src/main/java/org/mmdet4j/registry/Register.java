package org.mmdet4j.registry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers a {@link ComponentFactory} under a name in one of the {@link Registries}; the
 * Java counterpart of mmdetection's {@code @BACKBONES.register_module()}.
 *
 * <pre>{@code
 * @Register(registry = RegistryNames.NECKS, name = "FPN")
 * public final class FpnFactory implements ComponentFactory<Fpn> { ... }
 * }</pre>
 *
 * <p>The annotation names the entry; discovery goes through {@link java.util.ServiceLoader}, so
 * the class must also be public, have a public no-argument constructor, and be listed, one
 * binary class name per line, in
 * {@code META-INF/services/org.mmdet4j.registry.ComponentFactory} (main code:
 * {@code java/META-INF/services/...}; test code: {@code tests/resources/META-INF/services/...}).
 * A listed class without this annotation, or naming a registry that does not exist, fails
 * discovery with an error. Repeat the annotation to register one factory under several names
 * or in several registries.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Register.List.class)
public @interface Register {
    /** The registry's name, one of the constants of {@link RegistryNames}. */
    String registry();

    /** The name a config's {@code type} key uses, such as {@code "ResNet"}. */
    String name();

    /** Container of repeated {@link Register} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface List {
        Register[] value();
    }
}
