// test_image_scene.cpp — image mode's figure as a scene (scene/image_scene.h):
// the picture and the map as texture grids laid out at one scale, the border
// frames, the legend with its scale, the pointed pixel's window from the
// layer's LayerPicture (the cell view's), its numbers, the description, and
// the SVG and JSON writers reading the same scene with the rasters embedded.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include "scene/describe.h"
#include "scene/image_scene.h"
#include "scene/scene_json.h"
#include "scene/svg.h"
#include "state/image/rasters.h"

namespace {

struct Fixture {
    cp::Doc doc;
    cp::ImageRun run;
    std::vector<cp::LayerPlan> plans;
    cp::ImageFigure figure;
    explicit Fixture(cp::PaddingMode mode = cp::PaddingMode::Reflect, int side = 48) {
        cp::Conv2dOptions o;
        o.pad = cp::Padding4::Symmetric(1, 1);
        o.mode = mode;
        cp::Layer layer;
        layer.options = o;
        layer.kernel_preset = cp::KernelPreset::SobelX;
        doc.layers = {layer};
        doc.input.channels = 3;
        cp::Workspace ws;
        const cp::Tensor picture = cp::SampleTensor(cp::SampleImage::Card, side);
        run = cp::RunImage(doc, picture, ws);
        plans = cp::PlansAtPicture(doc, picture.shape);
        figure.run = &run;
        figure.plans = &plans;
        figure.channels = {0};
        figure.scales = {cp::LayerScale(run.layers[0], &plans[0], 0, false)};
        figure.caption = "test card, 48×48, RGB";
    }
};

}  // namespace

TEST_CASE("image scene: the padded picture and the map as texture grids at one scale, the border outlined") {
    Fixture f;
    cp::View view;
    view.mode = cp::ViewMode::Image;
    const cp::Scene scene = cp::BuildImageScene(f.figure, view);
    CHECK(scene.error.empty());
    const cp::SceneGrid* src = scene.Grid("source");
    const cp::SceneGrid* out = scene.Grid("output");
    const cp::SceneGrid* legend = scene.Grid("legend");
    REQUIRE(src);
    REQUIRE(out);
    REQUIRE(legend);
    CHECK(src->texture == cp::kPictureTexture);
    CHECK(out->texture == cp::MapTexture(0));
    CHECK(legend->texture == cp::kLegendTexture);
    CHECK(src->rows == 50);  // 48 + a border of 1 on each side
    CHECK(src->cols == 50);
    CHECK(out->rows == 48);
    CHECK(src->cell == out->cell);   // one scale for both
    CHECK(out->x > src->x + float(src->cols) * src->cell);  // beside it, not over it
    CHECK(legend->y > out->y + float(out->rows) * out->cell);
    CHECK(scene.width > 0);
    CHECK(scene.height >= legend->y);
    // The padding band and the picture's edge inside it.
    int padding_frames = 0, input_frames = 0;
    for (const cp::SceneFrame& fr : scene.frames) {
        padding_frames += fr.paint == cp::Paint::Padding;
        if (fr.paint == cp::Paint::InputFrame) {
            ++input_frames;
            CHECK(fr.x == doctest::Approx(src->cell));
            CHECK(fr.w == doctest::Approx(48 * src->cell));
        }
    }
    CHECK(padding_frames == 1);
    CHECK(input_frames == 1);
    // No pointer: no window, and a note that says how to get one.
    CHECK(scene.out_row == -1);
    bool hint = false;
    for (const cp::SceneLabel& l : scene.labels) hint |= l.text.find("Point at the map") != std::string::npos;
    CHECK(hint);
}

