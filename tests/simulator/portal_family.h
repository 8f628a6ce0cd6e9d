// Portal families (tests only): one file per CMS family builds a whole simulated county portal
// — its column tree, list pages, pagination and the hostile cases it hosts — from a county plan,
// with a PortalWriter (portal_site.h) for everything families share. Registered in one place
// (portal_families.cc): a newcomer adds a family by adding its file, one line there and one in
// tests/CMakeLists.txt.
#pragma once

#include <string>
#include <vector>

#include "tests/simulator/county_plan.h"
#include "tests/simulator/ground_truth.h"
#include "tests/simulator/portal_site.h"

namespace xxgk::simulator {

// What a family makes of one county: its hosts (the main host first) and its ground truth.
struct BuiltPortal {
  std::vector<PortalSite> sites;
  PortalTruth truth;
};

struct PortalFamily {
  std::string name;    // "trs"
  CountySpec county;   // the county this family's portal serves
  BuiltPortal (*build)(const CountyPlan& plan);
};

// Every family, in a fixed order.
const std::vector<PortalFamily>& PortalFamilies();

// The families (one file each).
PortalFamily TrsFamily();
PortalFamily HanwebFamily();
PortalFamily GkmlptFamily();
PortalFamily VsbFamily();
PortalFamily ShaanxiFamily();

}  // namespace xxgk::simulator
