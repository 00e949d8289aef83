// One chart, as data and a description, independent of how it is drawn: series of (x, y) points with a
// style, axis labels and scales, and marks (vertical lines with a label, e.g. a health event).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace rsim {

struct PlotSeries {
  PlotSeries(std::string t, std::vector<double> xs, std::vector<double> ys, std::string s = "lines")
      : title(std::move(t)), x(std::move(xs)), y(std::move(ys)), style(std::move(s)) {}
  std::string title;
  std::vector<double> x, y;
  // gnuplot style: "lines", "steps", "points", "linespoints", "impulses".
  std::string style = "lines";
};

struct PlotMark {
  double x = 0;
  std::string label;
};

struct Plot {
  Plot(std::string n, std::string t, std::string x, std::string y)
      : name(std::move(n)), title(std::move(t)), x_label(std::move(x)), y_label(std::move(y)) {}
  std::string name;  // file stem: NAME.png, NAME.svg, NAME.dat
  std::string title;
  std::string x_label, y_label;
  bool log_x = false;
  bool log_y = false;
  bool diagonal = false;  // draws y = x (predicted against observed)
  std::vector<PlotSeries> series;
  std::vector<PlotMark> marks;
};

}  // namespace rsim
