package org.mmdet4j.data.convert;

/** How {@code coco2voc} puts the images into {@code OUT/JPEGImages/}. */
public enum ImageMode {
    /** Copies: the VOC folder stands alone (the default). */
    copy,
    /** Symbolic links to the absolute image paths: no second copy of a large dataset. */
    symlink,
    /** Annotations only: the images are already in {@code OUT/JPEGImages/} or are put there by hand. */
    none
}
