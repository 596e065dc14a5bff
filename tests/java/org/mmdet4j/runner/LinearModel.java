package org.mmdet4j.runner;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.mmdet4j.data.loader.Batch;

/**
 * A pure-Java {@link TrainableModel} for runner tests: linear regression {@code y = w.x + b}
 * trained by torch-style SGD (momentum buffer starts at the first gradient, weight decay on
 * {@code w} only), two parameter groups ({@code w}, and {@code b} with {@code bias_lr_mult}).
 * Losses: {@code loss_mse} (mean squared error) and {@code loss_reg} ({@code 1e-3 * |w|^2}).
 * Features come from {@link Batch#images} (N x 1 x 1 x D), targets from the first value of each
 * image's {@code gtBboxes}.
 *
 * <p>Checkpoint format: magic, weights, optional momentum buffers, meta, optional padding (to make
 * writes slow in the kill test), then a CRC32 of everything before it; a truncated or altered file
 * fails to load.
 */
final class LinearModel implements TrainableModel {
    private static final int MAGIC = 0x4C524D31;

    final double[] w;
    double b;
    private final double[] bufW;
    private double bufB;
    private boolean hasBuf;
    private OptimizerConfig opt = OptimizerConfig.sgd(0.01, 0.9, 1e-4);
    private GradClip clip;
    private double[] lrs;
    private double momentum;
    boolean training;
    /** Every learning-rate array set, in order (one per training iteration in LR tests). */
    final List<double[]> lrHistory = new ArrayList<>();
    /** The learning rates each training step used, in order. */
    final List<double[]> usedLrs = new ArrayList<>();
    int paddingChunks;
    int paddingChunkBytes = 1 << 18;
    long sleepPerChunkMillis;

    LinearModel(int dim) {
        w = new double[dim];
        bufW = new double[dim];
        lrs = initialLearningRates();
    }

    @Override
    public void configureOptimizer(OptimizerConfig config) {
        opt = config;
        momentum = config.momentum();
        lrs = initialLearningRates();
    }

    @Override
    public void setGradClip(GradClip clip) {
        this.clip = clip;
    }

    @Override
    public double[] initialLearningRates() {
        return new double[] {opt.lr(), opt.lr() * opt.biasLrMult()};
    }

    @Override
    public void setLearningRates(double[] perParamGroup) {
        lrs = perParamGroup.clone();
        lrHistory.add(perParamGroup.clone());
    }

    @Override
    public void setMomentum(double m) {
        momentum = m;
    }

    @Override
    public void trainMode() {
        training = true;
    }

    @Override
    public void evalMode() {
        training = false;
    }

    private double predictOne(Batch batch, int i) {
        int d = w.length;
        double y = b;
        for (int j = 0; j < d; j++) {
            y += w[j] * batch.images[i * d + j];
        }
        return y;
    }

    private Map<String, Double> losses(Batch batch, double[] gw, double[] gb) {
        int d = w.length;
        double mse = 0;
        for (int i = 0; i < batch.n; i++) {
            double r = predictOne(batch, i) - batch.gtBboxes.get(i)[0];
            mse += r * r / batch.n;
            if (gw != null) {
                for (int j = 0; j < d; j++) {
                    gw[j] += 2 * r * batch.images[i * d + j] / batch.n;
                }
                gb[0] += 2 * r / batch.n;
            }
        }
        double reg = 0;
        for (int j = 0; j < d; j++) {
            reg += 1e-3 * w[j] * w[j];
            if (gw != null) {
                gw[j] += 2e-3 * w[j];
            }
        }
        Map<String, Double> l = new LinkedHashMap<>();
        l.put("loss_mse", mse);
        l.put("loss_reg", reg);
        return l;
    }

