// The registry of portal families: see portal_family.h.
#include "tests/simulator/portal_family.h"

namespace xxgk::simulator {

const std::vector<PortalFamily>& PortalFamilies() {
  static const std::vector<PortalFamily> families = {
      TrsFamily(), HanwebFamily(), GkmlptFamily(), VsbFamily(), ShaanxiFamily(),
  };
  return families;
}

}  // namespace xxgk::simulator
