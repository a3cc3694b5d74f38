// ui_code_panel.h — what the Code panel is handed from outside: the code
// tools module (src/module/tools_exports.cpp) loads on first use, so the
// panel's code and its paste's answer arrive through the app's bridge
// (app_bridge.cpp, from web/code.js) rather than from a call the panel makes.
// The panel asks for them with the host actions "code" and "import-code".
#pragma once
#include <string>

#include "state/formats/code.h"
#include "state/model/doc.h"

namespace cp::ui {

// The code of `doc` (what the panel shows while `doc` is on screen).
void ReceiveCode(const Doc& doc, std::string pytorch, KerasCode keras);
// The answer to the last Apply: its message and first notices, or why nothing was read.
void ReceivePasteMessage(std::string message, bool failed);

}  // namespace cp::ui
