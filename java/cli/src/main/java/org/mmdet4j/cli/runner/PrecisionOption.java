package org.mmdet4j.cli.runner;


import picocli.CommandLine.Option;

/**
 * The {@code --precision} option of the commands that run a trained model (a picocli mixin):
 * fp32, or bf16 / fp16 autocast over the network with box decoding, NMS and masks in float32.
 */
public final class PrecisionOption {
    @Option(names = "--precision", paramLabel = "P", defaultValue = "fp32",
            description = "fp32, bf16 (CPU and CUDA) or fp16 (CUDA) for the network (default: ${DEFAULT-VALUE}).")
    String precision = "fp32";

    public String precision() {
        return precision;
    }
}
