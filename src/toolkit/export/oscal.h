#pragma once
// OSCAL 1.1.3 (NIST's Open Security Controls Assessment Language) JSON for frameworks and
// published assessments, so other tools can read what Careguard holds:
//
//   catalog             a toolkit, checklist or the CAF as a catalog of controls
//   assessment_plan     a minimal plan for one publication, pointing at the toolkit's catalog
//   assessment_results  one result per publication: a finding for every toolkit item, and one
//                       for every CAF outcome as the crosswalk projects the met items
//
// Everything here is a pure function of its arguments: the same publication always gives the
// same document, down to its UUIDs (name-based, see uuid_for).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "toolkit/model/framework.h"
#include "toolkit/scoring/caf.h"
#include "toolkit/store/assessment_store.h"

namespace cg::toolkit::oscal {

inline constexpr const char* kOscalVersion = "1.1.3";
// Namespace of Careguard's own props and parts (mandatory level, CAF level and so on).
inline constexpr const char* kNamespace = "https://careguard.example/ns/oscal";

// A name-based UUID in RFC 4122 version 5 layout: SHA-256 of a fixed Careguard namespace and
// the name, cut to 128 bits with the version and variant bits set. The same name always gives
// the same UUID; it matches OSCAL's UUID pattern.
std::string uuid_for(std::string_view name);

// OSCAL ids (tokens) for a framework's parts. Toolkit and checklist items become controls
// "item-<id>" (OSCAL ids may not start with a digit) in groups "standard-<id>" (toolkits) or
// "group-<id>" (checklists); CAF objectives, principles and outcomes keep their own ids.
std::string control_id(const Framework& framework, const std::string& id);
// The assessment objective of an item or outcome that findings point at: "<control>_obj".
std::string objective_id(const Framework& framework, const std::string& id);
// "not-achieved", "partially-achieved", "achieved".
std::string level_value(CafLevel level);

// The framework as an OSCAL catalog. Throws cg::Error(not_found) for a crosswalk, which has
// no controls of its own.
nlohmann::json catalog(const Framework& framework, int64_t last_modified);

struct Organisation {
  int64_t id = 0;
  std::string name;
  std::string ods_code;  // may be empty
};

// Where the documents an export refers to can be fetched (absolute or relative URLs).
struct Links {
  std::string toolkit_catalog;  // the catalog of the publication's toolkit edition
  std::string caf_catalog;      // the CAF's catalog, when CAF findings are included
  std::string assessment_plan;  // the plan the results import
};

// A minimal assessment plan for one publication: the organisation is the subject, every
// control of the toolkit's catalog is reviewed. OSCAL plans import a system security plan;
// a care provider's self-assessment has none, so import-ssp points at a back-matter resource
// saying so, and another back-matter resource links the catalog.
nlohmann::json assessment_plan(const store::PublicationRecord& publication,
                               const Framework& toolkit, const Organisation& org,
                               const Links& links);

// The CAF in the terms of a publication: the level each outcome reaches through the crosswalk
// and, with a profile, the level expected of the organisation.
struct CafProjection {
  const Framework* caf = nullptr;  // null: no CAF findings
  const Profile* profile = nullptr;
  std::vector<ProjectedOutcome> outcomes;
};
// Projects the items a publication's snapshot records as met through the crosswalk.
CafProjection project_snapshot(const nlohmann::json& snapshot, const Framework& caf,
                               const Framework& crosswalk, const Profile* profile);

// The assessment results of one publication. snapshot is the publication's stored snapshot
// ({items: [{id, applies, answer, note, met, mandatory}], plan: [...], status, ...}). Each
// toolkit item gets a finding targeting its objective, satisfied when the snapshot says it is
// met; each CAF outcome gets a finding with its level as the "caf-level" prop, satisfied when
// it reaches the profile's expected level (or Achieved without a profile). The publication's
// computed toolkit status is the result's "toolkit-status" prop.
nlohmann::json assessment_results(const store::PublicationRecord& publication,
                                  const nlohmann::json& snapshot, const Framework& toolkit,
                                  const Organisation& org, const CafProjection& caf,
                                  const Links& links);

}  // namespace cg::toolkit::oscal
