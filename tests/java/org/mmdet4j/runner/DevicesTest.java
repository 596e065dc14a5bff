package org.mmdet4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmdet4j.bindings.NativeException;
import org.mmdet4j.config.Config;
import org.mmdet4j.config.ConfigException;
import org.mmdet4j.models.RetinaNetOverfitTest;

/** The device is a config setting ({@code device}, overridden by {@code --device}), not a global property. */
class DevicesTest {
    @Test
    void theConfigNamesTheDeviceAndCpuIsTheDefault() {
        assertEquals("cpu", Devices.of(Config.of(Map.of())));
        assertEquals("cuda:1", Devices.of(Config.of(Map.of("device", "cuda:1"))));
        ConfigException e = assertThrows(ConfigException.class, () -> Devices.of(Config.of(Map.of("device", "gpu"))));
        assertEquals("device: expected cpu, cuda or cuda:N, got gpu", e.getMessage());
    }

    @Test
    void aModelIsBuiltOnTheConfiguredDevice() {
        Config cfg = Config.of(Map.of("model", RetinaNetOverfitTest.tinyRetinaNet()));
        TrainableModel cpu = TrainSetup.buildModel(cfg);
        assertEquals("cpu", cpu.device());
        // This build's LibTorch has no CUDA: a clear error, not a crash.
        NativeException e = assertThrows(NativeException.class,
                () -> TrainSetup.buildModel(cfg.with("device", "cuda")));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("cuda"), e.getMessage());
    }
}
