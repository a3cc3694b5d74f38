// convplay-engine.mjs — convplay's convolution engine (WebAssembly SIMD) as a
// plain ES module, for browsers and Node 18+ without flags or bundlers.
//
//   import createEngine from './convplay-engine.mjs';
//   const cp = await createEngine();
//   const y = cp.conv2d(x, w, {stride: 2, padding: 1});   // x, w, y: {shape: [N, C, H, W], data: Float32Array}
//
// Names, defaults, weight layouts and results follow torch.nn.functional:
//   conv2d(x, w, {bias, stride=1, padding=0, dilation=1, groups=1, paddingMode='zeros'})
//       w: [Cout, Cin/groups, KH, KW]; padding: a size, 'same', 'valid' (PyTorch),
//       'SAME' or 'same-tf' (TensorFlow's SAME: any stride, out = ceil(in / stride)),
//       'VALID', or {top, bottom, left, right}; paddingMode: zeros|reflect|replicate|circular
//   convTranspose2d(x, w, {bias, stride=1, padding=0, outputPadding=0, dilation=1, groups=1})
//       w: [Cin, Cout/groups, KH, KW]
//   maxPool2d(x, {kernelSize, stride=kernelSize, padding=0, dilation=1, ceilMode=false})
//   avgPool2d(x, {kernelSize, stride=kernelSize, padding=0, ceilMode=false, countIncludePad=true, divisorOverride})
//   conv2dOutputShape(xShape, wShape, opts), and likewise for the other three ops
//   version
// createEngine({wasmBinary}) takes the .wasm bytes from the caller instead (for
// hosts where the file beside this module cannot be read or fetched).
// A size is an integer or [h, w]. x may also be unbatched, [C, H, W], as in PyTorch;
// the result then is too. data may be a Float32Array, another typed array or an
// Array of numbers. Results are fresh Float32Arrays, never views of wasm memory.
// An invalid call throws an Error whose message starts with the op's name and
// says what is wrong (the engine's own message for invalid configurations).
//
// Index
//   [SECTION] Loading: the wasm beside this file, read with node:fs under Node
//   [SECTION] Argument checks: every message names the op and the argument
//   [SECTION] Calling the engine: arguments by field name, shapes checked before inputs are copied
//   [SECTION] The API
import createCore from './convplay-engine-core.mjs';

// [SECTION] Loading: the wasm beside this file, read with node:fs under Node
// Browsers (and workers) let the glue fetch convplay-engine-core.wasm, found with
// new URL(..., import.meta.url), so bundlers and subpaths work. Node's fetch
// cannot read file: URLs, so there we read the bytes ourselves.
const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

async function loadCore(options) {
    const settings = {};
    if (options.wasmBinary) settings.wasmBinary = options.wasmBinary;
    else if (isNode) {
        const { readFile } = await import('node:fs/promises');
        settings.wasmBinary = await readFile(new URL('convplay-engine-core.wasm', import.meta.url));
    }
    return createCore(settings);
}

// [SECTION] Argument checks: every message names the op and the argument
const INT_MAX = 2147483647;

function show(v) {
    if (typeof v === 'string') return JSON.stringify(v);
    if (Array.isArray(v)) return v.length > 8 ? `an Array of ${v.length}` : `[${v.map(show).join(', ')}]`;
    if (v && typeof v === 'object') return ArrayBuffer.isView(v) ? `a ${v.constructor.name}` : 'an object';
    return String(v);
}

function fail(op, message) {
    throw new Error(`${op}: ${message}`);
}

function int(op, name, v) {
    if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > INT_MAX)
        fail(op, `${name} must be an integer, got ${show(v)}`);
    return v;
}

// A size: an integer or [h, w]. Returns [h, w].
function size2(op, name, v, fallback) {
    if (v === undefined || v === null) {
        if (fallback === undefined) fail(op, `${name} is required (an integer or [h, w])`);
        return fallback;
    }
    if (typeof v === 'number') return [int(op, name, v), v];
    if (Array.isArray(v) && v.length === 2) return [int(op, `${name}[0]`, v[0]), int(op, `${name}[1]`, v[1])];
    return fail(op, `${name} must be an integer or [h, w], got ${show(v)}`);
}

