#!/usr/bin/python3
"""Writes tests/golden/models/: for torchvision models (weights=None, offline)
and tutorial models written as people write them (tests/golden/models/*.py),
what PyTorch says of each, for tests/unit/test_code_models.cpp and
tests/e2e/code.test.mjs:

  <name>.txt   the paste: print(model)'s output (torchvision); a tutorial's paste is its .py
  <name>.json  {"input": [N, C, H, W], "params": total, "torchinfo": {...},
               "modules": [[path, type, output shape without N, own params], ...]}
               with one entry per call of a leaf module, in the order forward
               calls them (forward hooks)

"torchinfo" holds the totals torchinfo's summary() prints for this model and
input, counted here by torchinfo's own rules (torchinfo is on PyPI only, so
it is not a dependency; its rules, from torchinfo/layer_info.py
calculate_macs and model_statistics.py, are restated in TorchinfoMacs):
  params, trainable  every parameter once (model.parameters(); requires_grad)
  macs               "Total mult-adds": summed over every call of a leaf module
  macs_by_type       the same sum per module type ("Conv2d", "BatchNorm2d", ...)

Run through scripts/goldens (PyTorch 1.13 and torchvision 0.14 from Debian).
"""
import contextlib
import io
import json
import os
import sys

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "golden", "models")

TORCHVISION = ["alexnet", "vgg16_bn", "resnet18", "resnet50", "mobilenet_v2", "efficientnet_b0",
               "squeezenet1_0", "googlenet"]


def TorchinfoMacs(module, output):
    """torchinfo's mult-adds of one call of a leaf module: each parameter named
    weight or bias counts its elements once per output position for a class
    whose name contains "Conv" (N x H_out x W_out; a transposed conv too, and
    the bias too), else once per sample (N: a BatchNorm's 2C, a Linear's
    in*out + out). Modules without parameters (ReLU, pools) count 0."""
    macs = 0
    positions = output.shape[0]
    for d in output.shape[2:]:
        positions *= d
    for name, p in module.named_parameters(recurse=False):
        if name in ("weight", "bias"):
            macs += p.numel() * (positions if "Conv" in type(module).__name__ else output.shape[0])
    return macs


def hooked(model, x):
    records = []
    macs = {}

    def hook_for(name):
        def hook(module, inputs, output):
            if isinstance(output, torch.Tensor):
                shape = list(output.shape[1:])
                own = sum(p.numel() for p in module.parameters(recurse=False))
                records.append([name, type(module).__name__, shape, own])
                kind = type(module).__name__
                macs[kind] = macs.get(kind, 0) + TorchinfoMacs(module, output)
        return hook

    handles = [m.register_forward_hook(hook_for(n)) for n, m in model.named_modules() if not list(m.children())]
    model.eval()
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return records, {k: v for k, v in sorted(macs.items()) if v}


def write(name, paste, model, x):
    if paste is not None:  # a tutorial model's paste is its .py itself
        with open(os.path.join(OUT, name + ".txt"), "w") as f:
            f.write(paste)
    modules, macs = hooked(model, x)
    info = {"params": sum(p.numel() for p in model.parameters()),
            "trainable": sum(p.numel() for p in model.parameters() if p.requires_grad),
            "macs": sum(macs.values()), "macs_by_type": macs}
    doc = {"torch": torch.__version__, "input": list(x.shape),
           "params": sum(p.numel() for p in model.parameters()), "modules": modules}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        f.write("{\"torch\": %s, \"input\": %s, \"params\": %d, \"torchinfo\": %s, \"modules\": [\n" %
                (json.dumps(doc["torch"]), json.dumps(doc["input"]), doc["params"], json.dumps(info)))
        f.write(",\n".join(json.dumps(m) for m in doc["modules"]))
        f.write("\n]}\n")
    print("%-16s %3d module calls, %d parameters, torchinfo mult-adds %d" %
          (name, len(doc["modules"]), doc["params"], info["macs"]))


def main():
    import torchvision
    torch.manual_seed(0)
    for name in TORCHVISION:
        kwargs = {"weights": None}
        if name == "googlenet":
            kwargs["init_weights"] = False
        model = getattr(torchvision.models, name)(**kwargs)
        write(name, str(model) + "\n", model, torch.randn(1, 3, 224, 224))
    for file in sorted(os.listdir(OUT)):
        if not file.endswith(".py"):
            continue
        path = os.path.join(OUT, file)
        code = open(path).read()
        scope = {}
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(code, path, "exec"), scope)
        model = [v for v in scope.values() if isinstance(v, nn.Module)][-1]
        x = [v for v in scope.values() if isinstance(v, torch.Tensor) and v.dim() == 4][0]
        write(file[:-3], None, model, x)


if __name__ == "__main__":
    sys.exit(main())
