"""PyTorch side of `histo4j bench train|infer`: the same configurations, timed the same way, as JSON lines.

Architectures: torchvision's by name, and "nic" (built here like histo4j's NIC encoder plus a linear head).
Run by the benchmark under /usr/bin/python3 (Debian's python3-torch and python3-torchvision) with tcmalloc
preloaded like the JVM. For each size: `warmup` untimed iterations, then `iterations` timed ones on random
input, batch `batch`, float32, `threads` intra-op threads; train = forward + cross-entropy + backward + SGD step.
`--device cuda:0` runs on a GPU (timed between CUDA synchronisations; the peak of allocated GPU memory is
reported in MB as "gpu_peak_mb").
Prints one JSON object per size: {"mode", "arch", "size", "batch", "threads", "device", "images_per_s", "gflops"}.
"""
import argparse
import json
import time

import torch
import torchvision


def flops_per_image(model, size):
    """Multiply-adds x 2 of the convolutions and linear layers for one image (forward)."""
    total = 0

    def hook(module, inputs, output):
        nonlocal total
        if isinstance(module, torch.nn.Conv2d):
            out = output.shape
            kernel = module.kernel_size[0] * module.kernel_size[1] * module.in_channels // module.groups
            total += 2 * kernel * out[1] * out[2] * out[3]
        elif isinstance(module, torch.nn.Linear):
            total += 2 * module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in model.modules()
               if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
    with torch.no_grad():
        model.eval()
        model(torch.zeros(1, 3, size, size))
    for h in handles:
        h.remove()
    return total


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def nic(size, classes):
    """histo4j's NIC encoder (model/encoder/NicEncoder.java) with a linear head: 4 x (conv 3x3 stride 2 valid 128,
    LeakyReLU 0.2, batch norm eps 1e-3, Keras/DJL momentum 0.8 = PyTorch 0.2), flatten, dense 128, linear."""
    layers, channels, side = [], 3, size
    for _ in range(4):
        layers += [torch.nn.Conv2d(channels, 128, 3, stride=2, padding=0, bias=True), torch.nn.LeakyReLU(0.2),
                   torch.nn.BatchNorm2d(128, eps=1e-3, momentum=0.2)]
        channels, side = 128, (side - 3) // 2 + 1
    return torch.nn.Sequential(*layers, torch.nn.Flatten(), torch.nn.Linear(128 * side * side, 128),
                               torch.nn.Linear(128, classes))


def run(arch, mode, size, batch, threads, warmup, iterations, device):
    torch.manual_seed(0)
    model = nic(size, 1000) if arch == "nic" else getattr(torchvision.models, arch)(num_classes=1000)
    forward_flops = flops_per_image(model, size)
    model = model.to(device)
    x = torch.randn(batch, 3, size, size).to(device)
    y = torch.randint(0, 1000, (batch,)).to(device)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    if mode == "train":
        model.train()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        loss_fn = torch.nn.CrossEntropyLoss()

        def step():
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
        flops = 3 * forward_flops
    else:
        model.eval()

        def step():
            with torch.no_grad():
                model(x)
        flops = forward_flops
    for _ in range(warmup):
        step()
    synchronize(device)
    start = time.perf_counter()
    for _ in range(iterations):
        step()
    synchronize(device)
    seconds = time.perf_counter() - start
    images_per_s = batch * iterations / seconds
    result = {"mode": mode, "arch": arch, "size": size, "batch": batch, "threads": threads, "device": str(device),
              "images_per_s": images_per_s, "gflops": images_per_s * flops / 1e9}
    if device.type == "cuda":
        result["gpu_peak_mb"] = torch.cuda.max_memory_allocated(device) / 2**20
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--arch", default="resnet18")
    parser.add_argument("--mode", choices=["train", "infer"], default="train")
    parser.add_argument("--sizes", default="64,96,224")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--device", default="cpu", help="cpu (default) or cuda:N")
    args = parser.parse_args()
    device = torch.device(args.device)
    torch.set_num_threads(args.threads)
    for size in (int(s) for s in args.sizes.split(",")):
        print(json.dumps(run(args.arch, args.mode, size, args.batch, args.threads, args.warmup,
                             args.iterations, device)), flush=True)


if __name__ == "__main__":
    main()
