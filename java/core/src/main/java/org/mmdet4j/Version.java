package org.mmdet4j;

/** mmdet4j's version, as the CLI prints it and checkpoints record it (meta.mmdet4j_version). */
public final class Version {
    /** Kept equal to the version in pom.xml (without -SNAPSHOT). */
    public static final String NUMBER = "0.1.0";

    private Version() {
    }
}
