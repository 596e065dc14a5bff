package org.mmdet4j.cli.registry;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mmdet4j.config.ConfigValues;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.Param;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j list-components [REGISTRY]}: every registered component with the keys it accepts,
 * their types, defaults and docs, as printing mmdetection's registries shows them. Native
 * components show the schemas they declare in C++, Java ones their factories' schemas.
 */
@Command(name = "list-components", mixinStandardHelpOptions = true,
        description = "List the registered components and the keys each accepts.")
public final class ListComponentsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY",
            description = "Only this registry (backbone, neck, head, loss, detector, dataset, transform, hook, ...).")
    String registry;

    @Override
    public Integer call() {
        List<Registry<Object>> registries = registry == null ? Registries.all() : List.of(Registries.byName(registry));
        PrintWriter out = spec.commandLine().getOut();
        for (Registry<Object> r : registries) {
            print(r, out);
        }
        out.flush();
        return 0;
    }

    static void print(Registry<?> registry, PrintWriter out) {
        out.println("registry '" + registry.name() + "'");
        for (String name : registry.names()) {
            ComponentFactory<?> factory = registry.get(name);
            out.println("  " + name + (factory.doc().isEmpty() ? "" : "  -- " + factory.doc()));
            Map<String, String> docs = factory.keyDocs();
            for (Param p : factory.schema().params().values()) {
                String doc = docs.getOrDefault(p.name(), "");
                out.printf("      %-24s %-22s %s%s%n", p.name(), type(p), value(p), doc.isEmpty() ? "" : "  " + doc);
            }
            if (factory.schema().allowsExtraKeys()) {
                out.printf("      %-24s%n", "**kwargs");
            }
        }
    }

    private static String type(Param p) {
        if (!p.choices().isEmpty()) {
            return "one of " + p.choices().stream().map(ConfigValues::brief).toList();
        }
        return p.registry() != null ? p.type().display() + " (" + p.registry().name() + ")" : p.type().display();
    }

    private static String value(Param p) {
        if (p.required()) {
            return "required";
        }
        return "= " + (p.defaultValue() == null ? "None" : ConfigValues.brief(p.defaultValue()));
    }
}
