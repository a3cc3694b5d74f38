// api.test.mjs — dist/convplay-engine.mjs in plain node: values, defaults, every
// padding form, the output-shape helpers, errors (the engine's and the JS
// argument checks), and results that are copies independent of wasm memory.
//   node --test tests/js/          (CONVPLAY_ENGINE=path/to/convplay-engine.mjs to test another build)
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import {
    arange, avgPool2dRef, constant, conv2dRef, convTranspose2dRef, enginePath, loadEngine, maxAbsDiff, maxPool2dRef, random,
} from './helpers.mjs';

const cp = await loadEngine();
const TOL = 1e-4;

function assertClose(actual, expected, what = '') {
    assert.deepEqual(actual.shape, expected.shape, `${what} shape`);
    const d = maxAbsDiff(actual.data, expected.data);
    assert.ok(d <= TOL, `${what} differs from the reference by ${d}`);
}
const list = (t) => Array.from(t.data);

describe('hand-computed cases (anchor the JS references too)', () => {
    const x3 = { shape: [1, 1, 3, 3], data: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) };
    const ones3 = constant([1, 1, 3, 3], 1);
    it('conv2d: 3x3 box sum with padding 1', () => {
        const expected = [12, 21, 16, 27, 45, 33, 24, 39, 28];
        assert.deepEqual(list(cp.conv2d(x3, ones3, { padding: 1 })), expected);
        assert.deepEqual(list(conv2dRef(x3, ones3, { padding: 1 })), expected);
    });
    it('conv2d: bias, stride 2', () => {
        const y = cp.conv2d(x3, ones3, { padding: 1, stride: 2, bias: new Float32Array([10]) });
        assert.deepEqual(y.shape, [1, 1, 2, 2]);
        assert.deepEqual(list(y), [22, 26, 34, 38]);
    });
    it('convTranspose2d: stride 2 spreads each input over a 2x2 block; stride 1 overlaps', () => {
        const x = { shape: [1, 1, 2, 2], data: new Float32Array([1, 2, 3, 4]) }, w = constant([1, 1, 2, 2], 1);
        const s2 = [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4], s1 = [1, 3, 2, 4, 10, 6, 3, 7, 4];
        assert.deepEqual(cp.convTranspose2d(x, w, { stride: 2 }), { shape: [1, 1, 4, 4], data: new Float32Array(s2) });
        assert.deepEqual(list(convTranspose2dRef(x, w, { stride: 2 })), s2);
        assert.deepEqual(cp.convTranspose2d(x, w), { shape: [1, 1, 3, 3], data: new Float32Array(s1) });
        assert.deepEqual(list(convTranspose2dRef(x, w)), s1);
    });
    it('maxPool2d and avgPool2d: 2x2 windows of 0..15', () => {
        const x = arange([1, 1, 4, 4]);
        assert.deepEqual(cp.maxPool2d(x, { kernelSize: 2 }), { shape: [1, 1, 2, 2], data: new Float32Array([5, 7, 13, 15]) });
        assert.deepEqual(list(maxPool2dRef(x, { kernelSize: 2 })), [5, 7, 13, 15]);
        assert.deepEqual(list(cp.avgPool2d(x, { kernelSize: 2 })), [2.5, 4.5, 10.5, 12.5]);
        assert.deepEqual(list(avgPool2dRef(x, { kernelSize: 2 })), [2.5, 4.5, 10.5, 12.5]);
    });
    it('paddingMode: a 1x1 kernel shows what the padding reads', () => {
        const x = { shape: [1, 1, 1, 3], data: new Float32Array([1, 2, 3]) }, id = constant([1, 1, 1, 1], 1);
        const row = (mode) => list(cp.conv2d(x, id, { padding: [0, 2], paddingMode: mode }));
        assert.deepEqual(row('zeros'), [0, 0, 1, 2, 3, 0, 0]);
        assert.deepEqual(row('reflect'), [3, 2, 1, 2, 3, 2, 1]);
        assert.deepEqual(row('replicate'), [1, 1, 1, 2, 3, 3, 3]);
        assert.deepEqual(row('circular'), [2, 3, 1, 2, 3, 1, 2]);
    });
});

