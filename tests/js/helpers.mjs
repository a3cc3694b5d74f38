// helpers.mjs — shared by the tests/js suites (not a suite itself): where the
// built module is, and plain-JS definitions of the four ops to check it against.
//
// The definitions are written from PyTorch's documented formulas, loop by loop,
// and are themselves anchored by hand-computed cases in api.test.mjs.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));

// CONVPLAY_ENGINE=path/to/convplay-engine.mjs tests another build; default dist/.
export const enginePath = process.env.CONVPLAY_ENGINE || `${repo}dist/convplay-engine.mjs`;
if (!existsSync(enginePath))
    throw new Error(`${enginePath} is missing: run scripts/build (or set CONVPLAY_ENGINE)`);

export async function loadEngine() {
    const { default: createEngine } = await import(pathToFileURL(enginePath).href);
    return createEngine();
}

// [SECTION] Tensors
export function tensor(shape, fill) {
    const count = shape.reduce((a, b) => a * b, 1);
    return { shape, data: Float32Array.from({ length: count }, (_, i) => fill(i)) };
}
export const arange = (shape) => tensor(shape, (i) => i);
export const constant = (shape, v) => tensor(shape, () => v);

// A small deterministic generator (xorshift32), values in [-1, 1).
export function random(shape, seed = 1) {
    let s = seed >>> 0 || 1;
    return tensor(shape, () => {
        s ^= s << 13; s >>>= 0;
        s ^= s >>> 17;
        s ^= s << 5; s >>>= 0;
        return s / 2147483648 - 1;
    });
}

export function maxAbsDiff(a, b) {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return a.length === b.length ? m : Infinity;
}

// [SECTION] Geometry, as PyTorch defines it
const pair = (v) => (Array.isArray(v) ? v : [v, v]);

// conv2d padding forms -> [top, bottom, left, right]
export function resolveConvPadding(padding, inH, inW, kh, kw, stride, dilation) {
    const [sh, sw] = pair(stride), [dh, dw] = pair(dilation);
    if (padding === 'valid' || padding === 'VALID') return [0, 0, 0, 0];
    if (padding === 'same') {  // PyTorch: the extra pixel of an even kernel goes bottom/right
        const th = dh * (kh - 1), tw = dw * (kw - 1);
        return [th >> 1, th - (th >> 1), tw >> 1, tw - (tw >> 1)];
    }
    if (padding === 'SAME' || padding === 'same-tf') {  // TensorFlow: out = ceil(in / stride)
        const total = (n, k, s, d) => Math.max((Math.ceil(n / s) - 1) * s + d * (k - 1) + 1 - n, 0);
        const th = total(inH, kh, sh, dh), tw = total(inW, kw, sw, dw);
        return [th >> 1, th - (th >> 1), tw >> 1, tw - (tw >> 1)];
    }
    if (typeof padding === 'object' && !Array.isArray(padding)) {
        const { top = 0, bottom = 0, left = 0, right = 0 } = padding;
        return [top, bottom, left, right];
    }
    const [ph, pw] = pair(padding ?? 0);
    return [ph, ph, pw, pw];
}

// Where padded coordinate i (may be outside [0, n)) reads from, or -1 for a zero.
function source(i, n, mode) {
    if (i >= 0 && i < n) return i;
    switch (mode) {
        case 'reflect': return i < 0 ? -i : 2 * (n - 1) - i;
        case 'replicate': return i < 0 ? 0 : n - 1;
        case 'circular': return ((i % n) + n) % n;
        default: return -1;
    }
}

// [SECTION] The ops
export function conv2dRef(x, w, o = {}) {
    const [N, C, H, W] = x.shape, [CO, CIG, KH, KW] = w.shape;
    const [sh, sw] = pair(o.stride ?? 1), [dh, dw] = pair(o.dilation ?? 1), groups = o.groups ?? 1;
    const [pt, pb, pl, pr] = resolveConvPadding(o.padding ?? 0, H, W, KH, KW, o.stride ?? 1, o.dilation ?? 1);
    const OH = Math.floor((H + pt + pb - dh * (KH - 1) - 1) / sh) + 1;
    const OW = Math.floor((W + pl + pr - dw * (KW - 1) - 1) / sw) + 1;
    const y = new Float32Array(N * CO * OH * OW), cog = CO / groups, mode = o.paddingMode ?? 'zeros';
    for (let n = 0; n < N; n++)
        for (let co = 0; co < CO; co++)
            for (let oy = 0; oy < OH; oy++)
                for (let ox = 0; ox < OW; ox++) {
                    let s = o.bias ? o.bias[co] : 0;
                    const g = Math.floor(co / cog);
                    for (let ci = 0; ci < CIG; ci++)
                        for (let ky = 0; ky < KH; ky++)
                            for (let kx = 0; kx < KW; kx++) {
                                const iy = source(oy * sh - pt + ky * dh, H, mode);
                                const ix = source(ox * sw - pl + kx * dw, W, mode);
                                if (iy < 0 || ix < 0) continue;
                                s += w.data[((co * CIG + ci) * KH + ky) * KW + kx] *
                                     x.data[((n * C + g * CIG + ci) * H + iy) * W + ix];
                            }
                    y[((n * CO + co) * OH + oy) * OW + ox] = s;
                }
    return { shape: [N, CO, OH, OW], data: y };
}

