#!/usr/bin/python3
"""Writes PyTorch's answers for conv2d, conv_transpose2d, max_pool2d and
avg_pool2d into tests/golden/*.json, for tests/unit/test_golden.cpp.

Run through scripts/goldens (which installs python3-torch first). Needs
PyTorch 1.13 under /usr/bin/python3. The output is deterministic: the same
torch version writes the same bytes, so a diff of tests/golden means behaviour
changed.

Each file is {"torch": version, "cases": [...]}, one case per line. A case holds
the inputs (shapes and values), the options in the engine's vocabulary, and
either "y_shape" + "y" or "error" (PyTorch's message when it refuses).

Values: inputs and weights are seeded normal samples rounded to 2 decimals, so
the JSON text is exactly what torch computed with. Outputs keep 7 significant
digits. -inf (a max-pool window holding only padding) is written as "-inf".

Index
  [SECTION] VALUES       seeded tensors and JSON encoding
  [SECTION] CONV2D
  [SECTION] TRANSPOSED
  [SECTION] POOLING
  [SECTION] MAIN
"""
import json
import math
import os
import random
import sys
import warnings

import torch
import torch.nn.functional as F

warnings.filterwarnings("ignore")  # 'same' with an even kernel warns about a copy
torch.set_num_threads(1)           # summation order, hence the last bit, stays put

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "golden"))

# [SECTION] VALUES

_gen = torch.Generator().manual_seed(1913)


def values(shape):
    t = torch.randn(*shape, generator=_gen)
    return torch.round(t * 100) / 100


def enc(t):
    out = []
    for v in t.flatten().tolist():
        if math.isinf(v):
            out.append("-inf" if v < 0 else "inf")
        elif math.isnan(v):
            out.append("nan")
        else:
            out.append(float("%.7g" % v))
    return out


def run(case, fn, *tensors):
    """Calls fn; records its output or PyTorch's error text in case."""
    try:
        with torch.no_grad():
            y = fn()
        case["y_shape"] = list(y.shape)
        case["y"] = enc(y)
    except (RuntimeError, ValueError) as e:
        case["error"] = str(e).splitlines()[0]
    return case


# [SECTION] CONV2D
# Engine vocabulary: rule explicit|same|valid|same_tf, pad [top, bottom, left, right],
# mode zeros|reflect|replicate|circular.