describe('defaults as torch.nn.functional', () => {
    const x = random([1, 2, 6, 6], 3);
    it('conv2d: stride 1, padding 0, dilation 1, groups 1, zeros', () => {
        const w = random([4, 2, 3, 3], 4);
        const y = cp.conv2d(x, w);
        assert.deepEqual(y.shape, [1, 4, 4, 4]);
        assert.deepEqual(y, cp.conv2d(x, w, { stride: 1, padding: 0, dilation: 1, groups: 1, paddingMode: 'zeros' }));
    });
    it('pools: stride defaults to kernelSize (also when null)', () => {
        assert.deepEqual(cp.maxPool2d(x, { kernelSize: 3 }).shape, [1, 2, 2, 2]);
        assert.deepEqual(cp.maxPool2d(x, { kernelSize: 3, stride: null }).shape, [1, 2, 2, 2]);
        assert.deepEqual(cp.maxPool2d(x, { kernelSize: 3, stride: 1 }).shape, [1, 2, 4, 4]);
        assert.deepEqual(cp.avgPool2d(x, { kernelSize: [2, 3] }).shape, [1, 2, 3, 2]);
    });
    it('avgPool2d: countIncludePad defaults to true', () => {
        const ones = constant([1, 1, 3, 3], 1);
        assert.equal(cp.avgPool2d(ones, { kernelSize: 3, stride: 1, padding: 1 }).data[0], Math.fround(4 / 9));
        assert.equal(cp.avgPool2d(ones, { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false }).data[0], 1);
    });
    it('an unbatched [C, H, W] input gives an unbatched result', () => {
        const x3 = { shape: [2, 6, 6], data: x.data };
        const w = random([3, 2, 3, 3], 5);
        assert.deepEqual(cp.conv2d(x3, w).shape, [3, 4, 4]);
        assert.deepEqual(cp.conv2d(x3, w).data, cp.conv2d(x, w).data);
        assert.deepEqual(cp.maxPool2d(x3, { kernelSize: 2 }).shape, [2, 3, 3]);
        assert.deepEqual(cp.conv2dOutputShape([2, 6, 6], [3, 2, 3, 3]), [3, 4, 4]);
    });
    it('data may be an Array or another typed array', () => {
        const w = random([1, 2, 3, 3], 6);
        const y = cp.conv2d(x, w);
        assert.deepEqual(cp.conv2d({ shape: x.shape, data: Array.from(x.data) }, w), y);
        assert.deepEqual(cp.conv2d({ shape: x.shape, data: Float64Array.from(x.data) }, w), y);
    });
});