function bool(op, name, v, fallback) {
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') fail(op, `${name} must be true or false, got ${show(v)}`);
    return v;
}

function checkKeys(op, opts, allowed) {
    if (opts === undefined || opts === null) return {};
    if (typeof opts !== 'object' || Array.isArray(opts)) fail(op, `options must be an object, got ${show(opts)}`);
    for (const k of Object.keys(opts))
        if (!allowed.includes(k)) fail(op, `unknown option ${show(k)} (expected ${allowed.join(', ')})`);
    return opts;
}

function numbers(op, name, data) {
    if (data instanceof Float32Array) return data;
    if (ArrayBuffer.isView(data) && !(data instanceof DataView) && !(data instanceof BigInt64Array) &&
        !(data instanceof BigUint64Array))
        return data;
    if (Array.isArray(data)) {
        const i = data.findIndex((v) => typeof v !== 'number');
        if (i >= 0) fail(op, `${name}[${i}] is not a number: ${show(data[i])}`);
        return data;
    }
    return fail(op, `${name} must be a Float32Array (or an Array of numbers), got ${show(data)}`);
}

// A shape: 4 positive integers (or 3 where unbatched input is allowed). Returns [N, C, H, W].
function shape4(op, name, shape, allow3) {
    const dims = allow3 ? '[N, C, H, W] or [C, H, W]' : '[N, C, H, W]';
    if (!Array.isArray(shape) || !(shape.length === 4 || (allow3 && shape.length === 3)))
        fail(op, `${name} must be ${dims}, got ${show(shape)}`);
    shape.forEach((d, i) => {
        if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > INT_MAX)
            fail(op, `${name}[${i}] must be a positive integer, got ${show(d)} (shape ${show(shape)})`);
    });
    return shape.length === 3 ? [1, ...shape] : shape;
}

function tensor(op, name, t, allow3) {
    if (!t || typeof t !== 'object' || !('shape' in t) || !('data' in t))
        fail(op, `${name} must be a tensor {shape: [N, C, H, W], data: Float32Array}, got ${show(t)}`);
    const shape = shape4(op, `${name}.shape`, t.shape, allow3);
    const data = numbers(op, `${name}.data`, t.data);
    const count = shape[0] * shape[1] * shape[2] * shape[3];
    if (data.length !== count)
        fail(op, `${name}.data has ${data.length} values but shape ${show(t.shape)} needs ${count}`);
    return { shape, data, unbatched: t.shape.length === 3 };
}

function bias(op, b) {
    if (b === undefined || b === null) return null;
    const data = numbers(op, 'bias', b);
    if (data.length === 0) fail(op, 'bias is empty: give one value per output channel, or omit it');
    return data;
}

// The strings the API accepts for enums are the engine's own tokens (names.h,
// read through cp_enum_names at load): a Map per enum, token -> value.
const lookup = (names, key) => (typeof key === 'string' ? names.get(key) : undefined);
const quoted = (keys) => keys.map((k) => `'${k}'`).join(', ');

// conv2d's padding -> [rule, [top, bottom, left, right]] (rule as in ops.h's
// PaddingRule). A string is any padding rule's token except 'explicit', which
// numbers mean.
const NO_PAD = [0, 0, 0, 0];
function convPadding(op, p, rules) {
    const explicit = rules.get('explicit');
    if (typeof p === 'string') {
        const rule = lookup(rules, p);
        if (rule === undefined || rule === explicit)
            fail(op, `padding ${show(p)} is not one of ${quoted([...rules.keys()].filter((k) => rules.get(k) !== explicit))}`);
        return [rule, NO_PAD];
    }
    if (p && typeof p === 'object' && !Array.isArray(p)) {
        const sides = ['top', 'bottom', 'left', 'right'];
        for (const k of Object.keys(p)) if (!sides.includes(k)) fail(op, `padding has unknown side ${show(k)} (expected top, bottom, left, right)`);
        return [explicit, sides.map((k) => (p[k] === undefined ? 0 : int(op, `padding.${k}`, p[k])))];
    }
    const [h, w] = size2(op, 'padding', p, [0, 0]);
    return [explicit, [h, h, w, w]];
}

