#include "workloads/transforms/rescale.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/workloads/transforms/transform_test_support.h"

namespace rsim {
namespace {

using testing::drain;
using testing::ListSource;
using testing::session_trace;

TEST(Rescale, TimeScaleMultipliesEveryGapAboutTheFirstArrival) {
  const auto in = session_trace(20, 10);
  ListSource source(in);
  RescaleConfig c;
  c.time_scale = 0.5;
  Rescale r(source, c);
  const auto out = drain(r);
  ASSERT_EQ(out.size(), in.size());
  EXPECT_EQ(out.front().arrival, in.front().arrival);
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(out[i].arrival - out[0].arrival,
              std::llround(static_cast<double>(in[i].arrival - in[0].arrival) / 2));  // to the nearest µs
    EXPECT_EQ(out[i].exec_ms, in[i].exec_ms);
  }
}

TEST(Rescale, DataScaleChangesOnlyDataScanned) {
  const auto in = session_trace(10, 10);
  ListSource source(in);
  RescaleConfig c;
  c.data_scale = 1000.0;
  c.data_scale_types[static_cast<std::size_t>(QueryType::kSelect)] = true;
  Rescale r(source, c);
  const auto out = drain(r);
  ASSERT_EQ(out.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const double factor = in[i].type == QueryType::kSelect ? 1000.0 : 1.0;
    EXPECT_DOUBLE_EQ(out[i].mbytes_scanned, in[i].mbytes_scanned * factor);
    Query same = out[i];
    same.mbytes_scanned = in[i].mbytes_scanned;
    EXPECT_EQ(same.id, in[i].id);
    EXPECT_EQ(same.arrival, in[i].arrival);
    EXPECT_EQ(same.session, in[i].session);
    EXPECT_EQ(same.exec_ms, in[i].exec_ms);
    EXPECT_EQ(same.type, in[i].type);
  }
}

}  // namespace
}  // namespace rsim
