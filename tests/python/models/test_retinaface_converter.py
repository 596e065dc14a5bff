"""tools/model_converters/retinaface_to_mmdet4j.py: state_dicts in the RetinaFace and FaceBoxes
authors' layouts, built here from mmdet4j's own keys and shapes renamed to the authors' names (with
random values), convert to checkpoints that load strictly into the native detectors, every tensor
unchanged under its mmdet4j name; the ImageNet MobileNet-0.25 becomes backbone weights; unknown
keys are refused by name."""
import importlib.util
import json
import pathlib
import subprocess
import sys

import pytest
import torch

REPO = pathlib.Path(__file__).resolve().parents[3]
CONVERTER = REPO / "tools" / "model_converters" / "retinaface_to_mmdet4j.py"

# The configs' models (configs/_base_/models/retinaface_mnet025.yaml, configs/retinaface/
# retinaface_r50_widerface.yaml, configs/faceboxes/faceboxes_widerface.yaml), their layers only.
PRIOR_BOX = {"min_sizes": [[16, 32], [64, 128], [256, 512]], "steps": [8, 16, 32]}
MODELS = {
    "retinaface_mnet025": {
        "type": "RetinaFace",
        "backbone": {"type": "MobileNetV1", "widen_factor": 0.25, "out_indices": [0, 1, 2]},
        "neck": [{"type": "RetinaFaceFPN", "in_channels": [64, 128, 256], "out_channels": 64},
                 {"type": "SSH", "in_channels": 64, "out_channels": 64, "num_scales": 3}],
        "bbox_head": {"type": "RetinaFaceHead", "num_classes": 1, "in_channels": 64, "num_landmarks": 5,
                      "prior_box": PRIOR_BOX}},
    "retinaface_r50": {
        "type": "RetinaFace",
        "backbone": {"type": "ResNet", "depth": 50, "out_indices": [1, 2, 3], "frozen_stages": -1,
                     "norm_eval": False},
        "neck": [{"type": "RetinaFaceFPN", "in_channels": [512, 1024, 2048], "out_channels": 256},
                 {"type": "SSH", "in_channels": 256, "out_channels": 256, "num_scales": 3}],
        "bbox_head": {"type": "RetinaFaceHead", "num_classes": 1, "in_channels": 256, "num_landmarks": 5,
                      "prior_box": PRIOR_BOX}},
    "faceboxes": {
        "type": "FaceBoxes",
        "backbone": {"type": "FaceBoxesNet"},
        "bbox_head": {"type": "FaceBoxesHead", "num_classes": 1, "in_channels": [128, 256, 256],
                      "prior_box": {"min_sizes": [[32, 64, 128], [256], [512]], "steps": [32, 64, 128],
                                    "densities": [[4, 2, 1], [1], [1]]}}},
}

# mmdet4j's prefix -> the authors' (written out here, independently of the converter's table).
RETINAFACE_NAMES = [("backbone.", "body."), ("neck.0.", "fpn."), ("neck.1.", ""), ("bbox_head.", "")]
FACEBOXES_NAMES = [("backbone.", ""), ("bbox_head.", "")]


def authors_key(ours, names):
    for prefix, theirs in names:
        if ours.startswith(prefix):
            return theirs + ours[len(prefix):]
    raise KeyError(ours)


def random_like(t, generator):
    if t.is_floating_point():
        return torch.randn(t.shape, generator=generator, dtype=t.dtype)
    return torch.randint(0, 1000, t.shape, generator=generator, dtype=t.dtype)  # num_batches_tracked


