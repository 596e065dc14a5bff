"""A torchvision-layout ResNet-50 state_dict saved with torch.save loads into the native backbone,
and the native C2-C5 features equal those of an equivalent reference model built here."""
import torch
from torch import nn


class Bottleneck(nn.Module):
    """torchvision's Bottleneck (stride on the 3x3 conv: mmdetection's style='pytorch')."""

    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.downsample = None
        if stride != 1 or inplanes != planes * 4:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes * 4, 1, stride, bias=False),
                                            nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = torch.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return torch.relu(out + (x if self.downsample is None else self.downsample(x)))


class ResNet50(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        inplanes = 64
        for i, (blocks, planes) in enumerate(zip((3, 4, 6, 3), (64, 128, 256, 512))):
            layer = []
            for b in range(blocks):
                layer.append(Bottleneck(inplanes, planes, (1 if i == 0 else 2) if b == 0 else 1))
                inplanes = planes * 4
            setattr(self, f"layer{i + 1}", nn.Sequential(*layer))
        self.fc = nn.Linear(2048, 1000)  # in ImageNet checkpoints; the backbone must ignore it

    def features(self, x):
        x = torch.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        outs = []
        for i in range(1, 5):
            x = getattr(self, f"layer{i}")(x)
            outs.append(x)
        return outs


def test_torchvision_resnet50_weights_give_the_same_features(native_tool, tmp_path):
    torch.manual_seed(0)
    ref = ResNet50().eval()
    with torch.no_grad():  # non-trivial BatchNorm statistics, so that the buffers matter
        for m in ref.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.1, 0.1)
    torch.save(ref.state_dict(), tmp_path / "resnet50.pth")
    x = torch.randn(1, 3, 96, 128)
    torch.save(x, tmp_path / "input.pt")
    (tmp_path / "options.txt").write_text("depth=50\nout_indices=0,1,2,3\nnorm_eval=true\n")
    result = native_tool("features", tmp_path / "options.txt", tmp_path / "resnet50.pth", tmp_path / "input.pt",
                         tmp_path / "features.pt")
    # Every backbone tensor loaded; only the classifier is left over.
    assert "unexpected keys: fc.bias, fc.weight" in result.stdout or "unexpected keys: fc.weight, fc.bias" in result.stdout
    assert "missing" not in result.stdout
    ours = torch.load(tmp_path / "features.pt")
    with torch.no_grad():
        expected = ref.features(x)
    assert len(ours) == 4
    for level, (a, b) in enumerate(zip(ours, expected)):
        assert a.shape == b.shape, f"C{level + 2}"
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-4 * b.abs().max().item())
