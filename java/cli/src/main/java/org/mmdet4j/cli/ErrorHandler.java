package org.mmdet4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns what goes wrong into one clear line on stderr: an exception escaping a command gives
 * exit code 1, bad usage (unknown command or option, missing argument) exit code 2 with a pointer
 * to {@code --help}. The stack trace is printed only with {@code mmdet4j --debug ...} or when the
 * environment variable {@code MMDET4J_DEBUG} is set.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        cmd.getErr().println("error: " + oneLine(ex));
        if (debug(parsed)) {
            ex.printStackTrace(cmd.getErr());
        }
        return 1;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("error: " + oneLine(ex) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return 2;
    }

    /**
     * The first line of the message; native errors (e.g. a strict checkpoint load) may append a
     * long report, which {@code --debug} shows in full with the stack trace.
     */
    static String oneLine(Throwable ex) {
        String message = ex.getMessage() != null ? ex.getMessage().strip() : ex.getClass().getSimpleName();
        int nl = message.indexOf('\n');
        if (nl < 0) {
            return message;
        }
        long more = message.lines().count() - 1;
        return message.substring(0, nl).strip() + " (" + more + " more lines with --debug)";
    }

    private static boolean debug(ParseResult parsed) {
        if (System.getenv("MMDET4J_DEBUG") != null) {
            return true;
        }
        ParseResult root = parsed;
        while (root != null && root.commandSpec().parent() != null) {
            root = root.commandSpec().parent().commandLine().getParseResult();
        }
        return root != null && root.hasMatchedOption("--debug");
    }
}