// Each case runs the engine, its output-shape helper and the JS reference.
const convCases = [
    ['k3 p1', [1, 1, 5, 5], [1, 1, 3, 3], { padding: 1 }],
    ['padding [h, w]', [1, 2, 6, 7], [3, 2, 3, 3], { padding: [1, 2] }],
    ['padding {top, bottom, left, right}', [1, 2, 6, 7], [3, 2, 3, 2], { padding: { top: 1, bottom: 0, left: 2, right: 1 } }],
    ['padding object, sides omitted are 0', [1, 1, 5, 5], [1, 1, 3, 3], { padding: { left: 2 } }],
    ["'same', odd kernel", [1, 2, 7, 6], [2, 2, 3, 3], { padding: 'same' }],
    ["'same', even kernel and dilation", [1, 2, 7, 6], [2, 2, 4, 2], { padding: 'same', dilation: [2, 1] }],
    ["'valid'", [1, 2, 7, 6], [2, 2, 3, 3], { padding: 'valid' }],
    ["'VALID'", [1, 2, 7, 6], [2, 2, 3, 3], { padding: 'VALID', stride: 2 }],
    ["'SAME' (TensorFlow), stride 2", [1, 1, 7, 8], [2, 1, 3, 3], { padding: 'SAME', stride: 2 }],
    ["'same-tf', stride 3, even kernel", [1, 1, 10, 9], [2, 1, 4, 2], { padding: 'same-tf', stride: [3, 2] }],
    ["'SAME' with dilation", [1, 1, 9, 9], [1, 1, 3, 3], { padding: 'SAME', stride: 2, dilation: 2 }],
    ['stride, dilation, bias, batch', [2, 3, 11, 9], [4, 3, 3, 2], { stride: [2, 1], dilation: [1, 3], padding: 1, bias: [1, -2, 3, 0.5] }],
    ['groups', [1, 4, 6, 6], [6, 2, 3, 3], { groups: 2, padding: 1 }],
    ['depthwise', [1, 4, 6, 6], [4, 1, 3, 3], { groups: 4, padding: 1 }],
    ['k5 s2 p2', [1, 3, 16, 16], [8, 3, 5, 5], { stride: 2, padding: 2 }],
    ['1x1', [1, 8, 5, 5], [4, 8, 1, 1], {}],
    ['reflect', [1, 2, 6, 5], [2, 2, 3, 3], { padding: 2, paddingMode: 'reflect' }],
    ['replicate, asymmetric', [1, 2, 6, 5], [2, 2, 3, 3], { padding: { top: 2, bottom: 0, left: 1, right: 3 }, paddingMode: 'replicate' }],
    ['circular', [1, 2, 6, 5], [2, 2, 3, 3], { padding: [3, 2], paddingMode: 'circular' }],
    ["'same' with reflect", [1, 2, 6, 5], [2, 2, 4, 3], { padding: 'same', paddingMode: 'reflect' }],
];
describe('conv2d vs the JS reference, every padding form', () => {
    convCases.forEach(([name, xs, ws, o], i) => it(name, () => {
        const x = random(xs, 10 + i), w = random(ws, 100 + i);
        const opts = o.bias ? { ...o, bias: new Float32Array(o.bias) } : o;
        const y = cp.conv2d(x, w, opts);
        assertClose(y, conv2dRef(x, w, o), name);
        assert.deepEqual(cp.conv2dOutputShape(xs, ws, o), y.shape);
    }));
    it("'SAME' and 'same-tf' are the same rule; 'same' (PyTorch) differs from it only at stride 1", () => {
        const x = random([1, 1, 8, 8]), w = random([1, 1, 4, 4], 2);
        assert.deepEqual(cp.conv2d(x, w, { padding: 'SAME', stride: 2 }), cp.conv2d(x, w, { padding: 'same-tf', stride: 2 }));
        assert.deepEqual(cp.conv2d(x, w, { padding: 'SAME' }), cp.conv2d(x, w, { padding: 'same' }));
        assert.deepEqual(cp.conv2dOutputShape([1, 1, 8, 8], [1, 1, 4, 4], { padding: 'SAME', stride: 3 }), [1, 1, 3, 3]);
    });
});

const convTCases = [
    ['defaults', [1, 1, 3, 3], [1, 1, 3, 3], {}],
    ['stride 2 padding 1 outputPadding 1', [1, 2, 4, 5], [2, 3, 3, 3], { stride: 2, padding: 1, outputPadding: 1 }],
    ['dilation, bias, batch', [2, 2, 3, 4], [2, 2, 2, 3], { dilation: [2, 1], bias: [0.5, -1] }],
    ['groups', [1, 4, 3, 3], [4, 3, 3, 3], { groups: 2, stride: [1, 2] }],
    ['asymmetric sizes', [1, 1, 4, 4], [1, 2, 4, 2], { stride: [3, 2], padding: [1, 0], outputPadding: [2, 1] }],
];
describe('convTranspose2d vs the JS reference', () => {
    convTCases.forEach(([name, xs, ws, o], i) => it(name, () => {
        const x = random(xs, 20 + i), w = random(ws, 200 + i);
        const y = cp.convTranspose2d(x, w, o.bias ? { ...o, bias: new Float32Array(o.bias) } : o);
        assertClose(y, convTranspose2dRef(x, w, o), name);
        assert.deepEqual(cp.convTranspose2dOutputShape(xs, ws, o), y.shape);
    }));
});

