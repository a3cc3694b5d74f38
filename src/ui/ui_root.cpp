// ui_root.cpp — the page layout: a header, the notices, the layer panel and
// the figure. Wide windows put the panel beside the figure; narrow ones
// (phones, narrow iframes in a course page) stack them. Embedded (embed=1),
// a one-line toolbar, the panels the link names (show=, the quiz) and the
// figure, down to a 320x240 iframe.
//
// [SECTION] Pieces: notices, legend, theme
// [SECTION] The playground
// [SECTION] Embedded
// [SECTION] Root
#include <algorithm>
#include <cmath>
#include <string>

#include "imgui.h"
#include "state/formats/codec.h"
#include "state/formats/embed.h"
#include "state/formats/presets.h"
#include "state/formats/share_names.h"
#include "ui/ui.h"
#include "ui/ui_draw.h"

namespace cp::ui {
namespace {

std::vector<WidgetRect> g_widgets;  // this frame's named widgets (WidgetRects)

// Below this height (CSS px) a stacked layout scrolls instead of splitting one
// screen: 1280 x 800 at 200% browser zoom is 640 x 400.
constexpr float kShortScreen = 560;

// [SECTION] Pieces: notices, legend, theme

// Notes the panel begun last (a child window) as one the backdrop need not
// fill: its visible inside (its clip rectangle, within what the page shows).
void NotePanel(Edits& edits) {
    const ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a = dl->GetClipRectMin(), b = dl->GetClipRectMax();
    edits.panels.push_back({a.x, a.y, b.x, b.y});
}

// What the last Sanitize or decode repaired, until dismissed.
void Notices(const Session& session, Edits& edits) {
    if (session.notices().empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, PaintVec4(Paint::Warning, session.view().dark));
    for (const Notice& n : session.notices()) {
        // "values: values are not computed..." says its field twice: once is enough.
        const bool named = n.text.compare(0, n.field.size(), n.field) == 0;
        if (named) ImGui::TextWrapped("%s", n.text.c_str());
        else ImGui::TextWrapped("%s: %s", n.field.c_str(), n.text.c_str());
    }
    ImGui::PopStyleColor();
    if (ImGui::SmallButton("Dismiss")) edits.dismiss_notices = true;
    ImGui::Spacing();
}

// The roles of the figure, named: a student learns the colours once.
void Legend(const Session& session) {
    struct Item {
        Paint paint;
        const char* text;
    };
    static const Item kItems[] = {{Paint::Input, "input"},   {Paint::Padding, "padding"},
                                  {Paint::Tap, "kernel tap"}, {Paint::Output, "output"},
                                  {Paint::Current, "current output"}, {Paint::InsertedZero, "inserted zero"}};
    const bool dark = session.view().dark;
    ImGui::TextDisabled("LEGEND");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float side = ImGui::GetTextLineHeight() * 0.8f;
    float x = ImGui::GetCursorScreenPos().x;
    const float right = x + ImGui::GetContentRegionAvail().x;
    int shown = 0;
    for (const Item& item : kItems) {
        if (item.paint == Paint::InsertedZero && session.viewed().picture.ok() &&
            session.viewed().picture.value().op != OpKind::ConvTranspose2d)
            continue;
        const float w = side + 6 + ImGui::CalcTextSize(item.text).x + 14;
        if (shown > 0 && x + w <= right) ImGui::SameLine();
        else x = ImGui::GetCursorScreenPos().x;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const ImVec2 top(at.x, at.y + (ImGui::GetTextLineHeight() - side) / 2);
        const Rgba c = PaletteColour(item.paint, dark);
        dl->AddRectFilled(top, ImVec2(top.x + side, top.y + side), IM_COL32(c.r, c.g, c.b, c.a), 2);
        ImGui::Dummy(ImVec2(side, ImGui::GetTextLineHeight()));
        ImGui::SameLine(0, 6);
        ImGui::TextUnformatted(item.text);
        x = ImGui::GetItemRectMax().x + 14;
        ++shown;
    }
    // The unread mark is a cross, not a colour.
    ImGui::TextDisabled("\xC3\x97 on a cell: no window reads it");
}

// Dark, light, or whatever the page prefers.
void ThemeChooser(const Session& session, Edits& edits) {
    static const char* const kThemes[] = {"Auto", "Dark", "Light"};
    int theme = int(session.view().theme);
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("Light").x + ImGui::GetFrameHeight() * 2);
    if (ImGui::Combo("##theme", &theme, kThemes, IM_ARRAYSIZE(kThemes))) edits.EditView(session).theme = Theme(theme);
    if (ImGui::IsItemHovered()) Tooltip("Theme (Auto follows the system or the host page)");
}

// The viewed layer: its controls, its size formula, the step-through and the legend.
void DrawLayerTab(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits, const ImageFrame* image) {
    DrawLayerPanel(session, scene, fonts, edits);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    // A quiz waiting for its answer keeps the worked formula (and solve-for,
    // which starts from the output size) for after it.
    if (!session.view().HidesOutput()) DrawFormulaPanel(session, fonts, edits, image);
    if (scene.steps >= 1) {
        ImGui::Spacing();
        ImGui::Separator();
        ImGui::Spacing();
        DrawStepPanel(session, scene, fonts, edits);
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    Legend(session);
}

// [SECTION] The playground

void DrawPlayground(const Session& session, const Scene& scene, const Scene& last_valid, const Fonts& fonts,
                    const ImageFrame* image, Edits& edits) {
    ImGui::PushFont(fonts.title);
    ImGui::TextUnformatted("convplay");
    ImGui::PopFont();
    // The tagline only where it fits beside the theme chooser (not on a phone).
    if (ImGui::GetContentRegionAvail().x > 640) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("how convolution reshapes images");
    }
    const float version_w = ImGui::CalcTextSize("v" CONVPLAY_VERSION).x;
    const float theme_w = ImGui::CalcTextSize("Light").x + ImGui::GetFrameHeight() * 2;
    const float share_w = ImGui::CalcTextSize("Share").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - version_w - theme_w - share_w -
                    ImGui::GetStyle().ItemSpacing.x * 2);
    DrawShareButton(session, scene, fonts, edits);
    ImGui::SameLine();
    ThemeChooser(session, edits);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("v" CONVPLAY_VERSION);
    DrawPresetsMenu(session, fonts, edits);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool narrow = avail.x < 720;
    // A stacked (narrow) layout gives the panel the height its content took
    // last frame, and the figure the rest; ImGui's storage remembers it.
    // Short as well (a laptop at 200% zoom is 640 x 400 CSS px), sharing one
    // screen would leave the figure too small for its numbers: the panel and
    // the figure then get most of a screen each and the page scrolls.
    const float screen_h = ImGui::GetMainViewport()->WorkSize.y;
    const bool scrolls = narrow && screen_h < kShortScreen;
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID panel_height_id = ImGui::GetID("panel content height");
    const float last_height = storage->GetFloat(panel_height_id, 0);
    const float panel_room = scrolls ? screen_h * 0.75f : avail.y * 0.62f;
    const float stacked_height = last_height > 0 ? std::min(last_height, panel_room) : panel_room * 0.8f;
    const ImVec2 panel_size = narrow ? ImVec2(avail.x, stacked_height) : ImVec2(std::clamp(avail.x * 0.3f, 340.0f, 420.0f), avail.y);
    ImGui::BeginChild("layer", panel_size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    NotePanel(edits);
    Notices(session, edits);
    // quiz=1 in the full page: the question above the tabs.
    if (session.view().embed.quiz != Quiz::Off) {
        DrawQuizPanel(session, scene, fonts, edits);
        ImGui::Spacing();
    }
    // One tab per panel; each tab's body is one Draw*Panel call.
    if (ImGui::BeginTabBar("panels")) {
        if (ImGui::BeginTabItem("Layer")) {
            DrawLayerTab(session, scene, fonts, edits, image);
            ImGui::EndTabItem();
        }
        // A document that becomes a stack (a Networks preset, a link) opens on this tab.
        const ImGuiID seen_id = ImGui::GetID("stack layers seen");
        const int seen = storage->GetInt(seen_id, 1), layers = int(session.doc().layers.size());
        storage->SetInt(seen_id, layers);
        if (ImGui::BeginTabItem("Stack", nullptr, layers > 1 && seen <= 1 ? ImGuiTabItemFlags_SetSelected : 0)) {
            DrawStackPanel(session, fonts, edits);
            ImGui::EndTabItem();
        }
        const bool code_open = ImGui::BeginTabItem("Code");
        NoteWidget("tab.code");
        if (code_open) {
            DrawCodePanel(session, fonts, edits);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    const float content = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y - ImGui::GetStyle().ItemSpacing.y;
    if (content != last_height) edits.redraw = true;  // lay out again with the new height
    storage->SetFloat(panel_height_id, content);
    ImGui::EndChild();
    if (!narrow) ImGui::SameLine();
    const float figure_h = scrolls ? std::max(ImGui::GetContentRegionAvail().y, screen_h * 0.92f) : 0.0f;
    ImGui::BeginChild("figure", ImVec2(0, figure_h), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    NotePanel(edits);
    DrawViewSwitch(session, edits);  // image mode (ui_image_view.cpp) or the cells
    if (session.view().mode == ViewMode::Cells && scene.steps >= 1) {  // Play, Step, Heatmap: never below the fold
        ImGui::SameLine(0, 24);
        if (ImGui::GetContentRegionAvail().x < 320) ImGui::NewLine();
        DrawFigureToolbar(session, scene, edits);
    }
    const bool refused = !scene.error.empty();
    if (image && session.view().mode == ViewMode::Image) {
        DrawImageView(session, scene, *image, fonts, edits);  // its chain runs under the picture
    } else if (session.doc().layers.size() > 1 && ImGui::GetContentRegionAvail().y > ChainHeight() * 2.5f) {
        // A stack: its chain above the figure (where the figure keeps most of
        // the room: not on a phone, whose Stack tab has the table), drawn after
        // it so that a box under the pointer wins the hover the figure clears.
        const View& view = session.view();
        const ImVec2 top = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + ChainHeight() + ImGui::GetStyle().ScrollbarSize +
                                                   ImGui::GetTextLineHeightWithSpacing()));
        DrawFigure(session, refused ? last_valid : scene, fonts, edits, refused);
        ImGui::SetCursorScreenPos(top);
        const CellRef cone = view.hover.valid() ? view.hover
                             : refused           ? CellRef{}
                                                 : CellRef{view.layer, scene.out_row, scene.out_col};
        const CellRef over = DrawChain(session, session.doc(), session.plans(), fonts, edits, cone);
        if (over.valid()) edits.EditView(session).hover = over;  // (the figure cleared it: not over its grid)
    } else {
        DrawFigure(session, refused ? last_valid : scene, fonts, edits, refused);
    }
    ImGui::EndChild();
}

// [SECTION] Embedded

// One line: a Panels toggle (compact frames), the preset's title (clipped),
// then Full screen (where the host allows it) and Open in convplay,
// right-aligned. Short labels in a narrow frame.
void EmbedToolbar(const Session& session, Edits& edits, bool* panels_open) {
    const View& view = session.view();
    const ImGuiStyle& style = ImGui::GetStyle();
    const bool narrow = ImGui::GetContentRegionAvail().x < 480;
    const char* kOpen = narrow ? "Open" : "Open in convplay";
    const char* kFull = narrow ? "Full" : "Full screen";
    if (panels_open) {
        const char* label = view.embed.quiz != Quiz::Off ? (*panels_open ? "Figure" : "Quiz")
                                                         : (*panels_open ? "Figure" : "Controls");
        if (ImGui::SmallButton(label)) *panels_open = !*panels_open, edits.redraw = true;
        NoteWidget("embed.panels");
        ImGui::SameLine();
    }
    auto small_w = [&](const char* t) { return ImGui::CalcTextSize(t).x + style.FramePadding.x * 2; };
    float buttons = small_w(kOpen) + (view.can_fullscreen ? small_w(kFull) + style.ItemSpacing.x : 0);
    const float right = ImGui::GetWindowContentRegionMax().x;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float title_room = right - buttons - style.ItemSpacing.x - ImGui::GetCursorPosX();
    if (const Preset* p = view.preset.empty() ? nullptr : FindPreset(view.preset); p && title_room > 40) {
        // The preset's title while the figure is the preset's; once it departs,
        // the configuration in words (a preset's title never describes another figure).
        const std::string title = FigureCaption(session.doc(), p, StillThePreset(session, *p));
        ImGui::PushClipRect(at, ImVec2(at.x + title_room, at.y + ImGui::GetFrameHeight()), true);
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", title.c_str());
        NoteWidget("embed.title");
        ImGui::PopClipRect();
        if (ImGui::IsItemHovered()) Tooltip("%s", title.c_str());
        ImGui::SameLine(right - buttons);  // the clipped title's full width would push the buttons out
    } else {
        ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), right - buttons));
    }
    if (view.can_fullscreen) {
        if (ImGui::SmallButton(kFull)) edits.AskHost("fullscreen");
        NoteWidget("embed.fullscreen");
        if (ImGui::IsItemHovered()) Tooltip("Fill the screen (Esc leaves)");
        ImGui::SameLine();
    }
    if (ImGui::SmallButton(kOpen)) edits.AskHost("open", PlaygroundState(session.doc(), view));
    NoteWidget("embed.open");
    if (ImGui::IsItemHovered()) Tooltip("This figure in the full playground, in a new tab");
}

