package org.mmdet4j.bindings;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Namespace;
import org.bytedeco.javacpp.annotation.Properties;
import org.bytedeco.javacpp.annotation.StdString;

/**
 * The native component registries (native/api/include/mmdet4j/components.h): the catalog of
 * registered components with their schemas, and loading plugin libraries that register more.
 * {@code org.mmdet4j.models.NativeComponentProvider} puts them into the Java registries.
 */
@Namespace("mmdet4j::api")
@Properties(inherit = NativeLibrary.class)
public final class NativeComponents {
    static {
        Loader.load();
    }

    private NativeComponents() {
    }

    /** Every registered native component with its schema, as a JSON document. */
    public static native @StdString String componentCatalog();

    /**
     * Checks the options (a JSON object at config path {@code path}) of the component of
     * {@code registry} that their "type" names: its schema and, for components built from their
     * options alone, its own value checks; errors name the config path.
     */
    public static native void checkComponent(@StdString String registry, @StdString String options,
            @StdString String path);

    /** Loads a shared library whose native components register themselves as it loads. */
    public static native void loadPlugin(@StdString String path);
}
