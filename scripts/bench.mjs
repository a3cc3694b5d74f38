// bench.mjs — convplay's conv2d against its peers, one Node process, one thread.
//
//   node scripts/bench.mjs [--quick] [--shape TEXT]... [--rounds N] [--json] [--no-ref]
//   (scripts/bench builds dist/ first if it is missing; CONVPLAY_ENGINE=path picks another build)
//
// Besides conv2d, image mode's other layers on 512x512 RGB (kind convT, maxpool,
// avgpool: cp.convTranspose2d / maxPool2d / avgPool2d against ORT's ConvTranspose,
// MaxPool and AveragePool nodes and tfjs's conv2dTranspose / maxPool / avgPool where
// tfjs has the op; a peer without it shows n/a). Their GFLOP/s count only useful
// multiply-adds (transposed conv) or one op per window tap (pools).
//
// Contestants, each timed as a user calls it, Float32Array in -> Float32Array out:
//   convplay   dist/convplay-engine.mjs: cp.conv2d(x, w, opts) (copies in, computes, copies out)
//   reference  the same call on the engine's scalar Conv2dReference kernel (cp_use_reference)
//   tfjs       @tensorflow/tfjs-backend-wasm (XNNPACK, SIMD, 1 thread), NHWC: tensor from the
//              Float32Array, tf.conv2d / tf.depthwiseConv2d, dataSync, dispose
//   ORT        onnxruntime-web (wasm, SIMD, 1 thread): a one-node Conv model; Tensor from the
//              Float32Array, await session.run, output data
// Weights are set up once per shape for everyone (tfjs: a tensor; ORT: an initializer;
// convplay: a {shape, data} object, which it copies into wasm on every call).
//
// Method: per shape, every contestant is first checked against convplay's output
// (max |difference|), then warmed up past V8's tiers (Liftoff -> TurboFan for
// wasm, Ignition -> TurboFan for the JS glue); then R rounds, the contestants
// interleaved in a rotating order, each round timing a batch of calls sized to
// ~TARGET ms; the result is the median round. GFLOP/s = 2*N*OH*OW*Cout*(Cin/groups)*KH*KW / time.
// The peak is this machine's wasm-SIMD mul+add throughput, measured in this
// process by cp_peak_mul_add (12 independent f32x4 mul+add chains; no FMA in
// baseline wasm SIMD).
//
// Index
//   [SECTION] Options
//   [SECTION] The shapes
//   [SECTION] ONNX: a one-node Conv model as protobuf bytes, without the onnx package
//   [SECTION] The contestants
//   [SECTION] Timing
//   [SECTION] Main: check, time, report
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// [SECTION] Options
const usage = `usage: node scripts/bench.mjs [options]
  --quick         shorter warm-up and batches (about a third of the time; noisier)
  --shape TEXT    only shapes whose name contains TEXT (repeatable)
  --rounds N      timed rounds per contestant and shape; the median is reported (default 7)
  --no-ref        skip the scalar reference (its large shapes take most of the time)
  --json          print JSON instead of the markdown table
  --list          list the shapes and exit`;
const opts = { quick: false, shapes: [], rounds: 7, ref: true, json: false, list: false };
for (let i = 2; i < process.argv.length; i++) {
    const a = process.argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--shape') opts.shapes.push(process.argv[++i] ?? '');
    else if (a === '--rounds') opts.rounds = Number(process.argv[++i]);
    else if (a === '--no-ref') opts.ref = false;
    else if (a === '--json') opts.json = true;
    else if (a === '--list') opts.list = true;
    else if (a === '--help' || a === '-h') { console.log(usage); process.exit(0); }
    else { console.error(`bench: unknown option ${a}\n${usage}`); process.exit(2); }
}
if (!Number.isInteger(opts.rounds) || opts.rounds < 1) { console.error('bench: --rounds needs a positive integer'); process.exit(2); }
const WARM_MS = opts.quick ? 120 : 250;   // per contestant and shape, and at least WARM_CALLS calls
const WARM_CALLS = 2;
const TARGET_MS = opts.quick ? 6 : 25;   // one timed batch
const log = (...a) => console.error(...a);  // progress on stderr; the table (or JSON) alone on stdout

