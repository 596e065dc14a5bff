package org.mmdet4j.data.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.data.transforms.Transform;
import org.mmdet4j.registry.Args;
import org.mmdet4j.registry.ComponentFactory;
import org.mmdet4j.registry.ParamType;
import org.mmdet4j.registry.Register;
import org.mmdet4j.registry.Registries;
import org.mmdet4j.registry.RegistryNames;
import org.mmdet4j.registry.Schema;

/**
 * Registry entries of the datasets, with mmdetection's keys ({@code ann_file}, {@code img_prefix},
 * {@code pipeline}, {@code classes}, {@code data_root}, {@code test_mode}, {@code filter_empty_gt})
 * plus {@code skip_invalid} with {@code max_skip_ratio} (see {@link DatasetOptions}) and
 * {@code min_img_size} (upstream's fixed 32-pixel image filter).
 * Relative {@code ann_file} and {@code img_prefix} are joined to {@code data_root} as upstream.
 * {@code classes} is a list of names or the path of a file with one name per line.
 */
public final class DatasetFactories {
    private DatasetFactories() {
    }

    private static Schema.Builder common() {
        return Schema.builder()
                .required("ann_file", ParamType.ANY)
                .componentList("pipeline", Registries.TRANSFORMS)
                .nullable("classes", ParamType.ANY)
                .nullable("data_root", ParamType.STR)
                .optional("img_prefix", ParamType.ANY, "")
                .optional("test_mode", ParamType.BOOL, false)
                .optional("filter_empty_gt", ParamType.BOOL, true)
                .optional("skip_invalid", ParamType.BOOL, false)
                .optional("max_skip_ratio", ParamType.FLOAT, DatasetOptions.DEFAULT_MAX_SKIP_RATIO)
                .optional("min_img_size", ParamType.INT, 32);
    }

