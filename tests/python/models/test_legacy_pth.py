"""Checkpoints in the format before PyTorch 1.6 (torch.save(..., _use_new_zipfile_serialization=False))
load like zip ones: the same tensors, shared storages and views included; a truncated legacy file
is an error naming the file."""
import torch

from .test_resnet_parity import ResNet50


def test_legacy_checkpoint_gives_the_zip_checkpoints_features(native_tool, tmp_path):
    torch.manual_seed(0)
    state = ResNet50().eval().state_dict()
    torch.save(state, tmp_path / "zip.pth")
    # Legacy files also hold views into shared storages: conv1's weight twice, once as a view.
    legacy = dict(state)
    legacy["unused_view"] = state["conv1.weight"].view(-1)[10:20]
    torch.save(legacy, tmp_path / "legacy.pth", _use_new_zipfile_serialization=False)
    assert (tmp_path / "legacy.pth").read_bytes()[:2] != b"PK"
    x = torch.randn(1, 3, 64, 64)
    torch.save(x, tmp_path / "input.pt")
    (tmp_path / "options.txt").write_text("depth=50\nout_indices=0,1,2,3\n")
    results = {}
    for name in ("zip", "legacy"):
        out = native_tool("features", tmp_path / "options.txt", tmp_path / f"{name}.pth", tmp_path / "input.pt",
                          tmp_path / f"{name}_features.pt")
        assert "missing" not in out.stdout, out.stdout
        results[name] = torch.load(tmp_path / f"{name}_features.pt")
    for a, b in zip(results["zip"], results["legacy"]):
        torch.testing.assert_close(a, b, rtol=0, atol=0)


def test_truncated_legacy_checkpoint_is_an_error_naming_the_file(native_tool, tmp_path):
    torch.save({"w": torch.ones(1000)}, tmp_path / "legacy.pth", _use_new_zipfile_serialization=False)
    data = (tmp_path / "legacy.pth").read_bytes()
    (tmp_path / "cut.pth").write_bytes(data[:-100])
    torch.save(torch.zeros(1, 3, 32, 32), tmp_path / "input.pt")
    (tmp_path / "options.txt").write_text("depth=18\n")
    result = native_tool("features", tmp_path / "options.txt", tmp_path / "cut.pth", tmp_path / "input.pt",
                         tmp_path / "out.pt", check=False)
    assert result.returncode != 0
    assert "cut.pth" in result.stderr and "truncated" in result.stderr, result.stderr
