#include "report/figures.hpp"

#include "report/color.hpp"
#include "report/layout.hpp"
#include "report/legend.hpp"
#include "report/line_chart.hpp"
#include "report/png.hpp"
#include "report/scatter_chart.hpp"

#include <aecluster/error.hpp>

#include <cmath>
#include <exception>

namespace vgg7::report {

namespace {
// Prefixes any error with the figure it happened in.
template <class Fn>
void for_figure(const std::filesystem::path& path, Fn&& fn) {
  try {
    fn();
  } catch (const aecluster::Error& e) {
    const std::string what = e.what();
    if (what.rfind(path.string(), 0) == 0) throw;
    aecluster::fail(path.string(), ": ", what);
  }
}
}  // namespace

void write_embedding_png(const std::filesystem::path& path, const std::vector<EmbeddingPanel>& panels,
                         const std::string& title, const Style& style) {
  for_figure(path, [&] {
    aecluster::require(!panels.empty(), "no embedding to draw");
    auto options = [](const EmbeddingPanel& p) {
      ScatterOptions opt;
      opt.title = p.title;
      opt.xlabel = "dimension 1";
      opt.ylabel = "dimension 2";
      return opt;
    };
    // Panels of the same classes share one legend at the right instead of repeating it.
    Legend shared;
    bool share = panels.size() > 1;
    for (const EmbeddingPanel& p : panels) share = share && !p.labels.empty() && p.class_names == panels[0].class_names;
    if (share) {
      for (const EmbeddingPanel& p : panels) {
        Legend l = scatter_legend({p.points, p.labels, p.class_names}, options(p));
        if (l.entries.size() > shared.entries.size()) shared = std::move(l);
      }
    }
    const double panel_w = share ? 6.0 : 7.0, panel_h = 6.0;
    const double legend_w = share ? legend_size(shared, style).w / style.dpi + 0.25 : 0;
    const double title_h = title.empty() ? 0 : 0.45;
    Figure fig(panel_w * static_cast<double>(panels.size()) + legend_w, panel_h + title_h, style);
    fig.set_title(title);
    Rect area = fig.content();
    area.w -= legend_w * style.dpi;
    const std::vector<Rect> cells = grid_cells(area, 1, static_cast<int>(panels.size()), style.px(10));
    Rect plot;
    for (std::size_t i = 0; i < panels.size(); ++i) {
      const EmbeddingPanel& p = panels[i];
      ScatterOptions opt = options(p);
      opt.legend = !share;
      plot = draw_scatter(fig.canvas(), cells[i], {p.points, p.labels, p.class_names}, opt, style).plot();
    }
    if (share) {
      const Rect size = legend_size(shared, style);
      draw_legend(fig.canvas(), shared, {area.right() + style.px(8), plot.y + (plot.h - size.h) / 2}, style);
    }
    fig.write_png(path);
  });
}

void write_checkpoints_png(const std::filesystem::path& path, const std::vector<CurveSeries>& series,
                           const std::string& title, const Style& style) {
  for_figure(path, [&] {
    aecluster::require(!series.empty(), "no model to draw");
    LineChart mse, acc;
    mse.axes.title = "Reconstruction error on the training set";
    mse.axes.y.label = "MSE";
    mse.axes.x.tick_labels = true;
    acc.axes.title = "Clustering accuracy on the validation set";
    acc.axes.y.label = "accuracy";
    acc.axes.x.label = "epoch";
    acc.legend = false;
    bool whole = true;
    for (std::size_t i = 0; i < series.size(); ++i) {
      const CurveSeries& s = series[i];
      aecluster::require(s.mse.size() == s.epoch.size() && s.accuracy.size() == s.epoch.size(), "model \"", s.model,
                         "\": ", s.epoch.size(), " epochs, ", s.mse.size(), " MSE values and ", s.accuracy.size(),
                         " accuracies (one each per checkpoint)");
      for (double e : s.epoch) whole = whole && std::isfinite(e) && e == std::round(e);
      const Color c = category_color(static_cast<long long>(i));
      mse.series.push_back({s.model, s.epoch, s.mse, c, marker_cycle(i)});
      acc.series.push_back({s.model, s.epoch, s.accuracy, c, marker_cycle(i)});
    }
    mse.axes.x.integer = acc.axes.x.integer = whole;
    // Both panels show the same epochs, so one x range and aligned plot areas.
    Range xr = line_chart_x_range(mse);
    mse.x_range = acc.x_range = xr;
    const double title_h = title.empty() ? 0 : 0.45;
    Figure fig(7.0, 7.6 + title_h, style);
    fig.set_title(title);
    const std::vector<Rect> cells = fig.grid(2, 1, 8);
    const Margins m =
        max(Axes::margins(cells[0], line_chart_spec(mse), style), Axes::margins(cells[1], line_chart_spec(acc), style));
    draw_line_chart(fig.canvas(), cells[0], mse, style, m);
    draw_line_chart(fig.canvas(), cells[1], acc, style, m);
    fig.write_png(path);
  });
}

void write_reconstructions_png(const std::filesystem::path& path, const std::vector<ImageRow>& rows,
                               const std::vector<std::string>& column_labels, const std::string& title,
                               const Style& style) {
  for_figure(path, [&] {
    const Canvas canvas = render_image_grid(rows, {title, column_labels, 0}, style);
    write_png(path, canvas);
  });
}

}  // namespace vgg7::report
