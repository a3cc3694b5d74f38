#version 300 es
// Image mode's colormap: one feature-map value per pixel (an R32F texture)
// to a colour. Mode 0 (a map with no negative values): grey from u_lo (black)
// to u_hi (white), so a blur of a photo looks like the photo. Mode 1 (a
// signed map, e.g. an edge filter): Paul Tol's diverging BuRd, blue below
// zero, white at zero, red above, symmetric at +-u_hi: safe for colour-blind
// readers. state/image/rasters.cpp's ColourOf() is the same map on the CPU
// (the SVG export, the page API and the tests read it); keep the two in step.
precision highp float;
uniform highp sampler2D u_values;
uniform float u_lo;
uniform float u_hi;
uniform int u_mode;
out vec4 frag_color;

const vec3 kBuRd[9] = vec3[9](
    vec3(0.129, 0.400, 0.675), vec3(0.263, 0.576, 0.765), vec3(0.573, 0.773, 0.871),
    vec3(0.820, 0.898, 0.941), vec3(0.969, 0.969, 0.969), vec3(0.992, 0.859, 0.780),
    vec3(0.957, 0.647, 0.510), vec3(0.839, 0.376, 0.302), vec3(0.698, 0.094, 0.169));

void main() {
    float v = texelFetch(u_values, ivec2(gl_FragCoord.xy), 0).r;
    vec3 c;
    if (u_mode == 0) {
        float t = u_hi > u_lo ? clamp((v - u_lo) / (u_hi - u_lo), 0.0, 1.0) : 0.5;
        c = vec3(t);
    } else {
        float t = u_hi > 0.0 ? clamp(0.5 + 0.5 * v / u_hi, 0.0, 1.0) : 0.5;
        float x = t * 8.0;
        int i = int(min(floor(x), 7.0));
        c = mix(kBuRd[i], kBuRd[i + 1], x - float(i));
    }
    frag_color = vec4(c, 1.0);
}
