#pragma once
// Which support organisations may see a care provider's private records (its toolkit answers,
// notes, evidence and downloads), and how that changes. A provider's records open to a support
// organisation only with the provider's say:
//   - the support organisation's lead asks (ask_to_support), which shows nothing yet;
//   - the provider's lead accepts or declines (answer_request);
//   - or the national team assigns directly, one provider or a whole list at once
//     (assign_providers), for example from the support programme's lists.
// Either side can end it: the support organisation takes a provider out of its portfolio, or the
// provider stops a support organisation seeing its work. Every step is audited in the trails of
// both organisations, and the provider's leads are emailed when someone asks.
#include <cstdint>
#include <string>
#include <vector>

#include "identity/policy.h"
#include "store/database.h"

namespace cg::identity {

using cg::store::Database;

struct AskResult {
  bool added = false;  // true when the asker could assign directly (the national team)
  std::string provider_name;
};
// The support organisation's lead asks to add the provider with this ODS code. The national
// team's ask adds it at once.
AskResult ask_to_support(Database& db, const Actor& actor, int64_t support_org_id,
                         const std::string& provider_code, const std::string& base_url,
                         int64_t now);

// The provider's lead answers a request made to the provider.
void answer_request(Database& db, const Actor& actor, int64_t provider_id, int64_t request_id,
                    bool accept, int64_t now);

// The support organisation's lead takes back a request not answered yet.
void withdraw_request(Database& db, const Actor& actor, int64_t support_org_id, int64_t request_id,
                      int64_t now);

// The provider's lead stops a support organisation seeing the provider's work.
void stop_support(Database& db, const Actor& actor, int64_t provider_id, int64_t support_org_id,
                  int64_t now);

// The support organisation's lead (or the national team) takes a provider out of its portfolio.
void remove_from_portfolio(Database& db, const Actor& actor, int64_t support_org_id,
                           int64_t provider_id, int64_t now);

struct AssignResult {
  int added = 0;
  int already = 0;  // codes of providers already in the portfolio
};
// The national team puts every provider listed (ODS codes, one a line, or separated by commas
// or spaces) in the portfolio, all or nothing: any unknown code, or one that is not a care
// provider, refuses the whole list with the line it is on.
AssignResult assign_providers(Database& db, const Actor& actor, int64_t support_org_id,
                              const std::string& codes, int64_t now);

// Splits a pasted list of ODS codes into (line number, normalised code), skipping blanks.
std::vector<std::pair<int, std::string>> split_code_list(const std::string& text);

}  // namespace cg::identity
