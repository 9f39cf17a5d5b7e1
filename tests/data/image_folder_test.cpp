#include <aecluster/data/image_folder.hpp>

#include <doctest/doctest.h>

#include <stb_image_write.h>

#include <filesystem>

#include "test_util.hpp"

namespace data = aecluster::data;
namespace io = aecluster::io;
using aecluster::Error;
using aecluster::Shape;
using aecluster::Tensor;

namespace {
Tensor<std::uint8_t> solid(int h, int w, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  Tensor<std::uint8_t> t(Shape{h, w, 3});
  for (std::int64_t p = 0; p < std::int64_t{h} * w; ++p) {
    t[p * 3] = r;
    t[p * 3 + 1] = g;
    t[p * 3 + 2] = b;
  }
  return t;
}
void png(const std::filesystem::path& path, const Tensor<std::uint8_t>& img) {
  std::filesystem::create_directories(path.parent_path());
  // Not io::write_png: its fsync per file would make 300 files slow to write.
  test::write_bytes(path, io::png_bytes(img.data(), static_cast<int>(img.dim(0)), static_cast<int>(img.dim(1)), 3));
}
void jpg(const std::filesystem::path& path, const Tensor<std::uint8_t>& img) {
  std::filesystem::create_directories(path.parent_path());
  REQUIRE(stbi_write_jpg(path.c_str(), static_cast<int>(img.dim(1)), static_cast<int>(img.dim(0)), 3, img.data(), 95));
}
}  // namespace

TEST_CASE("image folder: class folders give sorted labels; files come in sorted order, resized") {
  test::TempDir dir;
  png(dir / "dog" / "b.png", solid(64, 48, 0, 0, 200));
  png(dir / "dog" / "a.png", solid(10, 10, 0, 200, 0));
  jpg(dir / "cat" / "deep" / "x.jpg", solid(40, 40, 200, 0, 0));
  png(dir / ".hidden" / "h.png", solid(8, 8, 1, 1, 1));  // hidden folder: ignored
  test::write_bytes(dir / "cat" / ".DS_Store", "junk");  // hidden file: ignored
  const auto f = data::load_image_folder(dir.path());
  const auto& d = f.dataset;
  REQUIRE(d.size() == 3);
  CHECK(d.images.shape() == Shape{3, 32, 32, 3});
  CHECK(d.class_names == std::vector<std::string>{"cat", "dog"});
  CHECK(f.files[0] == dir / "cat" / "deep" / "x.jpg");
  CHECK(f.files[1] == dir / "dog" / "a.png");
  CHECK(f.files[2] == dir / "dog" / "b.png");
  CHECK((*d.labels)[0] == 0);
  CHECK((*d.labels)[1] == 1);
  CHECK((*d.labels)[2] == 1);
  CHECK(std::abs(int(d.image(0)[0]) - 200) <= 3);  // JPEG: close
  CHECK(d.image(1)[1] == 200);
  CHECK(d.image(2)[32 * 32 * 3 - 1] == 200);
  CHECK(f.skipped.empty());
  CHECK(d.source == dir.path().string());
}

TEST_CASE("image folder: a flat folder is unlabelled; grey, crop, pool and progress options") {
  test::TempDir dir;
  for (int i = 0; i < 300; ++i)
    png(dir / ("img" + std::to_string(1000 + i) + ".png"), solid(20 + i % 7, 30, i % 256, 10, 20));
  std::vector<std::pair<std::int64_t, std::int64_t>> calls;
  data::ImageFolderOptions options;
  options.progress = [&](std::int64_t done, std::int64_t total) { calls.emplace_back(done, total); };
  const auto serial = data::load_image_folder(dir.path(), options);
  CHECK(!serial.dataset.has_labels());
  CHECK(serial.dataset.class_names.empty());
  CHECK(serial.dataset.size() == 300);
  REQUIRE(!calls.empty());
  CHECK(calls.back() == std::pair<std::int64_t, std::int64_t>{300, 300});
  CHECK(serial.dataset.image(7)[0] == 7);

  aecluster::ThreadPool pool(3);
  options.pool = &pool;
  const auto parallel = data::load_image_folder(dir.path(), options);
  REQUIRE(parallel.dataset.images.numel() == serial.dataset.images.numel());
  for (std::int64_t i = 0; i < serial.dataset.images.numel(); ++i)
    REQUIRE(parallel.dataset.images[i] == serial.dataset.images[i]);

  options.channels = 1;
  options.center_crop = true;
  const auto grey = data::load_image_folder(dir.path(), options);
  CHECK(grey.dataset.images.shape() == Shape{300, 32, 32, 1});
  CHECK(grey.dataset.image(0)[0] == (0 * 77 + 10 * 150 + 20 * 29) >> 8);
}