    @Override
    public StepOutput trainStep(Batch batch) {
        usedLrs.add(lrs.clone());
        double[] gw = new double[w.length];
        double[] gb = new double[1];
        Map<String, Double> l = losses(batch, gw, gb);
        double total = l.get("loss_mse") + l.get("loss_reg");
        double sq = gb[0] * gb[0];
        for (double g : gw) {
            sq += g * g;
        }
        double norm = Math.sqrt(sq);
        if (!Double.isFinite(total) || !Double.isFinite(norm)) {
            return new StepOutput(l, total, norm, batch.n, false);
        }
        if (clip != null && norm > clip.maxNorm()) {
            double s = clip.maxNorm() / (norm + 1e-6);
            for (int j = 0; j < gw.length; j++) {
                gw[j] *= s;
            }
            gb[0] *= s;
        }
        for (int j = 0; j < w.length; j++) {
            double g = gw[j] + opt.weightDecay() * w[j];
            bufW[j] = hasBuf ? momentum * bufW[j] + g : g;
            w[j] -= lrs[0] * bufW[j];
        }
        bufB = hasBuf ? momentum * bufB + gb[0] : gb[0];
        b -= lrs[1] * bufB;
        hasBuf = true;
        return new StepOutput(l, total, norm, batch.n, true);
    }

    @Override
    public StepOutput valStep(Batch batch) {
        Map<String, Double> l = losses(batch, null, null);
        return new StepOutput(l, l.get("loss_mse") + l.get("loss_reg"), Double.NaN, batch.n, false);
    }

    @Override
    public List<Detections> predict(Batch batch) {
        List<Detections> out = new ArrayList<>();
        for (int i = 0; i < batch.n; i++) {
            float y = (float) predictOne(batch, i);
            out.add(new Detections(new float[] {0, 0, 1, 1}, new float[] {y}, new int[] {0}));
        }
        return out;
    }

    @Override
    public void saveCheckpoint(Path file, boolean includeOptimizer, String metaJson) {
        try (OutputStream raw = Files.newOutputStream(file)) {
            CRC32 crc = new CRC32();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(head);
            out.writeInt(MAGIC);
            out.writeInt(w.length);
            for (double v : w) {
                out.writeDouble(v);
            }
            out.writeDouble(b);
            out.writeBoolean(includeOptimizer);
            if (includeOptimizer) {
                out.writeBoolean(hasBuf);
                for (double v : bufW) {
                    out.writeDouble(v);
                }
                out.writeDouble(bufB);
            }
            byte[] meta = metaJson.getBytes(StandardCharsets.UTF_8);
            out.writeInt(meta.length);
            out.write(meta);
            out.writeInt(paddingChunks);
            out.writeInt(paddingChunkBytes);
            out.flush();
            byte[] h = head.toByteArray();
            crc.update(h);
            raw.write(h);
            byte[] chunk = new byte[paddingChunkBytes];
            for (int c = 0; c < paddingChunks; c++) {
                java.util.Arrays.fill(chunk, (byte) c);
                crc.update(chunk);
                raw.write(chunk);
                raw.flush();
                if (sleepPerChunkMillis > 0) {
                    Thread.sleep(sleepPerChunkMillis);
                }
            }
            new DataOutputStream(raw).writeLong(crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String loadCheckpoint(Path file, boolean includeOptimizer) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (all.length < 8) {
            throw new IllegalArgumentException(file + " is truncated");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(file + " is corrupt or truncated (checksum mismatch)");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all))) {
            if (in.readInt() != MAGIC || in.readInt() != w.length) {
                throw new IllegalArgumentException(file + " is not a checkpoint of this model");
            }
            for (int j = 0; j < w.length; j++) {
                w[j] = in.readDouble();
            }
            b = in.readDouble();
            boolean hasOpt = in.readBoolean();
            if (hasOpt) {
                boolean hb = in.readBoolean();
                double[] bw = new double[w.length];
                for (int j = 0; j < w.length; j++) {
                    bw[j] = in.readDouble();
                }
                double bb = in.readDouble();
                if (includeOptimizer) {
                    hasBuf = hb;
                    System.arraycopy(bw, 0, bufW, 0, w.length);
                    bufB = bb;
                }
            } else if (includeOptimizer) {
                throw new IllegalArgumentException(file + " has no optimizer state");
            }
            byte[] meta = new byte[in.readInt()];
            in.readFully(meta);
            return new String(meta, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Weights as one array: w then b. */
    double[] weights() {
        double[] all = java.util.Arrays.copyOf(w, w.length + 1);
        all[w.length] = b;
        return all;
    }
}
