// The parameters of a Redshift Serverless workgroup (models/model.md section 5; scenario keys in
// models/scenarios/README.md). Scaling parameters are named and documented there; AWS publishes none of them
// (models/catalog/facts.md 1.2: "adjusts capacity in seconds"), so their defaults are assumptions to
// calibrate from SYS_SERVERLESS_USAGE capacity series.
#pragma once

#include "models/serverless/serverless_billing.h"

namespace rsim {

struct ServerlessScalingConfig {
  // Scale up when queries wait for admission, or when the running work gets less than this fraction of its
  // solo speed (M(n) / n below it: the running work exceeds what the capacity delivers). 0 turns that trigger
  // off.
  double slow_speed_fraction = 0.25;
  double up_delay_s = 10;     // a trigger must hold this long before each step up
  double down_quiet_s = 300;  // no trigger for this long before each step down
  double step_rpu = 0;        // capacity added or removed per step, rounded to the grid; 0: the base
};

struct ServerlessConfig {
  double base_rpu = 128;  // AWS's default base
  double max_rpu = 128;   // the cap; equal to base: no scaling
  ServerlessBillingMode billing = ServerlessBillingMode::kPerSecondMin60;
  ServerlessScalingConfig scaling;
  // The serial fraction with which a running query speeds up when capacity changes (Amdahl; models/model.md
  // 2).
  double serial_fraction = 0.1;
  bool scales() const { return max_rpu > base_rpu; }
};

}  // namespace rsim
