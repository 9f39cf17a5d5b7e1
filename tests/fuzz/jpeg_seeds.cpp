// Writes the JPEG seeds of the image harnesses (make_seeds.py runs it): grey, colour,
// progressive and restart-marker JPEGs from libjpeg-turbo's encoder.
// Build: c++ -std=c++20 jpeg_seeds.cpp -ljpeg -o jpeg_seeds; run: jpeg_seeds OUT_DIR
#include <cstddef>
#include <cstdio>

#include <jpeglib.h>  // after <cstdio>: it uses FILE and size_t without including them

#include <string>
#include <vector>

static void write_jpeg(const std::string& path, int w, int h, int components, bool progressive, int restart) {
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  FILE* f = std::fopen(path.c_str(), "wb");
  jpeg_stdio_dest(&c, f);
  c.image_width = w;
  c.image_height = h;
  c.input_components = components;
  c.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 80, TRUE);
  if (progressive) jpeg_simple_progression(&c);
  c.restart_interval = restart;
  jpeg_start_compress(&c, TRUE);
  std::vector<unsigned char> row(static_cast<std::size_t>(w) * components);
  while (c.next_scanline < c.image_height) {
    for (int x = 0; x < w * components; ++x) row[x] = static_cast<unsigned char>(x * 7 + c.next_scanline * 13);
    JSAMPROW r = row.data();
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::fclose(f);
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string out = argv[1];
  write_jpeg(out + "/grey_8x8.jpg", 8, 8, 1, false, 0);
  write_jpeg(out + "/rgb_17x9.jpg", 17, 9, 3, false, 0);
  write_jpeg(out + "/rgb_progressive_16x16.jpg", 16, 16, 3, true, 0);
  write_jpeg(out + "/rgb_restart_24x8.jpg", 24, 8, 3, false, 1);
  return 0;
}
