package org.mmdet4j.api;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.imageio.ImageIO;
import org.mmdet4j.config.Config;
import org.mmdet4j.data.image.Image;
import org.mmdet4j.data.loader.Collate;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.sample.Sample;
import org.mmdet4j.data.transforms.Compose;
import org.mmdet4j.data.transforms.LoadImageFromFile;
import org.mmdet4j.data.transforms.Pipelines;
import org.mmdet4j.data.transforms.Transform;
import org.mmdet4j.runner.Detections;
import org.mmdet4j.runner.TestSetup;
import org.mmdet4j.runner.TrainableModel;

/**
 * A trained detector for applications: the config's test pipeline and model, with a checkpoint's
 * weights, in evaluation mode.
 *
 * <pre>{@code
 * try (Detector detector = Detector.fromConfig(Path.of("configs/retinanet/retinanet_r18_fpn_shapes.yaml"),
 *                                              Path.of("work_dirs/demo/latest.pth"))) {
 *     for (Detection d : detector.detect(Path.of("photo.jpg"))) {
 *         System.out.printf("%s %.2f at (%.0f, %.0f, %.0f, %.0f)%n", d.className(), d.score(),
 *                 d.x1(), d.y1(), d.x2(), d.y2());
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #detect} may run on many threads at once (each call has its own sample
 * and batch; the native model predicts concurrently in evaluation mode). {@link #close} waits for
 * running calls and frees the native model; later calls throw {@link IllegalStateException}.
 * Detections with a score below the config's {@code test_cfg.score_thr} are not returned. A model
 * with a mask head (Mask R-CNN) also returns each object's pixels as {@link Detection#mask()}.
 */
public final class Detector implements AutoCloseable {
    private final TrainableModel model;
    private final Compose pipeline;
    private final List<Transform> afterLoading;
    private final List<String> classes;
    /** Read lock per detect call, write lock to close: close never frees the model under a call. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private Detector(TrainableModel model, Compose pipeline, List<String> classes) {
        this.model = model;
        this.pipeline = pipeline;
        this.classes = classes;
        List<Transform> steps = pipeline.transforms();
        if (steps.isEmpty() || !(steps.get(0) instanceof LoadImageFromFile)) {
            throw new IllegalArgumentException("data.test.pipeline must start with LoadImageFromFile");
        }
        this.afterLoading = List.copyOf(steps.subList(1, steps.size()));
    }

    /** The detector of {@code config} (any config syntax) with the weights of {@code checkpoint}. */
    public static Detector fromConfig(Path config, Path checkpoint) {
        return fromConfig(Config.fromFile(config), checkpoint);
    }

    /**
     * The detector of {@code config} with the weights of {@code checkpoint}, on {@code device}
     * (cpu, cuda or cuda:N; the config's own {@code device} when null).
     */
    public static Detector fromConfig(Path config, Path checkpoint, String device) {
        return fromConfig(config, checkpoint, device, "fp32");
    }

    /**
     * The detector of {@code config} with the weights of {@code checkpoint}, on {@code device}
     * (the config's own when null), computing in {@code precision}: "fp32", "bf16" (bfloat16
     * autocast, CPU and CUDA) or "fp16" (CUDA). Reduced precision runs the network's layers in
     * that dtype; boxes are decoded, NMS'd and masks pasted in float32.
     */
    public static Detector fromConfig(Path config, Path checkpoint, String device, String precision) {
        Config cfg = Config.fromFile(config);
        return fromConfig(device == null ? cfg : cfg.with("device", device), checkpoint, precision);
    }

    /**
     * The detector of an already loaded config with the weights of {@code checkpoint}, on the
     * config's {@code device} (default cpu).
     */
    public static Detector fromConfig(Config cfg, Path checkpoint) {
        return fromConfig(cfg, checkpoint, "fp32");
    }

    /** As {@link #fromConfig(Path, Path, String, String)}, for an already loaded config. */
    public static Detector fromConfig(Config cfg, Path checkpoint, String precision) {
        if (!cfg.has("data.test.pipeline")) {
            throw new IllegalArgumentException("the config has no data.test.pipeline");
        }
        Compose pipeline = Pipelines.build((List<?>) cfg.at("data.test.pipeline"), "data.test.pipeline");
        TestSetup.Loaded loaded = TestSetup.load(cfg, checkpoint, precision);
        List<String> classes = TestSetup.classes(cfg, loaded.meta(), TestSetup.numClasses(cfg.getDict("model")));
        return new Detector(loaded.model(), pipeline, classes);
    }

