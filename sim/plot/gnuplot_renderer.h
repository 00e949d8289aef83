// Draws plots with gnuplot (Debian's gnuplot-nox, driven through gnuplot-iostream), each as NAME.png
// (pngcairo) and NAME.svg, with the points drawn written beside them as NAME.dat (one block per series that
// has points, tab-separated x and y at full precision: the data the picture shows, for scripts and tests).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sim/plot/plot.h"

namespace rsim {

// Whether a gnuplot executable is on the PATH.
bool gnuplot_available();

// Draws every plot into `dir` (created if missing). Throws InputError naming the plot when gnuplot is
// missing, reports an error, or leaves an image empty. A series without points is left out; a plot without
// any is still drawn (empty axes) so that every expected file exists.
void render_plots(const std::vector<Plot>& plots, const std::filesystem::path& dir);

// Plots drawn into a staging directory beside their destination `dir`/`subdir`, so that a command can make
// everything it writes first and then commit it all: commit() replaces what a previous run left there. Not
// committed (an error elsewhere, or only the SVG texts were wanted), the staging directory is removed.
class StagedPlots {
 public:
  StagedPlots(const std::vector<Plot>& plots, const std::filesystem::path& dir, std::string subdir = "plots");
  ~StagedPlots();
  StagedPlots(const StagedPlots&) = delete;
  StagedPlots& operator=(const StagedPlots&) = delete;

  // Every plot's SVG text, in order (for an HTML report).
  std::vector<std::string> svgs() const;
  // Throws InputError when the files cannot be moved into place.
  void commit();

 private:
  std::vector<std::string> names_;
  std::filesystem::path target_, staging_;
  bool committed_ = false;
};

// Removes what an earlier run wrote to `path` (a plots directory, a report.html) when this run does not
// write it again: it would describe another run. Throws InputError when it cannot.
void remove_stale_output(const std::filesystem::path& path);

}  // namespace rsim
