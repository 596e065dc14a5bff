/**
 * The generated faces dataset behind {@code mmdet4j make-faces}: drawn faces with five landmarks
 * among face-like clutter, written in WIDER FACE's layout with its attribute flags and validation
 * subsets, and with the RetinaFace authors' {@code label.txt} files, so the face detectors'
 * data path, training and WIDER evaluation run on any machine. {@link
 * org.mmdet4j.data.faces.FacesGenerator} makes images, {@link org.mmdet4j.data.faces.FacesWriter}
 * the files, {@link org.mmdet4j.data.faces.FaceSubset} holds the easy/medium/hard rule.
 */
package org.mmdet4j.data.faces;
