"""Checkpoints cross between the native core and Python's torch.save / torch.load."""
import pathlib

import pytest
import torch

OPTIONS = """type=RetinaNet
backbone.type=ResNet
neck.type=FPN
bbox_head.type=RetinaHead
backbone.depth=18
backbone.out_indices=1,2,3
neck.in_channels=128,256,512
neck.out_channels=32
neck.num_outs=5
neck.add_extra_convs=on_input
bbox_head.num_classes=3
bbox_head.in_channels=32
bbox_head.feat_channels=32
bbox_head.stacked_convs=2
bbox_head.anchor_generator.type=AnchorGenerator
bbox_head.anchor_generator.octave_base_scale=4
bbox_head.anchor_generator.scales_per_octave=3
bbox_head.anchor_generator.ratios=0.5,1.0,2.0
bbox_head.anchor_generator.strides=8,16,32,64,128
bbox_head.loss_cls.type=FocalLoss
bbox_head.loss_bbox.type=L1Loss
"""


@pytest.fixture
def options(tmp_path):
    path = tmp_path / "options.txt"
    path.write_text(OPTIONS)
    return path


def test_native_checkpoint_loads_in_python_with_mmdetection_keys(native_tool, options, tmp_path):
    native_tool("save", options, tmp_path / "ckpt.pth")
    ckpt = torch.load(tmp_path / "ckpt.pth", weights_only=True)
    assert set(ckpt) == {"meta", "state_dict"}
    state = ckpt["state_dict"]
    for key in ("backbone.conv1.weight", "backbone.layer1.0.bn1.running_var", "neck.lateral_convs.0.conv.weight",
                "neck.fpn_convs.4.conv.bias", "bbox_head.cls_convs.1.conv.weight", "bbox_head.retina_cls.weight",
                "bbox_head.retina_reg.bias"):
        assert key in state, key
    assert state["bbox_head.retina_cls.weight"].shape == (9 * 3, 32, 3, 3)
    # The prior-probability bias of the classifier (RetinaNet section 4.1).
    torch.testing.assert_close(state["bbox_head.retina_cls.bias"],
                               torch.full((27,), -torch.log(torch.tensor(99.0)).item()))


def test_mmdetection_layout_checkpoint_loads_strictly(native_tool, options, tmp_path):
    native_tool("save", options, tmp_path / "ours.pth")
    state = torch.load(tmp_path / "ours.pth", weights_only=True)["state_dict"]
    # As mmdetection writes it: OrderedDict state_dict, a meta dict and optimizer state.
    mmdet = {"meta": {"mmdet_version": "2.28.2", "CLASSES": ("circle", "rectangle", "triangle"), "epoch": 12},
             "state_dict": __import__("collections").OrderedDict((k, v + 1) for k, v in state.items()),
             "optimizer": {"state": {}, "param_groups": []}}
    torch.save(mmdet, tmp_path / "mmdet.pth")
    result = native_tool("load", options, tmp_path / "mmdet.pth", "--strict")
    assert f"{len(state)} tensors loaded" in result.stdout


def test_mismatched_and_corrupt_checkpoints_are_clear_errors(native_tool, options, tmp_path):
    native_tool("save", options, tmp_path / "ours.pth")
    state = torch.load(tmp_path / "ours.pth", weights_only=True)["state_dict"]
    state["bbox_head.retina_cls.weight"] = torch.zeros(9 * 80, 32, 3, 3)  # another num_classes
    del state["neck.fpn_convs.0.conv.bias"]
    state["roi_head.bbox_head.fc_cls.weight"] = torch.zeros(2, 2)
    torch.save({"state_dict": state}, tmp_path / "other.pth")
    result = native_tool("load", options, tmp_path / "other.pth", "--strict", check=False)
    assert result.returncode == 1
    for expected in ("missing keys: neck.fpn_convs.0.conv.bias", "unexpected keys: roi_head.bbox_head.fc_cls.weight",
                     "bbox_head.retina_cls.weight: file [720, 32, 3, 3] vs model [27, 32, 3, 3]"):
        assert expected in result.stderr, result.stderr
    good = (tmp_path / "ours.pth").read_bytes()
    (tmp_path / "truncated.pth").write_bytes(good[: len(good) // 2])
    result = native_tool("load", options, tmp_path / "truncated.pth", check=False)
    assert result.returncode == 1 and "is not a readable PyTorch file" in result.stderr, result.stderr


def test_meta_is_a_dict_as_mmcv_writes_it(native_tool, options, tmp_path):
    meta = ('{"CLASSES": ["circle", "rectangle", "triangle"], "epoch": 3, "iter": 120, "lr": 0.5, '
            '"fp16": {"loss_scaler": {"scale": 65536.0, "_growth_tracker": 7}}, "seed": null, "flip": true}')
    native_tool("save", options, tmp_path / "ckpt.pth", meta)
    ckpt = torch.load(tmp_path / "ckpt.pth", weights_only=True)
    # What mmdetection's init_detector reads.
    assert ckpt["meta"]["CLASSES"] == ["circle", "rectangle", "triangle"]
    assert ckpt["meta"] == {"CLASSES": ["circle", "rectangle", "triangle"], "epoch": 3, "iter": 120, "lr": 0.5,
                            "fp16": {"loss_scaler": {"scale": 65536.0, "_growth_tracker": 7}}, "seed": None,
                            "flip": True}
    assert list(ckpt["meta"]) == ["CLASSES", "epoch", "iter", "lr", "fp16", "seed", "flip"]


def test_optimizer_state_restores_a_torch_sgd(native_tool, options, tmp_path):
    """The optimizer state is torch.optim's state_dict(): an SGD over the same parameters, grouped
    as the file names them, loads it and steps from the saved momentum."""
    native_tool("save", options, tmp_path / "ckpt.pth", '{"CLASSES": ["a", "b", "c"]}', "--with-optimizer")
    ckpt = torch.load(tmp_path / "ckpt.pth", weights_only=True)
    assert ckpt["meta"]["CLASSES"] == ["a", "b", "c"]
    saved = ckpt["optimizer"]
    params = {k: torch.nn.Parameter(v.clone()) for k, v in ckpt["state_dict"].items() if v.is_floating_point()}
    groups = [{"params": [params[n] for n in g["param_names"]], "lr": 0.1} for g in saved["param_groups"]]
    sgd = torch.optim.SGD(groups, lr=0.1)
    sgd.load_state_dict(saved)
    # mmcv's paramwise_cfg as the file was written: biases at twice the lr and without decay.
    by_lr = {g["lr"]: g for g in sgd.param_groups}
    assert set(by_lr) == {0.02, 0.04}
    assert by_lr[0.04]["weight_decay"] == 0 and by_lr[0.02]["weight_decay"] == 0.0001
    assert all(n.endswith(".bias") for n in saved["param_groups"][-1]["param_names"])
    # One step with zero gradients: buffer <- 0.9 buffer + wd p, p <- p - lr buffer.
    name = saved["param_groups"][0]["param_names"][0]
    p = params[name]
    buffer = sgd.state[p]["momentum_buffer"].clone()
    assert buffer.abs().sum() > 0
    before = p.detach().clone()
    for group in sgd.param_groups:
        for q in group["params"]:
            q.grad = torch.zeros_like(q)
    sgd.step()
    expected = before - 0.02 * (0.9 * buffer + 0.0001 * before)
    torch.testing.assert_close(p.detach(), expected, rtol=1e-6, atol=1e-8)