    /** The class names, indexed by {@link Detection#label()}. */
    public List<String> classes() {
        return classes;
    }

    /** Detections in a JPEG or PNG file, highest score first. */
    public List<Detection> detect(Path image) {
        Sample s = new Sample(0, new DataInfo("0", image.toString(), 0, 0, null), null);
        return run(() -> pipeline.apply(s, new Random(0)));
    }

    /** Detections in an image of any {@link BufferedImage} type, highest score first. */
    public List<Detection> detect(BufferedImage image) {
        return run(() -> sampleOf(image));
    }

    /**
     * Detections in an encoded image (JPEG, PNG, BMP or GIF: what {@link ImageIO} reads), highest
     * score first. The pixels are ImageIO's, so a JPEG may differ from {@link #detect(Path)}'s
     * decoding in the last bit of some pixels.
     */
    public List<Detection> detect(byte[] encoded) {
        return detect(decode(new ByteArrayInputStream(encoded), encoded.length + " bytes"));
    }

    /** Detections in an encoded image read from {@code in} (not closed), as {@link #detect(byte[])}. */
    public List<Detection> detect(InputStream in) {
        return detect(decode(in, "the stream"));
    }

    /**
     * Detections in several images at once, one list per image in their order, each highest
     * score first. The images form one batch, each padded to the largest (as in testing with
     * {@code samples_per_gpu} above 1): fewer native calls, which pays on a GPU.
     */
    public List<List<Detection>> detect(List<BufferedImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        lock.readLock().lock();
        try {
            checkOpen();
            List<Sample> samples = new ArrayList<>(images.size());
            for (BufferedImage image : images) {
                samples.add(sampleOf(image));
            }
            List<List<Detection>> out = new ArrayList<>(images.size());
            for (Detections d : model.predict(Collate.collate(samples, 32))) {
                out.add(toDetections(d));
            }
            return List.copyOf(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    private static BufferedImage decode(InputStream in, String what) {
        BufferedImage image;
        try {
            image = ImageIO.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read an image from " + what + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IllegalArgumentException("cannot read an image from " + what
                    + ": not a format ImageIO knows (JPEG, PNG, BMP, GIF)");
        }
        return image;
    }

    /** The sample of an in-memory image after the test pipeline. */
    private Sample sampleOf(BufferedImage image) {
        Sample s = new Sample(0, new DataInfo("0", "<image>", image.getWidth(), image.getHeight(), null), null);
        Image img = toBgr(image);
        // What LoadImageFromFile sets, for pixels that are already in memory.
        s.filename = "<image>";
        s.oriFilename = "<image>";
        s.img = img;
        s.imgShape = img.shape();
        s.oriShape = img.shape();
        s.padShape = img.shape();
        s.scaleFactor = new float[] {1f, 1f, 1f, 1f};
        Random rng = new Random(0);
        for (Transform t : afterLoading) {
            s = t.apply(s, rng);
        }
        return s;
    }

    private interface SampleSource {
        Sample get();
    }

    private List<Detection> run(SampleSource source) {
        lock.readLock().lock();
        try {
            checkOpen();
            Sample s = source.get();
            Detections d = model.predict(Collate.collate(List.of(s), 32)).get(0);
            return toDetections(d);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("detector is closed");
        }
    }

    private List<Detection> toDetections(Detections d) {
        List<Detection> out = new ArrayList<>(Detection.listOf(d, classes));
        out.sort((x, y) -> Float.compare(y.score(), x.score()));
        return List.copyOf(out);
    }

    /** Whether detections come with their {@link Detection#mask() masks} (a model with a mask head). */
    public boolean hasMasks() {
        return model.predictsMasks();
    }

    /** HWC BGR bytes, the layout LoadImageFromFile produces (OpenCV's). */
    static Image toBgr(BufferedImage image) {
        // Always redrawn: a sub-image shares (and offsets into) its parent's buffer.
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        var g = bgr.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        // TYPE_3BYTE_BGR stores each pixel as the bytes B, G, R, row by row.
        byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        return Image.ofBytes(bgr.getHeight(), bgr.getWidth(), 3, pixels);
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (model instanceof AutoCloseable c) {
                c.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot free the native model: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
