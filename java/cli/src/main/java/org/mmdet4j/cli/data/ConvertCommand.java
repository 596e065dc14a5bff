package org.mmdet4j.cli.data;


import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mmdet4j convert voc2coco|coco2voc}: annotation converters between Pascal VOC and COCO,
 * mmdetection's {@code tools/dataset_converters/pascal_voc.py} and its reverse.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert annotations between Pascal VOC and COCO.",
        subcommands = {Voc2CocoCommand.class, Coco2VocCommand.class})
public final class ConvertCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command: voc2coco or coco2voc");
    }
}