TEST_CASE("image folder: automatic channels load grey folders as one channel and colour folders as three") {
  test::TempDir dir;
  png(dir / "a" / "grey.png", solid(12, 9, 90, 90, 90));
  png(dir / "b" / "grey.png", solid(20, 20, 7, 7, 7));
  data::ImageFolderOptions options;
  options.channels = 0;
  const auto grey = data::load_image_folder(dir.path(), options);
  CHECK(grey.dataset.images.shape() == Shape{2, 32, 32, 1});
  CHECK(grey.dataset.image(0)[0] == 90);
  CHECK(grey.dataset.image(1)[1023] == 7);
  png(dir / "b" / "red.png", solid(8, 8, 200, 0, 0));
  const auto colour = data::load_image_folder(dir.path(), options);
  CHECK(colour.dataset.images.shape() == Shape{3, 32, 32, 3});
  CHECK(colour.dataset.image(2)[0] == 200);
  options.channels = 2;
  CHECK_THROWS_WITH_AS(data::load_image_folder(dir.path(), options),
                       doctest::Contains("1 or 3 channels (or 0, automatic)"), Error);
}

TEST_CASE("image folder: unreadable files are errors naming them, or skipped and listed") {
  test::TempDir dir;
  png(dir / "a" / "1.png", solid(8, 8, 1, 2, 3));
  png(dir / "b" / "2.png", solid(8, 8, 1, 2, 3));
  test::write_bytes(dir / "b" / "notes.txt", "not an image");
  test::write_bytes(dir / "a" / "broken.png", test::read_bytes(dir / "a" / "1.png").substr(0, 40));
  CHECK_THROWS_WITH_AS(data::load_image_folder(dir.path()),
                       doctest::Contains((dir / "a" / "broken.png").string().c_str()), Error);
  CHECK_THROWS_WITH_AS(data::load_image_folder(dir.path()), doctest::Contains("(and 1 more unreadable files in"),
                       Error);
  data::ImageFolderOptions skip;
  skip.skip_unreadable = true;
  const auto f = data::load_image_folder(dir.path(), skip);
  CHECK(f.dataset.size() == 2);
  REQUIRE(f.skipped.size() == 2);
  CHECK(f.skipped[0].path == dir / "a" / "broken.png");
  CHECK(f.skipped[1].path == dir / "b" / "notes.txt");
  CHECK(f.skipped[1].reason.find("not a PNG or JPEG file") != std::string::npos);

  test::write_bytes(dir / "stray.png", test::read_bytes(dir / "a" / "1.png"));
  CHECK_THROWS_WITH_AS(data::load_image_folder(dir.path()), doctest::Contains("stray.png: not inside a class folder"),
                       Error);
  CHECK(data::load_image_folder(dir.path(), skip).skipped.size() == 3);

  // A class folder whose files are all unreadable disappears from the classes.
  std::filesystem::remove(dir / "b" / "2.png");
  const auto g = data::load_image_folder(dir.path(), skip);
  CHECK(g.dataset.class_names == std::vector<std::string>{"a"});
}

TEST_CASE("image folder: empty, missing or all-unreadable folders are errors") {
  test::TempDir dir;
  CHECK_THROWS_WITH_AS(data::load_image_folder(dir / "absent"), doctest::Contains("absent: not a folder"), Error);
  CHECK_THROWS_WITH_AS(data::load_image_folder(dir.path()), doctest::Contains("no image files found"), Error);
  std::filesystem::create_directories(dir / "empty-class");
  test::write_bytes(dir / ".hidden.png", "x");
  CHECK_THROWS_WITH_AS(data::load_image_folder(dir.path()), doctest::Contains("no image files found"), Error);
  test::write_bytes(dir / "readme.md", "hello");
  data::ImageFolderOptions skip;
  skip.skip_unreadable = true;
  CHECK_THROWS_WITH_AS(data::load_image_folder(dir.path(), skip),
                       doctest::Contains("none of the 1 files could be read"), Error);
  CHECK_THROWS_WITH_AS(data::load_image_folder(dir.path()), doctest::Contains("readme.md: not a PNG or JPEG file"),
                       Error);
}
