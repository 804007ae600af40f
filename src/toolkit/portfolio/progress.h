#pragma once
// How far a provider has got with its assessment, as plain functions over a loaded
// assessment, for a support adviser's portfolio view.
#include "toolkit/service.h"

namespace cg::toolkit::portfolio {

struct Share {
  int met = 0;    // applicable mandatory items met
  int total = 0;  // applicable mandatory items
  // Whole per cent, rounded down so that 100% means every one is met; 100 when none apply.
  int percent() const;
};

struct ProviderProgress {
  Share approaching;   // items mandatory for Approaching Standards
  Share met;           // items mandatory for Standards Met (including the above)
  int answered = 0;    // applicable items answered (a carried-over answer once confirmed)
  int applicable = 0;  // items that apply to the organisation
};

int percent_of(int part, int whole);
ProviderProgress progress_of(const AssessmentView& view);

}  // namespace cg::toolkit::portfolio
