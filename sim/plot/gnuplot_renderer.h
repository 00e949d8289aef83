// Draws plots with gnuplot (Debian's gnuplot-nox, driven through gnuplot-iostream), each as NAME.png
// (pngcairo) and NAME.svg, with the points drawn written beside them as NAME.dat (one block per series,
// tab-separated x and y; the data the picture shows, for scripts and tests).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sim/plot/plot.h"

namespace rsim {

// Whether a gnuplot executable is on the PATH.
bool gnuplot_available();

// Draws every plot into `dir` (created if missing). Throws InputError naming the plot when gnuplot is
// missing, reports an error, or leaves an image empty.
void render_plots(const std::vector<Plot>& plots, const std::filesystem::path& dir);

// Draws every plot as SVG only and returns their texts, in order (for an HTML report).
std::vector<std::string> render_svgs(const std::vector<Plot>& plots);

// Draws every plot into `dir`/`subdir`, replacing what a previous run left there only once all are drawn:
// the plots are made in a temporary directory beside it and renamed into place.
void write_plots(const std::vector<Plot>& plots, const std::filesystem::path& dir,
                 const std::string& subdir = "plots");

}  // namespace rsim