// [SECTION] The shapes
// name, input [N, C, H, W], Cout, kernel, stride, padding, dilation, groups
function shape(name, [n, c, h, w], cout, k, { s = 1, p = 0, d = 1, g = 1 } = {}) {
    const oh = Math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1, ow = Math.floor((w + 2 * p - d * (k - 1) - 1) / s) + 1;
    const flops = 2 * n * oh * ow * cout * (c / g) * k * k;
    return { name, kind: 'conv', n, c, h, w, cout, k, s, p, d, g, oh, ow, flops };
}
// PyTorch's ConvTranspose2d(c, cout, k, stride s, padding p, output_padding op, groups g).
function convT(name, [n, c, h, w], cout, k, { s = 1, p = 0, op = 0, g = 1 } = {}) {
    const oh = (h - 1) * s - 2 * p + k + op, ow = (w - 1) * s - 2 * p + k + op;
    const flops = 2 * n * h * w * c * (cout / g) * k * k;  // every input pixel through every tap
    return { name, kind: 'convT', n, c, h, w, cout, k, s, p, op, d: 1, g, oh, ow, flops };
}
// Max or avg pool (PyTorch's rules; ceil_mode's last window must start inside input + left padding).
function pool(name, kind, [n, c, h, w], k, { s = k, p = 0, ceil = false, includePad = true } = {}) {
    const size = (i) => {
        const span = i + 2 * p - k;
        let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
        if (ceil && (o - 1) * s >= i + p) o--;
        return o;
    };
    const oh = size(h), ow = size(w);
    return { name, kind, n, c, h, w, cout: c, k, s, p, d: 1, g: c, ceil, includePad, oh, ow, flops: n * c * oh * ow * k * k };
}
const SHAPES = [
    shape('5x5 1->1 k3 p1', [1, 1, 5, 5], 1, 3, { p: 1 }),
    shape('28x28 1->8 k3 p1', [1, 1, 28, 28], 8, 3, { p: 1 }),
    shape('32x32 3->8 k5 s2 p2', [1, 3, 32, 32], 8, 5, { s: 2, p: 2 }),
    shape('64x64 3->16 k3 p1', [1, 3, 64, 64], 16, 3, { p: 1 }),
    shape('64x64 8->8 k3 d2 p2', [1, 8, 64, 64], 8, 3, { d: 2, p: 2 }),
    shape('128x128 16->32 k3 p1', [1, 16, 128, 128], 32, 3, { p: 1 }),
    shape('56x56 64->64 k3 p1', [1, 64, 56, 56], 64, 3, { p: 1 }),
    shape('56x56 64->64 k1', [1, 64, 56, 56], 64, 1),
    shape('dw 112x112 C32 k3 p1', [1, 32, 112, 112], 32, 3, { p: 1, g: 32 }),
    shape('224x224 3->32 k3 s2 p1', [1, 3, 224, 224], 32, 3, { s: 2, p: 1 }),
    shape('512x512 3->16 k5 p2', [1, 3, 512, 512], 16, 5, { p: 2 }),
    // Image mode (512x512 RGB): depthwise, one output channel, dilation, upsampling, pools.
    shape('img dw 512x512 C3 k7 p3', [1, 3, 512, 512], 3, 7, { p: 3, g: 3 }),
    shape('img 512x512 3->1 k7 p3', [1, 3, 512, 512], 1, 7, { p: 3 }),
    shape('img 512x512 3->1 k5 d3 p6', [1, 3, 512, 512], 1, 5, { p: 6, d: 3 }),
    convT('img convT 256->512 3->3 k4 s2 p1', [1, 3, 256, 256], 3, 4, { s: 2, p: 1 }),
    convT('img convT dw 256->512 C3 k4 s2 p1', [1, 3, 256, 256], 3, 4, { s: 2, p: 1, g: 3 }),
    convT('img convT 128->512 3->3 k8 s4 p2', [1, 3, 128, 128], 3, 8, { s: 4, p: 2 }),
    pool('img maxpool 512x512 C3 k3 s3', 'maxpool', [1, 3, 512, 512], 3),
    pool('img maxpool 512x512 C3 k4 s4 p1 ceil', 'maxpool', [1, 3, 512, 512], 4, { p: 1, ceil: true }),
    pool('img avgpool 512x512 C3 k3 s3', 'avgpool', [1, 3, 512, 512], 3),
    pool('img avgpool 512x512 C3 k5 s5 p2 excl-pad', 'avgpool', [1, 3, 512, 512], 5, { p: 2, includePad: false }),
];

