package org.mmdet4j.data.sample;

/** {@code img_norm_cfg}: per-channel mean and std and whether BGR was swapped to RGB. */
public record NormConfig(float[] mean, float[] std, boolean toRgb) {
    /** What {@code DefaultFormatBundle} records when no {@code Normalize} ran. */
    public static NormConfig identity(int channels) {
        float[] ones = new float[channels];
        java.util.Arrays.fill(ones, 1f);
        return new NormConfig(new float[channels], ones, false);
    }
}
