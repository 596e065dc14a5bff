"""Convert the RetinaFace and FaceBoxes authors' released PyTorch weights to mmdet4j checkpoints.

mmdet4j's face detectors keep the authors' module names under mmdetection's prefixes, so the
conversion only renames top-level modules (the rest of every key stays as it is):

  RetinaFace (biubug6/Pytorch_Retinaface: mobilenet0.25_Final.pth, Resnet50_Final.pth)
    body.*          -> backbone.*            (MobileNet stage1..3; ResNet-50 conv1, bn1, layer1..4)
    fpn.*           -> neck.0.*              (RetinaFaceFPN)
    ssh1..3.*       -> neck.1.ssh1..3.*      (SSH)
    ClassHead.*, BboxHead.*, LandmarkHead.* -> bbox_head.ClassHead.*, ...
  FaceBoxes (zisianw/FaceBoxes.PyTorch: FaceBoxesProd.pth)
    conv1, conv2, inception1..3, conv3_1, conv3_2, conv4_1, conv4_2 -> backbone.*
    loc.*, conf.*   -> bbox_head.loc.*, bbox_head.conf.*
  --backbone-only: the RetinaFace authors' ImageNet MobileNet-0.25 (mobilenetV1X0.25_pretrain.tar)
    stage1..3.*     -> backbone.stage1..3.*; its classifier fc.* is dropped

A 'module.' prefix (weights saved from DataParallel) is removed and a {'state_dict': ...} wrapper
(the ImageNet file's) unwrapped. Any other key is refused by name: nothing is dropped silently.
Batch norms saved before PyTorch 0.4.1 have no num_batches_tracked; it is added as 0 (unused
with a fixed momentum), so that the result still loads strictly.

The output is {'meta': {...}, 'state_dict': ...} as mmdet4j writes it. A full checkpoint loads
strictly into the detector of configs/retinaface/retinaface_mnet025_widerface.yaml,
retinaface_r50_widerface.yaml or configs/faceboxes/faceboxes_widerface.yaml (load_from, or
`./mmdet4j test CONFIG OUT --eval widerface`); the backbone-only file holds backbone.* keys only, for the
backbone's init_cfg=dict(type='Pretrained', checkpoint=OUT).

Usage:
  python tools/model_converters/retinaface_to_mmdet4j.py mobilenet0.25_Final.pth \\
      weights/retinaface_mnet025_widerface.pth
  python tools/model_converters/retinaface_to_mmdet4j.py Resnet50_Final.pth weights/retinaface_r50_widerface.pth
  python tools/model_converters/retinaface_to_mmdet4j.py FaceBoxesProd.pth weights/faceboxes_widerface.pth \\
      --model faceboxes
  python tools/model_converters/retinaface_to_mmdet4j.py mobilenetV1X0.25_pretrain.tar \\
      weights/mobilenetV1X0.25_pretrain.pth --backbone-only
"""
import argparse
import os
import pickle
import sys
from collections import OrderedDict

import torch

# Per input format: the authors' top-level module -> its mmdet4j path (the rest of the key is kept),
# and the top-level modules dropped on purpose.
FORMATS = {
    'retinaface': dict(
        source='biubug6/Pytorch_Retinaface',
        rename={'body': 'backbone', 'fpn': 'neck.0', 'ssh1': 'neck.1.ssh1', 'ssh2': 'neck.1.ssh2',
                'ssh3': 'neck.1.ssh3', 'ClassHead': 'bbox_head.ClassHead', 'BboxHead': 'bbox_head.BboxHead',
                'LandmarkHead': 'bbox_head.LandmarkHead'},
        drop=()),
    'faceboxes': dict(
        source='zisianw/FaceBoxes.PyTorch',
        rename={**{m: 'backbone.' + m for m in ('conv1', 'conv2', 'inception1', 'inception2', 'inception3',
                                                  'conv3_1', 'conv3_2', 'conv4_1', 'conv4_2')},
                'loc': 'bbox_head.loc', 'conf': 'bbox_head.conf'},
        drop=()),
    # The ImageNet MobileNet-0.25 the RetinaFace authors start from: stages, then avg pool and fc.
    'mobilenet_imagenet': dict(
        source='biubug6/Pytorch_Retinaface mobilenetV1X0.25_pretrain.tar',
        rename={'stage1': 'backbone.stage1', 'stage2': 'backbone.stage2', 'stage3': 'backbone.stage3'},
        drop=('fc',)),
}
HINTS = {
    'retinaface': 'a RetinaFace checkpoint (--model retinaface)',
    'faceboxes': 'a FaceBoxes checkpoint (--model faceboxes)',
    'mobilenet_imagenet': 'the ImageNet MobileNet-0.25 weights (--backbone-only)',
}


