// codec.h — the one state codec: Doc + View <-> flat "key=value&key=value" text.
//
// The URL fragment, window.convplay.getState/setState, embed keys and
// postMessage all go through here. The text is untrusted: every problem
// becomes a Notice the page can show, never a crash, and Sanitize (sanitize.h)
// runs before anything is planned, so no size in a link can allocate.
//
// [SECTION] THE FORMAT, VERSION 1 (frozen: a link made today decodes to the
//           same state in every later version; change it only by adding)
//
//   text     := ["#"] pair ("&" pair)*       at most kMaxStateText (1 MiB) are read
//   pair     := key "=" value                 percent-decoded ("%2C" is ","),
//                                             "+" is a space, spaces around a
//                                             value are dropped; keys and values
//                                             longer than 64 characters are refused
//                                             (x and w values: 1024, see below)
//   keys are case-sensitive; a repeated key: the last one wins.
//
//   Every key may be left out: it then has its default below. Defaults are
//   *per op* and frozen here (not taken from DefaultDoc()), so a later change
//   of the opening document never changes what an old link means. The encoder
//   leaves out every key at its default and always starts with "v=1".
//
//   key   meaning                      value                    default
//   v     format version               1                        1 (a larger v is read best-effort, with a notice)
//   op    layer 0's op                 conv|tconv|maxpool|avgpool   conv
//   in    input height x width         N | HxW                  7
//   cin   input channels               N                        1
//   seed  seed of the input's values   0..4294967295            1
//   cout  output channels              N      conv, tconv       1
//   g     groups                       N      conv, tconv       1
//   k     kernel                       N | HxW  every op        3
//   s     stride                       N | HxW  every op        conv, tconv: 1; pools: 0 (= the kernel)
//   d     dilation                     N | HxW  conv, tconv, maxpool   1
//   p     padding                      conv: N | HxW | t,b,l,r | same | valid | SAME
//                                      (same = PyTorch's padding='same', SAME = TensorFlow's);
//                                      other ops: N | HxW (valid = 0)    conv: 1; other ops: 0
//   opad  output_padding               N | HxW  tconv           0
//   pm    padding mode                 zeros|reflect|replicate|circular  conv   zeros
//   ceil  ceil_mode                    0|1    pools             0
//   cip   count_include_pad            0|1    avgpool           1
//   div   divisor_override             N      avgpool           none (0 is also none)
//   step  the step-through's output cell, row-major   N         0
//   play  playing                      0|1                      0
//   speed steps per second             decimal (e.g. 2.5)       2
//   zoom  figure scale                 decimal                  1
//
//   Added within v1 (no older link has them, so every older link reads as
//   before; encoded after the keys above, in this order):
//   x     the input's edited values    entries "[c.]y.x.value" joined by "_"   none
//                                      (e.g. x=0.1.5_2.3.-4; c left out when 0)
//   w     layer 0's edited weights     entries "[[o.]c.]y.x.value" joined by "_"   none
//                                      conv, tconv (o, c: the weight's first two
//                                      dimensions; left out when 0)
//   flip  textbook convolution (kernel flipped, Doc::flip_kernel)   0|1   0
//   pin   layer 0's pinned output cell row.column (e.g. 2.3) | none     none
//   hm    the reads heatmap            0|1                      0
//   theme colour theme                 auto|dark|light          auto
//   link  one slider while h == w      0|1                      1
//   layers the number of layers        1..kMaxLayers (limits.h)  1 (more than 1: a stack, below)
//   L<i>.<key>  layer i's keys, 1 <= i < layers, in i order, each layer's in
//         the order op cout g k s d p opad pm ceil cip div w kp, with the same
//         values and per-op defaults as layer 0's unprefixed keys (L2.op=maxpool&L2.k=2)
//   layer the layer the figure shows   0..layers-1 (0 is the first)   0
//   preset the preset last applied     an id of presets.h | none  none (it names
//                                      the caption shown; it does not change the doc)
//
//   The embed keys (View::embed; state/formats/embed.h), for an iframe in a course page:
//   embed      embed mode: the figure and the panels of show= only   0|1   0
//   show       panels shown besides the figure, a comma list of      none
//              controls, formula, steps, legend, code, stack, weights, notices | none
//              (unknown names are dropped with a notice, the rest kept)
//   lock       controls shown read-only, a comma list of the keys    none
//              op in cin seed cout g k s d p opad pm ceil cip div x w flip hm kp | all | none;
//              the student cannot change them (controls, keys, clicks),
//              the host page can (setState, postMessage)
//   autoplay   start the step-through when the frame loads  0|1   0
//   origin     answer postMessage only from this origin, and post to it    none
//              only: http(s)://host[:port], no path (up to 300 characters;
//              scheme and host lowercased); none: the parent, any origin
//   autoheight tell the host the height the content wants   0|1   0
//              (postMessage: Canvas LMS's lti.frameResize, Embedly's iframe.resize)
//   quiz       hide the output size until the student answers  0|1|fixed   0
//              (1: with a New question button; fixed: the link's configuration only).
//              The step-through waits for the answer (step and play are reset,
//              with a notice); the answer itself is never in a link.
//   qseed      the quiz's question number: New question draws qseed+1  0..4294967295   0
//
//   Added within v1 for image mode and kernel presets (issue 9):
//   kp    layer 0's kernel preset      none|identity|box|gauss|sharpen|sobelx|   none
//                                      sobely|laplace|emboss   conv, tconv (kernels.h:
//                                      the weights' base grid at any k; w edits apply on top)
//   view  what the figure area shows   cells|image              cells
//   img   image mode's picture         card|rings|checker|photo|own   card  (generated test
//                                      images, a photo fetched on demand; "own" is the
//                                      user's file, which a link cannot carry: read back
//                                      as card, with a notice)
//   och   the output channel image mode shows   N (0-based; kept below cout)   0
//
//   x and w values may be up to 1024 characters (64 entries of the longest
//   form); values and indices are integers, "-" marks a negative. A malformed
//   entry is skipped with a notice and the rest kept; a cell outside the
//   tensor, a value beyond ±99 or more than 64 entries are Sanitize's to
//   drop or clamp (limits.h), with its notice. A pin outside layer 0's output
//   and an unknown preset are dropped with a notice. Switching op (ApplyState)
//   drops the weight edits: another op's weights are another tensor.
//
//   Added within v1 for real models (issue 15): every layer kind a pasted
//   model has. The keys are layer keys (layer 0 unprefixed, L<i>. after it);
//   codec_keys.h's table is the one list of keys, kinds and defaults.
//   op    also: pad | adaptavg | adaptmax | up | flatten | linear, or a
//         pass-through layer's class name when it is a capitalised identifier
//         (op=ReLU, op=BatchNorm2d; every other op token is lower case), else
//         op=pass with name=<the name, percent-encoded>
//   args  a pass-through's arguments as written, percent-encoded (<= 256)
//         default: what the chain gives: BatchNorm*'s channel count, else none
//   np    a pass-through's parameters   default: BatchNorm*'s 2 x channels, else 0
//   p pm  pad: t,b,l,r (negative crops) and zeros|reflect|replicate|circular
//   fill  pad's constant (ConstantPad2d)   decimal   0
//   out   adaptavg/adaptmax: output size N | HxW (0: the input's side)   1;
//         up: an explicit output size (0: by the scale factor)           0
//   sf    up: the scale factor N | HxW   2
//   cout  linear: out_features   1;  bias  linear too
//   fin   linear: in_features   default: what the chain gives (0: LazyLinear)
//   A derived default is computed from the sanitized chain when decoding, as
//   the encoder computed it: a link leaves out what the layers before it say.
//
//   Added within v1 for a pasted block's side branches (doc.h SideBranch: a
//   ResNet downsample or shortcut, an SE gate), after every key above:
//   branches  the number of side branches     0..kMaxBranches (256)   0
//   B<j>.from  the main layer whose input branch j reads   0..1023   0
//   B<j>.join  the main layer whose output it meets        0..1023   0
//   B<j>.gate  1: scales that output (an SE gate); 0: adds to it     0
//   B<j>.path  its module path, percent-encoded (<= 64) | none       none
//   B<j>.layers  its layers     0..kMaxBranchLayers (16)             1
//   B<j>.L<i>.<key>  its layer i's keys, i from 0 (B0.L0.k=1): every layer
//         key, with the same per-kind defaults; a derived default (args, np,
//         fin) comes from the branch's own chain, whose input is main layer
//         `from`'s input. Bounds before anything is kept: branches= and
//         B<j>.layers= are clamped with a notice; B<j> past the link's
//         branches, j >= 256, i >= 16 or past B<j>.layers, an index that is
//         not plain digits, and a key no branch (B0.in) or branch layer
//         (B0.L0.layers) has are ignored with a notice (codec_branches.cpp).
//
//   "N" is a decimal integer, "HxW" two of them ("X" also works). A key that
//   does not apply to the op (opad with op=conv) is ignored with a notice.
//
//   Stacks (the keys once reserved for them): `layers=` is the number of
//   layers, and layer i > 0 is written with a prefix, `L<i>.<key>` (L1.k=5).
//   Layer 0's keys stay unprefixed forever, so every one-layer link decodes
//   as it always did (and a stack link read by an older v1 reader opens its
//   first layer, with notices). Bounds before anything is kept: layers is
//   clamped to 1..kMaxLayers with a notice; L0. (use the plain key), L<i> past the
//   link's layers or past kMaxLayers-1, an index that is not plain digits (L-1., L+1.,
//   L01234.), and a key no layer has (L1.in) are ignored with a notice; a
//   repeated L<i>.<key> keeps the last, with a notice. A stack (more than one
//   layer) has the larger limits of limits.h (DocLimits): its table is
//   geometry; the figure draws each layer that fits.
//
// [SECTION] API
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "state/model/doc.h"
#include "state/model/sanitize.h"

