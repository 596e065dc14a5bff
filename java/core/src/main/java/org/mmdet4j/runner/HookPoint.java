package org.mmdet4j.runner;

/**
 * Where the runner calls its hooks. With {@link Runner#mode()} these are mmcv's fourteen hook
 * points: {@code before_train_epoch} is {@link #BEFORE_EPOCH} while the mode is
 * {@link Mode#TRAIN}, and so on; {@code before_run}/{@code after_run} have no mode variant.
 */
public enum HookPoint {
    BEFORE_RUN, AFTER_RUN, BEFORE_EPOCH, AFTER_EPOCH, BEFORE_ITER, AFTER_ITER;

    /** mmcv's method name at this point in {@code mode}, such as {@code after_train_iter}. */
    public String mmcvName(Mode mode) {
        String[] parts = name().toLowerCase(java.util.Locale.ROOT).split("_");
        if (this == BEFORE_RUN || this == AFTER_RUN) {
            return parts[0] + "_run";
        }
        return parts[0] + "_" + mode.label() + "_" + parts[1];
    }
}
