package org.mmdet4j.evaluation.coco;

/**
 * Groups items by (category, image) cell, {@code cell = category * numImages + image}, in
 * compressed-row form: the items of cell {@code c} are {@code items[start[c] .. start[c+1])},
 * in input order (a stable counting sort), the order pycocotools keeps them in.
 */
final class CellIndex {
    final int[] start;
    final int[] items;

    CellIndex(int[] image, int[] category, int numImages, int numCells) {
        start = new int[numCells + 1];
        for (int i = 0; i < image.length; i++) {
            start[category[i] * numImages + image[i] + 1]++;
        }
        for (int c = 0; c < numCells; c++) {
            start[c + 1] += start[c];
        }
        int[] fill = start.clone();
        items = new int[image.length];
        for (int i = 0; i < image.length; i++) {
            items[fill[category[i] * numImages + image[i]]++] = i;
        }
    }

    int count(int cell) {
        return start[cell + 1] - start[cell];
    }
}