// The panels the link names (show=), in kPanelNames's order; the quiz first.
// Returns false if there is none to draw.
bool HasEmbedPanels(const View& view) {
    constexpr uint16_t kDrawn = PanelBit("controls") | PanelBit("formula") | PanelBit("steps") |
                                PanelBit("legend") | PanelBit("notices") | PanelBit("code") |
                                PanelBit("stack");
    return view.embed.quiz != Quiz::Off || (view.embed.show & kDrawn) != 0;
}

void EmbedPanels(const Session& session, const Scene& scene, const Fonts& fonts, Edits& edits) {
    const View& view = session.view();
    const uint16_t show = view.embed.show;
    bool first = true;
    auto gap = [&] {
        if (!first) {
            ImGui::Spacing();
            ImGui::Separator();
            ImGui::Spacing();
        }
        first = false;
    };
    if (show & PanelBit("notices")) {
        if (!session.notices().empty()) gap();
        Notices(session, edits);
    }
    if (view.embed.quiz != Quiz::Off) gap(), DrawQuizPanel(session, scene, fonts, edits);
    if (show & PanelBit("controls")) gap(), DrawLayerPanel(session, scene, fonts, edits);
    if ((show & PanelBit("formula")) && !view.HidesOutput()) gap(), DrawFormulaPanel(session, fonts, edits);
    if ((show & PanelBit("steps")) && scene.steps >= 1) gap(), DrawStepPanel(session, scene, fonts, edits);
    if (show & PanelBit("legend")) gap(), Legend(session);
    if (show & PanelBit("code")) gap(), DrawCodePanel(session, fonts, edits);
    if (show & PanelBit("stack")) gap(), DrawStackPanel(session, fonts, edits);
    // Panels of other features ("weights"): one line each here, and their bit
    // in HasEmbedPanels's kDrawn.
}

