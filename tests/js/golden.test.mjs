// golden.test.mjs — PyTorch 1.13's answers in tests/golden (scripts/goldens),
// through the whole JS path: argument checks -> C exports -> ops -> copy out.
// Every case either has an output, which the module must reproduce in shape and
// values (|ours - torch| <= 1e-4 + 1e-4 |torch|, as in tests/unit/test_golden.cpp),
// or PyTorch's error, in which case the module must throw an Error naming the op.
// (The files write "no bias" as [], which the module rejects on purpose: omit it.)
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { loadEngine, repo } from './helpers.mjs';

const cp = await loadEngine();

function golden(name) {
    const file = `${repo}tests/golden/${name}.json`;
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).cases : null;
}
// Values are numbers, or the strings "inf", "-inf", "nan".
const value = (v) => (typeof v === 'number' ? v : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : NaN);
const tensor = (shape, data) => ({ shape, data: Float32Array.from(data, value) });

function agree(c, y) {
    assert.deepEqual(y.shape, c.y_shape);
    c.y.forEach((v, i) => {
        const want = value(v), got = y.data[i];
        if (Number.isNaN(want) ? Number.isNaN(got) : want === got || Math.abs(got - want) <= 1e-4 + 1e-4 * Math.abs(want)) return;
        assert.fail(`y[${i}] = ${got}, PyTorch ${want}`);
    });
}

// Each op: its golden file, and how a case becomes a call.
const ops = {
    conv2d: ['conv2d', (c) => {
        const rule = { explicit: null, same: 'same', valid: 'valid', same_tf: 'SAME' }[c.rule];
        const [top, bottom, left, right] = c.pad;
        return cp.conv2d(tensor(c.x_shape, c.x), tensor(c.w_shape, c.w), {
            bias: c.bias?.length ? Float32Array.from(c.bias) : undefined, stride: c.stride, dilation: c.dilation,
            groups: c.groups, paddingMode: c.mode, padding: rule ?? { top, bottom, left, right },
        });
    }],
    convTranspose2d: ['conv_transpose2d', (c) => cp.convTranspose2d(tensor(c.x_shape, c.x), tensor(c.w_shape, c.w), {
        bias: c.bias?.length ? Float32Array.from(c.bias) : undefined, stride: c.stride, padding: c.padding,
        outputPadding: c.output_padding, dilation: c.dilation, groups: c.groups,
    })],
    // In the golden files a stride of [0, 0] and divisor_override 0 mean "not given".
    maxPool2d: ['max_pool2d', (c) => cp.maxPool2d(tensor(c.x_shape, c.x), {
        kernelSize: c.kernel, stride: c.stride[0] === 0 && c.stride[1] === 0 ? undefined : c.stride,
        padding: c.padding, dilation: c.dilation, ceilMode: c.ceil_mode,
    })],
    avgPool2d: ['avg_pool2d', (c) => cp.avgPool2d(tensor(c.x_shape, c.x), {
        kernelSize: c.kernel, stride: c.stride[0] === 0 && c.stride[1] === 0 ? undefined : c.stride,
        padding: c.padding, ceilMode: c.ceil_mode, countIncludePad: c.count_include_pad,
        divisorOverride: c.divisor_override === 0 ? undefined : c.divisor_override,
    })],
};

for (const [op, [file, call]] of Object.entries(ops)) {
    const cases = golden(file);
    describe(`${op} vs PyTorch (tests/golden/${file}.json)`, { skip: cases ? false : 'no golden file yet' }, () => {
        for (const c of cases ?? []) {
            if (c.error !== undefined)
                it(`refuses: ${c.name}`, () => assert.throws(() => call(c), (e) => e instanceof Error && e.message.startsWith(`${op}: `)));
            else
                it(c.name, () => agree(c, call(c)));
        }
    });
}
