#include "report/font.hpp"

#include <aecluster/error.hpp>
#include <aecluster/io/atomic_file.hpp>

#include <stb_truetype.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <numbers>
#include <string>
#include <tuple>
#include <vector>

namespace vgg7::report {

// Named, not anonymous: Font::Impl holds a cache of these, and a member whose type has internal
// linkage draws -Wsubobject-linkage when this file is compiled inside a unity build.
namespace font_detail {
struct Glyph {
  int x0 = 0, y0 = 0, w = 0, h = 0;  // bitmap box relative to the pen position on the baseline
  std::vector<unsigned char> bitmap;
};
}  // namespace font_detail
using font_detail::Glyph;

namespace {

// Decodes UTF-8; a malformed sequence becomes U+FFFD instead of an error, so a stray byte in
// a class name costs one glyph, not the figure.
std::vector<char32_t> decode_utf8(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1f) : len == 3 ? (b & 0x0f) : (b & 0x07);
    bool ok = len > 0 && i + len <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      ok = (c >> 6) == 2;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

struct Placed {
  int glyph;
  double x;  // pen position along the baseline
};

// Glyphs are placed at quarter-pixel steps: finer than the eye sees at these sizes, and four
// bitmaps per glyph and size keep the cache small.
constexpr int subpixel_steps = 4;

}  // namespace

struct Font::Impl {
  std::string path;
  std::string data;
  stbtt_fontinfo info{};
  int ascent = 0, descent = 0;  // font units; descent negative as stored in the font
  std::mutex mutex;
  std::map<std::tuple<int, float, int>, Glyph> cache;

  [[nodiscard]] float scale(double size) const {
    return stbtt_ScaleForMappingEmToPixels(&info, static_cast<float>(size));
  }

  std::vector<Placed> layout(std::string_view utf8, double size, double* width) {
    const float s = scale(size);
    std::vector<Placed> placed;
    double pen = 0;
    int previous = -1;
    for (char32_t cp : decode_utf8(utf8)) {
      const int g = stbtt_FindGlyphIndex(&info, static_cast<int>(cp));
      if (previous >= 0) pen += s * stbtt_GetGlyphKernAdvance(&info, previous, g);
      int advance = 0, bearing = 0;
      stbtt_GetGlyphHMetrics(&info, g, &advance, &bearing);
      placed.push_back({g, pen});
      pen += s * advance;
      previous = g;
    }
    if (width) *width = pen;
    return placed;
  }

  const Glyph& glyph(int g, double size, int step) {
    const float s = scale(size);
    const auto key = std::make_tuple(g, s, step);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    Glyph out;
    const float shift = static_cast<float>(step) / subpixel_steps;
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    stbtt_GetGlyphBitmapBoxSubpixel(&info, g, s, s, shift, 0, &x0, &y0, &x1, &y1);
    out.x0 = x0, out.y0 = y0, out.w = std::max(0, x1 - x0), out.h = std::max(0, y1 - y0);
    out.bitmap.assign(static_cast<std::size_t>(out.w) * out.h, 0);
    if (out.w > 0 && out.h > 0)
      stbtt_MakeGlyphBitmapSubpixel(&info, out.bitmap.data(), out.w, out.h, out.w, s, s, shift, 0, g);
    return cache.emplace(key, std::move(out)).first->second;
  }
};

Font::Font(const std::filesystem::path& ttf) : impl_(std::make_unique<Impl>()) {
  impl_->path = ttf.string();
  std::error_code ec;
  aecluster::require(std::filesystem::is_regular_file(ttf, ec), ttf.string(),
                     ": font not found (Debian: apt-get install fonts-dejavu-core, or run scripts/install-deps)");
  impl_->data = aecluster::io::read_file(ttf, std::uintmax_t{64} << 20);
  // stb_truetype trusts its input: check at least the header is there before it reads.
  aecluster::require(impl_->data.size() >= 12, ttf.string(), ": ", impl_->data.size(),
                     " bytes is too short for a TrueType font");
  const auto* bytes = reinterpret_cast<const unsigned char*>(impl_->data.data());
  const int offset = stbtt_GetFontOffsetForIndex(bytes, 0);
  aecluster::require(offset >= 0 && stbtt_InitFont(&impl_->info, bytes, offset) != 0, ttf.string(),
                     ": not a TrueType font stb_truetype can read");
  int gap = 0;
  stbtt_GetFontVMetrics(&impl_->info, &impl_->ascent, &impl_->descent, &gap);
  aecluster::require(impl_->ascent > 0, ttf.string(), ": font has no ascent (", impl_->ascent, ")");
}

Font::~Font() = default;

namespace {
const Font& first_font(std::initializer_list<const char*> candidates) {
  for (const char* c : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(c, ec)) return *new Font(c);  // lives for the whole program
  }
  return *new Font(*candidates.begin());  // throws, naming the Debian location
}
}  // namespace