export function convTranspose2dRef(x, w, o = {}) {
    const [N, C, H, W] = x.shape, [CI, COG, KH, KW] = w.shape;
    const [sh, sw] = pair(o.stride ?? 1), [ph, pw] = pair(o.padding ?? 0);
    const [oph, opw] = pair(o.outputPadding ?? 0), [dh, dw] = pair(o.dilation ?? 1), groups = o.groups ?? 1;
    const OH = (H - 1) * sh - 2 * ph + dh * (KH - 1) + oph + 1;
    const OW = (W - 1) * sw - 2 * pw + dw * (KW - 1) + opw + 1;
    const CO = COG * groups, cig = CI / groups;
    const y = new Float32Array(N * CO * OH * OW);
    for (let n = 0; n < N; n++)
        for (let co = 0; co < CO; co++)
            for (let i = 0; i < OH * OW; i++) y[(n * CO + co) * OH * OW + i] = o.bias ? o.bias[co] : 0;
    for (let n = 0; n < N; n++)
        for (let ci = 0; ci < C; ci++) {
            const g = Math.floor(ci / cig);
            for (let iy = 0; iy < H; iy++)
                for (let ix = 0; ix < W; ix++) {
                    const v = x.data[((n * C + ci) * H + iy) * W + ix];
                    for (let co = 0; co < COG; co++)
                        for (let ky = 0; ky < KH; ky++)
                            for (let kx = 0; kx < KW; kx++) {
                                const oy = iy * sh - ph + ky * dh, ox = ix * sw - pw + kx * dw;
                                if (oy < 0 || ox < 0 || oy >= OH || ox >= OW) continue;
                                y[((n * CO + g * COG + co) * OH + oy) * OW + ox] +=
                                    v * w.data[((ci * COG + co) * KH + ky) * KW + kx];
                            }
                }
        }
    return { shape: [N, CO, OH, OW], data: y };
}

function poolSize(n, k, s, p, d, ceil) {
    let out = Math.floor((n + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
    if (ceil && (out - 1) * s >= n + p) out--;  // the last window must start inside the input or left padding
    return out;
}

export function maxPool2dRef(x, o) {
    const [N, C, H, W] = x.shape, [kh, kw] = pair(o.kernelSize);
    const [sh, sw] = pair(o.stride ?? o.kernelSize), [ph, pw] = pair(o.padding ?? 0), [dh, dw] = pair(o.dilation ?? 1);
    const OH = poolSize(H, kh, sh, ph, dh, o.ceilMode), OW = poolSize(W, kw, sw, pw, dw, o.ceilMode);
    const y = new Float32Array(N * C * OH * OW);
    for (let nc = 0; nc < N * C; nc++)
        for (let oy = 0; oy < OH; oy++)
            for (let ox = 0; ox < OW; ox++) {
                let m = -Infinity;
                for (let ky = 0; ky < kh; ky++)
                    for (let kx = 0; kx < kw; kx++) {
                        const iy = oy * sh - ph + ky * dh, ix = ox * sw - pw + kx * dw;
                        if (iy >= 0 && ix >= 0 && iy < H && ix < W) m = Math.max(m, x.data[(nc * H + iy) * W + ix]);
                    }
                y[(nc * OH + oy) * OW + ox] = m;
            }
    return { shape: [N, C, OH, OW], data: y };
}

export function avgPool2dRef(x, o) {
    const [N, C, H, W] = x.shape, [kh, kw] = pair(o.kernelSize);
    const [sh, sw] = pair(o.stride ?? o.kernelSize), [ph, pw] = pair(o.padding ?? 0);
    const OH = poolSize(H, kh, sh, ph, 1, o.ceilMode), OW = poolSize(W, kw, sw, pw, 1, o.ceilMode);
    const y = new Float32Array(N * C * OH * OW), includePad = o.countIncludePad ?? true;
    for (let nc = 0; nc < N * C; nc++)
        for (let oy = 0; oy < OH; oy++)
            for (let ox = 0; ox < OW; ox++) {
                // PyTorch: the window is clipped to the padded input for the divisor,
                // then to the input for the sum.
                let y0 = oy * sh - ph, x0 = ox * sw - pw;
                let y1 = Math.min(y0 + kh, H + ph), x1 = Math.min(x0 + kw, W + pw);
                const padded = (y1 - y0) * (x1 - x0);
                y0 = Math.max(y0, 0); x0 = Math.max(x0, 0); y1 = Math.min(y1, H); x1 = Math.min(x1, W);
                let s = 0;
                for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += x.data[(nc * H + iy) * W + ix];
                const divisor = o.divisorOverride ?? (includePad ? padded : (y1 - y0) * (x1 - x0));
                y[(nc * OH + oy) * OW + ox] = s / divisor;
            }
    return { shape: [N, C, OH, OW], data: y };
}
