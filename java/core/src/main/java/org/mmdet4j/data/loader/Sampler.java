package org.mmdet4j.data.loader;

/** The order of dataset indices for one epoch (torch's {@code Sampler} with {@code set_epoch}). */
public interface Sampler {
    int[] indices(int epoch);

    /** Number of indices per epoch. */
    int length();
}
