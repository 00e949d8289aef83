#include "sim/plot/gnuplot_renderer.h"

#include <fmt/format.h>
#include <gnuplot-iostream.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sim/io/input_error.h"

namespace rsim {

namespace {

namespace fs = std::filesystem;

// gnuplot reads file names in single quotes; a quote inside cannot be escaped there.
std::string quoted(const fs::path& p) {
  const std::string s = p.string();
  if (s.find('\'') != std::string::npos)
    throw InputError(fmt::format("{}: a plot path cannot contain a single quote", s));
  return "'" + s + "'";
}

std::string escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

void write_data(const Plot& p, const fs::path& file) {
  std::ofstream out(file);
  out.precision(10);
  for (std::size_t s = 0; s < p.series.size(); ++s) {
    if (s > 0) out << "\n\n";  // gnuplot's index separator
    out << "# " << p.series[s].title << "\n";
    for (std::size_t i = 0; i < p.series[s].x.size(); ++i)
      out << p.series[s].x[i] << '\t' << p.series[s].y[i] << '\n';
  }
  if (!out) throw InputError(fmt::format("{}: cannot write the plot's data", file.string()));
}

// The gnuplot commands drawing `p` from its data file into the current output.
std::string commands(const Plot& p, const fs::path& data) {
  std::string c;
  c += fmt::format("set title \"{}\" noenhanced\n", escaped(p.title));
  c += fmt::format("set xlabel \"{}\" noenhanced\nset ylabel \"{}\" noenhanced\n", escaped(p.x_label),
                   escaped(p.y_label));
  c += "set grid\nset key outside below center noenhanced\n";
  c += p.log_x ? "set logscale x\n" : "unset logscale x\n";
  c += p.log_y ? "set logscale y\n" : "unset logscale y\n";
  c += "unset arrow\nunset label\n";
  int tag = 1;
  for (const PlotMark& m : p.marks) {
    c += fmt::format(
        "set arrow {} from {:.10g}, graph 0 to {:.10g}, graph 1 nohead dashtype 2 lc rgb '#cc3333'\n", tag,
        m.x, m.x);
    c += fmt::format(
        "set label {} \"{}\" at {:.10g}, graph 0.98 rotate by 90 right font ',8' tc rgb '#cc3333' "
        "noenhanced\n",
        tag, escaped(m.label), m.x);
    ++tag;
  }
  std::string plot = "plot ";
  for (std::size_t s = 0; s < p.series.size(); ++s) {
    if (s > 0) plot += ", ";
    plot += fmt::format("{} index {} using 1:2 with {} lw 2 title \"{}\"", quoted(data), s, p.series[s].style,
                        escaped(p.series[s].title));
  }
  if (p.diagonal) plot += ", x with lines dashtype 3 lc rgb '#888888' title \"predicted = observed\"";
  c += plot + "\n";
  return c;
}

}  // namespace

bool gnuplot_available() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && ::access((fs::path(dir) / "gnuplot").c_str(), X_OK) == 0) return true;
  }
  return false;
}

void render_plots(const std::vector<Plot>& plots, const fs::path& dir) {
  if (!gnuplot_available())
    throw InputError("plots need gnuplot, which is not on the PATH (Debian: apt-get install gnuplot-nox)");
  fs::create_directories(dir);
  const fs::path errors = dir / ".gnuplot-errors";
  {
    // One gnuplot process draws everything; its messages go to a file, read once it has exited.
    Gnuplot gp("gnuplot 2>" + quoted(errors));
    for (const Plot& p : plots) {
      for (const PlotSeries& s : p.series) {
        if (s.x.size() != s.y.size())
          throw InputError(fmt::format("plot {}: series \"{}\" has {} x and {} y values", p.name, s.title,
                                       s.x.size(), s.y.size()));
      }
      const fs::path data = dir / (p.name + ".dat");
      write_data(p, data);
      gp << "set terminal pngcairo size 1000,600 noenhanced font 'sans,10'\n";
      gp << "set output " << quoted(dir / (p.name + ".png")) << "\n" << commands(p, data);
      gp << "set terminal svg size 1000,600 dynamic noenhanced font 'sans,10'\n";
      gp << "set output " << quoted(dir / (p.name + ".svg")) << "\n" << commands(p, data);
    }
    gp << "set output\nexit\n";
  }  // waits for gnuplot to exit
  // gnuplot writes warnings there too (an all-zero series: "empty y range"), which do not stop a plot.
  std::ifstream in(errors);
  std::string line, failure;
  while (std::getline(in, line)) {
    if (!line.empty() && line.rfind("Warning:", 0) != 0) failure += line + "\n";
  }
  in.close();
  fs::remove(errors);
  if (!failure.empty()) throw InputError("gnuplot: " + failure);
  for (const Plot& p : plots) {
    for (const char* ext : {".png", ".svg"}) {
      const fs::path f = dir / (p.name + ext);
      if (!fs::exists(f) || fs::file_size(f) == 0)
        throw InputError(fmt::format("plot {}: gnuplot left {} empty", p.name, f.string()));
    }
  }
}

std::vector<std::string> render_svgs(const std::vector<Plot>& plots) {
  char pattern[] = "/tmp/rsim-svg-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) throw InputError("cannot create a temporary directory for the plots");
  const fs::path dir = pattern;
  std::vector<std::string> out;
  try {
    render_plots(plots, dir);
    for (const Plot& p : plots) {
      std::ifstream in(dir / (p.name + ".svg"));
      std::stringstream text;
      text << in.rdbuf();
      out.push_back(text.str());
    }
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    throw;
  }
  fs::remove_all(dir);
  return out;
}

void write_plots(const std::vector<Plot>& plots, const fs::path& dir, const std::string& subdir) {
  const fs::path target = dir / subdir;
  const fs::path staging = dir / fmt::format(".{}-{}", subdir, ::getpid());
  fs::remove_all(staging);
  try {
    render_plots(plots, staging);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    throw;
  }
  fs::remove_all(target);
  fs::rename(staging, target);
}

}  // namespace rsim