// A deterministic xorshift32 fill in [-1, 1).
function randomArray(count, seed) {
    let s = seed >>> 0 || 1;
    const a = new Float32Array(count);
    for (let i = 0; i < count; i++) {
        s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
        a[i] = s / 2147483648 - 1;
    }
    return a;
}
// NCHW (or OIHW) -> NHWC (or HWIO) and back; all untimed.
function toChannelsLast(a, [n, c, h, w]) {
    const out = new Float32Array(a.length);
    for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++)
        out[((i * h + y) * w + x) * c + j] = a[((i * c + j) * h + y) * w + x];
    return out;
}
function toChannelsFirst(a, [n, c, h, w]) {
    const out = new Float32Array(a.length);
    for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++)
        out[((i * c + j) * h + y) * w + x] = a[((i * h + y) * w + x) * c + j];
    return out;
}
// OIHW [Cout, Cin/g, K, K] -> tfjs filters: HWIO [K, K, Cin, Cout], depthwise [K, K, C, 1]
function tfFilter(wt, sh) {
    const ci = sh.c / sh.g, k = sh.k, out = new Float32Array(wt.length);
    for (let o = 0; o < sh.cout; o++) for (let i = 0; i < ci; i++) for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) {
        const from = ((o * ci + i) * k + y) * k + x;
        out[sh.g === 1 ? ((y * k + x) * ci + i) * sh.cout + o : (y * k + x) * sh.cout + o] = wt[from];
    }
    return out;
}

// [SECTION] ONNX: a one-node Conv model as protobuf bytes, without the onnx package
// Field numbers from onnx.proto (proto2): ModelProto ir_version=1 producer_name=2
// graph=7 opset_import=8; GraphProto node=1 name=2 initializer=5 input=11 output=12;
// NodeProto input=1 output=2 name=3 op_type=4 attribute=5; AttributeProto name=1
// i=3 ints=8 type=20 (INT=2, INTS=7); TensorProto dims=1 data_type=2 (FLOAT=1)
// name=8 raw_data=9 (little-endian); ValueInfoProto name=1 type=2; TypeProto
// tensor_type=1; TypeProto.Tensor elem_type=1 shape=2; TensorShapeProto dim=1;
// Dimension dim_value=1; OperatorSetIdProto domain=1 version=2.
const onnx = (() => {
    const utf8 = new TextEncoder();
    const varint = (v) => { const b = []; while (v >= 128) { b.push((v % 128) | 128); v = Math.floor(v / 128); } b.push(v); return b; };
    const concat = (parts) => {
        const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const p of parts) { out.set(p, at); at += p.length; }
        return out;
    };
    const int = (field, v) => Uint8Array.from([...varint(field * 8), ...varint(v)]);            // wire type 0
    const bytes = (field, b) => concat([Uint8Array.from([...varint(field * 8 + 2), ...varint(b.length)]), b]);  // wire type 2
    const str = (field, s) => bytes(field, utf8.encode(s));
    const attrInt = (name, v) => bytes(5, concat([str(1, name), int(20, 2), int(3, v)]));
    const attrInts = (name, vs) => bytes(5, concat([str(1, name), int(20, 7), ...vs.map((v) => int(8, v))]));
    const valueInfo = (field, name, dims) => bytes(field, concat([str(1, name),
        bytes(2, bytes(1, concat([int(1, 1), bytes(2, concat(dims.map((d) => bytes(1, int(1, d)))))])))]));
    const initializer = (name, dims, data) => bytes(5, concat([...dims.map((d) => int(1, d)), int(2, 1), str(8, name),
        bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength))]));
    return {
        // Y = Conv(X, W), W an initializer; pads are [top, left, bottom, right].
        conv(sh, weights) {
            const wdims = [sh.cout, sh.c / sh.g, sh.k, sh.k];
            const node = concat([str(1, 'X'), str(1, 'W'), str(2, 'Y'), str(3, 'conv'), str(4, 'Conv'),
                attrInts('kernel_shape', [sh.k, sh.k]), attrInts('strides', [sh.s, sh.s]),
                attrInts('pads', [sh.p, sh.p, sh.p, sh.p]), attrInts('dilations', [sh.d, sh.d]), attrInt('group', sh.g)]);
            const graph = concat([bytes(1, node), str(2, 'bench'), initializer('W', wdims, weights),
                valueInfo(11, 'X', [sh.n, sh.c, sh.h, sh.w]), valueInfo(12, 'Y', [sh.n, sh.cout, sh.oh, sh.ow])]);
            return concat([int(1, 8), str(2, 'convplay-bench'), bytes(7, graph), bytes(8, concat([str(1, ''), int(2, 13)]))]);
        },
        // Y = ConvTranspose(X, W), W (Cin, Cout/group, K, K) an initializer.
        convT(sh, weights) {
            const wdims = [sh.c, sh.cout / sh.g, sh.k, sh.k];
            const node = concat([str(1, 'X'), str(1, 'W'), str(2, 'Y'), str(3, 'convT'), str(4, 'ConvTranspose'),
                attrInts('kernel_shape', [sh.k, sh.k]), attrInts('strides', [sh.s, sh.s]),
                attrInts('pads', [sh.p, sh.p, sh.p, sh.p]), attrInts('output_padding', [sh.op, sh.op]), attrInt('group', sh.g)]);
            const graph = concat([bytes(1, node), str(2, 'bench'), initializer('W', wdims, weights),
                valueInfo(11, 'X', [sh.n, sh.c, sh.h, sh.w]), valueInfo(12, 'Y', [sh.n, sh.cout, sh.oh, sh.ow])]);
            return concat([int(1, 8), str(2, 'convplay-bench'), bytes(7, graph), bytes(8, concat([str(1, ''), int(2, 13)]))]);
        },
        // Y = MaxPool(X) or AveragePool(X).
        pool(sh) {
            const attrs = [attrInts('kernel_shape', [sh.k, sh.k]), attrInts('strides', [sh.s, sh.s]),
                attrInts('pads', [sh.p, sh.p, sh.p, sh.p]), attrInt('ceil_mode', sh.ceil ? 1 : 0)];
            if (sh.kind === 'avgpool') attrs.push(attrInt('count_include_pad', sh.includePad ? 1 : 0));
            const node = concat([str(1, 'X'), str(2, 'Y'), str(3, 'pool'), str(4, sh.kind === 'maxpool' ? 'MaxPool' : 'AveragePool'), ...attrs]);
            const graph = concat([bytes(1, node), str(2, 'bench'),
                valueInfo(11, 'X', [sh.n, sh.c, sh.h, sh.w]), valueInfo(12, 'Y', [sh.n, sh.cout, sh.oh, sh.ow])]);
            return concat([int(1, 8), str(2, 'convplay-bench'), bytes(7, graph), bytes(8, concat([str(1, ''), int(2, 13)]))]);
        },
    };
})();

