// memory.test.mjs — a million small calls do not grow wasm memory. Its own file
// (so its own process under node --test): the other suites grow memory on purpose.
import assert from 'node:assert/strict';
import { it } from 'node:test';

import { arange, constant, loadEngine } from './helpers.mjs';

const cp = await loadEngine();
const bytes = () => cp._core.HEAPU8.byteLength;

it('1e6 conv2d calls on a 5x5 input leave the memory size unchanged', (t) => {
    const x = arange([1, 1, 5, 5]), w = constant([1, 1, 3, 3], 1), o = { padding: 1 };
    for (let i = 0; i < 1000; i++) cp.conv2d(x, w, o);  // warm-up: the scratch buffer and allocator settle
    const before = bytes(), t0 = performance.now();
    let sum = 0;
    for (let i = 0; i < 1e6; i++) sum += cp.conv2d(x, w, o).data[12];
    t.diagnostic(`1e6 calls: ${((performance.now() - t0) / 1e3).toFixed(2)} s`);
    assert.equal(sum, 1e6 * (6 + 7 + 8 + 11 + 12 + 13 + 16 + 17 + 18));
    assert.equal(bytes(), before);
});

it('1e5 calls of each other op, and 1e5 failing calls, leave it unchanged too', (t) => {
    const x = arange([1, 2, 5, 5]), w = constant([2, 1, 3, 3], 1);
    const calls = [
        () => cp.convTranspose2d(x, w, { stride: 2, groups: 2 }),
        () => cp.maxPool2d(x, { kernelSize: 2, ceilMode: true }),
        () => cp.avgPool2d(x, { kernelSize: 3, padding: 1, stride: 1 }),
        () => cp.conv2d(x, w, { padding: 'same', paddingMode: 'reflect', groups: 2 }),
        () => cp.conv2dOutputShape(x.shape, w.shape, { groups: 2 }),
        () => assert.throws(() => cp.conv2d(x, w, { stride: 0, groups: 2 })),  // the engine's error path
    ];
    for (const call of calls) for (let i = 0; i < 100; i++) call();
    const before = bytes(), t0 = performance.now();
    for (const call of calls) for (let i = 0; i < 1e5; i++) call();
    t.diagnostic(`${calls.length} x 1e5 calls: ${((performance.now() - t0) / 1e3).toFixed(2)} s`);
    assert.equal(bytes(), before);
});

it('a refused call copies nothing in: memory does not grow for inputs the engine will not take', () => {
    // 64 MiB of input, more than the memory holds now: copied in before the
    // check (as it once was), it grew memory for good and never gave it back.
    const x = { shape: [1, 4, 2048, 2048], data: new Float32Array(4 * 2048 * 2048) };
    const before = bytes();
    assert.throws(() => cp.conv2d(x, constant([2, 4, 3, 3], 1), { groups: 3 }), /^Error: conv2d: groups=3/);
    assert.throws(() => cp.conv2d(x, constant([1, 4, 4099, 1], 1)), /^Error: conv2d: /);  // a kernel taller than the input
    assert.throws(() => cp.conv2d(x, constant([2, 4, 3, 3], 1), { bias: [1, 2, 3] }), /^Error: conv2d: /);  // 3 biases, 2 channels
    assert.throws(() => cp.maxPool2d(x, { kernelSize: 4099 }), /^Error: maxPool2d: /);
    assert.equal(bytes(), before);
});
