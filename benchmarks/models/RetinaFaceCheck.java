// The mmdet4j side of benchmarks/models/retinaface_check.py: run by `java -cp CLASSPATH RetinaFaceCheck.java ...`
// (a single-file program) on the compiled Java bindings.
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mmdet4j.bindings.NativeDetector;
import org.mmdet4j.bindings.NativeImagePredictions;
import org.mmdet4j.bindings.NativeTensor;

// args: OPTIONS_JSON CHECKPOINT DIR H W [H W ...]; reads DIR/image_HxW.f32, writes DIR/native_HxW_{boxes,scores,keypoints}.f32
public class RetinaFaceCheck {
    public static void main(String[] a) throws Exception {
        NativeDetector detector = new NativeDetector(Files.readString(Path.of(a[0])));
        System.out.println("mmdet4j load: " + detector.loadWeights(a[1], true).strip());
        detector.setTraining(false);
        Path dir = Path.of(a[2]);
        for (int k = 3; k + 1 < a.length; k += 2) {
            int h = Integer.parseInt(a[k]), w = Integer.parseInt(a[k + 1]);
            String tag = h + "x" + w;
            float[] image = new float[3 * h * w];
            ByteBuffer.wrap(Files.readAllBytes(dir.resolve("image_" + tag + ".f32"))).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(image);
            NativeTensor images = NativeTensor.fromFloat32(image, new long[] {1, 3, h, w}, 4);
            NativeTensor sizes = NativeTensor.fromInt64(new long[] {h, w}, new long[] {1, 2}, 2);
            NativeImagePredictions p = detector.predict(images, sizes, new NativeTensor(), new NativeTensor()).image(0);
            write(dir.resolve("native_" + tag + "_boxes.f32"), p.boxes());
            write(dir.resolve("native_" + tag + "_scores.f32"), p.scores());
            write(dir.resolve("native_" + tag + "_keypoints.f32"), p.keypoints());
        }
    }

    static void write(Path path, NativeTensor t) throws Exception {
        int n = t.defined() ? (int) t.numel() : 0;
        float[] v = new float[n];
        if (n > 0) t.copyToFloat32(v, n);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Files.write(path, b.array());
    }
}
