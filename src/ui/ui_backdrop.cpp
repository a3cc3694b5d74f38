// ui_backdrop.cpp — the dot-lattice backdrop behind every panel, drawn by a
// fragment shader in one full-screen triangle (no vertex buffers); and
// LinkProgram, which builds it and image mode's colormap program.
#include <GLES3/gl3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include "imgui.h"

#include "ui/ui.h"

extern const unsigned char shader_background_vert[];
extern const unsigned int shader_background_vert_size;
extern const unsigned char shader_background_frag[];
extern const unsigned int shader_background_frag_size;

namespace cp::ui {
namespace {

GLuint Compile(GLenum type, const unsigned char* src, unsigned size) {
    GLuint shader = glCreateShader(type);
    const char* text = reinterpret_cast<const char*>(src);
    GLint length = GLint(size);
    glShaderSource(shader, 1, &text, &length);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) { glDeleteShader(shader); return 0; }
    return shader;
}

}  // namespace

unsigned LinkProgram(const unsigned char* vert, unsigned vert_size, const unsigned char* frag, unsigned frag_size) {
    const GLuint vs = Compile(GL_VERTEX_SHADER, vert, vert_size);
    const GLuint fs = Compile(GL_FRAGMENT_SHADER, frag, frag_size);
    GLuint program = 0;
    if (vs && fs) {
        program = glCreateProgram();
        glAttachShader(program, vs);
        glAttachShader(program, fs);
        glLinkProgram(program);
        GLint ok = 0;
        glGetProgramiv(program, GL_LINK_STATUS, &ok);
        if (!ok) { glDeleteProgram(program); program = 0; }
    }
    if (vs) glDeleteShader(vs);
    if (fs) glDeleteShader(fs);
    return program;
}

bool Backdrop::Init() {
    program_ = LinkProgram(shader_background_vert, shader_background_vert_size, shader_background_frag,
                           shader_background_frag_size);
    if (!program_) return false;
    glGenVertexArrays(1, &vao_);
    u_ratio_ = glGetUniformLocation(program_, "u_pixel_ratio");
    u_base_ = glGetUniformLocation(program_, "u_base");
    u_dot_ = glGetUniformLocation(program_, "u_dot");
    return true;
}

void Backdrop::Draw(float pixel_ratio, bool dark, int w, int h, const std::vector<Edits::Rect>& panels) const {
    const Rgba b = PaletteColour(Paint::Backdrop, dark);  // the one definition (scene/palette.h)
    const float base[3] = {float(b.r) / 255, float(b.g) / 255, float(b.b) / 255};
    const float dot[3] = {dark ? 0.20f : 0.80f, dark ? 0.22f : 0.82f, dark ? 0.26f : 0.86f};
    glClearColor(base[0], base[1], base[2], 1);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!program_) return;  // a plain backdrop if the shader failed: still a usable page
    // The panels' insides in framebuffer pixels (rows from the top), whole
    // pixels only, past their rounded corners.
    const float inset = ImGui::GetStyle().ChildRounding + 1;
    std::vector<std::array<int, 4>> holes;  // x0, y0, x1, y1
    for (const Edits::Rect& r : panels) {
        const int x0 = int(std::ceil((r.x0 + inset) * pixel_ratio)), x1 = int(std::floor((r.x1 - inset) * pixel_ratio));
        const int y0 = int(std::ceil((r.y0 + inset) * pixel_ratio)), y1 = int(std::floor((r.y1 - inset) * pixel_ratio));
        const std::array<int, 4> hole{std::max(x0, 0), std::max(y0, 0), std::min(x1, w), std::min(y1, h)};
        if (hole[2] > hole[0] && hole[3] > hole[1]) holes.push_back(hole);
    }
    glDisable(GL_BLEND);
    glUseProgram(program_);
    glUniform1f(u_ratio_, pixel_ratio);
    glUniform3f(u_base_, base[0], base[1], base[2]);
    glUniform3f(u_dot_, dot[0], dot[1], dot[2]);
    glBindVertexArray(vao_);
    glEnable(GL_SCISSOR_TEST);
    // Bands between the holes' top and bottom edges; in each, the spans no
    // hole covers.
    std::vector<int> edges{0, h};
    for (const auto& o : holes) edges.insert(edges.end(), {o[1], o[3]});
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    for (size_t e = 0; e + 1 < edges.size(); ++e) {
        const int top = edges[e], bottom = edges[e + 1];  // (edges lie in 0..h: the holes are clamped)
        std::vector<std::pair<int, int>> covered;
        for (const auto& o : holes)
            if (o[1] <= top && o[3] >= bottom) covered.push_back({o[0], o[2]});
        std::sort(covered.begin(), covered.end());
        int x = 0;
        for (size_t i = 0; i <= covered.size(); ++i) {
            const int until = i < covered.size() ? covered[i].first : w;
            if (until > x) {
                glScissor(x, h - bottom, until - x, bottom - top);  // GL counts rows from the bottom
                glDrawArrays(GL_TRIANGLES, 0, 3);
            }
            if (i < covered.size()) x = std::max(x, covered[i].second);
        }
    }
    glDisable(GL_SCISSOR_TEST);
    glBindVertexArray(0);
}

}  // namespace cp::ui
