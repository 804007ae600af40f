#pragma once
// Filling in a whole toolkit assessment over the JSON API, so a test can reach the point where
// the organisation may publish "Standards Met" without caring how each question is answered.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "harness.h"
#include "toolkit/content/loader.h"

namespace cg::test {

// An API answer body that meets the item's rule (from the rule's first alternative). Sets
// *needs_evidence when the rule also asks for evidence; evidence items give an empty object,
// because linking evidence is their answer.
nlohmann::json meeting_answer(const toolkit::Item& item, const std::string& today,
                              bool* needs_evidence);

// Starts the organisation's current toolkit assessment with the bearer `token` and answers
// every item that applies to a care home of `staff` people so that it is met, linking evidence
// where the rule asks for it. Returns the assessment's API path
// (/api/v1/orgs/ORG/assessments/ID), or "" with a test failure when a step was refused.
std::string fill_assessment_to_met(Client& api, const toolkit::Library& library,
                                   const std::string& token, int64_t org_id, int64_t staff);

}  // namespace cg::test