const poolCases = [
    ['k2', [1, 1, 4, 4], { kernelSize: 2 }],
    ['k3 s2 p1', [2, 3, 7, 8], { kernelSize: 3, stride: 2, padding: 1 }],
    ['k [2, 3] s [1, 2]', [1, 2, 6, 7], { kernelSize: [2, 3], stride: [1, 2] }],
    ['ceilMode', [1, 2, 7, 7], { kernelSize: 2, ceilMode: true }],
    ['ceilMode, last window would start in the padding', [1, 1, 5, 5], { kernelSize: 2, stride: 2, padding: 1, ceilMode: true }],
];
describe('pools vs the JS reference', () => {
    poolCases.forEach(([name, xs, o], i) => {
        it(`maxPool2d ${name}`, () => {
            const x = random(xs, 30 + i);
            const y = cp.maxPool2d(x, o);
            assertClose(y, maxPool2dRef(x, o), name);
            assert.deepEqual(cp.maxPool2dOutputShape(xs, o), y.shape);
        });
        it(`avgPool2d ${name}`, () => {
            const x = random(xs, 40 + i);
            const y = cp.avgPool2d(x, o);
            assertClose(y, avgPool2dRef(x, o), name);
            assert.deepEqual(cp.avgPool2dOutputShape(xs, o), y.shape);
        });
    });
    it('maxPool2d dilation', () => {
        const x = random([1, 2, 9, 8], 50), o = { kernelSize: 3, dilation: [2, 1], stride: 1, padding: 1 };
        assertClose(cp.maxPool2d(x, o), maxPool2dRef(x, o));
    });
    it('avgPool2d countIncludePad false, divisorOverride', () => {
        const x = random([1, 2, 6, 6], 51);
        for (const o of [{ kernelSize: 3, stride: 2, padding: 1, countIncludePad: false },
                         { kernelSize: 3, stride: 2, padding: 1, divisorOverride: 2 },
                         { kernelSize: 2, ceilMode: true, padding: 1, countIncludePad: false }])
            assertClose(cp.avgPool2d({ shape: [1, 2, 5, 5], data: x.data.subarray(0, 50) }, o),
                        avgPool2dRef({ shape: [1, 2, 5, 5], data: x.data.subarray(0, 50) }, o), JSON.stringify(o));
    });
});

describe('the engine rejects invalid configurations with its own message', () => {
    const x = random([1, 3, 5, 5]), w = random([2, 3, 3, 3]);
    const cases = [
        ['channels differ', () => cp.conv2d(x, random([2, 2, 3, 3])), /^conv2d: .*channel/i],
        ['groups do not divide the channels', () => cp.conv2d(x, random([2, 1, 3, 3]), { groups: 2 }), /^conv2d: .*group/i],
        ["'same' with stride 2", () => cp.conv2d(x, w, { padding: 'same', stride: 2 }), /^conv2d: .*same/i],
        ['kernel larger than the input', () => cp.conv2d(x, random([2, 3, 7, 7])), /^conv2d: ./],
        ['stride 0', () => cp.conv2d(x, w, { stride: 0 }), /^conv2d: .*stride/i],
        ['negative padding', () => cp.conv2d(x, w, { padding: -1 }), /^conv2d: .*pad/i],
        ['reflect padding as large as the input', () => cp.conv2d(x, w, { padding: 5, paddingMode: 'reflect' }), /^conv2d: .*(pad|reflect)/i],
        ['bias of the wrong length', () => cp.conv2d(x, w, { bias: [1, 2, 3] }), /^conv2d: .*bias/i],
        ['outputPadding not below stride or dilation', () => cp.convTranspose2d(x, random([3, 2, 3, 3]), { outputPadding: 1 }), /^convTranspose2d: .*output.?pad/i],
        ['maxPool2d padding over half the kernel', () => cp.maxPool2d(x, { kernelSize: 2, padding: 2 }), /^maxPool2d: .*pad/i],
        ['avgPool2d kernel larger than the input', () => cp.avgPool2d(x, { kernelSize: 6 }), /^avgPool2d: ./],
        ['output shape helpers too', () => cp.conv2dOutputShape([1, 3, 5, 5], [2, 2, 3, 3]), /^conv2dOutputShape: .*channel/i],
    ];
    for (const [name, call, message] of cases)
        it(name, () => assert.throws(call, (e) => e instanceof Error && message.test(e.message) && e.message.length > 20));
});

