package org.mmdet4j.registry;

/**
 * The type of one key a component accepts. Names in error messages are Python's (int, float,
 * str, ...), since that is how configs are written.
 */
public enum ParamType {
    /** A 32-bit integer. */
    INT("int"),
    /** A number; ints are accepted and widened, as in Python. Read as {@code double}. */
    FLOAT("float"),
    BOOL("bool"),
    STR("str"),
    /** A list (or tuple) of any values. */
    LIST("list"),
    INT_LIST("list of int"),
    /** A list of numbers, ints widened to {@code double}. */
    FLOAT_LIST("list of float"),
    STR_LIST("list of str"),
    /** A nested dict kept as a {@link org.mmdet4j.config.ConfigDict} (e.g. {@code norm_cfg}). */
    DICT("dict"),
    /** Any value; the factory checks it itself. */
    ANY("any value"),
    /** A dict with a {@code type}, built by the param's registry before {@code create} runs. */
    COMPONENT("component dict"),
    /** A list of component dicts, each built by the param's registry. */
    COMPONENT_LIST("list of component dicts"),
    /**
     * One component dict or a list of them applied in order (mmdetection's
     * {@code neck=[FPN, BFP]}): the built object, or a {@code List} of them.
     */
    COMPONENTS("component dict or list of component dicts");

    private final String display;

    ParamType(String display) {
        this.display = display;
    }

    /** The name used in error messages. */
    public String display() {
        return display;
    }
}