const Font& Font::sans() {
  static const Font& font =
      first_font({"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
                  "/usr/share/fonts/dejavu/DejaVuSans.ttf"});
  return font;
}

const Font& Font::sans_bold() {
  static const Font& font =
      first_font({"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
                  "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"});
  return font;
}

double Font::width(std::string_view utf8, double size) const {
  std::lock_guard lock(impl_->mutex);
  double w = 0;
  impl_->layout(utf8, size, &w);
  return w;
}

double Font::ascent(double size) const { return impl_->scale(size) * impl_->ascent; }
double Font::descent(double size) const { return -impl_->scale(size) * impl_->descent; }

namespace {

struct Frame {
  double ua, va;  // the anchor in text coordinates (u along the baseline, v downwards)
  double cs, sn;  // rotation
  bool axis_aligned;
};

Frame frame_of(const Font& font, double width, const TextStyle& st) {
  Frame f{};
  f.ua = st.halign == HAlign::left ? 0 : st.halign == HAlign::center ? width / 2 : width;
  const double a = font.ascent(st.size), d = font.descent(st.size);
  f.va = st.valign == VAlign::top      ? -a
         : st.valign == VAlign::center ? (d - a) / 2
         : st.valign == VAlign::bottom ? d
                                       : 0;
  const double turns = st.angle / 90.0;
  f.axis_aligned = std::fabs(turns - std::round(turns)) < 1e-9;
  if (f.axis_aligned) {
    const int q = ((static_cast<int>(std::lround(turns)) % 4) + 4) % 4;
    f.cs = q == 0 ? 1 : q == 2 ? -1 : 0;
    f.sn = q == 1 ? 1 : q == 3 ? -1 : 0;
  } else {
    const double rad = st.angle * std::numbers::pi / 180;
    f.cs = std::cos(rad), f.sn = std::sin(rad);
  }
  return f;
}

// Text coordinates (u, v) relative to the pen origin -> canvas, for the origin `o`.
Point to_canvas(Point o, const Frame& f, double u, double v) {
  return {o.x + u * f.cs + v * f.sn, o.y - u * f.sn + v * f.cs};
}

}  // namespace

Rect Font::box(std::string_view utf8, Point at, const TextStyle& st) const {
  const double w = width(utf8, st.size);
  const Frame f = frame_of(*this, w, st);
  const Point o = to_canvas(at, f, -f.ua, -f.va);
  const double a = ascent(st.size), d = descent(st.size);
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (double u : {0.0, w})
    for (double v : {-a, d}) {
      const Point p = to_canvas(o, f, u, v);
      x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    }
  return {x0, y0, x1 - x0, y1 - y0};
}