namespace cp {

inline constexpr int kStateFormatVersion = 1;
inline constexpr size_t kMaxStateText = size_t(1) << 20;  // characters of text read (a 1024-layer model fits)
inline constexpr size_t kMaxStateToken = 64;    // characters of one key or value

// What was repaired or ignored, in words for the page: the codec's own notices
// (field "link"; at most a screenful, then a count), then Sanitize's.
struct DecodeResult {
    std::vector<Notice> notices;
};

// The flat text of doc's first layer and view's shared fields: "v=1" then the
// keys not at their default. Transient view fields (clock, hover, pan, layer)
// are not encoded. Expects a sanitized doc/view: a value the format cannot
// carry (a non-finite zoom) is left out, i.e. read back as its default.
std::string EncodeState(const Doc& doc, const View& view);

// The pairs EncodeState writes, in order, undecorated (for JS getState()).
std::vector<std::pair<std::string, std::string>> StateKeys(const Doc& doc, const View& view);

// A whole state: starts from the format's defaults (a one-layer doc equal to
// DefaultDoc() today, and View{}), applies the keys, runs Sanitize(doc) and
// SanitizeView, and says what it repaired. doc/view are always overwritten.
DecodeResult DecodeState(std::string_view text, Doc& doc, View& view);

// A partial state on top of doc/view (setState({k: 5})): keys left out keep
// their current values. Switching op keeps what the ops share: the kernel,
// stride (a pool's "= kernel" becomes the kernel), padding and dilation where
// the new op has them, channels and groups between the convs, ceil between the
// pools. Layers past the first and transient view fields are kept.
DecodeResult ApplyState(std::string_view text, Doc& doc, View& view);

// Embedded with lock= (state/formats/embed.h): gives every locked key of doc/view
// that differs from before/before_view its old value back (through the
// codec, so a locked op keeps its meaning). For the student's edits (the
// controls, keys, clicks on the figure); the host page's setState is not
// locked. Returns true if anything was restored.
bool RestoreLocked(const Doc& before, const View& before_view, Doc& doc, View& view);

// The locked keys (lock= of before_view) whose values differ between
// before/before_view and doc/view, in kLockableKeys's order (a key that
// applies to one op and not the other counts as changed). The commit's lock
// gate (state/commit.h) refuses a student's change when this is not empty.
std::vector<std::string_view> ChangedLockedKeys(const Doc& before, const View& before_view, const Doc& doc,
                                                const View& view);

// The same state for the full playground: the link without the embed keys.
std::string PlaygroundState(const Doc& doc, const View& view);

}  // namespace cp