// Pool strides: omitted means the kernel size (the engine's 0); an explicit 0 is
// an error in PyTorch, so it must not silently mean "default" here.
function poolStride(op, v) {
    if (v === undefined || v === null) return [0, 0];
    const s = size2(op, 'stride', v);
    if (s[0] < 1 || s[1] < 1) fail(op, `stride must be positive, got ${show(v)}`);
    return s;
}

// [SECTION] Calling the engine: arguments by field name, shapes checked before inputs are copied
// "a=1,b=2" -> Map {a => 1, b => 2}
const pairs = (text) => new Map(text.split(',').map((kv) => { const [k, v] = kv.split('='); return [k, Number(v)]; }));

function makeCaller(core) {
    const engine = core._cp_engine_create();
    if (!engine) throw new Error('createEngine: the engine could not allocate its state');
    const text = (ptr) => core.UTF8ToString(ptr);
    // engine_abi.h's EngineArgs: field name -> byte offset; the struct's size.
    const [fieldText, sizeText] = text(core._cp_abi_layout(engine)).split(';');
    const fields = pairs(fieldText);
    const argsSize = Number(sizeText.split('=')[1]);
    // names.h's tables: enum name -> Map(token -> value), aliases included.
    const enums = new Map(text(core._cp_enum_names(engine)).split(';').map((t) => {
        const [name, list] = t.split(':');
        return [name, pairs(list)];
    }));
    for (const name of ['OpKind', 'PaddingRule', 'PaddingMode'])
        if (!enums.has(name)) throw new Error(`createEngine: the engine does not name its ${name} values`);
    const opKinds = enums.get('OpKind');

    const lastError = () => text(core._cp_last_error(engine));
    const resultShape = () => [0, 1, 2, 3].map((i) => core._cp_result_dim(engine, i));

    // Each call's arguments are staged in an Int32Array shaped like EngineArgs
    // and copied into wasm memory in one go. `slots` turns field names into
    // indices once, here, so a call writes plain array elements (building an
    // object of fields per call cost 15x the whole small conv).
    const staged = new Int32Array(argsSize >> 2);
    const slots = (...names) => names.map((name) => {
        if (!fields.has(name)) throw new Error(`createEngine: the engine has no argument ${show(name)}`);
        return fields.get(name) >> 2;
    });
    const at = {
        op: slots('op')[0], x: slots('x_n', 'x_c', 'x_h', 'x_w'), w: slots('w_n', 'w_c', 'w_h', 'w_w'),
        biasLen: slots('bias_len')[0], kernel: slots('kernel_h', 'kernel_w'), stride: slots('stride_h', 'stride_w'),
        rule: slots('rule')[0], pad: slots('pad_top', 'pad_bottom', 'pad_left', 'pad_right'),
        padding: slots('padding_h', 'padding_w'), outputPadding: slots('output_padding_h', 'output_padding_w'),
        dilation: slots('dilation_h', 'dilation_w'), groups: slots('groups')[0], mode: slots('mode')[0],
        ceilMode: slots('ceil_mode')[0], countIncludePad: slots('count_include_pad')[0],
        divisorOverride: slots('divisor_override')[0],
    };
    // Starts a call of OpKind token `opKind`: every field 0 (each one's "unused"/"none").
    function begin(opKind) {
        staged.fill(0);
        staged[at.op] = opKinds.get(opKind);
        return staged;
    }
    const put = (a, where, values) => { for (let i = 0; i < where.length; i++) a[where[i]] = values[i]; };

    // Copies the arrays into the engine's scratch buffer, in order (x, w, bias).
    function copyIn(op, arrays) {
        let total = 0;
        for (const a of arrays) total += a ? a.length : 0;
        const base = core._cp_scratch(engine, total);
        if (!base) fail(op, lastError());
        const heap = core.HEAPF32;  // read after cp_scratch: growing memory replaces the view
        let at = base >> 2;
        for (const a of arrays) if (a) { heap.set(a, at); at += a.length; }
    }
    // Runs the staged call; `inputs` are the arrays (null when only the shape
    // is wanted). Validates from the shapes first, so a refused call copies nothing in.
    function call(op, inputs, unbatched) {
        core.HEAP32.set(staged, core._cp_args(engine) >> 2);  // the view after any growth
        if (!core._cp_run(engine, 1)) fail(op, lastError());
        const [n, c, h, w] = resultShape();
        const shape = unbatched ? [c, h, w] : [n, c, h, w];
        if (!inputs) return shape;
        copyIn(op, inputs);
        if (!core._cp_run(engine, 0)) fail(op, lastError());
        const at = core._cp_result_data(engine) >> 2;
        const data = core.HEAPF32.slice(at, at + n * c * h * w);  // a copy, not a view
        core._cp_result_free(engine);
        return { shape, data };
    }
    return { engine, enums, at, begin, put, call };

}

