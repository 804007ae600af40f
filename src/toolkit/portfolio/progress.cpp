#include "toolkit/portfolio/progress.h"

namespace cg::toolkit::portfolio {

int percent_of(int part, int whole) {
  if (whole <= 0) return 100;
  if (part <= 0) return 0;
  if (part >= whole) return 100;
  return static_cast<int>((static_cast<int64_t>(part) * 100) / whole);
}

int Share::percent() const { return percent_of(met, total); }

ProviderProgress progress_of(const AssessmentView& view) {
  ProviderProgress p;
  for (const auto& g : view.groups)
    for (const auto& i : g.items) {
      if (!i.applies) continue;
      ++p.applicable;
      if (i.answered && !i.carried_over) ++p.answered;
      const Mandatory m = i.item->mandatory;
      if (m == Mandatory::approaching) {
        ++p.approaching.total;
        if (i.met) ++p.approaching.met;
      }
      if (m != Mandatory::none) {
        ++p.met.total;
        if (i.met) ++p.met.met;
      }
    }
  return p;
}

}  // namespace cg::toolkit::portfolio
