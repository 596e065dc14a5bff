package org.mmdet4j.registry;

import java.util.List;
import java.util.Objects;

/**
 * One key a component accepts: its name, type, whether it is required, its default, whether
 * {@code None} is allowed, the registry that builds it (components only) and, for enumerated
 * values, the allowed choices. Built through {@link Schema.Builder}.
 *
 * @param name         the key
 * @param type         the value's type
 * @param required     whether the config must give it
 * @param defaultValue the frozen default for optional keys (a config value or null)
 * @param nullable     whether {@code None} is accepted
 * @param registry     builds {@link ParamType#COMPONENT} and {@link ParamType#COMPONENT_LIST} values
 * @param choices      allowed values, empty when any value of the type is allowed
 */
public record Param(String name, ParamType type, boolean required, Object defaultValue, boolean nullable,
                    Registry<?> registry, List<Object> choices) {
    public Param {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = List.copyOf(choices);
        boolean isComponent = type == ParamType.COMPONENT || type == ParamType.COMPONENT_LIST
                || type == ParamType.COMPONENTS;
        if (isComponent != (registry != null)) {
            throw new IllegalArgumentException("param '" + name + "': component params need a registry, "
                    + "and only they");
        }
    }
}
