#version 300 es
// A full-screen triangle over the target texture: the fragment shader reads
// one value per pixel with texelFetch, so no coordinates are passed.
void main() {
    vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
