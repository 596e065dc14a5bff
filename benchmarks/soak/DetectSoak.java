import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.mmdet4j.api.Detector;

/**
 * The inference half of the soak benchmark: CALLS Detector.detect calls over the images of a
 * folder from THREADS threads, printing this process's resident memory every EVERY calls in the
 * format memory_slope.py reads. Run by run.sh with the library's class path:
 *
 *   java -cp CLASSPATH DetectSoak.java CONFIG CHECKPOINT IMAGE_DIR CALLS THREADS EVERY
 */
public final class DetectSoak {
    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path checkpoint = Path.of(args[1]);
        List<Path> images;
        try (Stream<Path> files = Files.list(Path.of(args[2]))) {
            images = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        int calls = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int every = Integer.parseInt(args[5]);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        try (Detector detector = Detector.fromConfig(config, checkpoint)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                        detector.detect(images.get(i % images.size()));
                        int n = done.incrementAndGet();
                        if (n % every == 0) {
                            System.out.printf("Calls [%d] current_process_memory: %d MB, elapsed: %.1f s%n", n,
                                    residentMiB(), (System.nanoTime() - start) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            for (var w : workers) {
                w.get();  // rethrows a worker's failure
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static long residentMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
            }
        }
        return -1;
    }
}