void DrawEmbedded(const Session& session, const Scene& scene, const Scene& last_valid, const Fonts& fonts,
                  const ImageFrame* image, Edits& edits) {
    const View& view = session.view();
    const float toolbar_top = ImGui::GetCursorPosY();
    // Beside the figure where the frame is wide enough for both; stacked
    // above it otherwise, with the height its content took last frame (at
    // most 55% of the frame: the figure is the point). A frame too short
    // for both (a 320x240 slide inset) shows one at a time, with a toggle
    // in the toolbar: the quiz first, else the figure.
    const ImVec2 whole = ImGui::GetContentRegionAvail();
    const bool panels = HasEmbedPanels(view);
    const bool beside = whole.x >= 560 || (whole.x >= 440 && whole.x > whole.y * 1.5f);
    const bool compact = panels && !beside && whole.y < 420;
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID open_id = ImGui::GetID("embed panels open");
    bool open = storage->GetBool(open_id, view.embed.quiz != Quiz::Off);
    EmbedToolbar(session, edits, compact ? &open : nullptr);
    storage->SetBool(open_id, open);
    const float toolbar_h = ImGui::GetCursorPosY() - toolbar_top;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImGuiID content_id = ImGui::GetID("embed panel height");
    const float last_content = storage->GetFloat(content_id, 0);
    if (panels && (!compact || open)) {
        const ImVec2 size = beside    ? ImVec2(std::clamp(avail.x * 0.38f, 240.0f, 380.0f), avail.y)
                            : compact ? avail
                                      : ImVec2(avail.x, last_content > 0 ? std::min(last_content, avail.y * 0.55f)
                                                                         : avail.y * 0.45f);
        ImGui::BeginChild("embed panels", size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        NotePanel(edits);
        EmbedPanels(session, scene, fonts, edits);
        const float content =
            ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y - ImGui::GetStyle().ItemSpacing.y;
        if (content != last_content) edits.redraw = true;
        storage->SetFloat(content_id, content);
        ImGui::EndChild();
        if (beside) ImGui::SameLine();
    }
    const float figure_w = ImGui::GetContentRegionAvail().x;
    const bool refused = !scene.error.empty();
    float toolbar_row = 0;  // the figure's own toolbar, when drawn
    if (!compact || !open) {
        // Its window padding keeps the caption above the cells inside the frame;
        // notes taller than the frame (a phone) scroll, with a bar that says so.
        ImGui::BeginChild("figure", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        NotePanel(edits);
        if (image && session.view().mode == ViewMode::Image) DrawImageView(session, scene, *image, fonts, edits);
        else {
            // Play and Step above the figure, unless the steps panel shows them
            // or the frame is too short to spare the row (a 320x240 inset).
            if (!(view.embed.show & PanelBit("steps")) && ImGui::GetContentRegionAvail().y >= 280 && scene.steps >= 1) {
                const float before = ImGui::GetCursorPosY();
                DrawFigureToolbar(session, scene, edits);
                toolbar_row = ImGui::GetCursorPosY() - before;
            }
            DrawFigure(session, refused ? last_valid : scene, fonts, edits, refused);
        }
        ImGui::EndChild();
    }

    // autoheight=1: the height this layout wants at this width, for the
    // host page (web/embed.js posts it): the toolbar, the stacked panels'
    // content, the figure at its natural size; never less than 240 px.
    if (view.embed.autoheight) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float figure = FigureHeightFor(refused ? last_valid : scene, fonts, figure_w) + 16 + toolbar_row;
        const float body = !panels ? figure : beside ? std::max(figure, last_content) : last_content + style.ItemSpacing.y + figure;
        const float wanted = std::max(240.0f, std::ceil(style.WindowPadding.y * 2 + toolbar_h + body));
        const ImGuiID reported_id = ImGui::GetID("embed reported height");
        if (std::fabs(storage->GetFloat(reported_id, 0) - wanted) >= 2) {
            storage->SetFloat(reported_id, wanted);
            edits.AskHost("autoheight", std::to_string(int(wanted)));
        }
    }
}

}  // namespace

// [SECTION] Root

const std::vector<WidgetRect>& WidgetRects() { return g_widgets; }

void NoteWidget(const char* id) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    g_widgets.push_back({id, a.x, a.y, b.x - a.x, b.y - a.y});
}

void NoteWidget(const char* id, float x, float y, float w, float h) { g_widgets.push_back({id, x, y, w, h}); }

Edits DrawRoot(const Session& session, const Scene& scene, const Scene& last_valid, const Fonts& fonts,
               const ImageFrame* image) {
    Edits edits;
    g_widgets.clear();
    BeginTooltipFrame();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    // (A scroll bar only where the layout is taller than the screen: a short, narrow one.)
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    const bool embedded = session.view().embed.on;
    // A small frame gets small margins: every pixel of a 320x240 iframe counts.
    if (embedded) ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 6));
    ImGui::Begin("convplay", nullptr, flags);
    if (embedded) DrawEmbedded(session, scene, last_valid, fonts, image, edits);
    else DrawPlayground(session, scene, last_valid, fonts, image, edits);
    ImGui::End();
    if (embedded) ImGui::PopStyleVar();
    return edits;
}

}  // namespace cp::ui