void Font::draw(Canvas& canvas, std::string_view utf8, Point at, const TextStyle& st) const {
  if (utf8.empty() || st.size <= 0) return;
  std::lock_guard lock(impl_->mutex);
  double w = 0;
  const std::vector<Placed> placed = impl_->layout(utf8, st.size, &w);
  const Frame f = frame_of(*this, w, st);
  Point o = to_canvas(at, f, -f.ua, -f.va);
  // Horizontal text keeps its sub-pixel x and snaps the baseline to a pixel row; rotated by a
  // multiple of 90 degrees the origin snaps to a pixel corner so resampling stays exact.
  double pen0 = 0;
  if (f.axis_aligned && f.cs == 1) {
    const double ix = std::floor(o.x);
    pen0 = o.x - ix;
    o = {ix, std::round(o.y)};
  } else if (f.axis_aligned) {
    o = {std::round(o.x), std::round(o.y)};
  }

  // Rasterise into a coverage mask in text coordinates.
  struct Item {
    const Glyph* g;
    int x, y;
  };
  std::vector<Item> items;
  int mx0 = 0, my0 = 0, mx1 = 0, my1 = 0;
  bool any = false;
  for (const Placed& p : placed) {
    const double pen = pen0 + p.x;
    const double fl = std::floor(pen);
    int step = static_cast<int>(std::lround((pen - fl) * subpixel_steps));
    int base = static_cast<int>(fl);
    if (step == subpixel_steps) step = 0, ++base;
    const Glyph& g = impl_->glyph(p.glyph, st.size, step);
    if (g.w == 0 || g.h == 0) continue;
    const int gx = base + g.x0, gy = g.y0;
    items.push_back({&g, gx, gy});
    if (!any) mx0 = gx, my0 = gy, mx1 = gx + g.w, my1 = gy + g.h, any = true;
    mx0 = std::min(mx0, gx), my0 = std::min(my0, gy), mx1 = std::max(mx1, gx + g.w), my1 = std::max(my1, gy + g.h);
  }
  if (!any) return;
  const int mw = mx1 - mx0, mh = my1 - my0;
  std::vector<float> mask(static_cast<std::size_t>(mw) * mh, 0.0f);
  for (const Item& it : items)
    for (int y = 0; y < it.g->h; ++y)
      for (int x = 0; x < it.g->w; ++x) {
        float& m = mask[static_cast<std::size_t>(it.y - my0 + y) * mw + (it.x - mx0 + x)];
        m = std::min(1.0f, m + it.g->bitmap[static_cast<std::size_t>(y) * it.g->w + x] / 255.0f);
      }

  if (f.axis_aligned && f.cs == 1) {
    canvas.blend_coverage(static_cast<int>(o.x) + mx0, static_cast<int>(o.y) + my0, mw, mh, mask, st.color, st.alpha);
    return;
  }
  // Rotated: each canvas pixel in the rotated box samples the mask bilinearly at its centre.
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (int u : {mx0, mx1})
    for (int v : {my0, my1}) {
      const Point p = to_canvas(o, f, u, v);
      x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    }
  const int bx0 = static_cast<int>(std::floor(x0)), by0 = static_cast<int>(std::floor(y0));
  const int bw = static_cast<int>(std::ceil(x1)) - bx0, bh = static_cast<int>(std::ceil(y1)) - by0;
  std::vector<float> out(static_cast<std::size_t>(bw) * bh, 0.0f);
  auto sample = [&](int x, int y) -> float {
    return (x < 0 || y < 0 || x >= mw || y >= mh) ? 0.0f : mask[static_cast<std::size_t>(y) * mw + x];
  };
  for (int y = 0; y < bh; ++y)
    for (int x = 0; x < bw; ++x) {
      const double dx = bx0 + x + 0.5 - o.x, dy = by0 + y + 0.5 - o.y;
      const double u = dx * f.cs - dy * f.sn, v = dx * f.sn + dy * f.cs;
      const double su = u - mx0 - 0.5, sv = v - my0 - 0.5;
      const double fu = std::floor(su), fv = std::floor(sv);
      const double tu = su - fu, tv = sv - fv;
      const int iu = static_cast<int>(fu), iv = static_cast<int>(fv);
      out[static_cast<std::size_t>(y) * bw + x] =
          static_cast<float>((1 - tv) * ((1 - tu) * sample(iu, iv) + tu * sample(iu + 1, iv)) +
                             tv * ((1 - tu) * sample(iu, iv + 1) + tu * sample(iu + 1, iv + 1)));
    }
  canvas.blend_coverage(bx0, by0, bw, bh, out, st.color, st.alpha);
}

}  // namespace vgg7::report