describe('bad JS arguments are caught before the engine, with a precise message', () => {
    const x = random([1, 1, 5, 5]), w = random([1, 1, 3, 3]);
    const cases = [
        ['data of the wrong length', () => cp.conv2d({ shape: [1, 1, 5, 5], data: new Float32Array(24) }, w),
         'conv2d: x.data has 24 values but shape [1, 1, 5, 5] needs 25'],
        ['weights of the wrong length', () => cp.conv2d(x, { shape: [1, 1, 3, 3], data: [1, 2] }),
         'conv2d: w.data has 2 values but shape [1, 1, 3, 3] needs 9'],
        ['a shape of 5 dims', () => cp.conv2d({ shape: [1, 1, 1, 5, 5], data: x.data }, w),
         'conv2d: x.shape must be [N, C, H, W] or [C, H, W], got [1, 1, 1, 5, 5]'],
        ['3-dim weights', () => cp.conv2d(x, { shape: [1, 3, 3], data: w.data }),
         'conv2d: w.shape must be [N, C, H, W], got [1, 3, 3]'],
        ['a zero dimension', () => cp.maxPool2d({ shape: [1, 0, 5, 5], data: [] }, { kernelSize: 2 }),
         'maxPool2d: x.shape[1] must be a positive integer, got 0 (shape [1, 0, 5, 5])'],
        ['not a tensor', () => cp.conv2d(x.data, w),
         'conv2d: x must be a tensor {shape: [N, C, H, W], data: Float32Array}, got a Float32Array'],
        ['data not numbers', () => cp.avgPool2d({ shape: [1, 1, 1, 2], data: [1, '2'] }, { kernelSize: 1 }),
         'avgPool2d: x.data[1] is not a number: "2"'],
        ['data a string', () => cp.avgPool2d({ shape: [1, 1, 1, 2], data: 'ab' }, { kernelSize: 1 }),
         'avgPool2d: x.data must be a Float32Array (or an Array of numbers), got "ab"'],
        ['non-integer stride', () => cp.conv2d(x, w, { stride: 1.5 }), 'conv2d: stride must be an integer, got 1.5'],
        ['NaN dilation', () => cp.conv2d(x, w, { dilation: [1, NaN] }), 'conv2d: dilation[1] must be an integer, got NaN'],
        ['a size as a string', () => cp.maxPool2d(x, { kernelSize: '2' }), 'maxPool2d: kernelSize must be an integer or [h, w], got "2"'],
        ['a size of 3 values', () => cp.conv2d(x, w, { padding: [1, 1, 1] }), 'conv2d: padding must be an integer or [h, w], got [1, 1, 1]'],
        ['a size beyond int32', () => cp.conv2d(x, w, { padding: 2 ** 40 }), 'conv2d: padding must be an integer, got 1099511627776'],
        ['an unknown padding string', () => cp.conv2d(x, w, { padding: 'full' }),
         "conv2d: padding \"full\" is not one of 'same', 'valid', 'SAME', 'same-tf', 'same_tf', 'VALID'"],
        ['an unknown padding side', () => cp.conv2d(x, w, { padding: { top: 1, lft: 1 } }),
         'conv2d: padding has unknown side "lft" (expected top, bottom, left, right)'],
        ['an unknown paddingMode', () => cp.conv2d(x, w, { paddingMode: 'mirror' }),
         "conv2d: paddingMode \"mirror\" is not one of 'zeros', 'reflect', 'replicate', 'circular'"],
        ['a prototype key as paddingMode', () => cp.conv2d(x, w, { paddingMode: 'toString' }),
         "conv2d: paddingMode \"toString\" is not one of 'zeros', 'reflect', 'replicate', 'circular'"],
        ['an unknown option', () => cp.conv2d(x, w, { strides: 2 }),
         'conv2d: unknown option "strides" (expected bias, stride, padding, dilation, groups, paddingMode)'],
        ['paddingMode on convTranspose2d', () => cp.convTranspose2d(x, w, { paddingMode: 'zeros' }),
         'convTranspose2d: unknown option "paddingMode" (expected bias, stride, padding, outputPadding, dilation, groups)'],
        ['options not an object', () => cp.conv2d(x, w, 2), 'conv2d: options must be an object, got 2'],
        ['an empty bias', () => cp.conv2d(x, w, { bias: [] }), 'conv2d: bias is empty: give one value per output channel, or omit it'],
        ['non-integer groups', () => cp.conv2d(x, w, { groups: '1' }), 'conv2d: groups must be an integer, got "1"'],
        ['kernelSize missing', () => cp.maxPool2d(x, {}), 'maxPool2d: kernelSize is required (an integer or [h, w])'],
        ['pool stride 0 (PyTorch rejects it; it must not mean the default)', () => cp.avgPool2d(x, { kernelSize: 2, stride: 0 }),
         'avgPool2d: stride must be positive, got 0'],
        ['ceilMode not a boolean', () => cp.maxPool2d(x, { kernelSize: 2, ceilMode: 1 }), 'maxPool2d: ceilMode must be true or false, got 1'],
        ['divisorOverride 0', () => cp.avgPool2d(x, { kernelSize: 2, divisorOverride: 0 }),
         'avgPool2d: divisorOverride must not be zero (omit it to divide by the window size)'],
        ['shape helper with a bad shape', () => cp.avgPool2dOutputShape('1x1', { kernelSize: 2 }),
         'avgPool2dOutputShape: xShape must be [N, C, H, W] or [C, H, W], got "1x1"'],
    ];
    for (const [name, call, message] of cases)
        it(name, () => assert.throws(call, (e) => e instanceof Error && e.message === message ? true : assert.fail(`got: ${e.message}`)));
    it('the engine is still usable after errors', () => {
        assert.deepEqual(cp.conv2d(x, w, { padding: 1 }).shape, [1, 1, 5, 5]);
    });
});

