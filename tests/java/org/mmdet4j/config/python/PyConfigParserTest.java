package org.mmdet4j.config.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmdet4j.config.ConfigException;

class PyConfigParserTest {
    private static final Path FILE = Path.of("cfg.py");

    private static Map<String, Object> parse(String src) {
        return PyConfigParser.parseFile(src, FILE);
    }

    private static String error(String src) {
        return assertThrows(ConfigException.class, () -> parse(src)).getMessage();
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void literalsAndArithmetic() {
        Map<String, Object> cfg = parse("""
                '''Module docstring.'''
                a = 1_000; b = -2 ** 2; c = 7 // 2; d = -7 % 3; e = 1 / 4; f = .5e1; g = 0x1F; h = 2 ** -1
                s = 'ab' "cd" + r'\\n' + '\\t'
                t = (1,); u = (); v = (1 + 2) * 3; w = [0.1] * 3 + [1]
                x = True; y = None; z = {'k': 1, **{'j': 2}}
                """);
        assertEquals(1000L, cfg.get("a"));
        assertEquals(-4L, cfg.get("b"), "** binds tighter than unary minus");
        assertEquals(3L, cfg.get("c"));
        assertEquals(2L, cfg.get("d"), "Python's modulo takes the divisor's sign");
        assertEquals(0.25, cfg.get("e"));
        assertEquals(5.0, cfg.get("f"));
        assertEquals(31L, cfg.get("g"));
        assertEquals(0.5, cfg.get("h"));
        assertEquals("abcd\\n\t", cfg.get("s"));
        assertEquals(List.of(1L), cfg.get("t"));
        assertEquals(List.of(), cfg.get("u"));
        assertEquals(9L, cfg.get("v"));
        assertEquals(List.of(0.1, 0.1, 0.1, 1L), cfg.get("w"));
        assertEquals(true, cfg.get("x"));
        assertEquals(null, cfg.get("y"));
        assertEquals(map("k", 1L, "j", 2L), cfg.get("z"));
    }

    @Test
    void namesDictUnpackingAndSubscripts() {
        Map<String, Object> cfg = parse("""
                img_norm_cfg = dict(mean=[123.675, 116.28, 103.53], to_rgb=True)
                scales = [(1333, 640), (1333, 800)]
                norm = dict(type='Normalize', **img_norm_cfg)
                copy = dict(img_norm_cfg, to_rgb=False)
                first = scales[0]; last = scales[-1][1]; mean0 = img_norm_cfg['mean'][0]
                __private = 1
                _kept = 2
                """);
        assertEquals(map("type", "Normalize", "mean", List.of(123.675, 116.28, 103.53), "to_rgb", true),
                cfg.get("norm"));
        assertEquals(map("mean", List.of(123.675, 116.28, 103.53), "to_rgb", false), cfg.get("copy"));
        assertEquals(List.of(1333L, 640L), cfg.get("first"));
        assertEquals(800L, cfg.get("last"));
        assertEquals(123.675, cfg.get("mean0"));
        assertEquals(List.of("img_norm_cfg", "scales", "norm", "copy", "first", "last", "mean0", "_kept"),
                List.copyOf(cfg.keySet()), "dunder names are dropped, as mmcv does");
    }

    @Test
    void everythingOutsideTheSubsetIsAnErrorWithItsLine() {
        assertEquals("cfg.py:2: function call 'range(...)' is outside the supported config subset "
                + "(only dict(...) is allowed)", error("a = 1\nb = range(3)\n"));
        assertEquals("cfg.py:1: 'from' statements are outside the supported config subset (only assignments "
                + "like name = value are allowed)", error("from mmdet import x\n"));
        assertEquals("cfg.py:1: attribute access ('os.path') is outside the supported config subset",
                error("a = os.path\n"));
        assertEquals("cfg.py:1: comprehensions are outside the supported config subset",
                error("a = [i for i in x]\n"));
        assertEquals("cfg.py:1: 'lambda' is outside the supported config subset", error("a = lambda: 1\n"));
        assertEquals("cfg.py:1: 'if' expressions are outside the supported config subset", error("a = 1 if b else 2\n"));
        assertEquals("cfg.py:1: operator '==' is outside the supported config subset", error("a = 1 == 1\n"));
        assertEquals("cfg.py:1: '<' is outside the supported config subset", error("a = 1 < 2\n"));
        assertEquals("cfg.py:1: f-strings are outside the supported config subset", error("a = f'{x}'\n"));
        assertEquals("cfg.py:2: unexpected indent: only top-level assignments are supported", error("a = 1\n  b = 2\n"));
        assertEquals("cfg.py:1: only plain names can be assigned; assigning to items or attributes is outside the "
                + "supported config subset", error("a['x'] = 1\n"));
        assertEquals("cfg.py:1: augmented assignment '+=' is outside the supported config subset", error("a += 1\n"));
        assertEquals("cfg.py:1: a bare expression is outside the supported config subset (only assignments and "
                + "docstrings are allowed)", error("1 + 2\n"));
        assertEquals("cfg.py:1: sets are outside the supported config subset", error("a = {1, 2}\n"));
        assertEquals("cfg.py:1: dict keys must be strings, got int", error("a = {1: 2}\n"));
        assertEquals("cfg.py:2: dict() got multiple values for keyword argument 'type'",
                error("n = dict(type='BN')\na = dict(type='GN', **n)\n"));
    }

    @Test
    void valueErrorsReadLikePython() {
        assertEquals("cfg.py:1: unsupported operand types for +: 'str' and 'int'", error("a = 'x' + 1\n"));
        assertEquals("cfg.py:1: division by zero", error("a = 1 / 0\n"));
        assertEquals("cfg.py:1: integer overflow in 9223372036854775807 + 1", error("a = 9223372036854775807 + 1\n"));
        assertEquals("cfg.py:1: integer 99999999999999999999 does not fit in 64 bits", error("a = 99999999999999999999\n"));
        assertEquals("cfg.py:1: leading zeros in integer '007' are not allowed (Python 3)", error("a = 007\n"));
        assertEquals("cfg.py:1: list index 2 out of range (2 items)", error("a = [1, 2][2]\n"));
        assertEquals("cfg.py:1: '**' needs a dict, got list", error("a = dict(**[1])\n"));
        assertEquals(-9223372036854775808L, parse("a = -9223372036854775808\n").get("a"));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertEquals("cfg.py:2: unterminated string", error("a = 1\nb = 'abc\n"));
        assertEquals("cfg.py:4: unexpected end of file: an opening bracket is never closed",
                error("a = dict(\n    b=1,\n    c=[2,\n"));
        assertEquals("cfg.py:1: unmatched ')'", error("a = 1)\n"));
        assertEquals("cfg.py:2: unexpected 'b', expected end of line after the statement", error("x = 0\na = 1 b\n"));
    }

    @Test
    void lineOfFindsTopLevelAssignments() {
        assertEquals(3, PyConfigParser.lineOf("# c\nx = dict(_base_=1)\n_base_ = ['a.py']\n", "_base_"));
        assertEquals(-1, PyConfigParser.lineOf("x = 1\n", "_base_"));
    }
}