// [SECTION] The API
const CONV_KEYS = ['bias', 'stride', 'padding', 'dilation', 'groups', 'paddingMode'];
const CONVT_KEYS = ['bias', 'stride', 'padding', 'outputPadding', 'dilation', 'groups'];
const MAXPOOL_KEYS = ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode'];
const AVGPOOL_KEYS = ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'];

export default async function createEngine(options = {}) {
    const core = await loadCore(options);
    const { engine, enums, at, begin, put, call } = makeCaller(core);
    const rules = enums.get('PaddingRule'), modes = enums.get('PaddingMode');

    function conv2d(op, x, w, opts, shapeOnly) {
        const o = checkKeys(op, opts, CONV_KEYS);
        const stride = size2(op, 'stride', o.stride, [1, 1]);
        const [rule, pad] = convPadding(op, o.padding, rules);
        const dilation = size2(op, 'dilation', o.dilation, [1, 1]);
        const groups = o.groups === undefined ? 1 : int(op, 'groups', o.groups);
        const mode = lookup(modes, o.paddingMode === undefined ? 'zeros' : o.paddingMode);
        if (mode === undefined) fail(op, `paddingMode ${show(o.paddingMode)} is not one of ${quoted([...modes.keys()])}`);
        const b = shapeOnly ? null : bias(op, o.bias);
        const a = begin('conv');
        put(a, at.x, x.shape);
        put(a, at.w, w.shape);
        a[at.biasLen] = b ? b.length : 0;
        put(a, at.stride, stride);
        a[at.rule] = rule;
        put(a, at.pad, pad);
        put(a, at.dilation, dilation);
        a[at.groups] = groups;
        a[at.mode] = mode;
        return call(op, shapeOnly ? null : [x.data, w.data, b], x.unbatched);
    }

    function convTranspose2d(op, x, w, opts, shapeOnly) {
        const o = checkKeys(op, opts, CONVT_KEYS);
        const stride = size2(op, 'stride', o.stride, [1, 1]);
        const padding = size2(op, 'padding', o.padding, [0, 0]);
        const outputPadding = size2(op, 'outputPadding', o.outputPadding, [0, 0]);
        const dilation = size2(op, 'dilation', o.dilation, [1, 1]);
        const groups = o.groups === undefined ? 1 : int(op, 'groups', o.groups);
        const b = shapeOnly ? null : bias(op, o.bias);
        const a = begin('tconv');
        put(a, at.x, x.shape);
        put(a, at.w, w.shape);
        a[at.biasLen] = b ? b.length : 0;
        put(a, at.stride, stride);
        put(a, at.padding, padding);
        put(a, at.outputPadding, outputPadding);
        put(a, at.dilation, dilation);
        a[at.groups] = groups;
        return call(op, shapeOnly ? null : [x.data, w.data, b], x.unbatched);
    }

    function maxPool2d(op, x, opts, shapeOnly) {
        const o = checkKeys(op, opts, MAXPOOL_KEYS);
        const kernel = size2(op, 'kernelSize', o.kernelSize);
        const stride = poolStride(op, o.stride);
        const padding = size2(op, 'padding', o.padding, [0, 0]);
        const dilation = size2(op, 'dilation', o.dilation, [1, 1]);
        const ceilMode = bool(op, 'ceilMode', o.ceilMode, false);
        const a = begin('maxpool');
        put(a, at.x, x.shape);
        put(a, at.kernel, kernel);
        put(a, at.stride, stride);
        put(a, at.padding, padding);
        put(a, at.dilation, dilation);
        a[at.ceilMode] = ceilMode ? 1 : 0;
        return call(op, shapeOnly ? null : [x.data], x.unbatched);
    }

    function avgPool2d(op, x, opts, shapeOnly) {
        const o = checkKeys(op, opts, AVGPOOL_KEYS);
        const kernel = size2(op, 'kernelSize', o.kernelSize);
        const stride = poolStride(op, o.stride);
        const padding = size2(op, 'padding', o.padding, [0, 0]);
        const ceilMode = bool(op, 'ceilMode', o.ceilMode, false);
        const countIncludePad = bool(op, 'countIncludePad', o.countIncludePad, true);
        let divisor = 0;  // the engine's "no override"
        if (o.divisorOverride !== undefined && o.divisorOverride !== null) {
            divisor = int(op, 'divisorOverride', o.divisorOverride);
            if (divisor === 0) fail(op, 'divisorOverride must not be zero (omit it to divide by the window size)');
        }
        const a = begin('avgpool');
        put(a, at.x, x.shape);
        put(a, at.kernel, kernel);
        put(a, at.stride, stride);
        put(a, at.padding, padding);
        a[at.ceilMode] = ceilMode ? 1 : 0;
        a[at.countIncludePad] = countIncludePad ? 1 : 0;
        a[at.divisorOverride] = divisor;
        return call(op, shapeOnly ? null : [x.data], x.unbatched);
    }

    // Shapes without data, for the *OutputShape helpers.
    const shapeOnly = (op, name, s, allow3) => ({ shape: shape4(op, name, s, allow3), unbatched: s.length === 3 });

    return Object.freeze({
        version: core.UTF8ToString(core._cp_version()),
        conv2d: (x, w, opts) =>
            conv2d('conv2d', tensor('conv2d', 'x', x, true), tensor('conv2d', 'w', w, false), opts, false),
        convTranspose2d: (x, w, opts) =>
            convTranspose2d('convTranspose2d', tensor('convTranspose2d', 'x', x, true),
                            tensor('convTranspose2d', 'w', w, false), opts, false),
        maxPool2d: (x, opts) => maxPool2d('maxPool2d', tensor('maxPool2d', 'x', x, true), opts, false),
        avgPool2d: (x, opts) => avgPool2d('avgPool2d', tensor('avgPool2d', 'x', x, true), opts, false),
        conv2dOutputShape: (xShape, wShape, opts) =>
            conv2d('conv2dOutputShape', shapeOnly('conv2dOutputShape', 'xShape', xShape, true),
                   shapeOnly('conv2dOutputShape', 'wShape', wShape, false), opts, true),
        convTranspose2dOutputShape: (xShape, wShape, opts) =>
            convTranspose2d('convTranspose2dOutputShape',
                            shapeOnly('convTranspose2dOutputShape', 'xShape', xShape, true),
                            shapeOnly('convTranspose2dOutputShape', 'wShape', wShape, false), opts, true),
        maxPool2dOutputShape: (xShape, opts) =>
            maxPool2d('maxPool2dOutputShape', shapeOnly('maxPool2dOutputShape', 'xShape', xShape, true), opts, true),
        avgPool2dOutputShape: (xShape, opts) =>
            avgPool2d('avgPool2dOutputShape', shapeOnly('avgPool2dOutputShape', 'xShape', xShape, true), opts, true),
        // Unstable internals for this repo's tests and scripts/bench: the emscripten
        // module (its HEAPU8, and cp_use_reference / cp_peak_mul_add) and this
        // engine's instance pointer, the first argument of most exports.
        _core: core,
        _engine: engine,
    });
}