describe('results are fresh arrays, independent of wasm memory', () => {
    const x = random([1, 2, 8, 8], 60), w = random([3, 2, 3, 3], 61);
    it('a result owns its buffer', () => {
        const y = cp.conv2d(x, w);
        assert.ok(y.data instanceof Float32Array);
        assert.notEqual(y.data.buffer, cp._core.HEAPU8.buffer);
        assert.equal(y.data.buffer.byteLength, y.data.length * 4);
    });
    it('later calls and input changes do not touch an earlier result', () => {
        const y = cp.conv2d(x, w), copy = y.data.slice();
        const x2 = { shape: x.shape, data: x.data.slice() };
        cp.conv2d(x2, w);
        x2.data.fill(7);
        cp.conv2d(x2, w);
        cp.maxPool2d(x2, { kernelSize: 2 });
        assert.deepEqual(y.data, copy);
    });
    it('survives wasm memory growth, and a call that grows memory computes correctly', () => {
        const before = cp.conv2d(x, w), copy = before.data.slice();
        const bytes = cp._core.HEAPU8.byteLength;
        // 2 x 32 MiB in, 8 MiB out: more than the initial 16 MiB, so memory grows during the calls
        const big = arange([1, 2, 2048, 2048]);
        const pooled = cp.maxPool2d(big, { kernelSize: 2 });
        assert.ok(cp._core.HEAPU8.byteLength > bytes, 'the test meant to grow memory');
        assert.deepEqual(pooled.shape, [1, 2, 1024, 1024]);
        for (const [c, i, j] of [[0, 0, 0], [0, 1023, 1023], [1, 500, 7]])
            assert.equal(pooled.data[(c * 1024 + i) * 1024 + j], c * 2048 * 2048 + (2 * i + 1) * 2048 + 2 * j + 1);
        assert.deepEqual(before.data, copy);
        assert.deepEqual(cp.conv2d(x, w), before);
    });
});

describe('the fast kernels agree with the scalar reference kernel', () => {
    it('conv2d, through cp_use_reference', () => {
        for (const [name, xs, ws, o] of convCases.filter(([, , , o]) => typeof o.padding !== 'string' && !o.paddingMode && !o.bias)) {
            const x = random(xs, 7), w = random(ws, 8);
            const fast = cp.conv2d(x, w, o);
            cp._core._cp_use_reference(cp._engine, 1);
            try {
                assertClose(cp.conv2d(x, w, o), fast, name);
            } finally {
                cp._core._cp_use_reference(cp._engine, 0);
            }
        }
    });
});