@pytest.fixture(scope="module")
def converter():
    spec = importlib.util.spec_from_file_location("retinaface_to_mmdet4j", CONVERTER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def saved_models(native_tool, tmp_path_factory):
    """Per model: its options file and mmdet4j's state_dict (keys, shapes) from mmdet4j_native save."""
    tmp = tmp_path_factory.mktemp("models")
    out = {}
    for name, model in MODELS.items():
        (tmp / f"{name}.json").write_text(json.dumps(model))
        native_tool("save", tmp / f"{name}.json", tmp / f"{name}_initial.pth")
        out[name] = (tmp / f"{name}.json", torch.load(tmp / f"{name}_initial.pth", weights_only=True)["state_dict"])
    return out


@pytest.mark.parametrize("name,layout", [("retinaface_mnet025", "plain"), ("retinaface_mnet025", "dataparallel"),
                                         ("retinaface_r50", "plain"), ("faceboxes", "dataparallel")])
def test_authors_checkpoint_loads_strictly_with_its_values(converter, saved_models, native_tool, tmp_path, name,
                                                           layout):
    options, ours = saved_models[name]
    names = FACEBOXES_NAMES if name == "faceboxes" else RETINAFACE_NAMES
    generator = torch.Generator().manual_seed(0)
    values = {k: random_like(v, generator) for k, v in ours.items()}
    theirs = {authors_key(k, names): v for k, v in values.items()}
    if name == "retinaface_r50":  # torchvision's ResNet under IntermediateLayerGetter
        assert "body.layer2.0.downsample.0.weight" in theirs and "body.bn1.running_var" in theirs
    if layout == "dataparallel":  # saved from nn.DataParallel, as the authors' training does
        theirs = {"module." + k: v for k, v in theirs.items()}
        if name != "faceboxes":
            theirs = {"state_dict": theirs}
    torch.save(theirs, tmp_path / "authors.pth")
    args = [str(tmp_path / "authors.pth"), str(tmp_path / "converted.pth")]
    converter.main(args + (["--model", "faceboxes"] if name == "faceboxes" else []))

    converted = torch.load(tmp_path / "converted.pth", weights_only=True)
    assert converted["meta"]["CLASSES"] == ["face"]
    assert list(converted["state_dict"]) == list(values)
    for key, value in values.items():
        assert torch.equal(converted["state_dict"][key], value), key
    result = native_tool("load", options, tmp_path / "converted.pth", "--strict")
    assert result.stdout.strip() == f"{len(ours)} tensors loaded", result.stdout


def test_imagenet_mobilenet_becomes_backbone_weights(saved_models, native_tool, tmp_path):
    options, ours = saved_models["retinaface_mnet025"]
    backbone = {k: v for k, v in ours.items() if k.startswith("backbone.")}
    generator = torch.Generator().manual_seed(1)
    # As mobilenetV1X0.25_pretrain.tar: DataParallel keys under 'state_dict' beside the training
    # state, the classifier fc, and (an older PyTorch's) batch norms without num_batches_tracked.
    values = {k: random_like(v, generator) for k, v in backbone.items() if not k.endswith("num_batches_tracked")}
    state = {"module." + k[len("backbone."):]: v for k, v in values.items()}
    state["module.fc.weight"], state["module.fc.bias"] = torch.randn(1000, 256), torch.randn(1000)
    torch.save({"epoch": 250, "arch": "mobilenet0.25", "state_dict": state}, tmp_path / "pretrain.tar")
    # As a script, the way it is run.
    result = subprocess.run([sys.executable, str(CONVERTER), str(tmp_path / "pretrain.tar"),
                             str(tmp_path / "backbone.pth"), "--backbone-only"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "dropped fc.weight, fc.bias" in result.stdout, result.stdout

    converted = torch.load(tmp_path / "backbone.pth", weights_only=True)["state_dict"]
    assert set(converted) == set(backbone)
    for key, value in values.items():
        assert torch.equal(converted[key], value), key
    assert all(converted[k].item() == 0 for k in backbone if k.endswith("num_batches_tracked"))
    report = native_tool("load", options, tmp_path / "backbone.pth").stdout
    assert report.startswith(f"{len(backbone)} tensors loaded; "), report
    assert "unexpected" not in report and "mismatch" not in report, report


def test_unknown_keys_are_refused_by_name(converter, tmp_path):
    state = {"body.stage1.0.0.weight": torch.zeros(8, 3, 3, 3), "fpn.output1.0.weight": torch.zeros(64, 64, 1, 1),
             "ssh4.conv3X3.0.weight": torch.zeros(32, 64, 3, 3)}
    torch.save(state, tmp_path / "authors.pth")
    with pytest.raises(SystemExit) as error:
        converter.main([str(tmp_path / "authors.pth"), str(tmp_path / "out.pth")])
    assert "ssh4.conv3X3.0.weight" in str(error.value) and "fpn.output1" not in str(error.value)
    assert not (tmp_path / "out.pth").exists()
    # The ImageNet MobileNet given as a detector: refused, with the option that fits.
    torch.save({"state_dict": {"module.stage1.0.0.weight": torch.zeros(8, 3, 3, 3), "module.fc.bias": torch.zeros(10)}},
               tmp_path / "pretrain.tar")
    with pytest.raises(SystemExit) as error:
        converter.main([str(tmp_path / "pretrain.tar"), str(tmp_path / "out.pth")])
    assert "stage1.0.0.weight" in str(error.value) and "--backbone-only" in str(error.value)
