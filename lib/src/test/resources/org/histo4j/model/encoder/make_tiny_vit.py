"""A tiny ViT, scripted with its blocks exposed, for TorchScriptEncoderVitTest.

Usage: python3 make_tiny_vit.py OUT_DIR
Writes OUT_DIR/tiny-vit.pt (torch.jit.script), OUT_DIR/tiny-vit.json (input size, normalisation, blocks) and
OUT_DIR/expected.json: features computed here, in PyTorch, for the test input (pixel i of the flattened
2 x 3 x 32 x 32 batch is (i % 17) / 16), normalised with the JSON's mean and std, for each readout.
"""
import json
import sys

import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))

    def forward(self, x):
        y = self.norm1(x)
        x = x + self.attn(y, y, y, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class TinyViT(nn.Module):
    def __init__(self, size: int = 32, patch: int = 8, dim: int = 24, depth: int = 3, heads: int = 3):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dim, patch, patch)
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.randn(1, 1 + (size // patch) ** 2, dim) * 0.5)
        self.blocks = nn.ModuleList([Block(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.depth = depth

    @torch.jit.export
    def forward_tokens(self, x, depth: torch.Tensor):
        k = int(depth[0].item())
        t = self.patch_embed(x).flatten(2).transpose(1, 2)
        t = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), t], dim=1) + self.pos_embed
        i = 0
        for block in self.blocks:
            if i < k:
                t = block(t)
            i += 1
        if k == self.depth:
            t = self.norm(t)
        return t

    def forward(self, x):
        return self.forward_tokens(x, torch.tensor([self.depth]))[:, 0]


def main(out):
    torch.manual_seed(7)
    model = TinyViT().eval()
    mean, std = [0.5, 0.4, 0.3], [0.2, 0.25, 0.3]
    torch.jit.script(model).save(out + "/tiny-vit.pt")
    with open(out + "/tiny-vit.json", "w") as f:
        json.dump({"input_size": 32, "mean": mean, "std": std, "normalization": "tiny", "blocks": 3}, f)
    x = (torch.arange(2 * 3 * 32 * 32) % 17).float().div(16).reshape(2, 3, 32, 32)
    x = (x - torch.tensor(mean).view(1, 3, 1, 1)) / torch.tensor(std).view(1, 3, 1, 1)
    expected = {}
    with torch.no_grad():
        expected["forward"] = model(x).flatten().tolist()
        for name, k, mean_tokens in [("cls", 3, False), ("mean", 3, True), ("block2", 2, False),
                                     ("block1_mean", 1, True)]:
            t = model.forward_tokens(x, torch.tensor([k]))
            pooled = t[:, 1:].mean(1) if mean_tokens else t[:, 0]
            expected[name] = pooled.flatten().tolist()
    with open(out + "/expected.json", "w") as f:
        json.dump(expected, f)


if __name__ == "__main__":
    main(sys.argv[1])
