"""Provenance of torchvision-reference.txt, used by TorchvisionLayoutTest.

torchvision is not installed on the build machines, so this file restates torchvision's ResNet (v1.5) and
DenseNet-121 module trees in plain PyTorch with torchvision's module names (torchvision/models/resnet.py and
densenet.py), checks the state-dict sizes against torchvision's published parameter counts, fills every
state-dict entry (in state-dict order, num_batches_tracked skipped) by a closed formula that the Java test
repeats, runs one formula image through each network in eval mode and writes the features.

Run once with Debian's python3-torch 1.13: /usr/bin/python3 make_torchvision_reference.py
Formula for entry j (0-based) with n values, value i:
  s = sin(0.7 * ((i * i) mod 1009) + j)
  *.running_var -> 1 + 0.5 * s;  *.running_mean, *.bias -> 0.1 * s;  norm/bn weight (1-D) -> 1 + 0.1 * s
  conv / linear weight -> s * sqrt(2 / fan_in), fan_in = n / out_channels
Image (1 x 3 x 64 x 64, flat index k): sin(0.1 * k).
"""
import math
from collections import OrderedDict

import torch
from torch import nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + identity)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return self.relu(out + identity)


class ResNet(nn.Module):
    def __init__(self, block, layers):
        super().__init__()
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], 2)
        self.layer3 = self._make_layer(block, 256, layers[2], 2)
        self.layer4 = self._make_layer(block, 512, layers[3], 2)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes * block.expansion, 1, stride, bias=False),
                                       nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)


class DenseLayer(nn.Module):
    def __init__(self, num_input_features, growth_rate, bn_size):
        super().__init__()
        self.norm1 = nn.BatchNorm2d(num_input_features)
        self.relu1 = nn.ReLU(inplace=True)
        self.conv1 = nn.Conv2d(num_input_features, bn_size * growth_rate, 1, bias=False)
        self.norm2 = nn.BatchNorm2d(bn_size * growth_rate)
        self.relu2 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(bn_size * growth_rate, growth_rate, 3, 1, 1, bias=False)

    def forward(self, x):
        new = self.conv2(self.relu2(self.norm2(self.conv1(self.relu1(self.norm1(x))))))
        return torch.cat([x, new], 1)


class DenseNet121(nn.Module):
    def __init__(self, growth_rate=32, block_config=(6, 12, 24, 16), num_init_features=64, bn_size=4):
        super().__init__()
        self.features = nn.Sequential(OrderedDict([
            ("conv0", nn.Conv2d(3, num_init_features, 7, 2, 3, bias=False)),
            ("norm0", nn.BatchNorm2d(num_init_features)),
            ("relu0", nn.ReLU(inplace=True)),
            ("pool0", nn.MaxPool2d(3, 2, 1)),
        ]))
        num_features = num_init_features
        for i, num_layers in enumerate(block_config):
            block = nn.Sequential()
            for j in range(num_layers):
                block.add_module("denselayer%d" % (j + 1),
                                 DenseLayer(num_features + j * growth_rate, growth_rate, bn_size))
            self.features.add_module("denseblock%d" % (i + 1), block)
            num_features = num_features + num_layers * growth_rate
            if i != len(block_config) - 1:
                trans = nn.Sequential(OrderedDict([
                    ("norm", nn.BatchNorm2d(num_features)),
                    ("relu", nn.ReLU(inplace=True)),
                    ("conv", nn.Conv2d(num_features, num_features // 2, 1, bias=False)),
                    ("pool", nn.AvgPool2d(2, 2)),
                ]))
                self.features.add_module("transition%d" % (i + 1), trans)
                num_features = num_features // 2
        self.features.add_module("norm5", nn.BatchNorm2d(num_features))

    def forward(self, x):
        return torch.flatten(F.adaptive_avg_pool2d(F.relu(self.features(x)), 1), 1)


def fill(model):
    entries = [(k, v) for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")]
    with torch.no_grad():
        for j, (name, tensor) in enumerate(entries):
            n = tensor.numel()
            i = torch.arange(n, dtype=torch.int64)
            s = torch.sin(0.7 * ((i * i) % 1009).to(torch.float64) + j)
            if name.endswith("running_var"):
                v = 1 + 0.5 * s
            elif name.endswith("running_mean") or name.endswith("bias"):
                v = 0.1 * s
            elif tensor.dim() == 1:
                v = 1 + 0.1 * s
            else:
                v = s * math.sqrt(2.0 / (n / tensor.shape[0]))
            tensor.copy_(v.reshape(tensor.shape).to(tensor.dtype))
    return model


def trainable(model):
    return sum(p.numel() for p in model.parameters())


image = torch.sin(0.1 * torch.arange(3 * 64 * 64, dtype=torch.float64)).reshape(1, 3, 64, 64).float()
models = [("resnet18", ResNet(BasicBlock, [2, 2, 2, 2]), 11176512),
          ("resnet50", ResNet(Bottleneck, [3, 4, 6, 3]), 23508032),
          ("densenet121", DenseNet121(), 6953856)]
with open("torchvision-reference.txt", "w") as out:
    for name, model, count in models:
        assert trainable(model) == count, (name, trainable(model))
        fill(model).eval()
        with torch.no_grad():
            features = model(image)[0]
        out.write(name + " " + " ".join("%.7e" % v for v in features.tolist()) + "\n")