// [SECTION] The contestants
// Each: {name, prepare(sh, x, w) -> {call() -> Float32Array | Promise, nchw(out) -> NCHW Float32Array}},
// or null from prepare when the contestant has no such op (shown as n/a).
async function loadContestants() {
    const enginePath = process.env.CONVPLAY_ENGINE || path.join(repo, 'dist', 'convplay-engine.mjs');
    const { default: createEngine } = await import(pathToFileURL(enginePath).href);
    const cp = await createEngine();

    const tf = require('@tensorflow/tfjs-core');
    const tfwasm = require('@tensorflow/tfjs-backend-wasm');
    tfwasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend did not initialise');
    await tf.ready();
    if (!tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) throw new Error('tfjs: wasm SIMD is off');

    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';

    const ours = (reference) => ({
        name: reference ? 'reference' : 'convplay',
        prepare(sh, x, w) {
            const xt = { shape: [sh.n, sh.c, sh.h, sh.w], data: x }, wt = { shape: [sh.cout, sh.c / sh.g, sh.k, sh.k], data: w };
            if (sh.kind !== 'conv') {  // the reference switch is conv2d's only
                if (reference) return null;
                const call = sh.kind === 'convT'
                    ? () => cp.convTranspose2d(xt, { shape: [sh.c, sh.cout / sh.g, sh.k, sh.k], data: w },
                        { stride: sh.s, padding: sh.p, outputPadding: sh.op, groups: sh.g }).data
                    : sh.kind === 'maxpool'
                        ? () => cp.maxPool2d(xt, { kernelSize: sh.k, stride: sh.s, padding: sh.p, ceilMode: sh.ceil }).data
                        : () => cp.avgPool2d(xt, { kernelSize: sh.k, stride: sh.s, padding: sh.p, ceilMode: sh.ceil,
                            countIncludePad: sh.includePad }).data;
                return { call, nchw: (y) => y };
            }
            const o = { stride: sh.s, padding: sh.p, dilation: sh.d, groups: sh.g };
            const call = reference
                ? () => { cp._core._cp_use_reference(cp._engine, 1); try { return cp.conv2d(xt, wt, o).data; } finally { cp._core._cp_use_reference(cp._engine, 0); } }
                : () => cp.conv2d(xt, wt, o).data;
            return { call, nchw: (y) => y };
        },
    });
    const tfjs = {
        name: 'tfjs',
        prepare(sh, x, w) {
            const xs = [sh.n, sh.h, sh.w, sh.c], xnhwc = toChannelsLast(x, [sh.n, sh.c, sh.h, sh.w]);
            const nchw = (y) => toChannelsFirst(y, [sh.n, sh.cout, sh.oh, sh.ow]);
            const run = (op) => () => {
                const xt = tf.tensor4d(xnhwc, xs);
                const y = op(xt);
                const out = y.dataSync();
                xt.dispose(); y.dispose();
                return out;
            };
            if (sh.kind === 'maxpool' || sh.kind === 'avgpool') {
                // tfjs pools take 'valid' / 'same' / a number and always exclude the padding from the
                // average, floor only: the shapes it can express as PyTorch computes them.
                if (sh.ceil || (sh.kind === 'avgpool' && sh.p > 0 && sh.includePad)) return null;
                const op = sh.kind === 'maxpool' ? tf.maxPool : tf.avgPool;
                return { call: run((xt) => op(xt, sh.k, sh.s, sh.p === 0 ? 'valid' : sh.p)), nchw };
            }
            if (sh.kind === 'convT') {
                if (sh.g !== 1) return null;  // no grouped transposed conv in tfjs
                // filter [K, K, Cout, Cin] from PyTorch's (Cin, Cout, K, K); the forward conv's padding is p.
                const f = new Float32Array(w.length), k = sh.k;
                for (let i = 0; i < sh.c; i++) for (let o = 0; o < sh.cout; o++) for (let y = 0; y < k; y++) for (let x = 0; x < k; x++)
                    f[((y * k + x) * sh.cout + o) * sh.c + i] = w[((i * sh.cout + o) * k + y) * k + x];
                const filter = tf.tensor4d(f, [k, k, sh.cout, sh.c]);
                const call = run((xt) => tf.conv2dTranspose(xt, filter, [sh.n, sh.oh, sh.ow, sh.cout], sh.s, sh.p));
                return { call, nchw, dispose: () => filter.dispose() };
            }
            const filter = sh.g === 1 ? tf.tensor4d(tfFilter(w, sh), [sh.k, sh.k, sh.c, sh.cout])
                : tf.tensor4d(tfFilter(w, sh), [sh.k, sh.k, sh.c, 1]);
            if (sh.g !== 1 && sh.g !== sh.c) throw new Error('tfjs: only groups 1 or depthwise');
            const pad = [[0, 0], [sh.p, sh.p], [sh.p, sh.p], [0, 0]];
            const op = sh.g === 1 ? tf.conv2d : tf.depthwiseConv2d;
            const call = () => {
                const xt = tf.tensor4d(xnhwc, xs);
                const y = op(xt, filter, sh.s, pad, 'NHWC', sh.d);
                const out = y.dataSync();
                xt.dispose(); y.dispose();
                return out;
            };
            return { call, nchw: (y) => toChannelsFirst(y, [sh.n, sh.cout, sh.oh, sh.ow]), dispose: () => filter.dispose() };
        },
    };
    const ortContestant = {
        name: 'ORT',
        async prepare(sh, x, w) {
            const model = sh.kind === 'conv' ? onnx.conv(sh, w) : sh.kind === 'convT' ? onnx.convT(sh, w) : onnx.pool(sh);
            const session = await ort.InferenceSession.create(model,
                { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
            const dims = [sh.n, sh.c, sh.h, sh.w];
            const call = async () => (await session.run({ X: new ort.Tensor('float32', x, dims) })).Y.data;
            return { call, nchw: (y) => y, dispose: () => session.release(), isAsync: true };
        },
    };
    const versions = {
        node: process.version, convplay: cp.version, tfjs: tf.version_core, ort: ort.env.versions.web,
        cpu: os.cpus()[0]?.model ?? 'unknown', loadAverage: os.loadavg()[0],
    };
    const list = [ours(false), ...(opts.ref ? [ours(true)] : []), tfjs, ortContestant];
    return { cp, tf, list, versions };
}

// [SECTION] Timing
// Time `count` calls; returns microseconds per call.
async function timeBatch(call, count, isAsync) {
    const t0 = performance.now();
    if (isAsync) for (let i = 0; i < count; i++) await call();
    else for (let i = 0; i < count; i++) call();
    return ((performance.now() - t0) * 1000) / count;
}
const median = (a) => { const s = [...a].sort((x, y) => x - y), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const geomean = (a) => (a.length ? Math.exp(a.reduce((s, v) => s + Math.log(v), 0) / a.length) : NaN);

// The wasm-SIMD mul+add peak: 96 flops per iteration of cp_peak_mul_add.
function measurePeak(cp) {
    const iterations = 2_000_000;
    const run = () => { const t0 = performance.now(); cp._core._cp_peak_mul_add(iterations, 0.999999, 1e-7); return performance.now() - t0; };
    const warmUntil = performance.now() + (opts.quick ? 100 : 300);
    while (performance.now() < warmUntil) run();
    const ms = median(Array.from({ length: 9 }, run));
    return (96 * iterations) / (ms * 1e6);
}

// [SECTION] Main: check, time, report
async function main() {
    const shapes = SHAPES.filter((s) => opts.shapes.length === 0 || opts.shapes.some((t) => s.name.includes(t)));
    if (opts.list) { for (const s of SHAPES) console.log(s.name); return; }
    if (shapes.length === 0) { console.error(`bench: no shape matches ${opts.shapes.join(', ')} (--list)`); process.exit(2); }
    const started = performance.now();
    const { cp, tf, list, versions } = await loadContestants();
    const load = os.loadavg()[0];
    if (load > 1.5) log(`bench: warning: load average ${load.toFixed(1)} on ${os.cpus().length} cores; other processes will slow some rounds`);
    let peak = measurePeak(cp);
    log(`peak wasm-SIMD mul+add: ${peak.toFixed(1)} GFLOP/s`);

    const rows = [];
    for (const [si, sh] of shapes.entries()) {
        const wCount = sh.kind === 'convT' ? sh.c * (sh.cout / sh.g) * sh.k * sh.k : sh.kind === 'conv' ? sh.cout * (sh.c / sh.g) * sh.k * sh.k : 0;
        const x = randomArray(sh.n * sh.c * sh.h * sh.w, 1 + si), w = randomArray(wCount, 100 + si);
        const prepared = [];
        for (const c of list) {
            let p = await c.prepare(sh, x, w);
            let out = null;
            try {
                if (p) out = p.nchw(await p.call());
            } catch (e) {  // a peer that cannot run this configuration
                log(`${sh.name}: ${c.name} cannot run it (${String(e.message ?? e).split('\n')[0]})`);
                await p.dispose?.();
                p = null;
            }
            if (p) prepared.push({ ...c, ...p, out });
        }
        const ours = prepared[0].out, scale = ours.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        const row = { shape: sh.name, cin: sh.c, mflop: sh.flops / 1e6, us: {}, gflops: {}, maxAbsDiff: {}, scale };
        for (const c of list) row.us[c.name] = row.gflops[c.name] = row.maxAbsDiff[c.name] = NaN;  // n/a unless run
        for (const p of prepared.slice(1)) {
            let d = p.out.length === ours.length ? 0 : Infinity;
            for (let i = 0; d !== Infinity && i < ours.length; i++) d = Math.max(d, Math.abs(p.out[i] - ours[i]));
            row.maxAbsDiff[p.name] = d;
        }
        // Warm-up, then the batch size for ~TARGET_MS
        for (const p of prepared) {
            let calls = 0;
            const t0 = performance.now();
            while (calls < WARM_CALLS || performance.now() - t0 < WARM_MS) { p.isAsync ? await p.call() : p.call(); calls++; }
            const perCall = await timeBatch(p.call, Math.max(1, Math.min(calls, 3)), p.isAsync) / 1000;
            p.batch = Math.max(1, Math.round(TARGET_MS / perCall));
            p.samples = [];
        }
        for (let r = 0; r < opts.rounds; r++)
            for (let i = 0; i < prepared.length; i++) {
                const p = prepared[(i + r) % prepared.length];  // rotate who goes first
                p.samples.push(await timeBatch(p.call, p.batch, p.isAsync));
            }
        for (const p of prepared) {
            row.us[p.name] = median(p.samples);
            row.gflops[p.name] = sh.flops / (row.us[p.name] * 1e3);
            await p.dispose?.();
        }
        row.percentOfPeak = (100 * row.gflops.convplay) / peak;
        rows.push(row);
        log(`${sh.name}: ${prepared.map((c) => `${c.name} ${row.us[c.name].toFixed(1)} µs`).join(', ')}`);
    }
    const leaks = tf.memory().numTensors;
    // The peak again at the end; the better of the two is the least disturbed.
    peak = Math.max(peak, measurePeak(cp));
    for (const row of rows) row.percentOfPeak = (100 * row.gflops.convplay) / peak;

    const peers = list.slice(1).map((c) => c.name);
    const ratio = (row, peer) => row.us[peer] / row.us.convplay;
    const summary = {};
    for (const peer of peers) {
        summary[peer] = {
            geomean: geomean(rows.map((r) => ratio(r, peer)).filter(Number.isFinite)),
            geomeanCinUpTo4: geomean(rows.filter((r) => r.cin <= 4).map((r) => ratio(r, peer)).filter(Number.isFinite)),
        };
    }
    const result = { versions, peakGflops: peak, rounds: opts.rounds, quick: opts.quick, rows, summary,
                     seconds: (performance.now() - started) / 1000 };
    if (leaks !== 0) log(`warning: tfjs holds ${leaks} tensors after the run (a leak in the timed call?)`);
    if (opts.json) { console.log(JSON.stringify(result, null, 2)); return; }
    printTable(result, peers);
}

function fmt(v, digits = 1) {
    if (Number.isNaN(v)) return 'n/a';
    if (!Number.isFinite(v)) return String(v);
    if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
    return v.toFixed(digits);
}
const sci = (v) => (Number.isNaN(v) ? 'n/a' : v === 0 ? '0' : v.toExponential(0));

function printTable(r, peers) {
    const out = [];
    out.push(`conv2d, one thread, Node ${r.versions.node}, ${r.versions.cpu}: convplay ${r.versions.convplay}, ` +
             `tfjs-backend-wasm ${r.versions.tfjs} (XNNPACK), onnxruntime-web ${r.versions.ort}. ` +
             `Median of ${r.rounds} interleaved rounds; µs per call, Float32Array in -> out. ` +
             `Load average at start: ${r.versions.loadAverage.toFixed(2)}.`);
    out.push('');
    const head = ['shape', 'MFLOP', 'convplay µs', 'GFLOP/s', '% peak', ...peers.map((p) => `${p} µs`),
                  ...peers.map((p) => `× ${p}`), `max abs diff (${peers.join(' / ')})`];
    out.push(`| ${head.join(' | ')} |`);
    out.push(`|${head.map((_, i) => (i === 0 ? ':---' : '---:')).join('|')}|`);
    for (const row of r.rows) {
        out.push(`| ${[row.shape, row.mflop < 100 ? String(+row.mflop.toPrecision(3)) : fmt(row.mflop), fmt(row.us.convplay), fmt(row.gflops.convplay), fmt(row.percentOfPeak, 0) + '%',
            ...peers.map((p) => fmt(row.us[p])), ...peers.map((p) => fmt(row.us[p] / row.us.convplay, 2)),
            peers.map((p) => sci(row.maxAbsDiff[p])).join(' / ')].join(' | ')} |`);
    }
    out.push('');
    out.push(`× PEER = PEER's time / convplay's time (above 1: convplay is faster). Peak: ${r.peakGflops.toFixed(1)} GFLOP/s ` +
             `(wasm SIMD f32x4 mul+add, 12 independent chains, best of two measurements in the same process).`);
    out.push('');
    out.push('| geomean | ' + peers.map((p) => `× ${p}`).join(' | ') + ' |');
    out.push('|:---|' + peers.map(() => '---:').join('|') + '|');
    out.push('| all shapes | ' + peers.map((p) => fmt(r.summary[p].geomean, 2)).join(' | ') + ' |');
    out.push('| Cin <= 4 | ' + peers.map((p) => fmt(r.summary[p].geomeanCinUpTo4, 2)).join(' | ') + ' |');
    console.log(out.join('\n'));
    console.error(`(${r.seconds.toFixed(0)} s)`);
}

await main();
