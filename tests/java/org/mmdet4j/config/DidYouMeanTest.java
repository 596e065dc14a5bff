package org.mmdet4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    private static final List<String> NECKS = List.of("FPN", "PAFPN", "NASFPN", "HRFPN", "BFP", "ChannelMapper");

    @Test
    void distanceCountsTranspositionsAsOneEdit() {
        assertEquals(1, DidYouMean.distance("fnp", "fpn"));
        assertEquals(3, DidYouMean.distance("kitten", "sitting"));
        assertEquals(0, DidYouMean.distance("", ""));
        assertEquals(4, DidYouMean.distance("", "abcd"));
    }

    @Test
    void suggestsCloseNamesOnly() {
        assertEquals("; did you mean 'FPN'?", DidYouMean.hint("FNP", NECKS));
        assertEquals("; did you mean 'FPN'?", DidYouMean.hint("fpn", NECKS));
        assertEquals("; did you mean 'FPN' or 'FP'?", DidYouMean.hint("FPM", List.of("FPN", "FP", "PAFPN")));
        assertEquals("; did you mean 'ChannelMapper'?", DidYouMean.hint("ChanelMaper", NECKS));
        assertEquals("", DidYouMean.hint("ResNet", NECKS));
        assertEquals("", DidYouMean.hint("x", List.of()));
        assertEquals(List.of("in_channels"), DidYouMean.closest("in_channel", List.of("in_channels", "out_channels")));
    }
}
