#include "sim/plot/html_report.h"

#include <fmt/format.h>

#include "sim/io/xml_escape.h"

namespace rsim {

namespace {

using nlohmann::json;

std::string escape(const std::string& text) { return xml_escape(text); }

std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number()) return fmt::format("{:.6g}", v.get<double>());
  return v.dump();
}

std::string number(double v, int decimals = 1) { return fmt::format("{:.{}f}", v, decimals); }

struct Table {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
  std::string html() const {
    std::string out = "<table><thead><tr>";
    for (const auto& h : head) out += "<th>" + escape(h) + "</th>";
    out += "</tr></thead><tbody>";
    for (const auto& row : rows) {
      out += "<tr>";
      for (const auto& cell : row) out += "<td>" + escape(cell) + "</td>";
      out += "</tr>";
    }
    return out + "</tbody></table>\n";
  }
};

// Queries, latency percentiles and queue wait of labelled entries (endpoints, domains, groups, users).
Table latency_table(const char* label, const json& entries, const char* key) {
  Table t{{label, "queries", "failure rate", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean queue ms"}, {}};
  for (const json& e : entries) {
    const json& l = e["latency_ms"];
    t.rows.push_back(
        {text_of(e[key]), text_of(e["queries"]), fmt::format("{:.4f}%", 100 * e.value("failure_rate", 0.0)),
         number(l["p50"].get<double>()), number(l["p95"].get<double>()), number(l["p99"].get<double>()),
         number(l["max"].get<double>()), number(e["queue_ms"]["mean"].get<double>())});
  }
  return t;
}

std::string inline_svg(const std::string& svg) {
  const auto start = svg.find("<svg");
  return start == std::string::npos ? std::string() : svg.substr(start);
}

constexpr const char* kStyle = R"(
body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead { background: #f0f0f0; }
figure { margin: 1em 0; } figure svg { width: 100%; height: auto; }
.note { color: #555; font-size: 0.9em; }
.warnings li { color: #7a3e00; margin: 0.3em 0; }
)";

}  // namespace

std::string html_report(const json& report, const std::vector<Figure>& figures) {
  const json& scenario = report["scenario"];
  const json& trace = report["trace"];
  std::string body;
  body += fmt::format("<h1>rsim report: {}</h1>\n", escape(scenario["name"].get<std::string>()));
  body += fmt::format("<p>{}</p>\n", escape(scenario.value("description", std::string())));
  body += fmt::format(
      "<p class=\"note\">{} queries from {} to {}; seed {}, {} replication(s); scenario file {}.</p>\n",
      text_of(trace["queries"]), escape(text_of(trace["first_arrival"])),
      escape(text_of(trace["last_arrival"])), text_of(report["seed"]), text_of(report["replications"]),
      escape(text_of(scenario["file"])));

  if (report.contains("warnings") && !report["warnings"].empty()) {
    // First, before any figure: each may change what the figures mean.
    body += "<h2>Warnings</h2>\n<ul class=\"warnings\">\n";
    for (const json& w : report["warnings"]) {
      std::string affects;
      for (const json& a : w["affects"]) affects += (affects.empty() ? "" : ", ") + text_of(a);
      body += fmt::format("<li><b>{}</b>: {} <span class=\"note\">(affects {})</span></li>\n",
                          escape(text_of(w["code"])), escape(text_of(w["message"])), escape(affects));
    }
    body += "</ul>\n";
  }

  body += "<h2>Summary</h2>\n";
  json rows = report["endpoints"];
  json overall = report["overall"];
  overall["name"] = "overall";
  rows.push_back(overall);
  body += latency_table("endpoint", rows, "name").html();
  if (report.contains("cost")) {
    const json& c = report["cost"];
    body += fmt::format("<p>Cost: <b>${:.2f}</b> over the run, <b>${:.2f}</b> per day (region {}).</p>\n",
                        c["total_usd"].get<double>(), c["per_day_usd"].get<double>(),
                        escape(c["region"].get<std::string>()));
  }

  body += "<h2>Plots</h2>\n";
  for (const Figure& f : figures) {
    body +=
        fmt::format("<figure><figcaption>{}</figcaption>\n{}</figure>\n", escape(f.title), inline_svg(f.svg));
  }

  body += "<h2>Breakdowns</h2>\n<h3>By domain</h3>\n" +
          latency_table("domain", report["domains"], "domain").html();
  body += "<h3>By query group</h3>\n" +
          latency_table("query group", report["query_groups"], "query_group").html();
  body +=
      "<h3>By query type</h3>\n" + latency_table("query type", report["query_types"], "query_type").html();
  json users = json::array();
  for (std::size_t i = 0; i < report["users"]["top"].size() && i < 20; ++i)
    users.push_back(report["users"]["top"][i]);
  users.push_back(report["users"]["rest"]);
  body += fmt::format(
      "<h3>By user: the 20 with the most queries of {} (all 100 in report.json), and the rest</h3>\n",
      text_of(report["users"]["distinct"]));
  body += latency_table("user", users, "user").html();
  Table longest{{"query", "arrival", "user", "endpoint", "latency ms", "queue ms"}, {}};
  for (std::size_t i = 0; i < report["longest_queries"].size() && i < 10; ++i) {
    const json& q = report["longest_queries"][i];
    longest.rows.push_back({text_of(q["query_id"]), text_of(q["arrival"]), text_of(q["user"]),
                            text_of(q["endpoint"]), number(q["latency_ms"].get<double>()),
                            number(q["queue_ms"].get<double>())});
  }
  body += "<h3>The 10 longest queries</h3>\n" + longest.html();

  if (report.contains("cost")) {
    Table items{{"component", "meter", "quantity", "unit", "rate USD", "USD", "source"}, {}};
    for (const json& i : report["cost"]["items"]) {
      items.rows.push_back({text_of(i["component"]), text_of(i["meter"]), text_of(i["quantity"]),
                            text_of(i["unit"]), text_of(i["rate_usd"]), number(i["usd"].get<double>(), 2),
                            text_of(i["source"])});
    }
    body += "<h2>Cost items</h2>\n" + items.html();
    body += fmt::format("<p class=\"note\">Rate card as of {}.</p>\n",
                        escape(text_of(report["cost"]["rate_card"]["as_of"])));
  }

  body +=
      "<h2>Assumptions</h2>\n<p>Model parameters this result rests on that were left at their defaults "
      "(not set in the scenario nor calibrated):</p>\n<ul>\n";
  for (const json& a : report["assumptions"]) body += "<li>" + escape(text_of(a)) + "</li>\n";
  body += "</ul>\n";
  body += fmt::format("<p class=\"note\">rsim {}; {} events in {:.2f} s.</p>\n",
                      escape(text_of(report["run"]["version"])), text_of(report["run"]["events"]),
                      report["run"]["wall_s"].get<double>());

  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rsim: {}</title>\n"
      "<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      escape(scenario["name"].get<std::string>()), kStyle, body);
}

}  // namespace rsim