TEST_CASE("image scene: the pointed pixel's window is the LayerPicture's, its numbers are the run's") {
    Fixture f;
    cp::View view;
    view.mode = cp::ViewMode::Image;
    view.hover = cp::CellRef{0, 10, 20};
    const cp::Scene scene = cp::BuildImageScene(f.figure, view);
    CHECK(scene.out_row == 10);
    CHECK(scene.out_col == 20);
    CHECK(scene.window_top == 9);
    CHECK(scene.window_bottom == 11);
    CHECK(scene.window_left == 19);
    CHECK(scene.window_right == 21);
    // The window frame sits on the padded picture at (top + pad) pixels.
    const cp::SceneGrid* src = scene.Grid("source");
    bool window = false;
    for (const cp::SceneFrame& fr : scene.frames)
        if (fr.paint == cp::Paint::WindowFrame) {
            window = true;
            CHECK(fr.x == doctest::Approx(src->x + 20 * src->cell));  // column 19 + a border of 1
            CHECK(fr.y == doctest::Approx(src->y + 10 * src->cell));
        }
    CHECK(window);
    const float value = f.run.layers[0].output.data[10 * 48 + 20];
    char want[32];
    std::snprintf(want, sizeof want, "%.3g", double(std::fabs(value)));
    bool result = false;
    for (const cp::SceneLabel& l : scene.labels)
        result |= l.text.find("output row 10, column 20 = ") == 0 && l.text.find(want) != std::string::npos;
    CHECK(result);
    // At the corner the window reads the reflected border, marked.
    view.hover = cp::CellRef{0, 0, 0};
    const cp::Scene corner = cp::BuildImageScene(f.figure, view);
    CHECK(corner.window_top == -1);
    bool marked = false;
    for (const cp::SceneLabel& l : corner.labels) marked |= l.text.find("* padding (reflect)") != std::string::npos;
    CHECK(marked);
    // The description says the same, in words.
    const std::string said = cp::Describe(cp::LayerPlan{}, scene);
    CHECK(said.find("Image mode: test card") == 0);
    CHECK(said.find("Output row 10, column 20 reads input rows 9 to 11, columns 19 to 21.") != std::string::npos);
}

TEST_CASE("image scene: SVG embeds the picture, the map and the ramp as PNGs; JSON names the textures") {
    Fixture f(cp::PaddingMode::Zeros, 24);
    cp::View view;
    view.mode = cp::ViewMode::Image;
    const cp::Scene scene = cp::BuildImageScene(f.figure, view);
    std::vector<cp::SceneRaster> rasters(3);
    const cp::Shape padded = f.run.PaddedShape();
    rasters[cp::kPictureTexture] = {padded.w, padded.h, {}};
    cp::PackPaddedRgba(f.run, rasters[cp::kPictureTexture].rgba);
    const cp::Shape o = f.run.layers[0].out;
    rasters[cp::MapTexture(0)] = {o.w, o.h, {}};
    cp::ColourizeRgba(f.run.layers[0].output.data, o.h, o.w, f.figure.scales[0], rasters[cp::MapTexture(0)].rgba);
    std::vector<float> ramp(cp::kLegendSteps);
    for (int i = 0; i < cp::kLegendSteps; ++i) ramp[size_t(i)] = float(i);
    rasters[cp::kLegendTexture] = {cp::kLegendSteps, 1, {}};
    cp::ColourizeRgba(ramp, 1, cp::kLegendSteps, {0, 255, false}, rasters[cp::kLegendTexture].rgba);
    const std::string svg = cp::SceneSvg(scene, 32, true, "image", &rasters);
    const std::regex image("<image [^>]*xlink:href=\"data:image/png;base64,[A-Za-z0-9+/=]+\"");
    CHECK(std::distance(std::sregex_iterator(svg.begin(), svg.end(), image), std::sregex_iterator()) == 3);
    CHECK(svg.find("xmlns:xlink") != std::string::npos);
    // Without rasters, no image (and no cells drawn for a texture grid).
    const std::string bare = cp::SceneSvg(scene, 32, true, "image");
    CHECK(bare.find("<image") == std::string::npos);
    const std::string json = cp::SceneJson(scene);
    CHECK(json.find("\"name\":\"source\"") != std::string::npos);
    CHECK(json.find("\"texture\":0") != std::string::npos);
    CHECK(json.find("\"texture\":2") != std::string::npos);
    CHECK(json.find("\"description\":\"Image mode: ") != std::string::npos);
    // The legend's note says how the scale was made.
    bool how = false;
    for (const cp::SceneLabel& l : scene.labels) how |= l.text.find("1st to 99th percentile") != std::string::npos;
    CHECK(how);
}

TEST_CASE("image scene: no picture yet says why; a refused layer says the engine's message") {
    cp::ImageFigure none;
    none.status = "Loading the photo…";
    const cp::Scene empty = cp::BuildImageScene(none, cp::View{});
    CHECK(empty.grids.empty());
    CHECK(empty.description.find("Loading the photo") != std::string::npos);
    Fixture f;
    f.run.layers[0].output = cp::Tensor{};
    f.run.layers[0].error = "the kernel is larger than the padded input";
    const cp::Scene refused = cp::BuildImageScene(f.figure, cp::View{});
    CHECK(refused.Grid("output") == nullptr);
    CHECK(cp::Describe(cp::LayerPlan{}, refused).find("the kernel is larger") != std::string::npos);
}
