// The app's eglGetProcAddress: the few GL entry points anything in the app
// looks up by name, instead of emscripten's table of every WebGL function.
//
// Why: nothing in the app loads GL through a loader (ImGui's OpenGL ES 3
// backend and our figure call GL directly, so each call links only its own
// JS glue). But SDL's EGL layer stores a pointer to eglGetProcAddress, and
// emscripten's (libGL's libprocaddr.c + gl.c) maps every name to every
// emscripten_gl* function: that one reference pulled the JS of all ~320 WebGL
// entry points into convplay-app.js (~9 KB gzipped of its ~35) and a name table
// into the wasm. Defining the symbol here means the linker never needs libGL's.
//
// What SDL 2.26 asks for on emscripten: SDL_GL_ExtensionSupported (called once
// when the context is made, for GL_OES_surfaceless_context) looks up
// glGetString, glGetStringi and glGetIntegerv. Any other name gets nullptr,
// which every caller in SDL treats as "not available", exactly as it does
// for a name emscripten does not know.
#include <EGL/egl.h>
#include <GLES3/gl3.h>

#include <cstring>

extern "C" __eglMustCastToProperFunctionPointerType eglGetProcAddress(const char* name) {
    struct Entry {
        const char* name;
        __eglMustCastToProperFunctionPointerType proc;
    };
    static const Entry kProcs[] = {
        {"glGetString", reinterpret_cast<__eglMustCastToProperFunctionPointerType>(&glGetString)},
        {"glGetStringi", reinterpret_cast<__eglMustCastToProperFunctionPointerType>(&glGetStringi)},
        {"glGetIntegerv", reinterpret_cast<__eglMustCastToProperFunctionPointerType>(&glGetIntegerv)},
    };
    if (name == nullptr) return nullptr;
    for (const Entry& e : kProcs)
        if (std::strcmp(name, e.name) == 0) return e.proc;
    return nullptr;
}
