# Shared settings for the scripts: sourced, not run.
# Pinned third-party versions (Debian source packages).
IMGUI_VERSION=1.86;   IMGUI_DEB=1.86+ds-1
SDL_VERSION=2.26.5;   SDL_DEB=2.26.5+dfsg-1
# Names the SDL2 wasm build's options (scripts/setup): part of its cache directory,
# which CMakePresets.json (web) names too. Change both when the options change.
SDL_CONFIG=lean1

: "${CONVPLAY_CACHE:=$HOME/.cache/convplay}"
CONVPLAY_DEPS="$here/.deps"
# emcc's JS optimizer needs acorn, which Debian keeps where Node does not look.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# (Debian's emscripten ships its system libraries prebuilt in a frozen cache.)
export CONVPLAY_CACHE CONVPLAY_DEPS

emcc_version() { emcc --version 2>/dev/null | sed -n '1s/.* \([0-9][0-9.]*\) .*/\1/p'; }
