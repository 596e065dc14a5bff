"""mmdet4j convert voc2coco / coco2voc, checked with pycocotools against make-shapes' own COCO file.

make-shapes writes one generated dataset as COCO (boxes with 2 decimals) and as VOC (the whole
pixels each box touches), so voc2coco of the VOC files must give the COCO file's images and
categories exactly and its boxes widened to whole pixels. Needs a build of the Java
side (`mvn -Dmmdet4j.skipNative=true -DskipTests compile`; tools/java_classpath.sh).
"""
import json
import math
import subprocess
from pathlib import Path

import pytest
from pycocotools.coco import COCO

REPO = Path(__file__).resolve().parents[3]
SEED = 7


@pytest.fixture(scope='module')
def mmdet4j():
    proc = subprocess.run([str(REPO / 'tools' / 'java_classpath.sh')], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail('Java classes are not built: run `mvn -Dmmdet4j.skipNative=true -DskipTests compile`')
    classpath = proc.stdout.strip()

    def run(*args):
        proc = subprocess.run(['java', '-cp', classpath, 'org.mmdet4j.cli.Main', *map(str, args)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
        return proc.stdout

    return run


@pytest.fixture(scope='module')
def shapes(tmp_path_factory, mmdet4j):
    """The same seed written once as VOC and once as COCO."""
    root = tmp_path_factory.mktemp('shapes')
    for fmt in ('voc', 'coco'):
        mmdet4j('make-shapes', '--out', root / fmt, '--format', fmt, '--train', 6, '--val', 3, '--seed', SEED)
    return root


def load(path):
    return COCO(str(path))


def widened(bbox):
    """The whole pixels a [x, y, w, h] box touches, as [x, y, w, h]; 1e-6 absorbs x + w landing a
    hair off a whole number in floating point."""
    x, y, w, h = bbox
    x1, y1 = math.floor(x + 1e-6), math.floor(y + 1e-6)
    x2, y2 = math.ceil(x + w - 1e-6), math.ceil(y + h - 1e-6)
    return [x1, y1, x2 - x1, y2 - y1]


def anns_by_image(coco):
    return {img_id: [coco.anns[a] for a in sorted(coco.getAnnIds(imgIds=[img_id]))] for img_id in coco.getImgIds()}


@pytest.mark.parametrize('split', ['train', 'val'])
def test_voc2coco_of_shapes_voc_is_shapes_coco(shapes, mmdet4j, tmp_path, split):
    out = tmp_path / f'{split}.json'
    mmdet4j('convert', 'voc2coco', '--root', shapes / 'voc', '--split', split, '--out', out)
    got = load(out)
    expected = load(shapes / 'coco' / 'annotations' / f'instances_{split}.json')

    assert sorted(got.getImgIds()) == sorted(expected.getImgIds())
    for img_id in expected.getImgIds():
        e, g = expected.imgs[img_id], got.imgs[img_id]
        assert (g['file_name'], g['width'], g['height']) == (e['file_name'], e['width'], e['height'])
    assert {c['id']: c['name'] for c in got.loadCats(got.getCatIds())} == \
        {c['id']: c['name'] for c in expected.loadCats(expected.getCatIds())}

    got_anns, expected_anns = anns_by_image(got), anns_by_image(expected)
    boxes = 0
    for img_id, e_anns in expected_anns.items():
        g_anns = got_anns[img_id]
        assert [a['category_id'] for a in g_anns] == [a['category_id'] for a in e_anns], img_id
        for e, g in zip(e_anns, g_anns):
            assert g['bbox'] == widened(e['bbox']), (img_id, e['bbox'])
            assert g['iscrowd'] == 0
            assert g['area'] == g['bbox'][2] * g['bbox'][3]
        boxes += len(g_anns)
    assert boxes > 0, 'the dataset has objects to compare'


def test_coco2voc_then_voc2coco_round_trips(shapes, mmdet4j, tmp_path):
    first = tmp_path / 'first.json'
    mmdet4j('convert', 'voc2coco', '--root', shapes / 'voc', '--split', 'train', '--out', first)
    back = tmp_path / 'back'
    mmdet4j('convert', 'coco2voc', '--ann', first, '--images', shapes / 'voc' / 'JPEGImages', '--out', back,
            '--split', 'train')
    second = tmp_path / 'second.json'
    mmdet4j('convert', 'voc2coco', '--root', back, '--split', 'train', '--out', second)

    a, b = load(first), load(second)
    assert a.dataset == b.dataset
    for img in a.dataset['images']:
        name = img['file_name']
        assert (back / 'JPEGImages' / name).read_bytes() == (shapes / 'voc' / 'JPEGImages' / name).read_bytes()


def test_coco2voc_of_shapes_coco_is_shapes_voc(shapes, mmdet4j, tmp_path):
    """From make-shapes' COCO file (fractional boxes) to VOC and back: the boxes of its VOC files."""
    back = tmp_path / 'back'
    mmdet4j('convert', 'coco2voc', '--ann', shapes / 'coco' / 'annotations' / 'instances_val.json',
            '--images', shapes / 'coco' / 'JPEGImages', '--out', back, '--split', 'val', '--image-mode', 'symlink')
    assert (back / 'JPEGImages' / 'val_000000.jpg').is_symlink()
    via_coco, direct = tmp_path / 'via_coco.json', tmp_path / 'direct.json'
    mmdet4j('convert', 'voc2coco', '--root', back, '--split', 'val', '--out', via_coco)
    mmdet4j('convert', 'voc2coco', '--root', shapes / 'voc', '--split', 'val', '--out', direct)
    assert load(via_coco).dataset == load(direct).dataset


def test_crowd_round_trips_as_difficult(mmdet4j, tmp_path):
    ann = tmp_path / 'crowd.json'
    ann.write_text(json.dumps({
        'images': [{'id': 1, 'file_name': 'a.jpg', 'width': 64, 'height': 48}],
        'annotations': [
            {'id': 1, 'image_id': 1, 'category_id': 1, 'bbox': [4, 5, 20, 10], 'area': 200, 'iscrowd': 1},
            {'id': 2, 'image_id': 1, 'category_id': 2, 'bbox': [30, 6, 12, 30], 'area': 360, 'iscrowd': 0}],
        'categories': [{'id': 1, 'name': 'crowd'}, {'id': 2, 'name': 'single'}]}))
    voc = tmp_path / 'voc'
    mmdet4j('convert', 'coco2voc', '--ann', ann, '--out', voc, '--split', 'all', '--image-mode', 'none')
    assert '<difficult>1</difficult>' in (voc / 'Annotations' / 'a.xml').read_text()
    out = tmp_path / 'back.json'
    mmdet4j('convert', 'voc2coco', '--root', voc, '--split', 'all', '--out', out)
    got = load(out)
    # Crowd (difficult) boxes come after an image's other boxes, as mmdetection's converter writes them.
    assert [(got.cats[a['category_id']]['name'], a['bbox'], a['iscrowd']) for a in got.loadAnns(got.getAnnIds())] \
        == [('single', [30, 6, 12, 30], 0), ('crowd', [4, 5, 20, 10], 1)]