// The C ABI under the API, called the way a buggy or hostile caller could:
// values JS itself never sends must still get a message, not undefined behaviour.
describe('the raw C ABI refuses what the API never sends', () => {
    const core = cp._core, engine = cp._engine;
    const text = (ptr) => core.UTF8ToString(ptr);
    const [fieldText, sizeText] = text(core._cp_abi_layout(engine)).split(';');
    const fields = new Map(fieldText.split(',').map((kv) => { const [k, v] = kv.split('='); return [k, Number(v)]; }));
    const names = Object.fromEntries(text(core._cp_enum_names(engine)).split(';').map((t) => {
        const [name, list] = t.split(':');
        return [name, Object.fromEntries(list.split(',').map((kv) => { const [k, v] = kv.split('='); return [k, Number(v)]; }))];
    }));
    // A valid conv2d (1x1x5x5 input, 1x1x3x3 weight), then `changes` on top.
    function writeConv(changes) {
        const base = core._cp_args(engine) >> 2, heap = core.HEAP32;
        heap.fill(0, base, base + Number(sizeText.split('=')[1]) / 4);
        const v = { op: names.OpKind.conv, x_n: 1, x_c: 1, x_h: 5, x_w: 5, w_n: 1, w_c: 1, w_h: 3, w_w: 3,
                    stride_h: 1, stride_w: 1, dilation_h: 1, dilation_w: 1, groups: 1, pad_top: 2, pad_bottom: 2,
                    pad_left: 2, pad_right: 2, rule: names.PaddingRule.explicit, mode: names.PaddingMode.reflect, ...changes };
        for (const [k, value] of Object.entries(v)) heap[base + fields.get(k) / 4] = value;
    }
    it('the layout and the enum names come from the engine', () => {
        assert.equal(names.PaddingRule['same-tf'], names.PaddingRule.SAME);
        assert.equal(names.PaddingMode.circular, 3);
        assert.ok(fields.has('mode') && fields.has('divisor_override'));
    });
    it('an out-of-range padding mode is refused with a message (it used to index the input out of bounds)', () => {
        for (const mode of [4, 7, -1, 2147483647]) {
            writeConv({ mode });
            assert.equal(core._cp_run(engine, 1), 0);
            assert.match(text(core._cp_last_error(engine)), new RegExp(`^mode ${mode} names no PaddingMode \\(expected 0 = zeros`));
            assert.ok(core._cp_scratch(engine, 50 + 9));
            assert.equal(core._cp_run(engine, 0), 0, 'the run pass refuses too');
        }
        writeConv({ rule: 9 });
        assert.equal(core._cp_run(engine, 0), 0);
        assert.match(text(core._cp_last_error(engine)), /^rule 9 names no PaddingRule/);
        writeConv({ op: 4 });
        assert.equal(core._cp_run(engine, 1), 0);
        assert.match(text(core._cp_last_error(engine)), /^op 4 names no OpKind/);
        writeConv({});
        assert.equal(core._cp_run(engine, 1), 1, 'the same call with a valid mode is accepted');
    });
    it('cp_scratch with NaN, a huge or a negative count gives a message', () => {
        for (const [count, message] of [
            [NaN, 'the inputs cannot be sized: NaN is not a number of values'],
            [-5, 'the inputs cannot be sized: -5 is not a number of values'],
            [1e30, 'the inputs are too large for the engine (1e+30 values; at most 67108864 per tensor)'],
            [Infinity, 'the inputs are too large for the engine (Infinity values; at most 67108864 per tensor)'],
        ]) {
            assert.equal(core._cp_scratch(engine, count), 0);
            assert.equal(text(core._cp_last_error(engine)), message);
        }
    });
    it('the engine is still usable', () => {
        assert.deepEqual(cp.conv2d(arange([1, 1, 5, 5]), constant([1, 1, 3, 3], 1), { padding: 1 }).shape, [1, 1, 5, 5]);
    });
});

describe('loading', () => {
    it('version is a semantic version', () => {
        assert.match(cp.version, /^\d+\.\d+\.\d+/);
    });
    it('createEngine({wasmBinary}) takes the bytes from the caller; engines are independent', async () => {
        const { default: createEngine } = await import(pathToFileURL(enginePath).href);
        const bytes = await readFile(new URL('convplay-engine-core.wasm', pathToFileURL(enginePath)));
        const other = await createEngine({ wasmBinary: bytes });
        assert.notEqual(other._core.HEAPU8.buffer, cp._core.HEAPU8.buffer);
        const x = random([1, 2, 6, 6]), w = random([3, 2, 3, 3]);
        assert.deepEqual(other.conv2d(x, w, { padding: 1 }), cp.conv2d(x, w, { padding: 1 }));
    });
});
