// share_names.h — what a figure is called when it leaves the page: its title
// in words (an iframe's title, an HTML link's text, an embed's caption once
// it departs from a preset), a portable file name, and the two links (the
// full playground's, an embed's). web/share-tools.js gets all of them from
// the bridge (app_bridge.cpp cp_app_share_names): the page keeps no copy of
// the codec's defaults, the op names or which keys a link drops.
#pragma once
#include <string>

#include "state/formats/presets.h"
#include "state/model/doc.h"

namespace cp {

// "convolution, 9×9 input, kernel 3, stride 2, padding 0"; a stack:
// "3 layers (convolution, max pool, convolution), 9×9 input". The
// configuration only, never the output size (a quiz hides it).
std::string FigureTitle(const Doc& doc);

// The caption above an embed's figure: the preset's title while the document
// is the preset's (`still`: presets.h IsPresetDoc), else the configuration in
// words, marked "(changed from the preset)"; "" without a preset. A preset's
// title never describes another figure.
std::string FigureCaption(const Doc& doc, const Preset* preset, bool still);

// "convplay-conv-k3-s2-p1" (a stack: "convplay-3-layers-conv-k3-s2-p1", its
// first layer): lower case, digits, 'x' and '-', for a file name.
std::string FigureFileStem(const Doc& doc);

// The state of an embed of this view: the codec's text with embed=1, without
// the keys that belong to one iframe on one host page (origin=, autoheight=);
// show, lock, quiz and the rest are the embed's. (The full playground's link
// is codec.h's PlaygroundState, which drops every embed key.)
std::string EmbedState(const Doc& doc, const View& view);

}  // namespace cp
