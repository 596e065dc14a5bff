package org.mmdet4j.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mmdet4j.config.DidYouMean;

/**
 * The standard registries: the seven model registries of mmdetection (BACKBONES, NECKS,
 * ROI_EXTRACTORS, SHARED_HEADS, HEADS, LOSSES, DETECTORS) and those of the data pipeline,
 * training loop and box machinery.
 *
 * <h2>How a component registers itself</h2>
 * <ol>
 *   <li>Write a public class with a public no-argument constructor implementing
 *       {@link ComponentFactory}: {@code schema()} declares the accepted keys with types and
 *       defaults, {@code create(Args)} calls the component's constructor with typed values.</li>
 *   <li>Annotate it {@code @Register(registry = RegistryNames.NECKS, name = "FPN")}.</li>
 *   <li>Add its binary class name (nested classes with {@code $}) as one line to
 *       {@code java/META-INF/services/org.mmdet4j.registry.ComponentFactory}
 *       (test-only components: {@code tests/resources/META-INF/services/...}).</li>
 * </ol>
 * Discovery is {@link ServiceLoader} over that file, run once, lazily, on the first lookup in any
 * of these registries ({@code build}, {@code get}, {@code contains}, {@code names}); there is no
 * classpath scanning. Each provider's {@link Register} annotations are read from its class before
 * it is instantiated. A listed class without the annotation, naming an unknown registry, or taking
 * a name already in use fails discovery with an {@link IllegalStateException} naming the class.
 *
 * <p>Code may also call {@code Registries.NECKS.register("FPN", factory)} directly; names must
 * be unique across both ways.
 *
 * <h2>Native components</h2>
 * Components of the native core register themselves in C++ with their schemas; a
 * {@link ComponentProvider} ({@code org.mmdet4j.models.NativeComponentProvider}) adds them to the
 * registries of the same names the first time one of those is used, each validated against the
 * schema it declares. A name that an annotated factory already took stays with that factory.
 */
public final class Registries {
    private Registries() {
    }

    private static final Map<String, Registry<Object>> BY_NAME = new LinkedHashMap<>();
    private static volatile boolean discovered;
    private static boolean discovering;
    /** Registries whose providers were asked, and the providers that ran. */
    private static final Set<String> providersAsked = ConcurrentHashMap.newKeySet();
    private static final Set<String> providersRun = ConcurrentHashMap.newKeySet();
    /** A failed discovery is reported again on every later lookup rather than half-registered. */
    private static IllegalStateException failure;

    public static final Registry<Object> BACKBONES = create(RegistryNames.BACKBONES);
    public static final Registry<Object> NECKS = create(RegistryNames.NECKS);
    public static final Registry<Object> ROI_EXTRACTORS = create(RegistryNames.ROI_EXTRACTORS);
    public static final Registry<Object> SHARED_HEADS = create(RegistryNames.SHARED_HEADS);
    public static final Registry<Object> HEADS = create(RegistryNames.HEADS);
    public static final Registry<Object> LOSSES = create(RegistryNames.LOSSES);
    public static final Registry<Object> DETECTORS = create(RegistryNames.DETECTORS);
    public static final Registry<Object> DATASETS = create(RegistryNames.DATASETS);
    public static final Registry<Object> TRANSFORMS = create(RegistryNames.TRANSFORMS);
    public static final Registry<Object> HOOKS = create(RegistryNames.HOOKS);
    public static final Registry<Object> OPTIMIZERS = create(RegistryNames.OPTIMIZERS);
    public static final Registry<Object> LR_SCHEDULERS = create(RegistryNames.LR_SCHEDULERS);
    public static final Registry<Object> ASSIGNERS = create(RegistryNames.ASSIGNERS);
    public static final Registry<Object> SAMPLERS = create(RegistryNames.SAMPLERS);
    public static final Registry<Object> BBOX_CODERS = create(RegistryNames.BBOX_CODERS);
    public static final Registry<Object> ANCHOR_GENERATORS = create(RegistryNames.ANCHOR_GENERATORS);
    public static final Registry<Object> NMS = create(RegistryNames.NMS);
    public static final Registry<Object> SETTINGS = create(RegistryNames.SETTINGS);

    /** All standard registries in declaration order. */
    public static List<Registry<Object>> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The registry called {@code name} ({@code "neck"}); an unknown name gets a did-you-mean error. */
    public static Registry<Object> byName(String name) {
        Registry<Object> registry = BY_NAME.get(name);
        if (registry == null) {
            String hint = DidYouMean.hint(name, BY_NAME.keySet());
            throw new IllegalArgumentException("unknown registry '" + name + "'"
                    + (hint.isEmpty() ? "; registries: " + String.join(", ", BY_NAME.keySet()) : hint));
        }
        return registry;
    }

    private static Registry<Object> create(String name) {
        Registry<Object> registry = new Registry<>(name, Object.class, () -> {
            discover();
            provide(name);
        });
        BY_NAME.put(name, registry);
        return registry;
    }

    /** Asks the {@link ComponentProvider}s that serve {@code registryName}, each once. */
    private static void provide(String registryName) {
        if (providersAsked.contains(registryName) || discovering) {
            return;
        }
        synchronized (Registries.class) {
            if (!providersAsked.add(registryName)) {
                return;
            }
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            ServiceLoader<ComponentProvider> providers = ServiceLoader.load(ComponentProvider.class,
                    loader != null ? loader : Registries.class.getClassLoader());
            for (ComponentProvider provider : providers) {
                if (!provider.registries().contains(registryName)
                        || !providersRun.add(provider.getClass().getName())) {
                    continue;
                }
                // A provider serves several registries: they are all marked asked before it runs,
                // so its own lookups do not recurse into it.
                providersAsked.addAll(provider.registries());
                provider.provide(new ComponentProvider.ComponentSink() {
                    @Override
                    public boolean contains(String registry, String name) {
                        return byName(registry).containsWithoutLookup(name);
                    }

                    @Override
                    public void register(String registry, String name, ComponentFactory<?> factory, String origin) {
                        byName(registry).register(name, factory, origin);
                    }
                });
            }
        }
    }

    /** Loads every {@link ComponentFactory} listed for {@link ServiceLoader}, once. */
    static void discover() {
        if (discovered) {
            return;
        }
        synchronized (Registries.class) {
            // A factory's constructor may itself look things up: let that through without recursing.
            if (failure != null) {
                throw failure;
            }
            if (discovered || discovering) {
                return;
            }
            discovering = true;
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                ComponentDiscovery.load(loader != null ? loader : Registries.class.getClassLoader(), BY_NAME);
                discovered = true;
            } catch (IllegalStateException e) {
                failure = e;
                throw e;
            } finally {
                discovering = false;
            }
        }
    }
}
