package org.mmdet4j.evaluation.coco;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Parses a large results array in pieces, on all cores. The array is cut at guessed element
 * boundaries (a '{' that follows "}," up to whitespace) and every piece is parsed from its cut,
 * speculatively. A piece counts only when the piece before it, itself parsed from a true element
 * boundary, arrives at the cut exactly as the start of its next array element; a parser that meets
 * a cut any other way parses on to a later cut or the end. A wrong guess therefore costs work,
 * never a wrong result. Any error gives up ({@code null}): the caller then parses from the start,
 * which names the first bad entry as usual.
 */
final class ResultsPieces {
    /** Smaller pieces do not repay their set-up and cut search. */
    static final int MIN_PIECE_BYTES = 1 << 20;
    // More pieces than cores, so that a core busy with other work (the annotation file is read at
    // the same time) does not hold up the rest.
    private static final int PIECES_PER_CORE = 4;
    private static final byte[] OPEN_ARRAY = {'['};

    private ResultsPieces() {
    }

    /** The detections of {@code json}, or null when it is too small to split or a piece failed. */
    static CocoDetections.Builder parse(String source, byte[] json) {
        int cores = Runtime.getRuntime().availableProcessors();
        int pieces = Math.min(json.length / MIN_PIECE_BYTES, PIECES_PER_CORE * cores);
        return cores < 2 ? null : parse(source, json, pieces);
    }

    /** As {@link #parse(String, byte[])} with the number of pieces given. */
    static CocoDetections.Builder parse(String source, byte[] json, int pieces) {
        if (pieces < 2) {
            return null;
        }
        int[] cuts = cuts(json, pieces);
        Piece[] parsed = new Piece[cuts.length + 1];
        IntStream.range(0, parsed.length).parallel()
                .forEach(i -> parsed[i] = Piece.parse(source, json, cuts, i));
        // Follow the chain from the first piece: each names the cut where the next valid one starts.
        CocoDetections.Builder all = new CocoDetections.Builder(source);
        int i = 0;
        while (true) {
            Piece p = parsed[i];
            if (p.detections == null) {
                return null;
            }
            all.addAll(p.detections);
            if (p.endCut < 0) {
                return all;
            }
            i = p.endCut + 1;
        }
    }

    /** Increasing guessed element starts, at most {@code pieces - 1}. */
    static int[] cuts(byte[] json, int pieces) {
        int[] cuts = new int[pieces - 1];
        int n = 0;
        int from = 0;
        for (int k = 1; k < pieces; k++) {
            int guess = Math.max(from, (int) ((long) k * json.length / pieces));
            int cut = nextElementStart(json, guess);
            if (cut < 0) {
                break;
            }
            cuts[n++] = cut;
            from = cut + 1;
        }
        return Arrays.copyOf(cuts, n);
    }

    /** The first '{' at or after {@code from} preceded by '}' and ',' (whitespace between); -1 if none. */
    static int nextElementStart(byte[] json, int from) {
        for (int i = Math.max(from, 1); i < json.length; i++) {
            if (json[i] != '{') {
                continue;
            }
            int j = skipWhitespaceBack(json, i - 1);
            if (j < 0 || json[j] != ',') {
                continue;
            }
            j = skipWhitespaceBack(json, j - 1);
            if (j >= 0 && json[j] == '}') {
                return i;
            }
        }
        return -1;
    }

    private static int skipWhitespaceBack(byte[] json, int i) {
        while (i >= 0 && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) {
            i--;
        }
        return i;
    }

    /** One piece: its detections (null if parsing failed) and where it stopped. */
    private static final class Piece {
        CocoDetections.Builder detections;
        /** The index of the cut at which the next array element starts, or -1: the array ended. */
        int endCut = -1;

        /** Piece {@code i} starts at the file's start ({@code i == 0}) or at {@code cuts[i - 1]}. */
        static Piece parse(String source, byte[] json, int[] cuts, int i) {
            Piece piece = new Piece();
            int start = i == 0 ? 0 : cuts[i - 1];
            // A piece after a cut is parsed as "[" + the rest of the file: a well-formed array
            // when the cut is an element start.
            long base = i == 0 ? 0 : start - OPEN_ARRAY.length;
            CocoDetections.Builder b = new CocoDetections.Builder(source);
            try (JsonParser p = i == 0 ? JsonValues.FACTORY.createParser(json)
                    : JsonValues.FACTORY.createParser(new SequenceInputStream(
                            new ByteArrayInputStream(OPEN_ARRAY),
                            new ByteArrayInputStream(json, start, json.length - start)))) {
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    return piece;
                }
                int nextCut = i;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    long at = base + p.currentTokenLocation().getByteOffset();
                    while (nextCut < cuts.length && cuts[nextCut] < at) {
                        nextCut++;
                    }
                    if (nextCut < cuts.length && cuts[nextCut] == at) {
                        piece.endCut = nextCut;
                        piece.detections = b;
                        return piece;
                    }
                    CocoResultsReader.readDetection(p, b);
                }
                CocoResultsReader.expectEnd(p);
                piece.detections = b;
            } catch (IOException | RuntimeException e) {
                // Speculative: a piece from a wrong cut fails often; a real error is found again
                // by the parse from the start.
                piece.detections = null;
            }
            return piece;
        }
    }
}