    private static DatasetOptions options(Args a) {
        double ratio = a.getDouble("max_skip_ratio");
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException(a.pathOf("max_skip_ratio") + " must be between 0 and 1, got " + ratio);
        }
        return new DatasetOptions(a.getBool("test_mode"), a.getBool("filter_empty_gt"), a.getInt("min_img_size"),
                a.getBool("skip_invalid"), ratio);
    }

    private static List<String> strings(Object v, String key) {
        return org.mmdet4j.data.transforms.CfgValues.strings(v, key);
    }

    private static String join(String root, String p) {
        if (root == null || p == null || p.isEmpty() || Path.of(p).isAbsolute()) {
            return p == null ? "" : p;
        }
        return Path.of(root).resolve(p).toString() + (p.endsWith("/") ? "/" : "");
    }

    private static List<String> classes(Args a) {
        Object c = a.get("classes");
        if (c == null) {
            return null;
        }
        if (c instanceof String file) {
            try {
                return Files.readAllLines(Path.of(file)).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the classes file " + file + ": " + e.getMessage());
            }
        }
        return strings(c, "classes");
    }

    /** Pairs of (ann_file, img_prefix); a list of each concatenates datasets (e.g. VOC2007 + VOC2012). */
    private static List<String[]> parts(Args a) {
        String root = a.isNull("data_root") ? null : a.getString("data_root");
        List<String> anns = strings(a.get("ann_file"), "ann_file");
        List<String> prefixes = strings(a.get("img_prefix"), "img_prefix");
        if (prefixes.size() == 1 && anns.size() > 1) {
            prefixes = java.util.Collections.nCopies(anns.size(), prefixes.get(0));
        }
        if (prefixes.size() != anns.size()) {
            throw new IllegalArgumentException("ann_file has " + anns.size() + " entries but img_prefix " + prefixes.size());
        }
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < anns.size(); i++) {
            out.add(new String[] {join(root, anns.get(i)), join(root, prefixes.get(i))});
        }
        return out;
    }

    interface Parser {
        ParsedDataset parse(Path annFile, String imgPrefix);
    }

    /**
     * Parses every part; each part's invalid entries are reported (or skipped) against its own
     * file. Several parts are merged with image paths made relative to no prefix.
     */
    static DetDataset build(Args a, Parser parser) {
        DatasetOptions opts = options(a);
        List<Transform> pipeline = a.getComponentList("pipeline", Transform.class);
        List<String[]> parts = parts(a);
        if (parts.size() == 1) {
            ParsedDataset p = parser.parse(Path.of(parts.get(0)[0]), parts.get(0)[1]);
            return new DetDataset(parts.get(0)[0], p, parts.get(0)[1], pipeline, opts);
        }
        List<DataInfo> all = new ArrayList<>();
        List<String> classes = null;
        String source = String.join(" + ", parts.stream().map(p -> p[0]).toList());
        ProblemLog problems = new ProblemLog(source);
        for (String[] part : parts) {
            ParsedDataset p = parser.parse(Path.of(part[0]), part[1]);
            problems.absorb(p.problems());
            classes = p.classes();
            for (DataInfo d : p.infos()) {
                all.add(new DataInfo(d.id(), Path.of(part[1]).resolve(d.filename()).toString(), d.width(), d.height(),
                        d.ann()));
            }
        }
        return new DetDataset(source, new ParsedDataset(all, classes, problems), "", pipeline, opts);
    }

    @Register(registry = RegistryNames.DATASETS, name = "CocoDataset")
    public static final class Coco implements ComponentFactory<DetDataset> {
        private static final Schema SCHEMA = common().build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public DetDataset create(Args a) {
            List<String> classes = classes(a);
            boolean test = a.getBool("test_mode");
            return build(a, (ann, prefix) -> CocoParser.parse(ann, classes, test));
        }
    }

    @Register(registry = RegistryNames.DATASETS, name = "CustomDataset")
    public static final class Custom implements ComponentFactory<DetDataset> {
        private static final Schema SCHEMA = common().build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public DetDataset create(Args a) {
            List<String> classes = classes(a);
            boolean test = a.getBool("test_mode");
            return build(a, (ann, prefix) -> MiddleFormatParser.parse(ann, classes, test));
        }
    }

    /** {@code VOCDataset} knows VOC's 20 names; {@code XMLDataset} takes its names from {@code classes}. */
    @Register(registry = RegistryNames.DATASETS, name = "VOCDataset")
    @Register(registry = RegistryNames.DATASETS, name = "XMLDataset")
    public static final class Voc implements ComponentFactory<DetDataset> {
        private static final Schema SCHEMA = common().nullable("min_size", ParamType.INT).build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public DetDataset create(Args a) {
            List<String> classes = classes(a);
            List<String> all = a.typeName().equals("VOCDataset") ? VocDataset.VOC_CLASSES : classes;
            if (all == null) {
                throw new IllegalArgumentException("XMLDataset needs 'classes'");
            }
            int minSize = a.isNull("min_size") ? 0 : a.getInt("min_size");
            return build(a, (ann, prefix) -> VocParser.parse(ann, Path.of(prefix), all,
                    classes != null ? classes : all, minSize));
        }
    }

    /**
     * {@code RetinaFaceDataset}: one class, {@code face}; {@code ann_file} a RetinaFace
     * {@code label.txt} or a WIDER FACE {@code bbx_gt} file, {@code img_prefix} its images folder,
     * {@code min_size} as VOC's (smaller faces are ignored).
     */
    @Register(registry = RegistryNames.DATASETS, name = "RetinaFaceDataset")
    public static final class RetinaFace implements ComponentFactory<DetDataset> {
        private static final Schema SCHEMA = common().nullable("min_size", ParamType.INT).build();

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public DetDataset create(Args a) {
            List<String> classes = classes(a);
            if (classes != null && !classes.equals(RetinaFaceDataset.CLASSES)) {
                throw new IllegalArgumentException(a.pathOf("classes") + ": RetinaFaceDataset has the one class "
                        + RetinaFaceDataset.CLASSES + ", got " + classes);
            }
            int minSize = a.isNull("min_size") ? 0 : a.getInt("min_size");
            return build(a, (ann, prefix) -> RetinaFaceDataset.parse(ann, Path.of(prefix), minSize));
        }
    }
}
