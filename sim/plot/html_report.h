// One self-contained report.html for a run: the summary table, the breakdowns, the plots as inline SVG, the
// cost items and the assumptions the result rests on (model parameters left at their defaults, not
// calibrated). No script, no style sheet or font from the network: it opens offline, from a CI artefact.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace rsim {

struct Figure {
  std::string title;
  std::string svg;  // an <svg> element (an XML prolog, if any, is dropped)
};

std::string html_report(const nlohmann::json& report, const std::vector<Figure>& figures);

}  // namespace rsim
