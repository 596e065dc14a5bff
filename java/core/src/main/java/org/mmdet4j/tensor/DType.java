package org.mmdet4j.tensor;

/** Element types exchanged with the native core; codes match {@code mmdet4j::api::DType}. */
public enum DType {
    FLOAT32(0), FLOAT64(1), INT64(2), INT32(3), UINT8(4);

    private final int code;

    DType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static DType fromCode(int code) {
        for (DType d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dtype code " + code);
    }
}
