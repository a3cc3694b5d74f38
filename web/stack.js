// stack.js — the layer stack for scripts and tests: window.convplay.getStack()
// returns the Stack tab's table as data (state/analysis/stack.h, StackJson):
// {input: [c, h, w], layers: [{op, label, ok, error?, out: [c, h, w],
//  rf: [h, w], rfMin, jump: ['1/2', ...], start, centre, period, params,
//  macs, drawable}], totals: {params, macs}, stoppedAt, values, warnings}.
export function attach(ctx) {
  ctx.api.getStack = () => JSON.parse(ctx.call('cp_app_stack'));
}
