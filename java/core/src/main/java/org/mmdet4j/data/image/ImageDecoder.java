package org.mmdet4j.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG and PNG files into {@link Image}s laid out like {@code cv2.imread}: HWC, BGR,
 * 8 bits per sample.
 *
 * <p>Decoding uses the JDK's ImageIO. Its JPEG reader is IJG libjpeg with the same integer IDCT,
 * fancy upsampling and YCbCr tables as the libjpeg-turbo inside OpenCV, so baseline JPEGs decode
 * to the same bytes (checked against {@code cv2.imread}; see {@code benchmarks/data/README.md}).
 * Samples are read from the raster, never through {@code getRGB}, so no colour-space or gamma
 * conversion is applied to grey PNGs. Like OpenCV: alpha is dropped under {@link ColorType#COLOR},
 * 16-bit samples keep their high byte, and a palette PNG is expanded through its palette.
 *
 * <p>Unlike OpenCV, which decodes a truncated JPEG with only a warning on stderr, a decoder
 * warning here is an error: a half-grey training image is bad data that should be reported.
 */
public final class ImageDecoder {
    private ImageDecoder() {
    }

    public static Image read(Path file, ColorType colorType) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageReadException("image file not found: " + file);
        } catch (IOException e) {
            throw new ImageReadException("cannot read image file " + file + ": " + e.getMessage(), e);
        }
        return decode(bytes, file.toString(), colorType);
    }

    public static Image decode(byte[] bytes, String name, ColorType colorType) {
        if (bytes.length == 0) {
            throw new ImageReadException("image file is empty (0 bytes): " + name);
        }
        BufferedImage img = readBuffered(bytes, name);
        if (img.getWidth() <= 0 || img.getHeight() <= 0) {
            throw new ImageReadException("image has zero size: " + name);
        }
        Image raw = toImage(img, name);
        return convert(raw, colorType);
    }

    private static BufferedImage readBuffered(byte[] bytes, String name) {
        if (isJpeg(bytes) && !endsWithEoi(bytes)) {
            throw new ImageReadException("truncated JPEG (no end-of-image marker): " + name);
        }
        // A memory-backed stream: ImageIO's default for streams may cache through a temp file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageReadException("not a JPEG or PNG image: " + name);
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new ImageReadException("corrupt image " + name + ": " + warnings.get(0));
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageReadException("corrupt or truncated image " + name + ": " + e.getMessage(), e);
        }
    }

    private static boolean isJpeg(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
    }

    /** A complete JPEG ends with FF D9; trailing zero padding, which some writers add, is allowed. */
    private static boolean endsWithEoi(byte[] b) {
        int end = b.length;
        while (end > 2 && b[end - 1] == 0) {
            end--;
        }
        return end >= 4 && (b[end - 2] & 0xFF) == 0xFF && (b[end - 1] & 0xFF) == 0xD9;
    }

    /** The file's own channels (1 grey, 3 BGR, 4 BGRA), 8 bits each. */
    private static Image toImage(BufferedImage img, String name) {
        int h = img.getHeight();
        int w = img.getWidth();
        switch (img.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR: {
                Raster r = img.getRaster();
                if (r.getDataBuffer() instanceof DataBufferByte db && db.getNumBanks() == 1
                        && db.getData().length == w * h * 3 && r.getParent() == null) {
                    return Image.ofBytes(h, w, 3, db.getData());
                }
                break;
            }
            case BufferedImage.TYPE_4BYTE_ABGR: {
                byte[] abgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
                byte[] out = new byte[w * h * 4];
                for (int i = 0, n = w * h; i < n; i++) {
                    out[4 * i] = abgr[4 * i + 1];
                    out[4 * i + 1] = abgr[4 * i + 2];
                    out[4 * i + 2] = abgr[4 * i + 3];
                    out[4 * i + 3] = abgr[4 * i];
                }
                return Image.ofBytes(h, w, 4, out);
            }
            default:
                break;
        }
        if (img.getColorModel() instanceof IndexColorModel icm) {
            return fromPalette(img, icm);
        }
        return fromSamples(img.getRaster(), name);
    }

    private static Image fromPalette(BufferedImage img, IndexColorModel icm) {
        int h = img.getHeight();
        int w = img.getWidth();
        boolean alpha = icm.hasAlpha();
        int cn = alpha ? 4 : 3;
        byte[] out = new byte[w * h * cn];
        int[] idx = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
        for (int i = 0; i < idx.length; i++) {
            int p = idx[i];
            out[cn * i] = (byte) icm.getBlue(p);
            out[cn * i + 1] = (byte) icm.getGreen(p);
            out[cn * i + 2] = (byte) icm.getRed(p);
            if (alpha) {
                out[cn * i + 3] = (byte) icm.getAlpha(p);
            }
        }
        return Image.ofBytes(h, w, cn, out);
    }

    /** Generic path: raw samples per band (RGB[A] or grey[+alpha]), high byte of 16-bit samples. */
    private static Image fromSamples(Raster r, String name) {
        int h = r.getHeight();
        int w = r.getWidth();
        int bands = r.getNumBands();
        int bits = r.getSampleModel().getSampleSize(0);
        int shift = Math.max(0, bits - 8);
        int cn;
        int[] order;   // output channel c takes band order[c]
        switch (bands) {
            case 1 -> { cn = 1; order = new int[] {0}; }
            case 2 -> { cn = 4; order = new int[] {0, 0, 0, 1}; }   // grey + alpha
            case 3 -> { cn = 3; order = new int[] {2, 1, 0}; }
            case 4 -> { cn = 4; order = new int[] {2, 1, 0, 3}; }
            default -> throw new ImageReadException("unsupported image with " + bands + " bands: " + name);
        }
        byte[] out = new byte[w * h * cn];
        int[] row = new int[w];
        for (int c = 0; c < cn; c++) {
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, order[c], row);
                int o = y * w * cn + c;
                for (int x = 0; x < w; x++) {
                    out[o + x * cn] = (byte) (row[x] >>> shift);
                }
            }
        }
        return Image.ofBytes(h, w, cn, out);
    }

    static Image convert(Image raw, ColorType type) {
        return switch (type) {
            case UNCHANGED -> raw;
            case COLOR -> toBgr(raw);
            case GRAYSCALE -> ColorConvert.bgrToGray(toBgr(raw));
        };
    }

    private static Image toBgr(Image raw) {
        if (raw.channels == 3) {
            return raw;
        }
        int n = raw.height * raw.width;
        byte[] s = raw.u8();
        byte[] out = new byte[n * 3];
        int cn = raw.channels;
        for (int i = 0; i < n; i++) {
            if (cn == 1) {
                out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = s[i];
            } else {
                out[3 * i] = s[cn * i];
                out[3 * i + 1] = s[cn * i + 1];
                out[3 * i + 2] = s[cn * i + 2];
            }
        }
        return Image.ofBytes(raw.height, raw.width, 3, out);
    }
}
