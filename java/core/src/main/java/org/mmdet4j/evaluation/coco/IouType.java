package org.mmdet4j.evaluation.coco;

/** What a detection is compared by: its box or its mask. */
public enum IouType {
    BBOX("bbox"),
    SEGM("segm");

    private final String label;

    IouType(String label) {
        this.label = label;
    }

    /** The name pycocotools and mmdetection use ({@code bbox}, {@code segm}). */
    public String label() {
        return label;
    }

    public static IouType fromLabel(String label) {
        for (IouType t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown IoU type '" + label + "' (expected bbox or segm)");
    }
}
