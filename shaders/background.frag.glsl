#version 300 es
// The canvas backdrop: a faint dot lattice, like squared paper, so the grids
// drawn on top read as cells on a page. Spacing is in CSS pixels, so it looks
// the same at any devicePixelRatio.
precision mediump float;
uniform float u_pixel_ratio;
uniform vec3 u_base;
uniform vec3 u_dot;
out vec4 frag_color;
void main() {
    const float spacing = 24.0;
    vec2 css = gl_FragCoord.xy / u_pixel_ratio;
    vec2 nearest = abs(fract(css / spacing + 0.5) - 0.5) * spacing;  // distance to the nearest dot, per axis
    float d = length(nearest);
    float dot_mask = 1.0 - smoothstep(0.6, 1.4, d);
    frag_color = vec4(mix(u_base, u_dot, dot_mask), 1.0);
}
