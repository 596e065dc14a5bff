#!/usr/bin/env python3
"""Checks mmdet4j's image decoding and bilinear resize against OpenCV (what mmdetection uses).

Writes JPEG (4:2:0 and 4:4:4, two encoders), grey, RGBA and palette PNG files, saves
cv2.imread's BGR bytes and cv2.resize(INTER_LINEAR) outputs next to them, and runs
org.mmdet4j.data.bench.FidelityCheck on the folder. A manual check, not a test: it needs
opencv-python(-headless), numpy and pillow.

Usage: python3 benchmarks/data/fidelity_check.py
"""
import os
import subprocess
import tempfile

import cv2
import numpy as np
from PIL import Image


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cp = subprocess.run([os.path.join(root, "tools", "java_classpath.sh")], check=True, capture_output=True,
                        text=True).stdout.strip()
    rng = np.random.default_rng(0)
    small = rng.integers(0, 256, (60, 80, 3), dtype=np.uint8)
    img = cv2.resize(small, (640, 480), interpolation=cv2.INTER_CUBIC)
    img = np.clip(img.astype(int) + rng.integers(-20, 20, img.shape), 0, 255).astype(np.uint8)
    with tempfile.TemporaryDirectory() as d:
        cv2.imwrite(os.path.join(d, "base.jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 90])
        Image.fromarray(img[..., ::-1]).save(os.path.join(d, "pillow420.jpg"), quality=85)
        Image.fromarray(img[..., ::-1]).save(os.path.join(d, "pillow444.jpg"), quality=95, subsampling=0)
        cv2.imwrite(os.path.join(d, "grey.png"), img[..., 0])
        alpha = rng.integers(0, 256, (480, 640, 1), dtype=np.uint8)
        cv2.imwrite(os.path.join(d, "rgba.png"), np.dstack([img, alpha]))
        Image.fromarray(img[..., ::-1]).convert("P").save(os.path.join(d, "palette.png"))
        for name in os.listdir(d):
            cv2.imread(os.path.join(d, name), cv2.IMREAD_COLOR).tofile(os.path.join(d, name + ".bgr"))
        base = cv2.imread(os.path.join(d, "base.jpg"))
        for w, h in [(1067, 800), (1333, 800), (320, 240), (333, 251), (97, 1000), (641, 481)]:
            cv2.resize(base, (w, h), interpolation=cv2.INTER_LINEAR).tofile(os.path.join(d, f"resize_{w}x{h}.bgr"))
            cv2.resize(base.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR).tofile(
                os.path.join(d, f"resize_{w}x{h}.f32"))
        print(f"OpenCV {cv2.__version__}")
        subprocess.run(["java", "-cp", cp, "org.mmdet4j.data.bench.FidelityCheck", d], check=True)


if __name__ == "__main__":
    main()
