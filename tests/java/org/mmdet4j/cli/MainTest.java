package org.mmdet4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Main registers only the sub-command that runs, under the name its annotation gives. */
class MainTest {
    @Test
    void keysAreTheAnnotatedNames() {
        for (Map.Entry<String, Supplier<Object>> e : Main.subcommands().entrySet()) {
            Object command = e.getValue().get();
            String annotated = command.getClass().getAnnotation(CommandLine.Command.class).name();
            assertEquals(annotated, e.getKey());
        }
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneRegistered() {
        CommandLine cli = Main.commandLineFor(new String[] {"--debug", "eval", "--ann", "a.json"});
        assertEquals(List.of("eval"), List.copyOf(cli.getSubcommands().keySet()));
    }

    @Test
    void withoutAKnownSubcommandAllAreRegistered() {
        assertEquals(List.copyOf(Main.subcommands().keySet()),
                List.copyOf(Main.commandLineFor(new String[] {"--help"}).getSubcommands().keySet()));
        assertEquals(Main.subcommands().size(),
                Main.commandLineFor(new String[] {"evl"}).getSubcommands().size());
        assertNull(Main.subcommandName(new String[] {"-V"}));
    }
}
