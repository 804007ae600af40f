#include "cli/national_demo.h"

#include <cstdio>

#include "core/error.h"
#include "demo/national.h"
#include "demo/population.h"
#include "demo/statuses.h"
#include "toolkit/content/loader.h"
#include "toolkit/scoring/london_time.h"

namespace cg::cli {

namespace {

std::string percent(int64_t part, int64_t whole) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%5.1f%%", whole > 0 ? 100.0 * part / whole : 0.0);
  return buf;
}

}  // namespace

int run_national_demo(store::Database& db, const std::string& content_dir, int64_t orgs,
                      uint64_t seed, int64_t now, std::ostream& out) {
  if (orgs < demo::kMinOrgs || orgs > demo::kMaxOrgs)
    throw Error(ErrorCode::bad_request, "--orgs must be from " + std::to_string(demo::kMinOrgs) +
                                            " to " + std::to_string(demo::kMaxOrgs));
  const auto library = toolkit::Library::load(content_dir);
  demo::NationalOptions o;
  o.orgs = orgs;
  o.seed = seed;
  o.now = now;
  o.today = toolkit::london_date(now);
  const demo::NationalReport r = demo::load_national(db, library, o);

  int64_t providers = 0;
  out << "National dataset (seed " << seed << ", " << orgs << " organisations)\n\n";
  out << "Organisations by type\n";
  for (const auto& [type, count] : r.organisations_by_type) {
    out << "  " << type << ": " << count << "\n";
    if (type != "national" && type != "region" && type != "ics" && type != "support_org")
      providers += count;
  }
  out << "\nStatus by toolkit edition (share of " << providers << " organisations)\n";
  for (const auto& [edition, by_status] : r.statuses_by_edition) {
    int64_t published = 0;
    for (const auto& [status, count] : by_status) published += count;
    const auto at = [&](const char* s) {
      auto it = by_status.find(s);
      return it == by_status.end() ? int64_t{0} : it->second;
    };
    out << "  " << edition << ": compliant " << percent(at("met") + at("exceeded"), providers)
        << "  exceeded " << percent(at("exceeded"), providers) << "  met "
        << percent(at("met"), providers) << "  approaching "
        << percent(at("approaching"), providers) << "  not met "
        << percent(at("not_met"), providers) << "  not published "
        << percent(providers - published, providers) << "\n";
  }
  out << "\nRows written\n";
  for (const auto& [table, count] : r.table_rows) out << "  " << table << ": " << count << "\n";
  char timing[128];
  std::snprintf(timing, sizeof timing, "\nGenerated in %.1f s; database size %.1f MB\n", r.seconds,
                static_cast<double>(r.database_bytes) / (1024.0 * 1024.0));
  out << timing;
  out << "\nSign-ins (password for all: " << demo::kDemoPassword << "), for example:\n";
  for (const auto& s : r.sign_ins) out << "  " << s.email << "  " << s.role << "\n";
  out << "Every region and ICS has an analyst (analyst.<ods code>@" << demo::kEmailDomain
      << "), every support organisation a lead and an adviser (lead.dsp01@..., "
         "adviser.dsp01@...),\n"
         "and some providers a lead (lead.<ods code>@...). Leads, analysts and national admins set "
         "up two-step verification the first time they sign in.\n";
  return 0;
}

}  // namespace cg::cli
