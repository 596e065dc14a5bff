package org.mmdet4j.data.image;

/** An image file that is missing, truncated or not a JPEG/PNG; the message names the file. */
public class ImageReadException extends RuntimeException {
    public ImageReadException(String message) {
        super(message);
    }

    public ImageReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
