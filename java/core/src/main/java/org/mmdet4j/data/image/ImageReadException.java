package org.mmdet4j.data.image;

import org.mmdet4j.Mmdet4jException;

/** An image file that is missing, truncated or not a JPEG/PNG; the message names the file. */
public class ImageReadException extends Mmdet4jException {
    public ImageReadException(String message) {
        super(message);
    }

    public ImageReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
