"""Provenance of tiny-encoder.pt, the TorchScript fixture of TorchScriptEncoderTest.

Run once with Debian's python3-torch (1.13): /usr/bin/python3 make_tiny_torchscript.py
The weights follow closed formulas so the Java test can recompute the outputs by hand:
  conv.weight[o, c, i, j] = (((o * 27 + c * 9 + i * 3 + j) % 7) - 3) / 10   (4 x 3 x 3 x 3, padding 1)
  conv.bias[o]            = o / 10
  fc.weight[k, o]         = (k - o) / 4                                       (3 x 4)
  fc.bias[k]              = k / 10
forward: fc(mean_hw(relu(conv(x)))).
"""
import torch
from torch import nn


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return self.fc(torch.relu(self.conv(x)).mean(dim=(2, 3)))


model = Tiny().eval()
with torch.no_grad():
    for o in range(4):
        for c in range(3):
            for i in range(3):
                for j in range(3):
                    model.conv.weight[o, c, i, j] = (((o * 27 + c * 9 + i * 3 + j) % 7) - 3) / 10
        model.conv.bias[o] = o / 10
    for k in range(3):
        for o in range(4):
            model.fc.weight[k, o] = (k - o) / 4
        model.fc.bias[k] = k / 10
traced = torch.jit.trace(model, torch.zeros(1, 3, 8, 8))
traced.save("tiny-encoder.pt")