def tf_same(i, k, s, d):
    """TensorFlow's SAME: out = ceil(i/s), total = max((out-1)*s + d*(k-1)+1 - i, 0)."""
    out = -(-i // s)
    total = max((out - 1) * s + d * (k - 1) + 1 - i, 0)
    return total // 2, total - total // 2


def conv2d_case(name, x_shape, w_shape, bias=True, stride=(1, 1), rule="explicit", pad=(0, 0, 0, 0),
                dilation=(1, 1), groups=1, mode="zeros", bias_len=None):
    x = values(x_shape)
    w = values(w_shape)
    blen = w_shape[0] if bias_len is None else bias_len
    b = values([blen]) if bias else None
    case = {"name": name, "x_shape": list(x_shape), "x": enc(x), "w_shape": list(w_shape), "w": enc(w),
            "bias": enc(b) if b is not None else [], "stride": list(stride), "rule": rule, "pad": list(pad),
            "dilation": list(dilation), "groups": groups, "mode": mode}
    t, bo, l, r = pad
    pad_mode = {"zeros": "constant"}.get(mode, mode)

    def fn():
        if rule in ("same", "valid"):
            if mode == "zeros":
                return F.conv2d(x, w, b, stride, rule, dilation, groups)
            # nn.Conv2d is where PyTorch defines padding_mode; use it as is.
            m = torch.nn.Conv2d(x_shape[1], w_shape[0], tuple(w_shape[2:]), stride, rule, dilation, groups,
                                bias is not None, mode)
            m.weight = torch.nn.Parameter(w)
            m.bias = torch.nn.Parameter(b) if b is not None else None
            return m(x)
        if rule == "same_tf":
            ph = tf_same(x_shape[2], w_shape[2], stride[0], dilation[0])
            pw = tf_same(x_shape[3], w_shape[3], stride[1], dilation[1])
            xp = F.pad(x, (pw[0], pw[1], ph[0], ph[1]), pad_mode)
            return F.conv2d(xp, w, b, stride, 0, dilation, groups)
        if t == bo and l == r and mode == "zeros":
            return F.conv2d(x, w, b, stride, (t, l), dilation, groups)
        if t == bo and l == r:
            m = torch.nn.Conv2d(x_shape[1], w_shape[0], tuple(w_shape[2:]), stride, (t, l), dilation, groups,
                                bias is not None, mode)
            m.weight = torch.nn.Parameter(w)
            m.bias = torch.nn.Parameter(b) if b is not None else None
            return m(x)
        # Per-side padding: PyTorch's convs take one number per axis; the
        # documented way is F.pad first, which is also what nn.Conv2d does for modes.
        if min(pad) < 0:
            raise RuntimeError("negative padding is not supported")
        return F.conv2d(F.pad(x, (l, r, t, bo), pad_mode), w, b, stride, 0, dilation, groups)

    return run(case, fn)


def conv2d_cases():
    c = []
    add = c.append
    # Edges named in the issue
    add(conv2d_case("kernel equals input", [1, 1, 3, 3], [1, 1, 3, 3]))
    add(conv2d_case("kernel equals padded input", [1, 2, 3, 4], [2, 2, 5, 6], pad=(1, 1, 1, 1)))
    add(conv2d_case("kernel one larger than padded input", [1, 1, 3, 3], [1, 1, 6, 5], pad=(1, 1, 1, 1)))
    add(conv2d_case("kernel larger than input", [1, 1, 4, 4], [1, 1, 5, 5]))
    add(conv2d_case("stride larger than kernel", [1, 1, 7, 8], [1, 1, 2, 2], stride=(3, 4)))
    add(conv2d_case("stride larger than input", [1, 1, 3, 3], [1, 1, 2, 2], stride=(5, 7)))
    add(conv2d_case("floor drops rows", [1, 1, 8, 7], [1, 1, 3, 3], stride=(2, 3)))
    for k in (2, 4):
        add(conv2d_case(f"same even kernel {k}", [1, 2, 5, 6], [3, 2, k, k], rule="same"))
    add(conv2d_case("same even x odd kernel", [1, 1, 5, 5], [1, 1, 2, 3], rule="same"))
    add(conv2d_case("same dilated", [1, 1, 6, 6], [2, 1, 3, 2], rule="same", dilation=(2, 3)))
    add(conv2d_case("same kernel larger than input", [1, 1, 3, 2], [1, 1, 5, 4], rule="same"))
    add(conv2d_case("same stride 2", [1, 1, 6, 6], [1, 1, 3, 3], rule="same", stride=(2, 2)))
    add(conv2d_case("same stride 1x2", [1, 1, 6, 6], [1, 1, 3, 3], rule="same", stride=(1, 2)))
    add(conv2d_case("valid", [1, 2, 6, 5], [2, 2, 3, 2], rule="valid"))
    add(conv2d_case("valid kernel too large", [1, 1, 3, 3], [1, 1, 4, 1], rule="valid"))
    add(conv2d_case("dilation makes window larger than input", [1, 1, 5, 5], [1, 1, 3, 3], dilation=(3, 3)))
    add(conv2d_case("dilation window fits after padding", [1, 1, 5, 5], [1, 1, 3, 3], dilation=(3, 3),
                    pad=(1, 1, 1, 1)))
    add(conv2d_case("dilated window equals input", [1, 1, 5, 7], [1, 1, 3, 4], dilation=(2, 2)))
    add(conv2d_case("1x1 input 1x1 kernel", [1, 1, 1, 1], [1, 1, 1, 1]))
    add(conv2d_case("1x1 input padded", [2, 3, 1, 1], [4, 3, 3, 3], pad=(1, 1, 1, 1)))
    add(conv2d_case("1x1 input kernel 2", [1, 1, 1, 1], [1, 1, 2, 2]))
    add(conv2d_case("1x1 kernel stride 2", [1, 3, 5, 4], [2, 3, 1, 1], stride=(2, 2)))
    add(conv2d_case("depthwise", [1, 3, 5, 5], [3, 1, 3, 3], groups=3, pad=(1, 1, 1, 1)))
    add(conv2d_case("depthwise multiplier 2", [2, 3, 4, 5], [6, 1, 3, 2], groups=3))
    add(conv2d_case("groups 2", [1, 4, 5, 5], [6, 2, 3, 3], groups=2, stride=(2, 1)))
    add(conv2d_case("groups not dividing out channels", [1, 4, 5, 5], [3, 2, 3, 3], groups=2))
    add(conv2d_case("groups not dividing in channels", [1, 3, 5, 5], [2, 1, 3, 3], groups=2))
    add(conv2d_case("input channel mismatch", [1, 3, 5, 5], [2, 2, 3, 3]))
    add(conv2d_case("channel mismatch with groups", [1, 4, 5, 5], [4, 1, 3, 3], groups=2))
    add(conv2d_case("bias too long", [1, 1, 4, 4], [2, 1, 3, 3], bias_len=3))
    add(conv2d_case("bias too short", [1, 1, 4, 4], [2, 1, 3, 3], bias_len=1))
    add(conv2d_case("no bias", [1, 2, 4, 4], [2, 2, 3, 3], bias=False))
    add(conv2d_case("stride 0", [1, 1, 4, 4], [1, 1, 3, 3], stride=(0, 1)))
    add(conv2d_case("stride negative", [1, 1, 4, 4], [1, 1, 3, 3], stride=(1, -2)))
    add(conv2d_case("dilation 0", [1, 1, 4, 4], [1, 1, 3, 3], dilation=(1, 0)))
    add(conv2d_case("padding negative", [1, 1, 4, 4], [1, 1, 3, 3], pad=(-1, -1, 0, 0)))
    add(conv2d_case("padding negative one side", [1, 1, 4, 4], [1, 1, 3, 3], pad=(0, 0, 1, -1)))
    add(conv2d_case("groups 0", [1, 1, 4, 4], [1, 1, 3, 3], groups=0))
    add(conv2d_case("batch 3", [3, 2, 4, 4], [2, 2, 2, 2], pad=(1, 1, 0, 0)))
    add(conv2d_case("per-side padding", [1, 1, 5, 5], [1, 1, 3, 3], pad=(0, 2, 1, 3)))
    add(conv2d_case("per-side padding strided", [1, 2, 6, 5], [1, 2, 3, 2], pad=(2, 0, 0, 1), stride=(2, 3)))
    # Padding modes and their limits
    for mode in ("zeros", "reflect", "replicate", "circular"):
        add(conv2d_case(f"{mode} pad 1", [1, 2, 5, 4], [2, 2, 3, 3], pad=(1, 1, 1, 1), mode=mode))
        add(conv2d_case(f"{mode} pad 2 strided", [2, 1, 4, 5], [1, 1, 3, 2], pad=(2, 2, 2, 2), stride=(2, 2),
                        mode=mode))
        add(conv2d_case(f"{mode} pad = input-1", [1, 1, 3, 4], [1, 1, 3, 3], pad=(2, 2, 3, 3), mode=mode))
        add(conv2d_case(f"{mode} pad = input", [1, 1, 3, 4], [1, 1, 3, 3], pad=(3, 3, 1, 1), mode=mode))
        add(conv2d_case(f"{mode} pad = input+1", [1, 1, 3, 4], [1, 1, 3, 3], pad=(1, 1, 5, 5), mode=mode))
        add(conv2d_case(f"{mode} per-side", [1, 1, 4, 4], [1, 1, 2, 3], pad=(0, 3, 2, 1), mode=mode))
        add(conv2d_case(f"{mode} per-side one side too large", [1, 1, 3, 3], [1, 1, 2, 2], pad=(0, 3, 0, 4),
                        mode=mode))
        add(conv2d_case(f"{mode} same even", [1, 2, 4, 5], [1, 2, 4, 2], rule="same", mode=mode))
        add(conv2d_case(f"{mode} same dilated", [1, 1, 5, 5], [1, 1, 3, 3], rule="same", dilation=(2, 2),
                        mode=mode))
        add(conv2d_case(f"{mode} same pad exceeds input", [1, 1, 3, 3], [1, 1, 1, 9], rule="same", mode=mode))
        add(conv2d_case(f"{mode} 1x1 input", [1, 1, 1, 1], [1, 1, 3, 3], pad=(1, 1, 1, 1), mode=mode))
        add(conv2d_case(f"{mode} same_tf stride 2", [1, 1, 6, 5], [1, 1, 3, 3], rule="same_tf", stride=(2, 2),
                        mode=mode))
    # TensorFlow SAME (F.pad + conv): odd totals, strides, dilation, no padding needed
    for (ih, iw, kh, kw, s, d) in [(5, 5, 3, 3, 2, 1), (6, 6, 3, 3, 2, 1), (7, 4, 4, 2, 3, 1), (5, 6, 2, 2, 2, 1),
                                   (8, 8, 3, 3, 3, 2), (3, 3, 5, 5, 2, 1), (1, 1, 3, 3, 2, 1), (4, 7, 1, 1, 3, 1),
                                   (6, 6, 2, 4, 1, 1), (9, 5, 3, 2, 4, 2), (5, 5, 6, 6, 5, 1), (2, 2, 1, 1, 3, 1)]:
        add(conv2d_case(f"same_tf in {ih}x{iw} k {kh}x{kw} s {s} d {d}", [1, 2, ih, iw], [2, 2, kh, kw],
                        rule="same_tf", stride=(s, s), dilation=(d, d)))
    # A seeded sweep over everything at once: valid and invalid alike
    rng = random.Random(7)
    for i in range(140):
        n = rng.choice([1, 1, 2])
        groups = rng.choice([1, 1, 1, 2, 3])
        cin = groups * rng.choice([1, 2]) if rng.random() < 0.9 else rng.randint(1, 4)
        cout = groups * rng.choice([1, 2]) if rng.random() < 0.9 else rng.randint(1, 4)
        ih, iw = rng.randint(1, 7), rng.randint(1, 7)
        kh, kw = rng.randint(1, 4), rng.randint(1, 4)
        rule = rng.choice(["explicit"] * 4 + ["same", "valid", "same_tf"])
        stride = (rng.randint(1, 3), rng.randint(1, 3)) if rule != "same" or rng.random() < 0.2 else (1, 1)
        dilation = (rng.choice([1, 1, 2, 3]), rng.choice([1, 1, 2]))
        if rng.random() < 0.6:
            ph, pw = rng.randint(0, 3), rng.randint(0, 3)
            pad = (ph, ph, pw, pw)
        else:
            pad = tuple(rng.randint(0, 3) for _ in range(4))
        mode = rng.choice(["zeros", "zeros", "reflect", "replicate", "circular"])
        wc = cin // groups if cin % groups == 0 else max(1, cin // groups)
        add(conv2d_case(f"sweep {i}", [n, cin, ih, iw], [cout, wc, kh, kw], bias=rng.random() < 0.7,
                        stride=stride, rule=rule, pad=pad if rule == "explicit" else (0, 0, 0, 0),
                        dilation=dilation, groups=groups, mode=mode))
    return c


# [SECTION] TRANSPOSED

def conv_transpose2d_case(name, x_shape, w_shape, bias=True, stride=(1, 1), padding=(0, 0),
                          output_padding=(0, 0), dilation=(1, 1), groups=1, bias_len=None):
    x = values(x_shape)
    w = values(w_shape)
    blen = w_shape[1] * max(groups, 1) if bias_len is None else bias_len
    b = values([blen]) if bias else None
    case = {"name": name, "x_shape": list(x_shape), "x": enc(x), "w_shape": list(w_shape), "w": enc(w),
            "bias": enc(b) if b is not None else [], "stride": list(stride), "padding": list(padding),
            "output_padding": list(output_padding), "dilation": list(dilation), "groups": groups}
    return run(case, lambda: F.conv_transpose2d(x, w, b, stride, padding, output_padding, groups, dilation))


def conv_transpose2d_cases():
    c = []
    add = c.append
    add(conv_transpose2d_case("plain", [1, 1, 3, 3], [1, 1, 3, 3]))
    add(conv_transpose2d_case("stride 2", [1, 2, 3, 4], [2, 3, 3, 3], stride=(2, 2)))
    add(conv_transpose2d_case("stride 2 padding 1 output_padding 1", [1, 1, 4, 4], [1, 2, 3, 3], stride=(2, 2),
                              padding=(1, 1), output_padding=(1, 1)))
    add(conv_transpose2d_case("output_padding = stride", [1, 1, 3, 3], [1, 1, 3, 3], stride=(2, 2),
                              output_padding=(2, 0)))
    add(conv_transpose2d_case("output_padding with stride 1", [1, 1, 3, 3], [1, 1, 3, 3], output_padding=(1, 1)))
    add(conv_transpose2d_case("output_padding < dilation only", [1, 1, 3, 3], [1, 1, 3, 3], output_padding=(1, 0),
                              dilation=(2, 1)))
    add(conv_transpose2d_case("output_padding ok on h only", [1, 1, 3, 3], [1, 1, 3, 3], stride=(2, 1),
                              output_padding=(1, 1)))
    add(conv_transpose2d_case("output_padding negative", [1, 1, 3, 3], [1, 1, 3, 3], output_padding=(-1, 0)))
    add(conv_transpose2d_case("padding crops to 1", [1, 1, 2, 2], [1, 1, 3, 3], padding=(1, 1)))
    add(conv_transpose2d_case("padding beyond kernel reach", [1, 1, 5, 5], [1, 1, 3, 3], padding=(3, 2)))
    add(conv_transpose2d_case("output size zero", [1, 1, 2, 2], [1, 1, 1, 1], padding=(1, 1)))
    add(conv_transpose2d_case("output size negative", [1, 1, 1, 1], [1, 1, 1, 1], padding=(1, 1)))
    add(conv_transpose2d_case("padding negative", [1, 1, 3, 3], [1, 1, 3, 3], padding=(-1, 0)))
    add(conv_transpose2d_case("stride 0", [1, 1, 3, 3], [1, 1, 3, 3], stride=(0, 1)))
    add(conv_transpose2d_case("dilation 0", [1, 1, 3, 3], [1, 1, 3, 3], dilation=(1, 0)))
    add(conv_transpose2d_case("groups 0", [1, 1, 3, 3], [1, 1, 3, 3], groups=0))
    add(conv_transpose2d_case("groups 2", [1, 4, 3, 3], [4, 3, 2, 2], groups=2, stride=(2, 1)))
    add(conv_transpose2d_case("depthwise", [2, 3, 3, 2], [3, 1, 3, 3], groups=3, stride=(2, 2), padding=(1, 0)))
    add(conv_transpose2d_case("groups not dividing channels", [1, 3, 3, 3], [3, 1, 3, 3], groups=2))
    add(conv_transpose2d_case("channel mismatch", [1, 2, 3, 3], [3, 1, 3, 3]))
    add(conv_transpose2d_case("bias wrong length", [1, 1, 3, 3], [1, 2, 3, 3], bias_len=1))
    add(conv_transpose2d_case("no bias", [1, 2, 3, 3], [2, 2, 2, 3], bias=False, stride=(3, 2)))
    add(conv_transpose2d_case("1x1 input", [1, 1, 1, 1], [1, 1, 3, 3], stride=(2, 2)))
    add(conv_transpose2d_case("1x1 kernel stride 3", [1, 2, 3, 3], [2, 1, 1, 1], stride=(3, 3),
                              output_padding=(2, 1)))
    add(conv_transpose2d_case("dilated", [1, 1, 3, 4], [1, 1, 3, 2], dilation=(2, 3), stride=(2, 1),
                              padding=(2, 1)))
    add(conv_transpose2d_case("stride larger than kernel", [1, 1, 3, 3], [1, 1, 2, 2], stride=(4, 3),
                              output_padding=(3, 2)))
    rng = random.Random(11)
    for i in range(70):
        groups = rng.choice([1, 1, 2, 3])
        cin = groups * rng.choice([1, 2]) if rng.random() < 0.9 else rng.randint(1, 4)
        coutg = rng.choice([1, 2])
        ih, iw = rng.randint(1, 5), rng.randint(1, 5)
        kh, kw = rng.randint(1, 4), rng.randint(1, 4)
        stride = (rng.randint(1, 3), rng.randint(1, 3))
        dilation = (rng.choice([1, 1, 2]), rng.choice([1, 1, 2, 3]))
        padding = (rng.randint(0, 3), rng.randint(0, 3))
        # mostly legal output_padding (smaller than stride or dilation), sometimes not
        output_padding = tuple(rng.randint(0, max(s, d) - 1) if rng.random() < 0.85 else rng.randint(0, 2)
                               for s, d in zip(stride, dilation))
        add(conv_transpose2d_case(f"sweep {i}", [rng.choice([1, 2]), cin, ih, iw], [cin, coutg, kh, kw],
                                  bias=rng.random() < 0.7, stride=stride, padding=padding,
                                  output_padding=output_padding, dilation=dilation, groups=groups))
    return c


# [SECTION] POOLING
# stride 0 means "default" (the kernel), as in the engine; torch gets None then.

def max_pool2d_case(name, x_shape, kernel, stride=(0, 0), padding=(0, 0), dilation=(1, 1), ceil_mode=False):
    x = values(x_shape)
    case = {"name": name, "x_shape": list(x_shape), "x": enc(x), "kernel": list(kernel), "stride": list(stride),
            "padding": list(padding), "dilation": list(dilation), "ceil_mode": ceil_mode}
    s = None if stride == (0, 0) else stride
    return run(case, lambda: F.max_pool2d(x, kernel, s, padding, dilation, ceil_mode))


def avg_pool2d_case(name, x_shape, kernel, stride=(0, 0), padding=(0, 0), ceil_mode=False, count_include_pad=True,
                    divisor_override=0):
    x = values(x_shape)
    case = {"name": name, "x_shape": list(x_shape), "x": enc(x), "kernel": list(kernel), "stride": list(stride),
            "padding": list(padding), "ceil_mode": ceil_mode, "count_include_pad": count_include_pad,
            "divisor_override": divisor_override}
    s = None if stride == (0, 0) else stride
    return run(case, lambda: F.avg_pool2d(x, kernel, s, padding, ceil_mode, count_include_pad,
                                          divisor_override or None))


POOL_EDGES = [  # (name, x_shape, kernel, stride, padding, ceil_mode)
    ("default stride", [1, 2, 6, 5], (2, 2), (0, 0), (0, 0), False),
    ("default stride ceil", [1, 1, 5, 5], (2, 2), (0, 0), (0, 0), True),
    ("ceil adds a window", [1, 1, 5, 5], (2, 2), (2, 2), (0, 0), True),
    ("ceil adds nothing when exact", [1, 1, 6, 6], (2, 2), (2, 2), (0, 0), True),
    ("ceil window would start in right padding", [1, 1, 5, 5], (2, 2), (2, 2), (1, 1), True),
    ("ceil window starts at last input", [1, 1, 4, 4], (3, 3), (2, 2), (1, 1), True),
    ("ceil stride 3 padding 1", [1, 1, 5, 5], (2, 2), (3, 3), (1, 1), True),
    ("ceil window larger than input", [1, 1, 4, 4], (5, 5), (3, 3), (0, 0), True),
    ("floor window larger than input", [1, 1, 4, 4], (5, 5), (3, 3), (0, 0), False),
    ("ceil 1x1 input", [1, 1, 1, 1], (2, 2), (2, 2), (1, 1), True),
    ("kernel equals input", [1, 1, 3, 4], (3, 4), (1, 1), (0, 0), False),
    ("kernel larger than input", [1, 1, 3, 3], (4, 4), (1, 1), (0, 0), False),
    ("kernel equals padded input", [1, 1, 3, 3], (5, 4), (1, 1), (1, 0), False),
    ("stride larger than kernel", [1, 1, 7, 7], (2, 2), (3, 3), (0, 0), False),
    ("stride larger than kernel ceil", [1, 1, 7, 7], (2, 2), (3, 3), (1, 1), True),
    ("padding = half kernel", [1, 1, 5, 5], (4, 5), (2, 2), (2, 2), False),
    ("padding > half kernel", [1, 1, 5, 5], (3, 3), (1, 1), (2, 1), False),
    ("padding > half of 1", [1, 1, 5, 5], (3, 1), (1, 1), (0, 1), False),
    ("padding negative", [1, 1, 5, 5], (3, 3), (1, 1), (-1, 0), False),
    ("kernel 0", [1, 1, 5, 5], (0, 2), (1, 1), (0, 0), False),
    ("stride negative", [1, 1, 5, 5], (2, 2), (-1, 1), (0, 0), False),
    ("1x1 input", [2, 3, 1, 1], (1, 1), (1, 1), (0, 0), False),
    ("1x1 input kernel 2 padding 1", [1, 1, 1, 1], (2, 2), (1, 1), (1, 1), False),
    ("batch 2 channels 3", [2, 3, 5, 6], (3, 2), (2, 2), (1, 1), False),
    ("asymmetric everything", [1, 2, 7, 5], (3, 2), (2, 3), (1, 0), True),
]


def legal_pad(rng, k):
    """Mostly padding within half the kernel (legal), sometimes anything up to 2."""
    if rng.random() < 0.85:
        return (rng.randint(0, k[0] // 2), rng.randint(0, k[1] // 2))
    return (rng.randint(0, 2), rng.randint(0, 2))


def pool_cases():
    mx, av = [], []
    for (name, xs, k, s, p, ceil) in POOL_EDGES:
        mx.append(max_pool2d_case(name, xs, k, s, p, (1, 1), ceil))
        for cip in (True, False):
            av.append(avg_pool2d_case(f"{name} count_include_pad={cip}", xs, k, s, p, ceil, cip))
    # Max pool dilation: PyTorch 1.13 compares padding with the kernel, not its dilated span
    mx.append(max_pool2d_case("dilated", [1, 1, 7, 7], (3, 3), (1, 1), (1, 1), (2, 2)))
    mx.append(max_pool2d_case("dilated padding within span but not kernel", [1, 1, 7, 7], (3, 3), (1, 1), (2, 2),
                              (2, 2)))
    mx.append(max_pool2d_case("dilated k2 padding 2", [1, 1, 7, 7], (2, 2), (1, 1), (2, 2), (3, 3)))
    mx.append(max_pool2d_case("dilated window larger than input", [1, 1, 5, 5], (3, 3), (1, 1), (0, 0), (3, 3)))
    mx.append(max_pool2d_case("dilated window too large even padded", [1, 1, 1, 1], (3, 3), (1, 1), (1, 1), (2, 2)))
    mx.append(max_pool2d_case("dilated ceil window all padding", [1, 1, 2, 2], (2, 2), (4, 4), (1, 1), (3, 3), True))
    mx.append(max_pool2d_case("dilated ceil", [1, 2, 6, 7], (2, 3), (2, 2), (1, 1), (2, 2), True))
    mx.append(max_pool2d_case("dilation 0", [1, 1, 5, 5], (2, 2), (1, 1), (0, 0), (0, 1)))
    # Avg pool divisors
    for d in (1, 3, -2, 7):
        av.append(avg_pool2d_case(f"divisor_override {d}", [1, 2, 5, 5], (3, 3), (2, 2), (1, 1), True, True, d))
        av.append(avg_pool2d_case(f"divisor_override {d} no pad count", [1, 1, 4, 5], (2, 3), (1, 2), (1, 1),
                                  False, False, d))
    rng = random.Random(5)
    for i in range(60):
        xs = [rng.choice([1, 2]), rng.randint(1, 3), rng.randint(1, 7), rng.randint(1, 7)]
        k = (rng.randint(1, 4), rng.randint(1, 4))
        s = rng.choice([(0, 0), (rng.randint(1, 3), rng.randint(1, 3))])
        p = legal_pad(rng, k)
        d = (rng.choice([1, 1, 2, 3]), rng.choice([1, 1, 2]))
        mx.append(max_pool2d_case(f"sweep {i}", xs, k, s, p, d, rng.random() < 0.5))
    for i in range(60):
        xs = [rng.choice([1, 2]), rng.randint(1, 3), rng.randint(1, 7), rng.randint(1, 7)]
        k = (rng.randint(1, 4), rng.randint(1, 4))
        s = rng.choice([(0, 0), (rng.randint(1, 3), rng.randint(1, 3))])
        p = legal_pad(rng, k)
        div = rng.choice([0, 0, 0, 0, 2, 5])
        av.append(avg_pool2d_case(f"sweep {i}", xs, k, s, p, rng.random() < 0.5, rng.random() < 0.5, div))
    return mx, av


# [SECTION] MAIN

def write(name, cases):
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        f.write('{"torch": %s, "cases": [\n' % json.dumps(torch.__version__))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    errors = sum(1 for c in cases if "error" in c)
    print(f"goldens: {path}: {len(cases)} cases ({errors} rejected by PyTorch), {os.path.getsize(path)} bytes")


# [SECTION] Stacks: the Networks presets (src/state/presets.cpp) written out
# again as torch.nn modules, independently of convplay's link format. Per
# layer: PyTorch's output shape (or the error it raises) and its parameter
# count; test_stack.cpp decodes each preset and holds StackSummary to these.

def stack_cases():
    nn = torch.nn
    C, M, A, T = nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d, nn.ConvTranspose2d
    nets = {
        "lenet-5": ((1, 32, 32), [C(1, 6, 5), A(2), C(6, 16, 5), A(2), C(16, 120, 5)]),
        "alexnet": ((3, 224, 224), [C(3, 64, 11, stride=4, padding=2), M(3, 2), C(64, 192, 5, padding=2), M(3, 2),
                                    C(192, 384, 3, padding=1), C(384, 256, 3, padding=1),
                                    C(256, 256, 3, padding=1), M(3, 2)]),
        "vgg-block": ((3, 32, 32), [C(3, 64, 3, padding=1), C(64, 64, 3, padding=1), M(2)]),
        "resnet18-stem": ((3, 224, 224), [C(3, 64, 7, stride=2, padding=3), M(3, 2, padding=1)]),
        "unet-small": ((1, 32, 32), [C(1, 8, 3, padding=1), M(2), C(8, 16, 3, padding=1), M(2),
                                     C(16, 32, 3, padding=1), T(32, 16, 2, stride=2), C(16, 16, 3, padding=1),
                                     T(16, 8, 2, stride=2)]),
        "ten-3x3-no-padding": ((1, 16, 16), [C(1, 1, 3) for _ in range(10)]),
        "two-3x3-vs-5x5": ((32, 12, 12), [C(32, 32, 3), C(32, 32, 3)]),
    }
    cases = []
    for name, (shape, layers) in nets.items():
        x = torch.zeros(1, *shape)
        rows = []
        for layer in layers:
            params = sum(p.numel() for p in layer.parameters())
            if x is None:
                rows.append({"error": "no input", "params": params})
                continue
            try:
                with torch.no_grad():
                    x = layer(x)
                rows.append({"out": list(x.shape[1:]), "params": params})
            except RuntimeError as e:
                rows.append({"error": str(e).split("\n")[0], "params": params})
                x = None
        cases.append({"preset": name, "input": list(shape), "layers": rows})
    return cases


def main():
    if not torch.__version__.startswith("1.13"):
        print(f"goldens: expected PyTorch 1.13, found {torch.__version__}", file=sys.stderr)
        return 1
    os.makedirs(OUT, exist_ok=True)
    write("conv2d", conv2d_cases())
    write("conv_transpose2d", conv_transpose2d_cases())
    mx, av = pool_cases()
    write("max_pool2d", mx)
    write("avg_pool2d", av)
    write("stacks", stack_cases())
    return 0


if __name__ == "__main__":
    sys.exit(main())
