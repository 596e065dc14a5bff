package org.mmdet4j.data.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.mmdet4j.data.image.ImageHeader;
import org.mmdet4j.data.sample.Annotations;
import org.mmdet4j.data.sample.DataInfo;
import org.mmdet4j.mask.Segmentation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads Pascal VOC style XML annotations, mmdetection v2's {@code XMLDataset}: the split file
 * ({@code ImageSets/Main/trainval.txt}) lists image ids; each id has
 * {@code Annotations/<id>.xml} and {@code JPEGImages/<id>.jpg} under {@code img_prefix}
 * (a {@code VOC2007} or {@code VOC2012} folder). Coordinates are read as
 * {@code int(float(text))} without v1's "-1"; {@code difficult} objects and, with
 * {@code minSize}, smaller ones go to the ignore set; objects of unselected classes are left
 * out. Reported: unreadable XML, duplicate ids in the split, unknown class names (not in the
 * dataset's full class list), {@code difficult} flags that are not integers (upstream's
 * {@code int()} would raise), zero-size images, and NaN, inverted or outside boxes.
 */
public final class VocParser {
    private VocParser() {
    }

    /**
     * @param allClasses every class name the format knows (VOC's 20); a name outside it is an error
     * @param classes    the selected names, labels in this order
     */
    public static ParsedDataset parse(Path splitFile, Path imgPrefix, List<String> allClasses, List<String> classes,
                                      int minSize) {
        List<String> ids;
        try {
            ids = Files.readAllLines(splitFile).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new InvalidAnnotationException("cannot read VOC split file " + splitFile + ": " + e.getMessage());
        }
        ProblemLog log = new ProblemLog(splitFile.toString());
        ClassSelection sel = new ClassSelection(classes, allClasses, splitFile.getFileName().toString());
        DocumentBuilder xml = newBuilder();
        List<DataInfo> infos = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                log.add("image id " + id, "listed twice in the split file");
                continue;
            }
            Path xmlPath = imgPrefix.resolve("Annotations").resolve(id + ".xml");
            String entry = "Annotations/" + id + ".xml";
            int mark = log.size();
            Document doc;
            try {
                doc = xml.parse(xmlPath.toFile());
            } catch (Exception e) {
                log.add(entry, "cannot parse XML: " + e.getMessage()
                        + (e instanceof org.xml.sax.SAXParseException p
                        ? " (line " + p.getLineNumber() + ", column " + p.getColumnNumber() + ")" : ""));
                log.dropImageIfInvalidSince(mark, entry);
                continue;
            }
            String filename = "JPEGImages/" + id + ".jpg";
            Element root = doc.getDocumentElement();
            int w = intText(root, "size", "width");
            int h = intText(root, "size", "height");
            if (w < 0 || h < 0) {
                int[] wh = readSize(imgPrefix.resolve(filename));
                w = wh[0];
                h = wh[1];
            }
            if (w <= 0 || h <= 0) {
                log.add(entry, "zero-size image (width=" + w + ", height=" + h + ")");
                log.dropImageIfInvalidSince(mark, entry);
                continue;
            }
            Annotations objects = objects(root, entry, w, h, allClasses, sel, minSize, log);
            // An image with an invalid object is left out whole (see CocoParser).
            if (!log.dropImageIfInvalidSince(mark, entry)) {
                infos.add(new DataInfo(id, filename, w, h, objects));
            }
        }
        return new ParsedDataset(infos, sel.classes(), log);
    }

    /**
     * How many objects of each class name the split's XML files hold, in first-seen order: the
     * class list of a dataset that comes without one (the converters' default). Files that do
     * not parse are passed over here; {@link #parse} reports them.
     */
    public static Map<String, Integer> objectNames(Path splitFile, Path imgPrefix) {
        List<String> ids;
        try {
            ids = Files.readAllLines(splitFile).stream().map(String::strip).filter(s -> !s.isEmpty()).distinct()
                    .toList();
        } catch (IOException e) {
            throw new InvalidAnnotationException("cannot read VOC split file " + splitFile + ": " + e.getMessage());
        }
        DocumentBuilder xml = newBuilder();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String id : ids) {
            Document doc;
            try {
                doc = xml.parse(imgPrefix.resolve("Annotations").resolve(id + ".xml").toFile());
            } catch (Exception e) {
                continue;
            }
            NodeList objs = doc.getDocumentElement().getElementsByTagName("object");
            for (int i = 0; i < objs.getLength(); i++) {
                String name = text((Element) objs.item(i), "name");
                if (name != null) {
                    counts.merge(name, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static Annotations objects(Element root, String entry, int w, int h, List<String> allClasses,
                                       ClassSelection sel, int minSize, ProblemLog log) {
        FloatList boxes = new FloatList();
        List<Long> labels = new ArrayList<>();
        FloatList ignore = new FloatList();
        List<Long> ignoreLabels = new ArrayList<>();
        List<Segmentation> masks = new ArrayList<>();
        List<String> annIds = new ArrayList<>();
        NodeList objs = root.getElementsByTagName("object");
        for (int i = 0; i < objs.getLength(); i++) {
            Element o = (Element) objs.item(i);
            String name = text(o, "name");
            String objEntry = entry + " object #" + (i + 1) + " ('" + name + "')";
            if (!allClasses.contains(name)) {
                log.add(objEntry, "unknown class name '" + name + "'; classes: " + allClasses);
                continue;
            }
            int label = sel.label(name);
            if (label < 0) {
                continue;
            }
            String diff = text(o, "difficult");
            if (diff == null) {
                diff = text(o, "Difficult");
            }
            boolean difficult;
            try {
                difficult = diff != null && Integer.parseInt(diff.strip()) != 0;
            } catch (NumberFormatException e) {
                log.add(objEntry, "difficult must be an integer (0 or 1), got '" + diff.strip() + "'");
                continue;
            }
            Element bnd = (Element) o.getElementsByTagName("bndbox").item(0);
            if (bnd == null) {
                log.add(objEntry, "object has no bndbox");
                continue;
            }
            double x1 = coord(bnd, "xmin");
            double y1 = coord(bnd, "ymin");
            double x2 = coord(bnd, "xmax");
            double y2 = coord(bnd, "ymax");
            String bad = BoxCheck.check(x1, y1, x2 - x1, y2 - y1, w, h);
            if (bad != null) {
                log.add(objEntry, bad);
                continue;
            }
            // int(float(text)) truncates toward zero, as mmdetection v2 does.
            float[] box = {(int) x1, (int) y1, (int) x2, (int) y2};
            boolean small = minSize > 0 && (box[2] - box[0] < minSize || box[3] - box[1] < minSize);
            if (difficult || small) {
                ignore.add(box);
                ignoreLabels.add((long) label);
            } else {
                boxes.add(box);
                labels.add((long) label);
                masks.add(Segmentation.ofPolygons(new double[][] {
                        {box[0], box[1], box[2], box[1], box[2], box[3], box[0], box[3]}}));
                annIds.add(objEntry);
            }
        }
        return new Annotations(boxes.toArray(), CocoParser.toLongs(labels), ignore.toArray(),
                CocoParser.toLongs(ignoreLabels), masks, annIds);
    }

    private static double coord(Element bnd, String tag) {
        String t = text(bnd, tag);
        if (t == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String text(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }

    /** -1 when the element is missing or not a number, so the caller falls back to the image. */
    private static int intText(Element root, String parentTag, String tag) {
        NodeList p = root.getElementsByTagName(parentTag);
        if (p.getLength() == 0) {
            return -1;
        }
        String t = text((Element) p.item(0), tag);
        try {
            return t == null ? -1 : (int) Double.parseDouble(t.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Image size from the file header only (no decode), for XML without a size element; 0 x 0 when unreadable. */
    private static int[] readSize(Path image) {
        try {
            return ImageHeader.size(image);
        } catch (IOException e) {
            return new int[] {0, 0};
        }
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // Annotation files are data: no DTDs, no external entities.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder b = f.newDocumentBuilder();
            // The default handler prints "[Fatal Error]" to stderr; the exception is reported instead.
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }
            });
            return b;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create an XML parser", e);
        }
    }
}
