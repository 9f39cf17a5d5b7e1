#include "report/image_grid.hpp"

#include "report/font.hpp"

#include <aecluster/error.hpp>

#include <algorithm>
#include <cmath>

namespace vgg7::report {

namespace {
void check_shape(const std::string& label, std::size_t size, int count, int height, int width, int channels) {
  aecluster::require(count >= 0 && height > 0 && width > 0 && (channels == 1 || channels == 3), "image row \"", label,
                     "\": shape (", count, ", ", height, ", ", width, ", ", channels,
                     ") is not N x H x W x C with C = 1 or 3");
  const auto expected = static_cast<std::size_t>(count) * height * width * channels;
  aecluster::require(size == expected, "image row \"", label, "\": ", size, " values, expected ", expected, " for (",
                     count, ", ", height, ", ", width, ", ", channels, ")");
}
}  // namespace

ImageRow image_row(std::string label, std::span<const std::uint8_t> nhwc, int count, int height, int width,
                   int channels) {
  check_shape(label, nhwc.size(), count, height, width, channels);
  return {std::move(label), {nhwc.begin(), nhwc.end()}, count, height, width, channels};
}

ImageRow image_row_from_nchw(std::string label, std::span<const float> nchw, int count, int channels, int height,
                             int width, float lo, float hi) {
  check_shape(label, nchw.size(), count, height, width, channels);
  aecluster::require(hi > lo, "image row \"", label, "\": value range [", lo, ", ", hi, "] is empty");
  ImageRow row{std::move(label), std::vector<std::uint8_t>(nchw.size()), count, height, width, channels};
  const std::size_t plane = static_cast<std::size_t>(height) * width;
  for (int n = 0; n < count; ++n)
    for (int c = 0; c < channels; ++c)
      for (std::size_t p = 0; p < plane; ++p) {
        const float v = nchw[(static_cast<std::size_t>(n) * channels + c) * plane + p];
        const float u = std::isfinite(v) ? std::clamp((v - lo) / (hi - lo), 0.0f, 1.0f) : 0.0f;
        row.nhwc[(static_cast<std::size_t>(n) * plane + p) * channels + c] =
            static_cast<std::uint8_t>(std::lround(u * 255.0f));
      }
  return row;
}

Canvas render_image_grid(const std::vector<ImageRow>& rows, const ImageGridOptions& opt, const Style& st) {
  aecluster::require(!rows.empty(), "render_image_grid: no rows");
  const ImageRow& first = rows.front();
  for (const ImageRow& r : rows) {
    check_shape(r.label, r.nhwc.size(), r.count, r.height, r.width, r.channels);
    aecluster::require(r.height == first.height && r.width == first.width, "render_image_grid: row \"", r.label,
                       "\" has ", r.height, "x", r.width, " images, row \"", first.label, "\" has ", first.height, "x",
                       first.width);
  }
  int cols = 0;
  for (const ImageRow& r : rows) cols = std::max(cols, r.count);
  aecluster::require(cols > 0, "render_image_grid: every row is empty");
  const int scale = opt.scale > 0
                        ? opt.scale
                        : std::max(1, static_cast<int>(std::lround(st.px(72) / std::max(first.height, first.width))));
  const int cw = first.width * scale, ch = first.height * scale;

  const Font& font = Font::sans();
  const double label = st.px(st.label_pt), small = st.px(st.tick_pt);
  const int gap = static_cast<int>(std::lround(st.px(4)));
  const int border = static_cast<int>(std::lround(st.px(8)));
  double label_w = 0;
  for (const ImageRow& r : rows) label_w = std::max(label_w, font.width(r.label, label));
  const int left = border + static_cast<int>(std::ceil(label_w)) + gap * 2;
  int top = border + static_cast<int>(std::ceil(font.line_height(small))) + gap;
  int title_h = 0;
  if (!opt.title.empty()) {
    title_h = static_cast<int>(std::ceil(font.line_height(st.px(st.title_pt)))) + gap * 2;
    top += title_h;
  }
  const int width = left + cols * cw + (cols - 1) * gap + border;
  const int height = top + static_cast<int>(rows.size()) * ch + (static_cast<int>(rows.size()) - 1) * gap + border;
  aecluster::require(static_cast<double>(width) * height <= 2e8, "render_image_grid: ", width, "x", height,
                     " pixels is too large an image");
  Canvas canvas(width, height);
  if (!opt.title.empty())
    font.draw(canvas, opt.title, {(left + width - border) / 2.0, static_cast<double>(border)},
              {.size = st.px(st.title_pt), .halign = HAlign::center, .valign = VAlign::top});
  for (int c = 0; c < cols; ++c) {
    std::string text = "#";  // built by appending: GCC 12 warns (falsely, -Wrestrict) on "#" + std::string
    if (static_cast<std::size_t>(c) < opt.column_labels.size())
      text = opt.column_labels[c];
    else
      text += std::to_string(c + 1);
    font.draw(canvas, text, {left + c * (cw + gap) + cw / 2.0, static_cast<double>(top - gap)},
              {.size = small, .color = rgb(0x444444), .halign = HAlign::center, .valign = VAlign::bottom});
  }
  const std::size_t image_size = static_cast<std::size_t>(first.height) * first.width;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const ImageRow& row = rows[r];
    const int y = top + static_cast<int>(r) * (ch + gap);
    font.draw(canvas, row.label, {static_cast<double>(left - gap * 2), y + ch / 2.0},
              {.size = label, .halign = HAlign::right, .valign = VAlign::center});
    for (int c = 0; c < row.count; ++c) {
      const int x = left + c * (cw + gap);
      const std::size_t bytes = image_size * row.channels;
      canvas.fill_rect({x - 1.0, y - 1.0, cw + 2.0, ch + 2.0}, rgb(0xbbbbbb));
      canvas.draw_image(std::span(row.nhwc).subspan(c * bytes, bytes), row.height, row.width, row.channels, x, y,
                        scale);
    }
  }
  return canvas;
}

}  // namespace vgg7::report
