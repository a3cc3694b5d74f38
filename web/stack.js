// stack.js — the layer stack for scripts and tests: window.convplay.getStack()
// returns the Stack tab's table as data (state/analysis/stack.h, StackJson):
// {input: [c, h, w], layers: [{op, kind, label, ok, error?, out: [c, h, w],
//  rf: [h, w], rfMin, jump: ['1/2', ...], start, centre, period, params,
//  macs, torchinfoMacs, drawable}], branches: [{name, from, join, gate, ok,
//  error?, out, params, macs, torchinfoMacs, layers: [label]}], totals:
//  {params, macs, paramsByKind: {conv, norm, linear}, torchinfo: {macs,
//  convMacs}}, stoppedAt, values, warnings}. Side branches (a ResNet block's
// downsample, an SE gate) are counted in the totals; torchinfo's totals use
// its conventions (a bias counted per output position, pools as 0).
export function attach(ctx) {
  ctx.api.getStack = () => JSON.parse(ctx.call('cp_app_stack'));
}
