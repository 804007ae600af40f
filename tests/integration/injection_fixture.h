#pragma once
// The world the injection tests work in, and the probes they send. A national > region > ICS
// tree with a support organisation and the provider Alpha Care (and a site of it); a person for
// every kind of route (see Who), each signed in on their own Client; and the records the routes'
// ids point at: last year's and this year's assessment, a publication under review, an invitation,
// a password reset link, a membership, an uploaded evidence file, an API token. The server runs
// with the API rate limit lifted (it is tested elsewhere; here it would turn probes into 429s).
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"
#include "html_forms.h"
#include "injection_payloads.h"
#include "injection_routes.h"

namespace cg::test {

// Helpers shared by the injection fixture and its tests.
std::string date_in_days(int days);  // London date, YYYY-MM-DD, days from now

using Fields = std::vector<std::pair<std::string, std::string>>;

class InjectionTest : public ::testing::Test {
 protected:
  static constexpr const char* kPassword = "kettle orange bicycle";

  void SetUp() override;

  // ---- the world ----
  Client& client(Who who);
  // Authorization (the lead's token unless another is given) and a JSON content type.
  Headers bearer(const std::string& token = "") const;
  // `pattern` with each {param} replaced by its record's id for `route` (see record_for), or,
  // for `param`, by `payload` percent-encoded.
  std::string concrete(const std::string& pattern, const std::string& route,
                       const std::string& param = "", const std::string& payload = "");
  // The auditor judges every item (the first as a disagreement, with `text` as its note and as
  // the good practice seen) and finalises: a review's plan and report need a finalised review.
  void finalise_review(const std::string& text = "No tested backup restore");

  // ---- the probes; each answer is judged by response_problems and counted ----
  // GET: each path id, each query parameter (from the page's own GET forms and links, the
  // OpenAPI document and unlisted_query_params; one it does not expect when it reads none).
  void probe_get(const std::string& pattern, const std::string& route);
  // A form route: each path id, the CSRF token, and each field of each form on its page that
  // posts to it (one at a time, or in kMaxFieldGroups groups for long forms); files by content
  // and by name.
  void probe_form(const std::string& pattern, const std::string& route);
  // An API write: each path id, the bearer token, each value of a valid body and each field the
  // OpenAPI document names that the valid body leaves out.
  void probe_api_write(const std::string& method, const std::string& pattern,
                       const std::string& route);

  // ---- checks of the whole ----
  struct Counts {
    int64_t organisations = 0, people = 0;
    std::set<int64_t> org_ids;
  };
  Counts counts();
  // The audit chain verifies and, on SQLite, the file passes its integrity check.
  void expect_database_whole();
  // GETs every page and download as the person who uses it and fails on any problem; returns
  // the patterns of the HTML pages that show the stored script escaped.
  std::set<std::string> read_every_page();

  TestServer server;
  std::map<Who, std::string> emails;
  std::map<std::string, std::string> ids;  // the id of each record, by name ("id", "ics", ...)
  std::string staff_email, lead_token;
  std::string gap;  // an item this year's assessment does not meet
  int requests = 0;
  size_t fields_probed = 0, query_params_probed = 0;
  int64_t orgs_added = 0, people_added = 0;  // by writes the server acknowledged
  std::map<std::string, int> probes_per_route;

 private:
  static constexpr size_t kMaxFieldGroups = 12;

  void add_last_years_assessment();
  void sign_everyone_in();
  void make_records();
  // Judges one answer; a route's problems are reported five at a time so that one systematic
  // fault does not bury the others.
  void judge(const std::string& route, const std::string& where, const Payload& p,
             const HttpResponse& r, bool api);
  void probe_path(const std::string& method, const std::string& pattern, const std::string& route,
                  const std::function<HttpResponse(const std::string& path)>& send, bool api);
  // Sends as `who`; over a raw socket (with the Client's cookies) when `raw` or when the target
  // is too long for libcurl (see raw_http.h).
  HttpResponse send_request(Who who, const std::string& method, const std::string& target,
                            const std::string& body, const Headers& headers, bool raw = false);
  // Posts `fields` (and the CSRF token unless they hold one) as the form does: URL-encoded, or
  // multipart with a file part (`file_name` and `file_bytes`, or a valid file when empty).
  HttpResponse post(Who who, const std::string& path, const HtmlForm& form, Fields fields,
                    const std::string& file_name = "", const std::string& file_bytes = "");
  std::vector<HtmlForm> forms_for(const std::string& pattern, const std::string& route,
                                  const std::string& path);
  void count_writes(const std::string& route, const HttpResponse& r);
  const nlohmann::json& openapi();

  std::map<Who, std::unique_ptr<Client>> clients_;
  nlohmann::json openapi_;
  std::map<std::string, int> failures_per_route_;
};

// A status list with a header and one row per column, each row carrying `payload` in that column
// (with no payload, one valid row). Codes are fresh on every call, so valid rows add
// organisations.
std::string status_list(const std::optional<std::string>& payload);

}  // namespace cg::test
