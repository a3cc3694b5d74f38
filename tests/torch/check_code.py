"""The code export checked by PyTorch itself.

Reads the cases that build/native/convplay_code_cases writes (one JSON object
per line: the PyTorch and Keras code of a document and the output shape the
engine plans, or the engine's refusal), runs every PyTorch snippet in
/usr/bin/python3 with torch, and asserts that the shape it prints is the
engine's, and that a configuration the engine refuses makes PyTorch raise.
Keras code is only compiled (syntax): TensorFlow is not installed here.
Prints node:test-style tallies (# tests / # pass / # fail) for scripts/test.
"""
import contextlib
import io
import json
import sys

import warnings

import torch  # noqa: F401  (the snippets import it too; failing here means "no torch")

warnings.simplefilter("ignore")  # padding="same" with even kernels warns; the shapes are what is checked

torch.manual_seed(0)
failures = []
count = 0
refused = 0
keras_exact = 0
totals_compared = 0
for line in sys.stdin:
    if not line.strip():
        continue
    case = json.loads(line)
    count += 1
    name = f"{case['name']} ({case['link']}, {case['layers']} layer(s))"
    out = io.StringIO()
    raised = None
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(case['torch'], name, 'exec'), {'__name__': 'snippet'})
    except Exception as e:  # what PyTorch raises for a refused configuration
        raised = f"{type(e).__name__}: {e}"
    printed = out.getvalue().strip().splitlines()
    if 'shape' in case:
        want = f"torch.Size({case['shape']})".replace(',', ', ').replace(',  ', ', ')
        if raised:
            failures.append(f"{name}: PyTorch raised {raised}, the engine plans {case['shape']}\n{case['torch']}")
        elif not printed or printed[-1] != want:
            failures.append(f"{name}: PyTorch printed {printed[-1:]}, the engine plans {want}\n{case['torch']}")
    else:
        refused += 1
        if not raised:
            failures.append(f"{name}: PyTorch ran ({printed[-1:]}) but the engine refuses: {case['error']}\n{case['torch']}")
    try:
        compile(case['keras'], name + ' keras', 'exec')
    except SyntaxError as e:
        failures.append(f"{name}: Keras code is not valid Python: {e}\n{case['keras']}")
    keras_exact += case['keras_exact']
    # A golden model's Stack-tab totals against torchinfo's (scripts/goldens_models.py).
    if case.get('whole'):
        with open(case['golden']) as f:
            info = json.load(f)['torchinfo']
        by_type = info['macs_by_type']
        want = {'params': info['params'], 'macs': info['macs'],
                'conv_macs': by_type.get('Conv2d', 0) + by_type.get('ConvTranspose2d', 0)}
        if case['totals'] != want:
            failures.append(f"{case['name']}: the Stack tab's totals {case['totals']}, torchinfo's {want}")
        totals_compared += 1

for f in failures:
    print('not ok -', f, '\n')
print(f"# {count} cases: {count - refused} shapes compared, {refused} refusals, "
      f"{keras_exact} with Keras code (syntax only: TensorFlow is not installed), "
      f"{totals_compared} golden models' totals equal to torchinfo's")
print(f"# tests {count}")
print(f"# pass {count - len(failures)}")
print(f"# fail {len(failures)}")
sys.exit(1 if failures or count == 0 else 0)
