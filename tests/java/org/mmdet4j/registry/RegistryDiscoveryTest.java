package org.mmdet4j.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryDiscoveryTest {

    @Test
    void annotatedFactoriesListedForServiceLoaderAreRegistered() {
        assertTrue(Registries.BACKBONES.contains("ToyResNet"));
        assertTrue(Registries.NECKS.contains("ToyFPN"));
        assertTrue(Registries.HEADS.contains("ToyRetinaHead"));
        assertTrue(Registries.DETECTORS.contains("ToyRetinaNet"));
        assertTrue(Registries.LOSSES.names().containsAll(java.util.List.of("ToyFocalLoss", "ToyL1Loss")));
        // A repeated @Register puts the one factory instance under both names.
        assertSame(Registries.LOSSES.get("ToyFocalLoss"), Registries.LOSSES.get("ToyL1Loss"));
        assertTrue(Registries.NECKS.get("ToyFPN") instanceof ToyComponents.NeckFactory);
    }

    /**
     * Every {@code @Register} factory of the library is listed for the ServiceLoader; a class
     * left out would only fail when a config names it.
     */
    @Test
    void everyAnnotatedFactoryOfTheLibraryIsListed() throws Exception {
        Path location = Path.of(Register.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // The library's classes: a folder (compiled only) or mmdet4j-core's jar (packaged).
        try (java.nio.file.FileSystem jar = Files.isDirectory(location) ? null
                : java.nio.file.FileSystems.newFileSystem(location)) {
            checkEveryAnnotatedFactoryIsListed(jar == null ? location : jar.getPath("/"));
        }
    }

    private void checkEveryAnnotatedFactoryIsListed(Path classes) throws Exception {
        java.util.List<String> annotated = new java.util.ArrayList<>();
        try (var files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (Class.forName(name, false, getClass().getClassLoader()).isAnnotationPresent(Register.class)) {
                    annotated.add(name);
                }
            }
        }
        java.util.List<String> listed = Files.readAllLines(classes.resolve(
                "META-INF/services/org.mmdet4j.registry.ComponentFactory")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(annotated.size() > 20, "found " + annotated);
        java.util.List<String> missing = annotated.stream().filter(n -> !listed.contains(n)).sorted().toList();
        assertEquals(java.util.List.of(), missing, "annotated but not in META-INF/services");
    }

    @Test
    void standardRegistriesHaveTheirMmdetectionNames() {
        assertEquals(18, Registries.all().size());
        assertSame(Registries.SETTINGS, Registries.byName("settings"));
        assertSame(Registries.NECKS, Registries.byName("neck"));
        assertSame(Registries.ANCHOR_GENERATORS, Registries.byName("anchor_generator"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Registries.byName("nek"));
        assertEquals("unknown registry 'nek'; did you mean 'neck'?", e.getMessage());
    }

    @Test
    void discoveryRejectsTakenNames() {
        assertTrue(Registries.NECKS.contains("ToyFPN"), "discovery runs at the first lookup");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Registries.NECKS.register("ToyFPN", new ToyComponents.NeckFactory()));
        assertTrue(e.getMessage().startsWith("duplicate name 'ToyFPN' in registry 'neck': already registered by "
                + "org.mmdet4j.registry.ToyComponents$NeckFactory, again by register(\"ToyFPN\", ...) called from "
                + "org.mmdet4j.registry.RegistryDiscoveryTest"), e.getMessage());
    }

    @Test
    void listedClassWithoutAnnotationFailsDiscovery(@TempDir Path dir) throws Exception {
        IllegalStateException e = discoverWithExtraProvider(dir, ToyComponents.Unannotated.class.getName());
        assertEquals("org.mmdet4j.registry.ToyComponents$Unannotated is listed in META-INF/services/"
                + "org.mmdet4j.registry.ComponentFactory but has no @Register annotation", e.getMessage());
    }

    @Test
    void annotationNamingAnUnknownRegistryFailsDiscovery(@TempDir Path dir) throws Exception {
        IllegalStateException e = discoverWithExtraProvider(dir, MisspelledRegistry.class.getName());
        assertEquals("org.mmdet4j.registry.RegistryDiscoveryTest$MisspelledRegistry: unknown registry 'nekc'; "
                + "did you mean 'neck'?", e.getMessage());
    }

    @Test
    void listedClassThatDoesNotExistFailsDiscovery(@TempDir Path dir) throws Exception {
        IllegalStateException e = discoverWithExtraProvider(dir, "org.mmdet4j.registry.NoSuchFactory");
        assertTrue(e.getMessage().startsWith("cannot load the registered components: "), e.getMessage());
        assertTrue(e.getMessage().contains("org.mmdet4j.registry.NoSuchFactory"), e.getMessage());
    }

    @Register(registry = "nekc", name = "Broken")
    public static final class MisspelledRegistry implements ComponentFactory<Object> {
        @Override
        public Schema schema() {
            return Schema.empty();
        }

        @Override
        public Object create(Args args) {
            return new Object();
        }
    }

    /** Runs discovery into fresh registries with one more provider listed by a child class loader. */
    private static IllegalStateException discoverWithExtraProvider(Path dir, String className) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(ComponentFactory.class.getName()), className + "\n");
        Map<String, Registry<Object>> fresh = new LinkedHashMap<>();
        for (Registry<Object> standard : Registries.all()) {
            fresh.put(standard.name(), new Registry<>(standard.name(), Object.class));
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                RegistryDiscoveryTest.class.getClassLoader())) {
            return assertThrows(IllegalStateException.class, () -> ComponentDiscovery.load(loader, fresh));
        }
    }
}