def load_authors_state_dict(path, unsafe_load=False):
    """The tensors of an authors' file by key: {'state_dict': ...} unwrapped, 'module.' removed."""
    try:
        ckpt = torch.load(path, map_location='cpu', weights_only=not unsafe_load)
    except pickle.UnpicklingError as e:
        raise ValueError(f'{path}: holds Python objects besides tensors, which torch.load(weights_only=True) '
                         'refuses; if you trust the file, rerun with --unsafe-load') from e
    if isinstance(ckpt, dict) and 'state_dict' in ckpt:
        ckpt = ckpt['state_dict']
    if not isinstance(ckpt, dict):
        raise ValueError(f'{path}: expected a state_dict (a dict of tensors), got {type(ckpt).__name__}')
    not_tensors = [k for k, v in ckpt.items() if not isinstance(v, torch.Tensor)]
    if not_tensors:
        raise ValueError(f'{path}: not a state_dict; entries that are not tensors: {", ".join(map(str, not_tensors))}')
    state_dict = OrderedDict()
    for key, value in ckpt.items():
        state_dict[key[len('module.'):] if key.startswith('module.') else key] = value
    return state_dict


def unknown_keys(state_dict, fmt):
    spec = FORMATS[fmt]
    return [k for k in state_dict if k.split('.')[0] not in spec['rename'] and k.split('.')[0] not in spec['drop']]


def convert_state_dict(state_dict, fmt, path='input'):
    """mmdet4j's state_dict of an authors' one in format `fmt` (a FORMATS key), and the dropped keys.
    Raises ValueError naming every key that the format does not know."""
    unknown = unknown_keys(state_dict, fmt)
    if unknown:
        fits = [HINTS[other] for other in FORMATS if other != fmt and not unknown_keys(state_dict, other)]
        hint = f'; its keys are those of {fits[0]}' if fits else ''
        expected = ', '.join(f'{m}.*' for m in FORMATS[fmt]['rename'])
        listed = ', '.join(unknown[:20]) + (', ...' if len(unknown) > 20 else '')
        count = f'{len(unknown)} key' + ('s' if len(unknown) > 1 else '')
        raise ValueError(f'{path}: {count} that {HINTS[fmt]} does not have: {listed} (expected {expected}){hint}')
    converted, dropped = OrderedDict(), []
    for key, value in state_dict.items():
        head, _, rest = key.partition('.')
        if head in FORMATS[fmt]['drop']:
            dropped.append(key)
            continue
        converted[FORMATS[fmt]['rename'][head] + '.' + rest] = value
    return converted, dropped


def add_num_batches_tracked(state_dict):
    """Adds the num_batches_tracked (0) that batch norms saved before PyTorch 0.4.1 lack; returns how many."""
    added = 0
    for key in [k for k in state_dict if k.endswith('.running_mean')]:
        counter = key[:-len('running_mean')] + 'num_batches_tracked'
        if counter not in state_dict:
            state_dict[counter] = torch.tensor(0, dtype=torch.long)
            added += 1
    return added


def convert(src, dst, model='retinaface', backbone_only=False, unsafe_load=False):
    if backbone_only and model != 'retinaface':
        raise ValueError('--backbone-only converts the RetinaFace authors\' ImageNet MobileNet-0.25 '
                         '(mobilenetV1X0.25_pretrain.tar); FaceBoxes has no such weights')
    fmt = 'mobilenet_imagenet' if backbone_only else model
    state_dict, dropped = convert_state_dict(load_authors_state_dict(src, unsafe_load), fmt, src)
    added = add_num_batches_tracked(state_dict)
    meta = {'converted_from': os.path.basename(src), 'source': FORMATS[fmt]['source']}
    if not backbone_only:
        meta['CLASSES'] = ['face']
    if os.path.dirname(dst):
        os.makedirs(os.path.dirname(dst), exist_ok=True)
    torch.save({'meta': meta, 'state_dict': state_dict}, dst)
    notes = [f'dropped {", ".join(dropped)}'] if dropped else []
    if added:
        notes.append(f'added num_batches_tracked = 0 to {added} batch norms')
    print(f'{src} -> {dst}: {len(state_dict)} tensors' + (f' ({"; ".join(notes)})' if notes else ''))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('src', help="the authors' checkpoint")
    parser.add_argument('dst', help='the mmdet4j checkpoint to write')
    parser.add_argument('--model', choices=('retinaface', 'faceboxes'), default='retinaface',
                        help='whose checkpoint src is (default: retinaface)')
    parser.add_argument('--backbone-only', action='store_true',
                        help='src is the ImageNet MobileNet-0.25 (mobilenetV1X0.25_pretrain.tar): '
                             'write backbone.* only')
    parser.add_argument('--unsafe-load', action='store_true',
                        help='unpickle arbitrary Python objects in src (torch.load weights_only=False); '
                             'only for files you trust')
    args = parser.parse_args(argv)
    try:
        convert(args.src, args.dst, args.model, args.backbone_only, args.unsafe_load)
    except ValueError as e:
        sys.exit(f'error: {e}')


if __name__ == '__main__':
    main()
