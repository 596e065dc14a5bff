package org.mmdet4j.data.loader;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code img_metas} of one image: the values named by {@code Collect}'s {@code meta_keys}, by
 * name (shapes as int[] (h, w, c), {@code scale_factor} as float[4], {@code img_norm_cfg} as a
 * {@link org.mmdet4j.data.sample.NormConfig}), with typed accessors for the common ones.
 */
public final class ImageMeta {
    private final Map<String, Object> values;

    public ImageMeta(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Object> values() {
        return values;
    }

    public Object get(String key) {
        return values.get(key);
    }

    public int[] imgShape() {
        return (int[]) values.get("img_shape");
    }

    public int[] oriShape() {
        return (int[]) values.get("ori_shape");
    }

    public int[] padShape() {
        return (int[]) values.get("pad_shape");
    }

    public float[] scaleFactor() {
        return (float[]) values.get("scale_factor");
    }

    public boolean flip() {
        return Boolean.TRUE.equals(values.get("flip"));
    }

    public String filename() {
        return (String) values.get("filename");
    }
}
